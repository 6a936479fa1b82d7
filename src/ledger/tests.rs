//! The ledger's rules on an in-memory desk: statuses settled once per write and kept current through links,
//! grades and origins; nothing left behind by a failed write; cycles refused; stale statuses found.

use super::*;
use crate::error::Error;
use crate::model::*;

fn actor() -> Actor {
    Actor {
        name: "tester".to_string(),
        at: "2026-11-28T10:00:00Z".parse().unwrap(),
    }
}

fn article(ledger: &mut Ledger) -> ArticleId {
    ledger
        .write(&actor(), |w| {
            w.add_article(&NewArticle {
                title: "Dock fees".to_string(),
                body: Some("Officials allegedly took fees.".to_string()),
                ..Default::default()
            })
        })
        .unwrap()
}

fn new_claim(article: ArticleId, text: &str) -> NewClaim {
    NewClaim {
        article,
        key: None,
        text: text.to_string(),
        span: None,
        source: None,
        cue: None,
        strength: Strength::Hedged,
        response: None,
        source_kind: None,
    }
}

fn claim(ledger: &mut Ledger, article: ArticleId, text: &str) -> ClaimId {
    ledger
        .write(&actor(), |w| w.add_claim(&new_claim(article, text)))
        .unwrap()
}

fn evidence(
    ledger: &mut Ledger,
    title: &str,
    origin: &str,
    reliability: Reliability,
    credibility: Credibility,
) -> EvidenceId {
    ledger
        .write(&actor(), |w| {
            w.add_evidence(&NewEvidence {
                title: title.to_string(),
                origin: Some(origin.to_string()),
                reliability: Some(reliability),
                credibility: Some(credibility),
                ..Default::default()
            })
        })
        .unwrap()
}

fn status(ledger: &Ledger, claim: ClaimId) -> Status {
    ledger.read().claim(claim).unwrap().status
}

fn history(ledger: &Ledger, claim: ClaimId) -> Vec<(Action, String)> {
    ledger
        .read()
        .history(claim)
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect()
}

#[test]
fn keys_are_made_from_titles_and_numbers_and_given_ones_are_kept() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a1 = article(&mut ledger);
    let a2 = article(&mut ledger);
    let keys: Vec<String> = ledger
        .read()
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.key)
        .collect();
    assert_eq!(keys, ["dock-fees", "dock-fees-2"]);
    let c1 = claim(&mut ledger, a1, "One.");
    let given = ledger
        .write(&actor(), |w| {
            w.add_claim(&NewClaim {
                key: Some("c2".to_string()),
                ..new_claim(a1, "Two.")
            })
        })
        .unwrap();
    let c3 = claim(&mut ledger, a1, "Three.");
    let key = |id| ledger.read().claim(id).unwrap().key;
    assert_eq!(
        (key(c1), key(given), key(c3)),
        ("c1".into(), "c2".into(), "c3".into())
    );
    let taken = ledger
        .write(&actor(), |w| {
            w.add_claim(&NewClaim {
                key: Some("c1".to_string()),
                ..new_claim(a1, "Again.")
            })
        })
        .unwrap_err();
    assert_eq!(
        taken.to_string(),
        "article A1 already has a claim with key `c1`"
    );
    assert_eq!(claim(&mut ledger, a2, "Elsewhere."), ClaimId(4));
    assert_eq!(ledger.read().claim(ClaimId(4)).unwrap().key, "c1");
    let e = evidence(
        &mut ledger,
        "Audit",
        "Port",
        Reliability::B,
        Credibility::Probable,
    );
    assert_eq!(ledger.read().evidence(e).unwrap().key, "e1");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let events = ledger.read().event_count().unwrap();
    let result = ledger.write(&actor(), |w| {
        let c = w.add_claim(&new_claim(a, "First, fine."))?;
        w.link(c, EvidenceId(404), Stance::Supports, None)
    });
    assert!(matches!(
        result,
        Err(Error::NotFound {
            kind: RecordKind::Evidence,
            ..
        })
    ));
    assert_eq!(
        ledger.read().claims(&ClaimFilter::default()).unwrap(),
        vec![]
    );
    assert_eq!(ledger.read().event_count().unwrap(), events);
}

