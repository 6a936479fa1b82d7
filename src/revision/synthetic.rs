//! A long article and a revision of it with known, scattered edits, for the long-article test and the benchmark
//! (`examples/revision_bench.rs`). Deterministic; every sentence is built here from our own fragments and is unique
//! (each carries its own figure), and every one is a claim sentence to the scanner.
//!
//! Sentence `i` of the earlier text is edited by `i % 40`: 3 dropped, 11 its figure changed, 19 its attribution
//! softened to "reportedly", 27 followed by a new sentence, 35 its full stop made an exclamation mark; and every
//! 200 sentences, the three from 100 on are moved to the end of the article.

/// What should become of one sentence of the earlier text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Unchanged, in place.
    Kept,
    /// Unchanged, elsewhere.
    Moved,
    /// Reworded into this sentence.
    Reworded(String),
    /// Deleted.
    Dropped,
}

/// The two texts and what should become of each sentence of the first.
#[derive(Debug, Clone)]
pub struct Edited {
    pub before: String,
    pub after: String,
    /// Per sentence of `before`, in order: the sentence and its fate.
    pub sentences: Vec<(String, Fate)>,
    /// The sentences put in that were not there before.
    pub inserted: Vec<String>,
}

const SUBJECTS: &[&str] = &[
    "The regional water board",
    "The city council",
    "The port operator",
    "Two hospital trusts",
    "The housing agency",
    "A logistics contractor",
    "The school district",
    "The energy regulator",
    "The ferry company",
    "The police commissioner's office",
    "The transport ministry",
];
const VERBS: &[&str] = &[
    "spent",
    "paid consultants",
    "set aside",
    "borrowed",
    "lost",
    "owed its suppliers",
    "received",
];
const PURPOSES: &[&str] = &[
    "on pipe repairs",
    "for a new ticketing system",
    "to settle overtime claims",
    "on temporary staff",
    "for flood defences",
    "to cover unpaid rent",
    "on legal fees",
    "for school meals",
    "on bridge inspections",
];
const PLACES: &[&str] = &[
    "in Alderhaven",
    "in Brightmoor",
    "in Castleford Bay",
    "in Dunmere",
    "in Eastwick",
    "in Fallowmead",
    "in Greyport",
    "in Hollin",
    "across the northern district",
    "on the Riverside estate",
    "at the old harbour",
    "along the coast road",
    "in the market town",
];
const WHEN: &[&str] = &[
    "last year",
    "in the spring",
    "over two winters",
    "since March",
    "in the first quarter",
];
const SOURCES: &[&str] = &[
    ", the ministry said",
    ", according to court filings",
    ", officials familiar with the accounts said",
    "",
    ", the Northern Courier reported",
    ", its annual report shows",
];

fn sentence(i: usize, figure: usize, softened: bool) -> String {
    let source = if softened {
        ""
    } else {
        SOURCES[i % SOURCES.len()]
    };
    let verb = VERBS[(i / 3) % VERBS.len()];
    let verb = if softened {
        format!("reportedly {verb}")
    } else {
        verb.to_string()
    };
    format!(
        "{} {verb} {}.{} million crowns {} {} {}{source}.",
        SUBJECTS[i % SUBJECTS.len()],
        figure / 10,
        figure % 10,
        PURPOSES[(i / 2) % PURPOSES.len()],
        PLACES[(i * 7) % PLACES.len()],
        WHEN[(i / 5) % WHEN.len()],
    )
}

fn inserted(i: usize) -> String {
    format!(
        "Auditors {} found {} unanswered complaints about the work {}.",
        PLACES[(i * 3) % PLACES.len()],
        10_000 + i,
        WHEN[(i / 7) % WHEN.len()],
    )
}

/// An article of `n` sentences in paragraphs of four, and its revision.
pub fn edited(n: usize) -> Edited {
    let figure = |i: usize| 100 + i * 10 + i % 7;
    let mut before = String::new();
    let mut after_parts: Vec<String> = Vec::new();
    let mut moved: Vec<String> = Vec::new();
    let mut sentences = Vec::with_capacity(n);
    let mut inserted_all = Vec::new();
    for i in 0..n {
        let original = sentence(i, figure(i), false);
        if i > 0 {
            before.push_str(if i % 4 == 0 { "\n\n" } else { " " });
        }
        before.push_str(&original);
        let fate = if i % 200 >= 100 && i % 200 < 103 {
            moved.push(original.clone());
            Fate::Moved
        } else {
            match i % 40 {
                3 => Fate::Dropped,
                11 => {
                    let new = sentence(i, figure(i) + 3, false);
                    after_parts.push(new.clone());
                    Fate::Reworded(new)
                }
                19 => {
                    let new = sentence(i, figure(i), true);
                    after_parts.push(new.clone());
                    Fate::Reworded(new)
                }
                35 => {
                    let new = format!("{}!", original.trim_end_matches('.'));
                    after_parts.push(new.clone());
                    Fate::Reworded(new)
                }
                27 => {
                    after_parts.push(original.clone());
                    let extra = inserted(i);
                    after_parts.push(extra.clone());
                    inserted_all.push(extra);
                    Fate::Kept
                }
                _ => {
                    after_parts.push(original.clone());
                    Fate::Kept
                }
            }
        };
        sentences.push((original, fate));
    }
    after_parts.extend(moved);
    let mut after = String::new();
    for (k, part) in after_parts.iter().enumerate() {
        if k > 0 {
            after.push_str(if k % 4 == 0 { "\n\n" } else { " " });
        }
        after.push_str(part);
    }
    Edited {
        before,
        after,
        sentences,
        inserted: inserted_all,
    }
}
