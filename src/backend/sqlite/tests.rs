//! What is particular to the SQLite desk: the file it makes, the versions it accepts, the errors it names, and
//! the constraints of `schema.sql` that refuse bad rows even when the code is bypassed. The row-level behaviour
//! every backend shares is tested by `backend::suite`.

use rusqlite::Connection;

use super::*;

fn desk_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("desk.db")
}

#[test]
fn a_new_database_gets_the_schema_and_its_version() {
    let backend = SqliteBackend::open_in_memory().unwrap();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(backend.integrity_problems(false).unwrap().is_empty());
    assert!(backend.integrity_problems(true).unwrap().is_empty());
    assert!(backend.created());
}

#[test]
fn a_file_database_is_created_in_wal_mode_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    {
        let mut backend = SqliteBackend::open(&path).unwrap();
        assert!(backend.created());
        let tx = backend.begin().unwrap();
        tx.commit().unwrap();
    }
    let backend = SqliteBackend::open(&path).unwrap();
    assert!(!backend.created());
    assert_eq!(backend.desk(), path.display().to_string());
    let conn = backend.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_desk_opened_to_write_takes_its_name_only_when_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let names = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    {
        let mut backend = SqliteBackend::open_as(&path, Mode::Write).unwrap();
        assert!(backend.created());
        let tx = backend.begin().unwrap();
        drop(tx);
        assert!(!path.exists(), "not at its name before it is kept");
    }
    assert_eq!(
        names(),
        Vec::<String>::new(),
        "dropped unkept, nothing is left"
    );
    {
        let mut backend = SqliteBackend::open_as(&path, Mode::Write).unwrap();
        let tx = backend.begin().unwrap();
        tx.commit().unwrap();
        backend.keep().unwrap();
        assert!(backend.created());
        assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = backend
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    assert_eq!(names(), ["desk.db"]);
    // A desk that appeared at the name meanwhile is never replaced.
    std::fs::remove_file(&path).unwrap();
    let mut late = SqliteBackend::open_as(&path, Mode::Write).unwrap();
    std::fs::write(&path, "someone else's").unwrap();
    match late.keep() {
        Err(Error::Conflict { message, .. }) => assert_eq!(
            message,
            format!(
                "another command created a desk at `{}` while this one ran, so this one wrote nothing",
                path.display()
            )
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(late);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "someone else's");
    assert_eq!(names(), ["desk.db"]);
}

#[test]
fn an_empty_file_is_a_new_desk_but_not_a_created_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    std::fs::write(&path, "").unwrap();
    let backend = SqliteBackend::open(&path).unwrap();
    assert!(!backend.created(), "the file was there");
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_newer_database_is_refused_without_being_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match SqliteBackend::open(&path) {
        Err(Error::TooNew {
            found, supported, ..
        }) => assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION)),
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn what_is_not_a_desk_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(
        &text,
        "just some notes, long enough to look like a file header and then some more text\n"
            .repeat(20),
    )
    .unwrap();
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT);")
        .unwrap();
    let missing = dir.path().join("no-such-folder").join("desk.db");
    for (path, reason) in [
        (dir.path().to_path_buf(), "it is a directory"),
        (text, "the file is not an SQLite database"),
        (other, "it is an SQLite database of another program"),
        (
            missing,
            "it cannot be opened (is the folder there, and writable?)",
        ),
    ] {
        match SqliteBackend::open(&path) {
            Err(Error::NotADesk { desk, reason: why }) => {
                assert_eq!((desk, why.as_str()), (path.display().to_string(), reason))
            }
            other => panic!(
                "{}: expected NotADesk, got {:?}",
                path.display(),
                other.err()
            ),
        }
    }
}

#[test]
fn engine_errors_become_storage_conditions() {
    let busy =
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
    assert!(matches!(explain("d.db", busy), Error::Busy { desk } if desk == "d.db"));
    let read_only = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
        None,
    );
    assert_eq!(
        explain("d.db", read_only).to_string(),
        "`d.db` is read-only: nothing was changed"
    );
    let unique = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE),
        Some("UNIQUE constraint failed: articles.key".to_string()),
    );
    assert_eq!(
        explain("d.db", unique).to_string(),
        "the desk already holds that record (UNIQUE constraint failed: articles.key)"
    );
    let other = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
        Some("disk I/O error".to_string()),
    );
    assert_eq!(
        explain("d.db", other).to_string(),
        "database error: disk I/O error"
    );
}

