//! Moving a whole desk from one backend to another (`copy --to`, and a server desk's `backup`): every table, ids,
//! stamps, history, verdicts and hashes included, read from one moment of the source and written in one
//! transaction of the target, which must be empty. Each table's count is checked three ways (the source's count,
//! the rows read, the rows the target then holds) before the commit, so a copy is whole or not there at all.

use super::{Backend, StoredRow, Table};
use crate::error::{Error, Result};

/// How many rows are read before they are written.
const BATCH: usize = 5_000;

/// Copies every row of `from` into the empty desk `to`; returns each table's count.
pub fn copy_rows(from: &dyn Backend, to: &mut dyn Backend) -> Result<Vec<(Table, u64)>> {
    let target = to.desk().to_string();
    let source = from.snapshot()?;
    let mut tx = to.begin()?;
    for &table in Table::ALL {
        let held = tx.count_rows(table)?;
        if held > 0 {
            return Err(Error::Conflict {
                message: format!(
                    "`{target}` is not empty: it holds {held} row{} of `{}`, and a copy goes into an empty desk",
                    if held == 1 { "" } else { "s" },
                    table.name()
                ),
                hint: Some(
                    "copy into a new file, or into a server database just made with `claimtrack init`"
                        .to_string(),
                ),
            });
        }
    }
    let mut counts = Vec::new();
    for &table in Table::ALL {
        let expected = source.count_rows(table)?;
        let mut batch: Vec<StoredRow> = Vec::with_capacity(BATCH);
        let mut read = 0_u64;
        source.each_stored(table, &mut |row| {
            batch.push(row);
            read += 1;
            if batch.len() == BATCH {
                tx.restore(&batch)?;
                batch.clear();
            }
            Ok(())
        })?;
        tx.restore(&batch)?;
        let written = tx.count_rows(table)?;
        if read != expected || written != expected {
            return Err(Error::Storage {
                message: format!(
                    "copying `{}`: the desk counts {expected} rows, {read} were read and {written} written; \
                     nothing was copied",
                    table.name()
                ),
            });
        }
        counts.push((table, expected));
    }
    tx.restore_done()?;
    tx.commit()?;
    Ok(counts)
}
