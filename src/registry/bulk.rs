//! Deleting many manifests at once: the selected tags grouped by digest (one
//! DELETE per digest, with the sibling tags that go too), executed a few at a
//! time, cancellable between items, every item's result reported.
//!
//! Used by bulk delete in the tag table and by retention plans.

use super::client::{DeleteOutcome, Registry, Transport};
use super::deletion::{Abort, Survey};
use super::digest::Digest;
use super::error::RegistryError;
use super::image::ImageSummary;
use super::reference::{Reference, RepositoryName, Tag};
use crate::i18n::{text, Lang};
use crate::tag_list::{attachment, natural_cmp, AttachmentKind};
use futures::stream::{self, StreamExt};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

/// One DELETE: a digest and what it takes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub digest: Digest,
    /// The tags the user (or the plan) chose that point here.
    pub selected: Vec<String>,
    /// Every tag pointing here now: all of them go.
    pub tags: Vec<String>,
    /// Tagged indexes (not deleted in the same run) that list this digest:
    /// deleting it would break them, so it is not sent.
    pub blocked_by: Vec<(String, Digest)>,
    /// Index children that become untagged (when the digest is an index).
    pub children: usize,
    /// Signatures and SBOMs attached to the digest (left in place).
    pub attachments: Vec<(String, AttachmentKind)>,
}

impl Target {
    /// Tags that go although they were not chosen.
    pub fn siblings(&self) -> Vec<&str> {
        self.tags
            .iter()
            .filter(|t| !self.selected.contains(t))
            .map(String::as_str)
            .collect()
    }

    pub fn is_blocked(&self) -> bool {
        !self.blocked_by.is_empty()
    }
}

/// A selection grouped by digest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grouped {
    pub targets: Vec<Target>,
    /// Chosen tags that no longer exist (nothing to delete for them).
    pub missing: Vec<String>,
}

impl Grouped {
    /// Targets that will be sent (not blocked).
    pub fn sendable(&self) -> Vec<Target> {
        self.targets
            .iter()
            .filter(|t| !t.is_blocked())
            .cloned()
            .collect()
    }

    /// Every tag that goes, chosen or not.
    pub fn tag_count(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| !t.is_blocked())
            .map(|t| t.tags.len())
            .sum()
    }

    /// Tags that go although they were not chosen.
    pub fn sibling_count(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| !t.is_blocked())
            .map(|t| t.siblings().len())
            .sum()
    }
}

/// The deletes of one repository, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub name: RepositoryName,
    pub targets: Vec<Target>,
    /// The tag list the user confirmed against.
    pub known_tags: Vec<String>,
    /// Every image summary seen in the repository, for the reclaim estimate.
    pub seen: BTreeMap<Digest, ImageSummary>,
}

/// Group `selection` (tags) by the digest each points at in `survey`.
pub fn group(selection: &[String], survey: &Survey) -> Grouped {
    let mut grouped = Grouped::default();
    for tag in selection {
        if attachment(tag).is_some() {
            continue;
        }
        let Some(d) = survey.digest_of.get(tag) else {
            grouped.missing.push(tag.clone());
            continue;
        };
        match grouped.targets.iter_mut().find(|t| &t.digest == d) {
            Some(t) => t.selected.push(tag.clone()),
            None => grouped.targets.push(Target {
                digest: d.clone(),
                selected: vec![tag.clone()],
                tags: survey.tags_of(d),
                blocked_by: Vec::new(),
                children: survey.index_children.get(d).map_or(0, Vec::len),
                attachments: survey.attachments_of(d),
            }),
        }
    }
    let going: BTreeSet<Digest> = grouped.targets.iter().map(|t| t.digest.clone()).collect();
    for t in &mut grouped.targets {
        t.selected.sort_by(|a, b| natural_cmp(a, b));
        t.blocked_by = survey
            .parents_of(&t.digest)
            .into_iter()
            .filter(|(_, index)| !going.contains(index))
            .collect();
    }
    grouped
}