#[test]
fn a_second_writer_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let mut first = SqliteBackend::open(&path).unwrap();
    let mut second = SqliteBackend::open(&path).unwrap();
    second.conn.busy_timeout(Duration::from_millis(20)).unwrap();
    let held = first.begin().unwrap();
    // The lock is taken at `begin`, not at the first write: the second writer cannot start at all.
    assert!(matches!(second.begin().err(), Some(Error::Busy { .. })));
    held.commit().unwrap();
    assert!(second.begin().is_ok());
}

#[test]
fn constraints_refuse_bad_rows_even_past_the_code() {
    let backend = SqliteBackend::open_in_memory().unwrap();
    let conn = backend.connection();
    conn.execute_batch(
        "INSERT INTO articles (id, key, title, body, created_at) VALUES (1, 'a', 'A', 'Text.', 'now');
         INSERT INTO claims (id, article_id, key, text, strength, created_at) VALUES (1, 1, 'c1', 'T', 'hedged', 'now');",
    )
    .unwrap();
    let refused = [
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (1, 'x', 't', 'weak', 'now')",
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (1, 'y', '  ', 'hedged', 'now')",
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (99, 'z', 't', 'hedged', 'now')",
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (1, 'c1', 't', 'hedged', 'now')",
        "UPDATE claims SET status = 'verified' WHERE id = 1",
        "UPDATE claims SET response = 'maybe' WHERE id = 1",
        "UPDATE claims SET span_start = 5 WHERE id = 1",
        "INSERT INTO sources (name, kind, created_at) VALUES ('X', 'alien', 'now')",
        "INSERT INTO evidence (key, title, credibility, created_at) VALUES ('k', 't', '7', 'now')",
        "INSERT INTO evidence (key, title, reliability, created_at) VALUES ('k', 't', 'G', 'now')",
        "INSERT INTO evidence (key, title, sha256, created_at) VALUES ('k', 't', 'abc', 'now')",
        "INSERT INTO links (claim_id, evidence_id, stance, created_at) VALUES (1, 42, 'supports', 'now')",
        "INSERT INTO articles (key, title, published, created_at) VALUES ('k', 't', '2026-02-30', 'now')",
        "INSERT INTO articles (key, title, created_at) VALUES ('../x', 't', 'now')",
    ];
    for sql in refused {
        assert!(conn.execute(sql, []).is_err(), "accepted: {sql}");
    }
}

#[test]
fn verdicts_and_events_are_never_changed_or_deleted() {
    let backend = SqliteBackend::open_in_memory().unwrap();
    let conn = backend.connection();
    conn.execute_batch(
        "INSERT INTO articles (id, key, title, created_at) VALUES (1, 'a', 'A', 'now');
         INSERT INTO claims (id, article_id, key, text, strength, created_at) VALUES (1, 1, 'c1', 'T', 'hedged', 'now');
         INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at)
             VALUES (1, 'false', 'Because.', 'high', 'marta', 'now');
         INSERT INTO events (at, actor, action, detail) VALUES ('now', 'marta', 'verdict', 'rated');",
    )
    .unwrap();
    for sql in [
        "UPDATE verdicts SET rating = 'true'",
        "DELETE FROM verdicts",
        "UPDATE events SET actor = 'someone else'",
        "DELETE FROM events",
    ] {
        assert!(conn.execute(sql, []).is_err(), "accepted: {sql}");
    }
}

