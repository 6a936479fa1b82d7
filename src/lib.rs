//! claimtrack: a ledger of the claims in news copy, how strongly each is attributed, the evidence for and against,
//! and what is verified.
//!
//! The modules, one per concern:
//! - [`model`]: plain types and the design page's vocabularies as enums;
//! - [`store`]: every line of SQL (SQLite now, another store later behind the same methods);
//! - [`scanner`]: text in, sentences, cues, sources and strength out;
//! - [`matching`]: claims and fact-checks ranked against a new claim or a noisy text;
//! - [`status`]: evidence in, verification status and its reasons out;
//! - [`desk`]: the plain-text desk files, parsed and written;
//! - [`render`]: records and reports in each output format;
//! - [`commands`]: one small file per subcommand, gluing the others together.

pub mod atomic_file;
pub mod commands;
pub mod desk;
pub mod error;
pub mod generate;
pub mod matching;
pub mod model;
pub mod progress;
pub mod render;
pub mod report;
pub mod scanner;
pub mod status;
pub mod store;

pub use error::{Error, Result};
