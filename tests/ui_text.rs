//! Every text a view shows comes from the translation table (`i18n`), so
//! it exists in both languages. This reads every source under `src/` but
//! the table itself (`i18n.rs`, `i18n/`): views, and what they show from
//! the journal, the configuration and the transport. It fails on an
//! English sentence written straight into the code, or in a user-visible
//! attribute (`title`, `aria-label`, `placeholder`, `alt`, `label`).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Literals that are not language: the product's name, and commands a
/// user copies as they are.
const NOT_LANGUAGE: &[&str] = &["Shipshape", "docker pull "];

/// English left in place on purpose, by file and literal, with why. An
/// entry that no longer matches fails the test, so the list stays short.
const ALLOWED: &[(&str, &str, &str)] = &[
    // After a panic the app no longer runs, so the notice cannot follow the
    // language setting: it says everything in both languages at once.
    (
        "crash.rs",
        "Nothing was deleted by this.",
        "both languages side by side",
    ),
    // A panic's message is the program's own report for a bug report
    // (`tests/faults.rs` triggers this one on purpose), not UI words.
    (
        "crash.rs",
        "panic test requested",
        "the test hook's panic message",
    ),
];

const SHOWN_ATTRIBUTES: &[&str] = &["title", "aria-label", "placeholder", "alt", "label"];

/// `"…"` literals of one line, with what comes right before and after each.
fn literals(line: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip char literals such as '"'.
        if b[i] == b'\'' && i + 2 < b.len() && b[i + 2] == b'\'' {
            i += 3;
            continue;
        }
        if b[i] == b'"' {
            let before = line[..i].trim_end().to_string();
            let mut j = i + 1;
            let mut lit = String::new();
            while j < b.len() && b[j] != b'"' {
                if b[j] == b'\\' && j + 1 < b.len() {
                    j += 1;
                }
                lit.push(b[j] as char);
                j += 1;
            }
            let after = line
                .get(j + 1..)
                .unwrap_or_default()
                .trim_start()
                .to_string();
            out.push((before, lit, after));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn is_english(lit: &str) -> bool {
    let words: Vec<&str> = lit
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect();
    let two_words = lit.split(' ').collect::<Vec<_>>().windows(2).any(|w| {
        w.iter()
            .all(|x| x.len() >= 2 && x.chars().all(|c| c.is_ascii_alphabetic()))
    });
    let capitalised_word = words.len() == 1
        && lit.trim() == words[0]
        && words[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
        && words[0].chars().skip(1).all(|c| c.is_ascii_lowercase());
    two_words || capitalised_word
}

fn problems_in(path: &Path, out: &mut Vec<String>, allowed_used: &mut [bool]) {
    let source = std::fs::read_to_string(path).unwrap();
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    for (n, line) in code.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        for (before, lit, after) in literals(line) {
            if NOT_LANGUAGE.iter().any(|ok| lit.starts_with(ok)) {
                continue;
            }
            if let Some(i) = ALLOWED
                .iter()
                .position(|(file, start, _)| path.ends_with(file) && lit.starts_with(start))
            {
                if let Some(used) = allowed_used.get_mut(i) {
                    *used = true;
                }
                continue;
            }
            // Compared with, or a `match` pattern (a key name, a state), or
            // an HTTP header's name: never shown.
            let compared =
                before.ends_with("==") || before.ends_with("!=") || before.ends_with(".header(");
            let pattern =
                after.starts_with("=>") || after.starts_with("if ") || after.starts_with('|');
            if compared || pattern {
                continue;
            }
            let attribute = before
                .strip_suffix('=')
                .map(|b| b.rsplit([' ', '<']).next().unwrap_or_default().to_string());
            let shown = match &attribute {
                Some(name) => SHOWN_ATTRIBUTES.contains(&name.as_str()),
                None => true,
            };
            // Examples in placeholders (`team/*`, a URL) are not language.
            if shown && is_english(&lit) {
                out.push(format!("{}:{}: \"{lit}\"", path.display(), n + 1));
            }
        }
    }
}

#[test]
fn views_take_every_text_from_the_translation_table() {
    /// Every `.rs` under `dir`, but the translation table.
    fn sources(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with("i18n") || path.ends_with("i18n.rs") {
                continue;
            }
            if path.is_dir() {
                sources(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    for covered in [
        "pages/catalog.rs",
        "header.rs",
        "deletes/journal.rs",
        "config.rs",
        "transport.rs",
    ] {
        assert!(files.contains(&root.join(covered)), "{covered} is read");
    }
    let mut problems = Vec::new();
    let mut allowed_used = vec![false; ALLOWED.len()];
    for f in &files {
        problems_in(f, &mut problems, &mut allowed_used);
    }
    assert!(
        problems.is_empty(),
        "English written into views (add it to i18n::text or i18n::phrase):\n{}",
        problems.join("\n")
    );
    let stale: Vec<_> = ALLOWED
        .iter()
        .zip(&allowed_used)
        .filter(|(_, used)| !**used)
        .map(|(entry, _)| entry)
        .collect();
    assert!(stale.is_empty(), "allowed, but no longer there: {stale:?}");
}

#[test]
fn the_check_finds_english_in_views_and_attributes() {
    let dir = std::env::temp_dir().join(format!("ui-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("view.rs");
    std::fs::write(
        &file,
        "view! { <p class=\"muted small\">\"Try again\"</p> }\n\
         view! { <button title=\"Copy digest\" data-testid=\"copy\">{t(X)}</button> }\n\
         // \"A comment is fine\"\n\
         let label = \"Shipshape\";\n\
         view! { <b>\"Cancelled\"</b> }\n\
         match key { \"Escape\" => {} \"Tab\" if shift => {} _ => {} }\n\
         if ev.key() == \"Escape\" {}\n\
         builder = builder.header(\"Authorization\", token);\n",
    )
    .unwrap();
    let mut problems = Vec::new();
    problems_in(&file, &mut problems, &mut []);
    std::fs::remove_dir_all(&dir).unwrap();
    let found: Vec<&str> = problems
        .iter()
        .map(|p| p.rsplit(": ").next().unwrap())
        .collect();
    assert_eq!(
        found,
        vec!["\"Try again\"", "\"Copy digest\"", "\"Cancelled\""],
        "{problems:?}"
    );
}