#[test]
fn a_damaged_row_is_a_storage_failure_naming_the_value() {
    let backend = SqliteBackend::open_in_memory().unwrap();
    backend
        .connection()
        .execute_batch(
            "INSERT INTO articles (id, key, title, created_at) VALUES (1, 'a', 'A', 'last tuesday');",
        )
        .unwrap();
    let err = backend
        .rows()
        .article(crate::model::ArticleId(1))
        .unwrap_err();
    assert!(matches!(err, Error::Storage { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("`last tuesday` is not an RFC 3339 time"),
        "{err}"
    );
}

#[test]
fn upgrades_run_in_order_and_a_failed_one_rolls_back_keeping_the_data() {
    let mut backend = SqliteBackend::open_in_memory().unwrap();
    backend
        .conn
        .execute_batch("INSERT INTO articles (key, title, created_at) VALUES ('a', 'A', 'now');")
        .unwrap();
    let steps = [
        "ALTER TABLE articles ADD COLUMN section TEXT;",
        "ALTER TABLE claims ADD COLUMN extra TEXT; INSERT INTO nowhere VALUES (1);",
    ];
    let err = apply_upgrades(&mut backend.conn, 1, &steps).unwrap_err();
    assert!(err.to_string().contains("no such table: nowhere"), "{err}");
    // The first step landed with its version; the second left nothing of itself.
    assert_eq!(backend.schema_version().unwrap(), 2);
    let has = |backend: &SqliteBackend, table: &str, column: &str| -> i64 {
        backend
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
    assert_eq!(has(&backend, "articles", "section"), 1);
    assert_eq!(has(&backend, "claims", "extra"), 0);
    let count: i64 = backend
        .conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
    // Run again from version 2: only the remaining step is tried.
    let fixed = [
        "ALTER TABLE articles ADD COLUMN section TEXT;",
        "ALTER TABLE claims ADD COLUMN extra TEXT;",
    ];
    apply_upgrades(&mut backend.conn, 2, &fixed).unwrap();
    assert_eq!(backend.schema_version().unwrap(), 3);
    assert_eq!(has(&backend, "claims", "extra"), 1);
}

#[test]
fn opening_to_read_creates_nothing_and_refuses_a_missing_or_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let refused = |path: &std::path::Path| match SqliteBackend::open_as(path, Mode::Read) {
        Err(Error::NoDesk { desk }) => desk,
        Err(other) => panic!("refused as {other:?}"),
        Ok(_) => panic!("opened"),
    };
    assert_eq!(refused(&path), path.display().to_string());
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    std::fs::write(&path, "").unwrap();
    refused(&path);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    // Once a writer has made it, a reader opens it.
    drop(SqliteBackend::open_as(&path, Mode::Write).unwrap());
    let backend = SqliteBackend::open_as(&path, Mode::Read).unwrap();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
}

/// Turns a new desk into what an older version made, undoing the upgrade steps after `version`, newest first.
fn downgrade_to(conn: &Connection, version: i64) {
    let undo = [
        // 6 → 7: the tables built again with their IN checks (the foreign keys off, as the upgrade has them)
        concat!(
            "PRAGMA foreign_keys = OFF; BEGIN;",
            include_str!("tests_v6_tables.sql"),
            "COMMIT; PRAGMA foreign_keys = ON;"
        ),
        // 5 → 6
        "ALTER TABLE claims DROP COLUMN source_kind;",
        // 4 → 5
        "DROP TABLE match_terms; DROP TABLE match_segments; DROP TABLE reviews;
         DELETE FROM settings WHERE name = 'match_index';",
        // 3 → 4
        "DROP INDEX articles_by_text_length; DROP TABLE anchors; DROP TABLE revisions;
         ALTER TABLE verdicts DROP COLUMN revision;",
        // 2 → 3
        "DROP INDEX claims_by_place; DROP INDEX sources_by_identity;
         ALTER TABLE articles DROP COLUMN desk; ALTER TABLE evidence DROP COLUMN desk;
         ALTER TABLE sources DROP COLUMN identity; ALTER TABLE claims DROP COLUMN revision;
         ALTER TABLE verdicts DROP COLUMN claim_revision; ALTER TABLE verdicts DROP COLUMN imported_by;
         ALTER TABLE verdicts DROP COLUMN imported_at; DELETE FROM settings WHERE name = 'desk.id';",
        // 1 → 2
        "ALTER TABLE verdicts DROP COLUMN summary;",
    ];
    assert_eq!(undo.len(), UPGRADES.len(), "one undo per upgrade step");
    for step in &undo[..(SCHEMA_VERSION - version) as usize] {
        conn.execute_batch(step).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
}

/// Every table, index and trigger and every column of the tables, as a desk's schema is compared.
fn schema_of(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let objects: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for (kind, name, table) in objects {
        out.push(format!("{kind} {name} on {table}"));
        if kind == "table" {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{name}') ORDER BY cid"
                ))
                .unwrap();
            let columns = stmt
                .query_map([], |r| {
                    Ok(format!(
                        "  {} {} {} {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?
                    ))
                })
                .unwrap();
            out.extend(columns.map(Result::unwrap));
        }
    }
    out
}

/// Version 4 keeps every revision of an article's text and each claim's anchor per revision: a version-3 desk is
/// upgraded in place, each article's text becoming its revision 1 (when it was registered, by who registered
/// it) and each verdict on it checked against that revision, and ends with the schema a new desk has.
#[test]
fn a_version_3_desk_is_upgraded_to_keep_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let fresh = schema_of(SqliteBackend::open_in_memory().unwrap().connection());
    {
        let backend = SqliteBackend::open(&path).unwrap();
        downgrade_to(backend.connection(), 3);
        backend
            .connection()
            .execute_batch(
                "INSERT INTO articles (key, title, body, created_at) VALUES ('a', 'A', 'One. Two.', '2026-10-01T09:00:00Z');
                 INSERT INTO articles (key, title, created_at) VALUES ('b', 'B', '2026-10-02T09:00:00Z');
                 INSERT INTO articles (key, title, body, created_at) VALUES ('c', 'C', 'Three.', '2026-10-03T09:00:00Z');
                 INSERT INTO events (at, actor, action, article_id, detail)
                     VALUES ('2026-10-01T09:00:00Z', 'marta', 'article.add', 1, 'added article A1');
                 INSERT INTO events (at, actor, action, article_id, detail)
                     VALUES ('2026-10-01T09:30:00Z', 'editor', 'article.edit', 1, 'changed article A1: title');
                 INSERT INTO claims (article_id, key, text, span_start, span_end, strength, status, created_at)
                     VALUES (1, 'c1', 'One.', 0, 4, 'hedged', 'unverified', '2026-10-01T09:00:00Z');
                 INSERT INTO claims (article_id, key, text, strength, status, created_at)
                     VALUES (2, 'c1', 'Four.', 'hedged', 'unverified', '2026-10-02T09:00:00Z');
                 INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at)
                     VALUES (1, 'true', 'Because.', 'high', 'marta', '2026-10-04T09:00:00Z');
                 INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at)
                     VALUES (2, 'false', 'Because.', 'high', 'marta', '2026-10-04T09:00:00Z');",
            )
            .unwrap();
    }
    let backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(schema_of(backend.connection()), fresh);
    let rows = backend.rows();
    let revisions = |id| {
        rows.revisions(crate::model::ArticleId(id))
            .unwrap()
            .into_iter()
            .map(|r| format!("{} {} {}", r.number, r.created_at, r.actor))
            .collect::<Vec<_>>()
    };
    assert_eq!(revisions(1), ["1 2026-10-01T09:00:00Z marta"]);
    assert_eq!(revisions(2), Vec::<String>::new(), "no text, no revision");
    // Registered by nobody the trail names (a desk from before the trail): claimtrack.
    assert_eq!(revisions(3), ["1 2026-10-03T09:00:00Z claimtrack"]);
    assert_eq!(
        rows.revision_text(crate::model::ArticleId(1), 1)
            .unwrap()
            .as_deref(),
        Some("One. Two.")
    );
    let checked = |claim| {
        rows.verdicts(ClaimId(claim))
            .unwrap()
            .iter()
            .map(|v| v.revision)
            .collect::<Vec<_>>()
    };
    assert_eq!((checked(1), checked(2)), (vec![Some(1)], vec![None]));
    // The verdicts stay unchangeable.
    assert!(backend
        .connection()
        .execute("UPDATE verdicts SET rating = 'mixed'", [])
        .is_err());
    assert!(backend.integrity_problems(false).unwrap().is_empty());
}

