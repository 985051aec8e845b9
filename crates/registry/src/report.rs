//! The run report: what a delete run did to every digest, as facts. One
//! format for everything that reports a run: the command line (`--report`,
//! `--json`), the page's live runs and its downloads, and the journal's
//! records of a digest.
//!
//! ```json
//! { "format": "shipshape-report", "version": 1, "command": "apply",
//!   "registry": "https://registry.example.com", "dry_run": false,
//!   "plan_made_at": 1788256800, "started_at": 1788260000, "finished_at": 1788260012,
//!   "interrupted": false, "exit_code": 1,
//!   "totals": { "planned": 3, "gone": 2, "not_gone": 1, "unknown": 0 },
//!   "items": [ { "repository": "team/app", "digest": "sha256:…", "tags": ["v1"],
//!                "outcome": "deleted", "facts": { "kind": "deleted" },
//!                "detail": "deleted" } ] }
//! ```
//!
//! `outcome` is the engine's stable name ([`Outcome::kind`]: `deleted`,
//! `already-gone`, `gone-after-check`, `deleted-unchecked`, `unknown`,
//! `failed`, `not-sent`, `moved-onto`, `new-tag`, `moved`, `blocked`, …);
//! in a dry run `would-delete` or the stop a run would meet now; `sending`
//! in the journal between the intent and the answer. `facts` is the
//! [`Outcome`] itself, tagged by kind. `detail` is the outcome in words, in
//! the reader's language, added by whoever shows the report (never by this
//! crate; the journal keeps none).

use crate::digest::Digest;
use crate::engine::{ItemReport, Outcome, Stop, Target};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "shipshape-report";
pub const VERSION: u32 = 1;

/// The `outcome` of a dry run's digest that would be deleted now.
pub const WOULD_DELETE: &str = "would-delete";
/// The `outcome` of a digest whose DELETE is sent (or about to be) and
/// whose answer is not known yet.
pub const SENDING: &str = "sending";

/// A whole run.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RunReport {
    pub format: String,
    pub version: u32,
    /// What ran it: the command line's command (`apply`, `rm`, …), or
    /// `page` for a run started in the page.
    pub command: String,
    /// The page's id of the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    pub registry: String,
    pub dry_run: bool,
    pub plan_made_at: Option<i64>,
    /// Seconds since the epoch.
    pub started_at: i64,
    /// Seconds since the epoch; `None` while the run goes on (and in the
    /// page, which does not record it).
    pub finished_at: Option<i64>,
    pub interrupted: bool,
    /// The command line's exit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    pub totals: Totals,
    pub items: Vec<ReportItem>,
}

impl RunReport {
    /// A report of `items` with their totals (`planned` digests in all).
    pub fn new(
        command: &str,
        registry: &str,
        started_at: i64,
        planned: usize,
        items: Vec<ReportItem>,
    ) -> Self {
        RunReport {
            format: FORMAT.to_string(),
            version: VERSION,
            command: command.to_string(),
            run: None,
            registry: registry.to_string(),
            dry_run: false,
            plan_made_at: None,
            started_at,
            finished_at: None,
            interrupted: false,
            exit_code: None,
            totals: Totals::of(planned, &items),
            items,
        }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// What a run came to, counted as [`crate::engine::tally`] counts.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub planned: usize,
    pub gone: usize,
    pub not_gone: usize,
    pub unknown: usize,
}

impl Totals {
    /// The totals of `items` (a dry run's count nothing gone or kept).
    pub fn of(planned: usize, items: &[ReportItem]) -> Self {
        let mut t = Totals {
            planned,
            ..Totals::default()
        };
        for i in items.iter().filter(|i| !i.would) {
            if i.is_gone() {
                t.gone += 1;
            } else if i.is_unknown() {
                t.unknown += 1;
            } else {
                t.not_gone += 1;
            }
        }
        t
    }
}

/// One digest of a run.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ReportItem {
    pub repository: String,
    pub digest: Digest,
    pub tags: Vec<String>,
    /// The stable name of what happened (see the module documentation).
    pub outcome: String,
    /// What happened, with its facts; `None` while it is being sent, and
    /// in a dry run for a digest that would be deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Outcome>,
    /// A dry run's verdict: nothing was sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub would: bool,
    /// The outcome in words, in the reader's language (see the module
    /// documentation); empty where it is kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl ReportItem {
    /// A digest's outcome in repository `repository`.
    pub fn of(repository: &str, report: &ItemReport) -> Self {
        ReportItem {
            repository: repository.to_string(),
            digest: report.digest.clone(),
            tags: report.tags.clone(),
            outcome: report.outcome.kind().to_string(),
            facts: Some(report.outcome.clone()),
            would: false,
            detail: String::new(),
        }
    }

