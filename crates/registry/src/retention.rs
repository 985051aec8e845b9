//! Retention plans: which tags a policy keeps and which it deletes, and why.
//! Plain Rust, decided before anything is sent; the dry run shows exactly
//! this plan, and executing it deletes exactly its digests.

use crate::bulk::{group, Grouped};
use crate::catalog::CatalogUnavailable;
use crate::client::{Registry, Transport};
use crate::deletion::Survey;
use crate::digest::Digest;
use crate::error::RegistryError;
use crate::image::ImageSummary;
use crate::reference::{Reference, RepositoryName};
use crate::tags::natural_cmp;
use crate::time::Timestamp;
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::pattern::Pattern;

/// What to keep. Rules combine: a tag is kept if any keep rule keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Keep the newest N (by created date; undated images rank after dated
    /// ones, by natural tag order, highest first).
    pub keep_newest: Option<usize>,
    /// Keep tags whose image was created less than this many days ago.
    pub keep_newer_than_days: Option<u32>,
    /// Tags matching this are always kept.
    pub always_keep: Pattern,
    /// Only tags matching this are considered; the rest are kept. Empty:
    /// every tag is considered.
    pub only_consider: Pattern,
    /// Images without a date rank as the oldest (and may be deleted).
    /// Off: they are kept, since nobody knows how old they are. A date that
    /// could not be *read* keeps its tag either way.
    pub undated_as_oldest: bool,
}

/// One tag as the planner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFacts {
    pub tag: String,
    pub digest: String,
    /// Seconds since the epoch; `None` when the image has no date.
    pub created: Option<i64>,
    /// Why the date could not be read (a failed request): the tag is kept.
    pub unreadable: Option<String>,
}

/// Why a tag is kept or deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Reason {
    /// Outside `only_consider`.
    NotConsidered,
    /// Matches `always_keep` (the glob).
    AlwaysKept { pattern: String },
    /// Among the newest N (1-based rank).
    AmongNewest { rank: usize },
    /// Newer than the age limit.
    NewerThan { days: u32 },
    /// No date, so the age rule cannot delete it.
    NoDate,
    /// Its date could not be read (why): kept, nothing is guessed.
    DateUnreadable { why: String },
    /// Its digest is also the image of a kept tag: deleting the digest would
    /// delete that tag too.
    SharesDigestWithKept { tag: String },
    /// No keep rule kept it.
    Expired { rank: usize },
    /// The policy has no keep rule: nothing is deleted.
    NoRule,
}

/// A tag's fate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub tag: String,
    pub digest: String,
    pub keep: bool,
    pub reason: Reason,
}

/// The dry run: every tag with its decision, and the digests to delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub decisions: Vec<Decision>,
    /// Each digest once; deleting it removes every tag in `decisions` that
    /// points at it (all of them marked delete).
    pub delete_digests: Vec<String>,
}

const DAY: i64 = 86_400;

/// Newest first: dated by date (newest first), then undated by natural tag
/// order (highest first); ties by tag.
fn newest_first(a: &TagFacts, b: &TagFacts) -> Ordering {
    match (a.created, b.created) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| natural_cmp(&b.tag, &a.tag)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => natural_cmp(&b.tag, &a.tag),
    }
}

