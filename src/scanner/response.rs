//! Responses read from tokens (attribution.md convention 7): a denial is a denial verb ("denied"), a rejecting
//! verb with an allegation for object ("rejected the claims", "dismissed the letter as …"), or a word calling
//! a claim false after a be-verb or a describing verb ("were false", "called the report baseless"); a
//! non-response is a refusal or a negated response verb ("declined to comment", "did not respond", "has not
//! officially commented", "has yet to release"). Negation reverses a denial ("did not deny", "refused to
//! deny", "never denied" are no denial), adverbs inside the construction are read through, and a reaction
//! inside a concessive clause ("despite denials") does not count. Fixed phrases ("could not be reached",
//! "no comment") stay in the lexicon's response groups.

use std::ops::Range;

use crate::model::Response;

use super::lexicon::{class, LEXICON};
use super::source::Tok;

/// A reaction found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reaction {
    /// The cue's byte span in the sentence.
    pub span: Range<usize>,
    pub response: Response,
    /// The token that opens the construction ("did" of "did not respond"); the reacting party is its subject.
    pub head: usize,
}

/// Word classes of each token (0 for punctuation), looked up once.
pub(crate) fn classes_into(sentence: &str, toks: &[Tok], out: &mut Vec<u64>) {
    out.clear();
    out.extend(toks.iter().map(|t| {
        if t.word {
            LEXICON.words.get(&sentence[t.start..t.end])
        } else {
            0
        }
    }));
}

fn is_adverb(sentence: &str, t: &Tok, classes: u64) -> bool {
    if classes & class::ADVERB != 0 {
        return true;
    }
    let w = &sentence.as_bytes()[t.start..t.end];
    t.word
        && classes & class::NOT_ADVERB == 0
        && w.len() > 4
        && w[w.len() - 2..].eq_ignore_ascii_case(b"ly")
}

/// Skips adverbs forwards from token `k`.
fn skip_adverbs(sentence: &str, toks: &[Tok], cls: &[u64], mut k: usize) -> usize {
    while k < toks.len() && is_adverb(sentence, &toks[k], cls[k]) {
        k += 1;
    }
    k
}

fn word_is(sentence: &str, t: Option<&Tok>, word: &str) -> bool {
    t.is_some_and(|t| sentence[t.start..t.end].eq_ignore_ascii_case(word))
}

/// The negation or refusal governing token `k`, looking back over adverbs, "to" and auxiliaries: the token
/// index where the negated construction starts.
fn negated_from(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Option<usize> {
    let mut j = k;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        let t = &toks[j];
        if !t.word {
            return None;
        }
        let c = cls[j];
        if c & (class::NEGATION | class::REFUSE) != 0 {
            // Take the auxiliary in front of the negation too ("did not"), for the subject.
            let mut head = j;
            while head > 0 && cls[head - 1] & (class::AUXILIARY | class::BE) != 0 {
                head -= 1;
            }
            return Some(head);
        }
        let to = word_is(sentence, Some(t), "to");
        if !(to || is_adverb(sentence, t, c) || c & (class::AUXILIARY | class::BE) != 0) {
            return None;
        }
    }
    None
}

/// Where the construction starting at `head` begins, taking the auxiliaries before it ("has been denying").
fn with_auxiliaries(cls: &[u64], mut head: usize) -> usize {
    while head > 0 && cls[head - 1] & (class::AUXILIARY | class::BE) != 0 {
        head -= 1;
    }
    head
}

/// The reactions in `sentence`, in order.
pub(crate) fn find(sentence: &str, toks: &[Tok], cls: &[u64], out: &mut Vec<Reaction>) {
    out.clear();
    let span = |a: usize, b: usize| toks[a].start..toks[b].end;
    // Whether a concessive subordinator opens the clause of the token last looked at (up to a comma or
    // semicolon), kept in one forward pass.
    let mut concessive = false;
    let mut seen = 0;
    let mut k = 0;
    while k < toks.len() {
        while seen <= k {
            let t = &toks[seen];
            if !t.word && matches!(&sentence[t.start..t.end], "," | ";") {
                concessive = false;
            }
            concessive |= cls[seen] & class::CONCESSIVE != 0;
            seen += 1;
        }
        let c = cls[k];
        if c == 0 {
            k += 1;
            continue;
        }
        let found = if c & class::DENY != 0 {
            deny_at(sentence, toks, cls, k)
        } else if c & class::REJECT != 0 {
            reject_at(sentence, toks, cls, k)
        } else if c & class::REFUSE != 0 {
            refuse_at(sentence, toks, cls, k)
        } else if c & class::NEGATION != 0 {
            negated_comment_at(sentence, toks, cls, k)
        } else if c & class::DENIAL_PREDICATE != 0 {
            predicate_at(sentence, toks, cls, k)
        } else if word_is(sentence, toks.get(k), "yet") {
            yet_at(sentence, toks, cls, k)
        } else {
            None
        };
        match found {
            Some((head, end, response)) if !concessive => {
                out.push(Reaction {
                    span: span(head.min(k), end),
                    response,
                    head,
                });
                k = end + 1;
            }
            _ => k += 1,
        }
    }
}

