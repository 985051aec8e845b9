//! Browser tests with a fault-injecting proxy between Chromium and a real
//! registry: retries and their banner, every fault explained, deletes that
//! stay exact when answers are lost, the panic notice, and a soak.
//! Run by `cargo xtask test`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape::i18n::{phrase, Lang};
use shipshape_harness::browser::Browser;
use shipshape_harness::faults::{Fault, FaultProxy, Rule};
use shipshape_harness::seed::{Pusher, SeedOptions};
use shipshape_harness::stack::{Stack, StackOptions};
use shipshape_harness::steps::{kept_figure, many_tags, saved_last_digests, seeded_stack};
use std::collections::BTreeSet;
use std::time::Duration;

fn via(stack: &Stack, proxy: &FaultProxy, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    stack.page(&format!("{path}{sep}registry={}", proxy.url))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn reads_are_retried_through_proxy_errors_and_rate_limits_with_a_visible_notice() {
    let stack = seeded_stack(many_tags(0));
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("faults-retry").await.unwrap();
    // A slow answer: the page says it is loading, then shows it; no error.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/_catalog",
        Fault::Delay(Duration::from_secs(2)),
    )
    .times(1)]);
    b.visit(&via(&stack, &proxy, "/")).await.unwrap();
    let loading = b.wait_text("[data-testid=loading]").await.unwrap();
    assert!(loading.starts_with("Loading repositories"), "{loading}");
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    assert!(b.texts("[data-testid=error]").await.unwrap().is_empty());
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/_catalog",
        Fault::Status(503),
    )
    .times(3)]);
    b.visit(&via(&stack, &proxy, "/")).await.unwrap();
    b.wait_for_attr("[data-testid=retrying]", "data-kind", "server-error", 10)
        .await;
    b.screenshot("retrying").await.unwrap();
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    b.wait_gone("[data-testid=retrying]").await.unwrap();
    let catalog_gets = proxy
        .log()
        .iter()
        .filter(|l| l.starts_with("GET /v2/_catalog"))
        .count();
    assert_eq!(catalog_gets, 5, "the slow one, three 503s, then the answer");
    // 429 with Retry-After: 2 — waited for, then the tags show.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/alpine/tags/list",
        Fault::TooManyRequests { retry_after: 2 },
    )
    .times(1)]);
    b.visit(&via(&stack, &proxy, "/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=retrying]", "data-wait-ms", "2000", 10)
        .await;
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "3", 15)
        .await;
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn every_fault_is_explained_with_a_way_to_retry() {
    let stack = seeded_stack(many_tags(0));
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("faults-explained").await.unwrap();
    let cases: Vec<(&str, Fault, &str, &str)> = vec![
        (
            "html-502",
            Fault::HtmlErrorPage,
            "server-error",
            "The proxy in front of the registry answered 502 Bad Gateway",
        ),
        ("corrupt", Fault::CorruptJson, "malformed", ""),
        ("truncated", Fault::Truncate, "unreachable", ""),
        ("dropped", Fault::Drop, "unreachable", ""),
        (
            "huge",
            Fault::Huge(50 * 1024 * 1024),
            "too-large",
            "at least 52 MB; Shipshape reads at most 17 MB",
        ),
        // No length announced: read as a stream and stopped past 16 MiB.
        ("endless", Fault::Endless, "too-large", "at most 17 MB"),
        (
            "no-cors",
            Fault::StripCors,
            "cors-refused",
            "Access-Control-Allow-Origin: ['http://127.0.0.1:",
        ),
    ];
    for (label, fault, kind, mentions) in cases {
        proxy.set_rules(vec![Rule::new(Some("GET"), "/v2/_catalog", fault)]);
        b.visit(&via(&stack, &proxy, "/")).await.unwrap();
        b.wait_for_attr("[data-testid=error]", "data-kind", kind, 20)
            .await;
        let text = b.wait_text("[data-testid=error]").await.unwrap();
        assert!(text.contains(mentions), "{label}: {text}");
        assert!(!text.contains("<html>"), "{label}: markup shown: {text}");
        b.screenshot(label).await.unwrap();
        // The fault goes away; "Try again" loads the catalog.
        proxy.set_rules(vec![]);
        b.click("[data-testid=retry]").await.unwrap();
        b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
            .await;
    }
    b.close().await.unwrap();
}

/// Every IndexedDB write in the page fails, as on a full disk.
const REFUSE_STORAGE: &str = "const full = function () {
       throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
     };
     IDBObjectStore.prototype.put = full;
     IDBObjectStore.prototype.add = full;";

