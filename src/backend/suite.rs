//! One test suite of the row-level interface, run against every backend (as TaskChampion's `storage_tests!`):
//! each test is a function over `&mut dyn Backend` here, and `backend_tests!(module, make)` runs all of them on
//! the backends `make` opens, one fresh desk per test. `make` returns `None` when the backend is not available on
//! this machine (a server desk without its URL); the test then passes without running, unless `CI` is set.
//!
//! The instances are at the bottom of this file; a new backend adds one line there.

use std::any::Any;
use std::collections::HashMap;

use super::*;
use crate::error::Error;
use crate::model::{Event, Reliability};

/// A fresh, empty desk for one test, and whatever must live as long as it (a temporary folder, a scratch
/// database to drop).
pub(crate) struct TestDesk {
    pub backend: Box<dyn Backend>,
    pub _keep: Option<Box<dyn Any>>,
}

/// Runs every test of the suite against the desks `$make` opens.
macro_rules! backend_tests {
    ($module:ident, $make:path) => {
        mod $module {
            backend_tests!(@each $make;
                articles_are_found_by_id_and_key_and_keep_their_key,
                claims_come_back_with_ids_in_order_and_filters_select_them,
                a_claim_keeps_its_source_kind_however_it_is_written,
                the_newest_verdict_is_the_claims_rating,
                sources_are_one_name_ignoring_case,
                evidence_carries_its_own_grade_and_its_origins,
                evidence_ids_are_looked_up_by_many_keys_at_once,
                links_are_made_changed_removed_and_graded,
                supporting_links_come_with_each_step_of_their_chains,
                descendants_and_origins_find_the_claims_they_reach,
                events_append_in_order_and_a_claims_history_reaches_its_evidence,
                counts_group_by_article_status_and_strength,
                settings_are_replaced,
                a_dropped_transaction_leaves_nothing,
                a_stream_can_read_while_it_streams_and_stops_on_an_error,
                a_whole_desk_copies_row_for_row,
                bulk_inserts_keep_the_order_and_ids_of_one_by_one_inserts,
                small_and_large_batches_follow_on_in_one_order,
                a_backup_is_a_whole_copy_and_tells_how_far_it_is,
                reviews_are_one_per_address_and_claim_and_come_back_whole,
                match_segments_keep_their_blobs_exactly_and_ids_only_grow,
                every_revision_keeps_its_text_and_the_latest_is_the_articles,
                a_revision_follows_only_the_latest,
                articles_are_found_by_a_text_they_hold_or_held,
                anchors_are_kept_per_claim_and_revision_and_replaced
            );
        }
    };
    (@each $make:path; $($test:ident),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                match $make() {
                    Some(mut desk) => $crate::backend::suite::$test(&mut *desk.backend),
                    None => eprintln!("skipped: this backend is not available here"),
                }
            }
        )+
    };
}

/// A variable a backend's tests need: `None` when it is unset, which skips them, unless `CI` is set, where a
/// missing server is a failure rather than a silent pass.
#[allow(dead_code)]
pub(crate) fn required_env(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Some(value),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI is set but {name} is not: the backend tests cannot run")
        }
        _ => None,
    }
}

fn at(text: &str) -> Timestamp {
    text.parse().expect("a time")
}

pub(crate) fn article_row<'a>(key: &'a str, title: &'a str) -> ArticleRow<'a> {
    ArticleRow {
        key,
        title,
        outlet: Some("The Ledger"),
        url: None,
        published: Some("2026-10-14"),
        author: None,
        body: Some("Officials allegedly took fees. The union said 300 paid."),
        created_at: at("2026-11-28T10:00:00Z"),
        desk: None,
    }
}

pub(crate) fn claim_row<'a>(
    article: ArticleId,
    key: &'a str,
    text: &'a str,
    strength: Strength,
) -> ClaimRow<'a> {
    ClaimRow {
        article,
        key,
        text,
        span: None,
        source: None,
        cue: None,
        strength,
        response: None,
        source_kind: None,
        status: Status::Unverified,
        created_at: at("2026-11-28T10:00:00Z"),
    }
}

fn source_row(name: &str, reliability: Option<Reliability>) -> SourceRow<'_> {
    // The identity is the ledger's to make; leaked so the row can borrow it, as rows borrow everything.
    let identity: &'static str = Box::leak(crate::ledger::source_identity(name).into_boxed_str());
    SourceRow {
        name,
        identity,
        kind: SourceKind::Organisation,
        reliability,
        created_at: at("2026-11-28T10:00:00Z"),
    }
}

fn evidence_row<'a>(key: &'a str, grades: EvidenceGrades) -> EvidenceRow<'a> {
    EvidenceRow {
        key,
        details: EvidenceDetails {
            title: key,
            url: None,
            archived_url: None,
            retrieved_at: None,
            sha256: None,
            notes: None,
        },
        grades,
        created_at: at("2026-11-28T10:00:00Z"),
        desk: None,
    }
}

fn grades(
    origin: Option<SourceId>,
    derived_from: Option<EvidenceId>,
    own: Option<Reliability>,
) -> EvidenceGrades {
    EvidenceGrades {
        origin,
        derived_from,
        reliability: own,
        credibility: Credibility::Probable,
    }
}

fn link_row(claim: ClaimId, evidence: EvidenceId, stance: Stance) -> LinkRow<'static> {
    LinkRow {
        claim,
        evidence,
        stance,
        note: None,
        created_at: at("2026-11-28T10:00:00Z"),
    }
}

fn event_row(action: Action, refs: EventRefs, detail: &str) -> EventRow<'static> {
    EventRow {
        at: at("2026-11-28T10:00:00Z"),
        actor: "tester",
        action,
        refs,
        detail: detail.to_string(),
    }
}

/// Every claim a filter streams, by id.
fn ids(rows: &dyn Rows, filter: &ClaimFilter) -> Vec<ClaimId> {
    let mut ids = Vec::new();
    rows.each_claim(filter, &mut |claim| {
        ids.push(claim.id);
        Ok(())
    })
    .expect("streamed");
    ids
}

pub(crate) fn articles_are_found_by_id_and_key_and_keep_their_key(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let first = tx
        .insert_article(&article_row("dock-fees", "Dock fees"))
        .expect("inserted");
    let second = tx
        .insert_article(&ArticleRow {
            body: None,
            ..article_row("port-audit", "Port audit")
        })
        .expect("inserted");
    assert!(second.0 > first.0, "ids grow: {first} then {second}");
    tx.update_article(
        first,
        &ArticleRow {
            outlet: None,
            created_at: at("2030-01-01T00:00:00Z"),
            ..article_row("ignored", "Dock fees, revised")
        },
    )
    .expect("updated");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let article = rows.article(first).expect("read").expect("there");
    assert_eq!(article.key, "dock-fees", "the key stays");
    assert_eq!(article.title, "Dock fees, revised");
    assert_eq!(article.outlet, None);
    assert_eq!(article.published.as_deref(), Some("2026-10-14"));
    assert_eq!(
        article.created_at,
        at("2026-11-28T10:00:00Z"),
        "the creation time stays"
    );
    assert_eq!(article.claims, 0);
    assert_eq!(
        rows.article_by_key("port-audit")
            .expect("read")
            .map(|a| a.id),
        Some(second)
    );
    assert_eq!(rows.article_by_key("nowhere").expect("read"), None);
    assert_eq!(rows.article_body(second).expect("read"), Some(None));
    assert_eq!(
        rows.article_body(first).expect("read").flatten().as_deref(),
        Some("Officials allegedly took fees. The union said 300 paid.")
    );
    assert_eq!(rows.article_body(ArticleId(999)).expect("read"), None);
    let mut keys = Vec::new();
    rows.each_article(&mut |a| {
        keys.push(a.key);
        Ok(())
    })
    .expect("streamed");
    assert_eq!(keys, ["dock-fees", "port-audit"]);
}

