//! Table-driven tests of [`super::analyse`] and [`super::scan`], and property tests of the splitter and scanner.

use proptest::prelude::*;

use super::*;

/// (sentence, strength, source, source kind, response, claim, uncertain)
type Row = (
    &'static str,
    Strength,
    Option<&'static str>,
    Option<ClaimSourceKind>,
    Option<Response>,
    bool,
    bool,
);

#[test]
fn analyse_decides_strength_source_response_and_claim() {
    use Strength::*;
    let on = Some(ClaimSourceKind::NamedOrganization);
    let person = Some(ClaimSourceKind::NamedPerson);
    let anon = Some(ClaimSourceKind::Anonymous);
    let media = Some(ClaimSourceKind::OtherMedia);
    let doc = Some(ClaimSourceKind::Document);
    let rows: &[Row] = &[
        (
            "Fares will rise, the ministry said.",
            OnRecord,
            Some("the ministry"),
            on,
            None,
            true,
            false,
        ),
        (
            "He said he would resign.",
            OnRecord,
            Some("He"),
            person,
            None,
            true,
            false,
        ),
        (
            "According to the ministry, he allegedly took bribes.",
            OnRecord,
            Some("the ministry"),
            on,
            None,
            true,
            true,
        ),
        (
            "\"It is over,\" said Jane Doe, the mayor.",
            OnRecord,
            Some("Jane Doe"),
            person,
            None,
            true,
            false,
        ),
        (
            "Sources familiar with the matter said the deal was off.",
            Anonymous,
            Some("Sources familiar with the matter"),
            anon,
            None,
            true,
            true,
        ),
        (
            "A senior official, who spoke on condition of anonymity, said the plan was dead.",
            Anonymous,
            Some("A senior official"),
            anon,
            None,
            true,
            true,
        ),
        (
            "Critics say the law is flawed.",
            Anonymous,
            Some("Critics"),
            anon,
            None,
            true,
            true,
        ),
        (
            "The plan is widely considered a failure.",
            Anonymous,
            None,
            None,
            None,
            true,
            true,
        ),
        (
            "Reuters reported that the plant would close.",
            Reported,
            Some("Reuters"),
            media,
            None,
            true,
            true,
        ),
        (
            "The plant will reportedly close.",
            Reported,
            None,
            None,
            None,
            true,
            true,
        ),
        (
            "The port shut for a week, the Harnsby Gazette reported.",
            Reported,
            Some("the Harnsby Gazette"),
            media,
            None,
            true,
            true,
        ),
        (
            "Court filings show the firm paid $3 million.",
            Document,
            Some("Court filings"),
            doc,
            None,
            true,
            false,
        ),
        (
            "A UN report published in March found that prices doubled.",
            Document,
            Some("A UN report published in March"),
            doc,
            None,
            true,
            false,
        ),
        (
            "The mayor allegedly took bribes.",
            Hedged,
            None,
            None,
            None,
            true,
            true,
        ),
        (
            "The bridge may have been weakened by the storm.",
            Hedged,
            None,
            None,
            None,
            true,
            true,
        ),
        // Conv. 3: with no source, a hedge on a noun phrase hedges the sentence.
        (
            "The suspected gunman was arrested on Monday.",
            Hedged,
            None,
            None,
            None,
            true,
            true,
        ),
        (
            "The firm could not meet its orders.",
            Unattributed,
            None,
            None,
            None,
            true,
            false,
        ),
        (
            "Some 300 people were evacuated.",
            Unattributed,
            None,
            None,
            None,
            true,
            false,
        ),
        (
            "The bridge opened in 1932.",
            Unattributed,
            None,
            None,
            None,
            true,
            false,
        ),
        (
            "The company denied the allegations.",
            OnRecord,
            Some("The company"),
            on,
            Some(Response::Denial),
            false,
            false,
        ),
        (
            "The ministry did not respond to a request for comment.",
            OnRecord,
            Some("The ministry"),
            on,
            Some(Response::NoComment),
            false,
            false,
        ),
        (
            "Smith took bribes, which he denies.",
            Unattributed,
            None,
            None,
            Some(Response::Denial),
            true,
            false,
        ),
        (
            "He denied that he took the money.",
            OnRecord,
            Some("He"),
            person,
            Some(Response::Denial),
            true,
            false,
        ),
        (
            "The move raises questions about the board's oversight.",
            Unattributed,
            None,
            None,
            None,
            false,
            false,
        ),
        (
            "Does the plan add up?",
            Unattributed,
            None,
            None,
            None,
            false,
            false,
        ),
        (
            "Storm hits coast",
            Unattributed,
            None,
            None,
            None,
            false,
            false,
        ),
        ("", Unattributed, None, None, None, false, false),
        // The given name Said is not the reporting verb.
        (
            "Said Benali scored twice.",
            Unattributed,
            None,
            None,
            None,
            true,
            false,
        ),
        (
            "The striker Said Benali scored twice, the club said.",
            OnRecord,
            Some("the club"),
            on,
            None,
            true,
            false,
        ),
        (
            "Said Smith, \"We will win.\"",
            OnRecord,
            Some("Smith"),
            person,
            None,
            true,
            false,
        ),
        // A run of spaces inside a cue phrase still matches it.
        (
            "The ministry declined  to comment.",
            OnRecord,
            Some("The ministry"),
            on,
            Some(Response::NoComment),
            false,
            false,
        ),
        (
            "The mayor\tallegedly took bribes.",
            Hedged,
            None,
            None,
            None,
            true,
            true,
        ),
    ];
    for (sentence, strength, source, source_kind, response, claim, uncertain) in rows {
        // Without a source phrase, the kind follows from the strength: the writer's own voice, or none for a
        // sentence that is not a claim.
        let source_kind = &source_kind.unwrap_or(match strength {
            Anonymous => ClaimSourceKind::Anonymous,
            Reported => ClaimSourceKind::OtherMedia,
            Document => ClaimSourceKind::Document,
            _ if *claim => ClaimSourceKind::OwnVoice,
            _ => ClaimSourceKind::NotAClaim,
        });
        let a = analyse(sentence);
        let got = (
            a.strength,
            a.source.as_deref(),
            a.source_kind,
            a.response,
            a.claim,
            a.uncertain,
        );
        assert_eq!(
            got,
            (
                *strength,
                *source,
                *source_kind,
                *response,
                *claim,
                *uncertain
            ),
            "sentence: {sentence:?}"
        );
    }
}

