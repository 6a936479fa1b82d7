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

use super::lexicon::class;
use super::tokens::Words;

/// A reaction found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reaction {
    /// The cue's byte span in the sentence.
    pub span: Range<usize>,
    pub response: Response,
    /// The token that opens the construction ("did" of "did not respond"); the reacting party is its subject.
    pub head: usize,
    /// A first-person answer that counts only in the writer's own voice, outside quotation ("I don't know"):
    /// a quoted witness's "we do not know" answers no question of the desk's.
    pub own_voice: bool,
}

const AUX: u64 = class::AUXILIARY | class::BE;

/// Skips adverbs forwards from token `k`.
fn skip_adverbs(w: &Words, mut k: usize) -> usize {
    while k < w.len() && w.is_adverb(k) {
        k += 1;
    }
    k
}

/// The negation or refusal governing token `k`, looking back over adverbs, "to" and auxiliaries: the token
/// index where the negated construction starts.
fn negated_from(w: &Words, k: usize) -> Option<usize> {
    let mut j = k;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        if !w.is_word(j) {
            return None;
        }
        if w.has(j, class::NEGATION | class::REFUSE) {
            return Some(with_auxiliaries(w, j));
        }
        if !(w.is(j, "to") || w.is_adverb(j) || w.has(j, AUX)) {
            return None;
        }
    }
    None
}

/// Where the construction starting at `head` begins, taking the auxiliaries before it ("has been denying").
fn with_auxiliaries(w: &Words, mut head: usize) -> usize {
    while head > 0 && w.has(head - 1, AUX) {
        head -= 1;
    }
    head
}

/// The reactions in the sentence, in order.
pub(crate) fn find(w: &Words, out: &mut Vec<Reaction>) {
    out.clear();
    if let Some(no) = bare_no(w) {
        out.push(Reaction {
            span: w.span(no..no + 1),
            response: Response::Denial,
            head: no,
            own_voice: false,
        });
        return;
    }
    // Whether a concessive subordinator opens the clause of the token last looked at (up to a comma or
    // semicolon), kept in one forward pass.
    let mut concessive = false;
    let mut seen = 0;
    let mut k = 0;
    while k < w.len() {
        while seen <= k {
            if w.is_punct(seen, ",") || w.is_punct(seen, ";") {
                concessive = false;
            }
            concessive |= w.has(seen, class::CONCESSIVE);
            seen += 1;
        }
        let mut own_voice = false;
        let found = if w.has(k, class::DENY) {
            deny_at(w, k)
        } else if w.has(k, class::REJECT) {
            reject_at(w, k)
        } else if w.has(k, class::CONDEMN) {
            condemn_at(w, k)
        } else if w.has(k, class::REFUSE) {
            refuse_at(w, k)
        } else if w.is(k, "neither") {
            // Checked before the other negations, whose class "neither" belongs to.
            neither_at(w, k)
        } else if w.has(k, class::NEGATION) {
            let own = own_ignorance_at(w, k);
            own_voice = own.is_some();
            own.or_else(|| negated_comment_at(w, k))
        } else if w.has(k, class::DENIAL_PREDICATE) {
            predicate_at(w, k)
        } else if w.is(k, "yet") {
            yet_at(w, k)
        } else {
            None
        };
        match found {
            Some((head, end, response)) if !concessive => {
                out.push(Reaction {
                    span: w.span(head..end + 1),
                    response,
                    head,
                    own_voice,
                });
                k = end + 1;
            }
            _ => k += 1,
        }
    }
}

/// A sentence that is only "No." (after a transcript's speaker label, "MS. ROE: No."): an answer denying
/// what was just asked (conv. 7, a direct negation of the allegation).
fn bare_no(w: &Words) -> Option<usize> {
    let mut first = 0;
    if let Some(colon) = (0..w.len().min(8)).find(|&i| w.is_punct(i, ":")) {
        let label = (0..colon).all(|i| {
            !w.is_word(i)
                || w.word(i)
                    .chars()
                    .all(|c| !c.is_alphabetic() || c.is_uppercase())
        });
        if label {
            first = colon + 1;
        }
    }
    let mut words = (first..w.len()).filter(|&i| w.is_word(i));
    let no = words.next()?;
    (w.is(no, "no") && words.next().is_none()).then_some(no)
}