/// Decide every tag. `now` is seconds since the epoch.
pub fn plan(tags: &[TagFacts], policy: &Policy, now: i64) -> Plan {
    let has_rule = policy.keep_newest.is_some() || policy.keep_newer_than_days.is_some();
    let mut decided: BTreeMap<&str, (bool, Reason)> = BTreeMap::new();
    let mut considered: Vec<&TagFacts> = Vec::new();
    for t in tags {
        if !policy.only_consider.is_empty() && policy.only_consider.matching(&t.tag).is_none() {
            decided.insert(&t.tag, (true, Reason::NotConsidered));
        } else if let Some(p) = policy.always_keep.matching(&t.tag) {
            decided.insert(
                &t.tag,
                (
                    true,
                    Reason::AlwaysKept {
                        pattern: p.to_string(),
                    },
                ),
            );
        } else if let Some(why) = &t.unreadable {
            decided.insert(&t.tag, (true, Reason::DateUnreadable { why: why.clone() }));
        } else if t.created.is_none() && !policy.undated_as_oldest && has_rule {
            decided.insert(&t.tag, (true, Reason::NoDate));
        } else {
            considered.push(t);
        }
    }
    crate::sort::sort_by(&mut considered, |a, b| newest_first(a, b));
    for (i, t) in considered.iter().enumerate() {
        let rank = i + 1;
        let decision = if !has_rule {
            (true, Reason::NoRule)
        } else if policy.keep_newest.is_some_and(|n| rank <= n) {
            (true, Reason::AmongNewest { rank })
        } else if let Some(days) = policy.keep_newer_than_days {
            match t.created {
                Some(c) if now - c < i64::from(days) * DAY => (true, Reason::NewerThan { days }),
                None if policy.keep_newest.is_none() => (true, Reason::NoDate),
                _ => (false, Reason::Expired { rank }),
            }
        } else {
            (false, Reason::Expired { rank })
        };
        decided.insert(&t.tag, decision);
    }
    // A digest with any kept tag is kept, with all its tags.
    let mut kept_by_digest: BTreeMap<&str, &str> = BTreeMap::new();
    for t in tags {
        if decided.get(t.tag.as_str()).is_some_and(|(keep, _)| *keep) {
            kept_by_digest.entry(&t.digest).or_insert(&t.tag);
        }
    }
    let mut delete_digests = BTreeSet::new();
    let decisions = tags
        .iter()
        .map(|t| {
            let (keep, reason) = decided
                .remove(t.tag.as_str())
                .unwrap_or((true, Reason::NoRule));
            let (keep, reason) = match (keep, kept_by_digest.get(t.digest.as_str())) {
                (false, Some(other)) => (
                    true,
                    Reason::SharesDigestWithKept {
                        tag: other.to_string(),
                    },
                ),
                other => (other.0, reason),
            };
            if !keep {
                delete_digests.insert(t.digest.clone());
            }
            Decision {
                tag: t.tag.clone(),
                digest: t.digest.clone(),
                keep,
                reason,
            }
        })
        .collect();
    Plan {
        decisions,
        delete_digests: delete_digests.into_iter().collect(),
    }
}

/// The plans of several repositories under one policy: what the dry run
/// shows and what the downloads contain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanSet {
    pub policy: Policy,
    /// When it was planned (seconds since the epoch).
    pub planned_at: i64,
    pub repositories: Vec<RepositoryPlan>,
}

/// One repository's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RepositoryPlan {
    pub repository: String,
    #[serde(flatten)]
    pub plan: Plan,
}

impl Reason {
    /// The rule's name and its detail, as exported.
    pub fn rule(&self) -> (&'static str, String) {
        match self {
            Reason::NotConsidered => ("not-considered", String::new()),
            Reason::AlwaysKept { pattern } => ("always-kept", pattern.clone()),
            Reason::AmongNewest { rank } => ("among-newest", rank.to_string()),
            Reason::NewerThan { days } => ("newer-than", days.to_string()),
            Reason::NoDate => ("no-date", String::new()),
            Reason::DateUnreadable { why } => ("date-unreadable", why.clone()),
            Reason::SharesDigestWithKept { tag } => ("shares-digest-with-kept", tag.clone()),
            Reason::Expired { rank } => ("expired", rank.to_string()),
            Reason::NoRule => ("no-rule", String::new()),
        }
    }
}

