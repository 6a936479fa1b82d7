//! The attribution scanner on arbitrary UTF-8: `scan` and `analyse` never panic, and every offset they report
//! is exact.
//!
//! For `scan(input)`: sentence `i` has `index == i`; `start <= end <= input.len()`; `text == input[start..end]`,
//! non-empty and trimmed of whitespace (as `split` documents); sentences are in order and never overlap; they
//! are exactly the spans of `split(input)`; each sentence's cues lie inside it, in order of position, with
//! `cue.text == input[cue.start..cue.end]`; and `analyse(&sentence.text)` finds the same as `scan` did for it
//! (offsets relative to the sentence), since the source-kind cache in `scan` must not change any answer.
//! For `analyse(input)` on the whole input: the cues lie inside it, in order, with exact text.
#![no_main]

use claimtrack::scanner::{analyse, scan, split, Cue};
use libfuzzer_sys::fuzz_target;

/// Checks cue offsets against `text` (the text they are relative to) within `[lo, hi]`.
fn check_cues(what: &str, text: &str, cues: &[Cue], lo: usize, hi: usize) {
    let mut last_start = lo;
    for cue in cues {
        assert!(
            lo <= cue.start && cue.start <= cue.end && cue.end <= hi,
            "{what}: cue {cue:?} lies outside {lo}..{hi}"
        );
        assert!(
            cue.start >= last_start,
            "{what}: cues out of order at {cue:?}"
        );
        last_start = cue.start;
        assert_eq!(
            text.get(cue.start..cue.end),
            Some(cue.text.as_str()),
            "{what}: cue text does not match its offsets: {cue:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };

    let sentences = scan(input);
    let mut prev_end = 0;
    for (i, s) in sentences.iter().enumerate() {
        assert_eq!(s.index, i, "sentence indexes are not 0, 1, 2, …");
        assert!(
            s.start <= s.end && s.end <= input.len(),
            "sentence {i} has a bad span {}..{} (input is {} bytes)",
            s.start,
            s.end,
            input.len()
        );
        assert!(
            s.start >= prev_end,
            "sentence {i} ({}..{}) starts before the previous one ends ({prev_end})",
            s.start,
            s.end
        );
        prev_end = s.end;
        assert_eq!(
            input.get(s.start..s.end),
            Some(s.text.as_str()),
            "sentence {i}: text is not input[{}..{}]",
            s.start,
            s.end
        );
        assert!(!s.text.is_empty(), "sentence {i} is empty");
        assert_eq!(
            s.text.trim(),
            s.text,
            "sentence {i} is not trimmed of whitespace"
        );
        check_cues(
            &format!("scan, sentence {i}"),
            input,
            &s.cues,
            s.start,
            s.end,
        );

        let a = analyse(&s.text);
        let shifted: Vec<Cue> = a
            .cues
            .iter()
            .map(|c| Cue {
                start: c.start + s.start,
                end: c.end + s.start,
                ..c.clone()
            })
            .collect();
        assert_eq!(
            (
                a.claim,
                a.strength,
                a.uncertain,
                &a.source,
                a.source_kind,
                a.response,
                &shifted
            ),
            (
                s.claim,
                s.strength,
                s.uncertain,
                &s.source,
                s.source_kind,
                s.response,
                &s.cues
            ),
            "sentence {i}: analyse(text) disagrees with scan: {:?}",
            s.text
        );
    }

    let spans: Vec<_> = sentences.iter().map(|s| s.start..s.end).collect();
    assert_eq!(
        split(input),
        spans,
        "split and scan disagree on the sentences"
    );

    let whole = analyse(input);
    check_cues("analyse(input)", input, &whole.cues, 0, input.len());
});
