//! A synthetic desk for tests and benchmarks: articles of news-like text whose sentences carry every attribution
//! strength, claims with their spans, evidence with shared origins and derived-from chains, links of each stance,
//! and verdicts. Deterministic for a seed, so figures and round trips can be repeated.

use crate::desk::{
    ArticleFile, ClaimEntry, ClaimsFile, EvidenceEntry, LinkEntry, SourceEntry, VerdictEntry,
};
use crate::model::{Confidence, Credibility, Rating, Reliability, SourceKind, Stance, Strength};

/// A small, fast pseudo-random sequence (xorshift64*); quality is ample for making up text.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "Alderhaven",
    "Brightmoor",
    "Castleford Bay",
    "Dunmere",
    "Eastwick",
    "Fallowmead",
    "Greyport",
    "Hollin",
];
const SUBJECTS: &[&str] = &[
    "the regional water board",
    "the city council",
    "the port operator",
    "two hospital trusts",
    "the transport ministry",
    "a logistics contractor",
    "the school district",
    "the housing agency",
    "the police commissioner",
    "the energy regulator",
];
const ACTIONS: &[&str] = &[
    "overstated its spending on repairs by 4.5 million crowns",
    "delayed the safety inspections for eight months",
    "paid consultants twice for the same report",
    "cut night staffing at three sites",
    "missed its own emissions target",
    "awarded the contract without a tender",
    "lost records of 1,200 complaints",
    "raised fees by 18 percent in one year",
];
const NAMED: &[&str] = &[
    "Maria Lind",
    "Tomas Okafor",
    "the Ministry of Health",
    "Dr. Ruth Keller",
    "the mayor's office",
    "Ahmed Saleh",
];
const OUTLETS: &[&str] = &[
    "the Northern Courier",
    "Harbour Weekly",
    "the Evening Ledger",
    "Radio Fallowmead",
];
const DOCUMENTS: &[&str] = &[
    "a 2025 audit by the national audit office",
    "court filings",
    "budget records",
    "an internal review",
];
const ANONYMOUS: &[&str] = &[
    "Sources familiar with the matter",
    "Two officials who spoke on condition of anonymity",
    "People with knowledge of the plans",
    "Critics",
];
const ORIGINS: &[(&str, SourceKind, Reliability)] = &[
    (
        "National Audit Office",
        SourceKind::Organisation,
        Reliability::A,
    ),
    ("Regional Court", SourceKind::Document, Reliability::A),
    ("Northern Courier", SourceKind::Media, Reliability::C),
    ("Harbour Weekly", SourceKind::Media, Reliability::D),
    (
        "Ministry of Health",
        SourceKind::Organisation,
        Reliability::B,
    ),
    ("Desk interviews", SourceKind::Other, Reliability::B),
    ("Anonymous tip line", SourceKind::Anonymous, Reliability::E),
];

/// One sentence in the voice of a strength, and the source and cue a fact-checker would log with it.
fn sentence(dice: &mut Dice, strength: Strength) -> (String, Option<String>, Option<String>) {
    let subject = dice.pick(SUBJECTS);
    let action = dice.pick(ACTIONS);
    let place = dice.pick(PLACES);
    match strength {
        Strength::OnRecord => {
            let who = dice.pick(NAMED);
            (
                format!("In {place}, {subject} {action}, {who} said on Tuesday."),
                Some(who.to_string()),
                Some("said".into()),
            )
        }
        Strength::Document => {
            let doc = dice.pick(DOCUMENTS);
            (
                format!("According to {doc}, {subject} in {place} {action}."),
                Some(doc.to_string()),
                Some("according to".into()),
            )
        }
        Strength::Anonymous => {
            let who = dice.pick(ANONYMOUS);
            (
                format!("{who} said {subject} in {place} {action}."),
                Some(who.to_string()),
                Some("said".into()),
            )
        }
        Strength::Reported => {
            let outlet = dice.pick(OUTLETS);
            let first = outlet[..1].to_uppercase() + &outlet[1..];
            (
                format!("{first} reported that {subject} in {place} {action}."),
                Some(outlet.to_string()),
                Some("reported".into()),
            )
        }
        Strength::Hedged => (
            format!("In {place}, {subject} allegedly {action}."),
            None,
            Some("allegedly".into()),
        ),
        Strength::Unattributed => (
            format!("In {place}, {subject} {action} last year."),
            None,
            None,
        ),
    }
}

/// How the desk id of a generated desk begins (`generated-SEED-CLAIMS-ARTICLES`): `generate` replaces the stories
/// of such a desk only.
pub const GENERATED: &str = "generated-";

