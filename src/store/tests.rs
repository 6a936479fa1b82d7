//! The store on in-memory and temporary-file databases: schema and upgrades, constraints that refuse bad rows even
//! when the code is bypassed, and statuses kept current.

use rusqlite::Connection;

use super::*;
use crate::model::*;

fn actor() -> Actor {
    Actor {
        name: "tester".to_string(),
        at: "2026-11-28T10:00:00Z".parse().unwrap(),
    }
}

fn article(store: &mut Store) -> ArticleId {
    store
        .write(&actor(), |db| {
            db.add_article(&NewArticle {
                title: "Dock fees".to_string(),
                body: Some("Officials allegedly took fees.".to_string()),
                ..Default::default()
            })
        })
        .unwrap()
}

fn claim(store: &mut Store, article: ArticleId, text: &str) -> ClaimId {
    store
        .write(&actor(), |db| {
            db.add_claim(&NewClaim {
                article,
                key: None,
                text: text.to_string(),
                span: None,
                source: None,
                cue: None,
                strength: Strength::Hedged,
                response: None,
            })
        })
        .unwrap()
}

fn evidence(
    store: &mut Store,
    title: &str,
    origin: &str,
    reliability: Reliability,
    credibility: Credibility,
) -> EvidenceId {
    store
        .write(&actor(), |db| {
            db.add_evidence(&NewEvidence {
                title: title.to_string(),
                origin: Some(origin.to_string()),
                reliability: Some(reliability),
                credibility: Some(credibility),
                ..Default::default()
            })
        })
        .unwrap()
}

#[test]
fn a_new_database_gets_the_schema_and_its_version() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_problems(false).unwrap().is_empty());
    assert!(store.integrity_problems(true).unwrap().is_empty());
}

#[test]
fn a_file_database_is_created_in_wal_mode_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let mut store = Store::open(&path).unwrap();
        article(&mut store);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.read().articles().unwrap().len(), 1);
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_newer_database_is_refused_without_being_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 7;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(Error::TooNew {
            found: 7,
            supported,
            ..
        }) => assert_eq!(supported, SCHEMA_VERSION),
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_text_file_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(
        &path,
        "just some notes, long enough to look like a file header and then some more text\n"
            .repeat(20),
    )
    .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(Error::NotADatabase { .. })
    ));
}

#[test]
fn constraints_refuse_bad_rows_even_past_the_code() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article(&mut store);
    let c = claim(&mut store, a, "Officials allegedly took fees.");
    let conn = &store.conn;
    let refused = [
        format!("INSERT INTO claims (article_id, key, text, strength, created_at) VALUES ({}, 'x', 't', 'weak', 'now')", a.0),
        format!("INSERT INTO claims (article_id, key, text, strength, created_at) VALUES ({}, 'y', '  ', 'hedged', 'now')", a.0),
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (99, 'z', 't', 'hedged', 'now')".to_string(),
        format!("UPDATE claims SET status = 'verified' WHERE id = {}", c.0),
        format!("UPDATE claims SET response = 'maybe' WHERE id = {}", c.0),
        format!("UPDATE claims SET span_start = 5 WHERE id = {}", c.0),
        "INSERT INTO sources (name, kind, created_at) VALUES ('X', 'alien', 'now')".to_string(),
        "INSERT INTO evidence (key, title, credibility, created_at) VALUES ('k', 't', '7', 'now')".to_string(),
        "INSERT INTO evidence (key, title, reliability, created_at) VALUES ('k', 't', 'G', 'now')".to_string(),
        "INSERT INTO evidence (key, title, sha256, created_at) VALUES ('k', 't', 'abc', 'now')".to_string(),
        format!("INSERT INTO links (claim_id, evidence_id, stance, created_at) VALUES ({}, 42, 'supports', 'now')", c.0),
        "INSERT INTO articles (key, title, published, created_at) VALUES ('k', 't', '2026-02-30', 'now')".to_string(),
        "INSERT INTO articles (key, title, created_at) VALUES ('../x', 't', 'now')".to_string(),
        "UPDATE events SET actor = 'someone else'".to_string(),
        "DELETE FROM events".to_string(),
    ];
    for sql in &refused {
        assert!(conn.execute(sql, []).is_err(), "accepted: {sql}");
    }
}

