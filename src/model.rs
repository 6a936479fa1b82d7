//! The plain types of the ledger: identifiers, the closed vocabularies of `shared/design.md` as enums, and the
//! records the ledger hands out. No I/O lives here.
//!
//! Every enum has exactly one string spelling, used at every edge (SQL, command line, files, JSON); the
//! `vocabulary!` macro writes `as_str`, `Display`, `FromStr`, serde and clap's `ValueEnum` from that one list.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// A string that is not one of a vocabulary's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// What vocabulary was expected, e.g. `attribution strength`.
    pub what: &'static str,
    /// The string that was given.
    pub given: String,
    /// The accepted spellings.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid {} (expected one of: {})",
            self.given,
            self.what,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order of the design page.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The spellings of every value, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// What this vocabulary is called in messages.
            pub const WHAT: &'static str = $what;

            /// The one spelling of this value at every edge.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { what: $what, given: s.to_string(), expected: Self::NAMES }),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                Self::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.as_str()))
            }
        }
    };
}

vocabulary! {
    /// How a claim is held up in the article, strongest first (the derived `Ord` follows that order).
    Strength, "attribution strength", {
        /// A named person or organisation, on the record.
        OnRecord => "on_record",
        /// A named document, record, filing, dataset or report.
        Document => "document",
        /// Sources described but not named, and weasel crowds ("critics say").
        Anonymous => "anonymous",
        /// Relayed from other media's reporting.
        Reported => "reported",
        /// The writer's own epistemic hedge, no source.
        Hedged => "hedged",
        /// A bare assertion.
        Unattributed => "unattributed",
    }
}

vocabulary! {
    /// A party's reaction reported in the article.
    Response, "response", {
        Denial => "denial",
        NoComment => "no_comment",
    }
}

vocabulary! {
    /// What kind of attribution cue the scanner marked.
    CueKind, "cue kind", {
        /// A reporting verb or phrase tying content to a source.
        Attribution => "attribution",
        /// Marks an unnamed source.
        Anonymous => "anonymous",
        /// Second-hand report.
        Report => "report",
        /// A document attribution.
        Document => "document",
        /// The writer's epistemic hedge.
        Hedge => "hedge",
        Denial => "denial",
        NoComment => "no_comment",
    }
}

impl CueKind {
    /// A sentence is uncertain when it carries a cue of one of these kinds (design page).
    pub fn is_uncertain(self) -> bool {
        matches!(self, CueKind::Hedge | CueKind::Anonymous | CueKind::Report)
    }
}

vocabulary! {
    /// What kind of party a source is.
    SourceKind, "source kind", {
        Person => "person",
        Organisation => "organisation",
        Document => "document",
        Media => "media",
        Anonymous => "anonymous",
        Other => "other",
    }
}

vocabulary! {
    /// Who a claim sentence is attributed to, by the kinds of `shared/attribution.md` (the scanner's
    /// `source_kind`). Distinct from [`SourceKind`], which types a source record of the desk.
    ClaimSourceKind, "claim source kind", {
        /// A named person, a uniquely identified office-holder, or a pronoun for one.
        NamedPerson => "named_person",
        /// An identified body speaking collectively, or its unnamed spokesperson or members.
        NamedOrganization => "named_organization",
        /// A report, study, dataset, filing, image or other record.
        Document => "document",
        /// People described but not named.
        Anonymous => "anonymous",
        /// Another outlet, or unspecified reports.
        OtherMedia => "other_media",
        /// The writer, asserting or hedging in its own voice.
        OwnVoice => "self",
        /// Not a claim.
        NotAClaim => "none",
    }
}

