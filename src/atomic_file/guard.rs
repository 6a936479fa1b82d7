//! Which paths a command may write, decided before anything is written.
//!
//! - The open database and the files SQLite keeps beside it (`-wal`, `-shm`, `-journal`) are never replaced,
//!   found by file identity (device and inode, so a hard link or a symlink to them is caught too) and by
//!   canonical path (for the ones that do not exist at the moment). `--force` does not change that.
//! - A symlink is followed: its target is what gets checked and replaced, atomically, and the link stays.
//! - A folder, a block device or a socket is refused; a character device or a FIFO (`/dev/null`, `/dev/stdout`,
//!   a named pipe) is written in place where the command allows it (`report --out`), never replaced.
//! - An existing regular file is replaced only when it is empty, when claimtrack wrote it, or with `--force`.
//!   "claimtrack wrote it" is read from the file's first 4 KiB: see [`Ours`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How much of an existing file is read to tell whether claimtrack wrote it.
const HEAD: u64 = 4096;

/// The kinds of file claimtrack recognises as its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ours {
    /// A report in any format: see `render::is_report`.
    Report,
    /// A desk file: `sources/<key>.txt` starts with the desk header (`title: …` and other `field: value` lines,
    /// then `---`); `claims/<key>.toml` starts with the `# claimtrack desk file` line that export writes.
    Desk,
    /// The spreadsheet `generate --csv` writes: its header row, [`SPREADSHEET_HEADER`].
    Spreadsheet,
}

/// The first line of the spreadsheet `generate --csv` writes.
pub const SPREADSHEET_HEADER: &str = "article title,url,claim text,source,cue,strength\n";

impl Ours {
    fn recognises(self, head: &[u8]) -> bool {
        match self {
            Ours::Report => crate::render::is_report(head),
            Ours::Desk => head.starts_with(b"# claimtrack desk file") || desk_header(head),
            Ours::Spreadsheet => head.starts_with(SPREADSHEET_HEADER.as_bytes()),
        }
    }
}

/// True when `head` starts with a desk article header: `field: value` lines, one of them the title, up to `---`.
fn desk_header(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut title = false;
    for line in text.split('\n') {
        if line == "---" {
            return title;
        }
        let Some((field, _)) = line.split_once(':') else {
            return false;
        };
        if field.is_empty() || !field.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return false;
        }
        title |= field == "title";
    }
    // A header longer than what was read: the lines so far were all fields.
    title && head.len() as u64 == HEAD
}

/// Where output may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-`: standard output.
    Stdout,
    /// A character device or FIFO, opened and written as it is.
    InPlace(PathBuf),
    /// A regular file (new, or one that may be replaced), written through a temporary file and a rename. For a
    /// symlink, this is the file it leads to.
    Replace(PathBuf),
}

/// A file of the open database.
#[derive(Debug)]
struct Protected {
    path: PathBuf,
    what: &'static str,
    id: Option<FileId>,
}

#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = ();

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<FileId> {
    None
}

/// The rules for one command's output paths.
#[derive(Debug)]
pub struct Guard {
    protected: Vec<Protected>,
    force: bool,
    /// What files it may replace without `--force`; `None` for none (a backup).
    ours: Option<Ours>,
    in_place: bool,
}

impl Guard {
    /// For `report --out`: devices and FIFOs written in place, reports replaced, anything else only with `--force`.
    pub fn for_report(database: Option<&Path>, force: bool) -> Guard {
        Guard {
            protected: database.map(protected_files).unwrap_or_default(),
            force,
            ours: Some(Ours::Report),
            in_place: true,
        }
    }

    /// For `export --dir`: regular files only, desk files replaced, anything else only with `--force`.
    pub fn for_export(database: Option<&Path>, force: bool) -> Guard {
        Guard {
            protected: database.map(protected_files).unwrap_or_default(),
            force,
            ours: Some(Ours::Desk),
            in_place: false,
        }
    }