/// (head token, last token, response) of a construction.
type Construction = Option<(usize, usize, Response)>;

/// "denied", "denial": a denial unless negated, passive ("was denied bail"), or withholding something
/// ("denied access", "denying citizens their rights").
fn deny_at(w: &Words, k: usize) -> Construction {
    if negated_from(w, k).is_some() {
        return None;
    }
    if k > 0 && w.has(k - 1, class::BE) && w.is(k, "denied") {
        return None;
    }
    let next = skip_determiners(w, k + 1);
    if w.has(next, class::NOT_A_DENIAL_OBJECT) {
        return None;
    }
    // "denial of service".
    if w.is(k + 1, "of") && w.is(k + 2, "service") {
        return None;
    }
    Some((with_auxiliaries(w, k), k, Response::Denial))
}

fn skip_determiners(w: &Words, mut k: usize) -> usize {
    while k < w.len()
        && ["the", "a", "an", "its", "their", "his", "her", "any"]
            .iter()
            .any(|d| w.is(k, d))
    {
        k += 1;
    }
    k
}

/// "rejected the claims", "dismissed the letter as …": a rejecting verb with an allegation for object within
/// a short noun phrase, or followed by "as".
fn reject_at(w: &Words, k: usize) -> Construction {
    if negated_from(w, k).is_some() {
        return None;
    }
    let verb = w.word(k);
    let always = ["refute", "rebut", "repudiate", "disavow"]
        .iter()
        .any(|r| verb.len() >= r.len() && verb[..r.len()].eq_ignore_ascii_case(r));
    if always {
        return Some((with_auxiliaries(w, k), k, Response::Denial));
    }
    for j in k + 1..w.len().min(k + 8) {
        if !w.is_word(j) {
            if !matches!(w.word(j), "'" | "\u{2019}" | "-") {
                return None;
            }
            continue;
        }
        if w.has(j, class::ALLEGATION) {
            return Some((with_auxiliaries(w, k), j, Response::Denial));
        }
        if j > k + 1 && w.is(j, "as") {
            return Some((with_auxiliaries(w, k), j, Response::Denial));
        }
        let stop = [
            "that", "to", "and", "which", "who", "for", "in", "on", "after", "because",
        ];
        if stop.iter().any(|s| w.is(j, s)) {
            return None;
        }
    }
    None
}

/// "condemned the report as a compendium of rumours": a verb of condemnation whose object is an allegation,
/// described "as" something.
fn condemn_at(w: &Words, k: usize) -> Construction {
    if negated_from(w, k).is_some() {
        return None;
    }
    let object = (k + 1..w.len().min(k + 6)).find(|&j| w.has(j, class::ALLEGATION))?;
    if (k + 1..object).any(|j| !w.is_word(j)) || !w.is(object + 1, "as") {
        return None;
    }
    Some((with_auxiliaries(w, k), object + 1, Response::Denial))
}

/// "Neither X nor Y would comment": the negation opens the subject.
fn neither_at(w: &Words, k: usize) -> Construction {
    let nor = (k + 1..w.len().min(k + 12)).find(|&j| w.is(j, "nor"))?;
    let verb = (nor + 1..w.len().min(nor + 14)).find(|&j| w.has(j, class::COMMENT))?;
    let aux = (nor + 1..verb).find(|&j| w.has(j, AUX))?;
    if (aux + 1..verb).any(|j| !w.is_adverb(j)) {
        return None;
    }
    Some((aux, verb, Response::NoComment))
}

/// "declined to comment", "refused direct comment", "declined to immediately respond"; "refused to deny" is
/// neither a denial nor a non-response.
fn refuse_at(w: &Words, k: usize) -> Construction {
    let mut j = k + 1;
    if w.is(j, "to") {
        j = skip_adverbs(w, j + 1);
        // "declined to be interviewed".
        if w.is(j, "be") && w.is(j + 1, "interviewed") {
            return Some((with_auxiliaries(w, k), j + 1, Response::NoComment));
        }
        if w.has(j, class::COMMENT) || w.is(j, "say") || w.is(j, "speak") {
            return Some((with_auxiliaries(w, k), j, Response::NoComment));
        }
        return None;
    }
    // "declined comment", "refused direct comment".
    for step in 0..2 {
        if w.is(j + step, "comment") || w.is(j + step, "comments") {
            return Some((with_auxiliaries(w, k), j + step, Response::NoComment));
        }
        if !w.is_word(j + step) {
            break;
        }
    }
    None
}

