//! Where the registry's disk goes. Distribution stores each blob once,
//! whatever the number of repositories and images that reference it, so
//! every figure here counts a blob once: the registry's total, each
//! repository's total, its exclusive bytes (what garbage collection would
//! free if all its tags went) and its shared bytes, the largest images, the
//! blobs shared by the most images, and bytes by month of first use.
//!
//! [`Storage::estimate`] is the one answer to "what will deleting these
//! free": over the whole registry after a storage scan, else over the
//! images a page has seen ([`seen_images`]). What the API cannot see
//! (untagged manifests, overwritten pushes) is not here: the disk holds
//! more until garbage collection runs.
//!
//! The recommended `garbage-collect` (without `--delete-untagged`) keeps
//! every manifest that is still stored, tagged or not, with its blobs. An
//! index that was deleted leaves its platform manifests behind, untagged:
//! they and their blobs stay until `--delete-untagged`, which on
//! distribution 2.8 also removes the platforms of multi-arch images that
//! are still tagged. So an index's platforms count apart
//! ([`Estimate::untagged_bytes`]).

use crate::client::{Registry, Transport};
use crate::digest::Digest;
use crate::error::RegistryError;
use crate::image::{ImageKind, ImageSummary};
use crate::reference::RepositoryName;
use crate::retention::RepositoryFacts;
use crate::time::format_utc;
use crate::time::Timestamp;
use futures::stream::{self, StreamExt};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

/// One tagged image as the registry holds it in one repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub repository: String,
    pub digest: String,
    /// Every tag of this repository on this digest.
    pub tags: Vec<String>,
    pub created: Option<Timestamp>,
    /// Every blob the image keeps on disk, digest → bytes: its manifest (an
    /// index's children too), configs and layers.
    pub blobs: BTreeMap<String, u64>,
    /// A multi-arch index: deleting it removes only its own manifest; its
    /// platforms stay, untagged, with their blobs, until
    /// `garbage-collect --delete-untagged`.
    pub index: bool,
    /// The manifests an index lists (its platforms and attestations), by
    /// digest; empty for an image. What a search by digest tells apart
    /// from a layer or config.
    pub listed: BTreeSet<String>,
}

impl Image {
    /// A tagged image from its summary: its manifests, configs and layers.
    pub fn of(repository: &str, tags: Vec<String>, summary: &ImageSummary) -> Image {
        let mut blobs = summary.blobs.clone();
        blobs.extend(summary.manifests.iter().map(|(d, s)| (d.clone(), *s)));
        Image {
            repository: repository.to_string(),
            digest: summary.digest.to_string(),
            tags,
            created: summary.created,
            blobs,
            index: summary.kind == ImageKind::Index,
            listed: summary
                .manifests
                .keys()
                .filter(|d| **d != summary.digest.to_string())
                .cloned()
                .collect(),
        }
    }

    /// Whether deleting this image and running the recommended garbage
    /// collection lets `blob` go: everything of an image, only the index's
    /// own manifest of an index.
    fn lets_go(&self, blob: &str) -> bool {
        !self.index || blob == self.digest
    }
}

/// What garbage collection should free once some images are deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Bytes the recommended `garbage-collect` frees: blobs that no
    /// remaining manifest references.
    pub bytes: u64,
    pub blobs: usize,
    /// Bytes of the deleted images' blobs that a remaining image still
    /// uses (not freed).
    pub shared_bytes: u64,
    /// Deleted images the accounting does not hold (not counted).
    pub unseen: usize,
    /// Bytes that only `--delete-untagged` frees: the platforms of deleted
    /// multi-arch indexes, left untagged (not in `bytes`).
    pub untagged_bytes: u64,
    /// Counted over the whole registry (a storage scan), not only the
    /// images one page has seen.
    pub whole_registry: bool,
}

/// One repository's use of the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryUse {
    pub name: String,
    pub images: usize,
    pub tags: usize,
    /// Bytes of its blobs no other repository references: freed if all
    /// its tags went.
    pub exclusive: u64,
    /// Bytes of its blobs another repository references too.
    pub shared: u64,
}

impl RepositoryUse {
    /// Its distinct blobs.
    pub fn total(&self) -> u64 {
        self.exclusive + self.shared
    }
}

/// A column of the per-repository table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Images,
    Tags,
    Total,
    Exclusive,
    Shared,
}

