//! Pages loaded on demand (`src/on_demand.rs`, cut by `tools/bundle`):
//! the first screen (catalog, a repository's tag table with every row's
//! details) works with no chunk at all; every other page and the delete
//! dialogs fetch their chunk when first opened, cold; a chunk that does not
//! come shows what happened and "Try again", which works once the server
//! serves it again; after the first screen every chunk is fetched in the
//! background, so a later click sends no request for code. Against the
//! real registry, the built app on the harness's static server, Chromium.
//! Run by `cargo xtask test -- on_demand`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::stack::{dist_dir, Stack};
use shipshape_harness::steps::{many_tags, saved_last_digests, seeded_stack};
use std::time::Duration;

/// The chunk files of the build in `dist/` (`split_<page>-<id>.wasm`,
/// `chunk_<n>-<id>.wasm`).
fn chunk_files() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dist_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| (n.starts_with("split_") || n.starts_with("chunk_")) && n.ends_with(".wasm"))
        .collect();
    out.sort();
    out
}

/// The `.wasm` files the server was asked for after the first `since`
/// requests.
fn wasm_served(stack: &Stack, since: usize) -> Vec<String> {
    stack.app.served()[since..]
        .iter()
        .filter(|p| p.ends_with(".wasm"))
        .map(|p| p.trim_start_matches('/').to_string())
        .collect()
}