/// "did not respond", "has not officially commented", "would not say where …", "never confirmed".
fn negated_comment_at(w: &Words, k: usize) -> Construction {
    if w.is(k, "no") {
        return None;
    }
    let j = skip_adverbs(w, k + 1);
    if w.has(j, class::COMMENT) {
        // "did not return" needs what was not returned to be a call or message.
        let verb = w.word(j);
        if verb.len() >= 6 && verb[..6].eq_ignore_ascii_case("return") {
            let object = skip_determiners(w, j + 1);
            if !w.has(object, class::MESSAGE) {
                return None;
            }
        }
        return Some((with_auxiliaries(w, k), j, Response::NoComment));
    }
    // "would not say where", "did not say whether".
    if w.is(j, "say") {
        let open = !w.is_word(j + 1) || w.has(j + 1, class::QUESTION);
        if open {
            return Some((with_auxiliaries(w, k), j, Response::NoComment));
        }
    }
    // "was not aware of".
    if w.is(j, "aware") && w.is(j + 1, "of") {
        return Some((with_auxiliaries(w, k), j + 1, Response::NoComment));
    }
    None
}

/// "I don't know", "we haven't heard anything", "I don't have anything more on that", "I don't think we
/// have a view": a speaker professing to have no answer in the first person, as a briefing's speaker does
/// (conv. 7, like "said she was not aware of"). Knowing a person ("I don't know him") and hearing from
/// someone ("we haven't heard from her") are statements, not answers.
fn own_ignorance_at(w: &Words, k: usize) -> Construction {
    if w.is(k, "no") || w.is(k, "nor") || w.is(k, "neither") {
        return None;
    }
    let mut s = k;
    while s > 0 && k - s < 3 && (w.has(s - 1, AUX) || w.is_adverb(s - 1)) {
        s -= 1;
    }
    let subject = s.checked_sub(1)?;
    if !(w.is(subject, "i") || w.is(subject, "we")) {
        return None;
    }
    let mut j = skip_adverbs(w, k + 1);
    let thinking =
        (w.is(j, "think") || w.is(j, "believe")) && (w.is(j + 1, "we") || w.is(j + 1, "i"));
    if thinking {
        j += 2;
    }
    let head = with_auxiliaries(w, k);
    if !thinking && w.is(j, "know") {
        let person = ["him", "her", "them", "you", "me", "us"]
            .iter()
            .any(|p| w.is(j + 1, p));
        return (!person).then_some((head, j, Response::NoComment));
    }
    if !thinking && (w.is(j, "heard") || w.is(j, "seen")) {
        return (!w.is(j + 1, "from")).then_some((head, j, Response::NoComment));
    }
    if !w.is(j, "have") {
        return None;
    }
    let o = j + 1;
    let alone = [
        "anything",
        "nothing",
        "much",
        "more",
        "further",
        "information",
        "details",
    ];
    let after_a = ["lot", "view", "position", "update"];
    let after_any = [
        "information",
        "details",
        "more",
        "further",
        "view",
        "position",
        "update",
        "comment",
    ];
    let end = if alone.iter().any(|x| w.is(o, x)) {
        o
    } else if (w.is(o, "a") || w.is(o, "an")) && after_a.iter().any(|x| w.is(o + 1, x))
        || w.is(o, "any") && after_any.iter().any(|x| w.is(o + 1, x))
    {
        o + 1
    } else {
        return None;
    };
    // "we don't have any information that casts doubt on …" states what the evidence shows.
    if ["that", "which", "suggesting", "indicating"]
        .iter()
        .any(|x| w.is(end + 1, x))
    {
        return None;
    }
    Some((head, end, Response::NoComment))
}

/// "has yet to comment", "is yet to release".
fn yet_at(w: &Words, k: usize) -> Construction {
    if k == 0 || !w.has(k - 1, AUX) || !w.is(k + 1, "to") {
        return None;
    }
    let j = skip_adverbs(w, k + 2);
    if w.has(j, class::COMMENT) {
        return Some((with_auxiliaries(w, k), j, Response::NoComment));
    }
    None
}

