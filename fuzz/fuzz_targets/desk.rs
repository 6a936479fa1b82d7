//! The plain-text desk parsers on arbitrary UTF-8: they never panic, and whatever they accept the writers
//! write back into text that parses to the same value (`parse(write(parse(text))) == parse(text)`); and
//! the writer is deterministic. (Its first finding, an article key with a line break breaking the header
//! comment, is a regression test in `src/desk.rs`.)
#![no_main]

use claimtrack::desk::{parse_article, parse_claims, write_article, write_claims};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(file) = parse_article(text) {
        let written = write_article(&file);
        let again = parse_article(&written);
        assert_eq!(
            again,
            Ok(file.clone()),
            "article round trip failed\ninput:   {text:?}\nwritten: {written:?}"
        );
        assert_eq!(
            write_article(&file),
            written,
            "write_article is not deterministic"
        );
    }

    if let Ok(file) = parse_claims(text) {
        let written = write_claims(&file);
        let again = parse_claims(&written);
        assert_eq!(
            again,
            Ok(file.clone()),
            "claims round trip failed\ninput:   {text:?}\nwritten: {written:?}"
        );
        assert_eq!(
            write_claims(&file),
            written,
            "write_claims is not deterministic"
        );
    }
});
