//! The verification-status engine: a claim's linked evidence in, its status, the reasons for it and its
//! independent lines of support out. Pure: no SQL, no I/O, no clock. The store gathers each item's
//! effective grades and derived-from chain; this module only judges.
//!
//! # Rules
//!
//! The design page (`shared/design.md`, "Verification status") is the starting point; where it is silent,
//! these rules decide, in this order.
//!
//! 1. **Credible** means reliability A–C *and* credibility 1–3. Every other item (D–F or 4–6, including
//!    the ungraded F6) is *weak*: it is named in the reasons, with its grade, and it can never
//!    corroborate, dispute or refute a claim, nor keep one from being refuted. The one thing weak
//!    evidence does is this: any support at all, however weak, makes a claim `single_source` rather
//!    than `unverified`, as the design page's row says ("support from exactly one independent origin,
//!    nothing credible against" asks nothing of the support's grade). That row is an external contract
//!    the desk reads statuses by, and a claim with a weak tip behind it is not the same as a claim with
//!    nothing: it has a lead worth chasing. The reasons always say when the only support is weak.
//! 2. **Lines of evidence.** Supporting items are grouped into independent lines by their provenance:
//!    an item, its origin, every item in its derived-from chain and each of those items' origins are all
//!    one line, and lines that meet anywhere (a shared origin, a shared ancestor, one item derived from
//!    another, an ancestor's origin that is another item's origin) merge, however indirectly (circular
//!    reporting). An item with no origin and no chain is a line of its own. Only supporting items'
//!    provenance is used: whether two reports for a claim are independent is a fact about those
//!    reports, and linking a context item or a refutation should never merge two lines of support.
//! 3. A line is **credible** when at least one of its items is credible. Its **head** is its
//!    lowest-numbered credible item, or its lowest-numbered item when none is credible; every other item
//!    of the line is explained by how it joins the line.
//! 4. **Status**, first match wins:
//!    - credible evidence refutes the claim and credible evidence supports it → `disputed`;
//!    - credible evidence refutes the claim and none supports it → `refuted` (weak support is set aside);
//!    - two or more credible lines of support → `corroborated`;
//!    - exactly one credible line of support → `single_source` (further weak lines are set aside);
//!    - support that is all weak, in one line or several → `single_source`: weak lines cannot
//!      corroborate one another, so however many there are, the claim rests on no more than one;
//!    - otherwise → `unverified`: nothing linked, only context, or only weak refutation.
//! 5. **Reasons**: one sentence per linked item, in evidence-id order, then one sentence saying why the
//!    status follows. Items are sorted before anything else is done, so neither the status nor the
//!    wording depends on the order the store hands them over.
//!
//! The item sentences take these forms (`why` prints them as they are):
//!
//! - `E3 supports, graded B2: credible; origin Ministry of Transport (S2).` — a head of a credible line,
//!   or a credible refutation (`refutes`); `no origin recorded` when there is none;
//! - `E4 set aside: same line of evidence as E3 (derived from E3).` — credible, but its line is already
//!   counted; the bracket names the nearest link toward the head: `derived from E1 via E2`,
//!   `E1 is derived from E2`, `derived from E1, as is E5`, `same origin as E3: Reuters (S1)`,
//!   `traces back to Reuters (S1), as does E3`;
//! - `E6 refutes but is graded D4: not credible, set aside.` — with `; same line of evidence as …` added
//!   for a weak supporting item that belongs to a longer line;
//! - `E2 supports but is graded E5: not credible; origin Forum (S3).` — the head of a weak line when
//!   all support is weak, so the claim's `single_source` rests on it: it is not set aside;
//! - `E7 gives context only.`
//!
//! `origins` lists every independent line of support, credible or not, as the supporting item ids in
//! it; the reasons say which of them count.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::model::{Credibility, EvidenceId, Reliability, SourceId, Stance, Status};

/// One evidence item linked to the claim, with its effective grades (the store has already applied a
/// source's default reliability).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkedEvidence {
    /// The evidence item.
    pub evidence: EvidenceId,
    /// Its stance toward this claim.
    pub stance: Stance,
    /// Reliability of its source, after any source default.
    pub reliability: Reliability,
    /// Credibility of the information.
    pub credibility: Credibility,
    /// The source it ultimately comes from, when known.
    pub origin: Option<Origin>,
    /// The derived-from chain above this item, nearest first (E5 derived from E3 derived from E1 →
    /// [E3's, E1's]); may include items not linked to this claim.
    pub ancestors: Vec<Ancestor>,
}

/// The source an evidence item comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The source's id.
    pub id: SourceId,
    /// The source's name, as shown to a person.
    pub name: String,
}