impl ClaimSourceKind {
    /// The kind a claim attributed to a desk's source record takes from that record's kind: a person is a named
    /// person, an organisation a named organisation, an outlet other media. `other` says nothing of who it is, so
    /// it gives no kind.
    pub fn of_source(kind: SourceKind) -> Option<ClaimSourceKind> {
        match kind {
            SourceKind::Person => Some(ClaimSourceKind::NamedPerson),
            SourceKind::Organisation => Some(ClaimSourceKind::NamedOrganization),
            SourceKind::Document => Some(ClaimSourceKind::Document),
            SourceKind::Media => Some(ClaimSourceKind::OtherMedia),
            SourceKind::Anonymous => Some(ClaimSourceKind::Anonymous),
            SourceKind::Other => None,
        }
    }
}

vocabulary! {
    /// An evidence item's stance toward a claim.
    Stance, "stance", {
        Supports => "supports",
        Refutes => "refutes",
        Context => "context",
    }
}

vocabulary! {
    /// NATO Admiralty grade of the evidence's source.
    Reliability, "reliability grade", {
        /// Reliable.
        A => "A",
        /// Usually reliable.
        B => "B",
        /// Fairly reliable.
        C => "C",
        /// Not usually reliable.
        D => "D",
        /// Unreliable.
        E => "E",
        /// Reliability cannot be judged.
        F => "F",
    }
}

vocabulary! {
    /// NATO Admiralty grade of the information itself.
    Credibility, "credibility grade", {
        /// Confirmed by independent sources.
        Confirmed => "1",
        /// Probably true.
        Probable => "2",
        /// Possibly true.
        Possible => "3",
        /// Doubtful.
        Doubtful => "4",
        /// Improbable.
        Improbable => "5",
        /// Truth cannot be judged.
        CannotJudge => "6",
    }
}

impl Reliability {
    /// A–C: the source is one a desk may lean on.
    pub fn is_credible(self) -> bool {
        self <= Reliability::C
    }
}

impl Credibility {
    /// 1–3: the information is at least possibly true.
    pub fn is_credible(self) -> bool {
        self <= Credibility::Possible
    }
}

vocabulary! {
    /// A claim's verification status, computed from its evidence and never typed in.
    Status, "status", {
        Unverified => "unverified",
        SingleSource => "single_source",
        Corroborated => "corroborated",
        Disputed => "disputed",
        Refuted => "refuted",
    }
}

vocabulary! {
    /// A fact-checker's published rating.
    Rating, "rating", {
        True => "true",
        MostlyTrue => "mostly_true",
        Mixed => "mixed",
        MostlyFalse => "mostly_false",
        False => "false",
        Unproven => "unproven",
    }
}

impl Rating {
    /// The ClaimReview number: true = 5 … false = 1; `unproven` has none.
    pub fn score(self) -> Option<u8> {
        match self {
            Rating::True => Some(5),
            Rating::MostlyTrue => Some(4),
            Rating::Mixed => Some(3),
            Rating::MostlyFalse => Some(2),
            Rating::False => Some(1),
            Rating::Unproven => None,
        }
    }
}

vocabulary! {
    /// How sure the fact-checker is of a verdict.
    Confidence, "confidence", {
        High => "high",
        Moderate => "moderate",
        Low => "low",
    }
}

vocabulary! {
    /// What an entry of the audit trail records.
    Action, "event action", {
        ArticleAdd => "article.add",
        ArticleEdit => "article.edit",
        SourceAdd => "source.add",
        /// A source's kind or grade changed.
        SourceGrade => "source.grade",
        ClaimAdd => "claim.add",
        ClaimEdit => "claim.edit",
        Verdict => "verdict",
        EvidenceAdd => "evidence.add",
        /// An item's description, grades, origin or descent changed.
        EvidenceEdit => "evidence.edit",
        /// A link made, or its stance changed.
        Link => "link",
        Unlink => "unlink",
        /// A claim's computed status moved.
        Status => "status",
        Setting => "setting",
        /// Published fact-checks imported (`import --claimreview`).
        ReviewImport => "review.import",
        /// A new revision of an article's text was recorded.
        ArticleRevise => "article.revise",
        /// A claim was placed anew in a revision of its article (moved, reworded, or gone).
        ClaimReanchor => "claim.reanchor",
    }
}