/// "the claims were false", "called the report baseless": a word that calls a claim false, after a be-verb
/// (possibly with adverbs) or after an object of a describing verb.
fn predicate_at(w: &Words, k: usize) -> Construction {
    // "false claims", "fake news": an adjective before its noun is no denial.
    if w.is_word(k + 1) && !w.is(k + 1, "and") && !w.is(k + 1, "or") {
        let nominal = [
            "lies",
            "lie",
            "nonsense",
            "rubbish",
            "propaganda",
            "fabrication",
        ]
        .iter()
        .any(|x| w.is(k, x));
        if !nominal {
            return None;
        }
    }
    let weak = ["false", "inaccurate", "misleading"]
        .iter()
        .any(|x| w.is(k, x));
    let mut j = k;
    let mut steps = 0;
    while j > 0 && steps < 3 {
        j -= 1;
        steps += 1;
        if w.has(j, class::BE) {
            if negated_from(w, j + 1).is_some() {
                return None;
            }
            let said_of_a_claim = (j.saturating_sub(5)..j).any(|i| w.has(i, class::ALLEGATION));
            if weak && !said_of_a_claim {
                return None;
            }
            return Some((k, k, Response::Denial));
        }
        let between =
            w.is_adverb(j) || w.is(j, "as") || w.is(j, "a") || w.is(j, "an") || w.is_quote(j);
        if !between {
            break;
        }
    }
    // "called the allegations baseless", "described the report as false": a describing verb before.
    if (k.saturating_sub(14)..k).any(|i| w.has(i, class::DESCRIBING)) {
        return Some((k, k, Response::Denial));
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::tokens::{classes_into, tokenize};
    use super::*;

    fn reactions(sentence: &str) -> Vec<(&str, Response)> {
        let toks = tokenize(sentence);
        let mut cls = Vec::new();
        classes_into(sentence, &toks, &mut cls);
        let mut out = Vec::new();
        let w = Words {
            text: sentence,
            toks: &toks,
            cls: &cls,
        };
        find(&w, &mut out);
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

    #[test]
    fn a_speakers_own_professed_ignorance_is_a_non_response_of_its_own_voice() {
        use Response::*;
        let cases: &[(&str, &[(&str, Response)])] = &[
            ("I don't know.", &[("don't know", NoComment)]),
            (
                "We do not know where the ferry is now.",
                &[("do not know", NoComment)],
            ),
            (
                "I really don't know of any plan to close the port.",
                &[("don't know", NoComment)],
            ),
            (
                "We haven't heard anything from the harbour board.",
                &[("haven't heard", NoComment)],
            ),
            (
                "I have not seen the letter.",
                &[("have not seen", NoComment)],
            ),
            (
                "I don't have anything more on the talks.",
                &[("don't have anything", NoComment)],
            ),
            (
                "We don't have a lot on the ferry schedule yet.",
                &[("don't have a lot", NoComment)],
            ),
            (
                "I don't think we have a view yet on the harbour ruling.",
                &[("don't think we have a view", NoComment)],
            ),
            ("They don't know the way to the depot.", &[]),
            ("I don't know him well.", &[]),
            ("We haven't heard from her since May.", &[]),
            ("We don't have enough boats for the crossing.", &[]),
            (
                "We don't have any information that casts doubt on the port's figures.",
                &[],
            ),
            ("MS. ROE: No.", &[("No", Denial)]),
            ("No.", &[("No", Denial)]),
            ("MS. ROE: No, the ferry sails at noon.", &[]),
            ("No one knows.", &[]),
        ];
        for (sentence, expected) in cases {
            assert_eq!(reactions(sentence), *expected, "{sentence:?}");
        }
        let own = |sentence: &str| {
            let toks = tokenize(sentence);
            let mut cls = Vec::new();
            classes_into(sentence, &toks, &mut cls);
            let mut out = Vec::new();
            let w = Words {
                text: sentence,
                toks: &toks,
                cls: &cls,
            };
            find(&w, &mut out);
            out.iter().map(|r| r.own_voice).collect::<Vec<_>>()
        };
        assert_eq!(own("I don't know."), [true]);
        assert_eq!(own("The firm declined to comment."), [false]);
    }
}
