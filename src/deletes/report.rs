//! A run's report as the page shows and hands it out: [`RunItem`] (one
//! digest, as the run view shows it and the journal keeps it), its words in
//! the page's language, the text to copy and the JSON download (the core's
//! `RunReport`, the format the command line writes too).

use super::runs::Run;
use crate::i18n::{phrase, text, Lang};
use crate::registry::engine::ItemReport;
use crate::registry::report::{ReportItem, RunReport, SENDING};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One digest of a run: the core's report item, and for a record an older
/// journal kept without facts, the words it kept instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunItem {
    #[serde(flatten)]
    pub item: ReportItem,
    /// Only in records written before the journal kept facts (IndexedDB
    /// version 3): the outcome in both languages, as then written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Said>,
}

/// An outcome in words, as journals before version 4 kept it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

impl RunItem {
    /// The engine's report of a digest of repository `repo`.
    pub fn of(repo: &str, report: &ItemReport) -> Self {
        RunItem {
            item: ReportItem::of(repo, report),
            said: None,
        }
    }

    /// The stable name of the outcome (`deleted`, `sending`, `moved`, …).
    pub fn kind(&self) -> &str {
        &self.item.outcome
    }

    /// It went (now or before).
    pub fn is_gone(&self) -> bool {
        self.item.is_gone()
    }

    /// Nothing is known about whether it went (a record without facts by
    /// its name).
    pub fn is_unknown(&self) -> bool {
        match &self.item.facts {
            Some(_) => self.item.is_unknown(),
            None => matches!(
                self.item.outcome.as_str(),
                SENDING | "unknown" | "deleted-unchecked"
            ),
        }
    }

    /// The outcome in words, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match (&self.item.facts, &self.said) {
            (Some(outcome), _) => phrase::outcome(lang, outcome),
            (None, Some(said)) => match lang {
                Lang::Zh if !said.zh.is_empty() => said.zh.clone(),
                _ => said.en.clone(),
            },
            (None, None) => text::SENT_NO_OUTCOME.get(lang).to_string(),
        }
    }
}

/// The report as text to copy: one line per digest, tab-separated
/// (repository, outcome kind, digest, tags, the outcome in words in `lang`).
pub fn report_text(items: &[RunItem], lang: Lang) -> String {
    items
        .iter()
        .map(|i| {
            format!(
                "{}\t{}\t{}\t{}\t{}\n",
                i.item.repository,
                i.kind(),
                i.item.digest,
                i.item.tags.join(" "),
                i.words(lang)
            )
        })
        .collect()
}

/// The run as the command line's JSON report (`shipshape-report`), each
/// outcome also in words in `lang`.
pub fn report_json(run: &Run, lang: Lang) -> String {
    let items: Vec<ReportItem> = run.reports.with_untracked(|r| {
        r.iter()
            .map(|i| ReportItem {
                detail: i.words(lang),
                ..i.item.clone()
            })
            .collect()
    });
    let mut report = RunReport::new(
        "page",
        &run.registry,
        (run.started_at / 1000.0) as i64,
        run.total,
        items,
    );
    report.run = Some(run.id.clone());
    report.interrupted = run.cancelling.get_untracked();
    report.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::digest::Digest;
    use crate::registry::engine::Outcome;
    use crate::registry::error::RegistryError;

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn the_report_names_every_outcome_in_a_line_in_the_pages_language() {
        let items = vec![
            RunItem::of(
                "team/app",
                &ItemReport {
                    digest: d(1),
                    tags: s(&["a", "b"]),
                    outcome: Outcome::Deleted,
                },
            ),
            RunItem::of(
                "team/app",
                &ItemReport {
                    digest: d(2),
                    tags: s(&["c"]),
                    outcome: Outcome::Unknown(RegistryError::Timeout {
                        url: "u".into(),
                        seconds: 300,
                    }),
                },
            ),
        ];
        let text = report_text(&items, Lang::En);
        assert!(
            text.starts_with(&format!("team/app\tdeleted\t{}\ta b\t", d(1))),
            "{text}"
        );
        assert!(text.contains(&format!("unknown\t{}\tc\t", d(2))), "{text}");
        assert_eq!(text.lines().count(), 2);
        let zh = report_text(&items, Lang::Zh);
        for (line, item) in zh.lines().zip(&items) {
            let words = line.rsplit('\t').next().unwrap();
            assert_eq!(
                words,
                phrase::outcome(Lang::Zh, item.item.facts.as_ref().unwrap())
            );
            assert_ne!(
                words,
                item.words(Lang::En),
                "the Chinese report says it in Chinese"
            );
        }
    }
}
