//! The README's tour, run as written: each `$ claimtrack …` line of its examples in a fresh folder holding the
//! repository's `story.txt`, each printed output compared whole with what the tour shows. A line with a `#` note
//! and no output under it is only run.

use std::path::Path;
use std::process::Command;

/// The words of one command line, as a POSIX shell splits them (double and single quotes), up to a `#` note.
/// Returns the words and whether a note followed.
fn words(line: &str) -> (Vec<String>, bool) {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let text = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    text.push(q);
                }
            }
            '#' if word.is_none() => {
                return (words, true);
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    (words, false)
}

/// The tour's steps: each command line with the output it shows (`None`: not shown).
fn tour(readme: &str) -> Vec<(String, Option<String>)> {
    let start = readme
        .find("\n## A short tour\n")
        .expect("the README has a tour");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let mut steps: Vec<(String, Vec<&str>)> = Vec::new();
    let mut in_block = false;
    for line in rest[..end].lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        match line.strip_prefix("$ ") {
            Some(command) => steps.push((command.to_string(), Vec::new())),
            None => {
                let step = steps.last_mut().expect("output follows a command");
                step.1.push(line);
            }
        }
    }
    steps
        .into_iter()
        .map(|(command, output)| {
            let (_, noted) = words(&command);
            let shown = if output.is_empty() && noted {
                None
            } else {
                Some(output.iter().map(|l| format!("{l}\n")).collect())
            };
            (command, shown)
        })
        .collect()
}

#[test]
fn the_readme_tour_runs_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("the README");
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::copy(root.join("story.txt"), dir.path().join("story.txt"))
        .expect("story.txt is in the repository");
    let binary = assert_cmd::cargo::cargo_bin("claimtrack");
    let mut env: Vec<(String, String)> = Vec::new();
    let steps = tour(&readme);
    assert!(steps.len() > 10, "the tour has {} steps", steps.len());
    for (line, shown) in steps {
        let (words, _) = words(&line);
        match words.first().map(String::as_str) {
            Some("export") => {
                let (name, value) = words[1].split_once('=').expect("NAME=VALUE");
                env.push((name.to_string(), value.to_string()));
            }
            Some("claimtrack") => {
                let mut command = Command::new(&binary);
                command
                    .args(&words[1..])
                    .current_dir(dir.path())
                    .env_remove("CLAIMTRACK_DB")
                    .env_remove("CLAIMTRACK_NOW")
                    .env_remove("CLAIMTRACK_TERMINAL")
                    .envs(env.iter().map(|(k, v)| (k, v)));
                let output = command.output().expect("claimtrack ran");
                let stdout = String::from_utf8_lossy(&output.stdout);
                assert!(
                    output.status.success(),
                    "`{line}` failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                if let Some(shown) = shown {
                    assert_eq!(stdout, shown, "`{line}` printed something else");
                }
            }
            other => panic!("the tour runs only claimtrack and export, not {other:?}: `{line}`"),
        }
    }
}

#[test]
fn command_lines_split_as_a_shell_splits_them() {
    assert_eq!(
        words(r#"claimtrack add --title "Dock fees" --by 'a b'   # a note"#),
        (
            ["claimtrack", "add", "--title", "Dock fees", "--by", "a b"]
                .map(String::from)
                .to_vec(),
            true
        )
    );
    assert_eq!(
        words("export X=y"),
        (vec!["export".to_string(), "X=y".to_string()], false)
    );
}
