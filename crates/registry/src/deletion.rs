//! What a DELETE of a manifest really removes, found out before it is sent:
//! every tag pointing at the digest (2.x removes them all), the children an
//! index leaves untagged, tagged indexes that would break, and attached
//! signatures. And the last check right before sending: the tag still points
//! where the user saw it point.

use super::client::{Registry, Transport};
use super::digest::Digest;
use super::engine::{Job, Target};
use super::error::RegistryError;
use super::image::ImageSummary;
use super::manifest::Manifest;
use super::reference::{Reference, RepositoryName, Tag};
use crate::tags::{attachment, natural_cmp, AttachmentKind};
use futures::stream::{self, StreamExt};
use std::collections::BTreeMap;

/// A manifest an index lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Child {
    pub digest: String,
    /// `linux/arm64/v8`, or `attestation`.
    pub what: String,
}

/// Everything a DELETE of `digest` takes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteImpact {
    pub digest: Digest,
    /// Every tag that points at the digest now; all of them go.
    pub tags: Vec<String>,
    /// When the digest is an index: its platforms and attestations, which
    /// become untagged and go at the next garbage collection.
    pub children: Vec<Child>,
    /// Tagged indexes that list this digest: deleting it breaks them.
    /// Blocks the delete.
    pub parents: Vec<(String, String)>,
    /// cosign digest tags (`sha256-<hex>.sig` …) attached to the digest:
    /// separate manifests, left behind unless deleted too.
    pub attachments: Vec<(String, AttachmentKind)>,
    /// The manifest each attachment tag points at (resolved uncached).
    pub attachment_digests: Vec<(String, Digest)>,
}

impl DeleteImpact {
    /// A tagged index still needs this manifest.
    pub fn is_blocked(&self) -> bool {
        !self.parents.is_empty()
    }

    /// What the user confirms: the digest with every tag shown (`shown`
    /// is the tag they opened it from), and with `attachments_too` one
    /// target per attached manifest with the attachment tags on it.
    pub fn targets(&self, shown: Option<&str>, attachments_too: bool) -> Vec<Target> {
        let mut main = Target::confirmed(self.digest.clone(), self.tags.clone());
        if let Some(tag) = shown {
            main.selected = vec![tag.to_string()];
        }
        main.children = self.children.len();
        main.attachments = self.attachments.clone();
        main.blocked_by = self
            .parents
            .iter()
            .filter_map(|(t, d)| Some((t.clone(), Digest::parse(d).ok()?)))
            .collect();
        let mut out = vec![main];
        if attachments_too {
            for (tag, d) in &self.attachment_digests {
                match out.iter_mut().find(|x| &x.digest == d) {
                    Some(x) => {
                        x.tags.push(tag.clone());
                        x.selected.push(tag.clone());
                    }
                    None => out.push(Target::confirmed(d.clone(), vec![tag.clone()])),
                }
            }
        }
        out
    }
}

/// Why a delete was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Abort {
    /// The tag points at another digest than the one confirmed.
    TagMoved {
        tag: String,
        confirmed: Digest,
        now: Digest,
    },
    /// The registry could not be asked.
    Registry(RegistryError),
}

/// What every tag of a repository points at, found with a HEAD per tag, and
/// what every index among them lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Tag → digest, for every tag that is not a cosign attachment tag.
    pub digest_of: BTreeMap<String, Digest>,
    /// Index digest → the digests it lists (platforms and attestations).
    pub index_children: BTreeMap<Digest, Vec<Digest>>,
    /// cosign attachment tags: tag → (the digest it is attached to, kind).
    pub attachments: BTreeMap<String, (Digest, AttachmentKind)>,
    /// cosign attachment tags: tag → the manifest it points at (the
    /// signature, SBOM or attestation itself).
    pub attachment_digests: BTreeMap<String, Digest>,
}

impl Survey {
    /// Every tag pointing at `digest` (attachment tags too: deleting a
    /// signature manifest takes its tag), in natural order.
    pub fn tags_of(&self, digest: &Digest) -> Vec<String> {
        let mut tags: Vec<String> = self
            .digest_of
            .iter()
            .chain(self.attachment_digests.iter())
            .filter(|(_, d)| *d == digest)
            .map(|(t, _)| t.clone())
            .collect();
        crate::sort::sort_by(&mut tags, |a, b| natural_cmp(a, b));
        tags
    }