/// How one DELETE ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// 202.
    Deleted,
    /// 404: it was already gone.
    AlreadyGone,
    /// The answer was lost; a HEAD afterwards found it gone.
    GoneAfterCheck,
    /// A tag now points elsewhere: nothing sent for this digest.
    Moved { tag: String, now: Digest },
    /// A tag that was not there when the user confirmed now points at the
    /// digest: nothing sent (it would have gone too).
    NewTag { tag: String },
    /// A tagged index lists it: nothing sent.
    Blocked,
    /// The registry refused or failed; the DELETE may not have been sent.
    Failed(RegistryError),
    /// Cancelled, or stopped after a refusal that every other DELETE would
    /// get too: nothing sent.
    NotSent,
}

impl Outcome {
    /// The digest is gone (now or before).
    pub fn is_gone(&self) -> bool {
        matches!(
            self,
            Outcome::Deleted | Outcome::AlreadyGone | Outcome::GoneAfterCheck
        )
    }

    /// A short name for the report.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Outcome::Deleted => text::DELETED.get(lang).to_string(),
            Outcome::AlreadyGone => text::ALREADY_GONE.get(lang).to_string(),
            Outcome::GoneAfterCheck => text::GONE_AFTER_CHECK.get(lang).to_string(),
            Outcome::Moved { tag, now } => {
                format!(
                    "{}: {tag} → {}",
                    text::NOT_SENT_TAG_MOVED.get(lang),
                    now.short()
                )
            }
            Outcome::NewTag { tag } => format!("{}: {tag}", text::NOT_SENT_NEW_TAG.get(lang)),
            Outcome::Blocked => text::NOT_SENT_BLOCKED.get(lang).to_string(),
            Outcome::Failed(e) => format!("{}: {}", text::FAILED.get(lang), e.explain(lang).title),
            Outcome::NotSent => text::NOT_SENT.get(lang).to_string(),
        }
    }

    /// A stable machine name (`deleted`, `already-gone`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Deleted => "deleted",
            Outcome::AlreadyGone => "already-gone",
            Outcome::GoneAfterCheck => "gone-after-check",
            Outcome::Moved { .. } => "moved",
            Outcome::NewTag { .. } => "new-tag",
            Outcome::Blocked => "blocked",
            Outcome::Failed(_) => "failed",
            Outcome::NotSent => "not-sent",
        }
    }
}

/// One digest's result.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemReport {
    pub digest: Digest,
    pub tags: Vec<String>,
    pub outcome: Outcome,
}

/// The report as text to copy: one line per digest, tab-separated.
pub fn report_text(reports: &[ItemReport], lang: Lang) -> String {
    reports
        .iter()
        .map(|r| {
            format!(
                "{}\t{}\t{}\t{}\n",
                r.outcome.kind(),
                r.digest,
                r.tags.join(" "),
                r.outcome.label(lang)
            )
        })
        .collect()
}

/// Counts of a report: (gone, not gone).
pub fn tally(reports: &[ItemReport]) -> (usize, usize) {
    let gone = reports.iter().filter(|r| r.outcome.is_gone()).count();
    (gone, reports.len() - gone)
}

/// Errors after which every other DELETE would fail the same way.
fn stops_the_run(e: &RegistryError) -> bool {
    matches!(
        e,
        RegistryError::DeleteDisabled
            | RegistryError::ReadOnly { .. }
            | RegistryError::Unauthorized { .. }
            | RegistryError::Denied { .. }
    )
}

/// This many items in a row failing to reach the registry stop the run
/// (it is down, or the network is); a single dropped connection does not.
pub const UNREACHABLE_STREAK_STOP: u32 = 5;

/// Shared by the items of one run.
#[derive(Default)]
struct RunState {
    stop: Cell<bool>,
    unreachable_streak: Cell<u32>,
}

impl RunState {
    fn failed(&self, e: &RegistryError) {
        if stops_the_run(e) {
            self.stop.set(true);
        }
        if matches!(
            e,
            RegistryError::Unreachable { .. } | RegistryError::Timeout { .. }
        ) {
            let n = self.unreachable_streak.get() + 1;
            self.unreachable_streak.set(n);
            if n >= UNREACHABLE_STREAK_STOP {
                self.stop.set(true);
            }
        } else {
            self.unreachable_streak.set(0);
        }
    }

    fn answered(&self) {
        self.unreachable_streak.set(0);
    }
}

