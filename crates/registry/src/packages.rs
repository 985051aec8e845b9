//! "Which images contain package X", registry-wide, over the SBOMs read so
//! far: each image's packages (name and version, as its SBOMs list them,
//! already capped by the reader) kept by image digest, within bounds
//! (at most [`MAX_IMAGES`] images and [`MAX_PACKAGES`] packages in all,
//! the images read longest ago forgotten first; names and versions cut at
//! [`MAX_TEXT`] characters). Plain data: the app keeps it in the browser
//! and searches it without a request.

use crate::artifact::document::Package;
use serde::{Deserialize, Serialize};

/// Images kept at most.
pub const MAX_IMAGES: usize = 300;
/// Packages kept at most over all images.
pub const MAX_PACKAGES: usize = 100_000;
/// Characters kept of a package's name or version.
pub const MAX_TEXT: usize = 200;
/// Matching packages listed at most per image found.
pub const MAX_SHOWN_PER_IMAGE: usize = 5;

/// One image's packages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedImage {
    pub repository: String,
    pub digest: String,
    /// When its SBOM was last read (ms since the epoch).
    pub read_at: i64,
    /// Name and version, each once.
    pub packages: Vec<(String, Option<String>)>,
}

/// The SBOMs read, oldest read first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageIndex {
    pub images: Vec<IndexedImage>,
}

/// An image whose SBOM lists a matching package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageHit {
    pub repository: String,
    pub digest: String,
    /// The first [`MAX_SHOWN_PER_IMAGE`] matching packages (name, version).
    pub packages: Vec<(String, Option<String>)>,
    /// How many of its packages match.
    pub matching: usize,
    /// Whether a package's name is the query itself.
    pub exact: bool,
}

/// What a search found, and over how many images.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackageSearch {
    pub hits: Vec<PackageHit>,
    pub searched: usize,
}

