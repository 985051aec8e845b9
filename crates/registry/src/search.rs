//! Search by digest or tag, registry-wide, over what is already known: a
//! storage scan's images and the records a browser kept of the
//! repositories it visited. No request is sent here: the answer is as good
//! as what it searches, and [`Holding`] says what that is (which
//! repository, as of when, from where).
//!
//! A digest is found as the manifest of a tag, as a manifest an index
//! lists (a platform, or an attestation), and as a blob (layer or config)
//! of an image. A tag is found in every repository that has it.

use crate::digest::{Digest, DigestParseError};
use crate::image::ImageSummary;
use crate::reference::{ReferenceError, RepositoryName, Tag};
use crate::storage::Image;
use crate::time::Timestamp;
use std::collections::{BTreeMap, HashMap};

/// What the user asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// Where a digest lives. `named` is the repository written before the
    /// `@` (a registry host left out), if any: the search is registry-wide
    /// all the same, a digest being the same content everywhere.
    Digest {
        digest: Digest,
        named: Option<String>,
    },
    /// Which repositories have a tag: all, or the one named (`app:v1`).
    Tag {
        tag: Tag,
        repository: Option<RepositoryName>,
    },
}

/// Why a query is neither a digest nor a tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    Empty,
    /// It names a digest (`sha256:…`, or after `@`) that does not parse.
    BadDigest(DigestParseError),
    /// It is not a tag nor `repository:tag`.
    BadReference(ReferenceError),
}

/// `docker.io`, `127.0.0.1:5000`, `localhost`: a registry host, as Docker
/// tells one from a repository's first component.
fn is_host(component: &str) -> bool {
    component.contains('.') || component.contains(':') || component == "localhost"
}

/// `registry.example/team/app` → `team/app`.
fn without_host(name: &str) -> &str {
    match name.split_once('/') {
        Some((first, rest)) if is_host(first) => rest,
        _ => name,
    }
}

impl Query {
    /// Read what was pasted: `sha256:…`, 64 hex digits, `repo@sha256:…`
    /// (also with a registry host, a tag before the `@`, or a scheme such as
    /// `docker-pullable://` from `kubectl describe pod`), `repo:tag`, or a
    /// tag.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let text = text.trim();
        let text = text.split_once("://").map_or(text, |(_, rest)| rest);
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        if let Some((name, digest)) = text.rsplit_once('@') {
            let digest = Digest::parse(digest).map_err(QueryError::BadDigest)?;
            let name = without_host(name);
            // A tag before the digest (`app:v1@sha256:…`) is left out.
            let last = name.rfind('/').map_or(0, |i| i + 1);
            let name = match name[last..].find(':') {
                Some(i) => &name[..last + i],
                None => name,
            };
            return Ok(Query::Digest {
                digest,
                named: Some(name.to_string()).filter(|n| !n.is_empty()),
            });
        }
        if text.starts_with("sha256:") || text.starts_with("sha512:") {
            let digest = Digest::parse(text).map_err(QueryError::BadDigest)?;
            return Ok(Query::Digest {
                digest,
                named: None,
            });
        }
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            let digest = Digest::parse(&format!("sha256:{}", text.to_ascii_lowercase()))
                .map_err(QueryError::BadDigest)?;
            return Ok(Query::Digest {
                digest,
                named: None,
            });
        }
        let name = without_host(text);
        let last = name.rfind('/').map_or(0, |i| i + 1);
        match name[last..].find(':') {
            Some(i) => Ok(Query::Tag {
                tag: Tag::parse(&name[last + i + 1..]).map_err(QueryError::BadReference)?,
                repository: Some(
                    RepositoryName::parse(&name[..last + i]).map_err(QueryError::BadReference)?,
                ),
            }),
            None => Ok(Query::Tag {
                tag: Tag::parse(text).map_err(QueryError::BadReference)?,
                repository: None,
            }),
        }
    }
}

/// Where what is searched comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The session's storage scan.
    Scan,
    /// What this browser kept of a repository it showed.
    Kept,
}

/// One repository's images as one source knows them, and as of when.
#[derive(Clone, Debug, PartialEq)]
pub struct Holding {
    pub repository: String,
    /// Milliseconds since the epoch; `None` for a kept record older than
    /// that field.
    pub as_of: Option<f64>,
    pub source: Source,
    pub images: Vec<Image>,
}