/// A claim's source kind is stored and returned as given, unknown included: one claim at a time, in bulk (the
/// server's `COPY` path from 64 rows), by an update, and in the rows a copy reads.
pub(crate) fn a_claim_keeps_its_source_kind_however_it_is_written(backend: &mut dyn Backend) {
    let kinds: Vec<Option<ClaimSourceKind>> = std::iter::once(None)
        .chain(ClaimSourceKind::ALL.iter().copied().map(Some))
        .collect();
    let keys: Vec<String> = (0..80).map(|i| format!("c{i}")).collect();
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let one = tx
        .insert_claims(&[ClaimRow {
            source_kind: Some(ClaimSourceKind::OwnVoice),
            ..claim_row(a, "one", "One.", Strength::Hedged)
        }])
        .expect("inserted")[0];
    let bulk: Vec<ClaimRow<'_>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| ClaimRow {
            source_kind: kinds[i % kinds.len()],
            ..claim_row(a, key, "Many.", Strength::OnRecord)
        })
        .collect();
    // The server writes two rows or more with `COPY` (`postgres::claims::COPY_FROM`).
    assert!(bulk.len() >= 2);
    let ids = tx.insert_claims(&bulk).expect("inserted");
    tx.update_claim(
        ids[1],
        &ClaimRow {
            source_kind: Some(ClaimSourceKind::Document),
            ..claim_row(a, "c1", "Many.", Strength::Document)
        },
    )
    .expect("updated");
    tx.update_claim(ids[2], &claim_row(a, "c2", "Many.", Strength::OnRecord))
        .expect("updated");
    tx.commit().expect("committed");

    let rows = backend.rows();
    assert_eq!(
        rows.claim(one).expect("read").expect("there").source_kind,
        Some(ClaimSourceKind::OwnVoice)
    );
    let mut expected: Vec<Option<ClaimSourceKind>> =
        (0..keys.len()).map(|i| kinds[i % kinds.len()]).collect();
    expected[1] = Some(ClaimSourceKind::Document);
    expected[2] = None;
    let mut streamed = Vec::new();
    rows.each_claim(
        &ClaimFilter {
            article: Some(a),
            ..Default::default()
        },
        &mut |claim| {
            if claim.id != one {
                streamed.push(claim.source_kind);
            }
            Ok(())
        },
    )
    .expect("streamed");
    assert_eq!(streamed, expected);
    assert_eq!(
        rows.claim_by_key(a, "c8")
            .expect("read")
            .expect("there")
            .source_kind,
        expected[8]
    );
    let mut stored = Vec::new();
    rows.each_stored(Table::Claims, &mut |row| {
        if let StoredRow::Claim { claim, .. } = row {
            stored.push((claim.id, claim.source_kind));
        }
        Ok(())
    })
    .expect("streamed");
    let mut wanted = vec![(one, Some(ClaimSourceKind::OwnVoice))];
    wanted.extend(ids.iter().copied().zip(expected));
    assert_eq!(stored, wanted);
}

pub(crate) fn claims_come_back_with_ids_in_order_and_filters_select_them(
    backend: &mut dyn Backend,
) {
    let mut tx = backend.begin().expect("begun");
    let a1 = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let a2 = tx.insert_article(&article_row("b", "B")).expect("inserted");
    let rows = [
        claim_row(a1, "c1", "One.", Strength::OnRecord),
        claim_row(a1, "c2", "Two.", Strength::Unattributed),
        claim_row(a2, "c1", "Three.", Strength::Hedged),
        ClaimRow {
            span: Some((0, 5)),
            source: Some("The union"),
            cue: Some("said"),
            response: Some(Response::Denial),
            ..claim_row(a2, "c2", "Four.", Strength::Unattributed)
        },
    ];
    let ids_given = tx.insert_claims(&rows).expect("inserted");
    assert_eq!(ids_given.len(), 4);
    assert!(ids_given.windows(2).all(|w| w[0] < w[1]), "{ids_given:?}");
    let [c1, c2, c3, c4] = [ids_given[0], ids_given[1], ids_given[2], ids_given[3]];
    tx.set_claim_status(c3, Status::Refuted).expect("set");
    tx.update_claim(
        c1,
        &ClaimRow {
            status: Status::Disputed,
            ..claim_row(a2, "zz", "One, reworded.", Strength::Document)
        },
    )
    .expect("updated");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let one = rows.claim(c1).expect("read").expect("there");
    assert_eq!(
        (
            one.article,
            one.key.as_str(),
            one.text.as_str(),
            one.strength,
            one.status
        ),
        (
            a1,
            "c1",
            "One, reworded.",
            Strength::Document,
            Status::Unverified
        ),
        "an update changes text and attribution only"
    );
    let four = rows.claim_by_key(a2, "c2").expect("read").expect("there");
    assert_eq!(four.id, c4);
    assert_eq!(four.span, Some((0, 5)));
    assert_eq!(four.source.as_deref(), Some("The union"));
    assert_eq!(four.cue.as_deref(), Some("said"));
    assert_eq!(four.response, Some(Response::Denial));
    assert_eq!(four.verdict, None);
    assert_eq!(rows.claim_id(a2, "c2").expect("read"), Some(c4));
    assert_eq!(rows.claim_id(a1, "c9").expect("read"), None);
    assert_eq!(rows.claim_at(a2, (0, 5), "Four.").expect("read"), Some(c4));
    assert_eq!(rows.claim_at(a2, (0, 5), "Other.").expect("read"), None);
    assert_eq!(
        rows.claim_place(c3).expect("read"),
        Some((a2, Status::Refuted))
    );
    assert_eq!(rows.claim_place(ClaimId(999)).expect("read"), None);
    assert_eq!(rows.claim_count(a1).expect("read"), 2);
    assert_eq!(rows.article(a1).expect("read").map(|a| a.claims), Some(2));

    assert_eq!(ids(rows, &ClaimFilter::default()), [c1, c2, c3, c4]);
    let weakest = ClaimFilter {
        weakest_first: true,
        ..Default::default()
    };
    assert_eq!(ids(rows, &weakest), [c2, c4, c3, c1]);
    let some = ClaimFilter {
        statuses: vec![Status::Unverified],
        strengths: vec![Strength::Unattributed, Strength::Document],
        ..Default::default()
    };
    assert_eq!(ids(rows, &some), [c1, c2, c4]);
    let of_article = ClaimFilter {
        article: Some(a2),
        ..Default::default()
    };
    assert_eq!(ids(rows, &of_article), [c3, c4]);
}

pub(crate) fn the_newest_verdict_is_the_claims_rating(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            claim_row(a, "c2", "Two.", Strength::Hedged),
        ])
        .expect("inserted");
    let verdict = |rating, author, time, summary, revision| VerdictRow {
        claim: claims[0],
        rating,
        rationale: "Because.",
        confidence: Confidence::High,
        author,
        created_at: at(time),
        summary,
        revision,
        imported: None,
        on_earlier_text: false,
    };
    let first = tx
        .insert_verdict(&verdict(
            Rating::Unproven,
            "marta",
            "2026-10-01T09:00:00Z",
            None,
            None,
        ))
        .expect("inserted");
    let second = tx
        .insert_verdict(&verdict(
            Rating::False,
            "editor",
            "2026-10-02T09:00:00Z",
            Some("Claim that One."),
            Some(2),
        ))
        .expect("inserted");
    assert!(second > first);
    tx.commit().expect("committed");

    let rows = backend.rows();
    assert_eq!(
        rows.claim(claims[0]).expect("read").and_then(|c| c.verdict),
        Some(Rating::False)
    );
    let verdicts = rows.verdicts(claims[0]).expect("read");
    assert_eq!(
        verdicts
            .iter()
            .map(|v| (
                v.id,
                v.rating,
                v.author.as_str(),
                v.created_at,
                v.summary.as_deref(),
                v.revision
            ))
            .collect::<Vec<_>>(),
        [
            (
                first,
                Rating::Unproven,
                "marta",
                at("2026-10-01T09:00:00Z"),
                None,
                None
            ),
            (
                second,
                Rating::False,
                "editor",
                at("2026-10-02T09:00:00Z"),
                Some("Claim that One."),
                Some(2)
            )
        ]
    );
    let open = ClaimFilter {
        open: true,
        ..Default::default()
    };
    assert_eq!(ids(rows, &open), [claims[1]]);
}

pub(crate) fn sources_are_one_name_ignoring_case(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let port = tx
        .insert_source(&source_row("Port Authority", Some(Reliability::B)))
        .expect("inserted");
    let wire = tx
        .insert_source(&source_row("apex wire", None))
        .expect("inserted");
    tx.insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    tx.update_source(wire, SourceKind::Media, Some(Reliability::C))
        .expect("updated");
    tx.commit().expect("committed");

    // A second source of the same identity is refused by the storage, whatever its display form.
    let mut tx = backend.begin().expect("begun");
    let twin = SourceRow {
        name: "PORT\u{200b} AUTHORITY",
        ..source_row("Port Authority", None)
    };
    assert!(matches!(
        tx.insert_source(&twin),
        Err(crate::error::Error::Conflict { .. })
    ));
    drop(tx);

    let rows = backend.rows();
    let found = rows
        .source_by_name("port authority")
        .expect("read")
        .expect("there");
    assert_eq!(
        (found.id, found.name.as_str(), found.evidence),
        (port, "Port Authority", 1)
    );
    let identity = crate::ledger::source_identity;
    assert_eq!(
        rows.source_id(&identity("PORT AUTHORITY")).expect("read"),
        Some(port)
    );
    assert_eq!(rows.source_id(&identity("Port")).expect("read"), None);
    assert_eq!(
        rows.source_reliability(port).expect("read"),
        Some(Reliability::B)
    );
    assert_eq!(rows.source_reliability(SourceId(999)).expect("read"), None);
    let wire = rows.source(wire).expect("read").expect("there");
    assert_eq!(
        (wire.kind, wire.reliability),
        (SourceKind::Media, Some(Reliability::C))
    );
    let mut names = Vec::new();
    rows.each_source(&mut |s| {
        names.push(s.name);
        Ok(())
    })
    .expect("streamed");
    assert_eq!(
        names,
        ["apex wire", "Port Authority"],
        "by name, ignoring case"
    );
    assert_eq!(rows.source(SourceId(999)).expect("read"), None);
}

