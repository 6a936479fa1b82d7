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
    copy_rows_telling(from, to, &mut |_, _| {})
}

/// The same, telling `progress` how many rows of how many are written as it goes.
pub fn copy_rows_telling(
    from: &dyn Backend,
    to: &mut dyn Backend,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<(Table, u64)>> {
    let target = to.desk().to_string();
    let source = from.snapshot()?;
    let mut tx = to.begin()?;
    // A new desk holds its own settings (its desk id), which the copied desk's replace.
    for &table in Table::ALL.iter().filter(|&&t| t != Table::Settings) {
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
    let mut expected_counts = Vec::with_capacity(Table::ALL.len());
    for &table in Table::ALL {
        expected_counts.push(source.count_rows(table)?);
    }
    let total: u64 = expected_counts.iter().sum();
    let mut done = 0_u64;
    progress(done, total);
    let mut counts = Vec::new();
    for (&table, &expected) in Table::ALL.iter().zip(&expected_counts) {
        let mut batch: Vec<StoredRow> = Vec::with_capacity(BATCH);
        let mut read = 0_u64;
        source.each_stored(table, &mut |row| {
            batch.push(row);
            read += 1;
            if batch.len() == BATCH {
                tx.restore(&batch)?;
                done += batch.len() as u64;
                progress(done.min(total), total);
                batch.clear();
            }
            Ok(())
        })?;
        tx.restore(&batch)?;
        done += batch.len() as u64;
        progress(done.min(total), total);
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
