//! When each repository was last pushed to: the newest image date among
//! its tags (the config's `created`, as the tag table shows it). Known
//! from a storage scan, from what a browser kept of a repository, or read
//! for one repository ([`read_activity`]: the tag list, then a summary per
//! tag, only for a repository with few tags). Then the catalog's order by
//! last push and the "nothing pushed for N days" filter.
//!
//! An image's `created` is what its builder wrote: a reproducible build
//! may say 1970, a copied image keeps its first date. It is the date the
//! registry API offers (distribution keeps no push time it would tell).

use crate::client::Transport;
use crate::error::RegistryError;
use crate::storage::Image;
use crate::summaries::Summaries;
use crate::time::Timestamp;
use futures::stream::{self, StreamExt};
use std::cmp::Ordering;
use std::collections::HashMap;

/// What is known of a repository's last push.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastPush {
    /// Not read (yet).
    Unknown,
    /// Too many tags to read them for a date here (a scan, or the
    /// repository's page, reads them).
    TooManyTags(usize),
    /// No tags.
    Empty,
    /// Images, none with a date that reads as one.
    Undated,
    /// The newest image date.
    At(Timestamp),
}

impl LastPush {
    /// Of a repository's images (a scan's, or a kept record's).
    pub fn of_images(images: &[Image]) -> LastPush {
        if images.is_empty() {
            return LastPush::Empty;
        }
        images
            .iter()
            .filter_map(|i| i.created)
            .max()
            .map_or(LastPush::Undated, LastPush::At)
    }

    /// Of a kept record (tag → digest, digest → summary): known only when
    /// every tag's image was summarised.
    pub fn of_kept(
        tags: &HashMap<String, String>,
        summaries: &HashMap<String, crate::image::ImageSummary>,
    ) -> LastPush {
        if !tags.values().all(|d| summaries.contains_key(d)) {
            return LastPush::Unknown;
        }
        if tags.is_empty() {
            return LastPush::Empty;
        }
        tags.values()
            .filter_map(|d| summaries.get(d).and_then(|s| s.created))
            .max()
            .map_or(LastPush::Undated, LastPush::At)
    }

    /// Per repository, of a scan's images (every repository the scan
    /// found images in).
    pub fn of_scan(images: &[Image]) -> HashMap<&str, LastPush> {
        let mut by_repository: HashMap<&str, Vec<&Image>> = HashMap::new();
        for image in images {
            by_repository
                .entry(&image.repository)
                .or_default()
                .push(image);
        }
        by_repository
            .into_iter()
            .map(|(repository, images)| {
                let last = images
                    .iter()
                    .filter_map(|i| i.created)
                    .max()
                    .map_or(LastPush::Undated, LastPush::At);
                (repository, last)
            })
            .collect()
    }

    pub fn at(self) -> Option<Timestamp> {
        match self {
            LastPush::At(t) => Some(t),
            _ => None,
        }
    }

    /// Read enough to be shown and sorted (`Unknown` and `TooManyTags` are
    /// not).
    pub fn known(self) -> bool {
        matches!(self, LastPush::Empty | LastPush::Undated | LastPush::At(_))
    }
}

/// One repository read for the catalog: its tag count, its last push, and
/// each tag's digest and summary (for the browser to keep).
#[derive(Clone, Debug)]
pub struct Activity {
    pub tags: usize,
    pub last: LastPush,
    pub read: Vec<(String, crate::image::ImageSummary)>,
}

/// A repository's tag list is `tags`; when it has at most `limit` tags,
/// each is summarised through `summaries` (`seen`: tags read before, a
/// HEAD then the manifest by digest) `concurrency` at a time for the
/// newest image date. A tag that cannot be read leaves the date unknown:
/// the newest of the others may not be the newest.
pub async fn read_activity<T: Transport + Clone + 'static>(
    summaries: &Summaries<T>,
    tags: Vec<String>,
    seen: &HashMap<String, String>,
    limit: usize,
    concurrency: usize,
) -> Result<Activity, RegistryError> {
    let n = tags.len();
    if n == 0 {
        return Ok(Activity {
            tags: 0,
            last: LastPush::Empty,
            read: Vec::new(),
        });
    }
    if n > limit {
        return Ok(Activity {
            tags: n,
            last: LastPush::TooManyTags(n),
            read: Vec::new(),
        });
    }
    let results: Vec<(String, Result<_, RegistryError>)> =
        stream::iter(tags.into_iter().map(|tag| async move {
            let read = summaries
                .of_tag(&tag, seen.contains_key(&tag), |_| {})
                .await;
            (tag, read)
        }))
        .buffered(concurrency.max(1))
        .collect()
        .await;
    let mut read = Vec::new();
    let mut failed = false;
    for (tag, r) in results {
        match r {
            Ok((_, summary)) => read.push((tag, summary)),
            Err(RegistryError::Cancelled) => return Err(RegistryError::Cancelled),
            Err(_) => failed = true,
        }
    }
    let last = if failed {
        LastPush::Unknown
    } else {
        read.iter()
            .filter_map(|(_, s)| s.created)
            .max()
            .map_or(LastPush::Undated, LastPush::At)
    };
    Ok(Activity {
        tags: n,
        last,
        read,
    })
}

/// The newest of `summaries` (latest `created`; undated ones only when
/// none is dated; ties by digest, so the choice is stable).
pub fn newest<'a>(
    summaries: impl IntoIterator<Item = &'a crate::image::ImageSummary>,
) -> Option<&'a crate::image::ImageSummary> {
    summaries.into_iter().max_by(|a, b| {
        a.created
            .cmp(&b.created)
            .then_with(|| b.digest.cmp(&a.digest))
    })
}

