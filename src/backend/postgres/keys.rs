//! Foreign keys checked once per table instead of once per row, for the bulk loads of a desk's owner (an import
//! into an empty desk, `copy --to`): the desk's foreign-key constraints are dropped inside the transaction and
//! added back, with the same names and definitions, before it commits. Adding a constraint checks every row in
//! one pass (one join per constraint), where a constraint kept in place checks each row with a query of its own:
//! profiled at 20k claims, those per-row checks were half the server's time of an import (the trail's rows
//! carry up to four references each) and 2.6 s of a 4 s `copy --to`.
//!
//! Only the owner may alter the tables; for anyone else, and whenever the server will not drop them (a reader
//! holding a table past the lock timeout), the keys stay and are checked row by row as before. While they are
//! dropped, the transaction holds its tables whole: readers wait for it to end rather than see the load half
//! done. The schema is the same before and after; a rollback undoes the drop.

use super::{Conn, Q};

/// Drops the desk's foreign keys for the rest of this transaction, when this session may; `Conn::keys_deferred`
/// then holds the statement that adds them back. Does nothing when they are dropped already.
pub(super) fn defer(conn: &Conn) -> Q<()> {
    if conn.keys_deferred.borrow().is_some() {
        return Ok(());
    }
    let rows = conn.query(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_it,
             format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                 pg_get_constraintdef(c.oid)) AS add_it
         FROM pg_catalog.pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = 'claimtrack'::regnamespace
         ORDER BY c.conrelid, c.conname",
        &[],
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    let (mut drop, mut add) = (String::new(), String::new());
    for row in &rows {
        drop.push_str(row.try_get("drop_it")?);
        drop.push_str(";\n");
        add.push_str(row.try_get("add_it")?);
        add.push_str(";\n");
    }
    // Inside a savepoint: a refusal leaves the transaction as it was, with its keys in place.
    conn.batch("SAVEPOINT claimtrack_keys")?;
    match conn.batch(&drop) {
        Ok(()) => {
            conn.batch("RELEASE SAVEPOINT claimtrack_keys")?;
            *conn.keys_deferred.borrow_mut() = Some(add);
        }
        Err(_) => {
            conn.batch("ROLLBACK TO SAVEPOINT claimtrack_keys; RELEASE SAVEPOINT claimtrack_keys")?
        }
    }
    Ok(())
}

/// Adds back the keys `defer` dropped, each checked over its whole table now; a row that breaks one fails the
/// transaction with the server's own words, as a row-by-row check would have.
pub(super) fn restore(conn: &Conn) -> Q<()> {
    let Some(add) = conn.keys_deferred.borrow_mut().take() else {
        return Ok(());
    };
    conn.batch(&add)
}
