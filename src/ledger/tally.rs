//! What an import did, counted by kind of record, for its closing line ("added 3 claims; updated 1 article").

use std::collections::BTreeMap;

/// The kinds of record an import counts, in the order its summary names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Counted {
    Articles,
    Claims,
    Evidence,
    Links,
    Sources,
    Verdicts,
}

impl Counted {
    /// "1 claim", "2 claims".
    fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Counted::Articles => ("article", "articles"),
            Counted::Claims => ("claim", "claims"),
            Counted::Evidence => ("evidence item", "evidence items"),
            Counted::Links => ("link", "links"),
            Counted::Sources => ("source", "sources"),
            Counted::Verdicts => ("verdict", "verdicts"),
        };
        match n {
            1 => format!("1 {one}"),
            _ => format!("{n} {many}"),
        }
    }
}

/// What the import did, for the closing line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    added: BTreeMap<Counted, usize>,
    updated: BTreeMap<Counted, usize>,
    removed: BTreeMap<Counted, usize>,
    /// Spreadsheet rows whose claim their article already held (on the desk, or from an earlier row).
    held: usize,
}

impl Tally {
    /// Counts one record: added when it is new, updated when an existing one changed.
    pub(super) fn count(&mut self, what: Counted, added: bool, changed: bool) {
        if added {
            *self.added.entry(what).or_default() += 1;
        } else if changed {
            *self.updated.entry(what).or_default() += 1;
        }
    }

    /// Counts one record removed.
    pub(super) fn removed(&mut self, what: Counted) {
        *self.removed.entry(what).or_default() += 1;
    }

    /// Counts one spreadsheet row not added because its article already holds its claim.
    pub(super) fn held_already(&mut self) {
        self.held += 1;
    }

    /// The closing line of an import. Rows already held are named beside changes; alone, they are no change.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            ("added", &self.added),
            ("updated", &self.updated),
            ("removed", &self.removed),
        ]
        .into_iter()
        .filter(|(_, map)| !map.is_empty())
        .map(|(verb, map)| {
            let counts: Vec<String> = map.iter().map(|(what, n)| what.count(*n)).collect();
            format!("{verb} {}", counts.join(", "))
        })
        .collect();
        if parts.is_empty() {
            return "nothing to change: the database already matches these files".to_string();
        }
        let held = match self.held {
            0 => String::new(),
            1 => "; 1 row not added: its claim is already in its article".to_string(),
            n => format!("; {n} rows not added: their claims are already in their articles"),
        };
        format!("{}{held}", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let mut tally = Tally::default();
        assert_eq!(
            tally.summary(),
            "nothing to change: the database already matches these files"
        );
        tally.count(Counted::Sources, true, true);
        tally.count(Counted::Claims, true, true);
        tally.count(Counted::Claims, true, true);
        tally.count(Counted::Evidence, true, true);
        tally.count(Counted::Articles, false, true);
        tally.count(Counted::Articles, false, false);
        tally.removed(Counted::Links);
        assert_eq!(
            tally.summary(),
            "added 2 claims, 1 evidence item, 1 source; updated 1 article; removed 1 link"
        );
        tally.held_already();
        tally.held_already();
        assert_eq!(
            tally.summary(),
            "added 2 claims, 1 evidence item, 1 source; updated 1 article; removed 1 link; 2 rows not added: \
             their claims are already in their articles"
        );
    }

    #[test]
    fn rows_already_held_are_no_change_when_nothing_else_is() {
        let mut tally = Tally::default();
        tally.held_already();
        assert_eq!(
            tally.summary(),
            "nothing to change: the database already matches these files"
        );
    }
}
