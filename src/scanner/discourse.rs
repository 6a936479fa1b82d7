//! What a sentence's reading needs from the sentences before it in the same article (attribution.md
//! conventions 8 and 10): the kinds of the parties last named, so that "he", "they", "it" and "the
//! official" take the kind of what they refer to, and the state of a quotation that runs on across
//! sentences and paragraphs, so that its later sentences keep the speaker's strength.
//!
//! The state is small and bounded: three kinds, a ring of the last few head nouns with their kinds, and the
//! open quotation's speaker. `scan_iter` keeps one per text; [`super::analyse`] starts from an empty one.

use crate::model::{ClaimSourceKind, Strength};

/// How many head nouns are remembered ("the agency" → the news agency named two sentences before).
const HEADS: usize = 12;

/// How many sentences of the writer's own a singular person stays the referent of "he" or "she" (conv. 10):
/// a pronoun refers to a recent mention, and an unnamed speaker far back (or in the article before) is not
/// the likely one.
pub(crate) const PERSON_REACH: u8 = 8;

/// The parties of the sentences read so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memory {
    /// The last singular human source (named, or described without a name: "one resident"); read it with
    /// [`Memory::person`], which forgets it after [`PERSON_REACH`] sentences.
    person: Option<ClaimSourceKind>,
    /// Sentences read since `person` was set.
    person_age: u8,
    /// The last plural source ("relatives", "the officials").
    pub plural: Option<ClaimSourceKind>,
    /// The last source that is not a person: a body, a document, an outlet.
    pub thing: Option<ClaimSourceKind>,
    /// The last speaker of the writer's own side for "we" (a body speaking).
    pub we: Option<ClaimSourceKind>,
    /// Recent head nouns, lowercased, with the kind they were read as; the newest at `next - 1`.
    heads: Vec<(String, ClaimSourceKind)>,
    next: usize,
}

impl Memory {
    /// The kind last given to a phrase headed by `head`, ignoring ASCII case. A plural refers back to its
    /// singular ("the officials" after "an official"), but a singular does not pick one of a group ("the
    /// blogger" after "bloggers" is whoever was named last).
    pub fn head_kind(&self, head: &str) -> Option<ClaimSourceKind> {
        let n = self.heads.len();
        (0..n)
            .map(|i| &self.heads[(self.next + n - 1 - i) % n])
            .find(|(h, _)| {
                h.eq_ignore_ascii_case(head) || h.len() < head.len() && singular_eq(h, head)
            })
            .map(|(_, k)| *k)
    }

    /// Remembers that a phrase headed by `head` was read as `kind`.
    pub fn remember_head(&mut self, head: &str, kind: ClaimSourceKind) {
        if head.is_empty() || head.len() > 40 {
            return;
        }
        if self.heads.len() < HEADS {
            self.heads.push((head.to_ascii_lowercase(), kind));
            self.next = self.heads.len() % HEADS;
            return;
        }
        // Reuse the oldest slot's buffer: no allocation once the ring is full.
        let slot = &mut self.heads[self.next];
        slot.0.clear();
        slot.0.push_str(head);
        slot.0.make_ascii_lowercase();
        slot.1 = kind;
        self.next = (self.next + 1) % HEADS;
    }

    /// The last singular human source, when it is recent enough to be what "he" or "she" refers to.
    pub fn person(&self) -> Option<ClaimSourceKind> {
        self.person.filter(|_| self.person_age <= PERSON_REACH)
    }

    /// One more sentence of the writer's own read (a quotation running on does not count).
    pub fn tick(&mut self) {
        self.person_age = self.person_age.saturating_add(1);
    }

    /// Remembers a source of `kind`: a person, a group or a thing, by how it was written.
    pub fn remember(&mut self, kind: ClaimSourceKind, plural: bool, human: bool) {
        if kind == ClaimSourceKind::OwnVoice || kind == ClaimSourceKind::NotAClaim {
            return;
        }
        if plural {
            self.plural = Some(kind);
        } else if human {
            self.person = Some(kind);
            self.person_age = 0;
        } else {
            self.thing = Some(kind);
        }
        if matches!(
            kind,
            ClaimSourceKind::NamedOrganization | ClaimSourceKind::NamedPerson
        ) {
            self.we = Some(kind);
        }
    }
}

/// "official" and "officials" are the same head.
fn singular_eq(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    long.len() == short.len() + 1
        && long.as_bytes()[long.len() - 1].eq_ignore_ascii_case(&b's')
        && long[..short.len()].eq_ignore_ascii_case(short)
}

/// A quotation that runs on past the sentence it opened in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct OpenQuote {
    /// The speaker's strength and kind, once known.
    pub speaker: Option<(Strength, ClaimSourceKind)>,
}

/// The most sentences a block quotation is taken to run on after its colon (it has no closing mark).
pub(crate) const BLOCK_SENTENCES: u8 = 6;

/// A block quotation: introduced by an attribution ending in a colon ("Weddady remarked:"), set off by
/// layout rather than quotation marks (conv. 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub speaker: (Strength, ClaimSourceKind),
    /// Sentences it may still run on.
    pub left: u8,
}

/// The per-article state of a scan.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub memory: Memory,
    /// A quotation opened and not yet closed.
    pub open: Option<OpenQuote>,
    /// The governing attribution of the previous sentence, when it quoted someone: a quotation that follows
    /// it on its own is that speaker's (conv. 8).
    pub last_quoted: Option<(Strength, ClaimSourceKind)>,
    /// A block quotation running on.
    pub block: Option<Block>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_remembered_newest_first_in_a_bounded_ring() {
        let mut m = Memory::default();
        m.remember_head("Agency", ClaimSourceKind::OtherMedia);
        assert_eq!(m.head_kind("agency"), Some(ClaimSourceKind::OtherMedia));
        m.remember_head("agency", ClaimSourceKind::NamedOrganization);
        assert_eq!(
            m.head_kind("AGENCY"),
            Some(ClaimSourceKind::NamedOrganization)
        );
        m.remember_head("official", ClaimSourceKind::Anonymous);
        assert_eq!(m.head_kind("officials"), Some(ClaimSourceKind::Anonymous));
        m.remember_head("bloggers", ClaimSourceKind::Anonymous);
        assert_eq!(m.head_kind("blogger"), None);
        for i in 0..40 {
            m.remember_head(&format!("word{i}"), ClaimSourceKind::Document);
        }
        assert_eq!(m.head_kind("official"), None);
        assert_eq!(m.head_kind("word39"), Some(ClaimSourceKind::Document));
        assert_eq!(m.heads.len(), HEADS);
    }
}