    /// Right before its DELETE: sent, answer not known yet.
    pub fn sending(repository: &str, target: &Target) -> Self {
        ReportItem {
            repository: repository.to_string(),
            digest: target.digest.clone(),
            tags: target.tags.clone(),
            outcome: SENDING.to_string(),
            facts: None,
            would: false,
            detail: String::new(),
        }
    }

    /// A dry run's verdict on `target`: deleted now, or stopped by `stop`.
    pub fn would(repository: &str, target: &Target, stop: Option<Stop>) -> Self {
        ReportItem {
            repository: repository.to_string(),
            digest: target.digest.clone(),
            tags: target.tags.clone(),
            outcome: stop.as_ref().map_or(WOULD_DELETE, Stop::kind).to_string(),
            facts: stop.map(Outcome::Stopped),
            would: true,
            detail: String::new(),
        }
    }

    /// The engine's report again (`None` while it is being sent, and for a
    /// dry run's verdict).
    pub fn item_report(&self) -> Option<ItemReport> {
        let outcome = self.facts.clone().filter(|_| !self.would)?;
        Some(ItemReport {
            digest: self.digest.clone(),
            tags: self.tags.clone(),
            outcome,
        })
    }

    /// It went (now or before).
    pub fn is_gone(&self) -> bool {
        !self.would && self.facts.as_ref().is_some_and(Outcome::is_gone)
    }