pub(crate) fn evidence_carries_its_own_grade_and_its_origins(backend: &mut dyn Backend) {
    assert_eq!(backend.rows().last_evidence_id().expect("read"), None);
    let mut tx = backend.begin().expect("begun");
    let port = tx
        .insert_source(&source_row("Port Authority", Some(Reliability::B)))
        .expect("inserted");
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    let e2 = tx
        .insert_evidence(&EvidenceRow {
            details: EvidenceDetails {
                title: "Courier story",
                url: Some("https://example.org/story"),
                archived_url: Some("https://archive.example.org/story"),
                retrieved_at: Some("2026-10-15"),
                sha256: Some("ab".repeat(32).as_str()),
                notes: Some("Repeats the audit."),
            },
            ..evidence_row("courier", grades(None, Some(e1), Some(Reliability::D)))
        })
        .expect("inserted");
    tx.update_evidence_details(
        e1,
        &EvidenceDetails {
            title: "Audit, final",
            url: None,
            archived_url: None,
            retrieved_at: None,
            sha256: None,
            notes: Some("Signed."),
        },
    )
    .expect("updated");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let one = rows.evidence(e1).expect("read").expect("there");
    assert_eq!(one.title, "Audit, final");
    assert_eq!(one.notes.as_deref(), Some("Signed."));
    assert_eq!(
        one.origin.as_ref().map(|o| (o.id, o.name.as_str())),
        Some((port, "Port Authority"))
    );
    assert_eq!(
        (one.own_reliability, one.origin_reliability),
        (None, Some(Reliability::B))
    );
    assert_eq!(one.credibility, Credibility::Probable);
    let two = rows
        .evidence_by_key("courier")
        .expect("read")
        .expect("there");
    assert_eq!(two.id, e2);
    assert_eq!(
        (two.own_reliability, two.origin_reliability),
        (Some(Reliability::D), None)
    );
    assert_eq!(two.derived_from, Some(e1));
    assert_eq!(two.url.as_deref(), Some("https://example.org/story"));
    assert_eq!(
        two.archived_url.as_deref(),
        Some("https://archive.example.org/story")
    );
    assert_eq!(two.retrieved_at.as_deref(), Some("2026-10-15"));
    assert_eq!(two.sha256, Some("ab".repeat(32)));
    assert_eq!(rows.evidence_id("courier").expect("read"), Some(e2));
    assert_eq!(rows.evidence_id("e9").expect("read"), None);
    assert_eq!(rows.last_evidence_id().expect("read"), Some(e2));
    assert_eq!(
        rows.provenance(e2).expect("read"),
        Some(Provenance {
            origin: None,
            derived_from: Some(e1)
        })
    );
    assert_eq!(rows.provenance(EvidenceId(999)).expect("read"), None);

    let mut tx = backend.begin().expect("begun");
    tx.update_evidence_grades(
        e1,
        &EvidenceGrades {
            origin: None,
            derived_from: None,
            reliability: Some(Reliability::A),
            credibility: Credibility::Confirmed,
        },
    )
    .expect("updated");
    tx.commit().expect("committed");
    let mut seen = Vec::new();
    backend
        .rows()
        .each_evidence(&mut |e| {
            seen.push((
                e.key,
                e.own_reliability,
                e.origin.map(|o| o.id),
                e.credibility,
            ));
            Ok(())
        })
        .expect("streamed");
    assert_eq!(
        seen,
        [
            (
                "e1".to_string(),
                Some(Reliability::A),
                None,
                Credibility::Confirmed
            ),
            (
                "courier".to_string(),
                Some(Reliability::D),
                None,
                Credibility::Probable
            )
        ]
    );
}

pub(crate) fn evidence_ids_are_looked_up_by_many_keys_at_once(backend: &mut dyn Backend) {
    assert_eq!(
        backend.rows().evidence_ids(&["e1"]).expect("read"),
        HashMap::new()
    );
    let mut tx = backend.begin().expect("begun");
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(None, None, None)))
        .expect("inserted");
    let memo = tx
        .insert_evidence(&evidence_row("Memo 7", grades(None, None, None)))
        .expect("inserted");
    let e10 = tx
        .insert_evidence(&evidence_row("e10", grades(None, None, None)))
        .expect("inserted");
    // Inside the transaction that wrote them, as an import asks.
    let found = tx
        .evidence_ids(&["e10", "e9", "Memo 7", "e1", "memo 7", "e10", ""])
        .expect("read");
    let want = HashMap::from([
        ("e1".to_string(), e1),
        ("Memo 7".to_string(), memo),
        ("e10".to_string(), e10),
    ]);
    assert_eq!(found, want, "keys exactly as stored, once each");
    assert_eq!(tx.evidence_ids(&[]).expect("read"), HashMap::new());
    tx.commit().expect("committed");
    let rows = backend.rows();
    assert_eq!(
        rows.evidence_ids(&["e1", "Memo 7", "e10"]).expect("read"),
        want
    );
    assert_eq!(
        rows.evidence_ids(&["e2", "e100"]).expect("read"),
        HashMap::new()
    );
}

pub(crate) fn links_are_made_changed_removed_and_graded(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            claim_row(a, "c2", "Two.", Strength::Hedged),
            claim_row(a, "c3", "Three.", Strength::Hedged),
        ])
        .expect("inserted");
    let (c1, c2, c3) = (claims[0], claims[1], claims[2]);
    let port = tx
        .insert_source(&source_row("Port", Some(Reliability::B)))
        .expect("inserted");
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    let e2 = tx
        .insert_evidence(&evidence_row(
            "e2",
            grades(None, Some(e1), Some(Reliability::C)),
        ))
        .expect("inserted");
    tx.insert_links(&[
        link_row(c2, e2, Stance::Refutes),
        link_row(c1, e2, Stance::Supports),
        link_row(c1, e1, Stance::Supports),
    ])
    .expect("inserted");
    tx.update_link(&LinkRow {
        note: Some("Same audit."),
        created_at: at("2030-01-01T00:00:00Z"),
        ..link_row(c1, e2, Stance::Context)
    })
    .expect("updated");
    tx.set_claim_status(c1, Status::SingleSource).expect("set");
    tx.set_claim_status(c3, Status::Corroborated).expect("set");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let changed = rows.link(c1, e2).expect("read").expect("there");
    assert_eq!(
        (changed.stance, changed.note.as_deref(), changed.created_at),
        (
            Stance::Context,
            Some("Same audit."),
            at("2026-11-28T10:00:00Z")
        )
    );
    assert_eq!(rows.link(c3, e1).expect("read"), None);
    let evidence_of = |links: Vec<Link>| {
        links
            .into_iter()
            .map(|l| (l.claim, l.evidence))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        evidence_of(rows.links_of_claim(c1).expect("read")),
        [(c1, e1), (c1, e2)]
    );
    assert_eq!(
        evidence_of(rows.links_of_evidence(e2).expect("read")),
        [(c1, e2), (c2, e2)]
    );

    let graded = rows.graded_links_of_claim(c1).expect("read");
    assert_eq!(
        graded,
        [
            GradedLink {
                claim: c1,
                evidence: e1,
                stance: Stance::Supports,
                own_reliability: None,
                origin_reliability: Some(Reliability::B),
                credibility: Credibility::Probable,
                origin: Some(Origin {
                    id: port,
                    name: "Port".to_string()
                }),
                derived_from: None,
            },
            GradedLink {
                claim: c1,
                evidence: e2,
                stance: Stance::Context,
                own_reliability: Some(Reliability::C),
                origin_reliability: None,
                credibility: Credibility::Probable,
                origin: None,
                derived_from: Some(e1),
            }
        ]
    );
    let mut all = Vec::new();
    rows.each_graded_link(&mut |link, stored| {
        all.push((link.claim, link.evidence, stored));
        Ok(())
    })
    .expect("streamed");
    assert_eq!(
        all,
        [
            (c1, e1, Status::SingleSource),
            (c1, e2, Status::SingleSource),
            (c2, e2, Status::Unverified)
        ]
    );
    let mut unlinked = Vec::new();
    rows.each_unlinked_claim_not(Status::Unverified, &mut |claim, stored| {
        unlinked.push((claim, stored));
        Ok(())
    })
    .expect("streamed");
    assert_eq!(unlinked, [(c3, Status::Corroborated)]);

    let mut tx = backend.begin().expect("begun");
    assert!(tx.delete_link(c1, e1).expect("deleted"));
    assert!(
        !tx.delete_link(c1, e1).expect("deleted"),
        "nothing left to delete"
    );
    tx.commit().expect("committed");
    assert_eq!(
        evidence_of(backend.rows().links_of_claim(c1).expect("read")),
        [(c1, e2)]
    );
}