impl Holding {
    /// A kept record: tag → digest, and the summaries kept of those
    /// digests. A digest without a summary is still known as its tags'
    /// manifest (no blobs, no date).
    pub fn kept(
        repository: &str,
        as_of: Option<f64>,
        tags: &HashMap<String, String>,
        summaries: &HashMap<String, ImageSummary>,
    ) -> Holding {
        let mut by_digest: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (tag, digest) in tags {
            by_digest.entry(digest).or_default().push(tag.clone());
        }
        let images = by_digest
            .into_iter()
            .map(|(digest, mut tags)| {
                crate::sort::sort_by(&mut tags, |a, b| crate::tags::natural_cmp(a, b));
                match summaries.get(digest) {
                    Some(s) => Image::of(repository, tags, s),
                    None => Image {
                        repository: repository.to_string(),
                        digest: digest.to_string(),
                        tags,
                        created: None,
                        blobs: BTreeMap::new(),
                        index: false,
                        listed: Default::default(),
                    },
                }
            })
            .collect();
        Holding {
            repository: repository.to_string(),
            as_of,
            source: Source::Kept,
            images,
        }
    }

    /// A scan's images, one holding per repository that has any.
    pub fn scanned(images: &[Image], at: f64) -> Vec<Holding> {
        let mut by_repository: BTreeMap<&str, Vec<Image>> = BTreeMap::new();
        for image in images {
            by_repository
                .entry(&image.repository)
                .or_default()
                .push(image.clone());
        }
        by_repository
            .into_iter()
            .map(|(repository, images)| Holding {
                repository: repository.to_string(),
                as_of: Some(at),
                source: Source::Scan,
                images,
            })
            .collect()
    }

    /// The newest image date it knows.
    pub fn newest(&self) -> Option<Timestamp> {
        self.images.iter().filter_map(|i| i.created).max()
    }
}

/// Per repository the newest of the holdings (a record without a date
/// loses to one with), in repository order.
pub fn newest_per_repository(holdings: Vec<Holding>) -> Vec<Holding> {
    let mut best: BTreeMap<String, Holding> = BTreeMap::new();
    for h in holdings {
        let newer = match best.get(&h.repository) {
            None => true,
            Some(b) => h.as_of.unwrap_or(f64::MIN) > b.as_of.unwrap_or(f64::MIN),
        };
        if newer {
            best.insert(h.repository.clone(), h);
        }
    }
    let mut out: Vec<Holding> = best.into_values().collect();
    crate::sort::sort_by(&mut out, |a, b| {
        crate::tags::natural_cmp(&a.repository, &b.repository)
    });
    out
}

/// How an image holds what was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Its manifest is the digest (or, for a tag query, it has the tag).
    Manifest,
    /// It is an index that lists the digest (a platform or an attestation).
    Listed,
    /// It uses the digest as a layer or a config (an index: in one of its
    /// platforms).
    Blob,
}

/// One image that holds what was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub role: Role,
    pub repository: String,
    /// The image's manifest digest.
    pub digest: String,
    /// Its tags (for a tag query, the tag asked for).
    pub tags: Vec<String>,
    pub created: Option<Timestamp>,
    pub index: bool,
    pub source: Source,
}