    /// Tags of indexes that list `digest`, with the index digest.
    pub fn parents_of(&self, digest: &Digest) -> Vec<(String, Digest)> {
        self.digest_of
            .iter()
            .filter(|(_, d)| {
                self.index_children
                    .get(*d)
                    .is_some_and(|children| children.contains(digest))
            })
            .map(|(t, d)| (t.clone(), d.clone()))
            .collect()
    }

    /// Attachment tags (signatures, SBOMs…) attached to `digest`.
    pub fn attachments_of(&self, digest: &Digest) -> Vec<(String, AttachmentKind)> {
        self.attachments
            .iter()
            .filter(|(_, (target, _))| target == digest)
            .map(|(t, (_, k))| (t.clone(), *k))
            .collect()
    }
}

/// How many HEADs a survey sends at once.
const SURVEY_CONCURRENCY: usize = 6;

impl Registry {
    /// Resolve every tag in `tags` (the repository's whole tag list): a HEAD
    /// each, a few at a time, then a GET of every index to learn its
    /// children.
    pub async fn survey(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tags: &[String],
    ) -> Result<Survey, RegistryError> {
        let mut survey = Survey::default();
        let mut to_resolve = Vec::new();
        for tag in tags {
            if let Some((d, kind)) = attachment(tag) {
                survey.attachments.insert(tag.clone(), (d, kind));
            }
            if let Ok(parsed) = Tag::parse(tag) {
                to_resolve.push((tag.clone(), parsed));
            }
        }
        let resolved: Vec<Result<(String, Digest, bool), RegistryError>> =
            stream::iter(to_resolve.into_iter().map(|(tag, parsed)| async move {
                let (d, is_index) = self.resolve_fresh(t, name, &parsed).await?;
                Ok((tag, d, is_index))
            }))
            .buffered(SURVEY_CONCURRENCY)
            .collect()
            .await;
        let mut indexes = Vec::new();
        for r in resolved {
            let (tag, d, is_index) = r?;
            if survey.attachments.contains_key(&tag) {
                survey.attachment_digests.insert(tag, d);
                continue;
            }
            if is_index && !indexes.contains(&d) {
                indexes.push(d.clone());
            }
            survey.digest_of.insert(tag, d);
        }
        for index_digest in indexes {
            let fetched = self
                .get_manifest(t, name, &Reference::Digest(index_digest.clone()))
                .await?;
            if let Manifest::Index { index, .. } = &fetched.manifest {
                let children = index
                    .manifests
                    .iter()
                    .filter_map(|m| m.digest.valid().cloned())
                    .collect();
                survey.index_children.insert(index_digest, children);
            }
        }
        Ok(survey)
    }

    /// Resolve every tag, then find what deleting `digest` takes with it.
    /// `tags` is the repository's whole tag list.
    pub async fn delete_impact(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        tags: &[String],
    ) -> Result<DeleteImpact, RegistryError> {
        let survey = self.survey(t, name, tags).await?;
        self.impact_from(t, name, digest, &survey).await
    }

    /// What deleting `digest` takes with it, given a survey of the repository.
    pub async fn impact_from(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        survey: &Survey,
    ) -> Result<DeleteImpact, RegistryError> {
        let target = self
            .get_manifest(t, name, &Reference::Digest(digest.clone()))
            .await?;
        let children = match &target.manifest {
            Manifest::Index { index, .. } => index
                .manifests
                .iter()
                .map(|m| Child {
                    digest: m.digest.to_string(),
                    what: if m.is_attestation() {
                        "attestation".into()
                    } else {
                        m.platform
                            .as_ref()
                            .map(|p| p.display())
                            .unwrap_or_else(|| "?".into())
                    },
                })
                .collect(),
            _ => Vec::new(),
        };
        let attachments = survey.attachments_of(digest);
        let attachment_digests = attachments
            .iter()
            .filter_map(|(tag, _)| Some((tag.clone(), survey.attachment_digests.get(tag)?.clone())))
            .collect();
        Ok(DeleteImpact {
            tags: survey.tags_of(digest),
            digest: digest.clone(),
            children,
            parents: survey
                .parents_of(digest)
                .into_iter()
                .map(|(t, d)| (t, d.to_string()))
                .collect(),
            attachments,
            attachment_digests,
        })
    }