impl PlanSet {
    /// `repository,tag,digest,action,rule,detail` with a header line;
    /// fields quoted when needed.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("repository,tag,digest,action,rule,detail\n");
        for r in &self.repositories {
            for d in &r.plan.decisions {
                let (rule, detail) = d.reason.rule();
                let action = if d.keep { "keep" } else { "delete" };
                out.push_str(
                    &[
                        csv(&r.repository),
                        csv(&d.tag),
                        csv(&d.digest),
                        action.into(),
                        rule.into(),
                        csv(&detail),
                    ]
                    .join(","),
                );
                out.push('\n');
            }
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// (tags kept, tags deleted, digests deleted) over every repository.
    pub fn totals(&self) -> (usize, usize, usize) {
        self.repositories.iter().fold((0, 0, 0), |(k, d, n), r| {
            let deleted = r.plan.decisions.iter().filter(|x| !x.keep).count();
            (
                k + r.plan.decisions.len() - deleted,
                d + deleted,
                n + r.plan.delete_digests.len(),
            )
        })
    }
}

pub(crate) fn csv(field: &str) -> String {
    // Also defuse spreadsheet formulas: registry text is untrusted.
    let field = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// What planning needs to know about one repository: every tag's digest
/// (and the index structure, for blocked deletes) and one summary per
/// digest (created date, blobs for the reclaim estimate).
#[derive(Clone, Debug, PartialEq)]
pub struct RepositoryFacts {
    pub name: RepositoryName,
    /// The whole tag list, as the registry sent it.
    pub tags: Vec<String>,
    pub survey: Survey,
    pub summaries: BTreeMap<Digest, ImageSummary>,
    /// Digests whose manifest or config could not be read: their tags are
    /// kept, and the plan lists them.
    pub unreadable: Vec<(Digest, RegistryError)>,
}

/// How many manifests are summarised at once while planning.
const FACTS_CONCURRENCY: usize = 4;

impl RepositoryFacts {
    /// The planner's view of every tag (attachment tags left out: they are
    /// not images and go with nothing).
    pub fn tag_facts(&self) -> Vec<TagFacts> {
        self.survey
            .digest_of
            .iter()
            .map(|(tag, digest)| TagFacts {
                tag: tag.clone(),
                digest: digest.to_string(),
                unreadable: self
                    .unreadable
                    .iter()
                    .find(|(d, _)| d == digest)
                    .map(|(_, e)| e.kind().to_string())
                    .or_else(|| {
                        self.summaries
                            .get(digest)
                            .filter(|s| s.date_unparsed)
                            .map(|_| "date-unparsed".to_string())
                    }),
                created: self
                    .summaries
                    .get(digest)
                    .and_then(|s| s.created)
                    .map(Timestamp::seconds),
            })
            .collect()
    }

    /// The plan's deletes as bulk-delete targets (with blocked ones marked).
    pub fn grouped(&self, plan: &Plan) -> Grouped {
        let doomed: Vec<String> = plan
            .decisions
            .iter()
            .filter(|d| !d.keep)
            .map(|d| d.tag.clone())
            .collect();
        group(&doomed, &self.survey)
    }
}

impl Registry {
    /// Gather what planning `name` needs: the tag list, a HEAD per tag, and
    /// a summary per distinct digest.
    pub async fn retention_facts(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
    ) -> Result<RepositoryFacts, RegistryError> {
        let tags = self.list_tags(t, name).await?;
        let survey = self.survey(t, name, &tags).await?;
        let digests: BTreeSet<Digest> = survey.digest_of.values().cloned().collect();
        let summaries: Vec<(Digest, Result<ImageSummary, RegistryError>)> =
            stream::iter(digests.into_iter().map(|d| async move {
                let summary = async {
                    let fetched = self
                        .get_manifest(t, name, &Reference::Digest(d.clone()))
                        .await?;
                    self.summarize(t, name, fetched).await
                }
                .await;
                (d, summary)
            }))
            .buffered(FACTS_CONCURRENCY)
            .collect()
            .await;
        let mut by_digest = BTreeMap::new();
        let mut unreadable = Vec::new();
        for (d, s) in summaries {
            match s {
                Ok(s) => {
                    by_digest.insert(s.digest.clone(), s);
                }
                Err(e) => unreadable.push((d, e)),
            }
        }
        Ok(RepositoryFacts {
            name: name.clone(),
            tags,
            survey,
            summaries: by_digest,
            unreadable,
        })
    }
}

/// Repositories to read, and where the list came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryList {
    pub names: Vec<RepositoryName>,
    /// Read from the catalog: with no pattern, every repository there is.
    pub from_catalog: bool,
}

/// A finished dry run: the plans, and per repository what it knows and
/// the plan grouped into engine targets.
#[derive(Clone, Debug)]
pub struct DryRun {
    pub set: PlanSet,
    pub repositories: Vec<(RepositoryFacts, Grouped)>,
    /// The registry's clock minus this machine's, when they differ by more
    /// than a minute: ages were then counted by the registry's clock.
    pub clock_skew: Option<i64>,
}

impl Registry {
    /// Which repositories `pattern` names: a plain name is that repository
    /// (not looked up); anything with a glob or a comma is matched against
    /// the whole catalog.
    pub async fn repositories_matching(
        &self,
        t: &impl Transport,
        pattern: &str,
    ) -> Result<Vec<RepositoryName>, RegistryError> {
        self.repositories_matching_in(t, pattern, &[]).await
    }