/// One step of an item's derived-from chain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ancestor {
    /// The item derived from.
    pub evidence: EvidenceId,
    /// That item's origin, when known.
    pub origin: Option<Origin>,
}

/// A claim's computed status and the account of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// The verification status.
    pub status: Status,
    /// Plain sentences a fact-checker can read: one per linked item, in evidence-id order, then one
    /// saying why the status follows.
    pub reasons: Vec<String>,
    /// The independent lines of supporting evidence, each a sorted list of evidence ids; lines sorted by
    /// their first id.
    pub origins: Vec<Vec<EvidenceId>>,
}

/// Computes the status of a claim from the evidence linked to it; see the module documentation for the
/// rules. The order of `items` does not matter.
pub fn assess(items: &[LinkedEvidence]) -> Assessment {
    let mut items: Vec<&LinkedEvidence> = items.iter().collect();
    // Sorting on the whole item (id first) gives one canonical order even for duplicates, which is
    // what makes every later step order-independent.
    items.sort();

    let supporting: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].stance == Stance::Supports)
        .collect();
    let lines = lines_of(&items, &supporting);

    let mut joins: BTreeMap<usize, Join> = BTreeMap::new();
    // `heads` are the heads of credible lines; `weak_heads` those of lines with no credible item.
    let mut heads = Vec::new();
    let mut weak_heads = Vec::new();
    for line in &lines {
        let head = line
            .iter()
            .copied()
            .find(|&i| is_credible(items[i]))
            .unwrap_or(line[0]);
        if is_credible(items[head]) {
            heads.push(items[head].evidence);
        } else {
            weak_heads.push(head);
        }
        joins.extend(explain_line(&items, line, head));
    }

    let ids = |stance: Stance, credible: bool| -> Vec<EvidenceId> {
        items
            .iter()
            .filter(|item| item.stance == stance && is_credible(item) == credible)
            .map(|item| item.evidence)
            .collect()
    };
    let credible_for = ids(Stance::Supports, true);
    let credible_against = ids(Stance::Refutes, true);
    let weak_against = ids(Stance::Refutes, false);
    // Rule 4: when all support is weak and nothing credible refutes the claim, the weak lines are what
    // make it `single_source`, so their heads are counted, not set aside.
    let weak_only = credible_against.is_empty() && heads.is_empty() && !weak_heads.is_empty();

    let mut reasons: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let same_line = joins.get(&i).map(|join| {
                format!(
                    "same line of evidence as {} ({})",
                    items[join.head].evidence,
                    how_joined(item, items[join.partner], join.through)
                )
            });
            let counted = weak_only && weak_heads.contains(&i);
            item_reason(item, same_line, counted)
        })
        .collect();

    // Weak refutation never moves the status, but the closing sentence still says it was there, so
    // nobody reads "nothing against" as "nothing was found".
    let against = match weak_against.len() {
        0 => "nothing credible refutes it.".to_string(),
        1 => format!(
            "nothing credible refutes it ({} does, but is not credible).",
            weak_against[0]
        ),
        _ => format!(
            "nothing credible refutes it ({} do, but are not credible).",
            list(&weak_against)
        ),
    };

    let (status, last) = if !credible_against.is_empty() && !credible_for.is_empty() {
        (
            Status::Disputed,
            format!(
                "Disputed: credible evidence supports the claim ({}) and credible evidence refutes it ({}).",
                list(&credible_for),
                list(&credible_against)
            ),
        )
    } else if !credible_against.is_empty() {
        (
            Status::Refuted,
            format!(
                "Refuted: credible evidence refutes the claim ({}) and no credible evidence supports it.",
                list(&credible_against)
            ),
        )
    } else if heads.len() >= 2 {
        (
            Status::Corroborated,
            format!(
                "Corroborated: {} independent lines of credible support ({}), and {against}",
                heads.len(),
                list(&heads)
            ),
        )
    } else if heads.len() == 1 {
        (
            Status::SingleSource,
            format!(
                "Single source: only one independent line of credible support ({}), and {against}",
                list(&heads)
            ),
        )
    } else if weak_only {
        let weak: Vec<EvidenceId> = weak_heads.iter().map(|&i| items[i].evidence).collect();
        let each = if weak.len() > 1 {
            " — one line each"
        } else {
            ""
        };
        (
            Status::SingleSource,
            format!(
                "Single source: support comes only from evidence that is not credible ({}{each}), so \
                 nothing corroborates it, and {against}",
                list(&weak)
            ),
        )
    } else {
        let why = if items.is_empty() {
            "Unverified: no evidence is linked to the claim.".to_string()
        } else if weak_against.is_empty() {
            "Unverified: no evidence takes a side (context only).".to_string()
        } else {
            format!("Unverified: no evidence supports the claim, and {against}")
        };
        (Status::Unverified, why)
    };
    reasons.push(last);

    let origins = lines
        .iter()
        .map(|line| line.iter().map(|&i| items[i].evidence).collect())
        .collect();
    Assessment {
        status,
        reasons,
        origins,
    }
}

