//! Files written whole or not at all, so that a report or an export interrupted half-way never leaves a
//! half-written file where a reader expects a complete one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file written whole or not at all: bytes go to a temporary file beside the target, which is flushed to disk
/// and renamed over the target only by `commit`. Dropped uncommitted, the temporary file is removed.
pub struct AtomicFile {
    path: PathBuf,
    pub writer: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    pub fn new(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let temp = tempfile::NamedTempFile::new_in(dir).map_err(|source| Error::File {
            action: "write",
            path: path.to_path_buf(),
            source,
        })?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: std::io::BufWriter::new(temp),
        })
    }

    pub fn commit(self) -> Result<()> {
        let file_error = |source| Error::File {
            action: "write",
            path: self.path.clone(),
            source,
        };
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| file_error(e.into_error()))?;
        temp.as_file().sync_all().map_err(file_error)?;
        temp.persist(&self.path).map_err(|e| file_error(e.error))?;
        Ok(())
    }
}

/// Writes bytes to `path` whole or not at all.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let file_error = |source| Error::File {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(file_error)?;
    temp.write_all(bytes).map_err(file_error)?;
    temp.as_file().sync_all().map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(())
}
