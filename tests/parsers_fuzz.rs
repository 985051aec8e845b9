//! Property tests: random and mutated input thrown at every parser of
//! registry data. None may panic. Case count: `PROPTEST_CASES` (default 256);
//! for a long run: `PROPTEST_CASES=200000 cargo test --release --test parsers_fuzz`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shipshape::config::resolve;
use shipshape::i18n::Explain;
use shipshape::registry::auth::parse_challenges;
use shipshape::registry::catalog::{parse_catalog_page, parse_tags_page};
use shipshape::registry::digest::Digest;
use shipshape::registry::error::{parse_envelope, RegistryError};
use shipshape::registry::manifest::{parse_config, parse_manifest};
use shipshape::registry::pagination::{next_link, resolve_same_origin};
use shipshape::registry::reference::{Reference, RepositoryName, Tag};
use shipshape::registry::response::RawResponse;
use shipshape::registry::token::parse_token;

const SEEDS: &[&str] = &[
    include_str!("../crates/registry/tests/fixtures/distribution-2.8/manifest-oci-index.json"),
    include_str!("../crates/registry/tests/fixtures/distribution-2.8/manifest-docker.json"),
    include_str!("../crates/registry/tests/fixtures/distribution-2.8/manifest-signature.json"),
    include_str!("../crates/registry/tests/fixtures/distribution-2.8/config-blob.json"),
    include_str!("../crates/registry/tests/fixtures/distribution-2.8/unauthorized.json"),
    include_str!("../crates/registry/tests/fixtures/distribution-2.8/catalog-page.json"),
];

/// The recorded bodies, cut, spliced and with bytes replaced.
fn mutated_body() -> impl Strategy<Value = Vec<u8>> {
    let bodies: Vec<Vec<u8>> = SEEDS
        .iter()
        .map(|s| {
            let v: serde_json::Value = serde_json::from_str(s).unwrap();
            v["body"].as_str().unwrap().as_bytes().to_vec()
        })
        .collect();
    (
        proptest::sample::select(bodies),
        any::<usize>(),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        any::<bool>(),
    )
        .prop_map(|(mut body, cut, edits, truncate)| {
            for (pos, byte) in edits {
                if !body.is_empty() {
                    let i = pos % body.len();
                    body[i] = byte;
                }
            }
            if truncate && !body.is_empty() {
                body.truncate(cut % body.len());
            }
            body
        })
}

fn any_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        mutated_body(),
        proptest::collection::vec(any::<u8>(), 0..512),
        "[{}\\[\\]\":,a-z0-9 ]{0,200}".prop_map(String::into_bytes),
    ]
}

const TYPES: &[&str] = &[
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/json",
    "text/html",
    "",
];

proptest! {
    #[test]
    fn manifest_and_config_parsers_never_panic(body in any_body(), t in proptest::sample::select(TYPES)) {
        let _ = parse_manifest(Some(t), &body);
        let _ = parse_manifest(None, &body);
        let _ = parse_config(&body);
        let _ = parse_catalog_page(&body);
        let _ = parse_tags_page(&body);
        let _ = parse_envelope(&body);
        let _ = parse_token("http://token.test", &body, 0.0);
        let _ = resolve(None, Some(&body), "http://ui.test");
    }

    #[test]
    fn status_mapping_never_panics(status in 100u16..600, body in any_body(), auth in ".{0,120}", retry in ".{0,12}") {
        let resp = RawResponse {
            status,
            status_text: String::new(),
            headers: vec![("WWW-Authenticate".into(), auth), ("Retry-After".into(), retry)],
            body,
        };
        let e = RegistryError::from_response(&resp);
        let _ = e.explain(shipshape::i18n::Lang::Zh);
    }

    #[test]
    fn header_parsers_never_panic(s in ".{0,300}", base in "(http|https|ftp)://[a-z0-9.:\\[\\]@]{0,20}(/[a-z_?=&%]{0,20}){0,3}") {
        let _ = parse_challenges(&s);
        let _ = next_link(&s);
        let _ = resolve_same_origin(&base, &s);
        let _ = resolve(Some(&s), None, "http://ui.test");
    }

    #[test]
    fn next_links_that_resolve_stay_on_the_origin(link in "(https?://[a-z.]{1,8}(:[0-9]{1,4})?)?/?[a-z/?=&]{0,20}") {
        let base = "http://reg.test:5000/v2/_catalog?n=100";
        if let Ok(url) = resolve_same_origin(base, &link) {
            let o = shipshape::registry::pagination::Origin::of(&url).unwrap();
            prop_assert_eq!(o.to_url(), "http://reg.test:5000");
        }
    }

    #[test]
    fn names_and_references_never_panic(s in ".{0,300}") {
        let _ = RepositoryName::parse(&s);
        let _ = Tag::parse(&s);
        let _ = Reference::parse(&s);
        let _ = Digest::parse(&s);
    }

    #[test]
    fn valid_names_only_contain_url_safe_characters(s in "[a-z0-9._/-]{1,64}") {
        if let Ok(n) = RepositoryName::parse(&s) {
            prop_assert!(n.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b)));
            prop_assert!(!n.as_str().contains("//") && !n.as_str().starts_with('/') && !n.as_str().contains(".."));
        }
    }
}