#[test]
fn a_status_is_settled_once_per_write_however_many_links_move_it() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let c = claim(&mut ledger, a, "Officials allegedly took fees.");
    let e1 = evidence(
        &mut ledger,
        "Audit",
        "Port",
        Reliability::B,
        Credibility::Probable,
    );
    let e2 = evidence(
        &mut ledger,
        "Note",
        "Ministry",
        Reliability::A,
        Credibility::Confirmed,
    );
    let e3 = evidence(
        &mut ledger,
        "Ruling",
        "Court",
        Reliability::A,
        Credibility::Confirmed,
    );
    ledger
        .write(&actor(), |w| {
            w.link(c, e1, Stance::Supports, None)?;
            // Inside the write the status has not moved yet: it is settled when the work is done.
            assert_eq!(w.read().claim(c)?.status, Status::Unverified);
            w.link(c, e2, Stance::Supports, None)?;
            w.link(c, e3, Stance::Refutes, None)?;
            w.unlink(c, e3)
        })
        .unwrap();
    assert_eq!(status(&ledger, c), Status::Corroborated);
    assert_eq!(
        history(&ledger, c),
        [
            (
                Action::ClaimAdd,
                "recorded claim C1 in A1 as hedged".to_string()
            ),
            (Action::Link, "linked E1 to C1: supports".to_string()),
            (Action::Link, "linked E2 to C1: supports".to_string()),
            (Action::Link, "linked E3 to C1: refutes".to_string()),
            (Action::Unlink, "unlinked E3 from C1".to_string()),
            (
                Action::Status,
                "status of C1 moved from unverified to corroborated".to_string()
            ),
        ]
    );
    // A write that moves nothing records no status event.
    let linked = ledger
        .write(&actor(), |w| w.link(c, e1, Stance::Supports, None))
        .unwrap();
    assert!(!linked);
    assert_eq!(history(&ledger, c).len(), 6);
}

#[test]
fn statuses_follow_links_grades_and_origins_in_the_same_transaction() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let c1 = claim(&mut ledger, a, "Officials allegedly took fees.");
    let c2 = claim(&mut ledger, a, "The fees reached 300 crowns.");
    let e1 = evidence(
        &mut ledger,
        "Audit",
        "Port Authority",
        Reliability::B,
        Credibility::Probable,
    );
    let e2 = evidence(
        &mut ledger,
        "Ministry note",
        "Ministry",
        Reliability::A,
        Credibility::Confirmed,
    );
    ledger
        .write(&actor(), |w| w.link(c1, e1, Stance::Supports, None))
        .unwrap();
    ledger
        .write(&actor(), |w| w.link(c2, e1, Stance::Supports, None))
        .unwrap();
    assert_eq!(status(&ledger, c1), Status::SingleSource);
    ledger
        .write(&actor(), |w| w.link(c1, e2, Stance::Supports, None))
        .unwrap();
    assert_eq!(status(&ledger, c1), Status::Corroborated);
    // Tracing the ministry note to the port authority makes it the same line: circular reporting.
    let port = ledger
        .read()
        .source_by_name("Port Authority")
        .unwrap()
        .unwrap()
        .id;
    let grades = EvidenceGrades {
        origin: Some(port),
        derived_from: None,
        reliability: Some(Reliability::A),
        credibility: Credibility::Confirmed,
    };
    ledger
        .write(&actor(), |w| w.update_evidence(e2, &grades))
        .unwrap();
    assert_eq!(status(&ledger, c1), Status::SingleSource);
    // Refuting with credible evidence disputes the claim resting on E1.
    let e3 = evidence(
        &mut ledger,
        "Court ruling",
        "Court",
        Reliability::A,
        Credibility::Confirmed,
    );
    ledger
        .write(&actor(), |w| w.link(c2, e3, Stance::Refutes, None))
        .unwrap();
    assert_eq!(status(&ledger, c2), Status::Disputed);
    // Grading the port authority down does not reach E1, which has its own grade.
    ledger
        .write(&actor(), |w| {
            w.update_source(port, SourceKind::Organisation, Some(Reliability::E))
        })
        .unwrap();
    assert_eq!(status(&ledger, c2), Status::Disputed);
    ledger.write(&actor(), |w| w.unlink(c2, e3)).unwrap();
    assert_eq!(status(&ledger, c2), Status::SingleSource);
    assert!(ledger.read().stale_statuses().unwrap().is_empty());
}