/// A desk of `claims` claims spread over `articles` articles: `(key, article file, claims file)` for each.
pub fn desk(claims: usize, articles: usize, seed: u64) -> Vec<(String, ArticleFile, ClaimsFile)> {
    let articles = articles.clamp(1, claims.max(1));
    let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = Vec::with_capacity(articles);
    let mut evidence_count = 0usize;
    let mut claim_count = 0usize;
    for a in 0..articles {
        let key = format!("story-{:06}", a + 1);
        let in_this = claims / articles + usize::from(a < claims % articles);
        let mut body = String::new();
        let mut file = ClaimsFile {
            article: key.clone(),
            // Two generated desks share their keys; their desk ids keep them apart on import.
            desk: Some(format!("{GENERATED}{seed}-{claims}-{articles}")),
            ..Default::default()
        };
        let mut used_origins = std::collections::BTreeSet::new();
        let mut article_evidence: Vec<String> = Vec::new();
        for c in 0..in_this {
            claim_count += 1;
            let strength = Strength::ALL[dice.below(Strength::ALL.len())];
            let (text, source, cue) = sentence(&mut dice, strength);
            if c > 0 {
                body.push_str(if c % 4 == 0 { "\n\n" } else { " " });
            }
            let start = body.len();
            body.push_str(&text);
            let claim_key = format!("c{}", c + 1);
            file.claims.push(ClaimEntry {
                key: claim_key.clone(),
                text: text.clone(),
                span: Some([start, body.len()]),
                source,
                source_kind: None,
                cue,
                strength: Some(strength),
                response: None,
            });
            // About half the claims get evidence; some share items, some get a repeat of an earlier item.
            let links = [0, 0, 1, 1, 2, 3][dice.below(6)];
            for _ in 0..links {
                let reuse = !article_evidence.is_empty() && dice.below(3) == 0;
                let evidence_key = if reuse {
                    article_evidence[dice.below(article_evidence.len())].clone()
                } else {
                    evidence_count += 1;
                    let key = format!("e{evidence_count}");
                    let (origin, _, _) = ORIGINS[dice.below(ORIGINS.len())];
                    used_origins.insert(origin);
                    let derived_from = (!article_evidence.is_empty() && dice.below(4) == 0)
                        .then(|| article_evidence[dice.below(article_evidence.len())].clone());
                    file.evidence.push(EvidenceEntry {
                        key: key.clone(),
                        title: format!("{origin}: material on {}", dice.pick(SUBJECTS)),
                        url: Some(format!("https://example.org/evidence/{evidence_count}")),
                        archived_url: None,
                        retrieved: None,
                        origin: Some(origin.to_string()),
                        derived_from,
                        reliability: None,
                        credibility: Some(Credibility::ALL[dice.below(4)]),
                        sha256: None,
                        notes: None,
                    });
                    article_evidence.push(key.clone());
                    key
                };
                if file
                    .links
                    .iter()
                    .any(|l| l.claim == claim_key && l.evidence == evidence_key)
                {
                    continue;
                }
                let stance = [
                    Stance::Supports,
                    Stance::Supports,
                    Stance::Supports,
                    Stance::Refutes,
                    Stance::Context,
                ][dice.below(5)];
                file.links.push(LinkEntry {
                    claim: claim_key.clone(),
                    evidence: evidence_key,
                    stance,
                    note: None,
                });
            }
            if dice.below(5) == 0 {
                file.verdicts.push(VerdictEntry {
                    claim: claim_key,
                    rating: Rating::ALL[dice.below(Rating::ALL.len())],
                    rationale: "Checked against the records the desk holds.".to_string(),
                    confidence: Confidence::ALL[dice.below(3)],
                    by: "generator".to_string(),
                    at: format!("2026-10-{:02}T09:00:00Z", 1 + dice.below(28)),
                    summary: None,
                    revision: None,
                    on_earlier_text: false,
                });
            }
        }
        body.push('\n');
        // Export writes links of a claim in evidence-key order; keep the generated file in the same order.
        file.links.sort_by_cached_key(|l| {
            let claim: usize = l.claim[1..].parse().unwrap_or(0);
            (claim, l.evidence.len(), l.evidence.clone())
        });
        file.sources = ORIGINS
            .iter()
            .filter(|(name, _, _)| used_origins.contains(name))
            .map(|(name, kind, reliability)| SourceEntry {
                name: name.to_string(),
                kind: *kind,
                reliability: Some(*reliability),
            })
            .collect();
        let article = ArticleFile {
            title: format!(
                "{} under scrutiny in {}",
                capitalise(dice.pick(SUBJECTS)),
                dice.pick(PLACES)
            ),
            outlet: Some("The Example Ledger".to_string()),
            url: Some(format!("https://example.org/news/{key}")),
            published: Some(format!(
                "2026-{:02}-{:02}",
                1 + dice.below(12),
                1 + dice.below(28)
            )),
            author: Some("Desk Generator".to_string()),
            desk: None,
            body,
        };
        out.push((key, article, file));
    }
    debug_assert_eq!(claim_count, claims);
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_desks_are_deterministic_and_consistent() {
        let one = desk(200, 7, 42);
        assert_eq!(one.len(), 7);
        assert_eq!(
            one.iter().map(|(_, _, f)| f.claims.len()).sum::<usize>(),
            200
        );
        for (_, article, file) in &one {
            for claim in &file.claims {
                let [start, end] = claim.span.unwrap();
                assert_eq!(&article.body[start..end], claim.text);
            }
        }
        let strengths: std::collections::BTreeSet<_> = one
            .iter()
            .flat_map(|(_, _, f)| f.claims.iter().map(|c| c.strength))
            .collect();
        assert_eq!(strengths.len(), 6);
        assert_eq!(desk(200, 7, 42).len(), one.len());
        assert_eq!(desk(200, 7, 42)[3].2, one[3].2);
        assert_ne!(desk(200, 7, 43)[3].2, one[3].2);
    }
}