/// Version 2 keeps a verdict's summary: a version-1 desk is upgraded in place, its verdicts kept without one, and
/// ends with the columns `schema.sql` gives a new desk.
#[test]
fn a_version_1_desk_is_upgraded_to_the_newest_schema_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let columns = |conn: &Connection| -> Vec<(String, String, String)> {
        let mut stmt = conn
            .prepare(
                "SELECT m.name, p.name, p.type FROM sqlite_schema m, pragma_table_info(m.name) p
                 WHERE m.type = 'table' ORDER BY m.name, p.name",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    let fresh = columns(SqliteBackend::open_in_memory().unwrap().connection());
    {
        // A desk as version 1 wrote it (the schema as it was released), with one verdict.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("schema_v1.sql")).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (key, title, created_at) VALUES ('a', 'A', '2026-10-01T09:00:00Z');
             INSERT INTO claims (article_id, key, text, strength, status, created_at)
                 VALUES (1, 'c1', 'One.', 'hedged', 'unverified', '2026-10-01T09:00:00Z');
             INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at)
                 VALUES (1, 'true', 'Because.', 'high', 'marta', '2026-10-01T09:00:00Z');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(columns(backend.connection()), fresh);
    let verdicts = backend.rows().verdicts(ClaimId(1)).unwrap();
    assert_eq!(
        verdicts
            .iter()
            .map(|v| (
                v.rationale.as_str(),
                v.summary.as_deref(),
                v.on_earlier_text
            ))
            .collect::<Vec<_>>(),
        [("Because.", None, false)]
    );
}

#[test]
fn revision_and_anchor_rows_the_schema_refuses() {
    let backend = SqliteBackend::open_in_memory().unwrap();
    let conn = backend.connection();
    conn.execute_batch(
        "INSERT INTO articles (id, key, title, body, created_at) VALUES (1, 'a', 'A', 'Text.', 'now');
         INSERT INTO claims (id, article_id, key, text, strength, created_at) VALUES (1, 1, 'c1', 'T', 'hedged', 'now');
         INSERT INTO revisions (article_id, number, created_at, actor) VALUES (1, 1, 'now', 'marta');
         INSERT INTO anchors (claim_id, revision, how, span_start, span_end, strength)
             VALUES (1, 1, 'recorded', 0, 5, 'hedged');
         INSERT INTO anchors (claim_id, revision, how, strength) VALUES (1, 2, 'recorded', 'hedged');
         INSERT INTO anchors (claim_id, revision, how) VALUES (1, 3, 'gone');
         INSERT INTO anchors (claim_id, revision, how, score, span_start, span_end, strength)
             VALUES (1, 4, 'fuzzy', 0.5, 0, 5, 'reported');",
    )
    .unwrap();
    for sql in [
        "INSERT INTO revisions (article_id, number, created_at, actor) VALUES (1, 1, 'now', 'marta')",
        "INSERT INTO revisions (article_id, number, created_at, actor) VALUES (1, 0, 'now', 'marta')",
        "INSERT INTO revisions (article_id, number, created_at, actor) VALUES (1, 2, 'now', ' ')",
        "INSERT INTO revisions (article_id, number, created_at, actor) VALUES (9, 1, 'now', 'marta')",
        "INSERT INTO anchors (claim_id, revision, how, strength) VALUES (1, 5, 'nearby', 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, span_start, span_end, strength) VALUES (1, 5, 'fuzzy', 0, 5, 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, score, span_start, span_end, strength) VALUES (1, 5, 'exact', 0.5, 0, 5, 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, score, span_start, span_end, strength) VALUES (1, 5, 'fuzzy', 1.5, 0, 5, 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, strength) VALUES (1, 5, 'exact', 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, span_start, span_end) VALUES (1, 5, 'gone', 0, 5)",
        "INSERT INTO anchors (claim_id, revision, how, strength) VALUES (1, 5, 'gone', 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, span_start, span_end) VALUES (1, 5, 'exact', 0, 5)",
        "INSERT INTO anchors (claim_id, revision, how, span_start, span_end, strength) VALUES (1, 5, 'exact', 5, 0, 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, strength) VALUES (9, 5, 'recorded', 'hedged')",
        "INSERT INTO anchors (claim_id, revision, how, strength, response) VALUES (1, 5, 'recorded', 'hedged', 'maybe')",
    ] {
        assert!(conn.execute(sql, []).is_err(), "accepted: {sql}");
    }
}

/// `scan --record --title` looks for the text on the desk: by its length first, through the partial indexes, so
/// that no other text is read.
#[test]
fn a_text_is_looked_up_by_its_length_through_the_indexes() {
    let backend = SqliteBackend::open_in_memory().unwrap();
    let mut stmt = backend
        .connection()
        .prepare(&format!("EXPLAIN QUERY PLAN {}", revisions::WITH_TEXT))
        .unwrap();
    let plan: Vec<String> = stmt
        .query_map(["x", "x"], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let plan = plan.join("\n");
    assert!(
        plan.contains("USING INDEX articles_by_text_length"),
        "{plan}"
    );
    assert!(
        plan.contains("USING INDEX revisions_by_text_length"),
        "{plan}"
    );
}

/// Version 5 adds the published fact-checks and the match index: a version-4 desk gets the tables and index a new
/// desk has, empty, and no `match_index` setting, so that its next write builds the index from the claims it
/// already holds.
#[test]
fn a_version_4_desk_is_upgraded_with_reviews_and_an_index_to_build() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let fresh_desk = SqliteBackend::open_in_memory().unwrap();
    let fresh = schema_of(fresh_desk.connection());
    assert_eq!(
        fresh_desk.rows().setting("match_index").unwrap().as_deref(),
        Some(crate::matching::segment::FORMAT)
    );
    {
        let backend = SqliteBackend::open(&path).unwrap();
        downgrade_to(backend.connection(), 4);
        assert!(!schema_of(backend.connection())
            .iter()
            .any(|object| object.contains("match_") || object.contains("reviews")));
    }
    let backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(schema_of(backend.connection()), fresh);
    assert_eq!(backend.rows().setting("match_index").unwrap(), None);
}

/// Version 6 keeps a claim's source kind: a version-5 desk gets the column a new desk has, its claims' kinds
/// unknown (nothing is guessed for them), and a kind written after the upgrade is kept.
#[test]
fn a_version_5_desk_is_upgraded_with_its_claims_source_kinds_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let fresh = schema_of(SqliteBackend::open_in_memory().unwrap().connection());
    {
        let backend = SqliteBackend::open(&path).unwrap();
        downgrade_to(backend.connection(), 5);
        assert!(!schema_of(backend.connection())
            .iter()
            .any(|object| object.contains("source_kind")));
        backend
            .connection()
            .execute_batch(
                "INSERT INTO articles (key, title, created_at) VALUES ('a', 'A', '2026-10-01T09:00:00Z');
                 INSERT INTO claims (article_id, key, text, source, strength, status, created_at)
                     VALUES (1, 'c1', 'Lind said so.', 'Lind', 'on_record', 'unverified', '2026-10-01T09:00:00Z');",
            )
            .unwrap();
    }
    let mut backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(schema_of(backend.connection()), fresh);
    let kind = |backend: &SqliteBackend| {
        backend
            .rows()
            .claim(ClaimId(1))
            .unwrap()
            .unwrap()
            .source_kind
    };
    assert_eq!(kind(&backend), None);
    let claim = backend.rows().claim(ClaimId(1)).unwrap().unwrap();
    let mut tx = backend.begin().unwrap();
    tx.update_claim(
        ClaimId(1),
        &crate::backend::ClaimRow {
            article: claim.article,
            key: &claim.key,
            text: &claim.text,
            span: claim.span,
            source: claim.source.as_deref(),
            cue: claim.cue.as_deref(),
            strength: claim.strength,
            response: claim.response,
            source_kind: Some(crate::model::ClaimSourceKind::NamedPerson),
            status: claim.status,
            created_at: claim.created_at,
        },
    )
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(
        kind(&backend),
        Some(crate::model::ClaimSourceKind::NamedPerson)
    );
    assert!(backend
        .connection()
        .execute("UPDATE claims SET source_kind = 'person'", [])
        .is_err());
    assert!(backend.integrity_problems(false).unwrap().is_empty());
}