impl Registry {
    /// Delete every target, at most `cap` at once. `known_tags` is the tag
    /// list the user confirmed against: a tag that appeared since and points
    /// at a target stops that target. Before each DELETE every tag of the
    /// target is resolved again; a moved tag stops it. `cancel` is read
    /// before each item's checks and again right before its DELETE: a DELETE
    /// already sent is not taken back, and its answer is reported. Every
    /// target gets exactly one report, passed to `on_report` as it arrives.
    #[allow(clippy::too_many_arguments)]
    pub async fn delete_many(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        targets: Vec<Target>,
        known_tags: &[String],
        cap: usize,
        cancel: &Cell<bool>,
        mut on_report: impl FnMut(&ItemReport),
    ) -> Vec<ItemReport> {
        let mut reports = Vec::with_capacity(targets.len());
        let mut report = |r: ItemReport, reports: &mut Vec<ItemReport>| {
            on_report(&r);
            reports.push(r);
        };
        let (blocked, mut targets): (Vec<Target>, Vec<Target>) =
            targets.into_iter().partition(Target::is_blocked);
        for b in blocked {
            report(
                ItemReport {
                    digest: b.digest,
                    tags: b.tags,
                    outcome: Outcome::Blocked,
                },
                &mut reports,
            );
        }
        // Tags that appeared since the user confirmed.
        let fresh = match self.list_tags(t, name).await {
            Ok(f) => f,
            Err(e) => {
                for x in targets {
                    report(
                        ItemReport {
                            digest: x.digest,
                            tags: x.tags,
                            outcome: Outcome::Failed(e.clone()),
                        },
                        &mut reports,
                    );
                }
                return reports;
            }
        };
        let known: BTreeSet<&str> = known_tags.iter().map(String::as_str).collect();
        for tag in fresh
            .iter()
            .filter(|tag| !known.contains(tag.as_str()) && attachment(tag).is_none())
        {
            let Ok(parsed) = Tag::parse(tag) else {
                continue;
            };
            let Ok(d) = self.resolve_digest(t, name, &Reference::Tag(parsed)).await else {
                continue;
            };
            if let Some(i) = targets.iter().position(|x| x.digest == d) {
                let x = targets.remove(i);
                report(
                    ItemReport {
                        digest: x.digest,
                        tags: x.tags,
                        outcome: Outcome::NewTag { tag: tag.clone() },
                    },
                    &mut reports,
                );
            }
        }
        let state = RunState::default();
        let state = &state;
        let mut results = stream::iter(targets.into_iter().map(|x| async move {
            let outcome = self.delete_one(t, name, &x, cancel, state).await;
            ItemReport {
                digest: x.digest,
                tags: x.tags,
                outcome,
            }
        }))
        .buffer_unordered(cap.max(1));
        while let Some(r) = results.next().await {
            report(r, &mut reports);
        }
        reports
    }