vocabulary! {
    /// How a claim's place at one revision of its article was found: as recorded (typed in, scanned, imported),
    /// or by re-anchoring it from the revision before (the revision engine's `How`).
    AnchorKind, "anchor kind", {
        /// The place the claim was recorded with at that revision.
        Recorded => "recorded",
        /// The same sentence, in the same place among the sentences kept.
        Exact => "exact",
        /// The same sentence, elsewhere.
        Moved => "moved",
        /// A sentence in other words.
        Fuzzy => "fuzzy",
        /// Inside a longer sentence, or the larger piece of a split.
        Contained => "contained",
        /// The claim's sentence is not in that revision.
        Gone => "gone",
        /// A claim typed in without a place, not found in that revision either.
        Unplaced => "unplaced",
    }
}

impl AnchorKind {
    /// Whether a claim anchored so has a place in the revision.
    pub fn is_placed(self) -> bool {
        !matches!(self, AnchorKind::Gone | AnchorKind::Unplaced)
    }
}

/// A moment in UTC, as records and events are stamped. Shown and stored as RFC 3339 with a `Z`, to the second
/// (`2026-11-28T10:00:00Z`); fractions of a second, when a time read from a file has them, are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// Now, to the second.
    pub fn now() -> Timestamp {
        use chrono::SubsecRound;
        Timestamp(Utc::now().trunc_subsecs(0))
    }

    /// The calendar day, in UTC.
    pub fn date(self) -> NaiveDate {
        self.0.date_naive()
    }

    /// The moment as chrono holds it.
    pub fn as_datetime(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(moment: DateTime<Utc>) -> Self {
        Timestamp(moment)
    }
}

/// A string that is not an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    pub given: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an RFC 3339 time", self.given)
    }
}

impl std::error::Error for TimestampError {}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// Any RFC 3339 time; an offset other than `Z` is converted to UTC.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| Timestamp(t.with_timezone(&Utc)))
            .map_err(|_| TimestampError {
                given: s.to_string(),
            })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The kinds of record that have a lettered id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Article,
    Claim,
    Evidence,
    Source,
}

impl RecordKind {
    /// The letter that prefixes ids of this kind.
    pub fn letter(self) -> char {
        match self {
            RecordKind::Article => 'A',
            RecordKind::Claim => 'C',
            RecordKind::Evidence => 'E',
            RecordKind::Source => 'S',
        }
    }

    /// "a" or "an", as the noun wants.
    pub fn indefinite_article(self) -> &'static str {
        match self {
            RecordKind::Article | RecordKind::Evidence => "an",
            RecordKind::Claim | RecordKind::Source => "a",
        }
    }

    /// The noun used in messages.
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Article => "article",
            RecordKind::Claim => "claim",
            RecordKind::Evidence => "evidence",
            RecordKind::Source => "source",
        }
    }

    fn from_letter(letter: char) -> Option<RecordKind> {
        match letter.to_ascii_uppercase() {
            'A' => Some(RecordKind::Article),
            'C' => Some(RecordKind::Claim),
            'E' => Some(RecordKind::Evidence),
            'S' => Some(RecordKind::Source),
            _ => None,
        }
    }
}

/// Why a string is not an id of the kind wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Not a letter and a number at all.
    Malformed { given: String, wanted: RecordKind },
    /// A well-formed id of another kind (`E1` where a claim was wanted).
    WrongKind {
        given: String,
        wanted: RecordKind,
        found: RecordKind,
    },
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Malformed { given, wanted } => write!(
                f,
                "`{given}` is not {} {} id (expected `{}1` or a plain number)",
                wanted.indefinite_article(),
                wanted.noun(),
                wanted.letter()
            ),
            IdError::WrongKind {
                given,
                wanted,
                found,
            } => write!(
                f,
                "`{given}` is {} {} id, but {} {} id is needed here (`{}…`)",
                found.indefinite_article(),
                found.noun(),
                wanted.indefinite_article(),
                wanted.noun(),
                wanted.letter()
            ),
        }
    }
}