/// The table rows of `table` as text, in key order, to compare a desk's data before and after an upgrade.
fn rows_of(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
        .unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| {
        (0..width)
            .map(|i| Ok(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?)))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map(|cells| cells.join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The `CREATE TABLE` of `table`, without its comments, and with its name as written (renaming a rebuilt table
/// into place quotes it).
fn table_sql(conn: &Connection, table: &str) -> String {
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let sql = sql.replacen(
        &format!("CREATE TABLE \"{table}\""),
        &format!("CREATE TABLE {table}"),
        1,
    );
    // A new desk's keeps schema.sql's comments; the upgrade writes none.
    sql.lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Version 7 checks the closed vocabularies of claims, evidence, links and verdicts with CASE instead of IN, which
/// SQLite can only change by building each table again: a version-6 desk (its tables checked with IN) comes out
/// with a new desk's tables, indexes and triggers, every row as it was, the checks, foreign keys and guards still
/// refusing what they refused, and `check` clean.
#[test]
fn a_version_6_desk_is_upgraded_to_checks_written_as_case_keeping_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let fresh_desk = SqliteBackend::open_in_memory().unwrap();
    let fresh = schema_of(fresh_desk.connection());
    let tables = ["claims", "evidence", "links", "verdicts"];
    let before = {
        let backend = SqliteBackend::open(&path).unwrap();
        downgrade_to(backend.connection(), 6);
        let conn = backend.connection();
        for table in tables {
            assert!(
                table_sql(conn, table).contains(" IN ("),
                "{table} is not as version 6 made it"
            );
        }
        conn.execute_batch(
            "INSERT INTO articles (key, title, created_at) VALUES ('a', 'A', '2026-10-01T09:00:00Z');
             INSERT INTO sources (name, kind, reliability, created_at, identity)
                 VALUES ('Wire', 'media', 'B', '2026-10-01T09:00:00Z', 'wire');
             INSERT INTO claims (article_id, key, text, span_start, span_end, source, cue, strength, response,
                                 status, created_at, source_kind)
                 VALUES (1, 'c1', 'One.', 0, 4, 'Lind', 'said', 'on_record', 'denial', 'corroborated',
                         '2026-10-01T09:00:00Z', 'named_person');
             INSERT INTO claims (article_id, key, text, strength, created_at)
                 VALUES (1, 'c2', 'Two.', 'hedged', '2026-10-01T09:00:00Z');
             INSERT INTO evidence (key, title, origin_id, reliability, credibility, created_at)
                 VALUES ('e1', 'Item', 1, 'A', '2', '2026-10-01T09:00:00Z');
             INSERT INTO evidence (key, title, derived_from, created_at) VALUES ('e2', 'Copy', 1, '2026-10-01T09:00:00Z');
             INSERT INTO links (claim_id, evidence_id, stance, note, created_at)
                 VALUES (1, 1, 'supports', 'see p. 2', '2026-10-01T09:00:00Z');
             INSERT INTO links (claim_id, evidence_id, stance, created_at) VALUES (1, 2, 'context', '2026-10-01T09:00:00Z');
             INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at, summary)
                 VALUES (1, 'mostly_true', 'Because.', 'moderate', 'marta', '2026-10-02T09:00:00Z', 'So.');
             INSERT INTO events (at, actor, action, article_id, claim_id, detail)
                 VALUES ('2026-10-01T09:00:00Z', 'marta', 'claim.add', 1, 1, 'added claim C1');",
        )
        .unwrap();
        tables.map(|table| rows_of(conn, table))
    };
    let backend = SqliteBackend::open(&path).unwrap();
    let conn = backend.connection();
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(schema_of(conn), fresh);
    for table in tables {
        assert_eq!(
            table_sql(conn, table),
            table_sql(fresh_desk.connection(), table)
        );
        assert!(!table_sql(conn, table).contains(" IN ("), "{table}");
    }
    assert_eq!(tables.map(|table| rows_of(conn, table)), before);
    for sql in [
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (1, 'c3', 'T', 'maybe', 'now')",
        "INSERT INTO claims (article_id, key, text, strength, response, created_at) VALUES (1, 'c3', 'T', 'hedged', 'shrug', 'now')",
        "INSERT INTO claims (article_id, key, text, strength, status, created_at) VALUES (1, 'c3', 'T', 'hedged', 'done', 'now')",
        "INSERT INTO claims (article_id, key, text, strength, created_at) VALUES (9, 'c3', 'T', 'hedged', 'now')",
        "INSERT INTO evidence (key, title, reliability, created_at) VALUES ('e3', 'T', 'G', 'now')",
        "INSERT INTO evidence (key, title, credibility, created_at) VALUES ('e3', 'T', '7', 'now')",
        "INSERT INTO links (claim_id, evidence_id, stance, created_at) VALUES (2, 1, 'maybe', 'now')",
        "INSERT INTO links (claim_id, evidence_id, stance, created_at) VALUES (9, 1, 'supports', 'now')",
        "INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at) VALUES (1, 'meh', 'R', 'high', 'm', 'now')",
        "INSERT INTO verdicts (claim_id, rating, rationale, confidence, author, created_at) VALUES (1, 'true', 'R', 'sure', 'm', 'now')",
        "UPDATE verdicts SET rating = 'false'",
        "DELETE FROM verdicts",
    ] {
        assert!(conn.execute(sql, []).is_err(), "accepted: {sql}");
    }
    // What the checks allow, NULL included where the column may be empty, still goes in.
    conn.execute_batch(
        "INSERT INTO claims (article_id, key, text, strength, response, created_at)
             VALUES (1, 'c3', 'T', 'unattributed', NULL, 'now');
         INSERT INTO evidence (key, title, reliability, credibility, created_at) VALUES ('e3', 'T', NULL, '6', 'now');",
    )
    .unwrap();
    assert!(backend.integrity_problems(false).unwrap().is_empty());
}

/// The files beside a desk that SQLite's journals leave, by suffix: which of `-wal` and `-journal` are there.
fn journals(path: &std::path::Path) -> (bool, bool) {
    let beside =
        |suffix: &str| std::path::PathBuf::from(format!("{}{suffix}", path.display())).exists();
    (beside("-wal"), beside("-journal"))
}

fn pragma_text(backend: &SqliteBackend, pragma: &str) -> String {
    backend
        .connection()
        .query_row(&format!("PRAGMA {pragma}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Integer(n) => n.to_string(),
            other => format!("{other:?}"),
        })
        .unwrap()
}

#[test]
fn a_load_into_an_empty_desk_is_written_through_a_rollback_journal_and_the_desk_returns_to_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let mut backend = SqliteBackend::open(&path).unwrap();
    {
        let mut tx = backend.begin_load().unwrap();
        tx.put_setting("load.test", "written").unwrap();
        // The log is gone (folded into the file when WAL mode was left) and the journal holds the load's undo.
        assert_eq!(journals(&path), (false, true));
        tx.commit().unwrap();
    }
    assert!(!journals(&path).1, "the commit deleted the journal");
    assert_eq!(pragma_text(&backend, "journal_mode"), "wal");
    assert_eq!(pragma_text(&backend, "synchronous"), "2", "FULL again");
    assert_eq!(
        backend.rows().setting("load.test").unwrap().as_deref(),
        Some("written")
    );
    drop(backend);
    let again = SqliteBackend::open(&path).unwrap();
    assert_eq!(
        again.rows().setting("load.test").unwrap().as_deref(),
        Some("written")
    );
}

#[test]
fn a_load_given_up_leaves_the_empty_desk_as_it_was_and_in_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let mut backend = SqliteBackend::open(&path).unwrap();
    {
        let mut tx = backend.begin_load().unwrap();
        tx.put_setting("load.test", "written").unwrap();
        assert_eq!(journals(&path), (false, true));
    }
    assert_eq!(backend.rows().setting("load.test").unwrap(), None);
    assert_eq!(pragma_text(&backend, "journal_mode"), "wal");
    assert!(!journals(&path).1);
    assert!(backend.integrity_problems(false).unwrap().is_empty());
}

