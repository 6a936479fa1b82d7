//! Claims and their paraphrases in the shape a desk meets them (an article's wording, a post with a tag and a
//! link), written for these tests, with the full ranking BM25F must give each.

use super::index::{DocTerms, Document, MemoryIndex};
use super::rank::{search, Bm25Params};
use super::text::Analyzer;

/// The desk: claim text and the title of the article it came from.
const DESK: &[(u32, &str, &str)] = &[
    (
        1,
        "Tolland's jobless rate doubled in the two years since the shipyard closed.",
        "Shipyard closure hits Tolland",
    ),
    (
        2,
        "Ferry fares in Alderhaven have risen by 40 percent since the port was sold.",
        "Alderhaven port sale",
    ),
    (
        3,
        "The regional hospital in Brask closed its maternity ward in March.",
        "Brask hospital cuts",
    ),
    (
        4,
        "Half of Tolland's buses now run on hydrogen, the transport authority says.",
        "Tolland transport",
    ),
    (
        5,
        "The Ostra dam leaks 40,000 litres of water an hour, engineers warned.",
        "Ostra dam inspection",
    ),
    (
        6,
        "Police recorded fewer burglaries in Alderhaven last year than in any year since 1990.",
        "Alderhaven crime figures",
    ),
    (
        7,
        "Tolland council spent 2 million crowns on a new logo.",
        "Council spending",
    ),
    (
        8,
        "Unemployment among young people in Brask fell by a third.",
        "Brask jobs report",
    ),
];

fn ranking(query: &str) -> Vec<u32> {
    let analyzer = Analyzer::new();
    let mut index = MemoryIndex::new();
    for &(id, claim, title) in DESK {
        index.insert(
            id,
            DocTerms::new(
                &analyzer,
                &Document {
                    claim,
                    title,
                    context: "",
                },
            ),
        );
    }
    search(&Bm25Params::default(), &analyzer, &index, query)
        .iter()
        .map(|h| h.doc)
        .collect()
}

#[test]
fn each_paraphrase_finds_its_claim_first_and_the_rest_in_order() {
    let cases: &[(&str, &[u32])] = &[
        // "jobless rate doubled" said as "unemployment is twice what it was": the place and the shipyard carry it;
        // C8 shares "unemployment", C4 and C7 only "Tolland".
        ("Since the shipyard shut, unemployment in Tolland is twice what it was, the union said.", &[1, 8, 4, 7, 2, 6]),
        // A post: the tag's words and the percentage sign are cleaned away, the link dropped.
        (
            "Crossing to Alderhaven by ferry now costs 40% more than before the port's sale #AlderhavenPort https://t.co/abc",
            &[2, 6],
        ),
        ("Mothers-to-be in Brask must now travel elsewhere: the hospital shut its maternity unit this spring.", &[3, 8]),
        // "forty thousand" does not meet "40,000", but the dam, the engineers, litres and hours do.
        ("Engineers say the Ostra dam is losing forty thousand litres every hour", &[5, 4]),
        ("Burglaries in #Alderhaven are at their lowest since 1990 @AlderhavenPolice pic.twitter.com/x1", &[6, 2, 1]),
        ("The council paid two million crowns for a logo, documents show.", &[7, 1]),
        ("Young people in Brask are finding work: youth unemployment is down by a third.", &[8, 3]),
        ("Hydrogen buses: half of the fleet in Tolland has switched, officials say", &[4, 1, 7]),
        ("The jobless rate doubled.", &[1]),
    ];
    for (query, expected) in cases {
        assert_eq!(ranking(query), *expected, "{query}");
    }
}

#[test]
fn a_paraphrase_sharing_no_term_is_beyond_the_lexical_ranker() {
    // The limit the dense signal is for: nothing of "unemployment is twice what it was" survives as a term of
    // C1, so BM25F ranks C8 (which shares "unemployment") and never C1. The hybrid re-ranks BM25F's candidates,
    // so it needs at least one shared term too; the desk's own wording (a place, a name) usually supplies it.
    assert_eq!(ranking("Unemployment is twice what it was."), [8]);
}
