//! The scanner's strength accuracy on the project's labelled set, `eval/strength.tsv`, must stay at or above
//! 0.90 (issue 3).

use std::path::Path;

use claimtrack::scanner::eval;

#[test]
fn strength_accuracy_on_the_labelled_set_is_at_least_0_90() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/strength.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let items = eval::parse_tsv(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        items.len() >= 200,
        "the labelled set should hold at least 200 sentences, found {}",
        items.len()
    );
    let report = eval::evaluate(&items);
    let accuracy = report.strength.accuracy();
    assert!(
        accuracy >= 0.90,
        "strength accuracy {accuracy:.3} is below 0.90; misses: {:#?}",
        report.misses
    );
    assert_eq!(
        report.one_sentence,
        items.len(),
        "every labelled sentence should split as one sentence"
    );
}
