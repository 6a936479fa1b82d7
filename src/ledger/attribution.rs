//! A claim's attribution as it is recorded by hand (`claim add`, a spreadsheet's rows): what the fact-checker
//! gave, completed by one reading of the scanner, and who the claim is attributed to, by kind.
//!
//! The kind is never guessed past what is known. In this order, the first that says something:
//! 1. the kind typed (`--source-kind`, a spreadsheet's `source kind`);
//! 2. the kind the claim's strength allows alone: `document`, `anonymous`, `reported` (other media), and
//!    `hedged` or `unattributed` with no source (the writer's own voice). `on_record` could be a person or an
//!    organisation, so it says nothing;
//! 3. the kind of the desk's source record of the claim's source (`source add --kind`), unless it is `other`;
//! 4. the scanner's kind, when the source recorded is the one the scanner read in the sentence (none typed, or
//!    the same name typed);
//! 5. else unknown (`None`): a source typed that the desk knows nothing of stays untyped.
//!
//! `scan --record` keeps the scanner's reading of the whole article, and a desk file its `source_kind` field as
//! written (absent: unknown, so that export and import lose nothing); only a file claim that leaves out its strength
//! is read here, without the record step, as the import does not look sources up per claim.

use super::sources::source_identity;
use super::Reader;
use crate::error::Result;
use crate::model::{ClaimSourceKind, SourceKind, Strength};
use crate::scanner::{self, Attribution, GivenAttribution};

/// The attribution to record, and what the scanner read of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Completed {
    pub attribution: Attribution,
    read: Read,
}

/// The scanner's reading of the sentence's source, kept for the kind: comparing it with the source recorded
/// normalises both names, so it is done only when the kind is not known otherwise (step 4).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Read {
    source: Option<String>,
    kind: ClaimSourceKind,
    /// A strength was typed, so the scanner's reading of the sentence is not what is recorded.
    strength_typed: bool,
}

impl Completed {
    /// The scanner's kind, when the source recorded is the one it read. It holds for a source recorded under the
    /// same name, and for no source only when the scanner's whole reading is recorded (with a strength typed, its
    /// "no source" kind would contradict it). "Not a claim" is no kind for a claim being recorded.
    pub fn scanned(&self) -> Option<ClaimSourceKind> {
        let read = &self.read;
        let same_source = match (&self.attribution.source, &read.source) {
            // The same text is the usual case and costs no normalising.
            (Some(recorded), Some(read)) => {
                recorded == read || source_identity(recorded) == source_identity(read)
            }
            (None, None) => !read.strength_typed,
            _ => false,
        };
        Some(read.kind).filter(|kind| same_source && *kind != ClaimSourceKind::NotAClaim)
    }
}

/// What the fact-checker gave, completed from one reading of the sentence: the same attribution
/// `scanner::complete_attribution` gives (a test holds the two together), with the scanner's reading of the source
/// beside it.
pub(super) fn complete(text: &str, given: GivenAttribution) -> Completed {
    let analysis = scanner::analyse(text);
    let response = given.response.or(analysis.response);
    let strength_typed = given.strength.is_some();
    let attribution = match given.strength {
        Some(strength) => Attribution {
            strength,
            source: given.source,
            cue: given.cue,
            response,
        },
        None => Attribution {
            strength: analysis.strength,
            source: given.source.or_else(|| analysis.source.clone()),
            cue: given
                .cue
                .or_else(|| scanner::governing_cue(analysis.strength, &analysis.cues)),
            response,
        },
    };
    Completed {
        attribution,
        read: Read {
            source: analysis.source,
            kind: analysis.source_kind,
            strength_typed,
        },
    }
}

/// The kind a claim's strength allows alone (step 2 of the module's order).
fn implied_by(strength: Strength, has_source: bool) -> Option<ClaimSourceKind> {
    match strength {
        Strength::Document => Some(ClaimSourceKind::Document),
        Strength::Anonymous => Some(ClaimSourceKind::Anonymous),
        Strength::Reported => Some(ClaimSourceKind::OtherMedia),
        Strength::Hedged | Strength::Unattributed if !has_source => Some(ClaimSourceKind::OwnVoice),
        Strength::OnRecord | Strength::Hedged | Strength::Unattributed => None,
    }
}

/// The kind to record, by the module's order; the record and the scanner are asked only when the steps before
/// them say nothing.
pub(super) fn kind_of(
    typed: Option<ClaimSourceKind>,
    completed: &Completed,
    record: impl FnOnce() -> Result<Option<SourceKind>>,
) -> Result<Option<ClaimSourceKind>> {
    let attribution = &completed.attribution;
    if let Some(kind) =
        typed.or_else(|| implied_by(attribution.strength, attribution.source.is_some()))
    {
        return Ok(Some(kind));
    }
    Ok(record()?
        .and_then(ClaimSourceKind::of_source)
        .or_else(|| completed.scanned()))
}

