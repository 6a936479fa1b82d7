//! What is particular to the server desk: the versions it accepts, what it refuses to open, and the checks of
//! `check`. The row-level behaviour every backend shares is tested by `backend::suite`; the roles, the stamps, the
//! concurrency and moving a desk are tested through the binary in `tests/server.rs`.

use super::*;
use crate::backend::suite::{required_env, TestDesk};

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
