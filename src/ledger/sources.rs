//! Sources: the people, organisations, documents and outlets that evidence comes from. A source's grade flows to
//! every item that has none of its own, so re-grading one touches the claims resting on those items.
//!
//! A source is one origin whatever its name looks like: names are compared in their [`source_identity`] form
//! (Unicode NFKC, format characters such as zero-width spaces dropped, case folded, runs of white space made one
//! space), so that `Port Authority` with a zero-width space in it cannot stand as a second, independent origin.
//! The name is kept as first given, for display. The rule lives here, so every backend stores and finds the same
//! identity.

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::UnicodeNormalization;

use super::{grades, validate, Reader, Writer};
use crate::backend::{EventRefs, SourceRow};
use crate::error::{Error, Result};
use crate::model::{Action, RecordKind, Reliability, Source, SourceId, SourceKind};

/// The form in which the ledger compares source names: NFKC, without format characters (zero-width spaces and
/// joiners, soft hyphens, bidi marks, byte-order marks), case-folded (full Unicode folding: `STRASSE` and `Straße`
/// are one name), NFKC again (folding can undo it), and white space trimmed and run together. Empty for a name
/// with nothing visible in it.
pub fn source_identity(name: &str) -> String {
    let visible: String = name
        .nfkc()
        .filter(|c| get_general_category(*c) != GeneralCategory::Format)
        .collect();
    let folded: String = caseless::default_case_fold_str(&visible).nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name's identity, refusing a name that has none.
fn identity_of(name: &str) -> Result<String> {
    let identity = source_identity(name);
    if identity.is_empty() {
        let message = if name.trim().is_empty() {
            "the source name is empty".to_string()
        } else {
            format!(
                "the source name {:?} holds nothing visible (only spaces and format characters)",
                name
            )
        };
        return Err(Error::invalid_with(
            message,
            "give the source a name that can be read",
        ));
    }
    Ok(identity)
}

impl Reader<'_> {
    /// The source with this id, or a not-found error.
    pub fn source(&self, id: SourceId) -> Result<Source> {
        self.rows
            .source(id)?
            .ok_or_else(|| Error::not_found(RecordKind::Source, id))
    }

    /// The source of this name, or of a name that looks the same (its [`source_identity`]).
    pub fn source_by_name(&self, name: &str) -> Result<Option<Source>> {
        let identity = source_identity(name);
        if identity.is_empty() {
            return Ok(None);
        }
        self.rows.source_by_name(&identity)
    }

    /// Every source, by name.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut sources = Vec::new();
        self.rows.each_source(&mut |source| {
            sources.push(source);
            Ok(())
        })?;
        Ok(sources)
    }
}

impl Writer<'_> {
    /// Registers a source. A name already taken, or one that looks the same, is a conflict.
    pub fn add_source(
        &mut self,
        name: &str,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<SourceId> {
        validate::text("source name", name, validate::limits::SHORT)?;
        let identity = identity_of(name)?;
        if let Some(existing) = self.tx.source_by_name(&identity)? {
            return Err(Error::Conflict {
                message: format!(
                    "source `{}` already exists as {}",
                    existing.name, existing.id
                ),
                hint: Some(format!(
                    "grade it with `claimtrack source grade {} --reliability …`",
                    existing.id
                )),
            });
        }
        let id = self.tx.insert_source(&SourceRow {
            name,
            identity: &identity,
            kind,
            reliability,
            created_at: self.actor.at,
        })?;
        let grade = reliability
            .map(|r| format!(", graded {r}"))
            .unwrap_or_default();
        self.event(
            Action::SourceAdd,
            EventRefs {
                source: Some(id),
                ..Default::default()
            },
            format!("added source {id} {name:?} ({kind}{grade})"),
        )?;
        Ok(id)
    }

    /// The source of this name (or of a name that looks the same), registering it (kind `other`, ungraded) when
    /// it is new.
    pub fn source_named(&mut self, name: &str) -> Result<SourceId> {
        validate::text("source name", name, validate::limits::SHORT)?;
        match self.tx.source_id(&identity_of(name)?)? {
            Some(id) => Ok(id),
            None => self.add_source(name, SourceKind::Other, None),
        }
    }

    /// Changes a source's kind and grade. A new grade reaches every item that follows its origin's grade, so the
    /// claims linked to those items are touched.
    pub fn update_source(
        &mut self,
        id: SourceId,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<bool> {
        let old = self.read().source(id)?;
        if old.kind == kind && old.reliability == reliability {
            return Ok(false);
        }
        self.tx.update_source(id, kind, reliability)?;
        let show = |r: Option<Reliability>| r.map_or("ungraded".to_string(), |r| r.to_string());
        self.event(
            Action::SourceGrade,
            EventRefs {
                source: Some(id),
                ..Default::default()
            },
            format!(
                "changed source {id} {:?} from {} {} to {kind} {}",
                old.name,
                old.kind,
                show(old.reliability),
                show(reliability)
            ),
        )?;
        if old.reliability != reliability {
            let mut claims = Vec::new();
            self.tx.each_graded_link_to_origin(id, &mut |link| {
                if grades::follows_origin(link.own_reliability) {
                    claims.push(link.claim);
                }
                Ok(())
            })?;
            self.touch(claims);
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alike_names_have_one_identity_and_invisible_ones_none() {
        let plain = source_identity("Port Authority");
        assert_eq!(plain, "port authority");
        for alike in [
            "Port Authority\u{200b}",
            "Port\u{200b} Authority",
            "  PORT   authority ",
            "Port\u{a0}Authority",
            "Port\u{feff}Authority\u{200d}"
                .replace("Authority", " Authority")
                .as_str(),
            "\u{ff30}ort Authority",
            "Port Authorit\u{fffd}",
        ] {
            if alike.contains('\u{fffd}') {
                assert_ne!(source_identity(alike), plain, "{alike:?}");
            } else {
                assert_eq!(source_identity(alike), plain, "{alike:?}");
            }
        }
        assert_eq!(source_identity("Straße"), source_identity("STRASSE"));
        assert_eq!(source_identity("\u{fb01}nance office"), "finance office");
        for empty in ["", "   ", "\u{200b}", "\u{200b} \u{2060}\u{ad}"] {
            assert_eq!(source_identity(empty), "", "{empty:?}");
        }
        assert_eq!(
            identity_of("\u{200b}").unwrap_err().to_string(),
            "the source name \"\\u{200b}\" holds nothing visible (only spaces and format characters)"
        );
        assert_eq!(
            identity_of(" ").unwrap_err().to_string(),
            "the source name is empty"
        );
    }
}