/// The rows whose name contains `filter` (any case), sorted by `by`
/// (names break ties, in natural order either way).
pub fn table(
    rows: &[RepositoryUse],
    filter: &str,
    by: Column,
    descending: bool,
) -> Vec<RepositoryUse> {
    let needle = filter.trim().to_lowercase();
    let mut out: Vec<RepositoryUse> = rows
        .iter()
        .filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle))
        .cloned()
        .collect();
    let key = |r: &RepositoryUse| -> u64 {
        match by {
            Column::Name => 0,
            Column::Images => r.images as u64,
            Column::Tags => r.tags as u64,
            Column::Total => r.total(),
            Column::Exclusive => r.exclusive,
            Column::Shared => r.shared,
        }
    };
    let by_name = |a: &RepositoryUse, b: &RepositoryUse| crate::tags::natural_cmp(&a.name, &b.name);
    crate::sort::sort_by(&mut out, |a, b| {
        let order = if by == Column::Name {
            by_name(a, b)
        } else {
            key(a).cmp(&key(b))
        };
        let order = if descending { order.reverse() } else { order };
        // Ties in name order, whichever way the column goes.
        order.then_with(|| by_name(a, b))
    });
    out
}

/// Rows of the per-repository table ([`Storage::repositories`]) as CSV,
/// bytes as whole numbers, for a spreadsheet.
pub fn csv(rows: &[RepositoryUse]) -> String {
    let mut out = String::from("repository,images,tags,total_bytes,exclusive_bytes,shared_bytes\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            crate::retention::csv(&r.name),
            r.images,
            r.tags,
            r.total(),
            r.exclusive,
            r.shared
        ));
    }
    out
}

/// A blob referenced by more than one image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedBlob {
    pub digest: String,
    pub size: u64,
    pub images: usize,
    pub repositories: usize,
}

/// The accounting of a set of images (the whole registry, or the
/// repositories a pattern names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Storage {
    images: Vec<Image>,
    /// blob → (size, indices into `images`)
    users: BTreeMap<String, (u64, Vec<usize>)>,
}

impl Storage {
    pub fn of(images: Vec<Image>) -> Storage {
        let mut users: BTreeMap<String, (u64, Vec<usize>)> = BTreeMap::new();
        for (i, image) in images.iter().enumerate() {
            for (blob, size) in &image.blobs {
                let entry = users.entry(blob.clone()).or_insert((*size, Vec::new()));
                entry.1.push(i);
            }
        }
        Storage { images, users }
    }

    pub fn images(&self) -> &[Image] {
        &self.images
    }

    /// Bytes of distinct blobs: what the blob store holds for these images.
    pub fn total(&self) -> u64 {
        self.users.values().map(|(size, _)| size).sum()
    }

    /// Per repository, largest exclusive first (then name).
    pub fn repositories(&self) -> Vec<RepositoryUse> {
        let mut by_name: BTreeMap<&str, RepositoryUse> = BTreeMap::new();
        for image in &self.images {
            let r = by_name
                .entry(&image.repository)
                .or_insert_with(|| RepositoryUse {
                    name: image.repository.clone(),
                    images: 0,
                    tags: 0,
                    exclusive: 0,
                    shared: 0,
                });
            r.images += 1;
            r.tags += image.tags.len();
        }
        for (size, users) in self.users.values() {
            let repos: BTreeSet<&str> = users
                .iter()
                .map(|i| self.images[*i].repository.as_str())
                .collect();
            for name in &repos {
                if let Some(r) = by_name.get_mut(name) {
                    if repos.len() == 1 {
                        r.exclusive += size;
                    } else {
                        r.shared += size;
                    }
                }
            }
        }
        let mut out: Vec<RepositoryUse> = by_name.into_values().collect();
        crate::sort::sort_by(&mut out, |a, b| {
            b.exclusive
                .cmp(&a.exclusive)
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }

    /// The `n` largest images (each blob of an image counted once),
    /// largest first.
    pub fn largest(&self, n: usize) -> Vec<(&Image, u64)> {
        let mut all: Vec<(&Image, u64)> = self
            .images
            .iter()
            .map(|i| (i, i.blobs.values().sum()))
            .collect();
        crate::sort::sort_by(&mut all, |a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.repository.cmp(&b.0.repository))
                .then_with(|| a.0.digest.cmp(&b.0.digest))
        });
        all.truncate(n);
        all
    }