/// The journal is written before anything is sent. A browser whose storage
/// refuses writes (here every IndexedDB `put` and `add` fails as a full
/// disk would) therefore sends no DELETE and no PUT: the single delete, the
/// untag and a tag write each say it was not recorded, and the registry is
/// unchanged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_browser_that_cannot_record_deletes_and_writes_nothing() {
    let stack = seeded_stack(many_tags(0));
    let registry = Pusher::new(&stack.registry.url);
    let image = registry.digest_of("alpine", "latest").unwrap();
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("not-recorded").await.unwrap();
    b.visit(&via(&stack, &proxy, "/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 15)
        .await;
    b.client.execute(REFUSE_STORAGE, vec![]).await.unwrap();

    // Deleting 3.19 (its own image, one tag).
    b.click("[data-tag='3.19'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=delete-result]",
        "data-result",
        "not-recorded",
        15,
    )
    .await;
    b.screenshot("delete").await.unwrap();
    b.press("\u{e00c}").await.unwrap();
    b.wait_gone("[data-testid=delete-result]").await.unwrap();

    // Removing only `latest` (3.20 shares its image).
    b.click("[data-tag='latest'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=untag-start]").await.unwrap();
    b.click("[data-testid=untag-confirm]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=untag-result]",
        "data-result",
        "not-recorded",
        15,
    )
    .await;
    b.screenshot("untag").await.unwrap();

    // Adding a tag (a write, journaled before its PUT as well).
    b.visit(&via(&stack, &proxy, "/image/alpine:3.19"))
        .await
        .unwrap();
    b.wait_text("[data-testid=image-digest]").await.unwrap();
    b.client.execute(REFUSE_STORAGE, vec![]).await.unwrap();
    b.click("[data-testid=tag-write-button]").await.unwrap();
    b.type_into("[data-testid=write-tag]", "promoted")
        .await
        .unwrap();
    b.click("[data-testid=write-check]").await.unwrap();
    b.wait_text("[data-testid=write-plan]").await.unwrap();
    b.click("[data-testid=write-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=write-error]", "data-kind", "not-recorded", 15)
        .await;
    b.screenshot("tag-write").await.unwrap();

    let writes: Vec<String> = proxy
        .log()
        .into_iter()
        .filter(|l| {
            !["GET ", "HEAD ", "OPTIONS "]
                .iter()
                .any(|m| l.starts_with(m))
        })
        .collect();
    assert_eq!(writes, Vec::<String>::new(), "nothing but reads was sent");
    let mut tags = registry.tags("alpine").unwrap();
    tags.sort();
    assert_eq!(
        tags,
        vec!["3.19", "3.20", "latest"],
        "no tag added or removed"
    );
    assert_eq!(registry.digest_of("alpine", "latest"), Some(image));
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn digests_that_do_not_verify_block_and_lost_delete_answers_are_checked() {
    let stack = seeded_stack(many_tags(0));
    let registry = Pusher::new(&stack.registry.url);
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("faults-delete").await.unwrap();

    // Manifest bytes that do not match their digest: refused, not shown.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/alpine/manifests/3.19",
        Fault::AlterBytes,
    )]);
    b.visit(&via(&stack, &proxy, "/image/alpine:3.19"))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=error]", "data-kind", "digest-mismatch", 15)
        .await;
    b.screenshot("digest-mismatch").await.unwrap();

    // The last check before the DELETE sees another digest: nothing sent.
    proxy.set_rules(vec![]);
    b.visit(&via(&stack, &proxy, "/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 15)
        .await;
    b.click("[data-tag='3.19'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    proxy.set_rules(vec![Rule::new(
        Some("HEAD"),
        "/v2/alpine/manifests/3.19",
        Fault::WrongDigestHeader,
    )]);
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "moved", 15)
        .await;
    assert!(registry.manifest_exists("alpine", "3.19"));
    assert!(!proxy.log().iter().any(|l| l.starts_with("DELETE")));
    b.press("\u{e00c}").await.unwrap();

    // The DELETE reached the registry but its answer was lost: a HEAD
    // checks, and the result says so.
    proxy.set_rules(vec![Rule::new(
        Some("DELETE"),
        "/manifests/",
        Fault::DropAnswer,
    )]);
    b.visit(&via(&stack, &proxy, "/repo/team/app/api"))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 15)
        .await;
    b.click("[data-tag='v1.9.0'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=delete-result]",
        "data-result",
        "gone-after-check",
        15,
    )
    .await;
    assert!(!registry.manifest_exists("team/app/api", "v1.9.0"));
    let deletes = proxy
        .log()
        .iter()
        .filter(|l| l.starts_with("DELETE"))
        .count();
    assert_eq!(deletes, 1, "a DELETE is never sent twice");
    b.screenshot("gone-after-check").await.unwrap();
    b.click("[data-testid=close-result]").await.unwrap();

    // The connection dropped: the DELETE may or may not have reached the
    // registry. The HEAD finds the manifest still there, yet a DELETE held
    // by a proxy may still land: reported as unknown, to check again.
    proxy.set_rules(vec![Rule::new(Some("DELETE"), "/manifests/", Fault::Drop)]);
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 15)
        .await;
    b.click("[data-tag='v1.10.0'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "unknown", 15)
        .await;
    assert!(registry.manifest_exists("team/app/api", "v1.10.0"));
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_panic_is_reported_on_the_page_with_a_copyable_message() {
    let stack = seeded_stack(many_tags(0));
    let mut b = Browser::start("faults-panic").await.unwrap();
    // The app never starts here: no waiting for it.
    b.goto(&stack.page("/#shipshape-panic-test")).await.unwrap();
    let notice = b.wait_text("[data-testid=crash]").await.unwrap();
    assert!(notice.contains("hit a bug"), "{notice}");
    let message = b
        .attr("[data-testid=crash-message]", "value")
        .await
        .unwrap()
        .unwrap_or_default();
    let message = if message.is_empty() {
        b.texts("[data-testid=crash-message]")
            .await
            .unwrap()
            .join("")
    } else {
        message
    };
    assert!(message.contains("panic test requested"), "{message}");
    b.screenshot("notice").await.unwrap();
    // Reached as `//evil.example/`, reload stays on this page: no link is
    // built from the address (it would be protocol-relative to that host).
    b.goto(&stack.page("//evil.example/#shipshape-panic-test"))
        .await
        .unwrap();
    b.wait_text("[data-testid=crash]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=crash-reload]", "href").await.unwrap(),
        None
    );
    b.click("[data-testid=crash-reload]").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.host_str(), Some("127.0.0.1"), "{url}");
    b.close().await.unwrap();
}