/// The catalog's order by last push: dated repositories by date (newest or
/// oldest first), then the rest (empty, undated, not known) by name.
pub fn by_last_push(names: &mut Vec<String>, last: &HashMap<String, LastPush>, newest_first: bool) {
    let at = |n: &String| last.get(n).and_then(|l| l.at());
    crate::sort::sort_by(names, |a, b| {
        let by_date = match (at(a), at(b)) {
            (Some(x), Some(y)) if newest_first => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_date.then_with(|| crate::tags::natural_cmp(a, b))
    });
}

/// The repositories whose newest image is more than `days` days older than
/// `now` (seconds): the ones nothing was pushed to since. Only dated ones:
/// an unknown date is not old.
pub fn stale(
    names: &[String],
    last: &HashMap<String, LastPush>,
    now: i64,
    days: u32,
) -> Vec<String> {
    let before = now - i64::from(days) * 86_400;
    names
        .iter()
        .filter(|n| {
            last.get(*n)
                .and_then(|l| l.at())
                .is_some_and(|t| t.seconds() < before)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn image(created: Option<&str>) -> Image {
        Image {
            repository: "r".into(),
            digest: "d".into(),
            tags: vec!["t".into()],
            created: created.and_then(Timestamp::parse),
            blobs: BTreeMap::new(),
            index: false,
            listed: Default::default(),
        }
    }

    fn at(s: &str) -> LastPush {
        LastPush::At(Timestamp::parse(s).unwrap())
    }

    #[test]
    fn the_newest_dated_image_is_the_last_push() {
        assert_eq!(LastPush::of_images(&[]), LastPush::Empty);
        assert_eq!(LastPush::of_images(&[image(None)]), LastPush::Undated);
        assert_eq!(
            LastPush::of_images(&[
                image(Some("2026-01-01T00:00:00Z")),
                image(None),
                image(Some("2026-03-01T00:00:00Z")),
            ]),
            at("2026-03-01T00:00:00Z")
        );
        assert!(!LastPush::TooManyTags(9).known() && !LastPush::Unknown.known());
        assert!(LastPush::Empty.known());
    }

    #[test]
    fn a_scan_tells_each_repository_its_own_newest_date() {
        let mut a_old = image(Some("2025-01-01T00:00:00Z"));
        a_old.repository = "a".into();
        let mut a_new = image(Some("2026-02-01T00:00:00Z"));
        a_new.repository = "a".into();
        let mut b = image(None);
        b.repository = "b".into();
        let images = [a_old, b, a_new];
        let per = LastPush::of_scan(&images);
        assert_eq!(per.len(), 2);
        assert_eq!(per["a"], at("2026-02-01T00:00:00Z"));
        assert_eq!(per["b"], LastPush::Undated);
    }

    #[test]
    fn a_kept_record_tells_the_date_only_when_every_tag_was_read() {
        let summary = |created: &str| crate::image::ImageSummary {
            digest: crate::digest::Digest::sha256_of(created.as_bytes()),
            kind: crate::image::ImageKind::Image,
            platforms: vec![],
            attestations: 0,
            size: None,
            created: Timestamp::parse(created),
            blobs: BTreeMap::new(),
            manifests: BTreeMap::new(),
            date_unparsed: false,
            description: None,
        };
        let (old, new) = (
            summary("2026-01-01T00:00:00Z"),
            summary("2026-02-01T00:00:00Z"),
        );
        let mut tags = HashMap::from([
            ("a".to_string(), old.digest.to_string()),
            ("b".to_string(), new.digest.to_string()),
        ]);
        let mut summaries = HashMap::from([(old.digest.to_string(), old.clone())]);
        assert_eq!(LastPush::of_kept(&tags, &summaries), LastPush::Unknown);
        summaries.insert(new.digest.to_string(), new.clone());
        assert_eq!(
            LastPush::of_kept(&tags, &summaries),
            LastPush::At(new.created.unwrap())
        );
        tags.clear();
        assert_eq!(LastPush::of_kept(&tags, &summaries), LastPush::Empty);
    }

    fn catalog() -> (Vec<String>, HashMap<String, LastPush>) {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let last = HashMap::from([
            ("a".to_string(), at("2026-01-01T00:00:00Z")),
            ("b".to_string(), LastPush::Unknown),
            ("c".to_string(), at("2026-06-01T00:00:00Z")),
            ("d".to_string(), LastPush::Empty),
            ("e".to_string(), at("2025-01-01T00:00:00Z")),
        ]);
        (names, last)
    }

    #[test]
    fn repositories_sort_by_last_push_with_the_unknown_last() {
        let (mut names, last) = catalog();
        by_last_push(&mut names, &last, true);
        assert_eq!(names, ["c", "a", "e", "b", "d"]);
        by_last_push(&mut names, &last, false);
        assert_eq!(names, ["e", "a", "c", "b", "d"]);
    }

    #[test]
    fn stale_repositories_are_the_dated_ones_older_than_the_days() {
        let (names, last) = catalog();
        let now = Timestamp::parse("2026-07-01T00:00:00Z").unwrap().seconds();
        assert_eq!(stale(&names, &last, now, 90), ["a", "e"]);
        assert_eq!(stale(&names, &last, now, 365), ["e"]);
        assert_eq!(stale(&names, &last, now, 10), ["a", "c", "e"]);
    }
}
