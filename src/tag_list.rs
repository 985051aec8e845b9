//! The tag table's order and filter: sorting by name, date or size with
//! unknown facts last, and the filter box. Plain Rust.

use crate::registry::tags::natural_cmp;
use std::cmp::Ordering;

/// What the list can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Name,
    Created,
    Size,
}

/// One row's sortable facts; `None` while details are not loaded (or unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortFacts<'a> {
    pub tag: &'a str,
    pub created: Option<i64>,
    pub size: Option<u64>,
}

/// Order two rows. Rows without the sorted-by fact go last in either
/// direction; ties fall back to natural tag order.
pub fn compare(a: &SortFacts, b: &SortFacts, key: SortKey, descending: bool) -> Ordering {
    let flip = |o: Ordering| if descending { o.reverse() } else { o };
    // By name only when the sorted-by fact does not decide.
    let by_name = || natural_cmp(a.tag, b.tag);
    let with_missing_last = |x: Option<i128>, y: Option<i128>| match (x, y) {
        (Some(x), Some(y)) => flip(x.cmp(&y)).then_with(by_name),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => by_name(),
    };
    match key {
        SortKey::Name => flip(by_name()),
        SortKey::Created => with_missing_last(a.created.map(i128::from), b.created.map(i128::from)),
        SortKey::Size => with_missing_last(a.size.map(i128::from), b.size.map(i128::from)),
    }
}

/// Case-insensitive substring filter.
pub fn matches_filter(tag: &str, filter: &str) -> bool {
    let f = filter.trim();
    f.is_empty() || tag.to_lowercase().contains(&f.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_puts_unknown_facts_last_both_ways() {
        let rows = [
            SortFacts {
                tag: "a",
                created: Some(10),
                size: Some(5),
            },
            SortFacts {
                tag: "b",
                created: None,
                size: Some(50),
            },
            SortFacts {
                tag: "c",
                created: Some(30),
                size: None,
            },
        ];
        let order = |key, desc| {
            let mut v: Vec<&SortFacts> = rows.iter().collect();
            v.sort_by(|x, y| compare(x, y, key, desc));
            v.iter().map(|r| r.tag).collect::<Vec<_>>()
        };
        assert_eq!(order(SortKey::Created, false), vec!["a", "c", "b"]);
        assert_eq!(order(SortKey::Created, true), vec!["c", "a", "b"]);
        assert_eq!(order(SortKey::Size, true), vec!["b", "a", "c"]);
        assert_eq!(order(SortKey::Name, true), vec!["c", "b", "a"]);
    }

    #[test]
    fn filter_is_case_insensitive_substring() {
        assert!(matches_filter("Release-1.2", "release"));
        assert!(matches_filter("x", "  "));
        assert!(!matches_filter("v1", "v2"));
    }
}
