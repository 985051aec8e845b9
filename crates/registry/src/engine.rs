//! The delete engine: every DELETE Shipshape sends goes through [`Registry::run_deletes`].
//!
//! Its input is what the user confirmed: per digest, the exact set of tags
//! that go with it ([`Target::tags`]). Its invariant: a DELETE for a digest
//! is sent only if, checked just before sending, the tags pointing at it in
//! the registry are a subset of that set. "Just before" means:
//!
//! 1. a **check** ([`Snapshot`]): the tag list read again (every page), and
//!    every tag resolved with an uncached HEAD (attachment tags too), and
//!    every tagged index read for its children;
//! 2. per target, right before its DELETE: each of its tags resolved once
//!    more, and the check no older than [`MAX_CHECK_AGE_MS`] (else a new
//!    check first).
//!
//! Anything that differs stops that digest, and every failure while
//! checking stops it too (fails closed). A platform manifest listed by a
//! tagged index goes only after that index is gone (when the index is part
//! of the run) and never while a kept index lists it.
//!
//! Outcomes are facts: a DELETE counts as done on 202 (then checked: the
//! manifest and its tags no longer answer) or on a 404 that a fresh HEAD
//! confirms; an answer that was lost is resolved with a HEAD, and when that
//! fails too the outcome is [`Outcome::Unknown`]. Writes never follow
//! redirects and are never sent twice.

use super::client::{Registry, Transport};
use super::digest::Digest;
use super::error::{ErrorCode, RecordFailure, RegistryError};
use super::image::ImageSummary;
use super::manifest::{mime_essence, Manifest, ManifestKind};
use super::pattern::Pattern;
use super::reference::{paths, Reference, RepositoryName, Tag};
use super::response::{Method, Request};
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

/// A full check (every tag resolved) older than this is made again before
/// the next DELETE; a check that itself took long may be up to twice its
/// own duration old (see [`Snapshot::max_age_ms`]), so that checking takes
/// at most about a third of a run. Right before each DELETE the tag list
/// is read again and every new tag and every tag of the digest resolved,
/// whatever the age.
pub const MAX_CHECK_AGE_MS: f64 = 2_000.0;
/// How deep indexes of indexes are followed.
const MAX_INDEX_DEPTH: usize = 4;
/// How many HEADs a check sends at once.
const CHECK_CONCURRENCY: usize = 6;
/// A tag (or the tag list) that could not be read is asked this many more
/// times within one check before the check gives up on it.
const CHECK_PASSES: usize = 3;
/// This many items in a row failing to reach the registry stop the run
/// (it is down, or the network is); a single dropped connection does not.
pub const UNREACHABLE_STREAK_STOP: u32 = 5;

/// The deletes of one repository, ready to run: what
/// [`Registry::run_deletes`] takes (from a single delete, a bulk
/// selection, a retention plan or a plan file).
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub name: RepositoryName,
    pub targets: Vec<Target>,
    /// The tag list the user confirmed against.
    pub known_tags: Vec<String>,
    /// Every image summary seen in the repository, for the reclaim estimate.
    pub seen: BTreeMap<Digest, ImageSummary>,
}

/// One DELETE the user confirmed: a digest and every tag they saw go with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub digest: Digest,
    /// The tags the user (or the plan) chose that point here.
    pub selected: Vec<String>,
    /// Every tag the user saw pointing here: all of them go. The confirmed
    /// set: a DELETE is sent only while the tags pointing here are among
    /// these.
    pub tags: Vec<String>,
    /// Tagged indexes (not deleted in the same run) that list this digest:
    /// deleting it would break them, so it is not sent.
    pub blocked_by: Vec<(String, Digest)>,
    /// Index children that become untagged (when the digest is an index).
    pub children: usize,
    /// Signatures and SBOMs attached to the digest (left in place unless
    /// they are targets of their own).
    pub attachments: Vec<(String, crate::tags::AttachmentKind)>,
}

