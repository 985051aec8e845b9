//! Which answers never change: a manifest or blob fetched by digest is the
//! same bytes forever, on any registry, so it may be kept and reused after
//! its bytes are checked against the digest. Anything fetched by tag, and
//! every list, moves and is never reused; but the bytes of a manifest
//! fetched by tag are the content of the digest the registry names for
//! them, and once checked against it they may be kept under that digest.

use super::digest::Digest;
use super::response::{Method, RawResponse, Request};

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

/// The digest `response` may be kept under: the one a GET by digest asked
/// for, or, for a manifest GET by tag, the `Docker-Content-Digest` the
/// registry sent (the bytes are checked against it by [`keepable`] before
/// anything is kept, so a wrong or schema-1 header keeps nothing).
pub fn answer_digest(request: &Request, response: &RawResponse) -> Option<Digest> {
    if response.status != 200 {
        return None;
    }
    if let Some(d) = content_digest(request) {
        return Some(d);
    }
    if request.method != Method::Get {
        return None;
    }
    let path = request.url.split(['?', '#']).next()?;
    let (_, rest) = path.split_once("/v2/")?;
    if !rest.contains("/manifests/") {
        return None;
    }
    Digest::parse(response.header("Docker-Content-Digest")?.trim()).ok()
}

/// Whether `body` may be kept as the answer for `digest`.
pub fn keepable(digest: &Digest, body: &[u8]) -> bool {
    body.len() <= MAX_KEPT_BYTES && digest.verify(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
    fn a_manifest_got_by_tag_is_kept_under_the_digest_the_registry_names() {
        let answer = |status: u16, digest: Option<&str>| RawResponse {
            status,
            headers: digest
                .map(|d| vec![("docker-content-digest".to_string(), format!(" {d} "))])
                .unwrap_or_default(),
            body: b"hello".to_vec(),
            ..Default::default()
        };
        let by_tag = Request::get("http://r/v2/a/manifests/latest");
        assert_eq!(
            answer_digest(&by_tag, &answer(200, Some(D))).map(|d| d.to_string()),
            Some(D.to_string())
        );
        assert!(answer_digest(&by_tag, &answer(200, None)).is_none());
        assert!(answer_digest(&by_tag, &answer(404, Some(D))).is_none());
        // Lists and HEADs are never kept, whatever header they carry.
        let list = Request::get("http://r/v2/a/tags/list");
        assert!(answer_digest(&list, &answer(200, Some(D))).is_none());
        let head = Request::new(Method::Head, "http://r/v2/a/manifests/latest".to_string());
        assert!(answer_digest(&head, &answer(200, Some(D))).is_none());
        // By digest: the digest asked for, not a header.
        let by_digest = Request::get(format!("http://r/v2/a/manifests/{D}"));
        assert_eq!(
            answer_digest(&by_digest, &answer(200, None)).map(|d| d.to_string()),
            Some(D.to_string())
        );
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