    /// The last check before a DELETE: `tag` must still point at `confirmed`.
    pub async fn recheck(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        tag: &Tag,
        confirmed: &Digest,
    ) -> Result<(), Abort> {
        let now = self
            .resolve_digest(t, name, &Reference::Tag(tag.clone()))
            .await
            .map_err(Abort::Registry)?;
        if &now == confirmed {
            Ok(())
        } else {
            Err(Abort::TagMoved {
                tag: tag.to_string(),
                confirmed: confirmed.clone(),
                now,
            })
        }
    }
}

/// What the single-delete dialog shows, read from the registry now: the
/// tag list and what deleting one digest takes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SingleDelete {
    pub name: RepositoryName,
    /// The tag list the user confirms against.
    pub known_tags: Vec<String>,
    pub impact: DeleteImpact,
}

impl Registry {
    /// Read the tag list, then what deleting `digest` takes with it.
    pub async fn single_delete(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
    ) -> Result<SingleDelete, RegistryError> {
        let known_tags = self.list_tags(t, name).await?;
        let impact = self.delete_impact(t, name, digest, &known_tags).await?;
        Ok(SingleDelete {
            name: name.clone(),
            known_tags,
            impact,
        })
    }
}

impl SingleDelete {
    /// The engine's job once the user confirmed: `shown` is the tag they
    /// came from (if any), `attachments_too` whether attachments go as well,
    /// `seen` every summary the page knows (for the reclaim estimate).
    pub fn job(
        &self,
        shown: Option<&str>,
        attachments_too: bool,
        seen: BTreeMap<Digest, ImageSummary>,
    ) -> Job {
        Job {
            name: self.name.clone(),
            targets: self.impact.targets(shown, attachments_too),
            known_tags: self.known_tags.clone(),
            seen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::media;
    use crate::testing::{block_on, status, with_headers, Scripted};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn image(n: u8) -> String {
        format!(
            r#"{{"mediaType":"{}","config":{{"digest":"{}","size":1}},"layers":[]}}"#,
            media::OCI_MANIFEST,
            Digest::sha256_of(&[n])
        )
    }

    fn head(body: &str, mt: &str) -> Result<crate::response::RawResponse, RegistryError> {
        with_headers(
            b"",
            &[
                (
                    "Docker-Content-Digest",
                    &Digest::sha256_of(body.as_bytes()).to_string(),
                ),
                ("Content-Type", mt),
            ],
        )
    }

    #[test]
    fn deleting_an_image_takes_its_sibling_tags_and_is_blocked_by_a_tagged_index() {
        let (a, b) = (image(1), image(2));
        let da = Digest::sha256_of(a.as_bytes());
        let index = format!(
            r#"{{"mediaType":"{}","manifests":[{{"digest":"{da}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
            media::OCI_INDEX
        );
        let tags: Vec<String> = vec![
            "3.20".into(),
            "latest".into(),
            "other".into(),
            "multi".into(),
            format!("{}.sig", da.tag_prefix()),
        ];
        let t = Scripted::new(vec![
            head(&a, media::OCI_MANIFEST),
            head(&a, media::OCI_MANIFEST),
            head(&b, media::OCI_MANIFEST),
            head(&index, media::OCI_INDEX),
            // The signature tag points at a manifest of its own.
            head(&b, media::OCI_MANIFEST),
            with_headers(index.as_bytes(), &[("Content-Type", media::OCI_INDEX)]),
            with_headers(a.as_bytes(), &[("Content-Type", media::OCI_MANIFEST)]),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let impact =
            block_on(Registry::new("http://r").delete_impact(&t, &name, &da, &tags)).unwrap();
        let db = Digest::sha256_of(b.as_bytes());
        assert_eq!(
            impact.attachment_digests,
            vec![(tags[4].clone(), db.clone())]
        );
        let targets = impact.targets(Some("3.20"), true);
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].selected, vec!["3.20"]);
        assert_eq!(targets[0].siblings(), vec!["latest"]);
        assert!(targets[0].is_blocked());
        assert_eq!(targets[1].digest, db);
        assert_eq!(targets[1].tags, vec![tags[4].clone()]);
        assert_eq!(impact.targets(None, false).len(), 1);
        // Deleting the signature itself (or "other", on the same manifest)
        // shows the signature tag going too.
        let survey = block_on(Registry::new("http://r").survey(
            &Scripted::new(vec![
                head(&a, media::OCI_MANIFEST),
                head(&a, media::OCI_MANIFEST),
                head(&b, media::OCI_MANIFEST),
                head(&index, media::OCI_INDEX),
                head(&b, media::OCI_MANIFEST),
                with_headers(index.as_bytes(), &[("Content-Type", media::OCI_INDEX)]),
            ]),
            &name,
            &tags,
        ))
        .unwrap();
        assert_eq!(
            survey.tags_of(&db),
            vec!["other".to_string(), tags[4].clone()]
        );
        assert!(!survey.digest_of.contains_key(&tags[4]), "not a tag row");
        assert_eq!(impact.tags, vec!["3.20", "latest"]);
        assert_eq!(
            impact.parents,
            vec![(
                "multi".to_string(),
                Digest::sha256_of(index.as_bytes()).to_string()
            )]
        );
        assert!(impact.is_blocked());
        assert_eq!(impact.attachments.len(), 1);
        assert!(impact.children.is_empty());
    }

    #[test]
    fn deleting_an_index_lists_the_children_it_leaves_untagged() {
        let a = image(1);
        let da = Digest::sha256_of(a.as_bytes());
        let index = format!(
            r#"{{"mediaType":"{}","manifests":[{{"digest":"{da}","size":1,"platform":{{"os":"linux","architecture":"arm64","variant":"v8"}}}},
            {{"digest":"{da}","size":1,"platform":{{"os":"unknown","architecture":"unknown"}},"annotations":{{"vnd.docker.reference.type":"attestation-manifest"}}}}]}}"#,
            media::OCI_INDEX
        );
        let di = Digest::sha256_of(index.as_bytes());
        let t = Scripted::new(vec![
            head(&index, media::OCI_INDEX),
            with_headers(index.as_bytes(), &[("Content-Type", media::OCI_INDEX)]),
            with_headers(index.as_bytes(), &[("Content-Type", media::OCI_INDEX)]),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let impact =
            block_on(Registry::new("http://r").delete_impact(&t, &name, &di, &["v1".into()]))
                .unwrap();
        assert_eq!(impact.tags, vec!["v1"]);
        let whats: Vec<&str> = impact.children.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, vec!["linux/arm64/v8", "attestation"]);
        assert!(!impact.is_blocked());
    }