/// (sentence, response, claim): attribution.md convention 7 read with negation (issue 11, item 12).
type ResponseRow = (&'static str, Option<Response>, bool);

#[test]
fn a_negated_denial_is_no_denial_and_the_sentence_is_a_claim() {
    let rows: &[ResponseRow] = &[
        ("The company did not deny the report.", None, true),
        ("The company didn't deny the report.", None, true),
        (
            "The mayor refused to deny that the deal was signed.",
            None,
            true,
        ),
        (
            "The minister has never denied meeting the broker.",
            None,
            true,
        ),
        ("The ministry would not deny the figures.", None, true),
        (
            "The company denied the report.",
            Some(Response::Denial),
            false,
        ),
    ];
    for (sentence, response, claim) in rows {
        let a = analyse(sentence);
        assert_eq!((a.response, a.claim), (*response, *claim), "{sentence:?}");
    }
}

#[test]
fn adverbs_inside_a_non_response_are_read_through() {
    let rows: &[ResponseRow] = &[
        (
            "The ministry has not officially commented.",
            Some(Response::NoComment),
            false,
        ),
        (
            "The port authority did not publicly respond to the findings.",
            Some(Response::NoComment),
            false,
        ),
        (
            "The firm declined to immediately comment.",
            Some(Response::NoComment),
            false,
        ),
        (
            "The council has not yet formally replied to the letter.",
            Some(Response::NoComment),
            false,
        ),
    ];
    for (sentence, response, claim) in rows {
        let a = analyse(sentence);
        assert_eq!((a.response, a.claim), (*response, *claim), "{sentence:?}");
    }
}

#[test]
fn cues_carry_exact_offsets_and_kinds() {
    let a = analyse("The mayor allegedly took bribes, police said.");
    let cues: Vec<(&str, usize, usize, CueKind)> = a
        .cues
        .iter()
        .map(|c| (c.text.as_str(), c.start, c.end, c.kind))
        .collect();
    assert_eq!(
        cues,
        vec![
            ("allegedly", 10, 19, CueKind::Hedge),
            ("said", 40, 44, CueKind::Attribution)
        ]
    );
    assert_eq!(a.strength, Strength::OnRecord);
}

#[test]
fn cues_with_doubled_spaces_and_line_breaks_keep_their_offsets() {
    let input = "She declined  to\r\n comment. He said so.";
    let sentences = scan(input);
    assert_eq!(sentences.len(), 2);
    let cue = &sentences[0].cues[0];
    assert_eq!(cue.kind, CueKind::NoComment);
    assert_eq!(cue.text, "declined  to\r\n comment");
    assert_eq!(&input[cue.start..cue.end], cue.text);
    assert_eq!(sentences[0].response, Some(Response::NoComment));
}

#[test]
fn a_heading_stays_apart_from_a_lower_case_line() {
    let sentences = scan("Storm hits coast\nthe storm hit the coast on Monday, officials said.");
    assert_eq!(sentences.len(), 2);
    assert_eq!(sentences[0].text, "Storm hits coast");
    assert!(!sentences[0].claim);
    assert_eq!(sentences[1].strength, Strength::Anonymous);
}

#[test]
fn scan_json_matches_the_design_page() {
    let input = "Title line\n\nThe minister allegedly hid the report. It was raining.";
    let sentences = scan(input);
    let json = serde_json::to_string(&sentences[1]).unwrap();
    assert_eq!(
        json,
        r#"{"index":1,"start":12,"end":50,"text":"The minister allegedly hid the report.","claim":true,"strength":"hedged","uncertain":true,"source":null,"source_kind":"self","response":null,"cues":[{"text":"allegedly","start":25,"end":34,"kind":"hedge"}]}"#
    );
    let with_source = serde_json::to_value(&scan("Fares rose, officials said.")[0]).unwrap();
    assert_eq!(with_source["source"], "officials");
    assert_eq!(with_source["source_kind"], "anonymous");
    assert_eq!(sentences.len(), 3);
    assert_eq!(sentences[0].text, "Title line");
    assert!(!sentences[0].claim);
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long_line = "word ".repeat(200_000);
    let no_break = "declined  to comment    Said Benali \u{2019}s ".repeat(20_000);
    let inputs = [
        "",
        "   \n\t  ",
        "\u{0}\u{1}\u{7f}\u{fffd}\u{fffd}",
        "🎉🎉🎉. 👍 said 🙂.",
        "قال المتحدث إن الوزارة رفضت التعليق. שלום עולם.",
        "\"\"\"''' ... ??? !!! , , ,",
        "said said said, according to, according to",
        long_line.as_str(),
        no_break.as_str(),
        "Said",
        "Said said Said.",
        "\u{2019}\u{2019}\u{e2}",
    ];
    for input in inputs {
        let sentences = scan(input);
        for s in &sentences {
            assert_eq!(s.text, &input[s.start..s.end]);
        }
    }
}

fn check_invariants(input: &str) -> Result<(), TestCaseError> {
    let spans = split(input);
    let mut last_end = 0;
    for r in &spans {
        prop_assert!(r.start < r.end, "empty span {r:?}");
        prop_assert!(r.start >= last_end, "overlap or disorder at {r:?}");
        prop_assert!(input.is_char_boundary(r.start) && input.is_char_boundary(r.end));
        prop_assert_eq!(input[r.clone()].trim(), &input[r.clone()]);
        last_end = r.end;
    }
    let sentences = scan(input);
    prop_assert_eq!(sentences.len(), spans.len());
    for (i, s) in sentences.iter().enumerate() {
        prop_assert_eq!(s.index, i);
        prop_assert_eq!(&s.text, &input[s.start..s.end]);
        for c in &s.cues {
            prop_assert!(
                s.start <= c.start && c.end <= s.end && c.start < c.end,
                "cue {c:?} outside {s:?}"
            );
            prop_assert_eq!(&c.text, &input[c.start..c.end]);
        }
        prop_assert_eq!(s.uncertain, s.cues.iter().any(|c| c.kind.is_uncertain()));
    }
    Ok(())
}

fn newsish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "The",
        "minister",
        "said",
        "Mr.",
        "U.S.",
        "Jan.",
        "3.5",
        "5 p.m.",
        "\"",
        "\u{201c}",
        "\u{201d}",
        ",",
        ".",
        "?",
        "!",
        "...",
        "\u{2026}",
        "\n",
        "\n\n",
        "\r\n",
        "- ",
        "* ",
        "1. ",
        "allegedly",
        "according to",
        "officials",
        "declined to comment",
        "reportedly",
        "é",
        "🎉",
        "שלום",
        " ",
        "  ",
        "\t",
        "Inc.",
        "J.",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn spans_are_ordered_disjoint_and_exact(input in "\\PC{0,200}") {
        check_invariants(&input)?;
    }

    #[test]
    fn news_like_input_keeps_the_invariants(input in newsish()) {
        check_invariants(&input)?;
    }

    #[test]
    fn any_unicode_keeps_the_invariants(input in any::<String>()) {
        check_invariants(&input)?;
    }
}

