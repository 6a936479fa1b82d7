//! Making and opening a server desk: `init` creates the database when the server has none of that name, then in
//! one transaction the `claimtrack` schema (`schema.postgres.sql`), the desk's three group roles and their grants,
//! and the `desk` row; `open` reads that row, refuses what is not a desk or is newer than this binary untouched,
//! and upgrades an older desk step by step when its owner connects.
//!
//! The group roles are named after the database, `claimtrack_<database>_reader`, `…_checker`, `…_editor`, because
//! roles belong to the whole server and two desks on one server must not share them. Each is a member of the one
//! below it. What each may do:
//!
//! | role | may |
//! |---|---|
//! | everyone who connects | see that the database is a desk and which groups are its roles (`desk`) |
//! | reader | read every table |
//! | checker | add articles, claims, sources, evidence, links and events (never an event's actor or time); change what may change of them (never a key, an article of a claim, or a creation time); remove links |
//! | editor | add verdicts; set settings |
//! | owner | everything the tables' owner may; grant and revoke the roles |
//!
//! Nobody is granted UPDATE, DELETE or TRUNCATE on events or verdicts, and triggers refuse them even to the owner.

use super::connect::{self, process_env, Params};
use super::roles::quote;
use super::{Conn, PgBackend, PgError, Session, DESK_LOCK};
use crate::backend::target::redacted;
use crate::backend::DeskRole;
use crate::error::{Error, Result};

/// The schema a new desk is created with.
const SCHEMA: &str = include_str!("../../../schema.postgres.sql");

/// The version the first server desks are made at. Server desks count their versions with the files' (a version
/// means the same tables on either engine); until the server desk is first released, `schema.postgres.sql` follows
/// the file's newest version as a whole and no earlier server version exists to upgrade from. After the release,
/// a change comes as a step of `UPGRADES`.
pub(super) const FIRST_VERSION: i64 = 5;

