//! Registries that are not a plain distribution with deletes on: a
//! pull-through cache (Debian's registry with `proxy.remoteurl` in front of
//! another); artifacts attached the way tools do on a registry without the
//! referrers API (the OCI tag schema). Against real registries; run by `cargo xtask test --
//! registry_kind` (ignored by a plain `cargo test`).
#![cfg(not(target_arch = "wasm32"))]

use shipshape_harness::browser::Browser;
use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{
    layer, seed, ImageSpec, Pusher, SeedOptions, OCI_EMPTY, OCI_INDEX, OCI_MANIFEST,
};
use shipshape_harness::stack::{Stack, StackOptions};

/// A pull-through cache (as the guides mirror Docker Hub) of a registry
/// with content: browsing works through it; a delete is refused with 405
/// UNSUPPORTED, explained with both causes and their fixes, and nothing
/// is deleted upstream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn registry_kind_pull_through_cache_browses_and_explains_why_it_cannot_delete() {
    let upstream = Registry::start(RegistryOptions::default()).unwrap();
    seed(
        &upstream.url,
        &SeedOptions {
            many_tags: 5,
            extra_repos: 0,
        },
    )
    .unwrap();
    let stack = Stack::start(StackOptions {
        registry: RegistryOptions {
            proxy_remote: Some(upstream.url.clone()),
            ..RegistryOptions::default()
        },
        seed: None,
        ..StackOptions::default()
    })
    .unwrap();
    let mut b = Browser::start("registry-kind-cache").await.unwrap();

    // Browsing by name: the tags come from upstream through the cache.
    b.visit(&stack.page("/repo/many/tags")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "5/5", 30)
        .await;
    b.screenshot("tags").await.unwrap();
    b.visit(&stack.page("/image/multiarch/tool:v1"))
        .await
        .unwrap();
    b.wait_text("[data-testid=platform-row]").await.unwrap();

    // A delete: refused, both causes named.
    b.visit(&stack.page("/image/many/tags:build-00001"))
        .await
        .unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    let text = b.wait_text("[data-testid=delete-result]").await.unwrap();
    assert_eq!(
        b.attr(
            "[data-testid=delete-result] [data-testid=error]",
            "data-kind"
        )
        .await
        .unwrap()
        .as_deref(),
        Some("delete-disabled")
    );
    for says in [
        "405 UNSUPPORTED",
        "pull-through cache",
        "proxy.ttl",
        "storage:\n  delete:\n    enabled: true",
    ] {
        assert!(text.contains(says), "{says}: {text}");
    }
    b.screenshot("delete-refused").await.unwrap();
    let upstream_tags = Pusher::new(&upstream.url).tags("many/tags").unwrap();
    assert_eq!(upstream_tags.len(), 5, "nothing deleted upstream");
    b.close().await.unwrap();
}