    #[test]
    fn a_moved_tag_aborts() {
        let name = RepositoryName::parse("app").unwrap();
        let tag = Tag::parse("latest").unwrap();
        let confirmed = Digest::sha256_of(image(1).as_bytes());
        let t = Scripted::new(vec![head(&image(1), media::OCI_MANIFEST)]);
        assert_eq!(
            block_on(Registry::new("http://r").recheck(&t, &name, &tag, &confirmed)),
            Ok(())
        );
        let t = Scripted::new(vec![head(&image(2), media::OCI_MANIFEST)]);
        assert!(matches!(
            block_on(Registry::new("http://r").recheck(&t, &name, &tag, &confirmed)),
            Err(Abort::TagMoved { .. })
        ));
        let t = Scripted::new(vec![status(
            404,
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"gone"}]}"#,
        )]);
        assert!(matches!(
            block_on(Registry::new("http://r").recheck(&t, &name, &tag, &confirmed)),
            Err(Abort::Registry(RegistryError::NotFound { .. }))
        ));
    }

    #[test]
    fn a_single_delete_reads_the_tags_now_and_confirms_exactly_them() {
        use crate::testing::ok;
        let a = image(1);
        let da = Digest::sha256_of(a.as_bytes());
        let t = Scripted::new(vec![
            ok(r#"{"name":"app","tags":["v1","latest"]}"#, None),
            head(&a, media::OCI_MANIFEST),
            head(&a, media::OCI_MANIFEST),
            with_headers(a.as_bytes(), &[("Content-Type", media::OCI_MANIFEST)]),
        ]);
        let name = RepositoryName::parse("app").unwrap();
        let one = block_on(Registry::new("http://r").single_delete(&t, &name, &da)).unwrap();
        assert!(t.answers.borrow().is_empty(), "every scripted answer used");
        assert_eq!(one.known_tags, vec!["v1", "latest"]);
        assert_eq!(one.impact.tags, vec!["latest", "v1"]);
        let job = one.job(Some("v1"), false, BTreeMap::new());
        assert_eq!(job.name, name);
        assert_eq!(job.known_tags, one.known_tags);
        assert_eq!(job.targets.len(), 1);
        assert_eq!(job.targets[0].digest, da);
        assert_eq!(job.targets[0].selected, vec!["v1"]);
        assert_eq!(job.targets[0].siblings(), vec!["latest"]);
    }
}