#[test]
fn a_load_while_another_process_has_the_desk_open_goes_through_the_log_and_they_read_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let mut loader = SqliteBackend::open(&path).unwrap();
    let reader = SqliteBackend::open(&path).unwrap();
    let mut tx = loader.begin_load().unwrap();
    tx.put_setting("load.test", "written").unwrap();
    assert_eq!(journals(&path), (true, false), "still in WAL mode");
    // As with any write: the other connection reads the desk as it was, without waiting.
    assert_eq!(reader.rows().setting("load.test").unwrap(), None);
    tx.commit().unwrap();
    assert_eq!(
        reader.rows().setting("load.test").unwrap().as_deref(),
        Some("written")
    );
    assert_eq!(pragma_text(&reader, "journal_mode"), "wal");
}

#[test]
fn a_load_into_a_desk_that_holds_events_goes_through_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    let mut backend = SqliteBackend::open(&path).unwrap();
    backend
        .connection()
        .execute(
            "INSERT INTO events (at, actor, action, detail) VALUES ('2026-01-01T00:00:00Z', 'a', 'x', '{}')",
            [],
        )
        .unwrap();
    let mut tx = backend.begin_load().unwrap();
    tx.put_setting("load.test", "written").unwrap();
    assert_eq!(journals(&path), (true, false));
    tx.commit().unwrap();
}

#[test]
fn a_desk_left_in_rollback_mode_is_in_wal_again_once_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_in(&dir);
    drop(SqliteBackend::open(&path).unwrap());
    // What a load killed after its commit, before it set WAL again, leaves.
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = delete", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);
    let backend = SqliteBackend::open_as(&path, Mode::Read).unwrap();
    assert_eq!(pragma_text(&backend, "journal_mode"), "wal");
}