impl Target {
    /// A target for `digest` with exactly `tags` confirmed (all selected).
    pub fn confirmed(digest: Digest, tags: Vec<String>) -> Self {
        Target {
            digest,
            selected: tags.clone(),
            tags,
            blocked_by: Vec::new(),
            children: 0,
            attachments: Vec::new(),
        }
    }

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

/// Why nothing was sent for a digest. Kept tagged by its kind
/// (`{"stop": "new-tag", "tag": "v2"}`), the names [`Stop::kind`] gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stop", rename_all = "kebab-case")]
pub enum Stop {
    /// The tag list could not be read again.
    #[serde(rename = "list-unreadable")]
    TagListUnreadable(RegistryError),
    /// A tag of the repository could not be resolved: it might point here.
    #[serde(rename = "unresolvable")]
    TagUnresolvable { tag: String, error: RegistryError },
    /// A tagged index could not be read: it might list this digest.
    IndexUnreadable { tag: String, error: RegistryError },
    /// A tag that was not there when the user confirmed points here now.
    NewTag { tag: String },
    /// A tag the user saw pointing elsewhere has moved onto this digest.
    MovedOnto { tag: String },
    /// A confirmed tag points at another digest now.
    #[serde(rename = "moved")]
    MovedAway { tag: String, now: Digest },
    /// Tagged indexes that are kept list this digest.
    Blocked { parents: Vec<(String, Digest)> },
    /// An index of the same run that lists this digest is not gone.
    ParentNotGone { parent: Digest },
    /// The journal could not record the intent before sending: why.
    /// (Kept before this was a fact, it reads as `Unsaid`.)
    NotRecorded {
        #[serde(default)]
        why: RecordFailure,
    },
    /// A tag on it matches a protected pattern: never deleted.
    Protected { tag: String, pattern: String },
}

impl Stop {
    pub fn kind(&self) -> &'static str {
        match self {
            Stop::TagListUnreadable(_) => "list-unreadable",
            Stop::TagUnresolvable { .. } => "unresolvable",
            Stop::IndexUnreadable { .. } => "index-unreadable",
            Stop::NewTag { .. } => "new-tag",
            Stop::MovedOnto { .. } => "moved-onto",
            Stop::MovedAway { .. } => "moved",
            Stop::Blocked { .. } => "blocked",
            Stop::ParentNotGone { .. } => "parent-not-gone",
            Stop::NotRecorded { .. } => "not-recorded",
            Stop::Protected { .. } => "protected",
        }
    }
}

/// How one digest's DELETE ended. Kept tagged by its kind
/// (`{"kind": "unknown", "error": "timeout", …}`; a stop as
/// `{"kind": "stopped", "stop": "new-tag", …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// 202, and afterwards neither the manifest nor its tags answer.
    Deleted,
    /// 202, but the check afterwards could not be made: the registry said
    /// yes, nothing confirmed it. Unknown until a later check settles it.
    DeletedUnchecked(RegistryError),
    /// 202, yet afterwards the manifest (`tag: None`) or a tag still
    /// answers with it.
    StillPresent { tag: Option<String> },
    /// 404: it was already gone (a fresh HEAD agrees).
    AlreadyGone,
    /// The answer was lost (or was not the registry's); a fresh HEAD found
    /// the manifest gone.
    GoneAfterCheck,
    /// The answer was lost (or was a proxy's error) and the check
    /// afterwards failed, or found the manifest still there although the
    /// DELETE may still land behind the proxy: it may or may not be
    /// deleted.
    Unknown(RegistryError),
    /// Checked before sending: something differs from what was confirmed;
    /// nothing sent.
    Stopped(Stop),
    /// The registry refused, or the DELETE did not happen (a fresh HEAD
    /// still finds the manifest): kept.
    Failed(RegistryError),
    /// Cancelled, or the run stopped after a refusal every other DELETE
    /// would get too: nothing sent.
    NotSent,
    /// Was unknown; a check afterwards found the manifest still there.
    KeptAfterCheck,
}

impl Outcome {
    /// The digest is gone (now or before).
    pub fn is_gone(&self) -> bool {
        matches!(
            self,
            Outcome::Deleted | Outcome::AlreadyGone | Outcome::GoneAfterCheck
        )
    }

    /// Whether it is gone is not known (a later check may settle it).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Outcome::Unknown(_) | Outcome::DeletedUnchecked(_))
    }

    /// A stable machine name (`deleted`, `already-gone`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Deleted => "deleted",
            Outcome::DeletedUnchecked(_) => "deleted-unchecked",
            Outcome::StillPresent { .. } => "still-present",
            Outcome::AlreadyGone => "already-gone",
            Outcome::GoneAfterCheck => "gone-after-check",
            Outcome::Unknown(_) => "unknown",
            Outcome::Stopped(s) => s.kind(),
            Outcome::Failed(_) => "failed",
            Outcome::NotSent => "not-sent",
            Outcome::KeptAfterCheck => "kept-after-check",
        }
    }
}