    /// For `generate`: regular files only, files of the kind it writes (`ours`) replaced, anything else only with
    /// `--force`.
    pub fn for_generate(database: Option<&Path>, force: bool, ours: Ours) -> Guard {
        Guard {
            protected: database.map(protected_files).unwrap_or_default(),
            force,
            ours: Some(ours),
            in_place: false,
        }
    }

    /// For `backup`: never an existing file, never a file of the database.
    pub fn for_backup(database: Option<&Path>) -> Guard {
        Guard {
            protected: database.map(protected_files).unwrap_or_default(),
            force: false,
            ours: None,
            in_place: false,
        }
    }

    /// Where `path` may be written, or why it may not.
    pub fn destination(&self, path: &Path) -> Result<Destination> {
        if self.in_place && path == Path::new("-") {
            return Ok(Destination::Stdout);
        }
        let (resolved, meta) = resolve(path)?;
        self.refuse_protected(path, &resolved, meta.as_ref())?;
        let Some(meta) = meta else {
            return Ok(Destination::Replace(resolved));
        };
        let kind = meta.file_type();
        if kind.is_file() {
            let ours = match self.ours {
                Some(ours) => ours.recognises(&head(&resolved)?),
                None => false,
            };
            if meta.len() == 0 || self.force || ours {
                return Ok(Destination::Replace(resolved));
            }
            return Err(Error::invalid_with(
                format!(
                    "`{}` already exists and was not written by claimtrack",
                    path.display()
                ),
                "give `--force` to replace it, or choose another file",
            ));
        }
        if kind.is_dir() {
            return Err(Error::invalid_with(
                format!("cannot write `{}`: it is a folder", path.display()),
                "give the name of a file",
            ));
        }
        let special = special_kind(&meta);
        match special {
            Special::CharDevice | Special::Fifo if self.in_place => {
                Ok(Destination::InPlace(resolved))
            }
            _ => Err(Error::invalid_with(
                format!(
                    "cannot write `{}`: it is {}, not a regular file",
                    path.display(),
                    special.noun()
                ),
                "give the name of a regular file",
            )),
        }
    }

    /// For a file of a folder a command writes (export): the path to write, a regular file that may be
    /// replaced. A path in a folder that does not exist yet is new, and the folder is the command's to create.
    pub fn replaceable(&self, path: &Path) -> Result<PathBuf> {
        if !super::folder_of(path).is_dir() {
            return Ok(path.to_path_buf());
        }
        match self.destination(path)? {
            Destination::Replace(path) => Ok(path),
            Destination::Stdout | Destination::InPlace(_) => Err(Error::invalid_with(
                format!(
                    "cannot write `{}`: it is not a regular file",
                    path.display()
                ),
                "give the name of a regular file",
            )),
        }
    }

    /// For a backup: the path may not exist yet and may not be a file of the database.
    pub fn new_file(&self, path: &Path) -> Result<PathBuf> {
        let (resolved, meta) = resolve(path)?;
        self.refuse_protected(path, &resolved, meta.as_ref())?;
        if meta.is_some() {
            return Err(Error::invalid_with(
                format!("`{}` already exists", path.display()),
                "choose a new file name; a backup or a copy never overwrites",
            ));
        }
        Ok(resolved)
    }

    fn refuse_protected(
        &self,
        given: &Path,
        resolved: &Path,
        meta: Option<&std::fs::Metadata>,
    ) -> Result<()> {
        let id = meta.and_then(file_id);
        let hit = self
            .protected
            .iter()
            .find(|p| p.path == resolved || (id.is_some() && p.id.is_some() && p.id == id));
        match hit {
            Some(file) => Err(Error::invalid_with(
                format!(
                    "`{}` is {}: claimtrack never writes over it",
                    given.display(),
                    file.what
                ),
                "choose another file name",
            )),
            None => Ok(()),
        }
    }
}

