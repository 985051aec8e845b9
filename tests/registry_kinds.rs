//! Registries that are not a plain distribution with deletes on: a
//! pull-through cache (Debian's registry with `proxy.remoteurl` in front of
//! another). Against real registries; run by `cargo xtask test --
//! registry_kind` (ignored by a plain `cargo test`).
#![cfg(not(target_arch = "wasm32"))]

use shipshape_harness::browser::Browser;
use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{seed, Pusher, SeedOptions};
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
        "storage: delete: enabled: true",
    ] {
        assert!(text.contains(says), "{says}: {text}");
    }
    b.screenshot("delete-refused").await.unwrap();
    let upstream_tags = Pusher::new(&upstream.url).tags("many/tags").unwrap();
    assert_eq!(upstream_tags.len(), 5, "nothing deleted upstream");
    b.close().await.unwrap();
}