/// A sentence's reading in one line: strength, source kind, source, response — for the tables below.
fn reading(text: &str) -> String {
    let a = analyse(text);
    let response = a.response.map_or("-".to_string(), |r| r.to_string());
    let source = a.source.unwrap_or_else(|| "-".to_string());
    format!("{} {} [{source}] {response}", a.strength, a.source_kind)
}

/// The last sentence of an article, read with the sentences before it (conv. 8, 10).
fn reading_in_context(article: &str) -> String {
    let Some(s) = scan(article).pop() else {
        return "nothing".to_string();
    };
    let response = s.response.map_or("-".to_string(), |r| r.to_string());
    let source = s.source.unwrap_or_else(|| "-".to_string());
    format!("{} {} [{source}] {response}", s.strength, s.source_kind)
}

/// Shapes of real copy, in our own words, each read by the conventions of attribution.md.
#[test]
fn shapes_of_news_copy_read_by_the_conventions() {
    let rows: &[(&str, &str)] = &[
        // Conv. 3: the writer's hedge on an agentless passive; the adverb is no source.
        (
            "The inspectors were allegedly told to ignore the missing logs.",
            "hedged self [-] -",
        ),
        (
            "Two clerks were allegedly told by a manager to shred the files.",
            "hedged self [-] -",
        ),
        // Conv. 5: a release still to come frames nothing ("expect to publish their findings").
        (
            "According to the Ministry of Fisheries, inspectors expect to publish their findings in May.",
            "on_record named_organization [the Ministry of Fisheries] -",
        ),
        (
            "In a report published on Monday, the council said the bridge was unsafe.",
            "document document [the council] -",
        ),
        // Conv. 3: a comparison of likelihood is no hedge; "most likely" on its own is (conv. 9).
        (
            "Girls who finish school are more likely to vote.",
            "unattributed self [-] -",
        ),
        (
            "Older boats are less likely to pass the inspection.",
            "unattributed self [-] -",
        ),
        ("The ferry will most likely be late.", "hedged self [-] -"),
        // Conv. 7: "not available for comment" is a non-response, not the hedge "were not available".
        (
            "Two clerks at the registry were not available for comment.",
            "anonymous anonymous [Two clerks at the registry] no_comment",
        ),
        // A quotation set before its speaker with a colon, as blogs quote: the name after the colon opens
        // the clause.
        (
            "\u{201c}Access to the port is costly and slow\u{201d}: Ana Ruiz explains.",
            "on_record named_person [Ana Ruiz] -",
        ),
        // Conv. 1, 5: a party that posts, publishes or shares a text of its own (accounts, a letter, its
        // views, how to do something) speaks through it; photos or a video it posts are no statement.
        (
            "Tomas Lind posts two accounts of dockers being fined, allegedly for striking.",
            "on_record named_person [Tomas Lind] -",
        ),
        (
            "Tomas Lind publishes his letter to the harbour board.",
            "on_record named_person [Tomas Lind] -",
        ),
        (
            "The Dock Rights Network shares with readers how they can film a raid safely.",
            "on_record named_organization [The Dock Rights Network] -",
        ),
        (
            "Ines Barra posts photos from the rally in the square.",
            "unattributed self [-] -",
        ),
        (
            "Ines Barra has published a video of the rally.",
            "unattributed self [-] -",
        ),
        (
            "The report, published on Monday, was shared widely.",
            "unattributed self [-] -",
        ),
        // Conv. 4: fighters of an identified group speak for it, like its members; a nationality or a
        // description names no body.
        (
            "Red Dawn militants have claimed responsibility for the blast at the depot.",
            "on_record named_organization [Red Dawn militants] -",
        ),
        (
            "Somali fighters said they had taken the town.",
            "anonymous anonymous [Somali fighters] -",
        ),
        (
            "Armed insurgents said they had taken the town.",
            "anonymous anonymous [Armed insurgents] -",
        ),
        // Conv. 7: "Neither X nor Y would comment": the negation opens the subject, and the parties who
        // declined govern, not a reduced relative after the refusal.
        (
            "Neither the mayor nor her deputy, Ana Ruiz, would comment on the closure.",
            "on_record named_person [Neither the mayor nor her deputy, Ana Ruiz] no_comment",
        ),
        (
            "Neither Tomas Lind nor Dr. Ines Barra, the hospital's director, would discuss the outage, \
             said to have delayed forty operations.",
            "on_record named_person [Neither Tomas Lind nor Dr. Ines Barra, the hospital's director] \
             no_comment",
        ),
        // A hedged headline is the writer's hedge.
        (
            "Allegations of Fraud Leave Voters Uneasy About the Count",
            "hedged self [-] -",
        ),
        // A deliberation still to come reports nothing said; one held is reported speech.
        (
            "Two harbour pilots discuss the new tariffs in a long interview.",
            "anonymous anonymous [Two harbour pilots] -",
        ),
        (
            "The harbour board will debate the new tariffs on Monday.",
            "unattributed self [-] -",
        ),
        // Conv. 7: a speaker's own refusal in a transcript is the writer's response.
        (
            "MS. TARVO: I think the board will probably meet, and we're not going to get into dates.",
            "unattributed self [-] no_comment",
        ),
        ("MS. TARVO: Not that I'm aware of.", "unattributed self [-] no_comment"),
        // Conv. 3: a party's belief is theirs; a hedge under it does not downgrade it.
        (
            "Union organisers believe that the fire may have been set.",
            "anonymous anonymous [Union organisers] -",
        ),
        // Conv. 3: the writer's statement of missing knowledge, and an appearance denied.
        (
            "In the case of the second fire, the cause is not clear.",
            "hedged self [-] -",
        ),
        ("The delay did not appear to be deliberate.", "hedged self [-] -"),
        // Conv. 3: a denied appearance with a predicate is the writer's hedge.
        ("The kind of paint did not appear important.", "hedged self [-] -"),
        // Not appearing somewhere is no hedge.
        (
            "Two names did not appear on the crew list.",
            "unattributed self [-] -",
        ),
        // A fronted prepositional phrase is no source; the clause's own subject is.
        (
            "By comparing the two surveys, geologists noticed that the shore had moved.",
            "anonymous anonymous [geologists] -",
        ),
        // Conv. 5: a document named with modifiers before it, a name or a number among them.
        (
            "The Tarvo government document said the permits were forged.",
            "document document [The Tarvo government document] -",
        ),
        (
            "This Landsat 7 image shows the swollen river north of the town.",
            "document document [This Landsat 7 image] -",
        ),
        // An acronym is no function word ("IS" is not "is"); conv. 6.
        (
            "IS media said the group planted the mine.",
            "reported other_media [IS media] -",
        ),
        // A closing source after a comma is only the phrase after it, however the sentence starts.
        (
            "Rebel fighters in the north killed eight soldiers near the town of Tarvo, a spokeswoman for the \
             agency said.",
            "on_record named_organization [a spokeswoman for the agency] -",
        ),
        (
            "Ines Barra, a local blogger says the mill will close.",
            "on_record named_person [Ines Barra, a local blogger] -",
        ),
        // After an appositive of a participle, the speakers are the subject; "said the practice began" is
        // no inverted source.
        (
            "Two drivers, speaking to reporters, said the practice began after a budget cut.",
            "anonymous anonymous [Two drivers] -",
        ),
        // An ordinal before a noun keeps it a noun, and a phrase ending in a determiner is no subject.
        (
            "In her first post, Ines Barra remarked that the case was odd.",
            "on_record named_person [Ines Barra] -",
        ),
        // A capitalised first word before a lower-case noun modifies it: no name.
        (
            "Angry residents say the water is brown.",
            "anonymous anonymous [Angry residents] -",
        ),
        // Conv. 6, 5: a plural noun opening the sentence is the subject, not a verb.
        (
            "Reports from the capital say two ministers have resigned.",
            "reported other_media [Reports from the capital] -",
        ),
        (
            "Reports also claim the ship had no licence.",
            "reported other_media [Reports] -",
        ),
        (
            "Records from the last decade show that the lake is shrinking.",
            "document document [Records from the last decade] -",
        ),
        // An adverb between the ordinal and its noun keeps it a noun ("very first post").
        (
            "In her very first post, Ines Barra remarked that the case was odd.",
            "on_record named_person [Ines Barra] -",
        ),
        // Conv. 3: a participle after a subordinator hedges a noun phrase; the writer's hedge.
        (
            "The singer was freed after alleged pressure from the palace.",
            "hedged self [-] -",
        ),
        // Conv. 1: an infinitive has no subject of its own.
        (
            "This marks the third week of rallies to protest the fare rise.",
            "unattributed self [-] -",
        ),
        // Conv. 1: a complex preposition opens an adverbial, not a subject; the document governs.
        (
            "Contrary to council claims, the latest audit finds that the bridge is unsafe.",
            "document document [the latest audit] -",
        ),
        // A base form after "a" and one word is a noun, not the verb of a singular subject.
        (
            "A border state that once craved attention now seems content to wait.",
            "hedged self [-] -",
        ),
        // Conv. 5: a phrase on an allegation is no frame of the speaker's ("claims in the report").
        (
            "Norway and Chile have rejected claims in the report that their ships fished there.",
            "on_record named_organization [Norway and Chile] denial",
        ),
        // After "according to" a noun that is also a verb stays the preposition's object.
        (
            "Fares rose in 2020, according to the U.N. report, and buses ran late.",
            "document document [the U.N. report] -",
        ),
        // Conv. 9: the writer's inference with a thing as subject.
        (
            "Recent unrest in the valley suggests more clashes are coming.",
            "hedged self [-] -",
        ),
        // Conv. 5: an instrument that observes is a document speaking, with or without "that".
        (
            "The Wide Field Imager on the Lyra satellite observed floodwaters in the delta.",
            "document document [The Wide Field Imager on the Lyra satellite] -",
        ),
        // Conv. 9: the writer speaking in the first person outside a quotation is the writer's own voice,
        // contractions included; "I think" beside it is still the writer's hedge.
        (
            "We've said the quarry road stays shut until spring.",
            "unattributed self [-] -",
        ),
        (
            "As before, I've said the quarry is busy, and I think the road will stay shut.",
            "hedged self [-] -",
        ),
        // Conv. 1, 5: a fronted prepositional phrase without a comma is no part of the subject; the document
        // after it governs.
        (
            "In that group the survey lists Ostria, Valmont and Corvia.",
            "document document [the survey] -",
        ),
        // Conv. 2 by analogy, 6: one attribution to coordinated parties takes the weaker kind; news sites
        // are other media.
        (
            "Several harbour sites and dockers reported that the crane fell.",
            "reported other_media [Several harbour sites and dockers] -",
        ),
        (
            "The port authority and two pilots said the channel was closed.",
            "anonymous anonymous [The port authority and two pilots] -",
        ),
        (
            "The Harbour Board and the customs office said the channel was closed.",
            "on_record named_organization [The Harbour Board and the customs office] -",
        ),
        // Conv. 7, 9: a briefing speaker's own "I don't know", "We haven't heard anything" and a bare "No."
        // answer in the writer's voice: unattributed, whatever stands before the pronoun.
        (
            "MS. ROE: I don't know where the ferry is.",
            "unattributed self [-] no_comment",
        ),
        (
            "MS. ROE: Tom, we're not going to get into the talks from this podium.",
            "unattributed self [-] no_comment",
        ),
        (
            "MS. ROE: I think the talks went well, and I don't know what comes next.",
            "unattributed self [-] no_comment",
        ),
        ("MS. ROE: No.", "unattributed self [-] denial"),
        // Conv. 5: a document subject behind a time ("this week"), a place adverb ("above") or a long
        // participial appositive with a clock time still speaks.
        (
            "A second audit this week dealt with the missing ferry funds.",
            "document document [A second audit] -",
        ),
        (
            "The map below shows the flooded districts.",
            "document document [The map] -",
        ),
        (
            "The photo above, taken at 10:40 local time on March 3, 2019, with the wide camera on the \
             harbour mast, shows the crane lying across the quay.",
            "document document [The photo above, taken at 10:40 local time on March 3, 2019, with the wide \
             camera on the harbour mast] -",
        ),
        // Conv. 4: a title-case headline's capitals name nobody: an indefinite party stays unnamed.
        (
            "A Retired Harbour Pilot Says the Channel Was Never Dredged",
            "anonymous anonymous [A Retired Harbour Pilot] -",
        ),
        // Conv. 4: researchers described, not named, who reach a conclusion are an unnamed source.
        (
            "Engineers came to that conclusion by testing every bolt on the bridge.",
            "anonymous anonymous [Engineers] -",
        ),
        // Conv. 4: a legend or a tradition is a collective source nobody names, not a named body.
        (
            "According to local legend, the well never runs dry.",
            "anonymous anonymous [local legend] -",
        ),
        // Conv. 5: a media word inside a document's own title makes no outlet its owner.
        (
            "According to the Coastal News Media Review, most readers are over fifty.",
            "document document [the Coastal News Media Review] -",
        ),
        // Conv. 1, 3: a modal in the content of an attribution inside a temporal clause is that source's,
        // and the bare main clauses stay the writer's plain statement.
        (
            "The port raised its fees in May, but cut them after the board said that shippers could appeal.",
            "unattributed self [-] -",
        ),
        // A quoted witness's "we do not know" answers nothing.
        (
            "\"We do not know who fired,\" one dock worker said.",
            "anonymous anonymous [one dock worker] -",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in rows {
        let got = reading(text);
        if got != *expected {
            wrong.push(format!("{text}\n  expected {expected}\n  got      {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Readings that depend on the sentences before (conv. 8, 10).
#[test]
fn context_decides_back_references_and_continuations() {
    let rows: &[(&str, &str)] = &[
        (
            "\"The yard is unsafe,\" the union's secretary, Ines Barra, said. \"Nobody listens.\"",
            "on_record named_person [-] -",
        ),
        // Conv. 10: a bare definite description takes the kind of the party it refers back to.
        (
            "The Harbour Wire news agency said the ferry sank. The agency says four crew are missing.",
            "reported other_media [The agency] -",
        ),
        (
            "Tomas Lind writes on his blog that the mill will close. The blogger says forty jobs will go.",
            "on_record named_person [The blogger] -",
        ),
        (
            "One resident said the water was brown. The resident says it has been so for weeks.",
            "anonymous anonymous [The resident] -",
        ),
        // Conv. 10: "one" counts one person, not a group: "she" after "One resident said" is that resident.
        (
            "One resident said the river rose overnight. She said the bridge was closed by noon.",
            "anonymous anonymous [She] -",
        ),
        // Conv. 10: "they" may refer back to the police, a body that takes a plural verb.
        (
            "According to police, the two men were released. They said the men may face charges.",
            "on_record named_organization [They] -",
        ),
        // Conv. 10: "adds" with a time word before the content's subject still reports the blogger.
        (
            "Tomas Lind writes on his blog that the mill will close. The blogger adds now she expects a sale.",
            "on_record named_person [The blogger] -",
        ),
        // Conv. 10: "she" refers to a recent mention; an unnamed speaker many sentences back is no longer
        // its referent, and a lone "he" or "she" is most likely someone named.
        (
            "A resident said the water was brown. The mill closed in May. Fares rose in June. The ferry \
             was cancelled. The bridge was shut. The school was moved. The clinic was closed. Buses were \
             cut. The market moved. Prices rose again. The port was idle. She describes the mood as grim.",
            "on_record named_person [She] -",
        ),
        (
            "A resident said the water was brown. The mill closed in May. She says it is still brown.",
            "anonymous anonymous [She] -",
        ),
        // Conv. 8: the speaker named after a colon closing the quotation.
        (
            "\u{201c}We will be watching the vote. And so will many others\u{201d}: Tomas Lind publishes \
             his letter to the harbour board.",
            "on_record named_person [Tomas Lind] -",
        ),
        // Conv. 8: a block quotation introduced by "posted the following" runs on in its speaker's voice.
        (
            "Ines Barra, a local reporter, posted the following update on her blog :\n\nOur two colleagues \
             are under arrest.",
            "on_record named_person [-] -",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in rows {
        let got = reading_in_context(text);
        if got != *expected {
            wrong.push(format!("{text}\n  expected {expected}\n  got      {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
