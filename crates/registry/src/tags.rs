//! Tags as people and tools name them: natural order (`v1.10` after
//! `v1.9`), and the digest tags cosign attaches artifacts with.

use crate::digest::Digest;
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

/// What a digest tag attaches: cosign's `sha256-<hex>.sig` (`.att`,
/// `.sbom`), or the OCI 1.1 referrers tag schema's `sha256-<hex>`, an index
/// of the artifacts that name the image as their subject (on registries
/// without the referrers API).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    Signature,
    Attestation,
    Sbom,
    Referrers,
}

impl AttachmentKind {
    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::Signature => "sig",
            AttachmentKind::Attestation => "att",
            AttachmentKind::Sbom => "sbom",
            AttachmentKind::Referrers => "referrers",
        }
    }
}

/// `Some((digest, kind))` for a tag like `sha256-<64 hex>.sig`, the tag
/// cosign uses to attach artifacts to the image with that digest, or
/// `sha256-<64 hex>` alone, the OCI referrers tag schema's index.
pub fn attachment(tag: &str) -> Option<(Digest, AttachmentKind)> {
    let (stem, kind) = match tag.rsplit_once('.') {
        Some((stem, "sig")) => (stem, AttachmentKind::Signature),
        Some((stem, "att")) => (stem, AttachmentKind::Attestation),
        Some((stem, "sbom")) => (stem, AttachmentKind::Sbom),
        Some(_) => return None,
        None => (tag, AttachmentKind::Referrers),
    };
    let hex = stem.strip_prefix("sha256-")?;
    // Lowercase hex of the right length only: the digest grammar.
    let digest = Digest::parse(&format!("sha256:{hex}")).ok()?;
    Some((digest, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
            Some((
                Digest::parse(&format!("sha256:{hex}")).unwrap(),
                AttachmentKind::Signature
            ))
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
        // The OCI referrers tag schema: the digest tag alone.
        assert_eq!(
            attachment(&format!("sha256-{hex}")).map(|(_, k)| k),
            Some(AttachmentKind::Referrers)
        );
        assert_eq!(attachment("sha256-abc"), None);
        assert_eq!(attachment("latest"), None);
        assert_eq!(attachment("v1.sig"), None);
        assert_eq!(attachment(&format!("sha256-{hex}.tar")), None);
        assert_eq!(attachment(&format!("sha256-{}.sig", "A".repeat(64))), None);
    }
}