/// Upgrade steps from version N to N+1, in order; `UPGRADES[0]` upgrades version `FIRST_VERSION` to the next.
/// Each runs in its own transaction, under the desk lock, with the version bump. `schema.postgres.sql` always
/// describes the newest.
pub(super) const UPGRADES: &[&str] = &[
    // 5 → 6: a claim keeps who it is attributed to, by kind, as on the file desk; claims already there are left
    // unknown (NULL). The checker may change it as the rest of a claim's attribution; the column grant names the
    // desk's own checker group, which only the `desk` row knows.
    "ALTER TABLE claimtrack.claims ADD COLUMN source_kind text COLLATE \"C\"
        CHECK (source_kind IN ('named_person', 'named_organization', 'document', 'anonymous', 'other_media',
                               'self', 'none'));
     DO $$ BEGIN
        EXECUTE format('GRANT UPDATE (source_kind) ON claimtrack.claims TO %I',
                       (SELECT checker_role FROM claimtrack.desk));
     END $$;",
    // 6 → 7: an event's actor and time come from the columns' defaults (who connected, the server's clock), which
    // the groups cannot override since they may insert every other column but not those, instead of a trigger
    // that overwrote them row by row. Measured with COPY of a million events into the table alone (one run,
    // busy machine): 10.1 s with the trigger, 6.1 s with the defaults and a CHECK that the actor and time are
    // the server's, 6.1 s with the defaults alone (16.8, 9.0 and 4.0 s in a second round).
    "ALTER TABLE claimtrack.events
         ALTER COLUMN at SET DEFAULT pg_catalog.date_trunc('second', pg_catalog.now()),
         ALTER COLUMN actor SET DEFAULT session_user;
     DROP TRIGGER events_are_stamped ON claimtrack.events;
     DROP FUNCTION claimtrack.stamp_event();
     DO $$ BEGIN
        EXECUTE format('REVOKE INSERT ON claimtrack.events FROM %I', (SELECT checker_role FROM claimtrack.desk));
        EXECUTE format('GRANT INSERT (id, action, article_id, claim_id, evidence_id, source_id, detail)
                        ON claimtrack.events TO %I', (SELECT checker_role FROM claimtrack.desk));
     END $$;",
];

/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: i64 = FIRST_VERSION + UPGRADES.len() as i64;

/// What the server allows each role, over the desk's tables; `{reader}`, `{checker}`, `{editor}` are the groups.
const GRANTS: &str = "
REVOKE ALL ON SCHEMA claimtrack FROM PUBLIC;
GRANT USAGE ON SCHEMA claimtrack TO PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA claimtrack FROM PUBLIC;
GRANT SELECT ON claimtrack.desk TO PUBLIC;
GRANT {reader} TO {checker};
GRANT {checker} TO {editor};
GRANT SELECT ON ALL TABLES IN SCHEMA claimtrack TO {reader};
GRANT INSERT ON claimtrack.articles, claimtrack.sources, claimtrack.claims, claimtrack.evidence, claimtrack.links
    TO {checker};
GRANT INSERT (id, action, article_id, claim_id, evidence_id, source_id, detail) ON claimtrack.events TO {checker};
GRANT UPDATE (title, outlet, url, published, author, body) ON claimtrack.articles TO {checker};
GRANT INSERT, UPDATE (text) ON claimtrack.revisions TO {checker};
GRANT INSERT, UPDATE (how, score, span_start, span_end, strength, source, cue, response) ON claimtrack.anchors
    TO {checker};
GRANT UPDATE (kind, reliability) ON claimtrack.sources TO {checker};
GRANT UPDATE (text, span_start, span_end, source, cue, strength, response, source_kind, status) ON claimtrack.claims
    TO {checker};
GRANT UPDATE (title, url, archived_url, retrieved_at, origin_id, derived_from, reliability, credibility, sha256, notes)
    ON claimtrack.evidence TO {checker};
GRANT UPDATE (stance, note), DELETE ON claimtrack.links TO {checker};
GRANT INSERT, UPDATE (claim_reviewed, rating_text, rating_value, rating_best, rating_worst, reviewer, url,
    published, language, headline, claimant, updated_at) ON claimtrack.reviews TO {checker};
GRANT INSERT, UPDATE (live_docs, len_claim, len_title, len_context, deleted), DELETE ON claimtrack.match_segments
    TO {checker};
GRANT INSERT, DELETE ON claimtrack.match_terms TO {checker};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA claimtrack TO {checker};
GRANT INSERT ON claimtrack.verdicts TO {editor};
GRANT INSERT, UPDATE (value) ON claimtrack.settings TO {editor};
";

/// The longest name the server keeps whole (NAMEDATALEN - 1).
const MAX_NAME: usize = 63;

/// The three group names of a desk in the database `dbname`.
pub(super) fn group_names(dbname: &str) -> Result<[String; 3]> {
    let names = [DeskRole::Reader, DeskRole::Checker, DeskRole::Editor]
        .map(|role| format!("claimtrack_{dbname}_{role}"));
    if names.iter().any(|n| n.len() > MAX_NAME) {
        return Err(Error::invalid_with(
            format!(
                "the database name `{dbname}` is too long for the desk's role names (`{}` is over {MAX_NAME} bytes)",
                names[1]
            ),
            "give the desk's database a name of at most 41 bytes",
        ));
    }
    Ok(names)
}

fn params_of(url: &str) -> Result<Params> {
    let mut params = Params::from_url(url, &process_env)?;
    params.resolve_password(&process_env);
    Ok(params)
}

pub(super) fn open(url: &str) -> Result<PgBackend> {
    let desk = redacted(url);
    let params = params_of(url)?;
    let client = connect::connect(&params, &desk)?;
    let conn = Conn::new(client, desk);
    let session = read_session(&conn)?;
    let mut backend = PgBackend {
        conn,
        session,
        created: false,
        keep_stamps: fixed_clock(),
        lock_timeout: super::LOCK_TIMEOUT,
    };
    upgrade(&mut backend)?;
    Ok(backend)
}

pub(super) fn init(url: &str) -> Result<PgBackend> {
    let desk = redacted(url);
    let params = params_of(url)?;
    let client = match connect::try_connect(&params)? {
        Ok(client) => client,
        Err(e) if connect::is_missing_database(&e) => {
            create_database(&params, &desk)?;
            connect::connect(&params, &desk)?
        }
        Err(e) => return Err(connect::explain(&e, &params, &desk)),
    };
    let conn = Conn::new(client, desk);
    match read_session(&conn) {
        Ok(session) => {
            let mut backend = PgBackend {
                conn,
                session,
                created: false,
                keep_stamps: fixed_clock(),
                lock_timeout: super::LOCK_TIMEOUT,
            };
            upgrade(&mut backend)?;
            Ok(backend)
        }
        Err(Error::NotADesk { .. }) => {
            create_desk(&conn, &params.dbname)?;
            let session = read_session(&conn)?;
            Ok(PgBackend {
                conn,
                session,
                created: true,
                keep_stamps: fixed_clock(),
                lock_timeout: super::LOCK_TIMEOUT,
            })
        }
        Err(e) => Err(e),
    }
}

/// Creates the desk's database, from the server's `postgres` database.
fn create_database(params: &Params, desk: &str) -> Result<()> {
    let maintenance = params.with_dbname("postgres");
    let mut client = connect::connect(&maintenance, desk)?;
    match client.batch_execute(&format!("CREATE DATABASE {}", quote(&params.dbname))) {
        Ok(()) => Ok(()),
        // Someone else created it meanwhile: the desk goes into theirs.
        Err(e) if e.code() == Some(&postgres::error::SqlState::DUPLICATE_DATABASE) => Ok(()),
        Err(e) if e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => {
            Err(Error::invalid_with(
                format!(
                    "the server of `{desk}` has no database `{}`, and does not let `{}` create one",
                    params.dbname, params.user
                ),
                format!(
                    "ask the server's administrator to run CREATE DATABASE {} OWNER {}",
                    quote(&params.dbname),
                    quote(&params.user)
                ),
            ))
        }
        Err(e) => Err(Error::Storage {
            message: format!("cannot create the database `{}`: {e}", params.dbname),
        }),
    }
}

/// Installs the schema, the roles and the grants in one transaction, after checking that the database holds no
/// other program's tables and that the role names are free.
fn create_desk(conn: &Conn, dbname: &str) -> Result<()> {
    let desk = conn.desk.clone();
    let fail = |e: PgError| match e {
        PgError::Engine(e) => Error::Storage {
            message: match e.as_db_error() {
                Some(db) => db.message().to_string(),
                None => e.to_string(),
            },
        },
        PgError::Ledger(e) => e,
    };
    let others = conn
        .query(
            "SELECT n.nspname::text || '.' || c.relname::text FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1 LIMIT 3",
            &[],
        )
        .map_err(fail)?;
    if let Some(first) = others.first() {
        let name: String = first.get(0);
        // Not `NotADesk`: its hint, run `init` there, is what just failed.
        return Err(Error::invalid_with(
            format!(
                "`{desk}` is not a claimtrack database: it already holds tables of another program (`{name}`…), \
                 and a desk keeps a database of its own"
            ),
            "make the desk in a database of its own: create an empty one on the server (`createdb NAME`) and run \
             `claimtrack init` on its address",
        ));
    }
    let groups = group_names(dbname)?;
    let taken = conn
        .query(
            "SELECT rolname::text FROM pg_roles WHERE rolname::text = ANY($1) ORDER BY 1",
            &[&groups.to_vec()],
        )
        .map_err(fail)?;
    if let Some(first) = taken.first() {
        let name: String = first.get(0);
        return Err(Error::Conflict {
            message: format!(
                "the server of `{desk}` already has a role `{name}`, left by an earlier desk of this name?"
            ),
            hint: Some(format!(
                "a server administrator can remove it (DROP ROLE {}), or create the desk in a database of another name",
                quote(&name)
            )),
        });
    }
    let [reader, checker, editor] = groups.clone().map(|g| quote(&g));
    let grants = GRANTS
        .replace("{reader}", &reader)
        .replace("{checker}", &checker)
        .replace("{editor}", &editor);
    let script = format!(
        "BEGIN;
         CREATE SCHEMA claimtrack;
         SET LOCAL search_path = claimtrack;
         {SCHEMA}
         CREATE ROLE {reader} NOLOGIN;
         CREATE ROLE {checker} NOLOGIN;
         CREATE ROLE {editor} NOLOGIN;
         {grants}
         INSERT INTO claimtrack.desk (version, reader_role, checker_role, editor_role) VALUES ({SCHEMA_VERSION}, {}, {}, {});
         COMMIT;",
        literal(&groups[0]),
        literal(&groups[1]),
        literal(&groups[2]),
    );
    let result = conn.client.borrow_mut().batch_execute(&script);
    if let Err(e) = result {
        let _ = conn.client.borrow_mut().batch_execute("ROLLBACK");
        let user = conn
            .query_one("SELECT session_user::text", &[])
            .map(|r| r.get::<_, String>(0))
            .unwrap_or_default();
        return Err(
            if e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
                Error::invalid_with(
                    format!("the server of `{desk}` does not let `{user}` create a desk there: {}",
                        e.as_db_error().map(|d| d.message()).unwrap_or_default()),
                    "the desk's owner needs CREATEROLE, and the right to create a schema in the database (owning it will do)",
                )
            } else {
                fail(PgError::Engine(e))
            },
        );
    }
    Ok(())
}