impl std::error::Error for IdError {}

/// Parses `C12`, `c12` or `12` as the number of a record of `kind`.
pub fn parse_id(text: &str, kind: RecordKind) -> Result<i64, IdError> {
    let trimmed = text.trim();
    let malformed = || IdError::Malformed {
        given: text.to_string(),
        wanted: kind,
    };
    let digits = match trimmed.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => {
            let found = RecordKind::from_letter(first).ok_or_else(malformed)?;
            let rest = &trimmed[1..];
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) && found != kind {
                return Err(IdError::WrongKind {
                    given: text.to_string(),
                    wanted: kind,
                    found,
                });
            }
            rest
        }
        _ => trimmed,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(malformed()),
    }
}

macro_rules! record_id {
    ($(#[$meta:meta])* $name:ident, $kind:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl $name {
            /// The kind of record this id names.
            pub const KIND: RecordKind = $kind;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", Self::KIND.letter(), self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_id(s, Self::KIND).map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

record_id!(
    /// An article, shown as `A1`.
    ArticleId,
    RecordKind::Article
);
record_id!(
    /// A claim, shown as `C1`.
    ClaimId,
    RecordKind::Claim
);
record_id!(
    /// An evidence item, shown as `E1`.
    EvidenceId,
    RecordKind::Evidence
);
record_id!(
    /// A source, shown as `S1`.
    SourceId,
    RecordKind::Source
);

/// An article: a piece of news copy whose claims are logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    /// Stable name in the plain-text desk (`sources/<key>.txt`).
    pub key: String,
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub author: Option<String>,
    /// The article's text, when it was given.
    #[serde(skip)]
    pub body: Option<String>,
    /// How many claims are logged against it.
    pub claims: u64,
    pub created_at: Timestamp,
    /// The desk it came from, by its id; `None` for this desk's own.
    #[serde(skip)]
    pub desk: Option<String>,
}

/// The fields of an article to be added; the ledger picks the id and, when none is given, the key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewArticle {
    pub key: Option<String>,
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub body: Option<String>,
}

/// A person, organisation, document or outlet that evidence comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: SourceId,
    pub name: String,
    pub kind: SourceKind,
    /// The Admiralty grade given to the source once; its evidence inherits it unless an item says otherwise.
    pub reliability: Option<Reliability>,
    /// How many evidence items trace to it.
    pub evidence: u64,
}

/// A claim as stored, with its computed status and current verdict. The first nine fields are the design page's
/// `list --format json` shape, in its order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub id: ClaimId,
    pub article: ArticleId,
    pub text: String,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub strength: Strength,
    pub response: Option<Response>,
    pub status: Status,
    /// The rating of the newest verdict.
    pub verdict: Option<Rating>,
    /// Who the claim is attributed to, by kind (schema version 6): the scanner's reading, or what the fact-checker
    /// typed. `None`: not known (a claim recorded before version 6, or typed without a kind the desk could tell).
    pub source_kind: Option<ClaimSourceKind>,
    /// Stable name inside the article's desk file.
    pub key: String,
    /// Byte offsets of the claim in the article's text, when known.
    pub span: Option<(usize, usize)>,
    pub created_at: Timestamp,
}

/// The fields of a claim to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub article: ArticleId,
    pub key: Option<String>,
    pub text: String,
    pub span: Option<(usize, usize)>,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub strength: Strength,
    pub response: Option<Response>,
    /// `None`: not known.
    pub source_kind: Option<ClaimSourceKind>,
}

