//! Find and understand: the search by digest or tag (`/search?q=`, the
//! header's box), the catalog's last-pushed column with its stale filter,
//! and image descriptions, against a real registry with images pushed by
//! buildah, skopeo and the harness's `Pusher`. Screenshots in English and
//! Chinese, light and dark, desktop and phone. Run by
//! `cargo xtask test -- find`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::buildah::Buildah;
use shipshape_harness::skopeo;
use shipshape_harness::stack::{Stack, StackOptions};
use std::time::Duration;

/// Open `url`; if the app never mounts, a screenshot and the error.
async fn visit(b: &mut Browser, url: &str) {
    if let Err(e) = b.visit(url).await {
        let shot = b.screenshot("not-mounted").await;
        panic!("{url}: {e}; screenshot {shot:?}");
    }
}

async fn attrs(b: &Browser, css: &str, name: &str) -> Vec<String> {
    b.attr_all(css, name)
        .await
        .unwrap()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

/// Wait (up to `seconds`) until `css` matches exactly `n` elements.
async fn wait_count(b: &Browser, css: &str, n: usize, seconds: u64) {
    let mut last = 0;
    for _ in 0..seconds * 10 {
        last = b.attr_all(css, "class").await.map_or(0, |v| v.len());
        if last == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last} elements, not {n}");
}

/// Whether the page scrolls sideways (it must not on a phone).
async fn overflows(b: &Browser) -> bool {
    let v = b
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    v.as_bool().unwrap()
}

/// The found images of one role: `repository` of each, in page order.
async fn found(b: &Browser, role: &str) -> Vec<String> {
    attrs(
        b,
        &format!("[data-testid=search-hit][data-role={role}]"),
        "data-repo",
    )
    .await
}

/// The amd64 platform of the index at `reference`, and the first layer of
/// that platform (as skopeo reads them).
fn amd64_platform_and_layer(url: &str, reference: &str) -> (String, String) {
    let index: Value =
        serde_json::from_slice(&skopeo::inspect_raw(url, reference, false).unwrap()).unwrap();
    let child = index["manifests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["platform"]["architecture"] == "amd64")
        .unwrap()["digest"]
        .as_str()
        .unwrap()
        .to_string();
    let repo = reference.split(':').next().unwrap();
    let image: Value = serde_json::from_slice(
        &skopeo::inspect_raw(url, &format!("{repo}@{child}"), false).unwrap(),
    )
    .unwrap();
    let layer = image["layers"][0]["digest"].as_str().unwrap().to_string();
    (child, layer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, buildah, skopeo and Chromium: cargo xtask test"]
async fn search_finds_a_digest_in_three_repositories_and_an_index() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let url = stack.registry.url.clone();
    let bh = Buildah::new("find");
    // A two-platform index; its amd64 platform copied by digest (skopeo,
    // digests preserved) under tags in three other repositories.
    bh.push_two_platform_index(&url, "find/multi:v1").unwrap();
    let (platform, layer) = amd64_platform_and_layer(&url, "find/multi:v1");
    for to in ["find/app:v1", "find/backup:x86", "find/mirror:stable"] {
        skopeo::retag(&url, &format!("find/multi@{platform}"), to).unwrap();
    }
    // Something else, which the digest is not in.
    bh.push("arm", &url, "find/other:arm").unwrap();

    let mut b = Browser::start("find-search").await.unwrap();
    // Nothing held yet: the page says so and offers the scan.
    visit(
        &mut b,
        &stack.page(&format!("/search?q=find/app@{platform}")),
    )
    .await;
    b.wait_text("[data-testid=search-nothing-held]")
        .await
        .unwrap();
    b.wait_text("[data-testid=search-none]").await.unwrap();
    assert!(b
        .wait_text("[data-testid=search-named]")
        .await
        .unwrap()
        .contains("find/app"));
    b.screenshot("nothing-held").await.unwrap();
    b.click("[data-testid=search-scan]").await.unwrap();
    // The scan's images come in: three tags on the digest and the index
    // that lists it.
    wait_count(&b, "[data-testid=search-hit]", 4, 60).await;
    assert_eq!(
        found(&b, "manifest").await,
        ["find/app", "find/backup", "find/mirror"]
    );
    assert_eq!(found(&b, "listed").await, ["find/multi"]);
    assert_eq!(
        b.texts("[data-testid=search-tag]").await.unwrap(),
        [
            "find/app:v1",
            "find/backup:x86",
            "find/mirror:stable",
            "find/multi:v1"
        ]
    );
    assert_eq!(
        b.attr("[data-testid=search-coverage]", "data-whole")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    b.screenshot("digest-found").await.unwrap();
    // A result links to the image.
    b.click("[data-testid=search-hit][data-repo='find/backup'] [data-testid=search-tag]")
        .await
        .unwrap();
    b.wait_for_text("h1", 20, |t| t.contains("x86")).await;

    // The layer, typed into the header's box after `/` focuses it: the
    // three images and the index (through its platform) use it.
    b.press("/").await.unwrap();
    let focused = b
        .client
        .execute(
            "return document.activeElement.getAttribute('data-testid');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused.as_str(), Some("search-box"));
    b.press(&format!("{layer}\u{e007}")).await.unwrap();
    b.wait_for_text("[data-testid=search-digest]", 20, |t| t == layer)
        .await;
    wait_count(&b, "[data-testid=search-hit]", 4, 20).await;
    assert_eq!(
        found(&b, "blob").await,
        ["find/app", "find/backup", "find/mirror", "find/multi"]
    );
    // A tag, everywhere it is.
    b.clear("[data-testid=search-box]").await.unwrap();
    b.type_into("[data-testid=search-box]", "stable\u{e007}")
        .await
        .unwrap();
    wait_count(&b, "[data-testid=search-hit]", 1, 20).await;
    assert_eq!(found(&b, "manifest").await, ["find/mirror"]);
    // Not a digest nor a tag: said, not searched.
    b.clear("[data-testid=search-box]").await.unwrap();
    b.type_into("[data-testid=search-box]", "sha256:abc\u{e007}")
        .await
        .unwrap();
    b.wait_text("[data-testid=search-problem]").await.unwrap();
    b.close().await.unwrap();

    // Without a scan: what this browser kept of the repositories it
    // showed, and the rest of the catalog named as not covered. Chinese,
    // phone width, dark.
    let mut b = Browser::start_with("find-search-phone", Viewport::PHONE, "zh-CN", true)
        .await
        .unwrap();
    visit(&mut b, &stack.page("/")).await;
    wait_count(&b, "[data-testid=repo-row]", 5, 20).await;
    for repo in ["find/app", "find/multi"] {
        visit(&mut b, &stack.page(&format!("/repo/{repo}"))).await;
        b.wait_text("[data-testid=created]").await.unwrap();
        // Kept half a second after the rows are in.
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    visit(&mut b, &stack.page(&format!("/search?q={platform}"))).await;
    wait_count(&b, "[data-testid=search-hit]", 2, 20).await;
    assert_eq!(found(&b, "manifest").await, ["find/app"]);
    assert_eq!(found(&b, "listed").await, ["find/multi"]);
    let covered = b.wait_text("[data-testid=search-covered]").await.unwrap();
    assert!(covered.contains("2 个镜像库"), "{covered}");
    let uncovered = b.wait_text("[data-testid=search-uncovered]").await.unwrap();
    assert!(
        uncovered.contains('3') && uncovered.contains('5'),
        "{uncovered}"
    );
    assert!(
        !overflows(&b).await,
        "the search page scrolls sideways on a phone"
    );
    b.screenshot("kept-zh-phone-dark").await.unwrap();
    b.close().await.unwrap();
}