/// An SBOM attached as `oras attach` does on a registry without the
/// referrers API (distribution 2.8): the artifact manifest names the image
/// as its `subject`, and the tag `sha256-<hex>` holds an index of the
/// image's referrers. The image shows it; the schema tag is marked as an
/// attachment, not shown as an image of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn registry_kind_referrers_tag_schema_shows_the_artifacts_on_their_image() {
    let stack = Stack::start(StackOptions {
        seed: None,
        ..StackOptions::default()
    })
    .unwrap();
    let p = Pusher::new(&stack.registry.url);
    let repo = "sbom/app";
    let image = p
        .image(
            repo,
            &["1.0"],
            &ImageSpec::new(true, "amd64", None, vec![layer(&[("app", b"1")])]),
        )
        .unwrap();
    let empty = p.blob(repo, b"{}").unwrap();
    let spdx = br#"{"spdxVersion":"SPDX-2.3","name":"sbom/app"}"#;
    let spdx_digest = p.blob(repo, spdx).unwrap();
    let sbom = serde_json::json!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": "application/spdx+json",
        "config": {"mediaType": OCI_EMPTY, "digest": empty, "size": 2},
        "layers": [{"mediaType": "application/spdx+json", "digest": spdx_digest, "size": spdx.len()}],
        "subject": image.descriptor(),
    });
    let sbom_bytes = serde_json::to_vec(&sbom).unwrap();
    let sbom_digest = shipshape_harness::seed::sha256(&sbom_bytes);
    p.manifest(repo, &sbom_digest, OCI_MANIFEST, &sbom_bytes)
        .unwrap();
    let index = serde_json::json!({
        "schemaVersion": 2, "mediaType": OCI_INDEX,
        "manifests": [{"mediaType": OCI_MANIFEST, "digest": sbom_digest, "size": sbom_bytes.len(),
                       "artifactType": "application/spdx+json"}],
    });
    let schema_tag = image.digest.replace(':', "-");
    p.manifest(
        repo,
        &schema_tag,
        OCI_INDEX,
        &serde_json::to_vec(&index).unwrap(),
    )
    .unwrap();

    let mut b = Browser::start("registry-kind-referrers").await.unwrap();
    b.visit(&stack.page("/repo/sbom/app")).await.unwrap();
    // One image tag; the schema tag is an attachment, not counted.
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "1", 30)
        .await;
    let badge = b.wait_text("[data-testid=attachment-badge]").await.unwrap();
    assert_eq!(badge, "artifacts attached");
    // The schema tag is not listed as an image of its own.
    let names = b.texts("[data-testid=tag-name]").await.unwrap();
    assert_eq!(names, vec!["1.0".to_string()]);
    b.screenshot("tags").await.unwrap();
    b.visit(&stack.page("/image/sbom/app:1.0")).await.unwrap();
    let referrer = b.wait_text("[data-testid=referrer]").await.unwrap();
    assert!(referrer.contains("application/spdx+json"), "{referrer}");
    b.screenshot("image").await.unwrap();
    b.close().await.unwrap();
}

/// distribution 3.x, scripted: a proxy answers a DELETE by tag as 3.x does
/// (202, only the tag gone). Removing only `latest` is then one DELETE by
/// tag, with no placeholder pushed by the page, and `3.20` keeps the image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn registry_kind_distribution_3x_untags_with_one_delete_by_tag() {
    use shipshape_harness::faults::{Fault, FaultProxy, Rule};
    let stack = Stack::start(StackOptions {
        seed: Some(SeedOptions {
            many_tags: 0,
            extra_repos: 0,
        }),
        ..StackOptions::default()
    })
    .unwrap();
    let registry = Pusher::new(&stack.registry.url);
    let image = registry.digest_of("alpine", "3.20").unwrap();
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    proxy.set_rules(vec![Rule::new(
        Some("DELETE"),
        "/manifests/",
        Fault::UntagLikeV3,
    )]);
    let mut b = Browser::start("registry-kind-3x").await.unwrap();
    b.visit(&stack.page(&format!("/repo/alpine?registry={}", proxy.url)))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    b.click("[data-tag='latest'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=untag-start]").await.unwrap();
    b.wait_text("[data-testid=untag-flow]").await.unwrap();
    b.click("[data-testid=untag-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=untag-result]", "data-result", "removed", 30)
        .await;
    b.screenshot("removed").await.unwrap();
    let mut tags = registry.tags("alpine").unwrap();
    tags.sort();
    assert_eq!(tags, vec!["3.19", "3.20"]);
    assert_eq!(
        registry.digest_of("alpine", "3.20").as_deref(),
        Some(image.as_str())
    );
    // The page sent one DELETE, by tag, and wrote nothing.
    let log = proxy.log();
    let writes: Vec<&String> = log
        .iter()
        .filter(|l| l.starts_with("DELETE ") || l.starts_with("PUT ") || l.starts_with("POST "))
        .collect();
    assert_eq!(
        writes,
        vec![&"DELETE /v2/alpine/manifests/latest".to_string()],
        "{log:#?}"
    );
    b.close().await.unwrap();
}
