//! Answers recorded from a real distribution 2.8.2 (`cargo xtask fixtures`
//! refreshes them), replayed through the protocol core.

use super::client::{DigestSource, Registry};
use super::digest::Digest;
use super::error::{ErrorCode, RegistryError};
use super::manifest::{media, Manifest, ManifestKind};
use super::reference::{Reference, RepositoryName};
use super::response::RawResponse;
use super::testing::{block_on, Scripted};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

macro_rules! fixture {
    ($name:literal) => {
        load(include_str!(concat!(
            "../tests/fixtures/distribution-2.8/",
            $name,
            ".json"
        )))
    };
}

fn load(text: &str) -> RawResponse {
    let v: serde_json::Value = serde_json::from_str(text).expect("fixture JSON");
    RawResponse {
        status: v["status"].as_u64().expect("status") as u16,
        status_text: String::new(),
        headers: v["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_string(),
                    h[1].as_str().unwrap().to_string(),
                )
            })
            .collect(),
        body: v["body"].as_str().expect("body").as_bytes().to_vec(),
    }
}

fn registry() -> Registry {
    Registry::new("http://registry.test")
}

fn name(n: &str) -> RepositoryName {
    RepositoryName::parse(n).unwrap()
}

fn tag(t: &str) -> Reference {
    Reference::parse(t).unwrap()
}

#[test]
fn catalog_page_with_a_relative_next_link() {
    let page = fixture!("catalog-page");
    let mut last = page.clone();
    last.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("link"));
    last.body = br#"{"repositories":["zzz"]}"#.to_vec();
    let t = Scripted::new(vec![Ok(page), Ok(last)]);
    let names = block_on(registry().list_repositories(&t, |_, _| {})).unwrap();
    assert_eq!(names.len(), 6);
    assert_eq!(names[0], "alpine");
    assert_eq!(
        t.asked.borrow()[1].url,
        "http://registry.test/v2/_catalog?last=bulk%2Frepo-00004&n=5"
    );
}

#[test]
fn catalog_page_size_refused_then_retried() {
    let t = Scripted::new(vec![
        Ok(fixture!("catalog-n-too-large")),
        Ok(fixture!("catalog-page")),
        Ok(RawResponse {
            body: br#"{"repositories":[]}"#.to_vec(),
            status: 200,
            ..Default::default()
        }),
    ]);
    let names = block_on(registry().list_repositories(&t, |_, _| {})).unwrap();
    assert_eq!(names.len(), 5);
    assert!(t.asked.borrow()[1].url.ends_with("/v2/_catalog?n=100"));
}

#[test]
fn tags_null_and_unknown_repository_mean_no_tags() {
    for r in [fixture!("tags-emptied"), fixture!("tags-unknown-repo")] {
        let t = Scripted::new(vec![Ok(r)]);
        assert!(block_on(registry().list_tags(&t, &name("emptied/repo")))
            .unwrap()
            .is_empty());
    }
    let t = Scripted::new(vec![Ok(fixture!("tags"))]);
    assert_eq!(
        block_on(registry().list_tags(&t, &name("alpine"))).unwrap(),
        vec!["latest", "3.19", "3.20"]
    );
}

fn fetch(
    fixture: RawResponse,
    reference: Reference,
) -> Result<super::client::FetchedManifest, RegistryError> {
    let t = Scripted::new(vec![Ok(fixture)]);
    block_on(registry().get_manifest(&t, &name("x"), &reference))
}

#[test]
fn every_manifest_kind_from_the_real_registry() {
    let m = fetch(fixture!("manifest-docker"), tag("latest")).unwrap();
    assert_eq!(m.digest_source, DigestSource::Header);
    assert_eq!(m.digest, Digest::sha256_of(&m.bytes));
    let Manifest::Image {
        kind: ManifestKind::DockerImage,
        manifest,
    } = m.manifest
    else {
        panic!()
    };
    assert_eq!(manifest.layers.len(), 2);

    let m = fetch(fixture!("manifest-oci"), tag("1.27")).unwrap();
    assert!(matches!(
        m.manifest,
        Manifest::Image {
            kind: ManifestKind::OciImage,
            ..
        }
    ));

    let m = fetch(fixture!("manifest-oci-index"), tag("v1")).unwrap();
    let Manifest::Index {
        kind: ManifestKind::OciIndex,
        index,
    } = m.manifest
    else {
        panic!()
    };
    let platforms: Vec<String> = index
        .platforms()
        .map(|d| d.platform.as_ref().unwrap().display())
        .collect();
    assert_eq!(
        platforms,
        vec!["linux/amd64", "linux/arm64/v8", "linux/arm/v7"]
    );
    assert_eq!(index.attestations().count(), 1);

    let m = fetch(fixture!("manifest-docker-list"), tag("2.0")).unwrap();
    assert!(matches!(
        m.manifest,
        Manifest::Index {
            kind: ManifestKind::DockerList,
            ..
        }
    ));

    let m = fetch(fixture!("manifest-signature"), tag("sig")).unwrap();
    let Manifest::Image { manifest, .. } = m.manifest else {
        panic!()
    };
    assert_eq!(
        manifest.artifact_kind(),
        Some("application/vnd.dev.cosign.artifact.sig.v1+json")
    );
    assert!(manifest.subject.is_some());
}