    async fn delete_one(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        x: &Target,
        cancel: &Cell<bool>,
        state: &RunState,
    ) -> Outcome {
        if cancel.get() || state.stop.get() {
            return Outcome::NotSent;
        }
        for tag in &x.tags {
            let Ok(parsed) = Tag::parse(tag) else {
                continue;
            };
            match self.recheck(t, name, &parsed, &x.digest).await {
                Ok(()) => {}
                // Removed meanwhile: it cannot go with the digest any more.
                Err(Abort::Registry(RegistryError::NotFound { .. })) => {}
                Err(Abort::TagMoved { tag, now, .. }) => return Outcome::Moved { tag, now },
                Err(Abort::Registry(e)) => {
                    state.failed(&e);
                    return Outcome::Failed(e);
                }
            }
        }
        if cancel.get() || state.stop.get() {
            return Outcome::NotSent;
        }
        let outcome = match self
            .delete_manifest(t, name, &Reference::Digest(x.digest.clone()))
            .await
        {
            Ok(DeleteOutcome::Deleted) => Outcome::Deleted,
            Ok(DeleteOutcome::AlreadyGone) => Outcome::AlreadyGone,
            Ok(DeleteOutcome::GoneAfterCheck) => Outcome::GoneAfterCheck,
            Err(e) => {
                state.failed(&e);
                Outcome::Failed(e)
            }
        };
        if outcome.is_gone() {
            state.answered();
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::client::tests::{block_on, ok, status, with_headers, Scripted};
    use crate::registry::response::Method;

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    fn survey(pairs: &[(&str, u8)]) -> Survey {
        Survey {
            digest_of: pairs
                .iter()
                .map(|(t, n)| (t.to_string(), d(*n)))
                .collect::<BTreeMap<_, _>>(),
            ..Survey::default()
        }
    }

    fn head(n: u8) -> Result<crate::registry::response::RawResponse, RegistryError> {
        with_headers(b"", &[("Docker-Content-Digest", &d(n).to_string())])
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_selection_is_grouped_by_digest_with_the_siblings_that_go_too() {
        let sv = survey(&[("a", 1), ("b", 1), ("c", 2), ("latest", 2), ("d", 3)]);
        let g = group(&s(&["a", "b", "c", "gone"]), &sv);
        assert_eq!(g.targets.len(), 2);
        assert_eq!(g.targets[0].digest, d(1));
        assert_eq!(g.targets[0].selected, s(&["a", "b"]));
        assert!(g.targets[0].siblings().is_empty());
        assert_eq!(g.targets[1].siblings(), vec!["latest"]);
        assert_eq!(g.missing, s(&["gone"]));
        assert_eq!((g.tag_count(), g.sibling_count()), (4, 1));
    }

    #[test]
    fn a_child_of_a_kept_index_is_blocked_unless_the_index_goes_too() {
        let mut sv = survey(&[("multi", 9), ("amd64", 1)]);
        sv.index_children.insert(d(9), vec![d(1)]);
        let g = group(&s(&["amd64"]), &sv);
        assert!(g.targets[0].is_blocked());
        assert!(g.sendable().is_empty());
        let g = group(&s(&["amd64", "multi"]), &sv);
        assert!(g.targets.iter().all(|t| !t.is_blocked()));
        assert_eq!(g.targets[1].children, 1);
    }

    fn targets(sv: &Survey, sel: &[&str]) -> Vec<Target> {
        group(&s(sel), sv).targets
    }

    const DELETED: &str = "";

    #[test]
    fn every_target_is_rechecked_then_deleted_and_reported() {
        let sv = survey(&[("a", 1), ("b", 1), ("c", 2)]);
        let t = Scripted::new(vec![
            ok(r#"{"name":"app","tags":["a","b","c"]}"#, None),
            head(1),
            head(1),
            status(202, DELETED),
            head(2),
            status(
                404,
                r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"x"}]}"#,
            ),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let cancel = Cell::new(false);
        let mut seen = Vec::new();
        let reports = block_on(Registry::new("http://r").delete_many(
            &t,
            &name,
            targets(&sv, &["a", "c"]),
            &s(&["a", "b", "c"]),
            1,
            &cancel,
            |r| seen.push(r.outcome.kind()),
        ));
        assert_eq!(seen, vec!["deleted", "already-gone"]);
        assert_eq!(reports[0].tags, s(&["a", "b"]));
        let deletes: Vec<String> = t
            .asked
            .borrow()
            .iter()
            .filter(|r| r.method == Method::Delete)
            .map(|r| r.url.clone())
            .collect();
        assert_eq!(
            deletes,
            vec![
                format!("http://r/v2/app/manifests/{}", d(1)),
                format!("http://r/v2/app/manifests/{}", d(2))
            ]
        );
        assert_eq!(tally(&reports), (2, 0));
        let text = report_text(&reports, Lang::En);
        assert!(
            text.starts_with(&format!("deleted\t{}\ta b\t", d(1))),
            "{text}"
        );
    }

    #[test]
    fn cancelling_stops_before_the_next_delete_and_keeps_what_was_done() {
        let sv = survey(&[("a", 1), ("b", 2), ("c", 3)]);
        let t = Scripted::new(vec![
            ok(r#"{"name":"app","tags":["a","b","c"]}"#, None),
            head(1),
            status(202, DELETED),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let cancel = Cell::new(false);
        let reports = block_on(Registry::new("http://r").delete_many(
            &t,
            &name,
            targets(&sv, &["a", "b", "c"]),
            &s(&["a", "b", "c"]),
            1,
            &cancel,
            |_| cancel.set(true),
        ));
        let kinds: Vec<&str> = reports.iter().map(|r| r.outcome.kind()).collect();
        assert_eq!(kinds, vec!["deleted", "not-sent", "not-sent"]);
        assert_eq!(t.asked.borrow().len(), 3, "no request after the cancel");
    }

    #[test]
    fn a_moved_tag_or_a_new_tag_stops_its_digest_only() {
        let sv = survey(&[("a", 1), ("b", 2), ("c", 3)]);
        let t = Scripted::new(vec![
            // "new" appeared since, and points at digest 3.
            ok(r#"{"name":"app","tags":["a","b","c","new"]}"#, None),
            head(3),
            // a moved to 7.
            head(7),
            head(2),
            status(202, DELETED),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let reports = block_on(Registry::new("http://r").delete_many(
            &t,
            &name,
            targets(&sv, &["a", "b", "c"]),
            &s(&["a", "b", "c"]),
            1,
            &Cell::new(false),
            |_| {},
        ));
        let kinds: Vec<(&str, String)> = reports
            .iter()
            .map(|r| (r.outcome.kind(), r.tags.join(",")))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("new-tag", "c".to_string()),
                ("moved", "a".to_string()),
                ("deleted", "b".to_string())
            ]
        );
    }

    #[test]
    fn one_dropped_connection_fails_one_item_and_five_in_a_row_stop_the_run() {
        let sv = survey(&[
            ("a", 1),
            ("b", 2),
            ("c", 3),
            ("d", 4),
            ("e", 5),
            ("f", 6),
            ("g", 7),
        ]);
        let drop = || {
            Err(RegistryError::Unreachable {
                url: "u".into(),
                detail: "reset".into(),
            })
        };
        // a: the recheck cannot reach the registry (tried twice); b: fine.
        let mut answers = vec![
            ok(
                r#"{"name":"app","tags":["a","b","c","d","e","f","g"]}"#,
                None,
            ),
            drop(),
            drop(),
            head(2),
            status(202, DELETED),
        ];
        // c, d, e, f, g: unreachable; the run stops after five in a row.
        for _ in 0..5 {
            answers.push(drop());
            answers.push(drop());
        }
        let t = Scripted::new(answers);
        let name = RepositoryName::parse("app").unwrap();
        let reports = block_on(Registry::new("http://r").delete_many(
            &t,
            &name,
            targets(&sv, &["a", "b", "c", "d", "e", "f", "g"]),
            &s(&["a", "b", "c", "d", "e", "f", "g"]),
            1,
            &Cell::new(false),
            |_| {},
        ));
        let kinds: Vec<&str> = reports.iter().map(|r| r.outcome.kind()).collect();
        assert_eq!(
            kinds,
            vec!["failed", "deleted", "failed", "failed", "failed", "failed", "failed"]
        );
        let t2 = Scripted::new({
            let mut a = vec![ok(
                r#"{"name":"app","tags":["a","b","c","d","e","f","g"]}"#,
                None,
            )];
            for _ in 0..5 {
                a.push(drop());
                a.push(drop());
            }
            a
        });
        let reports = block_on(Registry::new("http://r").delete_many(
            &t2,
            &name,
            targets(&sv, &["a", "b", "c", "d", "e", "f", "g"]),
            &s(&["a", "b", "c", "d", "e", "f", "g"]),
            1,
            &Cell::new(false),
            |_| {},
        ));
        let kinds: Vec<&str> = reports.iter().map(|r| r.outcome.kind()).collect();
        assert_eq!(
            kinds,
            vec!["failed", "failed", "failed", "failed", "failed", "not-sent", "not-sent"]
        );
    }

    #[test]
    fn a_405_stops_the_run_instead_of_repeating_it() {
        let sv = survey(&[("a", 1), ("b", 2)]);
        let t = Scripted::new(vec![
            ok(r#"{"name":"app","tags":["a","b"]}"#, None),
            head(1),
            status(
                405,
                r#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#,
            ),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let reports = block_on(Registry::new("http://r").delete_many(
            &t,
            &name,
            targets(&sv, &["a", "b"]),
            &s(&["a", "b"]),
            1,
            &Cell::new(false),
            |_| {},
        ));
        assert_eq!(
            reports[0].outcome,
            Outcome::Failed(RegistryError::DeleteDisabled)
        );
        assert_eq!(reports[1].outcome, Outcome::NotSent);
        assert_eq!(t.asked.borrow().len(), 3);
    }
}