fn cut(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

/// The query as matched: trimmed, lowercase; `None` when empty.
pub fn normalise(query: &str) -> Option<String> {
    let q = query.trim().to_lowercase();
    (!q.is_empty()).then_some(q)
}

impl PackageIndex {
    /// How many packages are kept in all.
    pub fn package_count(&self) -> usize {
        self.images.iter().map(|i| i.packages.len()).sum()
    }

    /// Keep `packages` of the image `digest` in `repository`, read at `now`
    /// (added to what it had: an image may have several SBOMs; it becomes
    /// the newest read). Returns whether anything changed.
    pub fn remember(
        &mut self,
        repository: &str,
        digest: &str,
        packages: &[Package],
        now: f64,
    ) -> bool {
        let at = self
            .images
            .iter()
            .position(|i| i.repository == repository && i.digest == digest);
        let mut image = match at {
            Some(p) => self.images.remove(p),
            None => IndexedImage {
                repository: repository.to_string(),
                digest: digest.to_string(),
                read_at: now as i64,
                packages: Vec::new(),
            },
        };
        let before = image.packages.len();
        let mut known: std::collections::HashSet<(String, Option<String>)> =
            image.packages.iter().cloned().collect();
        for p in packages {
            let entry = (cut(&p.name), p.version.as_deref().map(cut));
            if known.insert(entry.clone()) {
                image.packages.push(entry);
            }
        }
        let changed =
            at.is_none() || image.packages.len() != before || at != Some(self.images.len());
        image.read_at = now as i64;
        self.images.push(image);
        self.bound();
        changed
    }

    /// Forget the images read longest ago until within bounds (the newest
    /// stays even alone past [`MAX_PACKAGES`], cut to it).
    fn bound(&mut self) {
        while self.images.len() > MAX_IMAGES
            || (self.images.len() > 1 && self.package_count() > MAX_PACKAGES)
        {
            self.images.remove(0);
        }
        if let Some(only) = self.images.first_mut() {
            only.packages.truncate(MAX_PACKAGES);
        }
    }

    /// Images whose packages' names contain `query` (any case), those with
    /// a package named exactly so first, then by repository; `except` (an
    /// image's repository and digest) left out of both the hits and the
    /// count searched.
    pub fn find(&self, query: &str, except: Option<(&str, &str)>) -> PackageSearch {
        let Some(q) = normalise(query) else {
            return PackageSearch::default();
        };
        let others = self
            .images
            .iter()
            .filter(|i| except != Some((i.repository.as_str(), i.digest.as_str())));
        let mut searched = 0;
        let mut hits = Vec::new();
        for image in others {
            searched += 1;
            let mut shown = Vec::new();
            let (mut matching, mut exact) = (0, false);
            for (name, version) in &image.packages {
                let lower = name.to_lowercase();
                if !lower.contains(&q) {
                    continue;
                }
                matching += 1;
                exact |= lower == q;
                if shown.len() < MAX_SHOWN_PER_IMAGE {
                    shown.push((name.clone(), version.clone()));
                }
            }
            if matching > 0 {
                hits.push(PackageHit {
                    repository: image.repository.clone(),
                    digest: image.digest.clone(),
                    packages: shown,
                    matching,
                    exact,
                });
            }
        }
        crate::sort::sort_by(&mut hits, |a, b| {
            b.exact
                .cmp(&a.exact)
                .then_with(|| a.repository.cmp(&b.repository))
                .then_with(|| a.digest.cmp(&b.digest))
        });
        PackageSearch { hits, searched }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(name: &str, version: &str) -> Package {
        Package {
            name: name.into(),
            version: Some(version.into()),
            licence: Some("MIT".into()),
        }
    }

    #[test]
    fn finds_images_by_package_name_exact_first() {
        let mut index = PackageIndex::default();
        index.remember("b/app", "sha256:1", &[pkg("openssl-libs", "3.0")], 1.0);
        index.remember(
            "a/app",
            "sha256:2",
            &[pkg("OpenSSL", "3.0.11"), pkg("zlib", "1.2")],
            2.0,
        );
        index.remember("c/app", "sha256:3", &[pkg("musl", "1.2")], 3.0);
        let found = index.find("  openssl ", None);
        assert_eq!(found.searched, 3);
        let order: Vec<(&str, bool)> = found
            .hits
            .iter()
            .map(|h| (h.repository.as_str(), h.exact))
            .collect();
        assert_eq!(order, [("a/app", true), ("b/app", false)]);
        assert_eq!(
            found.hits[0].packages,
            [("OpenSSL".to_string(), Some("3.0.11".to_string()))]
        );
        // The licence and version are not the package's name.
        assert!(index.find("mit", None).hits.is_empty());
        assert!(index.find("3.0", None).hits.is_empty());
        assert_eq!(index.find("", None), PackageSearch::default());
        let except = index.find("openssl", Some(("a/app", "sha256:2")));
        assert_eq!((except.searched, except.hits.len()), (2, 1));
    }

    #[test]
    fn several_sboms_of_one_image_merge_and_texts_are_cut() {
        let mut index = PackageIndex::default();
        assert!(index.remember("a", "sha256:1", &[pkg("zlib", "1")], 1.0));
        assert!(index.remember("a", "sha256:1", &[pkg("zlib", "1"), pkg("musl", "2")], 2.0));
        assert!(!index.remember("a", "sha256:1", &[pkg("musl", "2")], 3.0));
        assert_eq!(index.images.len(), 1);
        assert_eq!(index.images[0].packages.len(), 2);
        let long = "x".repeat(10_000);
        index.remember("a", "sha256:2", &[pkg(&long, &long)], 4.0);
        let (name, version) = &index.images[1].packages[0];
        assert_eq!(name.len(), MAX_TEXT);
        assert_eq!(version.as_deref().map(str::len), Some(MAX_TEXT));
        let found = index.find("xxx", None);
        assert_eq!(found.hits[0].matching, 1);
    }

    #[test]
    fn bounded_in_images_and_packages_the_oldest_read_forgotten() {
        let mut index = PackageIndex::default();
        for i in 0..MAX_IMAGES + 5 {
            index.remember("r", &format!("sha256:{i}"), &[pkg("p", "1")], i as f64);
        }
        assert_eq!(index.images.len(), MAX_IMAGES);
        assert_eq!(index.images[0].digest, "sha256:5");
        // Reading an old image again makes it the newest.
        index.remember("r", "sha256:5", &[pkg("p", "1")], 1e6);
        assert_eq!(index.images.last().unwrap().digest, "sha256:5");
        let many: Vec<Package> = (0..MAX_PACKAGES / 2 + 1)
            .map(|i| pkg(&format!("p{i}"), "1"))
            .collect();
        index.remember("big", "sha256:big1", &many, 2e6);
        index.remember("big", "sha256:big2", &many, 3e6);
        assert!(index.package_count() <= MAX_PACKAGES);
        assert_eq!(index.images.len(), 1, "only the newest fits");
        assert_eq!(index.images[0].digest, "sha256:big2");
        let text = serde_json::to_string(&index).unwrap();
        assert_eq!(serde_json::from_str::<PackageIndex>(&text).unwrap(), index);
    }
}