fn is_credible(item: &LinkedEvidence) -> bool {
    item.reliability.is_credible() && item.credibility.is_credible()
}

/// A point of provenance two items can share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Evidence(EvidenceId),
    Source(SourceId),
}

/// Everything an item's provenance touches. The order is the order of preference when explaining why
/// two items are one line: being derived from an item is the plainest account, a shared origin next,
/// an origin reached only through the chain last.
fn provenance(item: &LinkedEvidence) -> Vec<Node> {
    let mut nodes = vec![Node::Evidence(item.evidence)];
    nodes.extend(item.ancestors.iter().map(|a| Node::Evidence(a.evidence)));
    nodes.extend(item.origin.iter().map(|o| Node::Source(o.id)));
    nodes.extend(
        item.ancestors
            .iter()
            .filter_map(|a| a.origin.as_ref())
            .map(|o| Node::Source(o.id)),
    );
    let mut seen = Vec::with_capacity(nodes.len());
    nodes.retain(|node| {
        let fresh = !seen.contains(node);
        seen.push(*node);
        fresh
    });
    nodes
}

/// Union-find over provenance nodes.
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.parent[a] = b;
    }
}

/// Groups the supporting items (indices into `items`) into independent lines, each sorted, lines sorted
/// by their first item.
fn lines_of(items: &[&LinkedEvidence], supporting: &[usize]) -> Vec<Vec<usize>> {
    let mut index: BTreeMap<Node, usize> = BTreeMap::new();
    let mut sets = Sets { parent: Vec::new() };
    for &i in supporting {
        let mut previous = None;
        for node in provenance(items[i]) {
            let next = index.len();
            let id = *index.entry(node).or_insert_with(|| {
                sets.parent.push(next);
                next
            });
            if let Some(previous) = previous {
                sets.union(previous, id);
            }
            previous = Some(id);
        }
    }
    let mut lines: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in supporting {
        let root = sets.find(index[&Node::Evidence(items[i].evidence)]);
        lines.entry(root).or_default().push(i);
    }
    let mut lines: Vec<Vec<usize>> = lines.into_values().collect();
    lines.sort();
    lines
}

/// How an item joins its line: the line's head, the neighbour it was reached from and what they share.
#[derive(Debug, Clone, Copy)]
struct Join {
    head: usize,
    partner: usize,
    through: Node,
}

/// Walks the line breadth-first from its head, so each item is explained by its nearest link toward
/// the head, and a reader can follow the chain sentence by sentence.
fn explain_line(items: &[&LinkedEvidence], line: &[usize], head: usize) -> Vec<(usize, Join)> {
    let mut holders: BTreeMap<Node, Vec<usize>> = BTreeMap::new();
    for &i in line {
        for node in provenance(items[i]) {
            holders.entry(node).or_default().push(i);
        }
    }
    let mut reached = BTreeSet::from([head]);
    let mut joins = Vec::new();
    let mut queue = VecDeque::from([head]);
    while let Some(partner) = queue.pop_front() {
        for through in provenance(items[partner]) {
            for &other in holders.get(&through).map(Vec::as_slice).unwrap_or_default() {
                if reached.insert(other) {
                    joins.push((
                        other,
                        Join {
                            head,
                            partner,
                            through,
                        },
                    ));
                    queue.push_back(other);
                }
            }
        }
    }
    joins
}

fn grade(item: &LinkedEvidence) -> String {
    format!("{}{}", item.reliability, item.credibility)
}

fn label(origin: &Origin) -> String {
    format!("{} ({})", origin.name, origin.id)
}

