//! claimtrack: a ledger of the claims in news copy, how strongly each is attributed, the evidence for and against,
//! and what is verified.
//!
//! The modules, one per concern:
//! - [`model`]: plain types and the design page's vocabularies as enums;
//! - [`ledger`]: the desk's rules (validation, keys, audit events, statuses, import and export) over a backend;
//! - [`backend`]: the row-level storage interface, and every line of SQL behind it (SQLite now; a server next);
//! - [`scanner`]: text in, sentences, cues, sources and strength out;
//! - [`matching`]: claims and fact-checks ranked against a new claim or a noisy text;
//! - [`status`]: evidence in, verification status and its reasons out;
//! - [`desk`]: the plain-text desk files, parsed and written;
//! - [`render`]: records and reports in each output format, and what reaches a terminal;
//! - [`input`]: files, standard input and the environment, read with a bound;
//! - [`atomic_file`]: output files written whole, and the paths never to write;
//! - [`commands`]: one small file per subcommand, gluing the others together.

pub mod atomic_file;
pub mod backend;
pub mod commands;
pub mod desk;
pub mod error;
pub mod generate;
pub mod input;
pub mod ledger;
pub mod matching;
pub mod model;
pub mod progress;
pub mod render;
pub mod report;
pub mod revision;
pub mod scanner;
pub mod status;

pub use error::{Error, Result};