    /// The `n` blobs referenced by the most images (more than one), most
    /// first, then largest.
    pub fn most_shared(&self, n: usize) -> Vec<SharedBlob> {
        let mut all: Vec<SharedBlob> = self
            .users
            .iter()
            .filter(|(_, (_, users))| users.len() > 1)
            .map(|(digest, (size, users))| SharedBlob {
                digest: digest.clone(),
                size: *size,
                images: users.len(),
                repositories: users
                    .iter()
                    .map(|i| self.images[*i].repository.as_str())
                    .collect::<BTreeSet<_>>()
                    .len(),
            })
            .collect();
        crate::sort::sort_by(&mut all, |a, b| {
            b.images.cmp(&a.images).then_with(|| b.size.cmp(&a.size))
        });
        all.truncate(n);
        all
    }

    /// Bytes by month (`2026-09`) of the earliest dated image that uses
    /// each blob, oldest month first; blobs only undated images use under
    /// `None`, last.
    pub fn by_month(&self) -> Vec<(Option<String>, u64)> {
        let mut months: BTreeMap<Option<String>, u64> = BTreeMap::new();
        for (size, users) in self.users.values() {
            let first = users.iter().filter_map(|i| self.images[*i].created).min();
            let month = first.map(|t| format_utc(t.seconds())[..7].to_string());
            *months.entry(month).or_default() += size;
        }
        let undated = months.remove(&None);
        let mut out: Vec<(Option<String>, u64)> = months.into_iter().collect();
        if let Some(bytes) = undated {
            out.push((None, bytes));
        }
        out
    }

    /// Every (repository, digest) it holds.
    fn held(&self) -> BTreeSet<(&str, &str)> {
        self.images
            .iter()
            .map(|i| (i.repository.as_str(), i.digest.as_str()))
            .collect()
    }

    /// This accounting with the images a page has seen since added (a scan
    /// made earlier, brought up to date): an image it holds already stays
    /// as it is. Images deleted since the scan still count as users, so a
    /// blob is never counted as freed because the scan is old.
    pub fn with_seen(&self, seen: Vec<Image>) -> Storage {
        let held = self.held();
        let new: Vec<Image> = seen
            .into_iter()
            .filter(|i| !held.contains(&(i.repository.as_str(), i.digest.as_str())))
            .collect();
        let mut all = self.images.clone();
        all.extend(new);
        Storage::of(all)
    }

    /// What the recommended garbage collection frees once these images
    /// go, each named by repository and digest: blobs no remaining image
    /// references (and no platform a deleted index leaves behind).
    pub fn estimate(&self, going: &[(&str, &str)]) -> Estimate {
        let going: BTreeSet<(&str, &str)> = going.iter().copied().collect();
        let gone = |i: &usize| {
            let image = &self.images[*i];
            going.contains(&(image.repository.as_str(), image.digest.as_str()))
        };
        let held = self.held();
        let mut e = Estimate {
            unseen: going.iter().filter(|g| !held.contains(g)).count(),
            ..Estimate::default()
        };
        for (blob, (size, users)) in &self.users {
            if !users.iter().any(gone) {
                continue;
            }
            if !users.iter().all(gone) {
                e.shared_bytes += size;
            } else if users.iter().all(|i| self.images[*i].lets_go(blob)) {
                e.bytes += size;
                e.blobs += 1;
            } else {
                e.untagged_bytes += size;
            }
        }
        e
    }
}

/// The images a page has seen in `repository` (every summary it holds, by
/// digest), for an accounting without a storage scan or to bring one up to
/// date.
pub fn seen_images<'a>(
    repository: &'a str,
    seen: &'a BTreeMap<Digest, ImageSummary>,
) -> impl Iterator<Item = Image> + 'a {
    seen.values()
        .map(move |s| Image::of(repository, Vec::new(), s))
}

/// What one repository adds to the accounting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryImages {
    pub images: Vec<Image>,
    /// Tags whose digest or image could not be read: not counted.
    pub not_counted: Vec<String>,
}

