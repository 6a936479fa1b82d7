//! The library's one error type. Each message names the problem in a line a person can act on; `hint` adds the way
//! out where there is one, and `exit_code` is the contract of the design page (1 failure, 2 usage).

use std::path::PathBuf;

use crate::model::{IdError, RecordKind, Timestamp, UnknownValue};

/// Everything that can go wrong in claimtrack.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record that does not exist.
    #[error("{} `{id}` not found", kind.noun())]
    NotFound { kind: RecordKind, id: String },

    /// An id of the wrong shape or kind.
    #[error(transparent)]
    Id(#[from] IdError),

    /// A value outside a vocabulary.
    #[error(transparent)]
    Vocabulary(#[from] UnknownValue),

    /// Input that is well-formed but not acceptable, with the way out.
    #[error("{message}")]
    Invalid {
        message: String,
        hint: Option<String>,
    },

    /// A write that would contradict what is stored: refused by a rule of the ledger, or by the storage (a key
    /// another writer took first).
    #[error("{message}")]
    Conflict {
        message: String,
        hint: Option<String>,
    },

    /// A file that could not be read or written.
    #[error("cannot {action} `{}`: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// No desk is where `--db` points, and the command only reads, so none was created.
    #[error("no desk at `{desk}`")]
    NoDesk { desk: String },

    /// The desk named by `--db` is not one claimtrack can use.
    #[error("`{desk}` is not a claimtrack database: {reason}")]
    NotADesk { desk: String, reason: String },

    /// The desk was written by a newer claimtrack.
    #[error("`{desk}` is at schema version {found}, newer than this claimtrack understands ({supported})")]
    TooNew {
        desk: String,
        found: i64,
        supported: i64,
    },

    /// The desk cannot be written (a read-only file or mount).
    #[error("`{desk}` is read-only: nothing was changed")]
    ReadOnly { desk: String },

    /// The storage refused an action to whoever is acting (a server's roles); nothing was changed.
    #[error("`{desk}` refused the change: {message}")]
    PermissionDenied { desk: String, message: String },

    /// A server desk refused a change for want of a desk role; nothing was changed.
    #[error("{action} needs the `{needed}` role; {}", match held {
        Some(role) => format!("you are `{role}`"),
        None => "you have no role on this desk".to_string(),
    })]
    RoleNeeded {
        desk: String,
        /// What was being done: "adding a verdict".
        action: &'static str,
        /// The desk role it needs (or "owner").
        needed: &'static str,
        /// The strongest desk role the session holds.
        held: Option<&'static str>,
        /// Who is connected.
        user: String,
    },

    /// Other writers held the desk for longer than claimtrack waits.
    #[error("`{desk}` stayed busy with another writer for too long: nothing was changed")]
    Busy { desk: String },

    /// A desk file with a problem at a place in it.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    DeskFile {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },

    /// Writing the output failed (for example, a closed pipe).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),

    /// A desk file's audit trail would go back in time: the writer's clock is earlier than its last event.
    #[error(
        "the clock says {now}, earlier than the desk's last change ({last}): its audit trail never goes back in time"
    )]
    ClockBehind { now: Timestamp, last: Timestamp },

    /// A command line that is wrong in a way clap cannot see.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },

    /// The storage failed in a way no other variant names: a bug or a damaged desk. The message is the engine's.
    #[error("database error: {message}")]
    Storage { message: String },
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An `Invalid` error without a hint.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            hint: None,
        }
    }

    /// An `Invalid` error with a hint.
    pub fn invalid_with(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// A `NotFound` error for an id of any kind.
    pub fn not_found(kind: RecordKind, id: impl ToString) -> Error {
        Error::NotFound {
            kind,
            id: id.to_string(),
        }
    }

    /// The way out, printed as `hint: …` under the error.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotFound { kind, .. } => Some(match kind {
                RecordKind::Article => "see `claimtrack article list`".to_string(),
                RecordKind::Claim => "see `claimtrack list`".to_string(),
                RecordKind::Evidence => "see `claimtrack evidence list`".to_string(),
                RecordKind::Source => "see `claimtrack source list`".to_string(),
            }),
            Error::Invalid { hint, .. }
            | Error::Conflict { hint, .. }
            | Error::Usage { hint, .. } => hint.clone(),
            Error::NotADesk { desk, .. } if crate::backend::DbTarget::from(desk.as_str()).file().is_none() => {
                Some(format!(
                    "point `--db` (or CLAIMTRACK_DB) at a claimtrack desk, or make one there with `claimtrack init {desk}`"
                ))
            }
            Error::ClockBehind { last, .. } if *last > Timestamp::now() => Some(
                "the desk's last change is stamped later than this computer's clock says it is now, so the clock \
                 of whoever made it ran ahead: set the clocks right, and write again once the real time has \
                 passed that stamp"
                    .to_string(),
            ),
            Error::ClockBehind { .. } => Some(
                "set the computer's clock right (or unset CLAIMTRACK_NOW, which fixes the clock for tests and demos)"
                    .to_string(),
            ),
            Error::NoDesk { .. } => Some(
                "check the name given to `--db` (or CLAIMTRACK_DB); `claimtrack init` creates a new desk there"
                    .to_string(),
            ),
            Error::NotADesk { .. } => Some(
                "point `--db` (or CLAIMTRACK_DB) at a claimtrack database, or at a new file name"
                    .to_string(),
            ),
            Error::TooNew { .. } => {
                Some("upgrade claimtrack; the database was left untouched".to_string())
            }
            Error::ReadOnly { desk } if crate::backend::DbTarget::from(desk.as_str()).file().is_none() => {
                Some("the server takes no writes here (a read replica?): point `--db` at the primary".to_string())
            }
            Error::ReadOnly { .. } => Some(
                "check the file's permissions, or work on a copy made with `claimtrack backup`"
                    .to_string(),
            ),
            Error::Busy { .. } => Some("try again when the other writer has finished".to_string()),
            Error::RoleNeeded {
                desk, needed, user, ..
            } => Some(if *needed == "owner" {
                format!("connect to `{desk}` as the desk's owner (who ran `claimtrack init`)")
            } else {
                format!("ask the desk's owner to run `claimtrack role grant {user} {needed}`")
            }),
            Error::PermissionDenied { .. } => {
                Some("ask the desk's owner for the role this needs".to_string())
            }
            _ => None,
        }
    }

    /// 2 for a wrong command line, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => 2,
            _ => 1,
        }
    }

    /// True when the output went to a reader that has gone away (`claimtrack list | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Error::not_found(RecordKind::Claim, "C4").exit_code(), 1);
        assert_eq!(Error::invalid("x").exit_code(), 1);
        assert_eq!(
            Error::Usage {
                message: "x".into(),
                hint: None
            }
            .exit_code(),
            2
        );
    }

    #[test]
    fn a_clock_behind_says_which_clock_to_mend() {
        let at = |t: &str| t.parse::<Timestamp>().unwrap();
        let set_back = Error::ClockBehind {
            now: at("2026-01-05T09:00:00Z"),
            last: at("2026-11-28T10:00:00Z"),
        };
        assert_eq!(
            set_back.hint().as_deref(),
            Some("set the computer's clock right (or unset CLAIMTRACK_NOW, which fixes the clock for tests and demos)")
        );
        // A last change stamped in the future: this clock is right, another ran ahead.
        let ran_ahead = Error::ClockBehind {
            now: Timestamp::now(),
            last: at("9999-12-31T23:59:59Z"),
        };
        assert_eq!(
            ran_ahead.hint().as_deref(),
            Some(
                "the desk's last change is stamped later than this computer's clock says it is now, so the clock \
                 of whoever made it ran ahead: set the clocks right, and write again once the real time has \
                 passed that stamp"
            )
        );
    }

    #[test]
    fn not_found_names_the_record_and_the_way_out() {
        let err = Error::not_found(RecordKind::Claim, "C42");
        assert_eq!(err.to_string(), "claim `C42` not found");
        assert_eq!(err.hint().as_deref(), Some("see `claimtrack list`"));
    }
}