/// (head token, last token, response) of a construction.
type Construction = Option<(usize, usize, Response)>;

/// "denied", "denial": a denial unless negated, passive ("was denied bail"), or withholding something
/// ("denied access", "denying citizens their rights").
fn deny_at(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Construction {
    if negated_from(sentence, toks, cls, k).is_some() {
        return None;
    }
    let passive = k > 0 && cls[k - 1] & class::BE != 0 && {
        let w = &sentence[toks[k].start..toks[k].end];
        w.eq_ignore_ascii_case("denied")
    };
    if passive {
        return None;
    }
    let next = skip_determiners(sentence, toks, k + 1);
    if next < toks.len() && cls[next] & class::NOT_A_DENIAL_OBJECT != 0 {
        return None;
    }
    // "denial of service".
    if word_is(sentence, toks.get(k + 1), "of") && word_is(sentence, toks.get(k + 2), "service") {
        return None;
    }
    Some((with_auxiliaries(cls, k), k, Response::Denial))
}

fn skip_determiners(sentence: &str, toks: &[Tok], mut k: usize) -> usize {
    while k < toks.len()
        && ["the", "a", "an", "its", "their", "his", "her", "any"]
            .iter()
            .any(|d| word_is(sentence, toks.get(k), d))
    {
        k += 1;
    }
    k
}

/// "rejected the claims", "dismissed the letter as …": a rejecting verb with an allegation for object within
/// a short noun phrase, or followed by "as".
fn reject_at(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Construction {
    if negated_from(sentence, toks, cls, k).is_some() {
        return None;
    }
    let w = &sentence[toks[k].start..toks[k].end];
    let always = ["refute", "rebut", "repudiate", "disavow"]
        .iter()
        .any(|r| w.len() >= r.len() && w[..r.len()].eq_ignore_ascii_case(r));
    if always {
        return Some((with_auxiliaries(cls, k), k, Response::Denial));
    }
    for j in k + 1..toks.len().min(k + 8) {
        let t = &toks[j];
        if !t.word {
            let p = &sentence[t.start..t.end];
            if p != "'" && p != "\u{2019}" && p != "-" {
                return None;
            }
            continue;
        }
        if cls[j] & class::ALLEGATION != 0 {
            return Some((with_auxiliaries(cls, k), j, Response::Denial));
        }
        if j > k + 1 && word_is(sentence, Some(t), "as") {
            return Some((with_auxiliaries(cls, k), j, Response::Denial));
        }
        let stop = [
            "that", "to", "and", "which", "who", "for", "in", "on", "after", "because",
        ];
        if stop.iter().any(|s| word_is(sentence, Some(t), s)) {
            return None;
        }
    }
    None
}

/// "declined to comment", "refused direct comment", "declined to immediately respond"; "refused to deny" is
/// neither a denial nor a non-response.
fn refuse_at(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Construction {
    let mut j = k + 1;
    if word_is(sentence, toks.get(j), "to") {
        j = skip_adverbs(sentence, toks, cls, j + 1);
        // "declined to be interviewed".
        if word_is(sentence, toks.get(j), "be") && word_is(sentence, toks.get(j + 1), "interviewed")
        {
            return Some((with_auxiliaries(cls, k), j + 1, Response::NoComment));
        }
        if j < toks.len() && cls[j] & class::COMMENT != 0 {
            return Some((with_auxiliaries(cls, k), j, Response::NoComment));
        }
        if word_is(sentence, toks.get(j), "say") || word_is(sentence, toks.get(j), "speak") {
            return Some((with_auxiliaries(cls, k), j, Response::NoComment));
        }
        return None;
    }
    // "declined comment", "refused direct comment".
    for step in 0..2 {
        let t = toks.get(j + step);
        if word_is(sentence, t, "comment") || word_is(sentence, t, "comments") {
            return Some((with_auxiliaries(cls, k), j + step, Response::NoComment));
        }
        if t.is_none_or(|t| !t.word) {
            break;
        }
    }
    None
}

/// "did not respond", "has not officially commented", "would not say where …", "never confirmed".
fn negated_comment_at(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Construction {
    let mut j = skip_adverbs(sentence, toks, cls, k + 1);
    // "has not yet been able to comment" is rare; "did not immediately respond" is common.
    if j < toks.len() && cls[j] & class::COMMENT != 0 {
        let verb = &sentence[toks[j].start..toks[j].end];
        // A negated verb as a noun ("no comment" is a fixed phrase; "no response" too).
        if sentence[toks[k].start..toks[k].end].eq_ignore_ascii_case("no") {
            return None;
        }
        // "did not return" needs what was not returned to be a call or message.
        if verb.len() >= 6 && verb[..6].eq_ignore_ascii_case("return") {
            let object = skip_determiners(sentence, toks, j + 1);
            let ok = toks.get(object).is_some_and(|t| {
                let w = &sentence[t.start..t.end];
                [
                    "call", "calls", "message", "messages", "email", "emails", "request",
                    "requests",
                ]
                .iter()
                .any(|o| w.eq_ignore_ascii_case(o))
            });
            if !ok {
                return None;
            }
        }
        return Some((with_auxiliaries(cls, k), j, Response::NoComment));
    }
    // "would not say where", "did not say whether".
    if word_is(sentence, toks.get(j), "say") {
        let next = toks.get(j + 1);
        let open = next.is_none_or(|t| !t.word)
            || [
                "where", "whether", "what", "how", "why", "when", "who", "if", "which",
            ]
            .iter()
            .any(|w| word_is(sentence, next, w));
        if open {
            return Some((with_auxiliaries(cls, k), j, Response::NoComment));
        }
    }
    // "not aware of", "was unaware of" is in the lexicon's phrases.
    if word_is(sentence, toks.get(j), "aware") && word_is(sentence, toks.get(j + 1), "of") {
        j += 1;
        return Some((with_auxiliaries(cls, k), j, Response::NoComment));
    }
    None
}

/// "has yet to comment", "is yet to release".
fn yet_at(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Construction {
    if k == 0 || cls[k - 1] & (class::AUXILIARY | class::BE) == 0 {
        return None;
    }
    if !word_is(sentence, toks.get(k + 1), "to") {
        return None;
    }
    let j = skip_adverbs(sentence, toks, cls, k + 2);
    if j < toks.len() && cls[j] & class::COMMENT != 0 {
        return Some((with_auxiliaries(cls, k), j, Response::NoComment));
    }
    None
}

/// "the claims were false", "called the report baseless": a word that calls a claim false, after a be-verb
/// (possibly with adverbs) or after an object of a describing verb.
fn predicate_at(sentence: &str, toks: &[Tok], cls: &[u64], k: usize) -> Construction {
    // "false claims", "fake news": an adjective before its noun is no denial.
    if toks.get(k + 1).is_some_and(|t| t.word)
        && !word_is(sentence, toks.get(k + 1), "and")
        && !word_is(sentence, toks.get(k + 1), "or")
    {
        let w = &sentence[toks[k].start..toks[k].end];
        if ![
            "lies",
            "lie",
            "nonsense",
            "rubbish",
            "propaganda",
            "fabrication",
        ]
        .iter()
        .any(|x| w.eq_ignore_ascii_case(x))
        {
            return None;
        }
    }
    let w = &sentence[toks[k].start..toks[k].end];
    let weak = ["false", "inaccurate", "misleading"]
        .iter()
        .any(|x| w.eq_ignore_ascii_case(x));
    let mut j = k;
    let mut steps = 0;
    while j > 0 && steps < 3 {
        j -= 1;
        steps += 1;
        if cls[j] & class::BE != 0 {
            if negated_from(sentence, toks, cls, j + 1).is_some() {
                return None;
            }
            let said_of_a_claim = (j.saturating_sub(5)..j).any(|i| cls[i] & class::ALLEGATION != 0);
            if weak && !said_of_a_claim {
                return None;
            }
            return Some((k, k, Response::Denial));
        }
        if !(is_adverb(sentence, &toks[j], cls[j])
            || word_is(sentence, toks.get(j), "as")
            || word_is(sentence, toks.get(j), "a")
            || word_is(sentence, toks.get(j), "an")
            || word_is(sentence, toks.get(j), "\"")
            || word_is(sentence, toks.get(j), "\u{201c}"))
        {
            break;
        }
    }
    // "called the allegations baseless", "described the report as false": a describing verb before.
    let before = &sentence[..toks[k].start];
    let describing = [
        "called",
        "calling",
        "calls",
        "described",
        "describing",
        "describes",
        "termed",
        "labelled",
        "labeled",
        "branded",
        "dismissed",
    ];
    let words: Vec<&str> = before.split_whitespace().rev().take(8).collect();
    if words
        .iter()
        .any(|w| describing.iter().any(|d| w.eq_ignore_ascii_case(d)))
    {
        return Some((k, k, Response::Denial));
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::source::tokenize;
    use super::*;

    fn reactions(sentence: &str) -> Vec<(&str, Response)> {
        let toks = tokenize(sentence);
        let mut cls = Vec::new();
        classes_into(sentence, &toks, &mut cls);
        let mut out = Vec::new();
        find(sentence, &toks, &cls, &mut out);
        out.iter()
            .map(|r| (&sentence[r.span.clone()], r.response))
            .collect()
    }

    #[test]
    fn denials_and_what_is_no_denial() {
        use Response::*;
        let cases: &[(&str, &[(&str, Response)])] = &[
            ("The firm denied the report.", &[("denied", Denial)]),
            (
                "The firm has been denying it.",
                &[("has been denying", Denial)],
            ),
            ("The firm did not deny the report.", &[]),
            ("The firm refused to deny it.", &[]),
            ("He was denied bail.", &[]),
            ("The court denied the motion.", &[]),
            ("The regime keeps denying citizens their rights.", &[]),
            ("The site suffered a denial of service attack.", &[]),
            ("Despite denials, the port kept the fee.", &[]),
            (
                "The ministry rejected the claims.",
                &[("rejected the claims", Denial)],
            ),
            (
                "The ministry is rejecting U.S. claims.",
                &[("is rejecting U.S. claims", Denial)],
            ),
            (
                "She dismissed the letter as a forgery.",
                &[("dismissed the letter", Denial)],
            ),
            (
                "She dismissed the plan as naive.",
                &[("dismissed the plan as", Denial)],
            ),
            ("The court dismissed the application.", &[]),
            ("He said the claims were false.", &[("false", Denial)]),
            ("They spread false claims.", &[]),
            (
                "The party called the allegations baseless.",
                &[("baseless", Denial)],
            ),
        ];
        for (sentence, expected) in cases {
            assert_eq!(reactions(sentence), *expected, "{sentence:?}");
        }
    }

    #[test]
    fn non_responses_with_negation_refusal_and_adverbs() {
        use Response::*;
        let cases: &[(&str, &[(&str, Response)])] = &[
            (
                "The firm declined to comment.",
                &[("declined to comment", NoComment)],
            ),
            (
                "He refused direct comment.",
                &[("refused direct comment", NoComment)],
            ),
            (
                "She did not immediately respond.",
                &[("did not immediately respond", NoComment)],
            ),
            (
                "The office has not officially commented.",
                &[("has not officially commented", NoComment)],
            ),
            (
                "The agency did not disclose the figure.",
                &[("did not disclose", NoComment)],
            ),
            (
                "It would not say where the money went.",
                &[("would not say", NoComment)],
            ),
            ("It would not say it was wrong.", &[]),
            ("He said the plan was misleading.", &[]),
            (
                "The ministry has yet to release the data.",
                &[("has yet to release", NoComment)],
            ),
            (
                "The firm did not return calls.",
                &[("did not return", NoComment)],
            ),
            (
                "The army did not reply to questions.",
                &[("did not reply", NoComment)],
            ),
            ("The firm did not return the money.", &[]),
            (
                "She was not aware of the letter.",
                &[("was not aware of", NoComment)],
            ),
            ("Although he declined to comment, the deal went ahead.", &[]),
        ];
        for (sentence, expected) in cases {
            assert_eq!(reactions(sentence), *expected, "{sentence:?}");
        }
    }
}