fn list(ids: &[EvidenceId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentence for one item; `same_line` says how it joins its line of support when it is not the head,
/// and `counted` marks the head of a weak line the status rests on (all support is weak).
fn item_reason(item: &LinkedEvidence, same_line: Option<String>, counted: bool) -> String {
    let id = item.evidence;
    let stance = match item.stance {
        Stance::Context => return format!("{id} gives context only."),
        Stance::Supports => "supports",
        Stance::Refutes => "refutes",
    };
    let origin = item.origin.as_ref().map_or_else(
        || "no origin recorded".to_string(),
        |o| format!("origin {}", label(o)),
    );
    if counted {
        return format!(
            "{id} {stance} but is graded {}: not credible; {origin}.",
            grade(item)
        );
    }
    if !is_credible(item) {
        let set_aside = format!(
            "{id} {stance} but is graded {}: not credible, set aside",
            grade(item)
        );
        return match same_line {
            Some(same_line) => format!("{set_aside}; {same_line}."),
            None => format!("{set_aside}."),
        };
    }
    if let Some(same_line) = same_line {
        return format!("{id} set aside: {same_line}.");
    }
    format!("{id} {stance}, graded {}: credible; {origin}.", grade(item))
}

/// Says, from `item`'s side, what it shares with `partner`.
fn how_joined(item: &LinkedEvidence, partner: &LinkedEvidence, through: Node) -> String {
    match through {
        Node::Evidence(shared) if shared == partner.evidence => {
            let position = item.ancestors.iter().position(|a| a.evidence == shared);
            match position {
                Some(k) if k > 0 => {
                    let via: Vec<EvidenceId> =
                        item.ancestors[..k].iter().map(|a| a.evidence).collect();
                    format!("derived from {shared} via {}", list(&via))
                }
                _ => format!("derived from {shared}"),
            }
        }
        Node::Evidence(shared) if shared == item.evidence => {
            format!("{} is derived from {}", partner.evidence, item.evidence)
        }
        Node::Evidence(shared) => format!("derived from {shared}, as is {}", partner.evidence),
        Node::Source(source) => {
            let direct = |e: &LinkedEvidence| e.origin.as_ref().filter(|o| o.id == source).cloned();
            let named = direct(item).or_else(|| {
                item.ancestors
                    .iter()
                    .filter_map(|a| a.origin.as_ref())
                    .find(|o| o.id == source)
                    .cloned()
            });
            let shown = named.map_or_else(|| source.to_string(), |o| label(&o));
            if direct(item).is_some() && direct(partner).is_some() {
                format!("same origin as {}: {shown}", partner.evidence)
            } else {
                format!("traces back to {shown}, as does {}", partner.evidence)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(id: i64, stance: Stance, grade: &str) -> LinkedEvidence {
        let (reliability, credibility) = grade.split_at(1);
        LinkedEvidence {
            evidence: EvidenceId(id),
            stance,
            reliability: reliability.parse().expect("test grade letter"),
            credibility: credibility.parse().expect("test grade number"),
            origin: None,
            ancestors: Vec::new(),
        }
    }

    fn supports(id: i64, grade: &str) -> LinkedEvidence {
        item(id, Stance::Supports, grade)
    }

    fn refutes(id: i64, grade: &str) -> LinkedEvidence {
        item(id, Stance::Refutes, grade)
    }

    fn context(id: i64, grade: &str) -> LinkedEvidence {
        item(id, Stance::Context, grade)
    }

    fn source(id: i64, name: &str) -> Origin {
        Origin {
            id: SourceId(id),
            name: name.to_string(),
        }
    }

    impl LinkedEvidence {
        fn from(mut self, id: i64, name: &str) -> Self {
            self.origin = Some(source(id, name));
            self
        }

        /// `chain` is nearest first: (evidence id, its origin).
        fn derived(mut self, chain: &[(i64, Option<(i64, &str)>)]) -> Self {
            self.ancestors = chain
                .iter()
                .map(|&(id, origin)| Ancestor {
                    evidence: EvidenceId(id),
                    origin: origin.map(|(sid, name)| source(sid, name)),
                })
                .collect();
            self
        }
    }

    struct Case {
        name: &'static str,
        items: Vec<LinkedEvidence>,
        status: Status,
        reasons: &'static [&'static str],
        origins: &'static [&'static [i64]],
    }

    fn cases() -> Vec<Case> {
        vec![
            Case {
                name: "empty",
                items: vec![],
                status: Status::Unverified,
                reasons: &["Unverified: no evidence is linked to the claim."],
                origins: &[],
            },
            Case {
                name: "context only",
                items: vec![context(7, "A1").from(1, "Reuters")],
                status: Status::Unverified,
                reasons: &["E7 gives context only.", "Unverified: no evidence takes a side (context only)."],
                origins: &[],
            },
            Case {
                name: "single source",
                items: vec![supports(3, "B2").from(2, "Ministry of Transport")],
                status: Status::SingleSource,
                reasons: &[
                    "E3 supports, graded B2: credible; origin Ministry of Transport (S2).",
                    "Single source: only one independent line of credible support (E3), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[3]],
            },
            Case {
                name: "corroborated, with context and no origin on one line",
                items: vec![
                    context(9, "F6"),
                    supports(2, "A1"),
                    supports(1, "B2").from(1, "Reuters"),
                ],
                status: Status::Corroborated,
                reasons: &[
                    "E1 supports, graded B2: credible; origin Reuters (S1).",
                    "E2 supports, graded A1: credible; no origin recorded.",
                    "E9 gives context only.",
                    "Corroborated: 2 independent lines of credible support (E1, E2), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1], &[2]],
            },
            Case {
                name: "disputed",
                items: vec![
                    refutes(2, "A2").from(2, "Court records"),
                    supports(1, "B2").from(1, "Ministry of Transport"),
                ],
                status: Status::Disputed,
                reasons: &[
                    "E1 supports, graded B2: credible; origin Ministry of Transport (S1).",
                    "E2 refutes, graded A2: credible; origin Court records (S2).",
                    "Disputed: credible evidence supports the claim (E1) and credible evidence refutes it (E2).",
                ],
                origins: &[&[1]],
            },
            Case {
                name: "refuted, weak support set aside",
                items: vec![
                    supports(1, "D4").from(1, "Daily Blog"),
                    refutes(2, "B1").from(3, "Census"),
                ],
                status: Status::Refuted,
                reasons: &[
                    "E1 supports but is graded D4: not credible, set aside.",
                    "E2 refutes, graded B1: credible; origin Census (S3).",
                    "Refuted: credible evidence refutes the claim (E2) and no credible evidence supports it.",
                ],
                origins: &[&[1]],
            },
            Case {
                name: "C3 is credible on both counts",
                items: vec![supports(1, "C3").from(1, "Reuters"), supports(2, "C3").from(2, "AP")],
                status: Status::Corroborated,
                reasons: &[
                    "E1 supports, graded C3: credible; origin Reuters (S1).",
                    "E2 supports, graded C3: credible; origin AP (S2).",
                    "Corroborated: 2 independent lines of credible support (E1, E2), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1], &[2]],
            },
            Case {
                name: "D3 and C4 are not credible",
                items: vec![
                    supports(1, "C3").from(1, "Reuters"),
                    supports(2, "D3").from(2, "AP"),
                    supports(3, "C4").from(3, "AFP"),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded C3: credible; origin Reuters (S1).",
                    "E2 supports but is graded D3: not credible, set aside.",
                    "E3 supports but is graded C4: not credible, set aside.",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1], &[2], &[3]],
            },
            Case {
                name: "F and 6 are not credible, so two weak lines are a single source, not corroboration",
                items: vec![supports(1, "F1").from(1, "Tipster"), supports(2, "A6").from(2, "Agency")],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports but is graded F1: not credible; origin Tipster (S1).",
                    "E2 supports but is graded A6: not credible; origin Agency (S2).",
                    "Single source: support comes only from evidence that is not credible (E1, E2 — one line \
                     each), so nothing corroborates it, and nothing credible refutes it.",
                ],
                origins: &[&[1], &[2]],
            },
            Case {
                name: "one weak tip, weakly refuted, with context",
                items: vec![
                    context(4, "A1").from(4, "Almanac"),
                    refutes(3, "E5").from(3, "Forum"),
                    supports(2, "D4"),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E2 supports but is graded D4: not credible; no origin recorded.",
                    "E3 refutes but is graded E5: not credible, set aside.",
                    "E4 gives context only.",
                    "Single source: support comes only from evidence that is not credible (E2), so nothing \
                     corroborates it, and nothing credible refutes it (E3 does, but is not credible).",
                ],
                origins: &[&[2]],
            },
            Case {
                name: "a weak line of three and a weak line of one",
                items: vec![
                    supports(5, "E5").from(2, "Forum"),
                    supports(3, "D4").from(1, "Blog").derived(&[(2, Some((1, "Blog")))]),
                    supports(2, "F6").from(1, "Blog"),
                    supports(7, "D5").derived(&[(3, Some((1, "Blog")))]),
                    refutes(8, "F6"),
                    refutes(9, "D4"),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E2 supports but is graded F6: not credible; origin Blog (S1).",
                    "E3 supports but is graded D4: not credible, set aside; same line of evidence as E2 \
                     (derived from E2).",
                    "E5 supports but is graded E5: not credible; origin Forum (S2).",
                    "E7 supports but is graded D5: not credible, set aside; same line of evidence as E2 \
                     (traces back to Blog (S1), as does E2).",
                    "E8 refutes but is graded F6: not credible, set aside.",
                    "E9 refutes but is graded D4: not credible, set aside.",
                    "Single source: support comes only from evidence that is not credible (E2, E5 — one line \
                     each), so nothing corroborates it, and nothing credible refutes it (E8, E9 do, but are \
                     not credible).",
                ],
                origins: &[&[2, 3, 7], &[5]],
            },
            Case {
                name: "C3 refutation disputes, D3 refutation does not count",
                items: vec![
                    supports(1, "A1").from(1, "Reuters"),
                    refutes(2, "C3").from(2, "AP"),
                    refutes(3, "D3").from(3, "AFP"),
                ],
                status: Status::Disputed,
                reasons: &[
                    "E1 supports, graded A1: credible; origin Reuters (S1).",
                    "E2 refutes, graded C3: credible; origin AP (S2).",
                    "E3 refutes but is graded D3: not credible, set aside.",
                    "Disputed: credible evidence supports the claim (E1) and credible evidence refutes it (E2).",
                ],
                origins: &[&[1]],
            },
            Case {
                name: "circular: two items, one origin",
                items: vec![supports(2, "B2").from(1, "Reuters"), supports(1, "A1").from(1, "Reuters")],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded A1: credible; origin Reuters (S1).",
                    "E2 set aside: same line of evidence as E1 (same origin as E1: Reuters (S1)).",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1, 2]],
            },
            Case {
                name: "derived-from chain of three, all linked",
                items: vec![
                    supports(3, "B2").from(3, "Blog").derived(&[(2, Some((2, "Daily News"))), (1, Some((1, "Ministry")))]),
                    supports(1, "B2").from(1, "Ministry"),
                    supports(2, "B2").from(2, "Daily News").derived(&[(1, Some((1, "Ministry")))]),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded B2: credible; origin Ministry (S1).",
                    "E2 set aside: same line of evidence as E1 (derived from E1).",
                    "E3 set aside: same line of evidence as E1 (derived from E1 via E2).",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1, 2, 3]],
            },
            Case {
                // The head is the lowest-numbered credible item, even when it is the copy.
                name: "the head of a line derives from a later-numbered item",
                items: vec![
                    supports(1, "A1").derived(&[(2, Some((2, "Agency")))]),
                    supports(2, "B2").from(2, "Agency"),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded A1: credible; no origin recorded.",
                    "E2 set aside: same line of evidence as E1 (E1 is derived from E2).",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1, 2]],
            },
            Case {
                name: "two items sharing an unlinked ancestor",
                items: vec![
                    supports(5, "B2").from(5, "Gazette").derived(&[(1, Some((1, "Press release")))]),
                    supports(4, "A2").from(4, "Courier").derived(&[(1, Some((1, "Press release")))]),
                    supports(6, "B3").from(6, "Radio"),
                ],
                status: Status::Corroborated,
                reasons: &[
                    "E4 supports, graded A2: credible; origin Courier (S4).",
                    "E5 set aside: same line of evidence as E4 (derived from E1, as is E4).",
                    "E6 supports, graded B3: credible; origin Radio (S6).",
                    "Corroborated: 2 independent lines of credible support (E4, E6), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[4, 5], &[6]],
            },
            Case {
                name: "an ancestor's origin is another item's origin",
                items: vec![
                    supports(1, "A1").from(1, "Ministry"),
                    supports(2, "B2").from(2, "Wire").derived(&[(8, Some((1, "Ministry")))]),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded A1: credible; origin Ministry (S1).",
                    "E2 set aside: same line of evidence as E1 (traces back to Ministry (S1), as does E1).",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1, 2]],
            },
            Case {
                name: "a weak item joins a credible line and links a third item to it",
                items: vec![
                    supports(1, "B2").from(1, "Ministry"),
                    supports(2, "E5").from(1, "Ministry").derived(&[(9, None)]),
                    supports(3, "B2").from(3, "Courier").derived(&[(9, None)]),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded B2: credible; origin Ministry (S1).",
                    "E2 supports but is graded E5: not credible, set aside; same line of evidence as E1 (same \
                     origin as E1: Ministry (S1)).",
                    "E3 set aside: same line of evidence as E1 (derived from E9, as is E2).",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it.",
                ],
                origins: &[&[1, 2, 3]],
            },
            Case {
                name: "weak refutation against strong support",
                items: vec![
                    refutes(3, "E5").from(3, "Forum"),
                    supports(1, "A1").from(1, "Reuters"),
                    supports(2, "B2").from(2, "AP"),
                ],
                status: Status::Corroborated,
                reasons: &[
                    "E1 supports, graded A1: credible; origin Reuters (S1).",
                    "E2 supports, graded B2: credible; origin AP (S2).",
                    "E3 refutes but is graded E5: not credible, set aside.",
                    "Corroborated: 2 independent lines of credible support (E1, E2), and nothing credible \
                     refutes it (E3 does, but is not credible).",
                ],
                origins: &[&[1], &[2]],
            },
            Case {
                name: "one credible line and one weak line",
                items: vec![
                    supports(1, "B2").from(1, "Reuters"),
                    supports(2, "D2").from(2, "Forum"),
                    refutes(3, "E5"),
                    refutes(4, "F6"),
                ],
                status: Status::SingleSource,
                reasons: &[
                    "E1 supports, graded B2: credible; origin Reuters (S1).",
                    "E2 supports but is graded D2: not credible, set aside.",
                    "E3 refutes but is graded E5: not credible, set aside.",
                    "E4 refutes but is graded F6: not credible, set aside.",
                    "Single source: only one independent line of credible support (E1), and nothing credible \
                     refutes it (E3, E4 do, but are not credible).",
                ],
                origins: &[&[1], &[2]],
            },
            Case {
                name: "weak refutation only",
                items: vec![refutes(6, "D4").from(1, "Forum"), context(7, "A1")],
                status: Status::Unverified,
                reasons: &[
                    "E6 refutes but is graded D4: not credible, set aside.",
                    "E7 gives context only.",
                    "Unverified: no evidence supports the claim, and nothing credible refutes it (E6 does, but \
                     is not credible).",
                ],
                origins: &[],
            },
            Case {
                name: "a refutation's provenance does not merge lines of support",
                items: vec![
                    supports(1, "A1").from(1, "Reuters"),
                    supports(2, "A1").from(2, "AP"),
                    refutes(3, "E5").from(1, "Reuters").derived(&[(2, Some((2, "AP")))]),
                ],
                status: Status::Corroborated,
                reasons: &[
                    "E1 supports, graded A1: credible; origin Reuters (S1).",
                    "E2 supports, graded A1: credible; origin AP (S2).",
                    "E3 refutes but is graded E5: not credible, set aside.",
                    "Corroborated: 2 independent lines of credible support (E1, E2), and nothing credible \
                     refutes it (E3 does, but is not credible).",
                ],
                origins: &[&[1], &[2]],
            },
        ]
    }

    #[test]
    fn table() {
        for case in cases() {
            let got = assess(&case.items);
            let origins: Vec<Vec<EvidenceId>> = case
                .origins
                .iter()
                .map(|line| line.iter().copied().map(EvidenceId).collect())
                .collect();
            assert_eq!(
                got,
                Assessment {
                    status: case.status,
                    reasons: case.reasons.iter().map(ToString::to_string).collect(),
                    origins,
                },
                "case: {}",
                case.name
            );
        }
    }

    #[test]
    fn every_status_is_covered_by_the_table() {
        let seen: Vec<Status> = cases().iter().map(|case| case.status).collect();
        for status in Status::ALL {
            assert!(seen.contains(status), "no case for {status}");
        }
    }

    fn arb_origin() -> impl Strategy<Value = Option<Origin>> {
        prop::option::weighted(0.8, 1i64..=4)
            .prop_map(|id| id.map(|id| source(id, &format!("Source {id}"))))
    }

    fn arb_grades() -> impl Strategy<Value = (Reliability, Credibility)> {
        (
            prop::sample::select(Reliability::ALL),
            prop::sample::select(Credibility::ALL),
        )
    }

    /// Up to eight linked items E1…En with ancestors drawn from E1…E12, so chains reach both linked
    /// and unlinked items. The data need not be consistent (an ancestor's origin may differ from the
    /// linked item's): the engine must stay order-independent on whatever the store hands it.
    fn arb_items() -> impl Strategy<Value = Vec<LinkedEvidence>> {
        let one = (
            prop::sample::select(Stance::ALL),
            arb_grades(),
            arb_origin(),
            prop::collection::vec((1i64..=12, arb_origin()), 0..3),
        );
        prop::collection::vec(one, 0..8).prop_map(|drawn| {
            drawn
                .into_iter()
                .zip(1i64..)
                .map(
                    |((stance, (reliability, credibility), origin, chain), id)| LinkedEvidence {
                        evidence: EvidenceId(id),
                        stance,
                        reliability,
                        credibility,
                        origin,
                        ancestors: chain
                            .into_iter()
                            .filter(|&(ancestor, _)| ancestor != id)
                            .map(|(ancestor, origin)| Ancestor {
                                evidence: EvidenceId(ancestor),
                                origin,
                            })
                            .collect(),
                    },
                )
                .collect()
        })
    }

    /// As `arb_items`, with at least one supporting item that has an origin.
    fn arb_items_with_support() -> impl Strategy<Value = Vec<LinkedEvidence>> {
        (
            arb_items(),
            arb_grades(),
            1i64..=4,
            prop::collection::vec(1i64..=12, 0..3),
        )
            .prop_map(|(mut items, (reliability, credibility), origin, chain)| {
                let id = items.len() as i64 + 1;
                items.push(LinkedEvidence {
                    evidence: EvidenceId(id),
                    stance: Stance::Supports,
                    reliability,
                    credibility,
                    origin: Some(source(origin, &format!("Source {origin}"))),
                    ancestors: chain
                        .into_iter()
                        .filter(|&ancestor| ancestor != id)
                        .map(|ancestor| Ancestor {
                            evidence: EvidenceId(ancestor),
                            origin: None,
                        })
                        .collect(),
                });
                items
            })
    }

    /// Grades that are not credible: a weak letter, a weak number, or both.
    fn arb_weak_grades() -> impl Strategy<Value = (Reliability, Credibility)> {
        let weak_letter = prop::sample::select(&Reliability::ALL[3..]);
        let weak_number = prop::sample::select(&Credibility::ALL[3..]);
        prop_oneof![
            (weak_letter, prop::sample::select(Credibility::ALL)),
            (prop::sample::select(Reliability::ALL), weak_number),
        ]
    }

    fn worse<T: Copy + PartialEq>(all: &[T], current: T, by: usize) -> T {
        let at = all.iter().position(|&x| x == current).unwrap_or(0);
        all[(at + by).min(all.len() - 1)]
    }

    proptest! {
        #[test]
        fn order_never_matters(
            (items, shuffled) in arb_items().prop_flat_map(|items| (Just(items.clone()), Just(items).prop_shuffle()))
        ) {
            let first = assess(&items);
            prop_assert_eq!(&first, &assess(&shuffled));
            prop_assert_eq!(first.reasons.len(), items.len() + 1);
            let mut in_lines: Vec<EvidenceId> = first.origins.concat();
            in_lines.sort();
            let supporting: Vec<EvidenceId> =
                items.iter().filter(|i| i.stance == Stance::Supports).map(|i| i.evidence).collect();
            prop_assert_eq!(in_lines, supporting);
        }

        #[test]
        fn an_origin_already_counted_changes_nothing(
            items in arb_items_with_support(),
            pick in any::<prop::sample::Index>(),
            (worse_reliability, worse_credibility) in (0usize..6, 0usize..6),
            same_chain in any::<bool>(),
        ) {
            let counted: Vec<&LinkedEvidence> =
                items.iter().filter(|i| i.stance == Stance::Supports && i.origin.is_some()).collect();
            let existing = *pick.get(&counted);
            let repeat = LinkedEvidence {
                evidence: EvidenceId(100),
                stance: Stance::Supports,
                reliability: worse(Reliability::ALL, existing.reliability, worse_reliability),
                credibility: worse(Credibility::ALL, existing.credibility, worse_credibility),
                origin: existing.origin.clone(),
                // Its chain, if any, is the existing item's, so it reaches nothing new.
                ancestors: if same_chain { existing.ancestors.clone() } else { Vec::new() },
            };
            let mut more = items.clone();
            more.push(repeat);
            prop_assert_eq!(assess(&items).status, assess(&more).status);
        }

        #[test]
        fn a_weak_item_with_no_origin_changes_nothing_unless_it_is_the_first_support(
            items in arb_items(),
            stance in prop::sample::select(Stance::ALL),
            (reliability, credibility) in arb_weak_grades(),
        ) {
            let weak = LinkedEvidence {
                evidence: EvidenceId(100),
                stance,
                reliability,
                credibility,
                origin: None,
                ancestors: Vec::new(),
            };
            let mut more = items.clone();
            more.push(weak);
            let (before, after) = (assess(&items).status, assess(&more).status);
            let had_support = items.iter().any(|i| i.stance == Stance::Supports);
            if stance == Stance::Supports && !had_support {
                // Rule 4: the first support of any grade makes an unverified claim a single source;
                // a refuted claim stays refuted.
                prop_assert!(matches!(before, Status::Unverified | Status::Refuted), "{before}");
                let expected = if before == Status::Unverified { Status::SingleSource } else { before };
                prop_assert_eq!(after, expected);
            } else {
                prop_assert_eq!(before, after);
            }
        }

        #[test]
        fn weak_evidence_never_corroborates_disputes_or_refutes(
            items in arb_items(),
            stance in prop::sample::select(Stance::ALL),
            (reliability, credibility) in arb_weak_grades(),
            origin in arb_origin(),
            chain in prop::collection::vec((1i64..=12, arb_origin()), 0..3),
        ) {
            // Any provenance: a weak item may merge lines of support, but never adds a credible one.
            let weak = LinkedEvidence {
                evidence: EvidenceId(100),
                stance,
                reliability,
                credibility,
                origin,
                ancestors: chain
                    .into_iter()
                    .map(|(ancestor, origin)| Ancestor { evidence: EvidenceId(ancestor), origin })
                    .collect(),
            };
            let mut more = items.clone();
            more.push(weak);
            let (before, after) = (assess(&items).status, assess(&more).status);
            if matches!(after, Status::Corroborated | Status::Disputed | Status::Refuted) {
                prop_assert_eq!(before, after);
            }
        }

        #[test]
        fn support_of_any_grade_is_never_unverified(items in arb_items()) {
            let status = assess(&items).status;
            if items.iter().any(|i| i.stance == Stance::Supports) {
                prop_assert_ne!(status, Status::Unverified);
            }
        }
    }
}