pub(crate) fn supporting_links_come_with_each_step_of_their_chains(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            claim_row(a, "c2", "Two.", Strength::Hedged),
            claim_row(a, "c3", "Three.", Strength::Hedged),
        ])
        .expect("inserted");
    let (c1, c2, c3) = (claims[0], claims[1], claims[2]);
    let port = tx
        .insert_source(&source_row("Port", Some(Reliability::B)))
        .expect("inserted");
    let wire = tx
        .insert_source(&source_row("Wire", None))
        .expect("inserted");
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    let e2 = tx
        .insert_evidence(&evidence_row("e2", grades(Some(wire), Some(e1), None)))
        .expect("inserted");
    let e3 = tx
        .insert_evidence(&evidence_row(
            "e3",
            grades(None, Some(e2), Some(Reliability::C)),
        ))
        .expect("inserted");
    let e4 = tx
        .insert_evidence(&evidence_row("e4", grades(None, None, None)))
        .expect("inserted");
    tx.insert_links(&[
        link_row(c2, e2, Stance::Supports),
        link_row(c1, e4, Stance::Supports),
        link_row(c1, e1, Stance::Refutes),
        link_row(c2, e1, Stance::Context),
        link_row(c1, e3, Stance::Supports),
        link_row(c3, e1, Stance::Refutes),
    ])
    .expect("inserted");
    tx.commit().expect("committed");

    let mut seen = Vec::new();
    backend
        .rows()
        .each_supporting_link_chain(&mut |link, step| {
            assert_eq!(link.stance, Stance::Supports);
            seen.push((
                link.claim,
                link.evidence,
                link.origin.map(|o| o.name),
                link.derived_from,
                step.map(|s| (s.evidence, s.origin.map(|o| o.name), s.exists)),
            ));
            Ok(())
        })
        .expect("streamed");
    let name = |n: &str| Some(n.to_string());
    assert_eq!(
        seen,
        [
            (c1, e3, None, Some(e2), Some((e2, name("Wire"), true))),
            (c1, e3, None, Some(e2), Some((e1, name("Port"), true))),
            (c1, e4, None, None, None),
            (
                c2,
                e2,
                name("Wire"),
                Some(e1),
                Some((e1, name("Port"), true))
            ),
        ]
    );
}

pub(crate) fn descendants_and_origins_find_the_claims_they_reach(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            claim_row(a, "c2", "Two.", Strength::Hedged),
            claim_row(a, "c3", "Three.", Strength::Hedged),
        ])
        .expect("inserted");
    let (c1, c2, c3) = (claims[0], claims[1], claims[2]);
    let port = tx
        .insert_source(&source_row("Port", None))
        .expect("inserted");
    let wire = tx
        .insert_source(&source_row("Wire", None))
        .expect("inserted");
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    let e2 = tx
        .insert_evidence(&evidence_row("e2", grades(Some(wire), Some(e1), None)))
        .expect("inserted");
    let e3 = tx
        .insert_evidence(&evidence_row(
            "e3",
            grades(Some(port), Some(e2), Some(Reliability::A)),
        ))
        .expect("inserted");
    let e4 = tx
        .insert_evidence(&evidence_row("e4", grades(None, None, None)))
        .expect("inserted");
    tx.insert_links(&[
        link_row(c3, e3, Stance::Supports),
        link_row(c2, e2, Stance::Supports),
        link_row(c1, e4, Stance::Supports),
        link_row(c2, e3, Stance::Refutes),
    ])
    .expect("inserted");
    tx.commit().expect("committed");

    let rows = backend.rows();
    assert_eq!(
        rows.claims_linked_to_descendants(e1).expect("read"),
        [c2, c3]
    );
    assert_eq!(
        rows.claims_linked_to_descendants(e3).expect("read"),
        [c2, c3]
    );
    assert_eq!(rows.claims_linked_to_descendants(e4).expect("read"), [c1]);
    let mut reached = Vec::new();
    rows.each_graded_link_to_origin(port, &mut |link| {
        reached.push((link.claim, link.evidence, link.own_reliability));
        Ok(())
    })
    .expect("streamed");
    assert_eq!(
        reached,
        [
            (c2, e3, Some(Reliability::A)),
            (c3, e3, Some(Reliability::A))
        ]
    );
}

pub(crate) fn events_append_in_order_and_a_claims_history_reaches_its_evidence(
    backend: &mut dyn Backend,
) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            claim_row(a, "c2", "Two.", Strength::Hedged),
        ])
        .expect("inserted");
    let (c1, c2) = (claims[0], claims[1]);
    let port = tx
        .insert_source(&source_row("Port", None))
        .expect("inserted");
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    let e2 = tx
        .insert_evidence(&evidence_row("e2", grades(None, None, None)))
        .expect("inserted");
    tx.insert_links(&[
        link_row(c1, e1, Stance::Supports),
        link_row(c2, e2, Stance::Supports),
    ])
    .expect("inserted");
    let about = |claim: Option<ClaimId>, evidence: Option<EvidenceId>, source: Option<SourceId>| {
        EventRefs {
            article: Some(a),
            claim,
            evidence,
            source,
        }
    };
    tx.insert_events(&[
        event_row(Action::ClaimAdd, about(Some(c1), None, None), "one"),
        event_row(Action::ClaimAdd, about(Some(c2), None, None), "two"),
        event_row(
            Action::EvidenceAdd,
            about(None, Some(e1), Some(port)),
            "added e1",
        ),
        event_row(
            Action::EvidenceEdit,
            about(None, Some(e1), None),
            "edited e1",
        ),
        event_row(
            Action::EvidenceEdit,
            about(None, Some(e2), None),
            "edited e2",
        ),
        event_row(Action::Link, about(Some(c1), Some(e1), None), "linked"),
        event_row(
            Action::SourceGrade,
            about(None, None, Some(port)),
            "graded port",
        ),
        event_row(Action::Setting, EventRefs::default(), "a setting"),
    ])
    .expect("inserted");
    tx.insert_events(&[EventRow {
        at: at("2026-11-27T08:00:00Z"),
        ..event_row(Action::Setting, EventRefs::default(), "an earlier clock")
    }])
    .expect("inserted");
    tx.commit().expect("committed");

    let rows = backend.rows();
    assert_eq!(rows.event_count().expect("read"), 9);
    // The last event is the one written last, whatever its stamp says.
    assert_eq!(
        rows.last_event_at().expect("read"),
        Some(at("2026-11-27T08:00:00Z"))
    );
    let mut history: Vec<Event> = Vec::new();
    rows.each_claim_event(c1, Action::EvidenceEdit, Action::SourceGrade, &mut |e| {
        history.push(e);
        Ok(())
    })
    .expect("streamed");
    assert_eq!(
        history
            .iter()
            .map(|e| (e.action, e.detail.as_str()))
            .collect::<Vec<_>>(),
        [
            (Action::ClaimAdd, "one"),
            (Action::EvidenceEdit, "edited e1"),
            (Action::Link, "linked"),
            (Action::SourceGrade, "graded port")
        ]
    );
    assert!(history.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(
        (history[0].actor.as_str(), history[0].at),
        ("tester", at("2026-11-28T10:00:00Z"))
    );
}

pub(crate) fn counts_group_by_article_status_and_strength(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a1 = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let a2 = tx.insert_article(&article_row("b", "B")).expect("inserted");
    let a3 = tx.insert_article(&article_row("c", "C")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a1, "c1", "One.", Strength::Hedged),
            claim_row(a1, "c2", "Two.", Strength::Hedged),
            claim_row(a1, "c3", "Three.", Strength::OnRecord),
            claim_row(a3, "c1", "Four.", Strength::Hedged),
        ])
        .expect("inserted");
    tx.set_claim_status(claims[1], Status::Refuted)
        .expect("set");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let mut totals = rows.claim_totals(None).expect("read");
    totals.sort();
    assert_eq!(
        totals,
        [
            (Status::Unverified, Strength::OnRecord, 1),
            (Status::Unverified, Strength::Hedged, 2),
            (Status::Refuted, Strength::Hedged, 1)
        ]
    );
    let mut of_one = rows.claim_totals(Some(a3)).expect("read");
    of_one.sort();
    assert_eq!(of_one, [(Status::Unverified, Strength::Hedged, 1)]);
    let mut groups = Vec::new();
    rows.each_article_count(None, &mut |g| {
        groups.push((g.article, g.title, g.status, g.strength, g.claims));
        Ok(())
    })
    .expect("streamed");
    // Grouped by article in order; within one article the groups may come in any order.
    assert_eq!(
        groups.iter().map(|g| g.0).collect::<Vec<_>>(),
        [a1, a1, a1, a2, a3]
    );
    let mut first: Vec<_> = groups[..3].iter().map(|g| (g.2, g.3, g.4)).collect();
    first.sort();
    assert_eq!(
        first,
        [
            (Some(Status::Unverified), Some(Strength::OnRecord), 1),
            (Some(Status::Unverified), Some(Strength::Hedged), 1),
            (Some(Status::Refuted), Some(Strength::Hedged), 1)
        ]
    );
    assert_eq!(groups[3], (a2, "B".to_string(), None, None, 0));
    let mut only = Vec::new();
    rows.each_article_count(Some(a2), &mut |g| {
        only.push(g.article);
        Ok(())
    })
    .expect("streamed");
    assert_eq!(only, [a2]);
}