/// The kind of the desk's source record named `source`, when there is one.
pub(super) fn record_kind(db: &Reader<'_>, source: Option<&str>) -> Result<Option<SourceKind>> {
    match source {
        Some(name) => Ok(db.source_by_name(name)?.map(|s| s.kind)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimSourceKind as K, Response};

    fn given(strength: Option<Strength>, source: Option<&str>) -> GivenAttribution {
        GivenAttribution {
            strength,
            source: source.map(str::to_string),
            cue: None,
            response: None,
        }
    }

    #[test]
    fn the_attribution_is_the_scanner_s_completion_of_what_was_given() {
        let sentences = [
            "\"Nobody signs up to drive for free,\" said Petra Lind, a shift representative.",
            "Two supervisors, speaking on condition of anonymity, said the practice began in March.",
            "City Transit denied that drivers had been asked to work without pay.",
            "The depot runs 140 buses.",
            "Drivers were allegedly made to log unpaid overtime.",
        ];
        for text in sentences {
            for strength in [None, Some(Strength::OnRecord), Some(Strength::Hedged)] {
                for source in [None, Some("Petra Lind"), Some("someone else")] {
                    let mut typed = given(strength, source);
                    typed.response = (source == Some("someone else")).then_some(Response::Denial);
                    assert_eq!(
                        complete(text, typed.clone()).attribution,
                        scanner::complete_attribution(text, typed),
                        "{text} {strength:?} {source:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_scanner_s_kind_comes_only_with_the_source_it_read() {
        let text =
            "\"Nobody signs up to drive for free,\" said Petra Lind, a shift representative.";
        let read = scanner::analyse(text);
        assert_eq!(read.source.as_deref(), Some("Petra Lind"));
        let kind = read.source_kind;
        assert_eq!(complete(text, given(None, None)).scanned(), Some(kind));
        assert_eq!(
            complete(text, given(None, Some("petra  LIND"))).scanned(),
            Some(kind),
            "the same name, however it is spelled"
        );
        assert_eq!(
            complete(text, given(None, Some("The union"))).scanned(),
            None
        );
        assert_eq!(
            complete(text, given(Some(Strength::Hedged), None)).scanned(),
            None,
            "a strength typed with no source leaves out the source the scanner read"
        );
        let bare = "Rents rose by a tenth.";
        assert_eq!(scanner::analyse(bare).source, None);
        assert_eq!(
            complete(bare, given(Some(Strength::OnRecord), None)).scanned(),
            None,
            "the scanner's reading of no source does not type a source the fact-checker says is on the record"
        );
    }

    /// `kind_of` over an attribution the scanner read `scanned` of, with the desk's record `record`.
    fn decided(
        typed: Option<K>,
        attribution: &Attribution,
        record: Option<SourceKind>,
        scanned: Option<K>,
    ) -> Option<K> {
        let completed = Completed {
            attribution: attribution.clone(),
            read: Read {
                source: attribution.source.clone(),
                kind: scanned.unwrap_or(K::NotAClaim),
                strength_typed: false,
            },
        };
        kind_of(typed, &completed, || Ok(record)).unwrap()
    }

    #[test]
    fn the_record_is_asked_only_when_the_kind_is_not_known_otherwise() {
        let completed = complete(
            "The audit found fees.",
            given(Some(Strength::Document), None),
        );
        assert_eq!(
            kind_of(None, &completed, || panic!("not asked")).unwrap(),
            Some(K::Document)
        );
        assert_eq!(
            kind_of(Some(K::NamedPerson), &completed, || panic!("not asked")).unwrap(),
            Some(K::NamedPerson)
        );
    }

    #[test]
    fn the_kind_is_what_was_typed_then_the_strength_s_then_the_record_s_then_the_scanner_s() {
        let on_record = |source: Option<&str>| Attribution {
            strength: Strength::OnRecord,
            source: source.map(str::to_string),
            cue: None,
            response: None,
        };
        let lind = on_record(Some("Petra Lind"));
        let person = Some(SourceKind::Person);
        let scanned = Some(K::NamedOrganization);
        assert_eq!(
            decided(Some(K::Anonymous), &lind, person, scanned),
            Some(K::Anonymous)
        );
        assert_eq!(decided(None, &lind, person, scanned), Some(K::NamedPerson));
        assert_eq!(
            decided(None, &lind, Some(SourceKind::Other), scanned),
            scanned,
            "`other` says nothing"
        );
        assert_eq!(decided(None, &lind, None, scanned), scanned);
        assert_eq!(decided(None, &lind, None, None), None, "never invented");
        for (strength, source, kind) in [
            (Strength::Document, Some("The audit"), Some(K::Document)),
            (
                Strength::Anonymous,
                Some("Two supervisors"),
                Some(K::Anonymous),
            ),
            (Strength::Reported, None, Some(K::OtherMedia)),
            (Strength::Hedged, None, Some(K::OwnVoice)),
            (Strength::Unattributed, None, Some(K::OwnVoice)),
            (Strength::Hedged, Some("Petra Lind"), None),
            (Strength::OnRecord, None, None),
        ] {
            let attribution = Attribution {
                strength,
                ..on_record(source)
            };
            assert_eq!(
                decided(None, &attribution, person.filter(|_| false), None),
                kind,
                "{strength} {source:?}"
            );
            if kind.is_some() {
                assert_eq!(
                    decided(None, &attribution, person, scanned),
                    kind,
                    "the strength's kind beats the record's and the scanner's"
                );
            }
        }
    }
}
