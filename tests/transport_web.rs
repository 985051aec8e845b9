//! The real browser transport (`fetch` through gloo-net, in headless
//! Chromium) against real registries. Run by `cargo xtask test`, which starts
//! the registries and passes their addresses at compile time:
//! `SHIPSHAPE_WEB_REGISTRY` (seeded, delete enabled, CORS `*`),
//! `SHIPSHAPE_WEB_REGISTRY_NO_DELETE` and `SHIPSHAPE_WEB_NO_DELETE_DIGEST`
//! (delete disabled, one image), `SHIPSHAPE_WEB_CLOSED` (nothing listens).
#![cfg(target_arch = "wasm32")]

use shipshape::registry::client::{DigestSource, Registry};
use shipshape::registry::digest::Digest;
use shipshape::registry::engine::Outcome;
use shipshape::registry::error::{ErrorCode, RegistryError};
use shipshape::registry::manifest::{Manifest, ManifestKind};
use shipshape::registry::reference::{Reference, RepositoryName, Tag};
use shipshape::transport::WebTransport;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn var(value: Option<&'static str>, name: &str) -> &'static str {
    value.unwrap_or_else(|| panic!("{name} is not set: run `cargo xtask test`"))
}

fn main_registry() -> Registry {
    Registry::new(var(
        option_env!("SHIPSHAPE_WEB_REGISTRY"),
        "SHIPSHAPE_WEB_REGISTRY",
    ))
}

fn name(n: &str) -> RepositoryName {
    RepositoryName::parse(n).unwrap()
}

fn tag(t: &str) -> Reference {
    Reference::parse(t).unwrap()
}

#[wasm_bindgen_test]
async fn catalog_and_tags() {
    let t = WebTransport::new();
    let r = main_registry();
    r.check(&t).await.unwrap();
    let repos = r.list_repositories(&t, |_, _| {}).await.unwrap();
    for expected in ["alpine", "emptied/repo", "multiarch/tool", "team/app/api"] {
        assert!(
            repos.iter().any(|n| n == expected),
            "{expected} missing from {repos:?}"
        );
    }
    let mut tags = r.list_tags(&t, &name("alpine")).await.unwrap();
    tags.sort();
    assert_eq!(tags, vec!["3.19", "3.20", "latest"]);
    assert!(r
        .list_tags(&t, &name("emptied/repo"))
        .await
        .unwrap()
        .is_empty());
}

#[wasm_bindgen_test]
async fn manifests_by_tag_and_digest_agree_and_heads_match() {
    let t = WebTransport::new();
    let r = main_registry();
    let by_tag = r
        .get_manifest(&t, &name("alpine"), &tag("latest"))
        .await
        .unwrap();
    // CORS exposes Docker-Content-Digest, and it matches the bytes.
    assert_eq!(by_tag.digest_source, DigestSource::Header);
    assert_eq!(by_tag.digest, Digest::sha256_of(&by_tag.bytes));
    let by_digest = r
        .get_manifest(
            &t,
            &name("alpine"),
            &Reference::Digest(by_tag.digest.clone()),
        )
        .await
        .unwrap();
    assert_eq!(by_digest.bytes, by_tag.bytes);
    let head = r
        .head_manifest(&t, &name("alpine"), &tag("latest"))
        .await
        .unwrap();
    assert_eq!(head.digest, Some(by_tag.digest.clone()));
    assert_eq!(head.size, Some(by_tag.bytes.len() as u64));

    let Manifest::Image {
        kind: ManifestKind::DockerImage,
        manifest,
    } = by_tag.manifest
    else {
        panic!("alpine:latest should be a Docker image manifest")
    };
    let config_digest = manifest.config.digest.valid().cloned().unwrap();
    let config = r
        .get_config(&t, &name("alpine"), &config_digest)
        .await
        .unwrap();
    assert_eq!(config.os, "linux");
    assert!(config.created.is_some());

    let index = r
        .get_manifest(&t, &name("multiarch/tool"), &tag("v1"))
        .await
        .unwrap();
    let Manifest::Index {
        kind: ManifestKind::OciIndex,
        index,
    } = index.manifest
    else {
        panic!()
    };
    assert_eq!(index.platforms().count(), 3);
    assert_eq!(index.attestations().count(), 1);
}

#[wasm_bindgen_test]
async fn errors_are_mapped() {
    let t = WebTransport::new();
    let r = main_registry();
    assert!(matches!(
        r.get_manifest(&t, &name("alpine"), &tag("no-such-tag"))
            .await,
        Err(RegistryError::NotFound {
            code: Some(ErrorCode::ManifestUnknown),
            ..
        })
    ));
    // 2.x refuses a DELETE by tag.
    assert!(matches!(
        r.delete_tag(&t, &name("alpine"), &Tag::parse("3.19").unwrap())
            .await,
        Err(RegistryError::Rejected {
            status: 400,
            code: Some(ErrorCode::DigestInvalid),
            ..
        })
    ));
    let no_delete = Registry::new(var(
        option_env!("SHIPSHAPE_WEB_REGISTRY_NO_DELETE"),
        "SHIPSHAPE_WEB_REGISTRY_NO_DELETE",
    ));
    let digest = Digest::parse(var(
        option_env!("SHIPSHAPE_WEB_NO_DELETE_DIGEST"),
        "SHIPSHAPE_WEB_NO_DELETE_DIGEST",
    ))
    .unwrap();
    assert_eq!(
        no_delete
            .delete_and_check(&t, &name("app"), &digest, &[])
            .await,
        Outcome::Failed(RegistryError::DeleteDisabled)
    );
    let closed = Registry::new(var(
        option_env!("SHIPSHAPE_WEB_CLOSED"),
        "SHIPSHAPE_WEB_CLOSED",
    ));
    assert!(matches!(
        closed.check(&t).await,
        Err(RegistryError::Unreachable { .. })
    ));
}

#[wasm_bindgen_test]
async fn delete_by_digest_then_already_gone() {
    let t = WebTransport::new();
    let r = main_registry();
    let repo = name("library/nginx");
    let digest = r.resolve_digest(&t, &repo, &tag("1.25")).await.unwrap();
    assert_eq!(
        r.delete_and_check(&t, &repo, &digest, &["1.25"]).await,
        Outcome::Deleted
    );
    assert_eq!(
        r.delete_and_check(&t, &repo, &digest, &[]).await,
        Outcome::AlreadyGone
    );
    assert_eq!(r.list_tags(&t, &repo).await.unwrap(), vec!["1.27"]);
}

#[wasm_bindgen_test]
async fn delete_impact_finds_sibling_tags_and_parent_indexes() {
    let t = WebTransport::new();
    let r = main_registry();
    let alpine = name("alpine");
    let tags = r.list_tags(&t, &alpine).await.unwrap();
    let digest = r.resolve_digest(&t, &alpine, &tag("3.20")).await.unwrap();
    let impact = r.delete_impact(&t, &alpine, &digest, &tags).await.unwrap();
    let mut siblings = impact.tags.clone();
    siblings.sort();
    assert_eq!(
        siblings,
        vec!["3.20", "latest"],
        "deleting 3.20 takes latest with it"
    );
    assert!(!impact.is_blocked());
    r.recheck(
        &t,
        &alpine,
        &shipshape::registry::reference::Tag::parse("latest").unwrap(),
        &digest,
    )
    .await
    .unwrap();

    // A platform of a tagged index: the delete is blocked.
    let multi = name("multiarch/tool");
    let tags = r.list_tags(&t, &multi).await.unwrap();
    let index = r.get_manifest(&t, &multi, &tag("v1")).await.unwrap();
    let Manifest::Index { index: idx, .. } = index.manifest else {
        panic!()
    };
    let child = idx
        .platforms()
        .next()
        .unwrap()
        .digest
        .valid()
        .cloned()
        .unwrap();
    let impact = r.delete_impact(&t, &multi, &child, &tags).await.unwrap();
    assert!(impact.is_blocked());
    let mut parents: Vec<String> = impact.parents.iter().map(|(tag, _)| tag.clone()).collect();
    parents.sort();
    assert_eq!(parents, vec!["latest", "v1"]);
    // And the index itself lists its three platforms and the attestation.
    let impact = r
        .delete_impact(&t, &multi, &index.digest, &tags)
        .await
        .unwrap();
    assert_eq!(impact.children.len(), 4);
}