/// An item of evidence, with its chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: EvidenceId,
    /// Stable name in the plain-text desk.
    pub key: String,
    pub title: String,
    pub url: Option<String>,
    pub archived_url: Option<String>,
    pub retrieved_at: Option<String>,
    /// The source it ultimately comes from.
    pub origin: Option<String>,
    pub origin_id: Option<SourceId>,
    pub derived_from: Option<EvidenceId>,
    /// The grade given to this item itself; `None` when it inherits its origin's.
    pub own_reliability: Option<Reliability>,
    /// The grade that counts: the item's own, else its origin's, else F.
    pub reliability: Reliability,
    pub credibility: Credibility,
    /// SHA-256 of the content as collected.
    pub sha256: Option<String>,
    pub notes: Option<String>,
    pub created_at: Timestamp,
    /// The desk it came from, by its id; `None` for this desk's own.
    #[serde(skip)]
    pub desk: Option<String>,
}

/// The fields of an evidence item to be added. Names rather than ids for the origin, so a new source can be
/// created on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEvidence {
    pub key: Option<String>,
    pub title: String,
    pub url: Option<String>,
    pub archived_url: Option<String>,
    pub retrieved_at: Option<String>,
    pub origin: Option<String>,
    pub derived_from: Option<EvidenceId>,
    pub reliability: Option<Reliability>,
    pub credibility: Option<Credibility>,
    pub sha256: Option<String>,
    pub notes: Option<String>,
}

/// What `evidence edit` changes of an item: its origin, descent and grades. `reliability` is the item's own
/// grade; `None` inherits its origin's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceGrades {
    pub origin: Option<SourceId>,
    pub derived_from: Option<EvidenceId>,
    pub reliability: Option<Reliability>,
    pub credibility: Credibility,
}

/// A claim–evidence link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub claim: ClaimId,
    pub evidence: EvidenceId,
    pub stance: Stance,
    pub note: Option<String>,
    pub created_at: Timestamp,
}

/// A fact-checker's verdict on a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub id: i64,
    pub claim: ClaimId,
    pub rating: Rating,
    pub rationale: String,
    pub confidence: Confidence,
    pub author: String,
    pub created_at: Timestamp,
    /// The fact-checker's one-line summary of the claim (ClaimReview's `claimReviewed`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The revision of the article current when the verdict was given: what it was checked against. `None` for
    /// a claim of an article without text. Shown where revisions are (`claim show`'s `checked_against`).
    #[serde(skip)]
    pub revision: Option<u32>,
    /// Given on an earlier text of the claim, which has changed since: it does not rate what the claim says now.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub on_earlier_text: bool,
    /// For a verdict read from a desk file, whose author and time are what the file states: who imported it…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_by: Option<String>,
    /// …and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<Timestamp>,
}

/// One revision of an article's text: its number (the text the article was registered with is 1), when it was
/// recorded and by whom. The text itself is read on its own (`Reader::revision_text`): it can be long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRevision {
    pub number: u32,
    #[serde(rename = "at")]
    pub created_at: Timestamp,
    #[serde(rename = "by")]
    pub actor: String,
}

/// A verdict to be recorded. `author` and `at` default to who is acting, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVerdict {
    pub rating: Rating,
    pub rationale: String,
    pub confidence: Confidence,
    pub author: Option<String>,
    pub at: Option<Timestamp>,
    /// How the claim is summed up when the review is published; the claim's own sentence when `None`.
    pub summary: Option<String>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: Action,
    pub detail: String,
}