impl RepositoryImages {
    /// Each summarised digest of a repository with its tags (cosign
    /// signature, SBOM and attestation tags too: their manifests and layers
    /// are on disk like any image's); a tag whose digest or summary could
    /// not be read is named, not silently left out.
    pub fn of(facts: &RepositoryFacts) -> RepositoryImages {
        let name = facts.name.to_string();
        let mut tags_of: BTreeMap<&Digest, Vec<String>> = BTreeMap::new();
        let mut not_counted = Vec::new();
        for tag in &facts.tags {
            let digest = facts
                .survey
                .digest_of
                .get(tag)
                .or_else(|| facts.survey.attachment_digests.get(tag));
            match digest {
                Some(d) if facts.summaries.contains_key(d) => {
                    tags_of.entry(d).or_default().push(tag.clone())
                }
                _ => not_counted.push(tag.clone()),
            }
        }
        RepositoryImages {
            images: tags_of
                .into_iter()
                .map(|(d, tags)| Image::of(&name, tags, &facts.summaries[d]))
                .collect(),
            not_counted,
        }
    }
}

/// One repository of a scan, as it came in.
#[derive(Debug)]
pub struct Scanned {
    pub name: RepositoryName,
    pub read: Result<RepositoryImages, RegistryError>,
}

impl Registry {
    /// Summaries of the manifests cosign attachment tags point at (the
    /// planner leaves them out; the disk holds them). One that cannot be
    /// read stays out, and its tag is then named as not counted.
    async fn summarize_attachments(&self, t: &impl Transport, facts: &mut RepositoryFacts) {
        let missing: BTreeSet<Digest> = facts
            .survey
            .attachment_digests
            .values()
            .filter(|d| !facts.summaries.contains_key(*d))
            .cloned()
            .collect();
        let name = &facts.name;
        let read: Vec<Option<ImageSummary>> =
            stream::iter(missing.into_iter().map(|d| async move {
                let fetched = self
                    .get_manifest(t, name, &crate::reference::Reference::Digest(d))
                    .await
                    .ok()?;
                self.summarize(t, name, fetched).await.ok()
            }))
            .buffered(4)
            .collect()
            .await;
        for s in read.into_iter().flatten() {
            facts.summaries.insert(s.digest.clone(), s);
        }
    }

