//! What a bulk load by the desk's owner (an import into an empty desk, `copy --to`) leaves until its end: the
//! desk's foreign keys and the secondary indexes no write of an import reads are dropped inside the transaction
//! and built again, with the same names and definitions, before it commits. Adding a foreign key checks every
//! row in one pass (one join per key), where a key kept in place checks each row with a query of its own; an
//! index built once costs less than one kept up row by row. Profiled at 20k claims: the per-row key checks were
//! half the server's time of an import (the trail's rows carry up to four references each) and 2.6 s of a 4 s
//! `copy --to`; the indexes another fifth of what was left.
//!
//! Only the owner may alter the tables; for anyone else, and whenever the server will not drop them (a reader
//! holding a table past the lock timeout), everything stays and is kept row by row as before. While they are
//! dropped, the transaction holds its tables whole: readers wait for it to end rather than see the load half
//! done. The schema is the same before and after; a rollback undoes the drop.

use super::{Conn, Q};

/// Drops the desk's foreign keys and deferrable indexes for the rest of this transaction, when this session may;
/// `Conn::deferred` then holds the statements that build them again. Does nothing when they are dropped already.
pub(super) fn defer(conn: &Conn) -> Q<()> {
    if conn.deferred.borrow().is_some() {
        return Ok(());
    }
    let rows = conn.query(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_it,
             format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                 pg_get_constraintdef(c.oid)) AS build_it,
             1 AS step
         FROM pg_catalog.pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = 'claimtrack'::regnamespace
         UNION ALL
         SELECT format('DROP INDEX claimtrack.%I', i.indexname), i.indexdef, 0
         FROM pg_catalog.pg_indexes i
         WHERE i.schemaname = 'claimtrack' AND i.indexname = ANY($1)
         ORDER BY step, drop_it",
        &[&crate::backend::DEFERRABLE_INDEXES],
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    // Indexes first, then the keys, which check their rows in one pass each whatever indexes there are.
    let (mut drop, mut build) = (String::new(), String::new());
    for row in &rows {
        drop.push_str(row.try_get("drop_it")?);
        drop.push_str(";\n");
        build.push_str(row.try_get("build_it")?);
        build.push_str(";\n");
    }
    // Inside a savepoint: a refusal leaves the transaction as it was, with its keys and indexes in place.
    conn.batch("SAVEPOINT claimtrack_bulk")?;
    match conn.batch(&drop) {
        Ok(()) => {
            conn.batch("RELEASE SAVEPOINT claimtrack_bulk")?;
            *conn.deferred.borrow_mut() = Some(build);
        }
        Err(_) => {
            conn.batch("ROLLBACK TO SAVEPOINT claimtrack_bulk; RELEASE SAVEPOINT claimtrack_bulk")?
        }
    }
    Ok(())
}

/// Builds again what `defer` dropped, each key checked over its whole table now; a row that breaks one fails the
/// transaction with the server's own words, as a row-by-row check would have.
pub(super) fn restore(conn: &Conn) -> Q<()> {
    let Some(build) = conn.deferred.borrow_mut().take() else {
        return Ok(());
    };
    conn.batch(&build)
}