#[test]
fn a_source_grade_flows_to_evidence_without_its_own() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let c = claim(&mut ledger, a, "Officials allegedly took fees.");
    let source = ledger
        .write(&actor(), |w| {
            w.add_source("Wire", SourceKind::Media, Some(Reliability::B))
        })
        .unwrap();
    let e = ledger
        .write(&actor(), |w| {
            w.add_evidence(&NewEvidence {
                title: "Wire story".into(),
                origin: Some("wire".into()),
                credibility: Some(Credibility::Probable),
                ..Default::default()
            })
        })
        .unwrap();
    let item = ledger.read().evidence(e).unwrap();
    assert_eq!(
        (item.own_reliability, item.reliability),
        (None, Reliability::B)
    );
    assert_eq!(
        item.origin.as_deref(),
        Some("Wire"),
        "the name as registered"
    );
    ledger
        .write(&actor(), |w| w.link(c, e, Stance::Refutes, None))
        .unwrap();
    assert_eq!(status(&ledger, c), Status::Refuted);
    ledger
        .write(&actor(), |w| {
            w.update_source(source, SourceKind::Media, Some(Reliability::E))
        })
        .unwrap();
    assert_eq!(
        ledger.read().evidence(e).unwrap().reliability,
        Reliability::E
    );
    assert_eq!(status(&ledger, c), Status::Unverified);
    assert_eq!(
        history(&ledger, c).last(),
        Some(&(
            Action::Status,
            "status of C1 moved from refuted to unverified".to_string()
        ))
    );
}

#[test]
fn a_new_origin_is_registered_and_the_event_names_the_grade_that_counts() {
    let mut ledger = Ledger::in_memory().unwrap();
    ledger
        .write(&actor(), |w| {
            w.add_source(
                "Port Authority",
                SourceKind::Organisation,
                Some(Reliability::B),
            )
        })
        .unwrap();
    ledger
        .write(&actor(), |w| {
            w.add_evidence(&NewEvidence {
                title: "Audit".into(),
                origin: Some("Port Authority".into()),
                credibility: Some(Credibility::Probable),
                ..Default::default()
            })?;
            w.add_evidence(&NewEvidence {
                title: "Leak".into(),
                origin: Some("Anonymous docker".into()),
                ..Default::default()
            })
        })
        .unwrap();
    let sources: Vec<(String, SourceKind, Option<Reliability>)> = ledger
        .read()
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.kind, s.reliability))
        .collect();
    assert_eq!(
        sources,
        [
            ("Anonymous docker".to_string(), SourceKind::Other, None),
            (
                "Port Authority".to_string(),
                SourceKind::Organisation,
                Some(Reliability::B)
            )
        ]
    );
    let items: Vec<String> = ledger
        .read()
        .all_evidence()
        .unwrap()
        .into_iter()
        .map(|e| {
            format!(
                "{} {}{} {:?}",
                e.key, e.reliability, e.credibility, e.origin
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            "e1 B2 Some(\"Port Authority\")",
            "e2 F6 Some(\"Anonymous docker\")"
        ]
    );
}

#[test]
fn derived_from_cycles_are_refused() {
    let mut ledger = Ledger::in_memory().unwrap();
    let e1 = evidence(
        &mut ledger,
        "One",
        "A",
        Reliability::B,
        Credibility::Probable,
    );
    let derived = |ledger: &mut Ledger, title: &str, parent| {
        ledger
            .write(&actor(), |w| {
                w.add_evidence(&NewEvidence {
                    title: title.into(),
                    derived_from: Some(parent),
                    ..Default::default()
                })
            })
            .unwrap()
    };
    let e2 = derived(&mut ledger, "Two", e1);
    let e3 = derived(&mut ledger, "Three", e2);
    let grades = EvidenceGrades {
        origin: None,
        derived_from: Some(e3),
        reliability: Some(Reliability::B),
        credibility: Credibility::Probable,
    };
    let err = ledger
        .write(&actor(), |w| w.update_evidence(e1, &grades))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "E1 cannot derive from E3: that would make a cycle (E1 → E3 → E2 → E1)"
    );
    let missing = ledger
        .write(&actor(), |w| {
            w.update_evidence(
                e1,
                &EvidenceGrades {
                    derived_from: Some(EvidenceId(9)),
                    ..grades.clone()
                },
            )
        })
        .unwrap_err();
    assert_eq!(missing.to_string(), "evidence `E9` not found");
}