    /// [`Registry::repositories_matching`] for a registry whose catalog may
    /// be unavailable (`CatalogUnavailable`: GitLab, GHCR, Harbor for
    /// non-admins): then the globs match over `known` (the repositories
    /// the user listed or opened by name) instead. A catalog that answers
    /// is always used; an empty `known` keeps the catalog's error.
    pub async fn repositories_matching_in(
        &self,
        t: &impl Transport,
        pattern: &str,
        known: &[String],
    ) -> Result<Vec<RepositoryName>, RegistryError> {
        self.repository_list(t, Some(pattern), known)
            .await
            .map(|list| list.names)
    }

    /// The repositories `pattern` names ([`Registry::repositories_matching_in`]),
    /// or every repository when there is no pattern, and whether the list
    /// came from the catalog (not from `known`, nor a plain name taken as
    /// it is).
    pub async fn repository_list(
        &self,
        t: &impl Transport,
        pattern: Option<&str>,
        known: &[String],
    ) -> Result<RepositoryList, RegistryError> {
        let globs = match pattern.map(str::trim) {
            Some(plain) if !plain.contains(['*', '?', ',']) => {
                return RepositoryName::parse(plain)
                    .map(|n| RepositoryList {
                        names: vec![n],
                        from_catalog: false,
                    })
                    .map_err(|e| RegistryError::invalid_reference(plain, e));
            }
            Some(globs) => Some(Pattern::parse(globs)),
            None => None,
        };
        let (all, from_catalog) = match self.list_repositories(t, |_, _| {}).await {
            Ok(all) => (all, true),
            Err(e) if !known.is_empty() && CatalogUnavailable::of(&e).is_some() => {
                let mut all = known.to_vec();
                crate::sort::sort_dedup(&mut all);
                (all, false)
            }
            Err(e) => return Err(e),
        };
        Ok(RepositoryList {
            names: all
                .into_iter()
                .filter(|n| globs.as_ref().is_none_or(|g| g.matching(n).is_some()))
                .filter_map(|n| RepositoryName::parse(&n).ok())
                .collect(),
            from_catalog,
        })
    }

    /// Plan `policy` over the repositories `pattern` names, as the registry
    /// is now (`now`: seconds since the epoch). `progress(i, total, name)`
    /// is called before each repository. Nothing is deleted: the engine
    /// runs the grouped targets once the user confirms.
    pub async fn dry_run(
        &self,
        t: &impl Transport,
        pattern: &str,
        policy: &Policy,
        now: i64,
        progress: impl FnMut(usize, usize, &RepositoryName),
    ) -> Result<DryRun, RegistryError> {
        self.dry_run_in(t, pattern, &[], policy, now, progress)
            .await
    }