#[test]
fn a_10_mb_manifest_parses_without_trouble() {
    let layer = r#"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":1},"#;
    let n = 10 * 1024 * 1024 / layer.len();
    let mut body = String::from(
        r#"{"schemaVersion":2,"config":{"digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":1},"layers":["#,
    );
    for _ in 0..n {
        body.push_str(layer);
    }
    body.pop();
    body.push_str("]}");
    assert!(body.len() > 10_000_000);
    match parse_manifest(
        Some("application/vnd.oci.image.manifest.v1+json"),
        body.as_bytes(),
    )
    .unwrap()
    {
        shipshape::registry::manifest::Manifest::Image { manifest, .. } => {
            assert_eq!(manifest.layers.len(), n)
        }
        other => panic!("{other:?}"),
    }
    let d = Digest::sha256_of(body.as_bytes());
    assert!(d.verify(body.as_bytes()).is_ok());
}

#[test]
fn unicode_labels_and_wrong_types_are_handled() {
    let cfg = "{\"config\":{\"Labels\":{\"描述\":\"镜像 \u{202e}evil\u{202c} <script>alert(1)</script>\"}}}";
    let c = parse_config(cfg.as_bytes()).unwrap();
    assert_eq!(
        c.config.unwrap().labels.unwrap()["描述"],
        "镜像 \u{202e}evil\u{202c} <script>alert(1)</script>"
    );
    assert!(parse_config(br#"{"created": 5}"#).is_err());
    assert!(
        parse_manifest(None, br#"{"schemaVersion":2,"manifests":"nope"}"#).is_ok_and(|m| matches!(
            m,
            shipshape::registry::manifest::Manifest::Unsupported { .. }
        ))
    );
}

fn facts() -> impl Strategy<Value = Vec<shipshape::registry::retention::TagFacts>> {
    proptest::collection::vec(
        ("[a-c][0-9.]{0,3}", 0u8..6, proptest::option::of(0i64..400)),
        0..30,
    )
    .prop_map(|v| {
        let mut seen = std::collections::HashSet::new();
        v.into_iter()
            .filter(|(t, _, _)| seen.insert(t.clone()))
            .map(|(tag, d, age)| shipshape::registry::retention::TagFacts {
                tag,
                digest: format!("d{d}"),
                created: age.map(|a| 1_800_000_000 - a * 86_400),
                unreadable: None,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn retention_plans_never_delete_a_kept_image(
        tags in facts(),
        newest in proptest::option::of(0usize..10),
        days in proptest::option::of(0u32..200),
        keep in "[a-c*?,]{0,6}",
        only in "[a-c*?,]{0,6}",
        undated_as_oldest in proptest::bool::ANY,
    ) {
        use shipshape::registry::retention::{plan, Pattern, Policy};
        let policy = Policy {
            keep_newest: newest,
            keep_newer_than_days: days,
            always_keep: Pattern::parse(&keep),
            only_consider: Pattern::parse(&only),
            undated_as_oldest,
        };
        let p = plan(&tags, &policy, 1_800_000_000);
        prop_assert_eq!(p.decisions.len(), tags.len());
        for d in &p.decisions {
            let doomed = p.delete_digests.contains(&d.digest);
            // A digest is deleted exactly when none of its tags is kept.
            prop_assert_eq!(doomed, !d.keep, "{:?}", d);
            if policy.always_keep.matching(&d.tag).is_some() {
                prop_assert!(d.keep);
            }
        }
        if newest.is_none() && days.is_none() {
            prop_assert!(p.delete_digests.is_empty());
        }
    }
}