    /// Nothing is known about whether it went: sent without an answer, or
    /// an outcome the engine calls unknown.
    pub fn is_unknown(&self) -> bool {
        !self.would
            && match &self.facts {
                Some(o) => o.is_unknown(),
                None => self.outcome == SENDING,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RegistryError;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    fn every_outcome() -> Vec<Outcome> {
        let e = RegistryError::Timeout {
            url: "http://r/v2/app/manifests/x".into(),
            seconds: 30,
        };
        vec![
            Outcome::Deleted,
            Outcome::DeletedUnchecked(e.clone()),
            Outcome::StillPresent {
                tag: Some("v1".into()),
            },
            Outcome::StillPresent { tag: None },
            Outcome::AlreadyGone,
            Outcome::GoneAfterCheck,
            Outcome::Unknown(RegistryError::Cancelled),
            Outcome::Unknown(RegistryError::Server {
                status: 502,
                message: "bad gateway".into(),
                proxy_page: Some("502 Bad Gateway".into()),
            }),
            Outcome::Stopped(Stop::TagListUnreadable(e.clone())),
            Outcome::Stopped(Stop::TagUnresolvable {
                tag: "t".into(),
                error: RegistryError::DeleteDisabled,
            }),
            Outcome::Stopped(Stop::NewTag { tag: "t".into() }),
            Outcome::Stopped(Stop::MovedOnto { tag: "t".into() }),
            Outcome::Stopped(Stop::MovedAway {
                tag: "t".into(),
                now: d(3),
            }),
            Outcome::Stopped(Stop::Blocked {
                parents: vec![("multi".into(), d(4))],
            }),
            Outcome::Stopped(Stop::ParentNotGone { parent: d(4) }),
            Outcome::Stopped(Stop::NotRecorded {
                why: crate::error::RecordFailure::Quota,
            }),
            Outcome::Failed(RegistryError::TokenServer {
                realm: "https://auth/token".into(),
                failure: crate::error::TokenFailure::NotAToken {
                    flaw: crate::error::TokenAnswerFlaw::NotAnObject,
                },
            }),
            Outcome::Stopped(Stop::Protected {
                tag: "latest".into(),
                pattern: "latest".into(),
            }),
            Outcome::Failed(RegistryError::Unauthorized {
                challenges: vec![crate::auth::Challenge::Basic {
                    realm: Some("r".into()),
                }],
            }),
            Outcome::Failed(RegistryError::NotFound {
                code: Some(crate::error::ErrorCode::Other("ODD".into())),
                message: "m".into(),
            }),
            Outcome::NotSent,
            Outcome::KeptAfterCheck,
        ]
    }

    /// Every outcome is kept with its facts and read back as it was,
    /// tagged by the kind the engine names it with.
    #[test]
    fn every_outcome_is_kept_with_its_facts() {
        for o in every_outcome() {
            let item = ReportItem::of(
                "team/app",
                &ItemReport {
                    digest: d(1),
                    tags: vec!["v1".into()],
                    outcome: o.clone(),
                },
            );
            let json = serde_json::to_value(&item).unwrap();
            assert_eq!(json["outcome"], o.kind(), "{json}");
            match &o {
                Outcome::Stopped(s) => {
                    assert_eq!(json["facts"]["kind"], "stopped");
                    assert_eq!(json["facts"]["stop"], s.kind(), "{json}");
                }
                _ => assert_eq!(json["facts"]["kind"], o.kind(), "{json}"),
            }
            let back: ReportItem = serde_json::from_value(json).unwrap();
            assert_eq!(back, item);
            assert_eq!(back.item_report().map(|r| r.outcome), Some(o.clone()));
            assert_eq!(
                (back.is_gone(), back.is_unknown()),
                (o.is_gone(), o.is_unknown())
            );
        }
    }

    /// Reports and journals kept while these two carried free text
    /// (`detail`) still read: as the same stop or failure, why unsaid.
    #[test]
    fn free_text_kept_before_facts_still_reads() {
        let stop: Outcome = serde_json::from_str(
            r#"{"kind":"stopped","stop":"not-recorded","detail":"QuotaExceededError: full"}"#,
        )
        .unwrap();
        assert_eq!(
            stop,
            Outcome::Stopped(Stop::NotRecorded {
                why: crate::error::RecordFailure::Unsaid
            })
        );
        let token: Outcome = serde_json::from_str(
            r#"{"kind":"failed","error":"token-server","realm":"https://a/t","failure":{"NotAToken":{"detail":"expected value at line 1 column 1"}}}"#,
        )
        .unwrap();
        assert_eq!(
            token,
            Outcome::Failed(RegistryError::TokenServer {
                realm: "https://a/t".into(),
                failure: crate::error::TokenFailure::NotAToken {
                    flaw: crate::error::TokenAnswerFlaw::Unsaid
                },
            })
        );
        // And the facts are kept as words a program reads, not sentences.
        let json = serde_json::to_string(&Outcome::Stopped(Stop::NotRecorded {
            why: crate::error::RecordFailure::NoStore,
        }))
        .unwrap();
        assert_eq!(
            json,
            r#"{"kind":"stopped","stop":"not-recorded","why":"no-store"}"#
        );
    }

    #[test]
    fn a_report_counts_as_the_engine_tallies_and_keeps_version_one() {
        let reports: Vec<ItemReport> = every_outcome()
            .into_iter()
            .enumerate()
            .map(|(i, outcome)| ItemReport {
                digest: d(i as u8),
                tags: vec![],
                outcome,
            })
            .collect();
        let items: Vec<ReportItem> = reports.iter().map(|r| ReportItem::of("a", r)).collect();
        let report = RunReport::new("apply", "http://r", 5, reports.len(), items);
        let (gone, not_gone, unknown) = crate::engine::tally(&reports);
        assert_eq!(
            report.totals,
            Totals {
                planned: reports.len(),
                gone,
                not_gone,
                unknown
            }
        );
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["format"], "shipshape-report");
        assert_eq!(json["version"], 1);
        assert!(json.get("exit_code").is_none());
        let back: RunReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn a_dry_run_and_a_digest_being_sent_count_as_nothing_done() {
        let t = Target::confirmed(d(1), vec!["v1".into()]);
        let would = ReportItem::would("a", &t, None);
        let stopped = ReportItem::would("a", &t, Some(Stop::NewTag { tag: "x".into() }));
        assert_eq!(
            (would.outcome.as_str(), stopped.outcome.as_str()),
            (WOULD_DELETE, "new-tag")
        );
        assert!(would.item_report().is_none() && stopped.item_report().is_none());
        let sending = ReportItem::sending("a", &t);
        assert!(sending.is_unknown() && !sending.is_gone());
        let totals = Totals::of(3, &[would, stopped, sending]);
        assert_eq!((totals.gone, totals.not_gone, totals.unknown), (0, 0, 1));
    }
}