#[test]
fn verdicts_are_never_overwritten_or_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article(&mut store);
    let c = claim(&mut store, a, "Officials allegedly took fees.");
    for (rating, rationale) in [
        (Rating::Unproven, "Nothing yet."),
        (Rating::False, "The audit shows otherwise."),
    ] {
        store
            .write(&actor(), |db| {
                db.add_verdict(
                    c,
                    &NewVerdict {
                        rating,
                        rationale: rationale.to_string(),
                        confidence: Confidence::High,
                        author: None,
                        at: None,
                    },
                )
            })
            .unwrap();
    }
    assert_eq!(store.read().claim(c).unwrap().verdict, Some(Rating::False));
    assert_eq!(store.read().verdicts(c).unwrap().len(), 2);
    assert!(store
        .conn
        .execute("UPDATE verdicts SET rating = 'true'", [])
        .is_err());
    assert!(store.conn.execute("DELETE FROM verdicts", []).is_err());
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article(&mut store);
    let events = store.read().event_count().unwrap();
    let result = store.write(&actor(), |db| {
        db.add_claim(&NewClaim {
            article: a,
            key: None,
            text: "First, fine.".to_string(),
            span: None,
            source: None,
            cue: None,
            strength: Strength::Unattributed,
            response: None,
        })?;
        db.link(ClaimId(1), EvidenceId(404), Stance::Supports, None)
    });
    assert!(matches!(
        result,
        Err(Error::NotFound {
            kind: RecordKind::Evidence,
            ..
        })
    ));
    assert_eq!(
        store.read().claims(&ClaimFilter::default()).unwrap(),
        vec![]
    );
    assert_eq!(store.read().event_count().unwrap(), events);
}

#[test]
fn statuses_follow_links_grades_and_origins_in_the_same_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article(&mut store);
    let c1 = claim(&mut store, a, "Officials allegedly took fees.");
    let c2 = claim(&mut store, a, "The fees reached 300 crowns.");
    let e1 = evidence(
        &mut store,
        "Audit",
        "Port Authority",
        Reliability::B,
        Credibility::Probable,
    );
    let e2 = evidence(
        &mut store,
        "Ministry note",
        "Ministry",
        Reliability::A,
        Credibility::Confirmed,
    );
    let status = |store: &Store, c: ClaimId| store.read().claim(c).unwrap().status;
    store
        .write(&actor(), |db| db.link(c1, e1, Stance::Supports, None))
        .unwrap();
    store
        .write(&actor(), |db| db.link(c2, e1, Stance::Supports, None))
        .unwrap();
    assert_eq!(status(&store, c1), Status::SingleSource);
    store
        .write(&actor(), |db| db.link(c1, e2, Stance::Supports, None))
        .unwrap();
    assert_eq!(status(&store, c1), Status::Corroborated);
    // Tracing the ministry note to the port authority makes it the same line: circular reporting.
    let port = store
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
    store
        .write(&actor(), |db| db.update_evidence(e2, &grades))
        .unwrap();
    assert_eq!(status(&store, c1), Status::SingleSource);
    // Refuting with credible evidence disputes both claims resting on E1.
    let e3 = evidence(
        &mut store,
        "Court ruling",
        "Court",
        Reliability::A,
        Credibility::Confirmed,
    );
    store
        .write(&actor(), |db| db.link(c2, e3, Stance::Refutes, None))
        .unwrap();
    assert_eq!(status(&store, c2), Status::Disputed);
    // Grading the port authority down takes E1's inherited grade with it... but E1 has its own grade, so only
    // an ungraded item would follow; E1 keeps B.
    store
        .write(&actor(), |db| {
            db.update_source(port, SourceKind::Organisation, Some(Reliability::E))
        })
        .unwrap();
    assert_eq!(status(&store, c2), Status::Disputed);
    store.write(&actor(), |db| db.unlink(c2, e3)).unwrap();
    assert_eq!(status(&store, c2), Status::SingleSource);
    assert!(store.read().stale_statuses().unwrap().is_empty());
}