/// Whether the clock is fixed (`CLAIMTRACK_NOW`, for tests and demos): the session then asks the server to keep
/// the stamps it gives, which the server honours for the desk's owner only.
fn fixed_clock() -> bool {
    std::env::var_os("CLAIMTRACK_NOW").is_some()
}

/// A string as an SQL literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Reads the desk row and who the session is on it; refuses a database that is not a desk, or a newer desk.
fn read_session(conn: &Conn) -> Result<Session> {
    let row = conn.query_opt(
        "SELECT d.version, d.reader_role::text AS reader, d.checker_role::text AS checker,
            d.editor_role::text AS editor, session_user::text AS me,
            pg_has_role(session_user, n.nspowner, 'MEMBER') AS owner,
            coalesce((SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r
                      WHERE r.rolname = d.reader_role), false) AS is_reader,
            coalesce((SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r
                      WHERE r.rolname = d.checker_role), false) AS is_checker,
            coalesce((SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r
                      WHERE r.rolname = d.editor_role), false) AS is_editor
         FROM claimtrack.desk d CROSS JOIN pg_namespace n WHERE n.nspname = 'claimtrack'",
        &[],
    );
    let not_a_desk = |reason: String| Error::NotADesk {
        desk: conn.desk.clone(),
        reason,
    };
    let row = match row {
        Ok(Some(row)) => row,
        Ok(None) => {
            return Err(not_a_desk(
                "its `claimtrack` schema has no desk row (was it made by claimtrack?)".to_string(),
            ))
        }
        Err(PgError::Engine(e))
            if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE)
                || e.code() == Some(&postgres::error::SqlState::INVALID_SCHEMA_NAME) =>
        {
            return Err(not_a_desk("the database holds no desk".to_string()))
        }
        Err(PgError::Engine(e)) => {
            return Err(Error::Storage {
                message: e.to_string(),
            })
        }
        Err(PgError::Ledger(e)) => return Err(e),
    };
    let get = |column: &str| -> Result<String> {
        row.try_get(column).map_err(|e| Error::Storage {
            message: e.to_string(),
        })
    };
    let flag = |column: &str| -> bool { row.try_get(column).unwrap_or(false) };
    let version = i64::from(
        row.try_get::<_, i32>("version")
            .map_err(|e| Error::Storage {
                message: e.to_string(),
            })?,
    );
    if version > SCHEMA_VERSION {
        return Err(Error::TooNew {
            desk: conn.desk.clone(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let role = [
        (flag("is_editor"), DeskRole::Editor),
        (flag("is_checker"), DeskRole::Checker),
        (flag("is_reader"), DeskRole::Reader),
    ]
    .into_iter()
    .find_map(|(held, role)| held.then_some(role));
    Ok(Session {
        user: get("me")?,
        owner: flag("owner"),
        role,
        groups: [get("reader")?, get("checker")?, get("editor")?],
    })
}

/// Brings an older desk up to this binary's version, one step per transaction; only its owner may.
fn upgrade(backend: &mut PgBackend) -> Result<()> {
    apply_upgrades(backend, UPGRADES)
}

pub(super) fn apply_upgrades(backend: &mut PgBackend, upgrades: &[&str]) -> Result<()> {
    let newest = FIRST_VERSION + upgrades.len() as i64;
    loop {
        let conn = &backend.conn;
        let version: i64 = conn
            .query_one("SELECT version FROM claimtrack.desk", &[])
            .and_then(|row| Ok(i64::from(row.try_get::<_, i32>(0)?)))
            .map_err(|e| match e {
                PgError::Engine(e) => Error::Storage {
                    message: e.to_string(),
                },
                PgError::Ledger(e) => e,
            })?;
        if version >= newest {
            return Ok(());
        }
        if !backend.session.owner {
            return Err(Error::invalid_with(
                format!(
                    "`{}` is at schema version {version}, older than this claimtrack's ({newest})",
                    conn.desk
                ),
                "the desk's owner upgrades it by running any claimtrack command on it (`claimtrack init URL`)",
            ));
        }
        if version < FIRST_VERSION {
            // Only a development build before the server desk was released could have made one.
            return Err(Error::NotADesk {
                desk: conn.desk.clone(),
                reason: format!(
                    "it is at schema version {version}, which no released claimtrack made on a server"
                ),
            });
        }
        let step = upgrades[(version - FIRST_VERSION) as usize];
        let script = format!(
            "BEGIN; SELECT pg_advisory_xact_lock({DESK_LOCK});
             SET LOCAL search_path = claimtrack;
             {step}
             UPDATE claimtrack.desk SET version = {} WHERE version = {version};
             COMMIT;",
            version + 1
        );
        let result = conn.client.borrow_mut().batch_execute(&script);
        if let Err(e) = result {
            let _ = conn.client.borrow_mut().batch_execute("ROLLBACK");
            return Err(Error::Storage {
                message: format!("upgrading to schema version {} failed: {e}", version + 1),
            });
        }
    }
}