/// 500 tags bulk-deleted while about 10% of requests fail; afterwards the
/// report and the registry must agree exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn soak_bulk_delete_of_500_tags_under_faults_matches_the_registry_exactly() {
    const TOTAL: usize = 510;
    const CHOSEN: usize = 500;
    let stack = seeded_stack(many_tags(TOTAL));
    let registry = Pusher::new(&stack.registry.url);
    let alpine_before = registry.tags("alpine").unwrap();
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("soak").await.unwrap();
    let tag = |i: usize| format!("build-{i:05}");

    // Browsing and selecting without faults, so the selection is exact.
    b.visit(&via(&stack, &proxy, "/repo/many/tags"))
        .await
        .unwrap();
    b.wait_for_attr(
        "[data-testid=tag-count]",
        "data-total",
        &TOTAL.to_string(),
        30,
    )
    .await;
    b.click(&format!("[data-tag='{}'] [data-testid=row-select]", tag(1)))
        .await
        .unwrap();
    // Only rows near the screen are rendered: scroll to the last one.
    let last = format!("[data-tag='{}'] [data-testid=row-select]", tag(CHOSEN));
    b.scroll_to_find(&last, 30).await.unwrap();
    b.shift_click(&last).await.unwrap();
    assert_eq!(
        b.wait_text("[data-testid=selected-count]").await.unwrap(),
        format!("{CHOSEN} tags selected")
    );
    // From here on about one request in ten fails.
    proxy.set_rules(vec![
        Rule::new(Some("DELETE"), "/manifests/", Fault::Drop).probability(0.05),
        Rule::new(Some("DELETE"), "/manifests/", Fault::DropAnswer).probability(0.05),
        Rule::new(None, "/v2/", Fault::Status(503)).probability(0.06),
        Rule::new(None, "/v2/", Fault::TooManyRequests { retry_after: 1 }).probability(0.02),
        Rule::new(None, "/v2/", Fault::Status(502)).probability(0.02),
    ]);
    let before = proxy.stats();
    b.click("[data-testid=delete-selected]").await.unwrap();
    // The survey may fail after its retries; the dialog offers another try.
    for round in 0..10 {
        for _ in 0..1200 {
            if !b
                .texts("[data-testid=bulk-summary]")
                .await
                .unwrap()
                .is_empty()
                || !b
                    .texts("[data-testid=bulk-dialog] [data-testid=retry]")
                    .await
                    .unwrap()
                    .is_empty()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if !b
            .texts("[data-testid=bulk-summary]")
            .await
            .unwrap()
            .is_empty()
        {
            break;
        }
        let why = b
            .texts("[data-testid=bulk-dialog]")
            .await
            .unwrap()
            .join(" | ");
        eprintln!("survey round {round} failed: {why}");
        b.click("[data-testid=bulk-dialog] [data-testid=retry]")
            .await
            .unwrap();
    }
    b.screenshot("confirm").await.unwrap();
    b.type_into("[data-testid=bulk-confirm-input]", "many/tags")
        .await
        .unwrap();
    b.click("[data-testid=bulk-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 600)
        .await;
    let after = proxy.stats();
    b.screenshot("report").await.unwrap();
    proxy.set_rules(vec![]);

    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    let tags = b
        .attr_all("[data-testid=bulk-report-row]", "data-tags")
        .await
        .unwrap();
    let mut gone = BTreeSet::new();
    let mut kept = BTreeSet::new();
    // Outcomes nobody can know (the answer and the check after it lost):
    // reported as unknown, so not held against the registry.
    let mut unknown = BTreeSet::new();
    let mut by_kind = std::collections::BTreeMap::<String, usize>::new();
    for (o, t) in outcomes.into_iter().zip(tags) {
        let (o, t) = (o.unwrap(), t.unwrap());
        *by_kind.entry(o.clone()).or_default() += 1;
        match o.as_str() {
            "deleted" | "already-gone" | "gone-after-check" => gone.insert(t),
            // Refused, cancelled, or stopped by a check that failed closed.
            "failed" | "not-sent" | "unresolvable" | "list-unreadable" | "index-unreadable"
            | "moved" | "moved-onto" | "new-tag" | "blocked" | "parent-not-gone"
            | "not-recorded" => kept.insert(t),
            "unknown" | "deleted-unchecked" | "still-present" => unknown.insert(t),
            other => panic!("{t}: unexpected outcome {other}"),
        };
    }
    let chosen: BTreeSet<String> = (1..=CHOSEN).map(tag).collect();
    let reported: BTreeSet<String> = gone.iter().chain(&kept).chain(&unknown).cloned().collect();
    assert_eq!(
        reported, chosen,
        "every chosen tag has exactly one report line"
    );
    assert_eq!(gone.len() + kept.len() + unknown.len(), CHOSEN);
    let left: BTreeSet<String> = registry.tags("many/tags").unwrap().into_iter().collect();
    let mut mismatches = 0;
    for t in &gone {
        if left.contains(t) {
            eprintln!("reported gone but still there: {t}");
            mismatches += 1;
        }
    }
    for t in &kept {
        if !left.contains(t) {
            eprintln!("reported not deleted but gone: {t}");
            mismatches += 1;
        }
    }
    for i in CHOSEN + 1..=TOTAL {
        if !left.contains(&tag(i)) {
            eprintln!("unselected tag touched: {}", tag(i));
            mismatches += 1;
        }
    }
    assert_eq!(registry.tags("alpine").unwrap(), alpine_before);
    eprintln!(
        "soak: {} requests, {} faults injected, outcomes {by_kind:?}, mismatches {mismatches}",
        after.requests - before.requests,
        after.injected - before.injected
    );
    assert_eq!(mismatches, 0);
    // Faults fail single items; they do not stop the run.
    assert!(gone.len() > CHOSEN * 3 / 4, "only {} deleted", gone.len());
    assert!(
        after.injected - before.injected > 50,
        "faults were injected"
    );
    b.close().await.unwrap();
}

/// Manifests and configs fetched by digest are kept (IndexedDB): a second
/// visit to a tag list sends the tag list and one HEAD per tag, and no GET
/// by digest. A kept entry whose bytes no longer match is not used.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_second_visit_reuses_what_was_fetched_by_digest() {
    let stack = seeded_stack(many_tags(12));
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("digest-cache").await.unwrap();
    let page = via(&stack, &proxy, "/repo/many/tags");
    b.visit(&page).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "12/12", 30)
        .await;
    // Each row's vulnerability badge is read after its details (the
    // referrers API, by digest) and kept a moment later: wait for both, so
    // the second visit has every badge kept too.
    b.wait_gone("[data-testid=vuln-loading]").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let first: Vec<String> = proxy
        .log()
        .into_iter()
        .filter(|l| l.contains("/many/tags/"))
        .collect();
    let by_digest = |log: &[String]| {
        log.iter()
            .filter(|l| l.starts_with("GET ") && l.contains("sha256:"))
            .count()
    };
    // Cold, with the default `manifest_reads` (head-then-get): a HEAD per
    // tag names each digest, never a GET by tag (reading is not pulling);
    // manifests and configs by digest. `tests/no_catalog.rs` counts both
    // settings.
    let by_tag = |log: &[String]| {
        log.iter()
            .filter(|l| {
                l.starts_with("GET ") && l.contains("/manifests/") && !l.contains("sha256:")
            })
            .count()
    };
    assert_eq!(by_tag(&first), 0, "cold: no GET by tag: {first:?}");
    assert_eq!(
        first.iter().filter(|l| l.starts_with("HEAD ")).count(),
        12,
        "cold: one HEAD per tag: {first:?}"
    );
    assert!(
        by_digest(&first) >= 2,
        "cold: manifests and configs fetched by digest: {first:?}"
    );
    // What each tag pointed at is saved (a hint for the next visit).
    assert_eq!(
        saved_last_digests(&b, 12).await,
        12,
        "each tag's last digest is saved"
    );
    // With the summary of each digest a tag has (a second visit reads one
    // record, not every manifest and config).
    let summarised = kept_figure(
        &b,
        "rs => rs.filter(v => v.tags).map(v => Object.values(v.tags).filter(d => v.summaries[d] && v.summaries[d].digest === d && v.summaries[d].size > 0).length).reduce((a, b) => a + b, 0)",
        50,
        |n| n == 12,
    )
    .await;
    assert_eq!(summarised, 12, "each tag's summary is kept");
    let seen = proxy.log().len();

    b.visit(&page).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "12/12", 30)
        .await;
    // Rows kept from the first visit are on screen at once; wait until each
    // has been checked again before counting the requests.
    b.wait_gone("[data-testid=as-of]").await.unwrap();
    let second: Vec<String> = proxy.log()[seen..]
        .iter()
        .filter(|l| l.contains("/many/tags/") && !l.starts_with("OPTIONS"))
        .cloned()
        .collect();
    assert_eq!(
        by_digest(&second),
        0,
        "warm: nothing fetched by digest again: {second:?}"
    );
    let heads = second.iter().filter(|l| l.starts_with("HEAD ")).count();
    assert_eq!(heads, 12, "one HEAD per tag: {second:?}");
    // Only the tag list, and (cross-origin, where Link may be hidden) the
    // page after its last tag, which this registry answers with the whole
    // list again.
    let gets: Vec<&String> = second.iter().filter(|l| l.starts_with("GET ")).collect();
    assert_eq!(gets.len(), 2, "only the tag list: {second:?}");
    assert!(gets.iter().all(|l| l.contains("/tags/list")), "{gets:?}");
    assert!(
        gets.iter().any(|l| l.contains("/tags/list?last=")),
        "{gets:?}"
    );
    // Sizes and dates are there as before.
    assert_eq!(b.texts("[data-testid=size]").await.unwrap().len(), 12);

    // Damage every kept entry: they are checked, dropped and fetched again.
    // The kept summaries are dropped too (as a record saved by an older
    // version has none), so that rows are made from the entries.
    let damaged = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const open = indexedDB.open('shipshape');
             open.onsuccess = () => {
               const tx = open.result.transaction(['by-digest', 'last-digests'], 'readwrite');
               const last = tx.objectStore('last-digests');
               last.openCursor().onsuccess = (e) => {
                 const c = e.target.result;
                 if (c) { const v = JSON.parse(c.value); delete v.summaries; c.update(JSON.stringify(v)); c.continue(); }
               };
               const store = tx.objectStore('by-digest');
               let n = 0;
               store.openCursor().onsuccess = (e) => {
                 const c = e.target.result;
                 if (c) { const v = c.value; v.b = new Uint8Array([1, 2, 3]); c.update(v); n++; c.continue(); }
               };
               tx.oncomplete = () => done(n);
             };",
            vec![],
        )
        .await
        .unwrap();
    assert!(damaged.as_u64().unwrap_or(0) >= 12, "{damaged}");
    let seen = proxy.log().len();
    b.visit(&page).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "12/12", 30)
        .await;
    b.wait_gone("[data-testid=as-of]").await.unwrap();
    let third: Vec<String> = proxy.log()[seen..].to_vec();
    assert!(
        by_digest(&third) >= 12,
        "damaged entries fetched again: {third:?}"
    );
    assert!(b.texts("[data-testid=row-error]").await.unwrap().is_empty());
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_long_catalog_is_shown_from_its_first_page_while_the_rest_loads() {
    let stack = Stack::start(StackOptions {
        seed: Some(SeedOptions {
            many_tags: 0,
            extra_repos: 1100,
        }),
        ..StackOptions::default()
    })
    .expect("start registry and app");
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    // The second catalog page is slow.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/_catalog?last=",
        Fault::Delay(Duration::from_secs(4)),
    )]);
    let mut b = Browser::start("catalog-progressive").await.unwrap();
    b.visit(&via(&stack, &proxy, "/")).await.unwrap();
    // The first page's rows are there, the count says more are coming.
    let so_far = phrase::loading_repositories(Lang::En, 1000);
    b.wait_for_text("[data-testid=repo-count]", 10, |t| t == so_far)
        .await;
    assert!(!b.texts("[data-testid=repo-name]").await.unwrap().is_empty());
    assert_eq!(
        b.attr("[data-testid=repo-list]", "data-complete")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );
    // The filter already works on what is in.
    b.type_into("[data-testid=repo-filter]", "bulk/repo-0000")
        .await
        .unwrap();
    let filtered = phrase::repository_count_loading(Lang::En, 9, 1000);
    b.wait_for_text("[data-testid=repo-count]", 10, |t| t == filtered)
        .await;
    b.screenshot("first-page").await.unwrap();
    // Then the rest: the count of every repository, the filter kept.
    let total = stack.seeded.repositories.len();
    let count = b
        .wait_for_text("[data-testid=repo-count]", 15, |t| {
            t.ends_with("repositories")
        })
        .await;
    assert_eq!(count, format!("9 of {total} repositories"));
    let names = b.texts("[data-testid=repo-name]").await.unwrap();
    assert_eq!(names.len(), 9, "{names:?}");
    assert!(
        names.iter().all(|n| n.starts_with("bulk/repo-0000")),
        "{names:?}"
    );
    b.close().await.unwrap();
}

