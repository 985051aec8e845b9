//! Deleting many manifests at once: the selected tags grouped by digest
//! (one DELETE per digest, with the sibling tags that go too). The run
//! itself is the delete engine's (`engine.rs`).
//!
//! Used by bulk delete in the tag table and by retention plans; the
//! engine's `Job` carries the targets.

use super::deletion::Survey;
use super::digest::Digest;
use super::engine::Target;
use crate::tags::{attachment, natural_cmp};
use std::collections::BTreeSet;

/// A selection grouped by digest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grouped {
    pub targets: Vec<Target>,
    /// Chosen tags that no longer exist (nothing to delete for them).
    pub missing: Vec<String>,
}

impl Grouped {
    /// Targets that will be sent (not blocked).
    pub fn sendable(&self) -> Vec<Target> {
        self.targets
            .iter()
            .filter(|t| !t.is_blocked())
            .cloned()
            .collect()
    }

    /// Every tag that goes, chosen or not.
    pub fn tag_count(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| !t.is_blocked())
            .map(|t| t.tags.len())
            .sum()
    }

    /// Tags that go although they were not chosen.
    pub fn sibling_count(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| !t.is_blocked())
            .map(|t| t.siblings().len())
            .sum()
    }
}

/// Group `selection` (tags) by the digest each points at in `survey`.
pub fn group(selection: &[String], survey: &Survey) -> Grouped {
    let mut grouped = Grouped::default();
    for tag in selection {
        if attachment(tag).is_some() {
            continue;
        }
        let Some(d) = survey.digest_of.get(tag) else {
            grouped.missing.push(tag.clone());
            continue;
        };
        match grouped.targets.iter_mut().find(|t| &t.digest == d) {
            Some(t) => t.selected.push(tag.clone()),
            None => grouped.targets.push(Target {
                digest: d.clone(),
                selected: vec![tag.clone()],
                tags: survey.tags_of(d),
                blocked_by: Vec::new(),
                children: survey.index_children.get(d).map_or(0, Vec::len),
                attachments: survey.attachments_of(d),
            }),
        }
    }
    let going: BTreeSet<Digest> = grouped.targets.iter().map(|t| t.digest.clone()).collect();
    for t in &mut grouped.targets {
        crate::sort::sort_by(&mut t.selected, |a, b| natural_cmp(a, b));
        t.blocked_by = survey
            .parents_of(&t.digest)
            .into_iter()
            .filter(|(_, index)| !going.contains(index))
            .collect();
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    fn survey(pairs: &[(&str, u8)]) -> Survey {
        Survey {
            digest_of: pairs
                .iter()
                .map(|(t, n)| (t.to_string(), d(*n)))
                .collect::<BTreeMap<_, _>>(),
            ..Survey::default()
        }
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_selection_is_grouped_by_digest_with_the_siblings_that_go_too() {
        let sv = survey(&[("a", 1), ("b", 1), ("c", 2), ("latest", 2), ("d", 3)]);
        let g = group(&s(&["a", "b", "c", "gone"]), &sv);
        assert_eq!(g.targets.len(), 2);
        assert_eq!(g.targets[0].digest, d(1));
        assert_eq!(g.targets[0].selected, s(&["a", "b"]));
        assert!(g.targets[0].siblings().is_empty());
        assert_eq!(g.targets[1].siblings(), vec!["latest"]);
        assert_eq!(g.missing, s(&["gone"]));
        assert_eq!((g.tag_count(), g.sibling_count()), (4, 1));
    }

    #[test]
    fn a_child_of_a_kept_index_is_blocked_unless_the_index_goes_too() {
        let mut sv = survey(&[("multi", 9), ("amd64", 1)]);
        sv.index_children.insert(d(9), vec![d(1)]);
        let g = group(&s(&["amd64"]), &sv);
        assert!(g.targets[0].is_blocked());
        assert!(g.sendable().is_empty());
        let g = group(&s(&["amd64", "multi"]), &sv);
        assert!(g.targets.iter().all(|t| !t.is_blocked()));
        assert_eq!(g.targets[1].children, 1);
    }
}
