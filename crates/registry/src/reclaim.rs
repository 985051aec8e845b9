//! What garbage collection should free after deletes: the blobs referenced
//! only by the deleted manifests, within what the app has seen. Layers that
//! other repositories share are not visible from one repository, so the
//! figure is an upper bound and says so.
//!
//! The recommended `garbage-collect` (without `--delete-untagged`) keeps
//! every manifest that is still stored, tagged or not, with its blobs. An
//! index that was deleted leaves its platform manifests behind, untagged:
//! their layers stay until `--delete-untagged`, which on distribution 2.8
//! also removes the platforms of multi-arch images that are still tagged.
//! So an index's platforms count apart (`untagged_bytes`).

use super::digest::Digest;
use super::image::{ImageKind, ImageSummary};
use std::collections::{BTreeMap, BTreeSet};

/// The estimate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Bytes of blobs that no remaining manifest seen references.
    pub bytes: u64,
    pub blobs: usize,
    /// Bytes of the deleted manifests' blobs that a remaining image still
    /// uses (not freed).
    pub shared_bytes: u64,
    /// Deleted digests whose blobs were not seen (not counted).
    pub unseen: usize,
    /// Bytes that only `--delete-untagged` frees: the platforms of deleted
    /// multi-arch indexes, left untagged (not in `bytes`).
    pub untagged_bytes: u64,
}

/// `deleted`: the digests that went. `seen`: every image summary the app
/// holds for the repository (deleted or not), by digest.
pub fn estimate(deleted: &[Digest], seen: &BTreeMap<Digest, ImageSummary>) -> Estimate {
    let gone: BTreeSet<&Digest> = deleted.iter().collect();
    let mut freed: BTreeMap<&str, u64> = BTreeMap::new();
    // Blobs of the platforms of deleted indexes: those manifests stay,
    // untagged, and keep their blobs through a plain garbage collection.
    let mut left_untagged: BTreeMap<&str, u64> = BTreeMap::new();
    let mut unseen = 0;
    for d in deleted {
        match seen.get(d) {
            Some(s) if s.kind == ImageKind::Index => {
                for (blob, size) in &s.blobs {
                    left_untagged.insert(blob, *size);
                }
            }
            Some(s) => {
                for (blob, size) in &s.blobs {
                    freed.insert(blob, *size);
                }
            }
            None => unseen += 1,
        }
    }
    let still_used: BTreeSet<&str> = seen
        .iter()
        .filter(|(d, _)| !gone.contains(d))
        .flat_map(|(_, s)| s.blobs.keys().map(String::as_str))
        .collect();
    let mut e = Estimate {
        unseen,
        ..Estimate::default()
    };
    for (blob, size) in &freed {
        if still_used.contains(blob) {
            e.shared_bytes += size;
        } else if left_untagged.contains_key(blob) {
            // An untagged platform still uses it.
        } else {
            e.bytes += size;
            e.blobs += 1;
        }
    }
    for (blob, size) in left_untagged {
        if !still_used.contains(blob) {
            e.untagged_bytes += size;
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::ImageKind;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn summary(n: u8, blobs: &[(&str, u64)]) -> (Digest, ImageSummary) {
        let digest = Digest::sha256_of(&[n]);
        (
            digest.clone(),
            ImageSummary {
                digest,
                kind: ImageKind::Image,
                platforms: vec![],
                attestations: 0,
                size: None,
                created: None,
                blobs: blobs.iter().map(|(b, s)| (b.to_string(), *s)).collect(),
                manifests: BTreeMap::new(),
            },
        )
    }

    #[test]
    fn only_blobs_no_remaining_image_uses_count() {
        let seen: BTreeMap<Digest, ImageSummary> = [
            summary(1, &[("base", 1000), ("app1", 10), ("cfg1", 1)]),
            summary(2, &[("base", 1000), ("app2", 20), ("cfg2", 2)]),
            summary(3, &[("base", 1000), ("app1", 10), ("cfg3", 3)]),
        ]
        .into_iter()
        .collect();
        let e = estimate(&[Digest::sha256_of(&[1]), Digest::sha256_of(&[2])], &seen);
        // base and app1 are still used by image 3.
        assert_eq!(e.bytes, 20 + 1 + 2);
        assert_eq!(e.blobs, 3);
        assert_eq!(e.shared_bytes, 1010);
        assert_eq!(e.unseen, 0);
        let all: Vec<Digest> = seen.keys().cloned().collect();
        let e = estimate(&all, &seen);
        assert_eq!(e.bytes, 1000 + 10 + 20 + 1 + 2 + 3);
        assert_eq!(e.shared_bytes, 0);
    }

    #[test]
    fn a_deleted_index_frees_its_platforms_only_with_delete_untagged() {
        let mut index = summary(7, &[("base", 1000), ("arm", 30), ("cfg", 1)]);
        index.1.kind = ImageKind::Index;
        let seen: BTreeMap<Digest, ImageSummary> = [
            index,
            summary(1, &[("base", 1000), ("app1", 10)]),
            summary(2, &[("arm", 30), ("own", 5)]),
        ]
        .into_iter()
        .collect();
        // The index and image 2 go; image 1 stays.
        let e = estimate(&[Digest::sha256_of(&[7]), Digest::sha256_of(&[2])], &seen);
        // "own" is freed; "arm" is still used by the untagged platform.
        assert_eq!((e.bytes, e.blobs), (5, 1));
        // Only --delete-untagged frees the platforms' arm and cfg; base
        // stays for image 1.
        assert_eq!(e.untagged_bytes, 31);
        assert_eq!(e.shared_bytes, 0);
    }

    #[test]
    fn a_digest_never_seen_is_counted_as_unseen_not_as_zero() {
        let seen: BTreeMap<Digest, ImageSummary> = [summary(1, &[("a", 5)])].into_iter().collect();
        let e = estimate(&[Digest::sha256_of(&[1]), Digest::sha256_of(&[9])], &seen);
        assert_eq!((e.bytes, e.unseen), (5, 1));
    }
}