    /// [`Registry::dry_run`] whose pattern matches over `known` when the
    /// catalog is unavailable ([`Registry::repositories_matching_in`]).
    pub async fn dry_run_in(
        &self,
        t: &impl Transport,
        pattern: &str,
        known: &[String],
        policy: &Policy,
        now: i64,
        mut progress: impl FnMut(usize, usize, &RepositoryName),
    ) -> Result<DryRun, RegistryError> {
        let names = self.repositories_matching_in(t, pattern, known).await?;
        // Ages by the registry's clock when ours is more than a minute off;
        // the plan is still dated by ours (a plan file checks its age here).
        let clock = crate::time::Clock::of(now, self.registry_time(t).await);
        // Protected tags are always kept.
        let mut policy = policy.clone();
        if !self.protected().is_empty() {
            let both = [policy.always_keep.to_string(), self.protected().to_string()];
            policy.always_keep = Pattern::parse(&both.join(","));
        }
        let policy = &policy;
        let mut set = PlanSet {
            policy: policy.clone(),
            planned_at: now,
            repositories: Vec::new(),
        };
        let mut repositories = Vec::new();
        let total = names.len();
        for (i, name) in names.into_iter().enumerate() {
            progress(i + 1, total, &name);
            let facts = self.retention_facts(t, &name).await?;
            let mut tags = facts.tag_facts();
            // Newest first reads best; the planner does not depend on order.
            crate::sort::sort_by(&mut tags, |a, b| {
                b.created
                    .cmp(&a.created)
                    .then_with(|| natural_cmp(&b.tag, &a.tag))
            });
            let plan = plan(&tags, policy, clock.now);
            let grouped = facts.grouped(&plan);
            set.repositories.push(RepositoryPlan {
                repository: name.to_string(),
                plan,
            });
            repositories.push((facts, grouped));
        }
        Ok(DryRun {
            set,
            repositories,
            clock_skew: clock.skew,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_800_000_000;

    fn t(tag: &str, digest: &str, days_old: Option<i64>) -> TagFacts {
        TagFacts {
            tag: tag.into(),
            digest: digest.into(),
            created: days_old.map(|d| NOW - d * DAY),
            unreadable: None,
        }
    }

    fn kept(p: &Plan) -> Vec<&str> {
        p.decisions
            .iter()
            .filter(|d| d.keep)
            .map(|d| d.tag.as_str())
            .collect()
    }

    fn tags() -> Vec<TagFacts> {
        vec![
            t("b1", "d1", Some(1)),
            t("b2", "d2", Some(10)),
            t("b3", "d3", Some(40)),
            t("b4", "d4", Some(100)),
            t("latest", "d1", Some(1)),
            t("v1.9", "d9", None),
            t("v1.10", "d10", None),
        ]
    }

    #[test]
    fn no_rule_deletes_nothing() {
        let p = plan(&tags(), &Policy::default(), NOW);
        assert!(p.delete_digests.is_empty());
        assert!(p
            .decisions
            .iter()
            .all(|d| d.keep && d.reason == Reason::NoRule));
    }

    #[test]
    fn undated_images_are_kept_unless_they_are_to_count_as_oldest() {
        let policy = Policy {
            keep_newest: Some(1),
            ..Policy::default()
        };
        let p = plan(&tags(), &policy, NOW);
        assert_eq!(kept(&p), vec!["b1", "latest", "v1.9", "v1.10"]);
        let v19 = p.decisions.iter().find(|d| d.tag == "v1.9").unwrap();
        assert_eq!(v19.reason, Reason::NoDate);
        // A date that could not be read keeps the tag even then.
        let mut facts = tags();
        facts[1].unreadable = Some("timeout".into());
        let p = plan(
            &facts,
            &Policy {
                undated_as_oldest: true,
                ..policy
            },
            NOW,
        );
        assert_eq!(kept(&p), vec!["b1", "b2", "latest"]);
        let b2 = p.decisions.iter().find(|d| d.tag == "b2").unwrap();
        assert_eq!(
            b2.reason,
            Reason::DateUnreadable {
                why: "timeout".into()
            }
        );
    }

    #[test]
    fn keep_newest_ranks_dated_first_then_undated_by_natural_order() {
        let policy = Policy {
            keep_newest: Some(3),
            undated_as_oldest: true,
            ..Policy::default()
        };
        let p = plan(&tags(), &policy, NOW);
        // Newest: b1/latest (same date; natural desc: latest > b1), b2.
        assert_eq!(kept(&p), vec!["b1", "b2", "latest"]);
        assert_eq!(p.delete_digests, vec!["d10", "d3", "d4", "d9"]);
        let v110 = p.decisions.iter().find(|d| d.tag == "v1.10").unwrap();
        let v19 = p.decisions.iter().find(|d| d.tag == "v1.9").unwrap();
        assert_eq!(
            (v110.reason.clone(), v19.reason.clone()),
            (Reason::Expired { rank: 6 }, Reason::Expired { rank: 7 })
        );
    }

    #[test]
    fn keep_newer_than_keeps_undated_when_it_is_the_only_rule() {
        let policy = Policy {
            keep_newer_than_days: Some(30),
            ..Policy::default()
        };
        let p = plan(&tags(), &policy, NOW);
        assert_eq!(kept(&p), vec!["b1", "b2", "latest", "v1.9", "v1.10"]);
        assert_eq!(p.delete_digests, vec!["d3", "d4"]);
        assert_eq!(p.decisions[5].reason, Reason::NoDate);
    }

    #[test]
    fn rules_combine_as_a_union_of_keeps() {
        let policy = Policy {
            keep_newest: Some(1),
            keep_newer_than_days: Some(30),
            undated_as_oldest: true,
            ..Policy::default()
        };
        let p = plan(&tags(), &policy, NOW);
        assert_eq!(kept(&p), vec!["b1", "b2", "latest"]);
        assert_eq!(p.decisions[1].reason, Reason::NewerThan { days: 30 });
    }

    #[test]
    fn always_keep_and_only_consider() {
        let policy = Policy {
            keep_newest: Some(1),
            always_keep: Pattern::parse("v1.9"),
            only_consider: Pattern::parse("b*, v*"),
            undated_as_oldest: true,
            ..Policy::default()
        };
        let p = plan(&tags(), &policy, NOW);
        let reason = |tag: &str| {
            p.decisions
                .iter()
                .find(|d| d.tag == tag)
                .unwrap()
                .reason
                .clone()
        };
        assert_eq!(reason("latest"), Reason::NotConsidered);
        assert_eq!(
            reason("v1.9"),
            Reason::AlwaysKept {
                pattern: "v1.9".into()
            }
        );
        assert_eq!(reason("b1"), Reason::AmongNewest { rank: 1 });
        assert_eq!(p.delete_digests, vec!["d10", "d2", "d3", "d4"]);
    }

    #[test]
    fn a_digest_shared_with_a_kept_tag_is_kept_and_says_why() {
        // "old" points at the same image as the always-kept "stable".
        let tags = vec![
            t("new", "d1", Some(1)),
            t("old", "d2", Some(90)),
            t("stable", "d2", Some(90)),
        ];
        let policy = Policy {
            keep_newest: Some(1),
            always_keep: Pattern::parse("stable"),
            ..Policy::default()
        };
        let p = plan(&tags, &policy, NOW);
        assert_eq!(
            p.decisions[1].reason,
            Reason::SharesDigestWithKept {
                tag: "stable".into()
            }
        );
        assert!(p.delete_digests.is_empty());
        // Every tag of a deleted digest is marked delete.
        let tags = vec![
            t("new", "d1", Some(1)),
            t("a", "d2", Some(90)),
            t("b", "d2", Some(90)),
        ];
        let p = plan(
            &tags,
            &Policy {
                keep_newest: Some(1),
                ..Policy::default()
            },
            NOW,
        );
        assert_eq!(p.delete_digests, vec!["d2"]);
        assert!(!p.decisions[1].keep && !p.decisions[2].keep);
    }

    #[test]
    fn exports() {
        let tags = vec![t("=cmd", "d1", Some(1)), t("x,y", "d2", Some(90))];
        let p = plan(
            &tags,
            &Policy {
                keep_newest: Some(1),
                ..Policy::default()
            },
            NOW,
        );
        let set = PlanSet {
            policy: Policy::default(),
            planned_at: NOW,
            repositories: vec![RepositoryPlan {
                repository: "team/app".into(),
                plan: p,
            }],
        };
        let csv = set.to_csv();
        assert_eq!(
            csv.lines().next(),
            Some("repository,tag,digest,action,rule,detail")
        );
        assert!(
            csv.contains("team/app,'=cmd,d1,keep,among-newest,1"),
            "{csv}"
        );
        assert!(
            csv.contains("team/app,\"x,y\",d2,delete,expired,2"),
            "{csv}"
        );
        assert_eq!(set.totals(), (1, 1, 1));
        let json: serde_json::Value = serde_json::from_str(&set.to_json()).unwrap();
        let p = &json["repositories"][0];
        assert_eq!(p["repository"], "team/app");
        assert_eq!(p["delete_digests"], serde_json::json!(["d2"]));
        assert_eq!(p["decisions"][1]["reason"]["rule"], "expired");
    }

    #[test]
    fn a_dry_run_plans_every_matching_repository_as_the_registry_is_now() {
        use crate::manifest::media;
        use crate::testing::{block_on, ok, with_headers, Scripted};
        let config = |year: u32| {
            format!(r#"{{"created":"{year}-01-01T00:00:00Z","os":"linux","architecture":"amd64"}}"#)
        };
        let image = |cfg: &str| {
            format!(
                r#"{{"mediaType":"{}","config":{{"digest":"{}","size":{}}},"layers":[]}}"#,
                media::OCI_MANIFEST,
                Digest::sha256_of(cfg.as_bytes()),
                cfg.len()
            )
        };
        let (old_cfg, new_cfg) = (config(2020), config(2026));
        let (old, new) = (image(&old_cfg), image(&new_cfg));
        let head = |m: &str| {
            with_headers(
                b"",
                &[
                    (
                        "Docker-Content-Digest",
                        &Digest::sha256_of(m.as_bytes()).to_string(),
                    ),
                    ("Content-Type", media::OCI_MANIFEST),
                ],
            )
        };
        let body = |b: &str| with_headers(b.as_bytes(), &[("Content-Type", media::OCI_MANIFEST)]);
        let mut answers = vec![
            ok(r#"{"repositories":["team/app","team/db","web"]}"#, None),
            // The registry's clock: an hour ahead of ours.
            with_headers(b"{}", &[("Date", "Fri, 15 Jan 2027 09:00:00 GMT")]),
            ok(r#"{"name":"team/app","tags":["v1","v2"]}"#, None),
            head(&old),
            head(&new),
        ];
        // Then each distinct digest once, in digest order: manifest, config.
        let mut images = [(&old, &old_cfg), (&new, &new_cfg)];
        images.sort_by_key(|(m, _)| Digest::sha256_of(m.as_bytes()));
        for (m, cfg) in images {
            answers.push(body(m));
            answers.push(with_headers(cfg.as_bytes(), &[]));
        }
        answers.push(ok(r#"{"name":"team/db","tags":null}"#, None));
        let t = Scripted::new(answers);
        let policy = Policy {
            keep_newest: Some(1),
            ..Policy::default()
        };
        let mut seen = Vec::new();
        let now = 1_800_000_000;
        let run = block_on(Registry::new("http://r").dry_run(
            &t,
            "team/*",
            &policy,
            now,
            |i, n, name| seen.push(format!("{i}/{n} {name}")),
        ))
        .unwrap();
        assert_eq!(seen, vec!["1/2 team/app", "2/2 team/db"]);
        // Ages were counted by the registry's clock, and the run says so;
        // the plan is dated by ours.
        assert_eq!(run.set.planned_at, now);
        assert_eq!(run.clock_skew, Some(3600));
        let app = &run.set.repositories[0];
        assert_eq!(app.repository, "team/app");
        let old_digest = Digest::sha256_of(old.as_bytes());
        assert_eq!(app.plan.delete_digests, vec![old_digest.to_string()]);
        let (facts, grouped) = &run.repositories[0];
        assert_eq!(facts.tags, vec!["v1", "v2"]);
        assert_eq!(grouped.targets.len(), 1);
        assert_eq!(grouped.targets[0].digest, old_digest);
        assert_eq!(grouped.targets[0].tags, vec!["v1"]);
        assert!(run.set.repositories[1].plan.delete_digests.is_empty());
        // Written down as a plan file, it is the same confirmed deletes.
        let file = crate::plan_file::PlanFile::from_dry_run("http://r", &run);
        assert_eq!(file.made_at, now);
        assert_eq!(file.repositories[0].known_tags, vec!["v1", "v2"]);
        assert_eq!(
            file.repositories[0].deletes,
            vec![crate::plan_file::PlannedDelete {
                digest: old_digest.to_string(),
                tags: vec!["v1".into()],
            }]
        );
        assert!(file.repositories[1].deletes.is_empty());
        let jobs = file.jobs().unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].targets[0].digest, old_digest);
        assert!(t.answers.borrow().is_empty(), "every scripted answer used");
        // A plain name is that repository, not looked up in the catalog.
        let t = Scripted::new(vec![]);
        let names = block_on(Registry::new("http://r").repositories_matching(&t, " web ")).unwrap();
        assert_eq!(names, vec![RepositoryName::parse("web").unwrap()]);
        assert!(t.asked.borrow().is_empty());
    }

    #[test]
    fn without_a_catalog_patterns_match_over_the_known_repositories() {
        use crate::testing::{block_on, ok, status, Scripted};
        let refused = |code: u16, error: &str| {
            status(
                code,
                &format!(r#"{{"errors":[{{"code":"{error}","message":"m"}}]}}"#),
            )
        };
        let known: Vec<String> = ["team/app", "base/os", "team/db", "team/app"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let r = Registry::new("http://r");
        for (status, code) in [
            (401, "UNAUTHORIZED"),
            (403, "DENIED"),
            (404, "NAME_UNKNOWN"),
            (405, "UNSUPPORTED"),
        ] {
            let t = Scripted::new(vec![refused(status, code)]);
            let names = block_on(r.repositories_matching_in(&t, "team/*", &known)).unwrap();
            assert_eq!(
                names.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
                vec!["team/app", "team/db"],
                "{status}"
            );
            assert_eq!(t.asked.borrow().len(), 1, "the catalog is asked first");
        }
        // A catalog that answers wins over the known list.
        let t = Scripted::new(vec![ok(r#"{"repositories":["team/web"]}"#, None)]);
        let names = block_on(r.repositories_matching_in(&t, "team/*", &known)).unwrap();
        assert_eq!(names, vec![RepositoryName::parse("team/web").unwrap()]);
        // No pattern: every repository, and where the list came from.
        let t = Scripted::new(vec![ok(r#"{"repositories":["base/os","team/web"]}"#, None)]);
        let list = block_on(r.repository_list(&t, None, &known)).unwrap();
        assert_eq!((list.names.len(), list.from_catalog), (2, true));
        let t = Scripted::new(vec![refused(404, "NAME_UNKNOWN")]);
        let list = block_on(r.repository_list(&t, None, &known)).unwrap();
        assert_eq!(
            list.names.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
            vec!["base/os", "team/app", "team/db"]
        );
        assert!(!list.from_catalog);
        // Nothing known: the catalog's refusal is the answer.
        let t = Scripted::new(vec![refused(403, "DENIED")]);
        assert!(matches!(
            block_on(r.repositories_matching_in(&t, "team/*", &[])),
            Err(RegistryError::Denied { .. })
        ));
        // Another failure is not hidden by the known list.
        let t = Scripted::new(vec![refused(400, "NAME_INVALID")]);
        assert!(matches!(
            block_on(r.repositories_matching_in(&t, "team/*", &known)),
            Err(RegistryError::Rejected { status: 400, .. })
        ));
    }
}