#[test]
fn without_the_accept_header_the_registry_converts_to_schema1() {
    // Why every manifest request sends all four types: this is what 2.8
    // answers without them, under a different digest.
    let without = fetch(fixture!("manifest-docker-no-accept"), tag("latest")).unwrap();
    let with = fetch(fixture!("manifest-docker"), tag("latest")).unwrap();
    assert_ne!(without.digest, with.digest);
    // Its header digest covers the unsigned payload, not the bytes served.
    assert_eq!(without.digest_source, DigestSource::HeaderUnverifiable);
    assert_ne!(without.digest, Digest::sha256_of(&without.bytes));
    assert!(matches!(
        without.manifest,
        Manifest::Unsupported { media_type: Some(ref t), .. } if t == media::DOCKER_SCHEMA1_SIGNED
    ));
}

#[test]
fn manifest_by_digest_is_verified() {
    let r = fixture!("manifest-by-digest");
    let d = Digest::sha256_of(&r.body);
    assert!(fetch(r.clone(), Reference::Digest(d)).is_ok());
    let wrong = Digest::sha256_of(b"something else");
    assert!(matches!(
        fetch(r, Reference::Digest(wrong)),
        Err(RegistryError::DigestMismatch { .. })
    ));
}

#[test]
fn head_gives_digest_and_size() {
    let r = fixture!("manifest-head");
    let t = Scripted::new(vec![Ok(r)]);
    let h = block_on(registry().head_manifest(&t, &name("alpine"), &tag("latest"))).unwrap();
    let get = fixture!("manifest-docker");
    assert_eq!(h.digest, Some(Digest::sha256_of(&get.body)));
    assert_eq!(h.size, Some(get.body.len() as u64));
}

#[test]
fn config_blob_parses() {
    let r = fixture!("config-blob");
    let d = Digest::sha256_of(&r.body);
    let t = Scripted::new(vec![Ok(r)]);
    let c = block_on(registry().get_config(&t, &name("alpine"), &d)).unwrap();
    assert_eq!(c.os, "linux");
    assert!(c.created.is_some());
    assert!(!c.history.is_empty());
}

#[test]
fn error_answers_map_to_their_kinds() {
    assert_eq!(
        RegistryError::from_response(&fixture!("manifest-unknown")),
        RegistryError::NotFound {
            code: Some(ErrorCode::ManifestUnknown),
            message: "manifest unknown".into()
        }
    );
    assert!(matches!(
        RegistryError::from_response(&fixture!("delete-by-tag")),
        RegistryError::Rejected {
            status: 400,
            code: Some(ErrorCode::DigestInvalid),
            ..
        }
    ));
    assert_eq!(
        RegistryError::from_response(&fixture!("delete-disabled")),
        RegistryError::DeleteDisabled
    );
    assert_eq!(
        RegistryError::from_response(&fixture!("delete-read-only")),
        RegistryError::ReadOnly {
            message: "Method not allowed".into()
        }
    );
    assert!(matches!(
        RegistryError::from_response(&fixture!("delete-gone")),
        RegistryError::NotFound {
            code: Some(ErrorCode::ManifestUnknown),
            ..
        }
    ));
    match RegistryError::from_response(&fixture!("unauthorized")) {
        RegistryError::Unauthorized { challenges } => assert_eq!(
            challenges,
            vec![super::auth::Challenge::Basic {
                realm: Some("shipshape-test".into())
            }]
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(fixture!("delete").status, 202);
}