pub(crate) fn settings_are_replaced(backend: &mut dyn Backend) {
    assert_eq!(backend.rows().setting("org").expect("read"), None);
    let mut tx = backend.begin().expect("begun");
    tx.put_setting("org", "Coastline Fact Desk").expect("put");
    tx.put_setting("org", "Harbour Desk").expect("put");
    tx.commit().expect("committed");
    assert_eq!(
        backend.rows().setting("org").expect("read").as_deref(),
        Some("Harbour Desk")
    );
}

pub(crate) fn a_dropped_transaction_leaves_nothing(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    tx.insert_claims(&[claim_row(a, "c1", "One.", Strength::Hedged)])
        .expect("inserted");
    assert_eq!(
        tx.claim_count(a).expect("read"),
        1,
        "a transaction reads its own writes"
    );
    tx.insert_events(&[event_row(Action::ArticleAdd, EventRefs::default(), "added")])
        .expect("inserted");
    drop(tx);
    let rows = backend.rows();
    assert_eq!(rows.article_by_key("a").expect("read"), None);
    assert_eq!(ids(rows, &ClaimFilter::default()), []);
    assert_eq!(rows.event_count().expect("read"), 0);
    assert_eq!(rows.last_event_at().expect("read"), None);
    // And the desk takes the next write as usual.
    let mut tx = backend.begin().expect("begun again");
    tx.insert_article(&article_row("a", "A")).expect("inserted");
    tx.commit().expect("committed");
    assert!(backend.rows().article_by_key("a").expect("read").is_some());
}

pub(crate) fn a_stream_can_read_while_it_streams_and_stops_on_an_error(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let rows: Vec<String> = (1..=300).map(|n| format!("c{n}")).collect();
    let claims: Vec<ClaimRow<'_>> = rows
        .iter()
        .map(|key| claim_row(a, key, "Text.", Strength::Hedged))
        .collect();
    tx.insert_claims(&claims).expect("inserted");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let mut seen = 0;
    rows.each_claim(&ClaimFilter::default(), &mut |claim| {
        // A report looks things up for each claim as the claims stream by.
        let again = rows.claim(claim.id)?.expect("there");
        assert_eq!(again.key, claim.key);
        assert_eq!(rows.links_of_claim(claim.id)?, []);
        seen += 1;
        Ok(())
    })
    .expect("streamed");
    assert_eq!(seen, 300);
    let mut read = 0;
    let stopped = rows.each_claim(&ClaimFilter::default(), &mut |_| {
        read += 1;
        if read == 10 {
            return Err(Error::invalid("enough"));
        }
        Ok(())
    });
    assert_eq!(
        stopped.map_err(|e| e.to_string()),
        Err("enough".to_string())
    );
    assert_eq!(read, 10);
}

pub(crate) fn a_whole_desk_copies_row_for_row(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    // Every column a table has, the ones that came from another desk included.
    let a = tx
        .insert_article(&ArticleRow {
            desk: Some("0123456789abcdef"),
            ..article_row("a", "A")
        })
        .expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            ClaimRow {
                span: Some((3, 9)),
                response: Some(Response::NoComment),
                source_kind: Some(ClaimSourceKind::NamedOrganization),
                ..claim_row(a, "c2", "Two.", Strength::OnRecord)
            },
        ])
        .expect("inserted");
    let port = tx
        .insert_source(&source_row("Port", Some(Reliability::B)))
        .expect("inserted");
    let e1 = tx
        .insert_evidence(&EvidenceRow {
            desk: Some("0123456789abcdef"),
            ..evidence_row("e1", grades(Some(port), None, None))
        })
        .expect("inserted");
    let e2 = tx
        .insert_evidence(&evidence_row(
            "e2",
            grades(None, None, Some(Reliability::C)),
        ))
        .expect("inserted");
    // An item derived from one written after it: the copy writes in id order all the same.
    tx.update_evidence_grades(e1, &grades(Some(port), Some(e2), None))
        .expect("updated");
    tx.insert_links(&[link_row(claims[0], e1, Stance::Supports)])
        .expect("inserted");
    tx.insert_verdict(&VerdictRow {
        claim: claims[0],
        rating: Rating::Mixed,
        rationale: "Partly.",
        confidence: Confidence::Low,
        author: "marta",
        created_at: at("2026-10-01T09:00:00Z"),
        summary: Some("One, in part."),
        revision: Some(1),
        imported: Some(("nadia", at("2026-10-02T09:00:00Z"))),
        on_earlier_text: false,
    })
    .expect("inserted");
    // Two revisions of the article's text (the first kept whole), and a claim placed in the second.
    tx.insert_revision(&revision_row(a, 1, FIRST))
        .expect("revised");
    tx.insert_revision(&revision_row(a, 2, SECOND))
        .expect("revised");
    tx.put_anchors(&[AnchorRow {
        claim: claims[1],
        revision: 2,
        kind: AnchorKind::Fuzzy,
        score: Some(0.75),
        span: Some((0, 4)),
        attribution: Some(crate::revision::Attribution {
            strength: Strength::Reported,
            source: Some("The audit".to_string()),
            cue: Some("shows".to_string()),
            response: None,
        }),
    }])
    .expect("anchored");
    // A published fact-check, and a segment of the match index: blobs copied byte for byte.
    tx.insert_review(
        &crate::matching::claimreview::ExternalReview {
            claim_reviewed: "Fees doubled.".to_string(),
            rating: crate::matching::claimreview::Rating {
                text: Some("False".to_string()),
                value: Some(1.0),
                best: Some(5.0),
                worst: Some(1.0),
            },
            reviewer: Some("Another Desk".to_string()),
            url: Some("https://example.org/fees".to_string()),
            date: "2026-10-02".parse().ok(),
            language: Some("en".to_string()),
            headline: None,
            claimant: None,
        },
        at("2026-10-03T09:00:00Z"),
    )
    .expect("inserted");
    tx.insert_match_segment(&crate::matching::segment::NewSegment {
        docs: 2,
        live: crate::matching::index::CorpusStats {
            docs: 2,
            length_sums: [7, 2, 0],
        },
        doc_list: vec![1, 2, 3, 0, 255],
        terms: vec![
            ("fee".to_string(), vec![9, 8]),
            ("port".to_string(), vec![0]),
        ],
    })
    .expect("indexed");
    // A changed text: the claim's next revision, the verdict on its earlier one.
    tx.update_claim(
        claims[0],
        &claim_row(a, "c1", "One, changed.", Strength::Hedged),
    )
    .expect("updated");
    tx.insert_events(&[
        event_row(
            Action::ClaimAdd,
            EventRefs {
                claim: Some(claims[0]),
                ..Default::default()
            },
            "one",
        ),
        event_row(Action::Setting, EventRefs::default(), "org"),
    ])
    .expect("inserted");
    tx.put_setting("org", "Harbour Desk").expect("put");
    tx.commit().expect("committed");

    let mut copy = sqlite::SqliteBackend::open_in_memory().expect("opened");
    let counts = copy::copy_rows(backend, &mut copy).expect("copied");
    assert_eq!(
        counts
            .iter()
            .map(|(t, n)| (t.name(), *n))
            .collect::<Vec<_>>(),
        [
            ("articles", 1),
            ("revisions", 2),
            ("sources", 1),
            ("claims", 2),
            ("anchors", 1),
            ("evidence", 2),
            ("links", 1),
            ("verdicts", 1),
            ("events", 2),
            // the desk's id, the match index's format and `org`
            ("settings", 3),
            ("reviews", 1),
            ("match_segments", 1),
            ("match_terms", 2)
        ]
    );
    let rows = |desk: &dyn Rows| {
        let mut all = Vec::new();
        for &table in Table::ALL {
            desk.each_stored(table, &mut |row| {
                all.push(row);
                Ok(())
            })
            .expect("streamed");
        }
        all
    };
    assert_eq!(rows(copy.rows()), rows(backend.rows()));
    assert_eq!(
        copy.rows()
            .claim(claims[1])
            .expect("read")
            .expect("there")
            .source_kind,
        Some(ClaimSourceKind::NamedOrganization)
    );
    let verdicts = copy.rows().verdicts(claims[0]).expect("read");
    assert!(verdicts[0].on_earlier_text, "{verdicts:?}");
    // New records in the copy follow on from the copied ids.
    let mut tx = copy.begin().expect("begun");
    let next = tx
        .insert_claims(&[claim_row(a, "c3", "Three.", Strength::Hedged)])
        .expect("inserted");
    assert!(next[0] > claims[1]);
    // And a copy goes only into an empty desk.
    drop(tx);
    let refused = copy::copy_rows(backend, &mut copy).map_err(|e| e.to_string());
    assert!(
        matches!(&refused, Err(message) if message.contains("is not empty")),
        "{refused:?}"
    );
}