#[test]
fn a_source_grade_flows_to_evidence_without_its_own() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article(&mut store);
    let c = claim(&mut store, a, "Officials allegedly took fees.");
    let source = store
        .write(&actor(), |db| {
            db.add_source("Wire", SourceKind::Media, Some(Reliability::B))
        })
        .unwrap();
    let e = store
        .write(&actor(), |db| {
            db.add_evidence(&NewEvidence {
                title: "Wire story".into(),
                origin: Some("wire".into()),
                credibility: Some(Credibility::Probable),
                ..Default::default()
            })
        })
        .unwrap();
    assert_eq!(
        store.read().evidence(e).unwrap().reliability,
        Reliability::B
    );
    store
        .write(&actor(), |db| db.link(c, e, Stance::Refutes, None))
        .unwrap();
    assert_eq!(store.read().claim(c).unwrap().status, Status::Refuted);
    store
        .write(&actor(), |db| {
            db.update_source(source, SourceKind::Media, Some(Reliability::E))
        })
        .unwrap();
    assert_eq!(
        store.read().evidence(e).unwrap().reliability,
        Reliability::E
    );
    assert_eq!(store.read().claim(c).unwrap().status, Status::Unverified);
}

#[test]
fn derived_from_cycles_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let e1 = evidence(
        &mut store,
        "One",
        "A",
        Reliability::B,
        Credibility::Probable,
    );
    let e2 = store
        .write(&actor(), |db| {
            db.add_evidence(&NewEvidence {
                title: "Two".into(),
                derived_from: Some(e1),
                ..Default::default()
            })
        })
        .unwrap();
    let e3 = store
        .write(&actor(), |db| {
            db.add_evidence(&NewEvidence {
                title: "Three".into(),
                derived_from: Some(e2),
                ..Default::default()
            })
        })
        .unwrap();
    let grades = EvidenceGrades {
        origin: None,
        derived_from: Some(e3),
        reliability: Some(Reliability::B),
        credibility: Credibility::Probable,
    };
    let err = store
        .write(&actor(), |db| db.update_evidence(e1, &grades))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "E1 cannot derive from E3: that would make a cycle (E1 → E3 → E2 → E1)"
    );
}

#[test]
fn upgrades_run_in_order_and_a_failed_one_rolls_back_keeping_the_data() {
    let mut store = Store::open_in_memory().unwrap();
    article(&mut store);
    let steps = [
        "ALTER TABLE articles ADD COLUMN section TEXT;",
        "ALTER TABLE claims ADD COLUMN extra TEXT; INSERT INTO nowhere VALUES (1);",
    ];
    let err = apply_upgrades(&mut store.conn, 1, &steps).unwrap_err();
    assert!(err.to_string().contains("no such table: nowhere"), "{err}");
    // The first step landed with its version; the second left nothing of itself.
    assert_eq!(store.schema_version().unwrap(), 2);
    let has = |store: &Store, table: &str, column: &str| -> i64 {
        store
            .conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(has(&store, "articles", "section"), 1);
    assert_eq!(has(&store, "claims", "extra"), 0);
    assert_eq!(store.read().articles().unwrap().len(), 1);
    // Run again from version 2: only the remaining step is tried.
    let fixed = [
        "ALTER TABLE articles ADD COLUMN section TEXT;",
        "ALTER TABLE claims ADD COLUMN extra TEXT;",
    ];
    apply_upgrades(&mut store.conn, 2, &fixed).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    assert_eq!(has(&store, "claims", "extra"), 1);
}

#[test]
fn stale_statuses_are_found_for_linked_and_unlinked_claims() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article(&mut store);
    let linked = claim(&mut store, a, "Officials allegedly took fees.");
    let lone = claim(&mut store, a, "The fees reached 300 crowns.");
    let fine = claim(&mut store, a, "The port handled 4.5 million tonnes.");
    let e1 = evidence(
        &mut store,
        "Audit",
        "Port Authority",
        Reliability::B,
        Credibility::Probable,
    );
    let e2 = evidence(
        &mut store,
        "Ministry note",
        "Ministry",
        Reliability::A,
        Credibility::Confirmed,
    );
    for (c, e) in [(linked, e1), (linked, e2), (fine, e1)] {
        store
            .write(&actor(), |db| db.link(c, e, Stance::Supports, None))
            .unwrap();
    }
    assert!(store.read().stale_statuses().unwrap().is_empty());
    store
        .conn
        .execute(
            "UPDATE claims SET status = 'refuted' WHERE id = ?1",
            [linked.0],
        )
        .unwrap();
    store
        .conn
        .execute(
            "UPDATE claims SET status = 'disputed' WHERE id = ?1",
            [lone.0],
        )
        .unwrap();
    assert_eq!(
        store.read().stale_statuses().unwrap(),
        vec![
            (linked, Status::Refuted, Status::Corroborated),
            (lone, Status::Disputed, Status::Unverified)
        ]
    );
}
