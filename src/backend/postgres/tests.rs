//! What is particular to the server desk: the versions it accepts, what it refuses to open, and the checks of
//! `check`. The row-level behaviour every backend shares is tested by `backend::suite`; the roles, the stamps, the
//! concurrency and moving a desk are tested through the binary in `tests/server.rs`.

use super::*;
use crate::backend::suite::{article_row, claim_row, required_env, TestDesk};

fn desk() -> Option<(TestDesk, String)> {
    let admin = required_env("CLAIMTRACK_TEST_PG")?;
    let dbname = scratch::fresh_name("ct_unit");
    let dropper = scratch::Dropper {
        admin: admin.clone(),
        dbname: dbname.clone(),
    };
    let url = scratch::url_of(&admin, &dbname);
    let backend = PgBackend::init(&url).expect("a scratch desk");
    Some((
        TestDesk {
            backend: Box::new(backend),
            _keep: Some(Box::new(dropper)),
        },
        url,
    ))
}

fn admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("the test server")
}

#[test]
fn a_new_desk_is_at_the_current_version_and_checks_clean() {
    let Some((desk, url)) = desk() else { return };
    assert!(desk.backend.created());
    assert_eq!(desk.backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        desk.backend.integrity_problems(false).unwrap(),
        Vec::<String>::new()
    );
    let again = PgBackend::init(&url).expect("init again");
    assert!(!again.created(), "a second init finds the desk");
    let server = desk.backend.server().expect("a server desk");
    assert!(server.is_owner());
    let dbname = url
        .split('/')
        .nth(3)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        server.group(DeskRole::Checker),
        format!("claimtrack_{dbname}_checker")
    );
}

#[test]
fn the_catalog_holds_exactly_what_check_looks_for() {
    let Some((_desk, url)) = desk() else { return };
    let mut client = admin(&url);
    let mut names = |sql: &str| -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = client_rows(&mut client, sql);
        rows.sort();
        rows
    };
    fn client_rows(client: &mut postgres::Client, sql: &str) -> Vec<(String, String)> {
        client
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    }
    let mut expected: Vec<(String, String)> = checks::CONSTRAINTS
        .iter()
        .map(|(t, n)| (t.to_string(), n.to_string()))
        .collect();
    expected.sort();
    assert_eq!(
        names(
            "SELECT c.relname::text, k.conname::text FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'claimtrack'"
        ),
        expected
    );
    let mut expected: Vec<(String, String)> = checks::INDEXES
        .iter()
        .map(|(t, n)| (t.to_string(), n.to_string()))
        .collect();
    expected.sort();
    assert_eq!(
        names(
            "SELECT t.relname::text, i.relname::text FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'claimtrack'"
        ),
        expected
    );
    let mut expected: Vec<(String, String)> = checks::TRIGGERS
        .iter()
        .map(|(t, n)| (t.to_string(), n.to_string()))
        .collect();
    expected.sort();
    assert_eq!(
        names(
            "SELECT c.relname::text, t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'claimtrack' AND NOT t.tgisinternal"
        ),
        expected
    );
}

#[test]
fn an_older_desk_is_upgraded_step_by_step_by_its_owner() {
    let Some((desk, url)) = desk() else { return };
    drop(desk.backend);
    let mut backend = PgBackend::open(&url).expect("opened");
    // The desk is at this binary's version: its own steps, then two more.
    let mut steps: Vec<&str> = setup::UPGRADES.to_vec();
    steps.extend([
        "CREATE TABLE claimtrack.extra (x int);",
        "ALTER TABLE claimtrack.extra ADD y int;",
    ]);
    setup::apply_upgrades(&mut backend, &steps).expect("upgraded");
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION + 2);
    let mut client = admin(&url);
    let columns: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'claimtrack' AND table_name = 'extra'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(columns, 2);
    // A step that fails leaves the desk at the version before it, its data intact.
    let mut failing = steps.clone();
    failing.push("ALTER TABLE claimtrack.nowhere ADD z int;");
    let error = setup::apply_upgrades(&mut backend, &failing).unwrap_err();
    assert!(
        error.to_string().contains(&format!(
            "upgrading to schema version {} failed",
            SCHEMA_VERSION + 3
        )),
        "{error}"
    );
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION + 2);
}

