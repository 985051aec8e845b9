//! The plan file: a confirmed clean-up written down, so a plan made and
//! dry-run in one place can be reviewed or run in another (the browser's
//! clean-up page, a scheduled command). Versioned JSON:
//!
//! ```json
//! { "format": "shipshape-plan", "version": 1,
//!   "registry": "https://registry.example.com", "made_at": 1788256800,
//!   "policy": { … },
//!   "repositories": [ { "name": "team/app", "known_tags": ["v1", "v2"],
//!     "deletes": [ { "digest": "sha256:…", "tags": ["v1"] } ] } ] }
//! ```
//!
//! Each delete is a digest with the exact tags confirmed for it: the delete
//! engine sends it only while the tags pointing at it are among those.

use crate::digest::{Digest, DigestParseError};
use crate::engine::{Job, Target};
use crate::reference::{ReferenceError, RepositoryName};
use crate::retention::{DryRun, Policy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` every plan file names.
pub const FORMAT: &str = "shipshape-plan";
/// The version this code writes and the newest it reads.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFile {
    pub format: String,
    pub version: u32,
    /// The registry's API base the plan was made against.
    pub registry: String,
    /// When it was made (seconds since the epoch).
    pub made_at: i64,
    pub policy: Policy,
    pub repositories: Vec<PlannedRepository>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRepository {
    pub name: String,
    /// The tag list the plan was confirmed against.
    pub known_tags: Vec<String>,
    pub deletes: Vec<PlannedDelete>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDelete {
    pub digest: String,
    /// Every tag confirmed to go with the digest.
    pub tags: Vec<String>,
}

/// Why a plan file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanFileError {
    /// Not JSON, or not shaped like a plan (`detail`: the parser's words).
    Unreadable { detail: String },
    /// JSON, but another kind of file.
    NotAPlan,
    /// Written by a newer Shipshape.
    NewerVersion { found: u32 },
    BadName {
        input: String,
        reason: ReferenceError,
    },
    BadDigest {
        input: String,
        reason: DigestParseError,
    },
    /// Made for another registry.
    OtherRegistry { plan: String, here: String },
    /// Older than allowed (seconds).
    TooOld { age: i64, max: i64 },
    /// Made `ahead` seconds in the future (beyond [`FUTURE_TOLERANCE`]): a
    /// wrong clock, or a file made to look fresh. Refused.
    FromTheFuture { ahead: i64 },
}

/// How far in the future a plan's `made_at` may be (clocks differ a little).
pub const FUTURE_TOLERANCE: i64 = 300;

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl PlanFile {
    /// What a dry run would delete (the targets not blocked), as a file.
    pub fn from_dry_run(registry: &str, run: &DryRun) -> PlanFile {
        PlanFile {
            format: FORMAT.into(),
            version: VERSION,
            registry: registry.to_string(),
            made_at: run.set.planned_at,
            policy: run.set.policy.clone(),
            repositories: run
                .repositories
                .iter()
                .map(|(facts, grouped)| PlannedRepository {
                    name: facts.name.to_string(),
                    known_tags: facts.tags.clone(),
                    deletes: grouped
                        .sendable()
                        .into_iter()
                        .map(|t| PlannedDelete {
                            digest: t.digest.to_string(),
                            tags: t.tags,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a plan file: its format and version first, then the rest; every
    /// name and digest must parse.
    pub fn parse(bytes: &[u8]) -> Result<PlanFile, PlanFileError> {
        let unreadable = |e: serde_json::Error| PlanFileError::Unreadable {
            detail: e.to_string(),
        };
        let header: Header = serde_json::from_slice(bytes).map_err(unreadable)?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(PlanFileError::NotAPlan);
        }
        match header.version {
            Some(v) if v > VERSION => return Err(PlanFileError::NewerVersion { found: v }),
            Some(_) => {}
            None => return Err(PlanFileError::NotAPlan),
        }
        let plan: PlanFile = serde_json::from_slice(bytes).map_err(unreadable)?;
        plan.jobs()?;
        Ok(plan)
    }

    /// Usable here and now: made for `registry` (trailing slashes aside),
    /// and no older than `max_age` seconds when given.
    pub fn check(
        &self,
        registry: &str,
        now: i64,
        max_age: Option<i64>,
    ) -> Result<(), PlanFileError> {
        let base = |s: &str| s.trim().trim_end_matches('/').to_ascii_lowercase();
        if base(&self.registry) != base(registry) {
            return Err(PlanFileError::OtherRegistry {
                plan: self.registry.clone(),
                here: registry.to_string(),
            });
        }
        if self.made_at - now > FUTURE_TOLERANCE {
            return Err(PlanFileError::FromTheFuture {
                ahead: self.made_at - now,
            });
        }
        match max_age {
            Some(max) if now - self.made_at > max => Err(PlanFileError::TooOld {
                age: now - self.made_at,
                max,
            }),
            _ => Ok(()),
        }
    }

    /// The engine's jobs: per repository, every digest with exactly its
    /// confirmed tags, against the tag list the plan saw.
    pub fn jobs(&self) -> Result<Vec<Job>, PlanFileError> {
        self.repositories
            .iter()
            .filter(|r| !r.deletes.is_empty())
            .map(|r| {
                let name =
                    RepositoryName::parse(&r.name).map_err(|reason| PlanFileError::BadName {
                        input: r.name.clone(),
                        reason,
                    })?;
                let targets = r
                    .deletes
                    .iter()
                    .map(|d| {
                        let digest = Digest::parse(&d.digest).map_err(|reason| {
                            PlanFileError::BadDigest {
                                input: d.digest.clone(),
                                reason,
                            }
                        })?;
                        Ok(Target::confirmed(digest, d.tags.clone()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Job {
                    name,
                    targets,
                    known_tags: r.known_tags.clone(),
                    seen: BTreeMap::new(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retention::Pattern;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn plan() -> PlanFile {
        PlanFile {
            format: FORMAT.into(),
            version: VERSION,
            registry: "https://registry.example.com".into(),
            made_at: 1_800_000_000,
            policy: Policy {
                keep_newest: Some(3),
                always_keep: Pattern::parse("latest, v*"),
                ..Policy::default()
            },
            repositories: vec![
                PlannedRepository {
                    name: "team/app".into(),
                    known_tags: vec!["a".into(), "b".into(), "latest".into()],
                    deletes: vec![PlannedDelete {
                        digest: Digest::sha256_of(b"a").to_string(),
                        tags: vec!["a".into(), "b".into()],
                    }],
                },
                PlannedRepository {
                    name: "team/db".into(),
                    known_tags: vec!["x".into()],
                    deletes: vec![],
                },
            ],
        }
    }

    #[test]
    fn a_plan_survives_the_round_trip_and_becomes_engine_jobs() {
        let p = plan();
        let read = PlanFile::parse(p.to_json().as_bytes()).unwrap();
        assert_eq!(read, p);
        let jobs = read.jobs().unwrap();
        assert_eq!(
            jobs.len(),
            1,
            "a repository with nothing to delete is no job"
        );
        assert_eq!(jobs[0].name.as_str(), "team/app");
        assert_eq!(jobs[0].known_tags, vec!["a", "b", "latest"]);
        assert_eq!(jobs[0].targets[0].digest, Digest::sha256_of(b"a"));
        assert_eq!(jobs[0].targets[0].tags, vec!["a", "b"]);
        assert_eq!(jobs[0].targets[0].selected, vec!["a", "b"]);
    }

    #[test]
    fn files_that_are_not_usable_plans_say_why() {
        assert!(matches!(
            PlanFile::parse(b"not json"),
            Err(PlanFileError::Unreadable { .. })
        ));
        assert_eq!(
            PlanFile::parse(br#"{"repositories":[]}"#),
            Err(PlanFileError::NotAPlan)
        );
        let mut newer = plan();
        newer.version = VERSION + 1;
        assert_eq!(
            PlanFile::parse(newer.to_json().as_bytes()),
            Err(PlanFileError::NewerVersion { found: VERSION + 1 })
        );
        let mut bad = plan();
        bad.repositories[0].deletes[0].digest = "sha256:abc".into();
        assert!(matches!(
            PlanFile::parse(bad.to_json().as_bytes()),
            Err(PlanFileError::BadDigest { .. })
        ));
        let mut bad = plan();
        bad.repositories[0].name = "Team/App".into();
        assert!(matches!(
            PlanFile::parse(bad.to_json().as_bytes()),
            Err(PlanFileError::BadName { .. })
        ));
        let mut missing = serde_json::to_value(plan()).unwrap();
        missing.as_object_mut().unwrap().remove("policy");
        assert!(matches!(
            PlanFile::parse(missing.to_string().as_bytes()),
            Err(PlanFileError::Unreadable { .. })
        ));
    }

    #[test]
    fn a_plan_runs_only_on_its_registry_and_while_fresh() {
        let p = plan();
        let now = p.made_at + 3600;
        assert_eq!(
            p.check("https://registry.example.com/", now, Some(86_400)),
            Ok(())
        );
        assert!(matches!(
            p.check("https://other.example.com", now, None),
            Err(PlanFileError::OtherRegistry { .. })
        ));
        assert_eq!(
            p.check("https://registry.example.com", now, Some(60)),
            Err(PlanFileError::TooOld { age: 3600, max: 60 })
        );
        assert_eq!(p.check("https://registry.example.com", now, None), Ok(()));
        // Made in the future: refused, with or without an age limit; a
        // few minutes of clock difference pass.
        let before = p.made_at - 3600;
        for max in [None, Some(86_400)] {
            assert_eq!(
                p.check("https://registry.example.com", before, max),
                Err(PlanFileError::FromTheFuture { ahead: 3600 })
            );
        }
        assert_eq!(
            p.check("https://registry.example.com", p.made_at - 60, None),
            Ok(())
        );
    }
}
