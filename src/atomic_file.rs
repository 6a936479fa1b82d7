//! Files written whole or not at all, so that a report or an export interrupted half-way never leaves a
//! half-written file where a reader expects a complete one; and the checks that decide, before a byte is written,
//! whether a path may be written at all (`guard`).
//!
//! Permissions: a new file gets the mode the umask allows (0666 less the umask, as `>` in a shell would); a file
//! replaced keeps the permission bits it had. Ownership is the writer's, as with any rename.

mod guard;

pub use guard::{Destination, Guard, Ours, SPREADSHEET_HEADER};

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file written whole or not at all: bytes go to a temporary file beside the target, which is flushed to disk
/// and renamed over the target only by `commit`. Dropped uncommitted, the temporary file is removed.
pub struct AtomicFile {
    path: PathBuf,
    keep: Option<std::fs::Permissions>,
    pub writer: std::io::BufWriter<tempfile::NamedTempFile>,
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A temporary file beside `path`, created with the umask's mode.
pub(crate) fn temporary_beside(
    path: &Path,
    suffix: &str,
) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), which applies the umask, so the file ends up as a shell's `>` would make it.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder_of(path))
}

/// Makes a rename in `dir` durable.
pub(crate) fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl AtomicFile {
    /// A new file at `path`, or one that replaces it, with the permissions rule of this module.
    pub fn new(path: &Path) -> Result<AtomicFile> {
        let keep = std::fs::metadata(path).ok().map(|m| m.permissions());
        let temp = temporary_beside(path, ".tmp").map_err(|source| Error::File {
            action: "write",
            path: path.to_path_buf(),
            source,
        })?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            keep,
            writer: std::io::BufWriter::new(temp),
        })
    }

    /// Flushes the file to disk, renames it over the target, and flushes the folder so the new name lasts too.
    pub fn commit(self) -> Result<()> {
        let folder = folder_of(&self.path).to_path_buf();
        let path = self.path.clone();
        self.commit_unsynced()?;
        sync_folder(&folder).map_err(|source| Error::File {
            action: "write",
            path,
            source,
        })
    }

    /// `commit` without the folder's flush: for many files in one folder, which the caller flushes once.
    fn commit_unsynced(self) -> Result<()> {
        let file_error = |source| Error::File {
            action: "write",
            path: self.path.clone(),
            source,
        };
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| file_error(e.into_error()))?;
        if let Some(permissions) = self.keep {
            temp.as_file()
                .set_permissions(permissions)
                .map_err(file_error)?;
        }
        temp.as_file().sync_all().map_err(file_error)?;
        temp.persist(&self.path).map_err(|e| file_error(e.error))?;
        Ok(())
    }
}

/// Where a command's output goes, as its renderer needs to know: standard output (which may be a terminal) or a
/// file or device (never laid out for a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputTo {
    Stdout,
    File,
}

/// Writes what `write` produces to `path` as `guard` allows: a new or replaceable file through a temporary file
/// and a rename, a device or FIFO in place, `-` or no path to `stdout`. Returns the path written, when a file.
pub fn write_output(
    path: Option<&Path>,
    guard: &Guard,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write, OutputTo) -> Result<()>,
) -> Result<Option<PathBuf>> {
    let destination = match path {
        Some(path) => guard.destination(path)?,
        None => Destination::Stdout,
    };
    match destination {
        Destination::Stdout => {
            write(stdout, OutputTo::Stdout)?;
            Ok(None)
        }
        Destination::InPlace(device) => {
            let file_error = |source| Error::File {
                action: "write",
                path: device.clone(),
                source,
            };
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&device)
                .map_err(file_error)?;
            let mut writer = std::io::BufWriter::new(file);
            write(&mut writer, OutputTo::File)?;
            writer.flush().map_err(file_error)?;
            Ok(path.map(Path::to_path_buf))
        }
        Destination::Replace(file) => {
            let mut atomic = AtomicFile::new(&file)?;
            write(&mut atomic.writer, OutputTo::File)?;
            atomic.commit()?;
            Ok(path.map(Path::to_path_buf))
        }
    }
}

/// Makes a new file at `path` with `make`, which is given a temporary path beside it to write (a database
/// copy, say): the temporary file is flushed to disk and renamed to `path` only once `make` has finished, so
/// `path` never holds a partial file, and is never an existing file or one of the database's (`guard`).
/// If `make` fails the temporary file is removed; a process killed while `make` runs can leave only a hidden
/// `.<name>.<random>.partial` file beside `path`, which is safe to delete.
pub fn create_new_with(
    path: &Path,
    guard: &Guard,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<PathBuf> {
    let target = guard.new_file(path)?;
    let file_error = |source| Error::File {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let temp = temporary_beside(&target, ".partial")
        .map_err(file_error)?
        .into_temp_path();
    let made = make(&temp).and_then(|()| {
        std::fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(file_error)
    });
    // SQLite's own files beside the temporary one, if a copy left any.
    let sidecars = |base: &Path| {
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut name = base.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    };
    if let Err(error) = made {
        sidecars(&temp);
        return Err(error);
    }
    let temp_name = temp.to_path_buf();
    temp.persist_noclobber(&target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::invalid_with(
                format!("`{}` already exists", path.display()),
                "choose a new file name; a backup or a copy never overwrites",
            )
        } else {
            file_error(e.error)
        }
    })?;
    sidecars(&temp_name);
    sync_folder(folder_of(&target)).map_err(file_error)?;
    Ok(target)
}

/// Writes bytes to `path` whole or not at all. The file's content is on disk before the rename; the folder is not
/// flushed for each file (an export writes thousands), so after a power cut a file may be its old self, never
/// half of either.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::new(path)?;
    file.writer.write_all(bytes).map_err(|source| Error::File {
        action: "write",
        path: path.to_path_buf(),
        source,
    })?;
    file.commit_unsynced()
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("a test file")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_is_not_private() {
        let dir = tempfile::tempdir().expect("a test file");
        let old = dir.path().join("old.txt");
        std::fs::write(&old, "before").expect("a test file");
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640))
            .expect("a test file");
        write_atomically(&old, b"after").expect("a test file");
        assert_eq!(std::fs::read(&old).expect("a test file"), b"after");
        assert_eq!(mode(&old), 0o640);
        // A new file: what the umask leaves of 0666 (the umask of a test run is not known, but it never removes
        // the owner's read and write, and a 0600 file would mean it was ignored unless it is 077).
        let new = dir.path().join("new.txt");
        write_atomically(&new, b"new").expect("a test file");
        let reference = dir.path().join("reference.txt");
        std::fs::File::create(&reference).expect("a test file");
        assert_eq!(mode(&new), mode(&reference));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("a test file")
            .map(|e| {
                e.expect("a test file")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