/// A registry on another origin that does not expose `Link`: the page sees
/// full catalog pages without it. The list is not cut at the first page:
/// the pages after it are asked for with `?last=`, every repository is
/// listed, and the page says why and how to fix the registry's headers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_catalog_whose_link_header_is_hidden_is_read_to_the_end_and_explained() {
    use shipshape_harness::registry::RegistryOptions;
    let stack = Stack::start(StackOptions {
        registry: RegistryOptions {
            // Pages of 100: n=1000 is refused, the page asks for n=100.
            catalog_max_entries: 100,
            ..RegistryOptions::default()
        },
        seed: Some(SeedOptions {
            many_tags: 0,
            extra_repos: 230,
        }),
        ..StackOptions::default()
    })
    .expect("start registry and app");
    let total = stack.seeded.repositories.len();
    assert!(total > 230);
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/_catalog",
        Fault::StripLink,
    )]);
    let mut b = Browser::start("catalog-link-hidden").await.unwrap();
    b.visit(&via(&stack, &proxy, "/")).await.unwrap();
    b.wait_text("[data-testid=repo-list][data-complete=true]")
        .await
        .unwrap();
    let count = b.wait_text("[data-testid=repo-count]").await.unwrap();
    assert_eq!(count, phrase::repository_count(Lang::En, total, total));
    let notice = b.wait_text("[data-testid=link-hidden]").await.unwrap();
    assert!(notice.contains("Access-Control-Expose-Headers"), "{notice}");
    let asked: Vec<String> = proxy
        .log()
        .into_iter()
        .filter(|l| l.starts_with("GET /v2/_catalog"))
        .collect();
    assert!(
        asked.len() >= 4 && asked[2..].iter().all(|l| l.contains("n=100&last=")),
        "{asked:?}"
    );
    b.screenshot("notice").await.unwrap();

    // With Link passed on, the same registry is read by its links and
    // nothing is reported.
    proxy.set_rules(vec![]);
    b.visit(&via(&stack, &proxy, "/")).await.unwrap();
    b.wait_text("[data-testid=repo-list][data-complete=true]")
        .await
        .unwrap();
    assert_eq!(
        b.wait_text("[data-testid=repo-count]").await.unwrap(),
        phrase::repository_count(Lang::En, total, total)
    );
    assert!(b
        .texts("[data-testid=link-hidden]")
        .await
        .unwrap()
        .is_empty());
    b.close().await.unwrap();
}

