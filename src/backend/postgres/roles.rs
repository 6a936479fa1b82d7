//! The desk's roles on the server: who holds which, and the owner's grants and revocations. A user holds one desk
//! role at a time (each group is a member of the one below it, so an editor is also a checker and a reader); a
//! grant replaces the role held before, in one transaction.

use super::{explain, Conn, PgError, Session, Q};
use crate::backend::{DeskRole, Member};
use crate::error::{Error, Result};

/// An identifier as SQL writes it, quoted.
pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(super) fn members(conn: &Conn, session: &Session) -> Q<Vec<Member>> {
    let groups: Vec<&str> = session.groups.iter().map(String::as_str).collect();
    let rows = conn.query(
        "SELECT m.rolname::text AS member, g.rolname::text AS grp
         FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
         WHERE g.rolname::text = ANY($1) AND NOT m.rolname::text = ANY($1)
         ORDER BY 1",
        &[&groups],
    )?;
    let mut members: Vec<Member> = Vec::new();
    for row in rows {
        let user: String = row.try_get("member")?;
        let group: String = row.try_get("grp")?;
        let Some(role) = DeskRole::ALL
            .iter()
            .copied()
            .find(|r| session.group(*r) == group)
        else {
            continue;
        };
        match members.last_mut() {
            Some(last) if last.user == user => last.role = last.role.max(role),
            _ => members.push(Member { user, role }),
        }
    }
    Ok(members)
}

/// Refuses anyone but the owner, naming what they tried.
fn owner_only(conn: &Conn, session: &Session, action: &'static str) -> Result<()> {
    if session.owner {
        return Ok(());
    }
    Err(Error::RoleNeeded {
        desk: conn.desk.clone(),
        action,
        needed: "owner",
        held: session.role.map(DeskRole::as_str),
        user: session.user.clone(),
    })
}

/// The desk roles `user` holds directly, after checking that the server knows them as a user.
fn held(conn: &Conn, session: &Session, user: &str) -> Result<Vec<DeskRole>> {
    let known = conn
        .query_opt(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&user],
        )
        .map_err(|e| reading(conn, session, e))?;
    match known {
        None => {
            return Err(Error::invalid_with(
                format!("the server of `{}` has no user `{user}`", conn.desk),
                format!(
                "the server's administrator creates it first: CREATE ROLE {} LOGIN PASSWORD '…'",
                quote(user)
            ),
            ))
        }
        Some(_) if session.groups.iter().any(|g| g == user) => {
            return Err(Error::invalid(format!(
                "`{user}` is one of the desk's own groups, not a user"
            )))
        }
        Some(_) => {}
    }
    let direct = conn
        .query(
            "SELECT g.rolname::text FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid
             JOIN pg_roles m ON m.oid = am.member WHERE m.rolname = $1",
            &[&user],
        )
        .map_err(|e| reading(conn, session, e))?;
    let mut roles = Vec::new();
    for row in direct {
        let group: String = row.get(0);
        if let Some(role) = DeskRole::ALL
            .iter()
            .copied()
            .find(|r| session.group(*r) == group)
        {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(roles)
}

fn reading(conn: &Conn, session: &Session, error: PgError) -> Error {
    match error {
        PgError::Engine(e) => explain(
            &conn.desk,
            session,
            e,
            "reading the desk's roles",
            DeskRole::Reader,
        ),
        PgError::Ledger(e) => e,
    }
}

/// What the server says when the owner may not grant: PG 15 lets a role with CREATEROLE grant any group that is
/// not a superuser's.
fn granting(conn: &Conn, session: &Session, error: postgres::Error) -> Error {
    if error.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
        return Error::invalid_with(
            format!(
                "the server of `{}` does not let `{}` grant or revoke roles",
                conn.desk, session.user
            ),
            "the desk's owner needs CREATEROLE (ALTER ROLE … CREATEROLE, by a superuser)",
        );
    }
    explain(
        &conn.desk,
        session,
        error,
        "changing the desk's roles",
        DeskRole::Editor,
    )
}

pub(super) fn grant(
    conn: &Conn,
    session: &Session,
    user: &str,
    role: DeskRole,
) -> Result<Vec<DeskRole>> {
    owner_only(conn, session, "granting a desk role")?;
    let before = held(conn, session, user)?;
    let mut sql = String::from("BEGIN;");
    for old in before.iter().filter(|r| **r != role) {
        sql.push_str(&format!(
            "REVOKE {} FROM {};",
            quote(session.group(*old)),
            quote(user)
        ));
    }
    if !before.contains(&role) {
        sql.push_str(&format!(
            "GRANT {} TO {};",
            quote(session.group(role)),
            quote(user)
        ));
    }
    sql.push_str("COMMIT;");
    let result = conn.client.borrow_mut().batch_execute(&sql);
    if let Err(e) = result {
        let _ = conn.client.borrow_mut().batch_execute("ROLLBACK");
        return Err(granting(conn, session, e));
    }
    Ok(before)
}

pub(super) fn revoke(conn: &Conn, session: &Session, user: &str, role: DeskRole) -> Result<()> {
    owner_only(conn, session, "revoking a desk role")?;
    let before = held(conn, session, user)?;
    if !before.contains(&role) {
        return Err(Error::invalid_with(
            format!("`{user}` does not hold `{role}` on this desk"),
            "see who holds what with `claimtrack role list`",
        ));
    }
    conn.client
        .borrow_mut()
        .batch_execute(&format!(
            "REVOKE {} FROM {}",
            quote(session.group(role)),
            quote(user)
        ))
        .map_err(|e| granting(conn, session, e))
}