/// One digest's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemReport {
    pub digest: Digest,
    pub tags: Vec<String>,
    pub outcome: Outcome,
}

/// Counts of a report: (gone, not gone, unknown).
pub fn tally(reports: &[ItemReport]) -> (usize, usize, usize) {
    let gone = reports.iter().filter(|r| r.outcome.is_gone()).count();
    let unknown = reports.iter().filter(|r| r.outcome.is_unknown()).count();
    (gone, reports.len() - gone - unknown, unknown)
}

/// What the engine tells the page (and the journal) while it runs.
pub trait RunObserver {
    /// Right before a DELETE is sent: record the intent. An error stops
    /// that DELETE (nothing is sent that was not recorded).
    fn sending(&self, _target: &Target) -> impl Future<Output = Result<(), RecordFailure>> {
        std::future::ready(Ok(()))
    }
    /// A target's outcome, as soon as it is known.
    fn report(&self, report: &ItemReport);
}

/// An observer for runs nobody watches (the untag workaround's last step).
pub struct Unobserved;

impl RunObserver for Unobserved {
    fn report(&self, _report: &ItemReport) {}
}

/// What the registry holds now, as far as deleting is concerned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Every tag (attachment tags too) → the digest it points at.
    pub digest_of: BTreeMap<String, Digest>,
    /// Every tagged index → the digests it lists.
    pub index_children: BTreeMap<Digest, Vec<Digest>>,
    /// Tags that could not be resolved, and why.
    pub unresolved: Vec<(String, RegistryError)>,
    /// Tagged indexes that could not be read (by one of their tags).
    pub unreadable_indexes: Vec<(String, RegistryError)>,
    /// When the check started (transport clock): every read in it is at
    /// least this recent.
    pub at_ms: f64,
    /// How long the check took.
    pub took_ms: f64,
}

impl Snapshot {
    /// Every tag pointing at `digest`.
    pub fn tags_of(&self, digest: &Digest) -> BTreeSet<&str> {
        self.digest_of
            .iter()
            .filter(|(_, d)| *d == digest)
            .map(|(t, _)| t.as_str())
            .collect()
    }

    /// How old this check may be before a DELETE: [`MAX_CHECK_AGE_MS`], or
    /// twice its own duration when that is longer (a registry so slow that
    /// checking takes longer than the bound would otherwise never delete).
    pub fn max_age_ms(&self) -> f64 {
        MAX_CHECK_AGE_MS.max(2.0 * self.took_ms)
    }

    /// Tagged indexes listing `digest` (directly, or through an index they
    /// list): (index digest, its tags).
    pub fn parents_of(&self, digest: &Digest) -> Vec<(Digest, Vec<String>)> {
        self.index_children
            .iter()
            .filter(|(index, children)| children.contains(digest) && *index != digest)
            .map(|(index, _)| {
                (
                    index.clone(),
                    self.tags_of(index).into_iter().map(String::from).collect(),
                )
            })
            .collect()
    }
}

/// What a check says about one target.
#[derive(Debug, PartialEq)]
enum Verdict {
    Go,
    /// An index of this run that lists it is still there.
    Wait(Digest),
    Stop(Stop),
}

