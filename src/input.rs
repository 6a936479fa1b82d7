//! What comes in from outside the database, read with a bound: text files and standard input (stopped at a
//! limit, and at the first NUL byte as soon as it is read), evidence files (hashed as they stream, never held),
//! and the name of who acts (from `--by` or the environment, one plain line).

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ledger::limits;
use crate::render::visible::is_hidden;

/// The most a text input may hold, and what it is called in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: usize,
    pub what: &'static str,
}

/// An article's text: the store's own limit, so an oversized file is refused before it is read whole.
pub const ARTICLE: Limit = Limit {
    bytes: limits::ARTICLE,
    what: "article text",
};

/// Any other text claimtrack reads whole (a text to scan, a desk file, a spreadsheet): 1 GiB, far beyond any
/// article or desk, and short of what would exhaust a desk's machine.
pub const TEXT: Limit = Limit {
    bytes: 1 << 30,
    what: "text",
};

/// How much is read at a time.
const CHUNK: usize = 1 << 16;

fn read_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::File {
        action: "read",
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a UTF-8 text file, or standard input for `-`, of at most `limit` bytes. Reading stops at the first NUL
/// byte and at the limit, so an endless stream (`/dev/zero`, a pipe that never closes) is refused as soon as it
/// shows what it is; a regular file larger than the limit is refused before it is read. A leading byte order
/// mark is dropped.
pub fn read_text(path: &Path, limit: &Limit) -> Result<String> {
    let too_long = |len: u64| {
        Error::invalid_with(
            format!(
                "the {} is {len} bytes long; claimtrack keeps at most {}",
                limit.what, limit.bytes
            ),
            format!("shorten the {}", limit.what),
        )
    };
    let bytes = if path == Path::new("-") {
        read_bounded(std::io::stdin().lock(), path, limit)?
    } else {
        let file = std::fs::File::open(path).map_err(read_error(path))?;
        let meta = file.metadata().map_err(read_error(path))?;
        if meta.is_dir() {
            return Err(Error::invalid_with(
                format!("`{}` is a folder, not a text file", path.display()),
                "give the path of a text file",
            ));
        }
        if meta.is_file() && meta.len() > limit.bytes as u64 {
            return Err(too_long(meta.len()));
        }
        read_bounded(file, path, limit)?
    };
    // A byte order mark some editors save first is no part of the text: kept, it would open the first
    // sentence and its claim's source.
    let mut bytes = bytes;
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid_with(
            format!(
                "`{}` is not UTF-8 text (invalid byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
            "convert it first, e.g. `iconv -f latin1 -t utf-8`",
        )
    })
}

/// Reads chunk by chunk, checking each for a NUL byte as it arrives and stopping past `limit`.
fn read_bounded(mut input: impl Read, path: &Path, limit: &Limit) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(path)(e)),
        };
        if let Some(at) = chunk[..n].iter().position(|b| *b == 0) {
            return Err(Error::invalid_with(
                format!(
                    "`{}` is not text: it holds a NUL byte at offset {}",
                    path.display(),
                    bytes.len() + at
                ),
                "give a plain UTF-8 text file",
            ));
        }
        if bytes.len() + n > limit.bytes {
            return Err(Error::invalid_with(
                format!(
                    "the {} in `{}` is longer than {} bytes, the most claimtrack keeps; reading stopped there",
                    limit.what,
                    path.display(),
                    limit.bytes
                ),
                format!("shorten the {}", limit.what),
            ));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    Ok(bytes)
}