/// Who is acting, and when; stamped on every write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_round_trips_through_its_spelling() {
        fn check<T: FromStr + fmt::Display + PartialEq + fmt::Debug + Copy>(all: &[T])
        where
            T::Err: fmt::Debug,
        {
            for value in all {
                assert_eq!(value.to_string().parse::<T>().unwrap(), *value);
            }
        }
        check(Strength::ALL);
        check(Response::ALL);
        check(CueKind::ALL);
        check(SourceKind::ALL);
        check(ClaimSourceKind::ALL);
        check(Stance::ALL);
        check(Reliability::ALL);
        check(Credibility::ALL);
        check(Status::ALL);
        check(Rating::ALL);
        check(Confidence::ALL);
        check(Action::ALL);
        check(AnchorKind::ALL);
    }

    #[test]
    fn timestamps_read_any_offset_and_show_utc_with_z() {
        let t: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        assert_eq!(t.to_string(), "2026-11-28T10:00:00Z");
        let shifted: Timestamp = "2026-11-28T12:00:00+02:00".parse().unwrap();
        assert_eq!(shifted, t);
        assert_eq!(shifted.to_string(), "2026-11-28T10:00:00Z");
        let fraction: Timestamp = "2026-11-28T10:00:00.250Z".parse().unwrap();
        assert_eq!(fraction.to_string(), "2026-11-28T10:00:00.250Z");
        assert_eq!(t.date().to_string(), "2026-11-28");
        assert_eq!(
            "yesterday".parse::<Timestamp>().unwrap_err().to_string(),
            "`yesterday` is not an RFC 3339 time"
        );
        assert_eq!(Timestamp::now().as_datetime().timestamp_subsec_nanos(), 0);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2026-11-28T10:00:00Z\""
        );
    }

    #[test]
    fn spellings_match_the_design_page() {
        assert_eq!(
            Strength::NAMES,
            [
                "on_record",
                "document",
                "anonymous",
                "reported",
                "hedged",
                "unattributed"
            ]
        );
        assert_eq!(
            Status::NAMES,
            [
                "unverified",
                "single_source",
                "corroborated",
                "disputed",
                "refuted"
            ]
        );
        assert_eq!(
            Rating::NAMES,
            [
                "true",
                "mostly_true",
                "mixed",
                "mostly_false",
                "false",
                "unproven"
            ]
        );
        assert_eq!(Response::NAMES, ["denial", "no_comment"]);
    }

    #[test]
    fn a_source_record_gives_a_claim_its_kind_unless_it_is_other() {
        let kinds: Vec<Option<ClaimSourceKind>> = SourceKind::ALL
            .iter()
            .map(|k| ClaimSourceKind::of_source(*k))
            .collect();
        assert_eq!(
            kinds,
            [
                Some(ClaimSourceKind::NamedPerson),
                Some(ClaimSourceKind::NamedOrganization),
                Some(ClaimSourceKind::Document),
                Some(ClaimSourceKind::OtherMedia),
                Some(ClaimSourceKind::Anonymous),
                None,
            ]
        );
        assert_eq!(
            "named-person".parse::<ClaimSourceKind>().unwrap_err().to_string(),
            "`named-person` is not a valid claim source kind (expected one of: named_person, named_organization, \
             document, anonymous, other_media, self, none)"
        );
    }

    #[test]
    fn unknown_value_names_the_choices() {
        let err = "weak".parse::<Strength>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`weak` is not a valid attribution strength (expected one of: on_record, document, anonymous, \
             reported, hedged, unattributed)"
        );
    }

    #[test]
    fn strength_orders_strongest_first() {
        assert!(Strength::OnRecord < Strength::Document);
        assert!(Strength::Hedged < Strength::Unattributed);
    }

    #[test]
    fn credible_boundaries() {
        assert!(Reliability::C.is_credible());
        assert!(!Reliability::D.is_credible());
        assert!(Credibility::Possible.is_credible());
        assert!(!Credibility::Doubtful.is_credible());
    }

    #[test]
    fn ids_parse_with_or_without_letter() {
        assert_eq!("C12".parse::<ClaimId>(), Ok(ClaimId(12)));
        assert_eq!("c12".parse::<ClaimId>(), Ok(ClaimId(12)));
        assert_eq!("12".parse::<ClaimId>(), Ok(ClaimId(12)));
        assert_eq!(ClaimId(3).to_string(), "C3");
        assert_eq!(
            "E1".parse::<ClaimId>().unwrap_err().to_string(),
            "`E1` is an evidence id, but a claim id is needed here (`C…`)"
        );
        for bad in ["", "C", "C0", "x1", "C1x", "-3", "C99999999999999999999"] {
            assert!(bad.parse::<ClaimId>().is_err(), "{bad} should be refused");
        }
    }
}