/// Decide `target` against `snap`. `known` is the tag list the user
/// confirmed against; `in_run` the digests of this run not yet gone;
/// `protected` the tags no delete may take.
fn verdict(
    target: &Target,
    snap: &Snapshot,
    known: &BTreeSet<String>,
    in_run: &BTreeSet<Digest>,
    protected: &Pattern,
) -> Verdict {
    // A protected tag on it now, or among the tags confirmed with it.
    let on_it = snap.tags_of(&target.digest);
    for tag in on_it
        .iter()
        .copied()
        .chain(target.tags.iter().map(String::as_str))
    {
        if let Some(pattern) = protected.matching(tag) {
            return Verdict::Stop(Stop::Protected {
                tag: tag.to_string(),
                pattern: pattern.to_string(),
            });
        }
    }
    if let Some((tag, error)) = snap.unresolved.first() {
        return Verdict::Stop(Stop::TagUnresolvable {
            tag: tag.clone(),
            error: error.clone(),
        });
    }
    let confirmed: BTreeSet<&str> = target.tags.iter().map(String::as_str).collect();
    for tag in snap.tags_of(&target.digest) {
        if !confirmed.contains(tag) {
            return Verdict::Stop(if known.contains(tag) {
                Stop::MovedOnto { tag: tag.into() }
            } else {
                Stop::NewTag { tag: tag.into() }
            });
        }
    }
    for tag in &target.tags {
        if let Some(now) = snap.digest_of.get(tag).filter(|d| **d != target.digest) {
            return Verdict::Stop(Stop::MovedAway {
                tag: tag.clone(),
                now: now.clone(),
            });
        }
    }
    // An index we could not read may list this digest; the index itself
    // (its tags are checked above) may still go.
    let own_tags: BTreeSet<&str> = snap.tags_of(&target.digest);
    if let Some((tag, error)) = snap
        .unreadable_indexes
        .iter()
        .find(|(tag, _)| !own_tags.contains(tag.as_str()))
    {
        return Verdict::Stop(Stop::IndexUnreadable {
            tag: tag.clone(),
            error: error.clone(),
        });
    }
    let parents = snap.parents_of(&target.digest);
    let kept: Vec<(String, Digest)> = parents
        .iter()
        .filter(|(index, _)| !in_run.contains(index))
        .flat_map(|(index, tags)| tags.iter().map(move |t| (t.clone(), index.clone())))
        .collect();
    if !kept.is_empty() {
        return Verdict::Stop(Stop::Blocked { parents: kept });
    }
    match parents.into_iter().next() {
        Some((index, _)) => Verdict::Wait(index),
        None => Verdict::Go,
    }
}

/// Errors after which every other DELETE would fail the same way.
fn stops_the_run(e: &RegistryError) -> bool {
    matches!(
        e,
        RegistryError::DeleteDisabled
            | RegistryError::ReadOnly { .. }
            | RegistryError::Unauthorized { .. }
            | RegistryError::Denied { .. }
            | RegistryError::Redirected { .. }
    )
}

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

/// What one target's turn came to.
enum Turn {
    Done(Outcome),
    /// The check is too old: check again first.
    Again,
}

/// Is a manifest there now? `Ok(true)` present, `Ok(false)` gone.
type Presence = Result<bool, RegistryError>;

/// A tag and what it points at now (the digest, and whether it is an index).
type Resolved = (String, Result<(Digest, bool), RegistryError>);

impl Registry {
    /// Check what the registry holds: the tag list (every page), every tag
    /// resolved without any cache, every tagged index's children (and
    /// theirs, for an index of indexes).
    pub async fn snapshot(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
    ) -> Result<Snapshot, RegistryError> {
        let started = t.now_ms();
        let tags = self.list_tags_checked(t, name).await?;
        let mut snap = Snapshot::default();
        let mut todo: Vec<String> = tags;
        for pass in 0..CHECK_PASSES {
            let resolved: Vec<Resolved> = self.resolutions(t, name, todo).collect().await;
            todo = Vec::new();
            snap.unresolved.clear();
            for (tag, r) in resolved {
                match r {
                    Ok((d, index)) => {
                        if index {
                            snap.index_children.entry(d.clone()).or_default();
                        }
                        snap.digest_of.insert(tag, d);
                    }
                    Err(e) if pass + 1 < CHECK_PASSES && !matches!(e, RegistryError::Cancelled) => {
                        todo.push(tag)
                    }
                    Err(e) => snap.unresolved.push((tag, e)),
                }
            }
            if todo.is_empty() {
                break;
            }
        }
        let indexes: Vec<Digest> = snap.index_children.keys().cloned().collect();
        for index in indexes {
            let (listed, failure) = self.index_listing(t, name, &index).await;
            if let Some(e) = failure {
                let tag = snap.tags_of(&index).into_iter().next().unwrap_or_default();
                snap.unreadable_indexes.push((tag.to_string(), e));
            }
            snap.index_children.insert(index, listed);
        }
        snap.at_ms = started;
        snap.took_ms = t.now_ms() - started;
        Ok(snap)
    }

    /// The tag list, asked again up to [`CHECK_PASSES`] times when it
    /// cannot be read.
    async fn list_tags_checked(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
    ) -> Result<Vec<String>, RegistryError> {
        let mut tags = Err(RegistryError::Cancelled);
        for _ in 0..CHECK_PASSES {
            tags = self.list_tags(t, name).await;
            if tags.is_ok() {
                break;
            }
        }
        tags
    }

