//! Which answers never change: a manifest or blob fetched by digest is the
//! same bytes forever, on any registry, so it may be kept and reused after
//! its bytes are checked against the digest. Anything fetched by tag, and
//! every list, moves and is never reused.

use super::digest::Digest;
use super::response::{Method, Request};

/// Answers bigger than this are not kept (manifests and configs are a few
/// KB; the cap keeps one odd answer from filling the store).
pub const MAX_KEPT_BYTES: usize = 256 * 1024;

/// The digest a GET asks for, when it names its content by digest
/// (`…/manifests/sha256:…` or `…/blobs/sha256:…`).
pub fn content_digest(request: &Request) -> Option<Digest> {
    if request.method != Method::Get {
        return None;
    }
    let path = request.url.split(['?', '#']).next()?;
    let (_, rest) = path.split_once("/v2/")?;
    let reference = ["/manifests/", "/blobs/"]
        .iter()
        .filter_map(|m| rest.rfind(m).map(|i| &rest[i + m.len()..]))
        .next()?;
    Digest::parse(reference).ok()
}

/// Whether `body` may be kept as the answer for `digest`.
pub fn keepable(digest: &Digest, body: &[u8]) -> bool {
    body.len() <= MAX_KEPT_BYTES && digest.verify(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    #[test]
    fn only_gets_by_digest_are_content_addressed() {
        let get = |u: &str| content_digest(&Request::get(u));
        assert_eq!(
            get(&format!("http://r/v2/a/b/manifests/{D}")).map(|d| d.to_string()),
            Some(D.to_string())
        );
        assert!(get(&format!("http://r/v2/a/blobs/{D}?x=1")).is_some());
        assert!(get("http://r/v2/a/manifests/latest").is_none());
        assert!(get("http://r/v2/a/tags/list").is_none());
        assert!(get("http://r/v2/_catalog").is_none());
        let head = Request::new(Method::Head, format!("http://r/v2/a/manifests/{D}"));
        assert!(content_digest(&head).is_none());
        // A repository named like a marker still finds the reference.
        assert!(get(&format!("http://r/v2/x/blobs/y/manifests/{D}")).is_some());
    }

    #[test]
    fn only_bytes_that_match_their_digest_are_kept() {
        let d = Digest::parse(D).unwrap();
        assert!(keepable(&d, b"hello"));
        assert!(!keepable(&d, b"hello!"));
        let big = vec![0u8; MAX_KEPT_BYTES + 1];
        let big_digest = Digest::sha256_of(&big);
        assert!(!keepable(&big_digest, &big));
    }
}