    /// Read every repository in `names` for the accounting, `concurrency`
    /// at a time, handing each to `each` as it comes in (in any order). A
    /// repository that cannot be read is handed over as its error; the
    /// others go on. Once `cancel` is set no further repository starts.
    /// Manifests and configs are read by digest, so a transport that keeps
    /// them makes a second scan cost the tag lists and one HEAD per tag.
    pub async fn storage_scan(
        &self,
        t: &impl Transport,
        names: Vec<RepositoryName>,
        concurrency: usize,
        cancel: &Cell<bool>,
        mut each: impl FnMut(Scanned),
    ) {
        let mut reads = stream::iter(names)
            .take_while(|_| std::future::ready(!cancel.get()))
            .map(|name| async move {
                let read = match self.retention_facts(t, &name).await {
                    Ok(mut facts) => {
                        self.summarize_attachments(t, &mut facts).await;
                        Ok(RepositoryImages::of(&facts))
                    }
                    Err(e) => Err(e),
                };
                Scanned { name, read }
            })
            .buffer_unordered(concurrency.max(1));
        while let Some(scanned) = reads.next().await {
            each(scanned);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// What the recommended garbage collection frees once these go.
    fn freed(s: &Storage, going: &[(&str, &str)]) -> u64 {
        s.estimate(going).bytes
    }

    fn image(
        repository: &str,
        digest: &str,
        created: Option<&str>,
        blobs: &[(&str, u64)],
    ) -> Image {
        Image {
            repository: repository.into(),
            digest: digest.into(),
            tags: vec![format!("t-{digest}")],
            created: created.and_then(Timestamp::parse),
            blobs: blobs.iter().map(|(d, s)| (d.to_string(), *s)).collect(),
            index: false,
            listed: BTreeSet::new(),
        }
    }

    /// `app` and `web` share a base layer; `app` has two images sharing
    /// its own layer; `tool` is an index whose manifest and children are
    /// blobs too; the same `tool` digest is also in `mirror`.
    fn registry() -> Storage {
        let mut images = vec![
            image(
                "app",
                "m1",
                Some("2026-01-05T00:00:00Z"),
                &[("m1", 1), ("base", 100), ("app-l", 50), ("c1", 2)],
            ),
            image(
                "app",
                "m2",
                Some("2026-02-05T00:00:00Z"),
                &[
                    ("m2", 1),
                    ("base", 100),
                    ("app-l", 50),
                    ("app-2", 30),
                    ("c2", 2),
                ],
            ),
            image(
                "web",
                "m3",
                Some("2026-02-10T00:00:00Z"),
                &[("m3", 1), ("base", 100), ("web-l", 70), ("c3", 2)],
            ),
            image(
                "tool",
                "idx",
                None,
                &[
                    ("idx", 3),
                    ("ch-a", 1),
                    ("ch-b", 1),
                    ("tool-l", 40),
                    ("c4", 2),
                ],
            ),
        ];
        let mirror = Image {
            repository: "mirror".into(),
            ..images[3].clone()
        };
        images.push(mirror);
        Storage::of(images)
    }

    #[test]
    fn an_image_from_its_summary_keeps_its_manifests_with_its_blobs() {
        let summary = ImageSummary {
            digest: crate::digest::Digest::sha256_of(b"m"),
            kind: crate::image::ImageKind::Image,
            platforms: vec![],
            attestations: 0,
            size: Some(12),
            created: Timestamp::parse("2026-03-01T00:00:00Z"),
            blobs: BTreeMap::from([("config".to_string(), 2), ("layer".to_string(), 10)]),
            manifests: BTreeMap::from([("manifest".to_string(), 5)]),
            date_unparsed: false,
            description: None,
        };
        let image = Image::of("app", vec!["v1".into()], &summary);
        assert_eq!(image.blobs.values().sum::<u64>(), 17);
        assert_eq!(image.digest, summary.digest.to_string());
        assert_eq!(Storage::of(vec![image]).total(), 17);
    }

    #[test]
    fn every_blob_is_counted_once_across_the_registry() {
        let s = registry();
        // m1 m2 m3 c1 c2 c3: 9; base 100; app-l 50; app-2 30; web-l 70;
        // idx ch-a ch-b tool-l c4: 47.
        assert_eq!(s.total(), 9 + 100 + 50 + 30 + 70 + 47);
    }

    #[test]
    fn a_repository_is_split_into_exclusive_and_shared_bytes() {
        let s = registry();
        let repos = s.repositories();
        let get = |n: &str| repos.iter().find(|r| r.name == n).unwrap().clone();
        let app = get("app");
        assert_eq!((app.images, app.tags), (2, 2));
        assert_eq!(app.exclusive, 1 + 1 + 50 + 30 + 2 + 2);
        assert_eq!(app.shared, 100);
        assert_eq!(app.total(), 1 + 1 + 50 + 30 + 2 + 2 + 100);
        let web = get("web");
        assert_eq!((web.exclusive, web.shared), (1 + 70 + 2, 100));
        // The same index in two repositories: nothing is exclusive to either.
        assert_eq!((get("tool").exclusive, get("tool").shared), (0, 47));
        assert_eq!(repos[0].name, "app", "largest exclusive first");
    }

    #[test]
    fn freed_counts_only_blobs_no_remaining_image_uses() {
        let s = registry();
        // m2 alone: its manifest, app-2 and its config; base and app-l stay.
        assert_eq!(freed(&s, &[("app", "m2")]), 1 + 30 + 2);
        // Both app images: app-l goes too; base stays (web uses it).
        assert_eq!(freed(&s, &[("app", "m1"), ("app", "m2")]), 86);
        // Every image using base: now it goes.
        assert_eq!(
            freed(&s, &[("app", "m1"), ("app", "m2"), ("web", "m3")]),
            86 + 73 + 100
        );
        // The index in one repository frees nothing: the other still has it.
        assert_eq!(freed(&s, &[("tool", "idx")]), 0);
        assert_eq!(freed(&s, &[("tool", "idx"), ("mirror", "idx")]), 47);
        // An image not in the accounting frees nothing.
        assert_eq!(freed(&s, &[("app", "nope")]), 0);
        assert_eq!(freed(&s, &[]), 0);
        let e = s.estimate(&[("app", "m2"), ("app", "nope")]);
        assert_eq!((e.bytes, e.blobs, e.unseen), (33, 3, 1));
        // base and app-l stay: app's other image (and web) use them.
        assert_eq!(e.shared_bytes, 150);
    }

    fn summary(n: u8, kind: ImageKind, blobs: &[(&str, u64)]) -> (Digest, ImageSummary) {
        let digest = Digest::sha256_of(&[n]);
        (
            digest.clone(),
            ImageSummary {
                digest,
                kind,
                platforms: vec![],
                attestations: 0,
                size: None,
                created: None,
                blobs: blobs.iter().map(|(b, s)| (b.to_string(), *s)).collect(),
                manifests: BTreeMap::new(),
                date_unparsed: false,
                description: None,
            },
        )
    }

    fn going(digests: &[u8]) -> Vec<(&'static str, String)> {
        digests
            .iter()
            .map(|n| ("r", Digest::sha256_of(&[*n]).to_string()))
            .collect()
    }

    fn estimate(s: &Storage, going: &[(&'static str, String)]) -> Estimate {
        let going: Vec<(&str, &str)> = going.iter().map(|(r, d)| (*r, d.as_str())).collect();
        s.estimate(&going)
    }

    #[test]
    fn over_what_a_page_has_seen_only_blobs_no_remaining_image_uses_count() {
        let seen: BTreeMap<Digest, ImageSummary> = [
            summary(
                1,
                ImageKind::Image,
                &[("base", 1000), ("app1", 10), ("cfg1", 1)],
            ),
            summary(
                2,
                ImageKind::Image,
                &[("base", 1000), ("app2", 20), ("cfg2", 2)],
            ),
            summary(
                3,
                ImageKind::Image,
                &[("base", 1000), ("app1", 10), ("cfg3", 3)],
            ),
        ]
        .into_iter()
        .collect();
        let s = Storage::of(seen_images("r", &seen).collect());
        let e = estimate(&s, &going(&[1, 2]));
        // base and app1 are still used by image 3.
        assert_eq!(
            (e.bytes, e.blobs, e.shared_bytes, e.unseen),
            (23, 3, 1010, 0)
        );
        let e = estimate(&s, &going(&[1, 2, 3]));
        assert_eq!((e.bytes, e.shared_bytes), (1000 + 10 + 20 + 1 + 2 + 3, 0));
        // A digest never seen is unseen, not zero.
        let e = estimate(&s, &going(&[1, 9]));
        assert_eq!(e.unseen, 1);
    }

    #[test]
    fn a_deleted_index_frees_its_platforms_only_with_delete_untagged() {
        let (d7, mut index) = summary(
            7,
            ImageKind::Index,
            &[("base", 1000), ("arm", 30), ("cfg", 1)],
        );
        index.manifests = BTreeMap::from([(d7.to_string(), 4), ("arm-manifest".into(), 2)]);
        let seen: BTreeMap<Digest, ImageSummary> = [
            (d7, index),
            summary(1, ImageKind::Image, &[("base", 1000), ("app1", 10)]),
            summary(2, ImageKind::Image, &[("arm", 30), ("own", 5)]),
        ]
        .into_iter()
        .collect();
        let s = Storage::of(seen_images("r", &seen).collect());
        // The index and image 2 go; image 1 stays.
        let e = estimate(&s, &going(&[7, 2]));
        // The index's own manifest and "own" are freed; "arm" is still
        // used by the untagged platform the index leaves.
        assert_eq!((e.bytes, e.blobs), (4 + 5, 2));
        // Only --delete-untagged frees the platform, arm and cfg; base
        // stays for image 1.
        assert_eq!(e.untagged_bytes, 2 + 30 + 1);
        assert_eq!(e.shared_bytes, 1000);
    }

    #[test]
    fn a_scan_brought_up_to_date_with_what_a_page_has_seen_since() {
        let s = registry();
        let seen = vec![
            image("app", "m9", None, &[("m9", 1), ("base", 100), ("new", 7)]),
            image("app", "m1", None, &[("m1", 1)]),
        ];
        let s = s.with_seen(seen);
        // m9 is added; m1 was held already and stays as scanned.
        assert_eq!(
            s.images().iter().filter(|i| i.repository == "app").count(),
            3
        );
        assert_eq!(freed(&s, &[("app", "m1")]), 1 + 2);
        // base is still web's too; m9's manifest and layer are its own.
        assert_eq!(freed(&s, &[("app", "m9")]), 1 + 7);
    }

    #[test]
    fn the_repository_table_filters_and_sorts_by_any_column() {
        let rows = registry().repositories();
        let names = |t: Vec<RepositoryUse>| t.into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(
            names(table(&rows, "", Column::Total, true)),
            ["app", "web", "mirror", "tool"]
        );
        assert_eq!(
            names(table(&rows, "", Column::Shared, false)),
            ["mirror", "tool", "app", "web"]
        );
        assert_eq!(
            names(table(&rows, "", Column::Name, false)),
            ["app", "mirror", "tool", "web"]
        );
        assert_eq!(
            names(table(&rows, "", Column::Name, true)),
            ["web", "tool", "mirror", "app"]
        );
        assert_eq!(
            names(table(&rows, " O", Column::Exclusive, true)),
            ["mirror", "tool"]
        );
    }

    #[test]
    fn attachment_tags_count_like_images_and_unreadable_tags_are_named() {
        use crate::deletion::Survey;
        let (image, signature) = (Digest::sha256_of(b"image"), Digest::sha256_of(b"sig"));
        let summary = |d: &Digest, blob: &str| ImageSummary {
            digest: d.clone(),
            kind: ImageKind::Image,
            platforms: vec![],
            attestations: 0,
            size: None,
            created: None,
            blobs: BTreeMap::from([(blob.to_string(), 10)]),
            manifests: BTreeMap::from([(d.to_string(), 1)]),
            date_unparsed: false,
            description: None,
        };
        let sig_tag = format!("sha256-{}.sig", image.hex());
        let mut survey = Survey::default();
        survey.digest_of.insert("v1".into(), image.clone());
        survey
            .digest_of
            .insert("broken".into(), Digest::sha256_of(b"broken"));
        survey
            .attachment_digests
            .insert(sig_tag.clone(), signature.clone());
        let facts = RepositoryFacts {
            name: crate::reference::RepositoryName::parse("signed/app").unwrap(),
            tags: vec!["v1".into(), "broken".into(), sig_tag.clone(), "gone".into()],
            survey,
            summaries: BTreeMap::from([
                (image.clone(), summary(&image, "layer")),
                (signature.clone(), summary(&signature, "sig-layer")),
            ]),
            unreadable: vec![],
        };
        let read = RepositoryImages::of(&facts);
        let tags: Vec<&Vec<String>> = read.images.iter().map(|i| &i.tags).collect();
        assert_eq!(read.images.len(), 2, "{tags:?}");
        assert!(tags.contains(&&vec![sig_tag]), "{tags:?}");
        assert_eq!(read.not_counted, ["broken", "gone"]);
        assert_eq!(Storage::of(read.images).total(), 22);
    }

    #[test]
    fn csv_has_a_row_per_repository_with_whole_bytes() {
        let csv = csv(&registry().repositories());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "repository,images,tags,total_bytes,exclusive_bytes,shared_bytes"
        );
        assert_eq!(lines.len(), 1 + 4);
        assert!(lines.contains(&"app,2,2,186,86,100"), "{csv}");
        assert!(lines.contains(&"tool,1,1,47,0,47"), "{csv}");
    }

    #[test]
    fn largest_images_and_most_shared_blobs() {
        let s = registry();
        let largest = s.largest(2);
        assert_eq!(
            largest
                .iter()
                .map(|(i, b)| (i.digest.as_str(), *b))
                .collect::<Vec<_>>(),
            vec![("m2", 183), ("m3", 173)]
        );
        let shared = s.most_shared(10);
        assert_eq!(shared[0].digest, "base");
        assert_eq!((shared[0].images, shared[0].repositories), (3, 2));
        assert!(shared.iter().all(|b| b.images > 1));
        assert!(!shared.iter().any(|b| b.digest == "web-l"));
    }

    #[test]
    fn bytes_by_month_of_first_use_with_undated_last() {
        let s = registry();
        assert_eq!(
            s.by_month(),
            vec![
                (Some("2026-01".to_string()), 1 + 100 + 50 + 2),
                (Some("2026-02".to_string()), 1 + 30 + 2 + 1 + 70 + 2),
                (None, 47),
            ]
        );
        let sum: u64 = s.by_month().iter().map(|(_, b)| b).sum();
        assert_eq!(sum, s.total());
    }
}