/// The bulk paths carry many rows per statement where the engine can: whatever the count, rows land in the order
/// given, with the ids one-by-one inserts would have given, each with every field it was given.
/// A batch of a few rows, then one of thousands (an engine may write the two differently), then one row: the ids
/// run on without a gap or a reordering, and every row reads back as given.
pub(crate) fn small_and_large_batches_follow_on_in_one_order(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let sizes = [3usize, 2_345, 1];
    let keys: Vec<String> = (1..=sizes.iter().sum::<usize>())
        .map(|n| format!("k{n}"))
        .collect();
    let (mut evidence, mut claims) = (Vec::new(), Vec::new());
    let mut from = 0;
    for size in sizes {
        let batch = &keys[from..from + size];
        from += size;
        let items: Vec<EvidenceRow<'_>> = batch
            .iter()
            .map(|key| evidence_row(key, grades(None, None, None)))
            .collect();
        evidence.extend(tx.insert_evidence_items(&items).expect("inserted"));
        let rows: Vec<ClaimRow<'_>> = batch
            .iter()
            .map(|key| claim_row(a, key, key, Strength::Reported))
            .collect();
        claims.extend(tx.insert_claims(&rows).expect("inserted"));
    }
    assert_eq!(
        evidence,
        (1..=keys.len() as i64).map(EvidenceId).collect::<Vec<_>>()
    );
    assert_eq!(
        claims,
        (1..=keys.len() as i64).map(ClaimId).collect::<Vec<_>>()
    );
    let links: Vec<LinkRow<'_>> = claims
        .iter()
        .zip(&evidence)
        .map(|(c, e)| link_row(*c, *e, Stance::Supports))
        .collect();
    for batch in [&links[..2], &links[2..2_000], &links[2_000..]] {
        tx.insert_links(batch).expect("inserted");
    }
    tx.commit().expect("committed");
    let rows = backend.rows();
    let by_key = rows.evidence_ids(&[&keys[0], &keys[1_000], &keys[keys.len() - 1]]);
    assert_eq!(
        by_key.expect("read"),
        HashMap::from([
            (keys[0].clone(), EvidenceId(1)),
            (keys[1_000].clone(), EvidenceId(1_001)),
            (keys[keys.len() - 1].clone(), EvidenceId(keys.len() as i64)),
        ])
    );
    for (n, (claim, item)) in claims.iter().zip(&evidence).enumerate().step_by(97) {
        let stored = rows.claim(*claim).expect("read").expect("there");
        assert_eq!(
            (stored.key.as_str(), stored.text.as_str()),
            (keys[n].as_str(), keys[n].as_str())
        );
        assert_eq!(
            rows.links_of_claim(*claim)
                .expect("read")
                .iter()
                .map(|l| l.evidence)
                .collect::<Vec<_>>(),
            [*item]
        );
    }
    assert_eq!(
        rows.count_rows(Table::Links).expect("counted"),
        links.len() as u64
    );
}

pub(crate) fn bulk_inserts_keep_the_order_and_ids_of_one_by_one_inserts(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let port = tx
        .insert_source(&source_row("Port Authority", Some(Reliability::B)))
        .expect("inserted");
    let c1 = tx
        .insert_claims(&[claim_row(a, "c1", "One.", Strength::Hedged)])
        .expect("inserted")[0];
    let e1 = tx
        .insert_evidence(&evidence_row("e1", grades(Some(port), None, None)))
        .expect("inserted");
    // Counts that are not a multiple of any statement size an engine might use.
    let keys: Vec<String> = (2..=132).map(|n| format!("e{n}")).collect();
    let items: Vec<EvidenceRow<'_>> = keys
        .iter()
        .enumerate()
        .map(|(n, key)| EvidenceRow {
            details: EvidenceDetails {
                notes: (n % 2 == 0).then_some("even"),
                ..evidence_row(key, grades(None, None, None)).details
            },
            desk: (n % 3 == 0).then_some("other-desk"),
            ..evidence_row(
                key,
                grades(
                    (n % 2 == 1).then_some(port),
                    (n % 5 == 0).then_some(e1),
                    Some(Reliability::ALL[n % 6]),
                ),
            )
        })
        .collect();
    let ids = tx.insert_evidence_items(&items).expect("inserted");
    assert_eq!(
        ids,
        (2..=132).map(EvidenceId).collect::<Vec<_>>(),
        "the ids one at a time would give, after e1's {e1}"
    );
    assert_eq!(tx.insert_evidence_items(&[]).expect("nothing"), []);
    let texts: Vec<String> = (2..=78).map(|n| format!("Claim {n}.")).collect();
    let keys: Vec<String> = (2..=78).map(|n| format!("c{n}")).collect();
    let claims: Vec<ClaimRow<'_>> = keys
        .iter()
        .zip(&texts)
        .map(|(key, text)| claim_row(a, key, text, Strength::Document))
        .collect();
    let claim_ids = tx.insert_claims(&claims).expect("inserted");
    assert_eq!(
        claim_ids,
        (2..=78).map(|n| ClaimId(c1.0 + n - 1)).collect::<Vec<_>>()
    );
    let links: Vec<LinkRow<'_>> = ids
        .iter()
        .map(|e| link_row(c1, *e, Stance::Supports))
        .collect();
    tx.insert_links(&links).expect("inserted");
    let events: Vec<EventRow<'_>> = (0..131)
        .map(|n| {
            event_row(
                Action::ClaimEdit,
                EventRefs {
                    claim: Some(c1),
                    ..Default::default()
                },
                &format!("event {n}"),
            )
        })
        .collect();
    tx.insert_events(&events).expect("inserted");
    let rationales: Vec<String> = (2..=78).map(|n| format!("Checked {n}.")).collect();
    let verdicts: Vec<VerdictRow<'_>> = claim_ids
        .iter()
        .zip(&rationales)
        .enumerate()
        .map(|(n, (claim, rationale))| VerdictRow {
            claim: *claim,
            rating: [Rating::False, Rating::True, Rating::Unproven][n % 3],
            rationale,
            confidence: Confidence::High,
            author: "editor",
            created_at: at("2026-10-02T09:00:00Z"),
            summary: (n % 2 == 0).then_some("Summed up."),
            revision: None,
            imported: None,
            on_earlier_text: n % 4 == 1,
        })
        .collect();
    let verdict_ids = tx.insert_verdicts(&verdicts).expect("inserted");
    assert_eq!(verdict_ids.len(), verdicts.len());
    assert!(
        verdict_ids.windows(2).all(|w| w[1] == w[0] + 1),
        "in the order given: {verdict_ids:?}"
    );
    assert_eq!(tx.insert_verdicts(&[]).expect("nothing"), Vec::<i64>::new());
    tx.commit().expect("committed");

    let rows = backend.rows();
    for (n, (claim, id)) in claim_ids.iter().zip(&verdict_ids).enumerate() {
        let given = rows.verdicts(*claim).expect("read");
        assert_eq!(given.len(), 1);
        assert_eq!(given[0].id, *id);
        assert_eq!(
            given[0].rating,
            [Rating::False, Rating::True, Rating::Unproven][n % 3]
        );
        assert_eq!(given[0].rationale, format!("Checked {}.", n + 2));
        assert_eq!(
            given[0].summary.as_deref(),
            (n % 2 == 0).then_some("Summed up.")
        );
        assert_eq!(given[0].on_earlier_text, n % 4 == 1, "verdict {n}");
        assert_eq!(
            rows.claim(*claim).expect("read").expect("there").verdict,
            Some(given[0].rating)
        );
    }
    for (n, id) in ids.iter().enumerate() {
        let item = rows.evidence(*id).expect("read").expect("there");
        assert_eq!(item.key, format!("e{}", n + 2));
        assert_eq!(item.notes.as_deref(), (n % 2 == 0).then_some("even"));
        assert_eq!(item.desk.as_deref(), (n % 3 == 0).then_some("other-desk"));
        assert_eq!(item.origin.map(|o| o.id), (n % 2 == 1).then_some(port));
        assert_eq!(item.derived_from, (n % 5 == 0).then_some(e1));
        assert_eq!(item.own_reliability, Some(Reliability::ALL[n % 6]));
    }
    for (id, text) in claim_ids.iter().zip(&texts) {
        assert_eq!(&rows.claim(*id).expect("read").expect("there").text, text);
    }
    let linked: Vec<EvidenceId> = rows
        .links_of_claim(c1)
        .expect("read")
        .into_iter()
        .map(|l| l.evidence)
        .collect();
    assert_eq!(linked, ids);
    let mut details = Vec::new();
    rows.each_claim_event(c1, Action::EvidenceEdit, Action::SourceGrade, &mut |e| {
        details.push(e.detail);
        Ok(())
    })
    .expect("streamed");
    assert_eq!(
        details,
        (0..131).map(|n| format!("event {n}")).collect::<Vec<_>>()
    );
}