    /// `tags` resolved fresh, [`CHECK_CONCURRENCY`] at once, each as it
    /// comes.
    fn resolutions<'a>(
        &'a self,
        t: &'a impl Transport,
        name: &'a RepositoryName,
        tags: Vec<String>,
    ) -> impl futures::Stream<Item = Resolved> + 'a {
        stream::iter(tags.into_iter().map(move |tag| async move {
            let r = match Tag::parse(&tag) {
                Ok(parsed) => self.resolve_fresh(t, name, &parsed).await,
                Err(e) => Err(RegistryError::invalid_reference(&tag, e)),
            };
            (tag, r)
        }))
        .buffer_unordered(CHECK_CONCURRENCY)
    }

    /// Every manifest the index `index` lists, directly or through indexes
    /// it lists (to [`MAX_INDEX_DEPTH`]), and the error of an index in it
    /// that could not be read (then the listing may be short).
    async fn index_listing(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        index: &Digest,
    ) -> (Vec<Digest>, Option<RegistryError>) {
        let mut listed: Vec<Digest> = Vec::new();
        let mut frontier = vec![index.clone()];
        let mut failure = None;
        for _ in 0..MAX_INDEX_DEPTH {
            let mut next = Vec::new();
            for d in frontier {
                match self.entries_of(t, name, &d, &d == index).await {
                    Ok(entries) => {
                        for (child, nested) in entries {
                            if !listed.contains(&child) && child != *index {
                                if nested {
                                    next.push(child.clone());
                                }
                                listed.push(child);
                            }
                        }
                    }
                    Err(e) => failure = Some(e),
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        (listed, failure)
    }

    /// What the manifest `d` lists, if it is an index: each entry's digest
    /// and whether it may be an index itself (entries typed as images are
    /// not read). Asked again up to [`CHECK_PASSES`] times; a listed child
    /// (`top` false) that is not there lists nothing.
    async fn entries_of(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        d: &Digest,
        top: bool,
    ) -> Result<Vec<(Digest, bool)>, RegistryError> {
        let mut last = RegistryError::Cancelled;
        for _ in 0..CHECK_PASSES {
            match self
                .get_manifest(t, name, &Reference::Digest(d.clone()))
                .await
            {
                Ok(fetched) => {
                    let Manifest::Index { index: list, .. } = &fetched.manifest else {
                        return Ok(Vec::new());
                    };
                    return Ok(list
                        .manifests
                        .iter()
                        .filter_map(|m| {
                            let nested =
                                ManifestKind::from_media_type(&mime_essence(&m.media_type))
                                    .is_none_or(ManifestKind::is_index);
                            m.digest.valid().map(|child| (child.clone(), nested))
                        })
                        .collect());
                }
                Err(RegistryError::NotFound { .. }) if !top => return Ok(Vec::new()),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// The digest a tag points at now (never from a cache), and whether it
    /// is an index. The HEAD's `Content-Type` decides when it names a
    /// manifest type (in any case); anything else (a proxy's
    /// `application/json`, none at all) is decided from the bytes.
    pub async fn resolve_fresh(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
    ) -> Result<(Digest, bool), RegistryError> {
        let reference = Reference::Tag(tag.clone());
        let head = self.head_manifest(t, name, &reference).await?;
        let kind = head
            .content_type
            .as_deref()
            .and_then(|ct| ManifestKind::from_media_type(&mime_essence(ct)));
        match (head.digest, kind) {
            (Some(d), Some(kind)) => Ok((d, kind.is_index())),
            (Some(d), None) => {
                let fetched = self
                    .get_manifest(t, name, &Reference::Digest(d.clone()))
                    .await?;
                Ok((d, matches!(fetched.manifest, Manifest::Index { .. })))
            }
            (None, _) => {
                let fetched = self.get_manifest(t, name, &reference).await?;
                let index = matches!(fetched.manifest, Manifest::Index { .. });
                Ok((fetched.digest, index))
            }
        }
    }

    /// Is the manifest `digest` there now? An uncached HEAD by digest.
    pub async fn present(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Presence {
        let request = self.manifest_head(name, &Reference::Digest(digest.clone()), true);
        let resp = self.fetch(t, request).await?;
        match resp.status {
            200..=299 => Ok(true),
            404 => Ok(false),
            _ => Err(RegistryError::from_response(&resp)),
        }
    }

    /// An outcome nobody could know, asked again: gone, still there, or
    /// still unknown.
    pub async fn check_again(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Outcome {
        match self.present(t, name, digest).await {
            Ok(false) => Outcome::GoneAfterCheck,
            Ok(true) => Outcome::KeptAfterCheck,
            Err(e) => Outcome::Unknown(e),
        }
    }

    /// What [`Registry::run_deletes`] would decide right now, sending
    /// nothing: per target, `None` when it would be sent, or the stop. The
    /// same check and rules as a run (a run checks again anyway).
    pub async fn preview(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        targets: &[Target],
        known_tags: &[String],
    ) -> Vec<Option<Stop>> {
        let snap = match self.snapshot(t, name).await {
            Ok(s) => s,
            Err(e) => return vec![Some(Stop::TagListUnreadable(e)); targets.len()],
        };
        let known: BTreeSet<String> = known_tags.iter().cloned().collect();
        let in_run: BTreeSet<Digest> = targets.iter().map(|x| x.digest.clone()).collect();
        targets
            .iter()
            .map(|x| {
                if x.is_blocked() {
                    return Some(Stop::Blocked {
                        parents: x.blocked_by.clone(),
                    });
                }
                match verdict(x, &snap, &known, &in_run, self.protected()) {
                    // Its index goes first in the same run.
                    Verdict::Go | Verdict::Wait(_) => None,
                    Verdict::Stop(s) => Some(s),
                }
            })
            .collect()
    }

    /// Delete every target of `job` (one repository), at most `cap` at
    /// once, each only while the registry still matches what was
    /// confirmed (see the module documentation). The job's `known_tags` is
    /// the tag list the user confirmed against (to tell a new tag from one
    /// that moved). `cancel` is read before each check and right before
    /// each DELETE; a DELETE already sent is resolved, never dropped. Every
    /// target gets exactly one report, given to `observer` as it is known.
    pub async fn run_deletes(
        &self,
        t: &impl Transport,
        job: &Job,
        cap: usize,
        cancel: &Cell<bool>,
        observer: &impl RunObserver,
    ) -> Vec<ItemReport> {
        let (name, targets, known_tags) = (&job.name, job.targets.clone(), &job.known_tags);
        let reports = std::cell::RefCell::new(Vec::with_capacity(targets.len()));
        let report = |target: &Target, outcome: Outcome| {
            let r = ItemReport {
                digest: target.digest.clone(),
                tags: target.tags.clone(),
                outcome,
            };
            observer.report(&r);
            reports.borrow_mut().push(r);
        };
        let known: BTreeSet<String> = known_tags.iter().cloned().collect();
        let (blocked, mut pending): (Vec<Target>, Vec<Target>) =
            targets.into_iter().partition(Target::is_blocked);
        for b in blocked {
            let parents = b.blocked_by.clone();
            report(&b, Outcome::Stopped(Stop::Blocked { parents }));
        }
        let state = RunState::default();
        while !pending.is_empty() {
            if cancel.get() || state.stop.get() {
                for x in pending.drain(..) {
                    report(&x, Outcome::NotSent);
                }
                break;
            }
            let snap = match self.snapshot(t, name).await {
                Ok(s) => s,
                Err(e) => {
                    for x in pending.drain(..) {
                        report(&x, Outcome::Stopped(Stop::TagListUnreadable(e.clone())));
                    }
                    break;
                }
            };
            let in_run: BTreeSet<Digest> = pending.iter().map(|x| x.digest.clone()).collect();
            let mut waiting = Vec::new();
            let mut ready = Vec::new();
            for x in pending.drain(..) {
                match verdict(&x, &snap, &known, &in_run, self.protected()) {
                    Verdict::Go => ready.push(x),
                    Verdict::Wait(parent) => waiting.push((x, parent)),
                    Verdict::Stop(s) => report(&x, Outcome::Stopped(s)),
                }
            }
            if ready.is_empty() {
                // Nothing can go: what waits, waits for something that
                // will not go in this run.
                for (x, parent) in waiting {
                    report(&x, Outcome::Stopped(Stop::ParentNotGone { parent }));
                }
                break;
            }
            let snap = &RefCell::new(snap);
            let state = &state;
            let (known, in_run) = (&known, &in_run);
            // Reported as each one ends, not when the round ends.
            let mut turns = stream::iter(ready.into_iter().map(|x| async move {
                let turn = self
                    .turn(t, name, &x, snap, known, in_run, cancel, state, observer)
                    .await;
                if let Turn::Done(outcome) = &turn {
                    if outcome.is_gone() {
                        t.forget(&x.digest);
                    }
                }
                (x, turn)
            }))
            .buffer_unordered(cap.max(1));
            let mut again = Vec::new();
            while let Some((x, turn)) = turns.next().await {
                match turn {
                    Turn::Done(outcome) => report(&x, outcome),
                    Turn::Again => again.push(x),
                }
            }
            pending = again;
            pending.extend(waiting.into_iter().map(|(x, _)| x));
        }
        reports.into_inner()
    }

    /// One target, right before and after its DELETE. Right before: the
    /// tag list read again (whole), every tag not in the round's check and
    /// every tag on the digest resolved again, new indexes read, and the
    /// target decided again on that view.
    #[allow(clippy::too_many_arguments)]
    async fn turn(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        x: &Target,
        snap: &RefCell<Snapshot>,
        known: &BTreeSet<String>,
        in_run: &BTreeSet<Digest>,
        cancel: &Cell<bool>,
        state: &RunState,
        observer: &impl RunObserver,
    ) -> Turn {
        if cancel.get() || state.stop.get() {
            return Turn::Done(Outcome::NotSent);
        }
        let too_old = {
            let s = snap.borrow();
            t.now_ms() - s.at_ms > s.max_age_ms()
        };
        if too_old {
            return Turn::Again;
        }
        if let Err(stop) = self.look_again(t, name, x, snap).await {
            if let Stop::TagListUnreadable(e) | Stop::TagUnresolvable { error: e, .. } = &stop {
                state.failed(e);
            }
            return Turn::Done(Outcome::Stopped(stop));
        }
        let decide = || match verdict(x, &Self::current(snap), known, in_run, self.protected()) {
            Verdict::Go => None,
            Verdict::Wait(_) => Some(Turn::Again),
            Verdict::Stop(s) => Some(Turn::Done(Outcome::Stopped(s))),
        };
        if let Some(turn) = decide() {
            return turn;
        }
        if cancel.get() || state.stop.get() {
            return Turn::Done(Outcome::NotSent);
        }
        if let Err(why) = observer.sending(x).await {
            return Turn::Done(Outcome::Stopped(Stop::NotRecorded { why }));
        }
        // Other turns may have read more while the intent was recorded:
        // decided once more on everything read so far, with nothing
        // awaited between that and the DELETE going out.
        if let Some(turn) = decide() {
            return turn;
        }
        let fresh = Self::current(snap);
        let going: Vec<&str> = fresh.tags_of(&x.digest).into_iter().collect();
        let outcome = self
            .delete_and_check_in(t, name, &x.digest, &going, Some(snap))
            .await;
        match &outcome {
            Outcome::Failed(e) | Outcome::Unknown(e) => state.failed(e),
            _ => state.answered(),
        }
        Turn::Done(outcome)
    }

    /// The round's check brought up to now for target `x` (see
    /// [`Registry::turn`]). Every read is merged into it as it arrives, so
    /// that every turn of the round decides on the latest read of every
    /// tag. Fails closed: an unreadable list or a tag that cannot be
    /// resolved is a stop.
    async fn look_again(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        x: &Target,
        shared: &RefCell<Snapshot>,
    ) -> Result<(), Stop> {
        let list = self
            .list_tags_checked(t, name)
            .await
            .map_err(Stop::TagListUnreadable)?;
        let names: Vec<String> = {
            let mut base = shared.borrow_mut();
            let listed: BTreeSet<&String> = list.iter().collect();
            base.digest_of.retain(|tag, _| listed.contains(tag));
            let own = base.tags_of(&x.digest);
            list.iter()
                .filter(|tag| own.contains(tag.as_str()) || !base.digest_of.contains_key(*tag))
                .cloned()
                .collect()
        };
        let mut reads = std::pin::pin!(self.resolutions(t, name, names));
        while let Some((tag, r)) = reads.next().await {
            match r {
                Ok((d, index)) => {
                    shared.borrow_mut().digest_of.insert(tag.clone(), d.clone());
                    let unread = index && !shared.borrow().index_children.contains_key(&d);
                    if unread {
                        let (listed, failure) = self.index_listing(t, name, &d).await;
                        let mut merged = shared.borrow_mut();
                        merged.index_children.insert(d, listed);
                        if let Some(e) = failure {
                            merged.unreadable_indexes.push((tag, e));
                        }
                    }
                }
                // Removed meanwhile: it points nowhere.
                Err(RegistryError::NotFound { .. }) => {
                    shared.borrow_mut().digest_of.remove(&tag);
                }
                Err(error) => {
                    // Unknown now: the next turn resolves it again.
                    shared.borrow_mut().digest_of.remove(&tag);
                    return Err(Stop::TagUnresolvable { tag, error });
                }
            }
        }
        Ok(())
    }

    /// The round's view as it is now: indexes no tag points at any more
    /// list nothing that is kept.
    fn current(shared: &RefCell<Snapshot>) -> Snapshot {
        let mut now = shared.borrow().clone();
        let tagged: BTreeSet<Digest> = now.digest_of.values().cloned().collect();
        now.index_children.retain(|index, _| tagged.contains(index));
        now
    }

    /// Send the DELETE (never twice, never through a redirect) and find out
    /// what it did. `tags` are the tags that pointed at the digest. Only
    /// `run_deletes` may decide to call it; public for the transport tests.
    pub async fn delete_and_check(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        tags: &[&str],
    ) -> Outcome {
        self.delete_and_check_in(t, name, digest, tags, None).await
    }

    /// [`Registry::delete_and_check`] within a run: a tag the check after
    /// the DELETE finds pointing elsewhere is dropped from the round's view
    /// (`shared`), so the next turn resolves it again.
    async fn delete_and_check_in(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        tags: &[&str],
        shared: Option<&RefCell<Snapshot>>,
    ) -> Outcome {
        let request = Request::new(
            Method::Delete,
            self.url(&paths::manifest(name, &Reference::Digest(digest.clone()))),
        );
        let unclear = match t.send(request).await {
            Ok(resp) if resp.status == 202 => {
                return self.check_gone(t, name, digest, tags, shared).await;
            }
            // Another 2xx is not the registry's answer to a DELETE.
            Ok(resp) if resp.is_success() => RegistryError::Malformed {
                expected: super::error::Expected::Accepted,
                got: super::error::Got::answer(&resp),
            },
            Ok(resp) => match RegistryError::from_response(&resp) {
                e @ RegistryError::NotFound {
                    code: Some(ErrorCode::ManifestUnknown),
                    ..
                } => {
                    return match self.present(t, name, digest).await {
                        Ok(false) => Outcome::AlreadyGone,
                        Ok(true) => Outcome::Failed(e),
                        Err(_) => Outcome::Unknown(e),
                    }
                }
                e @ (RegistryError::Redirected { .. }
                | RegistryError::Server { .. }
                | RegistryError::NotFound { .. }) => e,
                // Refused: 401, 403, 405, 400, 429.
                e => return Outcome::Failed(e),
            },
            // No answer (or no answer we may read): it may have happened.
            Err(e) => e,
        };
        match self.present(t, name, digest).await {
            Ok(false) => Outcome::GoneAfterCheck,
            // No answer, or a gateway's error: still there now, yet a
            // DELETE held by a proxy may still land.
            Ok(true)
                if matches!(
                    unclear,
                    RegistryError::Server { .. }
                        | RegistryError::Unreachable { .. }
                        | RegistryError::Timeout { .. }
                        | RegistryError::Cancelled
                ) =>
            {
                Outcome::Unknown(unclear)
            }
            // An answer that is not the registry's DELETE answer (a sign-in
            // page's redirect or 200, a 404 for the repository): it did
            // not get through.
            Ok(true) => Outcome::Failed(unclear),
            Err(_) => Outcome::Unknown(unclear),
        }
    }

    /// After a 202: the manifest and the tags that pointed at it answer no
    /// more.
    async fn check_gone(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        tags: &[&str],
        shared: Option<&RefCell<Snapshot>>,
    ) -> Outcome {
        match self.present(t, name, digest).await {
            Ok(false) => {}
            Ok(true) => return Outcome::StillPresent { tag: None },
            Err(e) => return Outcome::DeletedUnchecked(e),
        }
        for tag in tags {
            let Ok(parsed) = Tag::parse(tag) else {
                continue;
            };
            let read = self.resolve_fresh(t, name, &parsed).await;
            if let Some(shared) = shared {
                // Read again by the next turn that needs it.
                shared.borrow_mut().digest_of.remove(*tag);
            }
            match read {
                Ok((d, _)) if &d == digest => {
                    return Outcome::StillPresent {
                        tag: Some(tag.to_string()),
                    }
                }
                // Gone, or moved elsewhere since: not ours.
                Ok(_) | Err(RegistryError::NotFound { .. }) => {}
                Err(e) => return Outcome::DeletedUnchecked(e),
            }
        }
        Outcome::Deleted
    }
}

#[cfg(test)]
mod tests;