/// What the step to version 7 changed, undone: the trigger that stamped each event, the checker's grant to insert
/// every column of the trail, and no defaults for its actor and time.
fn undo_version_7(checker: &str) -> String {
    format!(
        "ALTER TABLE claimtrack.events ALTER COLUMN at DROP DEFAULT, ALTER COLUMN actor DROP DEFAULT;
         CREATE FUNCTION claimtrack.stamp_event() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF current_setting('claimtrack.keep_stamps', true) IS DISTINCT FROM 'on'
                OR NOT claimtrack.keeps_stamps() THEN
                 NEW.actor := session_user;
                 NEW.at := pg_catalog.date_trunc('second', pg_catalog.now());
             END IF;
             RETURN NEW;
         END $$;
         CREATE TRIGGER events_are_stamped BEFORE INSERT ON claimtrack.events
             FOR EACH ROW EXECUTE FUNCTION claimtrack.stamp_event();
         REVOKE INSERT ON claimtrack.events FROM \"{checker}\";
         GRANT INSERT ON claimtrack.events TO \"{checker}\";
         UPDATE claimtrack.desk SET version = 6;"
    )
}

/// Version 7 gives an event's actor and time from the columns' defaults, which the groups cannot override, instead
/// of a trigger per row: a version-6 desk is upgraded by its owner to the triggers, defaults and grants a new desk
/// has, its trail intact, and `check` clean; a checker's insert that names an actor is refused.
#[test]
fn a_version_6_desk_is_upgraded_to_events_stamped_by_the_columns_defaults() {
    let Some((desk, url)) = desk() else { return };
    let server = desk.backend.server().expect("a server desk");
    let checker = server.group(DeskRole::Checker).to_string();
    let editor = server.group(DeskRole::Editor).to_string();
    drop(desk.backend);
    let mut client = admin(&url);
    let shape = |client: &mut postgres::Client| -> Vec<String> {
        let mut out: Vec<String> = client
            .query(
                "SELECT column_name::text || ' ' || coalesce(column_default::text, '-') FROM information_schema.columns
                 WHERE table_schema = 'claimtrack' AND table_name = 'events' ORDER BY ordinal_position",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        out.extend(
            client
                .query(
                    "SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                     WHERE c.relname = 'events' AND NOT t.tgisinternal ORDER BY 1",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0)),
        );
        out
    };
    let may_stamp = |client: &mut postgres::Client| -> (bool, bool) {
        let row = client
            .query_one(
                "SELECT has_column_privilege($1, 'claimtrack.events', 'actor', 'INSERT'),
                        has_column_privilege($1, 'claimtrack.events', 'detail', 'INSERT')",
                &[&checker],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    let fresh = shape(&mut client);
    assert_eq!(may_stamp(&mut client), (false, true));
    client.batch_execute(&undo_version_7(&checker)).unwrap();
    assert_eq!(may_stamp(&mut client), (true, true));
    assert!(shape(&mut client).contains(&"events_are_stamped".to_string()));
    client
        .batch_execute(
            "INSERT INTO claimtrack.events (id, at, actor, action, detail)
             VALUES (1, '2026-10-01T09:00:00Z', 'ignored', 'setting', 'before the upgrade')",
        )
        .unwrap();
    let trail = |client: &mut postgres::Client| -> Vec<(i64, String, String)> {
        client
            .query(
                "SELECT id, actor, detail FROM claimtrack.events ORDER BY id",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    };
    let before = trail(&mut client);
    assert_eq!(
        before,
        [(1, "postgres".to_string(), "before the upgrade".to_string())]
    );
    let backend = PgBackend::open(&url).expect("opened and upgraded by its owner");
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(shape(&mut client), fresh);
    assert_eq!(may_stamp(&mut client), (false, true));
    assert_eq!(trail(&mut client), before);
    assert_eq!(
        backend.integrity_problems(false).unwrap(),
        Vec::<String>::new()
    );
    // `check` names the groups given back the right to write the stamps (the editors are checkers too).
    client
        .batch_execute(&format!(
            "GRANT INSERT (actor) ON claimtrack.events TO \"{checker}\""
        ))
        .unwrap();
    let says = |group: &str| {
        format!(
            "grant: `{group}` may write an event's actor or time, which are the server's to give"
        )
    };
    assert_eq!(
        backend.integrity_problems(false).unwrap(),
        [says(&checker), says(&editor)]
    );
}

/// Version 6 keeps a claim's source kind: a desk a released claimtrack made at version 5 is upgraded by its owner
/// with the column a new desk has (its claims' kinds unknown), its check, and the checker's grant to change it.
#[test]
fn a_version_5_desk_is_upgraded_to_keep_source_kinds() {
    let Some((desk, url)) = desk() else { return };
    let checker = desk
        .backend
        .server()
        .expect("a server desk")
        .group(DeskRole::Checker)
        .to_string();
    drop(desk.backend);
    let mut client = admin(&url);
    let column = |client: &mut postgres::Client| -> Vec<(String, Option<String>)> {
        client
            .query(
                "SELECT data_type::text, collation_name::text FROM information_schema.columns
                 WHERE table_schema = 'claimtrack' AND table_name = 'claims' AND column_name = 'source_kind'",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    };
    let fresh = column(&mut client);
    assert_eq!(fresh, [("text".to_string(), Some("C".to_string()))]);
    client.batch_execute(&undo_version_7(&checker)).unwrap();
    client
        .batch_execute(
            "ALTER TABLE claimtrack.claims DROP COLUMN source_kind;
             UPDATE claimtrack.desk SET version = 5;
             INSERT INTO claimtrack.articles (key, title, created_at) VALUES ('a', 'A', now());
             INSERT INTO claimtrack.claims (article_id, key, text, strength, created_at)
                 VALUES ((SELECT id FROM claimtrack.articles), 'c1', 'One.', 'hedged', now());",
        )
        .unwrap();
    assert!(column(&mut client).is_empty());
    let backend = PgBackend::open(&url).expect("opened and upgraded by its owner");
    assert_eq!(backend.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(column(&mut client), fresh);
    let id: i64 = client
        .query_one("SELECT id FROM claimtrack.claims", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        backend
            .rows()
            .claim(crate::model::ClaimId(id))
            .unwrap()
            .unwrap()
            .source_kind,
        None
    );
    let granted: bool = client
        .query_one(
            "SELECT has_column_privilege($1, 'claimtrack.claims', 'source_kind', 'UPDATE')",
            &[&checker],
        )
        .unwrap()
        .get(0);
    assert!(granted, "the checker may change a claim's source kind");
    assert!(client
        .batch_execute("UPDATE claimtrack.claims SET source_kind = 'person'")
        .is_err());
    assert_eq!(
        backend.integrity_problems(false).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn the_trail_refuses_an_insert_that_would_leave_a_gap_even_from_the_owner() {
    let Some((mut desk, url)) = desk() else {
        return;
    };
    let mut tx = desk.backend.begin().unwrap();
    tx.insert_events(&[EventRow {
        at: crate::model::Timestamp::now(),
        actor: "anyone",
        action: Action::Setting,
        refs: crate::backend::EventRefs::default(),
        detail: "first".to_string(),
    }])
    .unwrap();
    tx.commit().unwrap();
    let mut client = admin(&url);
    let error = client
        .batch_execute("INSERT INTO claimtrack.events (id, at, actor, action, detail) VALUES (5, now(), 'x', 'setting', 'gap')")
        .unwrap_err();
    let message = error
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert_eq!(
        message,
        "event ids must follow on from the last one without a gap (next is 2)"
    );
    client
        .batch_execute(
            "INSERT INTO claimtrack.events (id, action, detail) VALUES (2, 'setting', 'next')",
        )
        .expect("the next id is taken");
    let actor: String = client
        .query_one("SELECT actor FROM claimtrack.events WHERE id = 2", &[])
        .unwrap()
        .get(0);
    assert_eq!(actor, "postgres", "stamped with who connected");
}

#[test]
fn verdicts_written_in_bulk_are_stamped_by_the_server_as_one_by_one() {
    let Some((mut desk, url)) = desk() else {
        return;
    };
    let mut tx = desk.backend.begin().unwrap();
    let article = tx.insert_article(&article_row("a", "A")).unwrap();
    let keys: Vec<String> = (0..5).map(|n| format!("c{n}")).collect();
    let claims: Vec<_> = keys
        .iter()
        .map(|key| claim_row(article, key, "A claim.", crate::model::Strength::Hedged))
        .collect();
    let claims = tx.insert_claims(&claims).unwrap();
    let long_ago: crate::model::Timestamp = "2020-01-01T00:00:00Z".parse().unwrap();
    let verdicts: Vec<_> = claims
        .iter()
        .map(|claim| crate::backend::VerdictRow {
            claim: *claim,
            rating: crate::model::Rating::False,
            rationale: "Because.",
            confidence: crate::model::Confidence::High,
            author: "somebody else",
            created_at: long_ago,
            summary: None,
            revision: None,
            imported: None,
            on_earlier_text: false,
        })
        .collect();
    tx.insert_verdicts(&verdicts).unwrap();
    tx.commit().unwrap();
    let stamped: Vec<(String, bool)> = admin(&url)
        .query(
            "SELECT author, created_at > now() - interval '1 hour' FROM claimtrack.verdicts ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(stamped, vec![("postgres".to_string(), true); 5]);
}

#[test]
fn a_write_that_waits_too_long_for_the_desk_is_busy() {
    let Some((_desk, url)) = desk() else { return };
    let mut holder = admin(&url);
    holder
        .batch_execute(&format!(
            "BEGIN; SELECT pg_advisory_xact_lock({DESK_LOCK});"
        ))
        .unwrap();
    let mut other = PgBackend::open(&url).unwrap();
    // The desk waits 30 s; the test, a fifth of a second.
    other.lock_timeout = std::time::Duration::from_millis(200);
    let error = other.begin().err().expect("busy");
    assert!(matches!(error, Error::Busy { .. }), "{error:?}");
    holder.batch_execute("ROLLBACK").unwrap();
    let tx = other
        .begin()
        .expect("free again once the other writer is done");
    tx.commit().unwrap();
}

/// The server's schema is the file's: the same tables with the same columns, every named index of `schema.sql`
/// under the same name, at the same version number. A schema step added to one engine and not the other fails
/// here.
#[test]
fn the_server_schema_has_the_tables_columns_and_indexes_of_the_file_schema_at_its_version() {
    assert_eq!(SCHEMA_VERSION, crate::backend::sqlite::SCHEMA_VERSION);
    let Some((_desk, url)) = desk() else { return };
    let file = crate::backend::sqlite::SqliteBackend::open_in_memory().unwrap();
    let mut stmt = file
        .connection()
        .prepare(
            "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY 1, 2",
        )
        .unwrap();
    let file_columns: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = file
        .connection()
        .prepare(
            "SELECT tbl_name, name FROM sqlite_schema
             WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY 1, 2",
        )
        .unwrap();
    let file_indexes: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut client = admin(&url);
    let server_columns: Vec<(String, String)> = client
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'claimtrack' AND table_name <> 'desk' ORDER BY 1, 2",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let sorted = |mut rows: Vec<(String, String)>| {
        rows.sort();
        rows
    };
    assert_eq!(sorted(server_columns), sorted(file_columns));
    let server_indexes: Vec<(String, String)> = checks::INDEXES
        .iter()
        .map(|(t, n)| (t.to_string(), n.to_string()))
        .collect();
    let missing: Vec<&(String, String)> = file_indexes
        .iter()
        .filter(|index| !server_indexes.contains(index))
        .collect();
    assert!(
        missing.is_empty(),
        "indexes of schema.sql missing on the server: {missing:?}"
    );
}

/// The desk's foreign keys and indexes, each with its definition.
fn foreign_keys(url: &str) -> Vec<(String, String, String)> {
    admin(url)
        .query(
            "SELECT c.conrelid::regclass::text, c.conname::text, pg_get_constraintdef(c.oid)
             FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'claimtrack'::regnamespace
             UNION ALL
             SELECT tablename::text, indexname::text, indexdef FROM pg_indexes WHERE schemaname = 'claimtrack'
             ORDER BY 1, 2",
            &[],
        )
        .expect("the catalog")
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect()
}

#[test]
fn an_owners_bulk_load_checks_references_at_commit_and_leaves_keys_and_indexes_as_they_were() {
    let Some((mut desk, url)) = desk() else {
        return;
    };
    let before = foreign_keys(&url);
    assert_eq!(
        before
            .iter()
            .filter(|(_, _, def)| def.starts_with("FOREIGN KEY"))
            .count(),
        13,
        "{before:?}"
    );
    assert!(
        before.iter().any(|(_, name, _)| name == "events_by_claim"),
        "{before:?}"
    );

    let mut tx = desk.backend.begin().expect("begun");
    tx.defer_indexes().expect("deferred");
    let a = tx.insert_article(&article_row("a", "A")).expect("inserted");
    let claims = [
        claim_row(a, "c1", "One.", Strength::Hedged),
        claim_row(a, "c2", "Two.", Strength::Reported),
    ];
    tx.insert_claims(&claims).expect("inserted");
    tx.commit().expect("committed: every reference holds");
    assert_eq!(
        foreign_keys(&url),
        before,
        "the same keys and indexes, by name and definition"
    );

    // A reference to nothing goes in (its check waits) and fails the commit, which writes nothing.
    let mut tx = desk.backend.begin().expect("begun");
    tx.defer_indexes().expect("deferred");
    tx.insert_claims(&[claim_row(ArticleId(999), "c3", "Three.", Strength::Hedged)])
        .expect("not checked row by row");
    match tx.commit() {
        Err(Error::Storage { message }) => assert!(
            message.contains("claims_article_id_fkey") && message.contains("(article_id)=(999)"),
            "{message}"
        ),
        other => panic!("a dangling reference committed: {other:?}"),
    }
    assert_eq!(desk.backend.rows().count_rows(Table::Claims).unwrap(), 2);
    assert_eq!(foreign_keys(&url), before);

    // Dropped uncommitted: the rollback undoes the drop.
    let mut tx = desk.backend.begin().expect("begun");
    tx.defer_indexes().expect("deferred");
    drop(tx);
    assert_eq!(foreign_keys(&url), before);
    let mut tx = desk.backend.begin().expect("begun");
    let refused = tx.insert_claims(&[claim_row(ArticleId(999), "c4", "Four.", Strength::Hedged)]);
    assert!(refused.is_err(), "checked row by row again: {refused:?}");
}