/// The database and the files SQLite keeps beside it, by canonical path and, for those that exist, identity.
fn protected_files(database: &Path) -> Vec<Protected> {
    let base = canonical_or_absolute(database);
    let mut files = Vec::new();
    for (suffix, what) in [
        ("", "the database this command works on"),
        ("-wal", "the database's write-ahead log"),
        ("-shm", "the database's shared-memory index"),
        ("-journal", "the database's rollback journal"),
    ] {
        let mut name = base.clone().into_os_string();
        name.push(suffix);
        let path = PathBuf::from(name);
        let id = std::fs::metadata(&path).ok().as_ref().and_then(file_id);
        files.push(Protected { path, what, id });
    }
    files
}

/// The canonical form of a path, or of its folder joined with its name when the file does not exist.
fn canonical_or_absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    let folder = super::folder_of(path);
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// The path to check and write, following a symlink, with its metadata when it exists.
fn resolve(path: &Path) -> Result<(PathBuf, Option<std::fs::Metadata>)> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(target) => {
                let meta = std::fs::metadata(&target).map_err(|source| Error::File {
                    action: "write",
                    path: path.to_path_buf(),
                    source,
                })?;
                Ok((target, Some(meta)))
            }
            // `/dev/stdout` and its kin lead to `pipe:[…]` or a socket, which have no path but open all the same.
            Err(_) if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                let meta = std::fs::metadata(path).map_err(|source| Error::File {
                    action: "write",
                    path: path.to_path_buf(),
                    source,
                })?;
                Ok((path.to_path_buf(), Some(meta)))
            }
            Err(_) => {
                let target = std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                Err(Error::invalid_with(
                    format!(
                        "cannot write `{}`: it is a symbolic link to `{target}`, which does not exist",
                        path.display()
                    ),
                    "point the link at a file, or give another name",
                ))
            }
        },
        Ok(meta) => Ok((canonical_or_absolute(path), Some(meta))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let folder = super::folder_of(path);
            if !folder.is_dir() {
                return Err(Error::invalid_with(
                    format!(
                        "cannot write `{}`: the folder `{}` does not exist",
                        path.display(),
                        folder.display()
                    ),
                    "create the folder first, or choose another place",
                ));
            }
            Ok((canonical_or_absolute(path), None))
        }
        Err(source) => Err(Error::File {
            action: "write",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The first bytes of a file.
fn head(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(HEAD).read_to_end(&mut bytes))
        .map_err(|source| Error::File {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?;
    Ok(bytes)
}

/// What a path is when it is neither a regular file nor a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    CharDevice,
    Fifo,
    BlockDevice,
    Socket,
    Other,
}

impl Special {
    fn noun(self) -> &'static str {
        match self {
            Special::CharDevice => "a character device",
            Special::Fifo => "a named pipe",
            Special::BlockDevice => "a block device",
            Special::Socket => "a socket",
            Special::Other => "a special file",
        }
    }
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> Special {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_char_device() {
        Special::CharDevice
    } else if kind.is_fifo() {
        Special::Fifo
    } else if kind.is_block_device() {
        Special::BlockDevice
    } else if kind.is_socket() {
        Special::Socket
    } else {
        Special::Other
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> Special {
    Special::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desk_files_are_known_by_their_header() {
        assert!(Ours::Desk.recognises(b"title: Dock fees\noutlet: The Ledger\n---\nText.\n"));
        assert!(Ours::Desk.recognises(
            b"# claimtrack desk file: the claims of `sources/a.txt`\narticle = \"a\"\n"
        ));
        assert!(!Ours::Desk.recognises(b"Dear diary,\ntitle: not a header\n---\n"));
        assert!(!Ours::Desk.recognises(b"outlet: The Ledger\n---\n"));
        assert!(!Ours::Desk.recognises(b"article = \"a\"\n"));
        assert!(!Ours::Desk.recognises(b""));
    }
}