fn revision_row(article: ArticleId, number: u32, text: &str) -> RevisionRow<'_> {
    RevisionRow {
        article,
        number,
        text,
        created_at: at(if number == 1 {
            "2026-11-28T10:00:00Z"
        } else {
            "2026-11-29T08:30:00Z"
        }),
        actor: if number == 1 { "marta" } else { "editor" },
    }
}

const FIRST: &str = "Officials allegedly took fees. The union said 300 paid.";
const SECOND: &str = "Officials took fees, the audit shows. The union said 300 paid.";
const THIRD: &str = "Officials took fees, the audit shows. The union said 310 paid.";

pub(crate) fn every_revision_keeps_its_text_and_the_latest_is_the_articles(
    backend: &mut dyn Backend,
) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let bare = tx
        .insert_article(&ArticleRow {
            body: None,
            ..article_row("b", "B")
        })
        .expect("inserted");
    tx.insert_revision(&revision_row(a, 1, FIRST))
        .expect("inserted");
    tx.insert_revision(&revision_row(a, 2, SECOND))
        .expect("inserted");
    assert_eq!(
        tx.revision_text(a, 1).expect("read").as_deref(),
        Some(FIRST),
        "a transaction reads its own revisions"
    );
    tx.insert_revision(&revision_row(a, 3, THIRD))
        .expect("inserted");
    tx.commit().expect("committed");

    let rows = backend.rows();
    let revisions = rows.revisions(a).expect("read");
    assert_eq!(
        revisions
            .iter()
            .map(|r| (r.number, r.created_at.to_string(), r.actor.as_str()))
            .collect::<Vec<_>>(),
        [
            (1, "2026-11-28T10:00:00Z".to_string(), "marta"),
            (2, "2026-11-29T08:30:00Z".to_string(), "editor"),
            (3, "2026-11-29T08:30:00Z".to_string(), "editor")
        ]
    );
    for (number, text) in [(1, FIRST), (2, SECOND), (3, THIRD)] {
        assert_eq!(
            rows.revision_text(a, number).expect("read").as_deref(),
            Some(text),
            "revision {number}"
        );
    }
    assert_eq!(
        rows.article_body(a).expect("read").flatten().as_deref(),
        Some(THIRD),
        "the latest revision is the article's text"
    );
    assert_eq!(rows.revision_text(a, 4).expect("read"), None);
    assert_eq!(rows.revision_text(a, 0).expect("read"), None);
    assert_eq!(rows.revisions(bare).expect("read"), []);
    assert_eq!(rows.revision_text(bare, 1).expect("read"), None);
    assert_eq!(rows.revisions(ArticleId(999)).expect("read"), []);
    assert_eq!(rows.revised_articles(None).expect("read"), [(a, 3)]);
    assert_eq!(rows.revised_articles(Some(a)).expect("read"), [(a, 3)]);
    assert_eq!(rows.revised_articles(Some(bare)).expect("read"), []);
}

pub(crate) fn a_revision_follows_only_the_latest(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    tx.insert_revision(&revision_row(a, 1, FIRST))
        .expect("inserted");
    tx.insert_revision(&revision_row(a, 2, SECOND))
        .expect("inserted");
    tx.commit().expect("committed");
    // Each refusal in a transaction of its own, dropped: a server aborts a transaction at its first error.
    for number in [2, 4] {
        let mut tx = backend.begin().expect("begun");
        assert!(
            tx.insert_revision(&revision_row(a, number, THIRD)).is_err(),
            "revision {number} after revision 2"
        );
    }
    let rows = backend.rows();
    assert_eq!(rows.revisions(a).expect("read").len(), 2);
    assert_eq!(
        rows.revision_text(a, 2).expect("read").as_deref(),
        Some(SECOND)
    );
    assert_eq!(
        rows.revision_text(a, 1).expect("read").as_deref(),
        Some(FIRST)
    );
}

pub(crate) fn articles_are_found_by_a_text_they_hold_or_held(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let b = tx.insert_article(&article_row("b", "B")).expect("inserted");
    let c = tx.insert_article(&article_row("c", "C")).expect("inserted");
    for article in [a, b, c] {
        tx.insert_revision(&revision_row(article, 1, FIRST))
            .expect("inserted");
    }
    // A revises to SECOND; C revises and back again, so FIRST is its revisions 1 and 3.
    tx.insert_revision(&revision_row(a, 2, SECOND))
        .expect("inserted");
    tx.insert_revision(&revision_row(c, 2, SECOND))
        .expect("inserted");
    tx.insert_revision(&revision_row(c, 3, FIRST))
        .expect("inserted");
    tx.commit().expect("committed");
    let rows = backend.rows();
    assert_eq!(
        rows.articles_with_text(FIRST).expect("read"),
        [(a, 1), (b, 1), (c, 3)]
    );
    assert_eq!(
        rows.articles_with_text(SECOND).expect("read"),
        [(a, 2), (c, 2)]
    );
    assert_eq!(rows.articles_with_text(THIRD).expect("read"), []);
    // The same length is not the same text.
    let same_length = FIRST.replace("300", "301");
    assert_eq!(rows.articles_with_text(&same_length).expect("read"), []);
}

pub(crate) fn anchors_are_kept_per_claim_and_revision_and_replaced(backend: &mut dyn Backend) {
    use crate::revision::Attribution;
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let b = tx.insert_article(&article_row("b", "B")).expect("inserted");
    let claims = tx
        .insert_claims(&[
            claim_row(a, "c1", "One.", Strength::Hedged),
            claim_row(a, "c2", "Two.", Strength::OnRecord),
            claim_row(b, "c1", "Three.", Strength::Hedged),
        ])
        .expect("inserted");
    let attribution = |strength, source: Option<&str>| {
        Some(Attribution {
            strength,
            source: source.map(str::to_string),
            cue: source.map(|_| "said".to_string()),
            response: source.map(|_| Response::Denial),
        })
    };
    let anchor = |claim, revision, kind, score, span, attribution| AnchorRow {
        claim,
        revision,
        kind,
        score,
        span,
        attribution,
    };
    let first = [
        anchor(
            claims[1],
            1,
            AnchorKind::Recorded,
            None,
            Some((31, 55)),
            attribution(Strength::OnRecord, Some("The union")),
        ),
        anchor(
            claims[0],
            1,
            AnchorKind::Recorded,
            None,
            None,
            attribution(Strength::Hedged, None),
        ),
        anchor(
            claims[2],
            1,
            AnchorKind::Recorded,
            None,
            Some((0, 6)),
            attribution(Strength::Hedged, None),
        ),
    ];
    tx.put_anchors(&first).expect("stored");
    let second = [
        anchor(
            claims[0],
            2,
            AnchorKind::Fuzzy,
            Some(0.5),
            Some((0, 36)),
            attribution(Strength::Document, None),
        ),
        anchor(claims[1], 2, AnchorKind::Gone, None, None, None),
    ];
    tx.put_anchors(&second).expect("stored");
    // Stored again, an anchor replaces the one its claim had at that revision.
    let moved = anchor(
        claims[0],
        2,
        AnchorKind::Contained,
        Some(0.875),
        Some((5, 40)),
        attribution(Strength::Reported, Some("The Courier")),
    );
    tx.put_anchors(std::slice::from_ref(&moved))
        .expect("stored");
    tx.commit().expect("committed");

    let rows = backend.rows();
    assert_eq!(
        rows.anchors_of_claim(claims[0]).expect("read"),
        [first[1].clone(), moved.clone()]
    );
    assert_eq!(
        rows.anchors_of_claim(claims[1]).expect("read"),
        [first[0].clone(), second[1].clone()]
    );
    assert_eq!(
        rows.anchors_at(a, 1).expect("read"),
        [first[1].clone(), first[0].clone()],
        "by claim id, this article's only"
    );
    assert_eq!(
        rows.anchors_at(a, 2).expect("read"),
        [moved, second[1].clone()]
    );
    assert_eq!(rows.anchors_at(b, 2).expect("read"), []);
    assert_eq!(rows.anchors_of_claim(ClaimId(999)).expect("read"), []);
}