#[test]
fn verdicts_supersede_and_keep_who_and_when() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let c = claim(&mut ledger, a, "Officials allegedly took fees.");
    let verdict = |rating, author: Option<&str>, at: Option<&str>| NewVerdict {
        rating,
        rationale: "Because.".to_string(),
        confidence: Confidence::High,
        author: author.map(str::to_string),
        at: at.map(|t| t.parse().unwrap()),
        summary: None,
    };
    ledger
        .write(&actor(), |w| {
            w.add_verdict(c, &verdict(Rating::Unproven, None, None))
        })
        .unwrap();
    ledger
        .write(&actor(), |w| {
            w.add_verdict(
                c,
                &verdict(Rating::False, Some("editor"), Some("2026-10-20T09:00:00Z")),
            )
        })
        .unwrap();
    assert_eq!(ledger.read().claim(c).unwrap().verdict, Some(Rating::False));
    let kept: Vec<(Rating, String, String)> = ledger
        .read()
        .verdicts(c)
        .unwrap()
        .into_iter()
        .map(|v| (v.rating, v.author, v.created_at.to_string()))
        .collect();
    assert_eq!(
        kept,
        [
            (
                Rating::Unproven,
                "tester".into(),
                "2026-11-28T10:00:00Z".into()
            ),
            (
                Rating::False,
                "editor".into(),
                "2026-10-20T09:00:00Z".into()
            )
        ]
    );
    assert_eq!(
        history(&ledger, c).last().map(|e| e.1.as_str()),
        Some("rated C1 false (high confidence), superseding unproven")
    );
    let empty = ledger
        .write(&actor(), |w| {
            w.add_verdict(
                c,
                &NewVerdict {
                    rationale: "  ".to_string(),
                    ..verdict(Rating::True, None, None)
                },
            )
        })
        .unwrap_err();
    assert_eq!(empty.to_string(), "the verdict's rationale is empty");
}

#[test]
fn stale_statuses_are_found_for_linked_and_unlinked_claims() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let linked = claim(&mut ledger, a, "Officials allegedly took fees.");
    let lone = claim(&mut ledger, a, "The fees reached 300 crowns.");
    let fine = claim(&mut ledger, a, "The port handled 4.5 million tonnes.");
    let e1 = evidence(
        &mut ledger,
        "Audit",
        "Port Authority",
        Reliability::B,
        Credibility::Probable,
    );
    let e2 = evidence(
        &mut ledger,
        "Ministry note",
        "Ministry",
        Reliability::A,
        Credibility::Confirmed,
    );
    for (c, e) in [(linked, e1), (linked, e2), (fine, e1)] {
        ledger
            .write(&actor(), |w| w.link(c, e, Stance::Supports, None))
            .unwrap();
    }
    assert!(ledger.read().stale_statuses().unwrap().is_empty());
    // A status written past the rules, as a damaged desk or another client might.
    let mut tx = ledger.backend_mut().begin().unwrap();
    tx.set_claim_status(linked, Status::Refuted).unwrap();
    tx.set_claim_status(lone, Status::Disputed).unwrap();
    tx.commit().unwrap();
    assert_eq!(
        ledger.read().stale_statuses().unwrap(),
        vec![
            (linked, Status::Refuted, Status::Corroborated),
            (lone, Status::Disputed, Status::Unverified)
        ]
    );
}

#[test]
fn events_keep_their_order_across_batches() {
    let mut ledger = Ledger::in_memory().unwrap();
    let a = article(&mut ledger);
    let n = events::BATCH + 10;
    let ids = ledger
        .write(&actor(), |w| {
            (0..n)
                .map(|i| w.add_claim(&new_claim(a, &format!("Claim number {i}."))))
                .collect::<Result<Vec<_>>>()
        })
        .unwrap();
    assert_eq!(ledger.read().event_count().unwrap(), n as u64 + 1);
    let last = *ids.last().unwrap();
    assert_eq!(
        history(&ledger, last),
        [(
            Action::ClaimAdd,
            format!("recorded claim {last} in A1 as hedged")
        )]
    );
}
