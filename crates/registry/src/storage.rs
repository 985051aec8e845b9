//! Where the registry's disk goes. Distribution stores each blob once,
//! whatever the number of repositories and images that reference it, so
//! every figure here counts a blob once: the registry's total, each
//! repository's total, its exclusive bytes (what garbage collection would
//! free if all its tags went) and its shared bytes, the largest images, the
//! blobs shared by the most images, and bytes by month of first use.
//!
//! [`Storage::freed`] is the one answer to "what will deleting these free".
//! What the API cannot see (untagged manifests, overwritten pushes) is not
//! here: the disk holds more until garbage collection runs.

use crate::image::ImageSummary;
use crate::time::format_utc;
use crate::time::Timestamp;
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
        }
    }
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

    /// What garbage collection frees once these images go, each named by
    /// repository and digest: the bytes of blobs that no other image of
    /// this accounting references.
    pub fn freed(&self, going: &[(&str, &str)]) -> u64 {
        let going: BTreeSet<(&str, &str)> = going.iter().copied().collect();
        let gone = |i: &usize| {
            let image = &self.images[*i];
            going.contains(&(image.repository.as_str(), image.digest.as_str()))
        };
        self.users
            .values()
            .filter(|(_, users)| users.iter().any(gone) && users.iter().all(gone))
            .map(|(size, _)| size)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
        assert_eq!(s.freed(&[("app", "m2")]), 1 + 30 + 2);
        // Both app images: app-l goes too; base stays (web uses it).
        assert_eq!(s.freed(&[("app", "m1"), ("app", "m2")]), 86);
        // Every image using base: now it goes.
        assert_eq!(
            s.freed(&[("app", "m1"), ("app", "m2"), ("web", "m3")]),
            86 + 73 + 100
        );
        // The index in one repository frees nothing: the other still has it.
        assert_eq!(s.freed(&[("tool", "idx")]), 0);
        assert_eq!(s.freed(&[("tool", "idx"), ("mirror", "idx")]), 47);
        // An image not in the accounting frees nothing.
        assert_eq!(s.freed(&[("app", "nope")]), 0);
        assert_eq!(s.freed(&[]), 0);
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