pub(crate) fn a_backup_is_a_whole_copy_and_tells_how_far_it_is(backend: &mut dyn Backend) {
    let mut tx = backend.begin().expect("begun");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let keys: Vec<String> = (1..=500).map(|n| format!("c{n}")).collect();
    let claims: Vec<ClaimRow<'_>> = keys
        .iter()
        .map(|key| {
            claim_row(
                a,
                key,
                "A sentence long enough to fill some pages.",
                Strength::Hedged,
            )
        })
        .collect();
    tx.insert_claims(&claims).expect("inserted");
    tx.commit().expect("committed");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let copy = dir.path().join("copy.db");
    let mut reports: Vec<(u64, u64)> = Vec::new();
    backend
        .backup(&copy, &mut |done, total| reports.push((done, total)))
        .expect("backed up");
    // Told at least once, never past the total, ending whole.
    let (done, total) = *reports.last().expect("progress was reported");
    assert!(total > 0 && done == total, "{reports:?}");
    assert!(reports.iter().all(|(d, t)| d <= t), "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0), "{reports:?}");
    // What the copy's file holds is the engine's own format; that it opens as a desk is tested per engine.
    assert!(std::fs::metadata(&copy).expect("the copy").len() > 0);
}

fn external_review(claim: &str, url: Option<&str>) -> ExternalReview {
    ExternalReview {
        claim_reviewed: claim.to_string(),
        rating: crate::matching::claimreview::Rating {
            text: Some("Mostly false".to_string()),
            value: Some(2.0),
            best: Some(5.0),
            worst: Some(1.0),
        },
        reviewer: Some("Harbour Factdesk".to_string()),
        url: url.map(str::to_string),
        date: chrono::NaiveDate::from_ymd_opt(2026, 3, 4),
        language: Some("en-GB".to_string()),
        headline: Some("No, fares have not doubled".to_string()),
        claimant: Some("Councillor Lindqvist".to_string()),
    }
}

pub(crate) fn reviews_are_one_per_address_and_claim_and_come_back_whole(backend: &mut dyn Backend) {
    let fares = external_review("Ferry fares doubled.", Some("https://f.example.org/1"));
    let bare = ExternalReview {
        rating: crate::matching::claimreview::Rating::default(),
        reviewer: None,
        date: None,
        language: None,
        headline: None,
        claimant: None,
        ..external_review("Bus fares fell.", None)
    };
    let mut tx = backend.begin().expect("begun");
    let first = tx
        .insert_review(&fares, at("2026-11-28T10:00:00Z"))
        .expect("inserted");
    let second = tx
        .insert_review(&bare, at("2026-11-28T10:00:00Z"))
        .expect("inserted");
    assert!(second > first);
    // The same address and claim, or the same claim without an address, is the same review.
    for duplicate in [&fares, &bare] {
        assert!(matches!(
            tx.insert_review(duplicate, at("2026-11-28T10:00:00Z")),
            Err(Error::Conflict { .. })
        ));
    }
    tx.commit().expect("committed");

    let rows = backend.rows();
    let stored = rows.review(first).expect("read").expect("there");
    assert_eq!(
        stored,
        StoredReview {
            id: first,
            review: fares.clone(),
            created_at: at("2026-11-28T10:00:00Z"),
            updated_at: at("2026-11-28T10:00:00Z"),
        }
    );
    assert_eq!(rows.review(second + 1).expect("read"), None);
    let by_key = |url: Option<&str>, claim: &str| {
        backend
            .rows()
            .review_by_key(url, claim)
            .expect("read")
            .map(|r| r.id)
    };
    assert_eq!(
        by_key(Some("https://f.example.org/1"), "Ferry fares doubled."),
        Some(first)
    );
    assert_eq!(by_key(None, "Bus fares fell."), Some(second));
    assert_eq!(by_key(None, "Ferry fares doubled."), None);
    assert_eq!(
        by_key(Some("https://f.example.org/1"), "Bus fares fell."),
        None
    );

    let revised = ExternalReview {
        rating: crate::matching::claimreview::Rating {
            text: Some("False".to_string()),
            value: Some(1.0),
            ..fares.rating.clone()
        },
        ..fares.clone()
    };
    let mut tx = backend.begin().expect("begun");
    tx.update_review(first, &revised, at("2026-11-29T08:00:00Z"))
        .expect("updated");
    tx.commit().expect("committed");
    let mut all = Vec::new();
    backend
        .rows()
        .each_review(&mut |r| {
            all.push(r);
            Ok(())
        })
        .expect("streamed");
    assert_eq!(
        all.iter()
            .map(|r| (r.id, r.review.clone(), r.created_at, r.updated_at))
            .collect::<Vec<_>>(),
        [
            (
                first,
                revised,
                at("2026-11-28T10:00:00Z"),
                at("2026-11-29T08:00:00Z")
            ),
            (
                second,
                bare,
                at("2026-11-28T10:00:00Z"),
                at("2026-11-28T10:00:00Z")
            ),
        ]
    );
}

pub(crate) fn match_segments_keep_their_blobs_exactly_and_ids_only_grow(backend: &mut dyn Backend) {
    let stats = |docs: u64, sums: [u64; 3]| CorpusStats {
        docs,
        length_sums: sums,
    };
    let segment = |docs: u64, list: &[u8], terms: &[(&str, &[u8])]| NewSegment {
        docs,
        live: stats(docs, [docs * 7, docs * 3, 0]),
        doc_list: list.to_vec(),
        terms: terms
            .iter()
            .map(|(t, b)| (t.to_string(), b.to_vec()))
            .collect(),
    };
    // Bytes of every value, 0 and 255 among them: a backend stores blobs, not text.
    let odd: Vec<u8> = (0..=255).collect();
    let mut tx = backend.begin().expect("begun");
    let one = tx
        .insert_match_segment(&segment(2, &[4, 5, 1, 0, 2, 9, 0, 0], &[("fare", &odd)]))
        .expect("inserted");
    // A large segment's terms come after its row, a chunk at a time.
    tx.insert_match_terms(one, &[("ferri".to_string(), vec![4, 1, 0, 0, 5, 1, 0])])
        .expect("inserted");
    let two = tx
        .insert_match_segment(&segment(
            1,
            &[40, 3, 0, 0],
            &[("fare", &[40, 1, 0, 0, 3, 0, 0])],
        ))
        .expect("inserted");
    assert!(two > one);
    tx.commit().expect("committed");

    let rows = backend.rows();
    assert_eq!(
        rows.match_segments().expect("read"),
        [
            SegmentInfo {
                id: one,
                docs: 2,
                live: stats(2, [14, 6, 0]),
                deleted: vec![]
            },
            SegmentInfo {
                id: two,
                docs: 1,
                live: stats(1, [7, 3, 0]),
                deleted: vec![]
            },
        ]
    );
    assert_eq!(
        rows.match_doc_list(one).expect("read").as_deref(),
        Some(&[4u8, 5, 1, 0, 2, 9, 0, 0][..])
    );
    assert_eq!(rows.match_doc_list(two + 1).expect("read"), None);
    let mut found = rows
        .match_postings(&["fare".to_string(), "ferri".to_string(), "tram".to_string()])
        .expect("read");
    found.sort_by(|a, b| (a.segment, &a.term).cmp(&(b.segment, &b.term)));
    assert_eq!(
        found,
        [
            TermBlob {
                segment: one,
                term: "fare".to_string(),
                postings: odd.clone()
            },
            TermBlob {
                segment: one,
                term: "ferri".to_string(),
                postings: vec![4, 1, 0, 0, 5, 1, 0]
            },
            TermBlob {
                segment: two,
                term: "fare".to_string(),
                postings: vec![40, 1, 0, 0, 3, 0, 0]
            },
        ]
    );
    let mut terms = rows.match_segment_terms(one).expect("read");
    terms.sort();
    assert_eq!(
        terms,
        [
            ("fare".to_string(), odd.clone()),
            ("ferri".to_string(), vec![4, 1, 0, 0, 5, 1, 0])
        ]
    );

    let mut tx = backend.begin().expect("begun");
    tx.update_match_segment(one, &stats(1, [5, 1, 0]), &[4])
        .expect("updated");
    tx.delete_match_segment(two).expect("deleted");
    // A segment made after the newest was deleted still gets a larger id.
    let three = tx
        .insert_match_segment(&segment(1, &[6, 1, 0, 0], &[]))
        .expect("inserted");
    assert!(three > two);
    tx.commit().expect("committed");
    let rows = backend.rows();
    assert_eq!(
        rows.match_segments()
            .expect("read")
            .iter()
            .map(|s| (s.id, s.live, s.deleted.clone()))
            .collect::<Vec<_>>(),
        [
            (one, stats(1, [5, 1, 0]), vec![4]),
            (three, stats(1, [7, 3, 0]), vec![])
        ]
    );
    assert_eq!(rows.match_segment_terms(two).expect("read"), []);
    assert_eq!(
        rows.match_postings(&["fare".to_string()])
            .expect("read")
            .iter()
            .map(|b| b.segment)
            .collect::<Vec<_>>(),
        [one]
    );
}

/// A fresh SQLite desk in memory.
pub(crate) fn sqlite_in_memory() -> Option<TestDesk> {
    Some(TestDesk {
        backend: Box::new(sqlite::SqliteBackend::open_in_memory().expect("opened")),
        _keep: None,
    })
}

/// A fresh SQLite desk in a file of a temporary folder (WAL mode, as a real desk).
pub(crate) fn sqlite_file() -> Option<TestDesk> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let backend = sqlite::SqliteBackend::open(&dir.path().join("desk.db")).expect("opened");
    Some(TestDesk {
        backend: Box::new(backend),
        _keep: Some(Box::new(dir)),
    })
}

// A scratch database on the server `CLAIMTRACK_TEST_PG` names (skipped when it is unset, failing under CI).
backend_tests!(postgres, crate::backend::postgres::test_desk);
backend_tests!(sqlite_in_memory, crate::backend::suite::sqlite_in_memory);
backend_tests!(sqlite_file, crate::backend::suite::sqlite_file);