/// SHA-256 of an evidence file, as lowercase hex. The file is hashed as it streams (never held in memory), and
/// must be a regular file: its size, read first, bounds the read, so a device (`/dev/zero`), a pipe or a file
/// still growing is refused instead of read for ever. Content worth a hash is content worth keeping as a file.
pub fn sha256_of_file(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).map_err(read_error(path))?;
    let meta = file.metadata().map_err(read_error(path))?;
    if !meta.is_file() {
        return Err(Error::invalid_with(
            format!(
                "`{}` is not a regular file, so it has no fixed content to hash",
                path.display()
            ),
            "save the content to a file first, and give that file",
        ));
    }
    let size = meta.len();
    let mut hasher = Sha256::new();
    let mut reader = std::io::BufReader::with_capacity(CHUNK, file).take(size + 1);
    let read = std::io::copy(&mut reader, &mut hasher).map_err(read_error(path))?;
    if read != size {
        return Err(Error::invalid_with(
            format!(
                "`{}` changed while it was hashed ({size} bytes when opened, {read}{} read)",
                path.display(),
                if read > size { " or more" } else { "" }
            ),
            "hash it again once nothing is writing to it",
        ));
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Who acts: `--by`, else `CLAIMTRACK_USER`, else `USER`, else `LOGNAME`, else the login name the system gives
/// for the user running claimtrack (its user database, as `id -un` asks it: a cron job or a container often has
/// no `USER`), else "unknown". The name is one plain line: a control character (a line break, an escape) would
/// forge lines of the audit trail, so it is refused, as is a variable that is not UTF-8 (it is never skipped for
/// the next one).
pub fn actor_name(by: Option<&str>) -> Result<String> {
    actor_name_from(
        by,
        |name| std::env::var_os(name),
        || whoami::username().ok(),
    )
}

/// `actor_name` with the environment and the system's login name given.
pub fn actor_name_from(
    by: Option<&str>,
    env: impl Fn(&str) -> Option<OsString>,
    login: impl FnOnce() -> Option<String>,
) -> Result<String> {
    let (name, from) = match by {
        Some(by) => (by.to_string(), "`--by`"),
        None => {
            let mut found = None;
            for variable in ["CLAIMTRACK_USER", "USER", "LOGNAME"] {
                if let Some(value) = env(variable) {
                    let value = value.into_string().map_err(|_| Error::Usage {
                        message: format!("{variable} is not UTF-8 text"),
                        hint: Some(
                            "set CLAIMTRACK_USER to your name in UTF-8, or give `--by NAME`"
                                .to_string(),
                        ),
                    })?;
                    found = Some((value, variable));
                    break;
                }
            }
            match found {
                Some(found) => found,
                None => match login() {
                    Some(name) => (name, "the login name"),
                    None => ("unknown".to_string(), "the default"),
                },
            }
        }
    };
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(Error::Usage {
            message: "the name of who is acting is empty".to_string(),
            hint: Some("give `--by NAME` or set CLAIMTRACK_USER".to_string()),
        });
    }
    if let Some((at, c)) = name.char_indices().find(|(_, c)| is_hidden(*c)) {
        return Err(Error::Usage {
            message: format!(
                "the name of who is acting ({from}) holds a control character, U+{:04X} at byte {at}",
                c as u32
            ),
            hint: Some(
                "a name in the audit trail is one plain line: give `--by NAME` with letters, digits and spaces"
                    .to_string(),
            ),
        });
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, OsString)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_actor_comes_from_by_then_the_environment() {
        let vars = [
            ("CLAIMTRACK_USER", OsString::from("desk")),
            ("USER", OsString::from("marta")),
        ];
        assert_eq!(
            actor_name_from(Some(" editor "), env(&vars), || None).unwrap(),
            "editor"
        );
        assert_eq!(actor_name_from(None, env(&vars), || None).unwrap(), "desk");
        assert_eq!(
            actor_name_from(None, env(&vars[1..]), || None).unwrap(),
            "marta"
        );
        assert_eq!(
            actor_name_from(None, env(&[]), || Some("marta".to_string())).unwrap(),
            "marta"
        );
        assert_eq!(actor_name_from(None, env(&[]), || None).unwrap(), "unknown");
    }

    #[test]
    fn an_actor_with_control_characters_is_refused() {
        for name in ["mal\nlory", "x\x1b]0;t\x07", "abc\u{202e}", "a\u{9b}b"] {
            let error = actor_name_from(Some(name), env(&[]), || None).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{name:?}");
        }
        let error = actor_name_from(Some("mal\nlory"), env(&[]), || None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the name of who is acting (`--by`) holds a control character, U+000A at byte 3"
        );
        let vars = [("CLAIMTRACK_USER", OsString::from("a\tb"))];
        assert_eq!(
            actor_name_from(None, env(&vars), || None).unwrap_err().to_string(),
            "the name of who is acting (CLAIMTRACK_USER) holds a control character, U+0009 at byte 1"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_variable_that_is_not_utf8_is_an_error_not_a_fallback() {
        use std::os::unix::ffi::OsStringExt;
        let vars = [
            ("CLAIMTRACK_USER", OsString::from_vec(b"caf\xe9".to_vec())),
            ("USER", OsString::from("marta")),
        ];
        let error = actor_name_from(None, env(&vars), || None).unwrap_err();
        assert_eq!(error.to_string(), "CLAIMTRACK_USER is not UTF-8 text");
    }

    #[test]
    fn a_stream_is_stopped_at_the_limit_and_at_its_first_nul() {
        let limit = Limit {
            bytes: 10,
            what: "article text",
        };
        let path = Path::new("-");
        assert_eq!(read_bounded(&b"short"[..], path, &limit).unwrap(), b"short");
        let endless = std::io::repeat(b'a');
        assert_eq!(
            read_bounded(endless, path, &limit).unwrap_err().to_string(),
            "the article text in `-` is longer than 10 bytes, the most claimtrack keeps; reading stopped there"
        );
        // A NUL is refused in the first chunk, however much would follow.
        let nul = b"ab\0".chain(std::io::repeat(b'a'));
        assert_eq!(
            read_bounded(nul, path, &TEXT).unwrap_err().to_string(),
            "`-` is not text: it holds a NUL byte at offset 2"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("article.txt");
        std::fs::write(&path, "\u{feff}The mayor said rents rose.\n").unwrap();
        assert_eq!(
            read_text(&path, &ARTICLE).unwrap(),
            "The mayor said rents rose.\n"
        );
        // Only a leading one: a mark inside the text is the writer's.
        std::fs::write(&path, "A.\u{feff}B").unwrap();
        assert_eq!(read_text(&path, &ARTICLE).unwrap(), "A.\u{feff}B");
    }
}