/// Every image of `holdings` (take [`newest_per_repository`] first) that
/// holds what `query` asks for: by role (manifest, listed, blob), then
/// repository, then first tag.
pub fn search(query: &Query, holdings: &[Holding]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for h in holdings {
        if let Query::Tag {
            repository: Some(r),
            ..
        } = query
        {
            if r.as_str() != h.repository {
                continue;
            }
        }
        for image in &h.images {
            let hit = |role: Role, tags: Vec<String>| Hit {
                role,
                repository: image.repository.clone(),
                digest: image.digest.clone(),
                tags,
                created: image.created,
                index: image.index,
                source: h.source,
            };
            match query {
                Query::Digest { digest, .. } => {
                    let d = digest.to_string();
                    if image.digest == d {
                        hits.push(hit(Role::Manifest, image.tags.clone()));
                    } else if image.listed.contains(&d) {
                        hits.push(hit(Role::Listed, image.tags.clone()));
                    } else if image.blobs.contains_key(&d) {
                        hits.push(hit(Role::Blob, image.tags.clone()));
                    }
                }
                Query::Tag { tag, .. } => {
                    if image.tags.iter().any(|t| t == tag.as_str()) {
                        hits.push(hit(Role::Manifest, vec![tag.as_str().to_string()]));
                    }
                }
            }
        }
    }
    crate::sort::sort_by(&mut hits, |a, b| {
        a.role
            .cmp(&b.role)
            .then_with(|| crate::tags::natural_cmp(&a.repository, &b.repository))
            .then_with(|| a.tags.first().cmp(&b.tags.first()))
            .then_with(|| a.digest.cmp(&b.digest))
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::{ImageKind, PlatformEntry};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(s: &str) -> Digest {
        Digest::sha256_of(s.as_bytes())
    }

    fn summary(manifest: &str, blobs: &[&str], listed: &[&str], created: &str) -> ImageSummary {
        let mut manifests = BTreeMap::from([(d(manifest).to_string(), 500)]);
        manifests.extend(listed.iter().map(|l| (d(l).to_string(), 400)));
        ImageSummary {
            digest: d(manifest),
            kind: if listed.is_empty() {
                ImageKind::Image
            } else {
                ImageKind::Index
            },
            platforms: listed
                .iter()
                .map(|l| PlatformEntry {
                    platform: "linux/amd64".into(),
                    digest: d(l).to_string(),
                    size: Some(1),
                })
                .collect(),
            attestations: 0,
            size: Some(1),
            created: Timestamp::parse(created),
            blobs: blobs.iter().map(|b| (d(b).to_string(), 10)).collect(),
            manifests,
            date_unparsed: false,
            description: None,
        }
    }

    fn kept(repository: &str, as_of: f64, tags: &[(&str, &ImageSummary)]) -> Holding {
        Holding::kept(
            repository,
            Some(as_of),
            &tags
                .iter()
                .map(|(t, s)| (t.to_string(), s.digest.to_string()))
                .collect(),
            &tags
                .iter()
                .map(|(_, s)| (s.digest.to_string(), (*s).clone()))
                .collect(),
        )
    }

    #[test]
    fn a_query_reads_what_people_paste() {
        let hex = d("x").hex().to_string();
        let digest = |named: Option<&str>| Query::Digest {
            digest: d("x"),
            named: named.map(str::to_string),
        };
        assert_eq!(Query::parse(&format!(" sha256:{hex} ")), Ok(digest(None)));
        assert_eq!(Query::parse(&hex), Ok(digest(None)));
        assert_eq!(Query::parse(&hex.to_uppercase()), Ok(digest(None)));
        assert_eq!(
            Query::parse(&format!("team/app@sha256:{hex}")),
            Ok(digest(Some("team/app")))
        );
        // kubectl describe pod: Image ID with a scheme, a host and a tag.
        assert_eq!(
            Query::parse(&format!(
                "docker-pullable://127.0.0.1:5000/team/app:v1@sha256:{hex}"
            )),
            Ok(digest(Some("team/app")))
        );
        assert_eq!(
            Query::parse("v1.2"),
            Ok(Query::Tag {
                tag: Tag::parse("v1.2").unwrap(),
                repository: None
            })
        );
        assert_eq!(
            Query::parse("registry.example/team/app:latest"),
            Ok(Query::Tag {
                tag: Tag::parse("latest").unwrap(),
                repository: Some(RepositoryName::parse("team/app").unwrap())
            })
        );
        assert_eq!(Query::parse("  "), Err(QueryError::Empty));
        assert!(matches!(
            Query::parse("sha256:abc"),
            Err(QueryError::BadDigest(DigestParseError::BadHex))
        ));
        assert!(matches!(
            Query::parse("app@md5:00"),
            Err(QueryError::BadDigest(_))
        ));
        assert!(matches!(
            Query::parse("two words"),
            Err(QueryError::BadReference(_))
        ));
    }

    /// One image in three repositories under different tags, an index in a
    /// fourth listing it, and another image that shares its base layer.
    fn registry() -> (ImageSummary, Vec<Holding>) {
        let app = summary(
            "app",
            &["base", "app-layer", "app-config"],
            &[],
            "2026-03-01T00:00:00Z",
        );
        let index = summary(
            "index",
            &["base", "app-layer", "app-config"],
            &["app", "arm"],
            "2026-03-02T00:00:00Z",
        );
        let other = summary(
            "other",
            &["base", "other-config"],
            &[],
            "2026-01-01T00:00:00Z",
        );
        let holdings = vec![
            kept(
                "app",
                10.0,
                &[("v1", &app), ("latest", &app), ("old", &other)],
            ),
            kept("mirror/app", 10.0, &[("1.0", &app)]),
            kept("backup", 10.0, &[("v1", &app)]),
            kept("multi", 10.0, &[("v1", &index)]),
        ];
        (app, holdings)
    }

    #[test]
    fn a_digest_is_found_as_manifest_as_platform_and_a_layer_as_blob() {
        let (app, holdings) = registry();
        let q = Query::parse(&app.digest.to_string()).unwrap();
        let hits = search(&q, &holdings);
        let found: Vec<(Role, &str, Vec<&str>)> = hits
            .iter()
            .map(|h| {
                (
                    h.role,
                    h.repository.as_str(),
                    h.tags.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (Role::Manifest, "app", vec!["latest", "v1"]),
                (Role::Manifest, "backup", vec!["v1"]),
                (Role::Manifest, "mirror/app", vec!["1.0"]),
                (Role::Listed, "multi", vec!["v1"]),
            ]
        );
        // The base layer: every image, the index through its platform.
        let q = Query::parse(&d("base").to_string()).unwrap();
        let hits = search(&q, &holdings);
        assert!(hits.iter().all(|h| h.role == Role::Blob));
        assert_eq!(hits.len(), 5);
        // A config is a blob too; a digest nobody has, nothing.
        let q = Query::parse(&d("other-config").to_string()).unwrap();
        assert_eq!(search(&q, &holdings).len(), 1);
        let q = Query::parse(&d("nowhere").to_string()).unwrap();
        assert!(search(&q, &holdings).is_empty());
    }

    #[test]
    fn a_tag_is_found_in_every_repository_or_the_one_named() {
        let (_, holdings) = registry();
        let hits = search(&Query::parse("v1").unwrap(), &holdings);
        let repos: Vec<&str> = hits.iter().map(|h| h.repository.as_str()).collect();
        assert_eq!(repos, vec!["app", "backup", "multi"]);
        assert!(hits.iter().all(|h| h.tags == vec!["v1".to_string()]));
        let hits = search(&Query::parse("mirror/app:1.0").unwrap(), &holdings);
        assert_eq!(hits.len(), 1);
        assert!(search(&Query::parse("app:1.0").unwrap(), &holdings).is_empty());
    }

    #[test]
    fn a_kept_tag_without_a_summary_is_still_found_by_its_digest() {
        let tags = HashMap::from([("v9".to_string(), d("bare").to_string())]);
        let h = Holding::kept("app", None, &tags, &HashMap::new());
        let hits = search(&Query::parse(&d("bare").to_string()).unwrap(), &[h]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].tags, vec!["v9".to_string()]);
        assert_eq!(hits[0].created, None);
    }

    #[test]
    fn the_newest_record_of_a_repository_wins() {
        let (app, _) = registry();
        let other = summary("other", &[], &[], "2026-01-01T00:00:00Z");
        let scan = Holding::scanned(
            &[
                Image::of("app", vec!["v1".into()], &app),
                Image::of("web", vec!["v1".into()], &other),
            ],
            20.0,
        );
        assert_eq!(scan.len(), 2);
        let older = kept("app", 10.0, &[("gone", &other)]);
        let newer = kept("web", 30.0, &[("v2", &app)]);
        let undated = Holding::kept("web", None, &HashMap::new(), &HashMap::new());
        let best = newest_per_repository([scan, vec![older, newer, undated]].concat());
        assert_eq!(best.len(), 2);
        assert_eq!(
            (best[0].repository.as_str(), best[0].source),
            ("app", Source::Scan)
        );
        assert_eq!(
            (best[1].repository.as_str(), best[1].source),
            ("web", Source::Kept)
        );
        assert_eq!(best[1].newest(), app.created);
    }
}
