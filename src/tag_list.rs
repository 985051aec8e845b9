//! The tag list as the user sees it: natural order, filtering, sorting, and
//! which tags are signatures or attestations of another image. Plain Rust.

use std::cmp::Ordering;

/// Compare like a person: digit runs by value, so `v1.10` comes after `v1.9`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let nx = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let ny = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (dx, dy) = (&x[..nx], &y[..ny]);
                let tx = trim_zeros(dx);
                let ty = trim_zeros(dy);
                let ord = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[nx..];
                y = &y[ny..];
            }
            (Some(c), Some(d)) => {
                let ord = c.to_ascii_lowercase().cmp(&d.to_ascii_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let n = d.iter().take_while(|&&c| c == b'0').count();
    &d[n.min(d.len().saturating_sub(1))..]
}

/// What a cosign-style digest tag (`sha256-<hex>.sig`) attaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    Signature,
    Attestation,
    Sbom,
}

impl AttachmentKind {
    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::Signature => "sig",
            AttachmentKind::Attestation => "att",
            AttachmentKind::Sbom => "sbom",
        }
    }
}

/// `Some((digest, kind))` for a tag like `sha256-<64 hex>.sig`, the tag
/// cosign uses to attach artifacts to the image with that digest.
pub fn attachment(tag: &str) -> Option<(String, AttachmentKind)> {
    let (stem, suffix) = tag.rsplit_once('.')?;
    let kind = match suffix {
        "sig" => AttachmentKind::Signature,
        "att" => AttachmentKind::Attestation,
        "sbom" => AttachmentKind::Sbom,
        _ => return None,
    };
    let hex = stem.strip_prefix("sha256-")?;
    if hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Some((format!("sha256:{hex}"), kind))
    } else {
        None
    }
}

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
    fn natural_order_compares_numbers_by_value() {
        let mut tags = vec![
            "v1.10.0", "v1.9.0", "v1.10.1", "latest", "v2", "v1.9.10", "v01.9.1", "1.0", "10.0",
            "9.0",
        ];
        tags.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            tags,
            vec![
                "1.0", "9.0", "10.0", "latest", "v1.9.0", "v01.9.1", "v1.9.10", "v1.10.0",
                "v1.10.1", "v2"
            ]
        );
        assert_eq!(natural_cmp("a", "a"), Ordering::Equal);
        assert_eq!(natural_cmp("build-00010", "build-00009"), Ordering::Greater);
        assert_ne!(
            natural_cmp("v01", "v1"),
            Ordering::Equal,
            "distinct tags never compare equal"
        );
        let big = "9".repeat(100);
        assert_eq!(
            natural_cmp(&big, "1"),
            Ordering::Greater,
            "no overflow on long digit runs"
        );
    }

    #[test]
    fn attachments_are_recognised() {
        let hex = "a".repeat(64);
        assert_eq!(
            attachment(&format!("sha256-{hex}.sig")),
            Some((format!("sha256:{hex}"), AttachmentKind::Signature))
        );
        assert_eq!(
            attachment(&format!("sha256-{hex}.att")).unwrap().1,
            AttachmentKind::Attestation
        );
        assert_eq!(
            attachment(&format!("sha256-{hex}.sbom")).unwrap().1,
            AttachmentKind::Sbom
        );
        assert_eq!(attachment("sha256-abc.sig"), None);
        assert_eq!(attachment("v1.sig"), None);
        assert_eq!(attachment(&format!("sha256-{hex}.tar")), None);
        assert_eq!(attachment(&format!("sha256-{}.sig", "A".repeat(64))), None);
    }

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