/// A second visit shows every tag's digest, size and date at once from
/// what the browser kept, marked "as of … · checking for changes", while
/// each tag is checked again behind it (HEADs slowed down here); a tag a
/// second client moved meanwhile is then shown as it is now, and one that
/// was deleted is not listed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_second_visit_shows_kept_rows_at_once_then_checks_each_tag() {
    let stack = seeded_stack(many_tags(40));
    let url = stack.registry.url.clone();
    let proxy = FaultProxy::start(&url).unwrap();
    let mut b = Browser::start("warm-visit").await.unwrap();
    let page = via(&stack, &proxy, "/repo/many/tags");
    b.visit(&page).await.unwrap();
    b.wait_text("[data-testid=tag-count]").await.unwrap();
    b.click("[data-testid=load-all]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "40/40", 60)
        .await;
    assert!(
        b.texts("[data-testid=as-of]").await.unwrap().is_empty(),
        "a first visit has nothing kept to show"
    );
    assert_eq!(saved_last_digests(&b, 40).await, 40);

    // Behind the page: build-00030 now points at build-00002's image, and
    // build-00031 is deleted.
    shipshape_harness::skopeo::retag(&url, "many/tags:build-00002", "many/tags:build-00030")
        .unwrap();
    let moved_to = stack.seeded.digests["many/tags:build-00002"].clone();
    let pusher = Pusher::new(&url);
    let gone = pusher.digest_of("many/tags", "build-00031").unwrap();
    pusher.delete("many/tags", &gone).unwrap();

    // Every HEAD takes 2 s: the kept rows must not wait for them.
    proxy.set_rules(vec![Rule::new(
        Some("HEAD"),
        "/many/tags/manifests/",
        Fault::Delay(Duration::from_secs(2)),
    )]);
    b.visit(&page).await.unwrap();
    let status = b.wait_text("[data-testid=as-of]").await.unwrap();
    assert!(
        status.starts_with("as of ") && status.contains("checking for changes"),
        "{status}"
    );
    assert_eq!(
        b.attr("[data-testid=as-of]", "data-total")
            .await
            .unwrap()
            .as_deref(),
        Some("39"),
        "every kept row is checked again, those on screen too"
    );
    // All 39 rows have their details while the HEADs are still out.
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "39/39", 2)
        .await;
    assert!(
        !b.texts("[data-testid=as-of]").await.unwrap().is_empty(),
        "still checking"
    );
    // Sorted by date at once, over every row.
    b.click("[data-testid=sort-created]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "39/39", 2)
        .await;
    b.screenshot("kept-rows").await.unwrap();
    // Then every tag is checked: the status goes, the moved tag shows its
    // new image, the deleted one is not listed.
    proxy.set_rules(vec![]);
    b.wait_gone("[data-testid=as-of]").await.unwrap();
    let digest = b
        .attr(
            "[data-testid=tag-row][data-tag=build-00030] [data-testid=digest]",
            "title",
        )
        .await
        .unwrap();
    assert_eq!(digest.as_deref(), Some(moved_to.as_str()));
    assert!(b
        .texts("[data-testid=tag-row][data-tag=build-00031]")
        .await
        .unwrap()
        .is_empty());
    b.screenshot("checked").await.unwrap();
    b.close().await.unwrap();
}

