//! The Storage page against the registry's disk: after `registry
//! garbage-collect` the page's total is the apparent size of the blob
//! files, to the byte; a clean-up plan made after a storage scan promises
//! what garbage collection then frees, to the byte. Screens in both
//! themes, both languages and on a phone.
//! Run by `cargo xtask test -- storage`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape::i18n::text;
use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::faults::{Fault, FaultProxy, Rule};
use shipshape_harness::seed::{storage_mix, Pusher, SeedOptions, StorageMix};
use shipshape_harness::skopeo::garbage_collect;
use shipshape_harness::stack::{Stack, StackOptions};
use shipshape_harness::steps::dry_run;
use std::time::Duration;

/// A registry holding [`storage_mix`] after garbage collection, and the app.
fn mixed_stack() -> (Stack, StorageMix) {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let mix = storage_mix(&Pusher::new(&stack.registry.url)).expect("push the images");
    garbage_collect(&stack.registry).expect("garbage-collect");
    (stack, mix)
}

async fn number(b: &Browser, css: &str, attr: &str) -> u64 {
    b.attr(css, attr)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{css} has no {attr}"))
        .parse()
        .unwrap()
}

/// Open the Storage page, scan the whole registry, wait for the result.
async fn scan(b: &mut Browser, stack: &Stack) {
    b.visit(&stack.page("/storage")).await.unwrap();
    b.wait_text("[data-testid=no-scan]").await.unwrap();
    b.click("[data-testid=scan]").await.unwrap();
    b.wait_text("[data-testid=storage-total]").await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn storage_page_total_equals_the_blob_files_on_disk_after_garbage_collection() {
    let (stack, mix) = mixed_stack();
    let on_disk = stack.registry.blob_bytes();
    assert!(on_disk > 0);

    let mut b = Browser::start("storage").await.unwrap();
    scan(&mut b, &stack).await;
    let total = number(&b, "[data-testid=storage-total]", "data-bytes").await;
    assert_eq!(total, on_disk, "the page's total against the blob files");
    assert_eq!(
        b.attr("[data-testid=storage]", "data-whole-registry")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    // Per repository: the shared base, and the rest exclusive; every byte
    // on disk is some repository's exclusive bytes or the base.
    let names = b
        .attr_all("tr.storage-row", "data-repository")
        .await
        .unwrap();
    let shared = b.attr_all("tr.storage-row", "data-shared").await.unwrap();
    let exclusive = b
        .attr_all("tr.storage-row", "data-exclusive")
        .await
        .unwrap();
    assert_eq!(names.len(), 3, "{names:?}");
    let parse = |v: &Option<String>| v.as_deref().unwrap().parse::<u64>().unwrap();
    assert!(
        shared.iter().all(|s| parse(s) == mix.base_bytes),
        "{shared:?}"
    );
    let exclusive_sum: u64 = exclusive.iter().map(parse).sum();
    assert_eq!(exclusive_sum + mix.base_bytes, on_disk);
    // The base layer is the most shared: all five images, three repositories.
    let first_shared = b.texts("[data-testid=most-shared] tbody tr").await.unwrap();
    assert!(
        first_shared[0]
            .split_whitespace()
            .rev()
            .take(2)
            .eq(["3", "5"]),
        "{first_shared:?}"
    );
    assert_eq!(
        b.texts("[data-testid=largest-images] tbody tr")
            .await
            .unwrap()
            .len(),
        5
    );
    assert_eq!(
        b.texts("[data-testid=repository-chart] li")
            .await
            .unwrap()
            .len(),
        3
    );
    // Both charts say their numbers as text.
    let months = b.texts("[data-testid=month-chart] li").await.unwrap();
    assert!(months.iter().any(|m| m.starts_with("2026-")), "{months:?}");
    b.screenshot("light").await.unwrap();
    b.client
        .execute(
            "document.querySelector('[data-testid=storage-table]').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    b.screenshot("tables").await.unwrap();

    // Sort and filter.
    b.click("[data-testid=storage-sort-name]").await.unwrap();
    let sorted = b.texts("tr.storage-row td:first-child").await.unwrap();
    assert_eq!(sorted, ["storage/app", "storage/tool", "storage/web"]);
    b.click("[data-testid=storage-sort-name]").await.unwrap();
    let sorted = b.texts("tr.storage-row td:first-child").await.unwrap();
    assert_eq!(sorted, ["storage/web", "storage/tool", "storage/app"]);
    b.type_into("[data-testid=storage-filter]", "TOOL")
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=storage-table]", "data-rows", "1", 10)
        .await;
    b.close().await.unwrap();

    // Dark, and Chinese on a phone.
    for (label, viewport, lang, dark) in [
        ("dark", Viewport::DESKTOP, "en-US", true),
        ("phone-zh", Viewport::PHONE, "zh-CN", false),
    ] {
        let mut b = Browser::start_with(&format!("storage-{label}"), viewport, lang, dark)
            .await
            .unwrap();
        scan(&mut b, &stack).await;
        assert_eq!(
            number(&b, "[data-testid=storage-total]", "data-bytes").await,
            on_disk
        );
        if lang == "zh-CN" {
            assert_eq!(b.wait_text("h1").await.unwrap(), text::STORAGE.zh);
        }
        b.screenshot(label).await.unwrap();
        b.close().await.unwrap();
    }
}

#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_plan_after_a_storage_scan_frees_on_disk_exactly_what_it_promised() {
    let (stack, mix) = mixed_stack();
    let before = stack.registry.blob_bytes();
    let registry = Pusher::new(&stack.registry.url);

    let mut b = Browser::start("storage-plan").await.unwrap();
    scan(&mut b, &stack).await;
    // To the clean-up page inside the app: the scan stays with the session.
    b.click("[data-testid=plan-clean-up]").await.unwrap();
    b.wait_text("[data-testid=policy]").await.unwrap();
    b.type_into("[data-testid=policy-repos]", "storage/*")
        .await
        .unwrap();
    dry_run(&b, 1, None).await;
    let promise_text = b.wait_text("[data-testid=plan-frees]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=plan-frees]", "data-whole-registry")
            .await
            .unwrap()
            .as_deref(),
        Some("true"),
        "{promise_text}"
    );
    let promised = number(&b, "[data-testid=plan-frees]", "data-bytes").await;
    // app v1 goes (its base layer stays: other images use it) and the old
    // tool index goes (its platforms stay, untagged, with their layers).
    assert!(promised > 0 && promised < before, "{promise_text}");
    b.screenshot("promise").await.unwrap();

    b.click("[data-testid=execute-plan]").await.unwrap();
    b.type_into("[data-testid=execute-confirm-input]", "2")
        .await
        .unwrap();
    b.click("[data-testid=execute-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 120)
        .await;
    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| o.as_deref() == Some("deleted")));
    assert!(!registry.manifest_exists("storage/app", &mix.app_v1.digest));
    assert!(!registry.manifest_exists("storage/tool", &mix.old_index));
    // Through the API: exactly the planned tags went, the rest is there.
    let tags = |repo: &str| {
        let mut t = registry.tags(repo).unwrap();
        t.sort();
        t
    };
    assert_eq!(tags("storage/app"), ["latest", "v2"]);
    assert_eq!(tags("storage/tool"), ["1.0"]);
    assert_eq!(tags("storage/web"), ["v1"]);
    // The run's report uses the same accounting.
    assert_eq!(
        number(&b, "[data-testid=reclaim-estimate]", "data-bytes").await,
        promised
    );
    b.screenshot("ran").await.unwrap();
    b.close().await.unwrap();

    garbage_collect(&stack.registry).expect("garbage-collect");
    let after = stack.registry.blob_bytes();
    assert_eq!(
        before - after,
        promised,
        "freed on disk against the plan's promise ({promise_text})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_scan_shows_progress_can_be_cancelled_and_names_what_it_could_not_read() {
    let stack = Stack::start(StackOptions {
        seed: Some(SeedOptions {
            many_tags: 0,
            extra_repos: 20,
        }),
        ..StackOptions::default()
    })
    .expect("start registry and app");
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let page = stack.page(&format!("/storage?registry={}", proxy.url));
    // Every tag list is slow: the scan is still going when cancel is
    // clicked, and only the repositories already started are read.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/tags/list",
        Fault::Delay(Duration::from_secs(3)),
    )]);
    let mut b = Browser::start("storage-cancel").await.unwrap();
    b.visit(&page).await.unwrap();
    b.click("[data-testid=scan]").await.unwrap();
    b.wait_for_text("[data-testid=scan-progress]", 20, |t| {
        t.starts_with("Read ")
    })
    .await;
    let asked: usize = b
        .attr("[data-testid=scan-progress]", "data-total")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(asked > 20, "{asked}");
    b.screenshot("progress").await.unwrap();
    b.click("[data-testid=scan-cancel]").await.unwrap();
    let scope = b.wait_text("[data-testid=scan-scope]").await.unwrap();
    assert!(scope.contains("Cancelled after"), "{scope}");
    let read: usize = b
        .attr("[data-testid=storage]", "data-read")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(read > 0 && read < asked, "{read} of {asked}: {scope}");
    assert_eq!(
        b.attr("[data-testid=storage]", "data-whole-registry")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );
    b.screenshot("cancelled").await.unwrap();

    // A repository whose tag list keeps failing is named, with why; the
    // rest is counted (cosign signature tags too: their manifests are on
    // disk), and estimates do not use the scan.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/alpine/tags/list",
        Fault::Status(500),
    )]);
    b.click("[data-testid=scan]").await.unwrap();
    let gaps = b
        .wait_text("[data-testid=scan-gaps] summary")
        .await
        .unwrap();
    assert!(
        gaps.starts_with("Not counted: 1 repository could not be read."),
        "{gaps}"
    );
    b.click("[data-testid=scan-gaps] summary").await.unwrap();
    let named = b.texts("[data-testid=scan-gaps] li").await.unwrap();
    assert_eq!(named.len(), 1, "{named:?}");
    assert!(named[0].starts_with("alpine: "), "{named:?}");
    let scope = b.wait_text("[data-testid=scan-scope]").await.unwrap();
    assert!(!scope.contains("Cancelled"), "{scope}");
    assert_eq!(
        b.attr("[data-testid=storage]", "data-read")
            .await
            .unwrap()
            .and_then(|n| n.parse::<usize>().ok()),
        Some(asked - 1)
    );
    b.screenshot("gaps").await.unwrap();
    b.close().await.unwrap();
}