#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn the_first_screen_needs_no_chunk_and_a_chunk_that_fails_can_be_tried_again() {
    let chunks = chunk_files();
    assert!(
        chunks.iter().any(|c| c.starts_with("split_storage-")),
        "the build has no chunk for the storage page: {chunks:?}"
    );
    let stack = seeded_stack(many_tags(12));
    // No chunk can be fetched: the first screen must not need one.
    stack.app.fail_paths("/split_");
    stack.app.fail_paths("/chunk_");
    let mut b = Browser::start("on-demand-first-screen").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_for_text("[data-testid=repo-row][data-repo='many/tags']", 20, |t| {
        t.contains("many/tags")
    })
    .await;
    b.click("[data-testid=repo-row][data-repo='many/tags'] a")
        .await
        .unwrap();
    // Every row's digest, size and date (all on screen: loaded without a
    // click): the tag table and its summaries are in the main module.
    b.wait_for_attr("[data-testid=tag-count]", "data-shown", "12", 20)
        .await;
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "12/12", 30)
        .await;
    // Every chunk was refused (those fetched ahead included), so all of
    // that came from the main module.
    let main_fetched = wasm_served(&stack, 0)
        .iter()
        .filter(|f| f.starts_with("shipshape-"))
        .count();
    assert_eq!(main_fetched, 1, "{:?}", wasm_served(&stack, 0));

    // A second visit shows kept rows with code from a chunk: without it,
    // every row still loads, as on a first visit.
    assert_eq!(saved_last_digests(&b, 12).await, 12);
    let before = stack.app.served().len();
    b.visit(&stack.page("/repo/many/tags")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "12/12", 30)
        .await;
    assert!(
        wasm_served(&stack, before)
            .iter()
            .any(|f| f.starts_with("split_kept_rows-")),
        "the second visit asked for its chunk: {:?}",
        wasm_served(&stack, before)
    );

    // The delete dialog lives in a chunk: it says it could not be loaded,
    // and can be closed.
    b.click("[data-testid=tag-row] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=chunk-failed]").await.unwrap();
    b.screenshot("on-demand-dialog-not-loaded").await.unwrap();
    b.click("[data-testid=chunk-close]").await.unwrap();
    b.wait_gone("[data-testid=chunk-failed]").await.unwrap();

    // A page on demand: the error, in the page's place, with the header
    // and the way back still there.
    let before = stack.app.served().len();
    b.goto(&stack.page("/storage")).await.unwrap();
    let failed = b.wait_text("[data-testid=chunk-failed]").await.unwrap();
    assert!(failed.contains("could not be loaded"), "{failed}");
    assert!(b.wait_text("header").await.is_ok());
    assert!(
        wasm_served(&stack, before)
            .iter()
            .any(|f| f.starts_with("split_storage-")),
        "the storage page asked for its chunk: {:?}",
        wasm_served(&stack, before)
    );
    b.screenshot("on-demand-page-not-loaded").await.unwrap();
    // The same on a phone, in Chinese, dark.
    let mut phone = Browser::start_with("on-demand-phone-zh", Viewport::PHONE, "zh-CN", true)
        .await
        .unwrap();
    phone.visit(&stack.page("/storage")).await.unwrap();
    let failed = phone.wait_text("[data-testid=chunk-failed]").await.unwrap();
    assert!(failed.contains("无法加载此页面"), "{failed}");
    phone.screenshot("on-demand-page-not-loaded").await.unwrap();
    phone.close().await.unwrap();
    // Served again: "Try again" brings the page, no reload.
    stack.app.heal();
    b.click("[data-testid=chunk-retry]").await.unwrap();
    b.wait_text("[data-testid=scan-form]").await.unwrap();
    b.wait_gone("[data-testid=chunk-failed]").await.unwrap();
    let mounted = b
        .client
        .execute("return document.querySelectorAll('#boot').length", vec![])
        .await
        .unwrap();
    assert_eq!(mounted, 0, "the app did not start again");
    b.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn every_page_opens_cold_from_its_address_with_its_chunk() {
    let stack = seeded_stack(many_tags(12));
    let image = "library/nginx:1.27";
    let pages: [(&str, String, &str); 7] = [
        (
            "split_image-",
            format!("/image/{image}"),
            "[data-testid=image-title]",
        ),
        (
            "split_clean_up-",
            "/clean-up".into(),
            "[data-testid=policy]",
        ),
        (
            "split_storage-",
            "/storage".into(),
            "[data-testid=scan-form]",
        ),
        (
            "split_registries-",
            "/registries".into(),
            "[data-testid=registry-list]",
        ),
        ("split_runs-", "/runs".into(), "[data-testid=runs-page]"),
        (
            "split_compare-",
            "/compare/library/nginx:1.25...library/nginx:1.27".into(),
            "[data-testid=compare-summary]",
        ),
        // The first screen: no chunk needed (fetched ahead later).
        ("", "/repo/many/tags".into(), "[data-testid=tag-table]"),
    ];
    for (chunk, path, shown) in pages {
        // A fresh profile each time: nothing cached, nothing fetched ahead.
        let mut b = Browser::start(&format!("on-demand-cold{}", path.replace('/', "-")))
            .await
            .unwrap();
        let before = stack.app.served().len();
        b.visit(&stack.page(&path)).await.unwrap();
        b.wait_text(shown)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let wasm = wasm_served(&stack, before);
        assert!(
            wasm.first().is_some_and(|f| f.starts_with("shipshape-")),
            "{path}: the main module first: {wasm:?}"
        );
        if !chunk.is_empty() {
            assert!(
                wasm.iter().any(|f| f.starts_with(chunk)),
                "{path}: its chunk {chunk}… was fetched: {wasm:?}"
            );
        }
        b.close().await.unwrap();
    }
}

#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn after_the_first_screen_every_chunk_comes_in_the_background() {
    let chunks = chunk_files();
    let stack = seeded_stack(many_tags(12));
    let mut b = Browser::start("on-demand-ahead").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_for_text("[data-testid=repo-row][data-repo='many/tags']", 20, |t| {
        t.contains("many/tags")
    })
    .await;
    // Fetched ahead, one after another, without a click.
    let mut fetched = Vec::new();
    for _ in 0..300 {
        fetched = wasm_served(&stack, 0);
        if chunks.iter().all(|c| fetched.contains(c)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let missing: Vec<&String> = chunks.iter().filter(|c| !fetched.contains(c)).collect();
    assert!(missing.is_empty(), "not fetched ahead: {missing:?}");
    // A page opened now asks for no code: it is all there.
    let before = stack.app.served().len();
    b.click("[data-testid=registry]").await.unwrap();
    b.wait_text("[data-testid=registry-list]").await.unwrap();
    assert_eq!(wasm_served(&stack, before), Vec::<String>::new());
    b.close().await.unwrap();
}