/// A second visit to the catalog shows the listing kept from the first at
/// once, marked "as of … · checking for changes", while the catalog is read
/// again (slowed here); a repository another client pushed meanwhile then
/// appears, and the mark goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_second_visit_to_the_catalog_shows_the_kept_listing_then_reads_it_again() {
    let stack = seeded_stack(many_tags(3));
    let url = stack.registry.url.clone();
    let proxy = FaultProxy::start(&url).unwrap();
    let mut b = Browser::start("warm-catalog").await.unwrap();
    let page = via(&stack, &proxy, "/");
    b.visit(&page).await.unwrap();
    b.wait_text("[data-testid=repo-list][data-complete=true]")
        .await
        .unwrap();
    let first = b.texts("[data-testid=repo-name]").await.unwrap();
    assert!(
        b.texts("[data-testid=catalog-as-of]")
            .await
            .unwrap()
            .is_empty(),
        "a first visit has nothing kept to show"
    );
    // Kept once read to the end.
    let kept = kept_figure(
        &b,
        "rs => rs.filter(v => Array.isArray(v.names)).map(v => v.names.length).reduce((a, b) => a + b, 0)",
        50,
        |n| n > 0,
    )
    .await;
    let total = stack.seeded.repositories.len();
    assert_eq!(kept as usize, total, "the whole listing is kept");

    // Behind the page: a new repository.
    shipshape_harness::skopeo::retag(&url, "many/tags:build-00001", "aaa/pushed-later:1").unwrap();
    // The catalog now takes 3 s to answer.
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/v2/_catalog",
        Fault::Delay(Duration::from_secs(3)),
    )]);
    b.visit(&page).await.unwrap();
    let status = b.wait_text("[data-testid=catalog-as-of]").await.unwrap();
    assert!(
        status.starts_with("as of ") && status.contains("checking for changes"),
        "{status}"
    );
    let shown = b.texts("[data-testid=repo-name]").await.unwrap();
    assert!(!shown.is_empty());
    assert!(
        !shown.iter().any(|n| n == "aaa/pushed-later"),
        "the kept listing is shown while the catalog is slow: {shown:?}"
    );
    assert_eq!(
        b.attr("[data-testid=repo-list]", "data-complete")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    b.screenshot("kept-listing").await.unwrap();
    // Read again: the new repository appears, the mark goes.
    b.wait_gone("[data-testid=catalog-as-of]").await.unwrap();
    let now = b.texts("[data-testid=repo-name]").await.unwrap();
    assert!(
        now.iter().any(|n| n == "aaa/pushed-later"),
        "the catalog read again lists the new repository: {now:?}"
    );
    assert!(now.len() >= shown.len() && first.len() <= now.len());
    b.close().await.unwrap();
}

/// Rows read in the last seconds before leaving a repository are kept too:
/// the record is saved when the page is left (a repository of more than
/// 500 tags is otherwise saved every 3 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn leaving_a_repository_keeps_every_row_read_so_far() {
    const TAGS: usize = 600;
    let stack = seeded_stack(many_tags(TAGS));
    let mut b = Browser::start("keep-on-leave").await.unwrap();
    b.visit(&stack.page("/repo/many/tags")).await.unwrap();
    // The button shows once the tag list is in (slow on a busy machine).
    b.wait_text("[data-testid=load-all]").await.unwrap();
    b.click("[data-testid=load-all]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=tag-count]",
        "data-details",
        &format!("{TAGS}/{TAGS}"),
        120,
    )
    .await;
    // Leave at once, inside the app.
    b.click("nav.crumbs a").await.unwrap();
    b.wait_text("[data-testid=repo-count]").await.unwrap();
    let kept = kept_figure(
        &b,
        "rs => rs.map(v => Object.keys(v.tags || {}).length).reduce((a, b) => Math.max(a, b), 0)",
        5,
        |n| n as usize >= TAGS,
    )
    .await;
    assert_eq!(kept as usize, TAGS, "every row read is kept");
    b.close().await.unwrap();
}

/// "Load all" clicked again and again while the details load (every
/// 40 ms, 50 times) queues each tag once: one HEAD per tag reaches the
/// registry, as with one click, and every row's details arrive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn clicking_load_all_again_and_again_reads_each_tag_once() {
    const TAGS: usize = 300;
    let stack = seeded_stack(many_tags(TAGS));
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start("load-all-again").await.unwrap();
    b.visit(&via(&stack, &proxy, "/repo/many/tags"))
        .await
        .unwrap();
    b.wait_text("[data-testid=load-all]").await.unwrap();
    let clicked = b
        .client
        .execute_async(
            "const done = arguments[0]; let n = 0;\
             const tick = () => {\
               const button = document.querySelector('[data-testid=load-all]');\
               if (button) { button.click(); n += 1; }\
               if (n < 50 && button) { setTimeout(tick, 40); } else { done(n); }\
             };\
             tick();",
            vec![],
        )
        .await
        .unwrap();
    assert!(clicked.as_u64().unwrap() >= 2, "clicked {clicked}");
    b.wait_for_attr(
        "[data-testid=tag-count]",
        "data-details",
        &format!("{TAGS}/{TAGS}"),
        120,
    )
    .await;
    let heads = proxy
        .log()
        .iter()
        .filter(|l| l.starts_with("HEAD /v2/many/tags/manifests/"))
        .count();
    assert_eq!(
        heads, TAGS,
        "one HEAD per tag, however often it was clicked"
    );
    b.close().await.unwrap();
}
