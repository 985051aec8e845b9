//! Browser tests: the built app in headless Chromium against a real
//! registry. Run by `cargo xtask test` (which builds the app first);
//! ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape::config::{ConfigError, FileProblem};
use shipshape::i18n::explain::config_problem;
use shipshape::i18n::{phrase, text, Explain, Lang};
use shipshape::registry::error::{ErrorCode, RegistryError};
use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::closed_port;
use shipshape_harness::registry::RegistryOptions;
use shipshape_harness::seed::SeedOptions;
use shipshape_harness::stack::{Stack, StackOptions};
use shipshape_harness::steps::{all_texts, dry_run, seeded_stack};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn catalog_shows_every_seeded_repository() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 12,
        extra_repos: 3,
    });
    let mut b = Browser::start("catalog").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_text("[data-testid=repo-list]").await.unwrap();
    let mut shown = all_texts(&b, "[data-testid=repo-name]").await;
    shown.sort();
    let expected: Vec<String> = stack.seeded.repositories.iter().cloned().collect();
    assert_eq!(
        shown, expected,
        "the catalog must list exactly the seeded repositories"
    );
    let count = b.wait_text("[data-testid=repo-count]").await.unwrap();
    assert_eq!(count, format!("{} repositories", expected.len()));
    // Tag counts arrive for rows on screen; the emptied repository says so.
    wait_for_text(&b, "[data-repo=alpine] [data-testid=repo-tags]", |t| {
        t == "3 tags"
    })
    .await;
    wait_for_text(
        &b,
        "[data-repo='emptied/repo'] [data-testid=repo-tags]",
        |t| t.starts_with("empty"),
    )
    .await;
    // Grouped by namespace; a group collapses and opens again.
    let groups = all_texts(&b, "[data-testid=repo-group] .group-head").await;
    assert!(
        groups.iter().any(|g| g.contains("team") && g.contains('2')),
        "{groups:?}"
    );
    b.screenshot("all").await.unwrap();
    b.click("[data-testid=repo-group]:nth-child(2) .group-head")
        .await
        .unwrap();
    let mut after = Vec::new();
    for _ in 0..50 {
        after = all_texts(&b, "[data-testid=repo-name]").await;
        if after.len() < expected.len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        !after.iter().any(|n| n.starts_with("bulk/")),
        "bulk/ collapsed: {after:?}"
    );
    assert_eq!(after.len(), expected.len() - 4);
    b.click("[data-testid=repo-group]:nth-child(2) .group-head")
        .await
        .unwrap();

    // The filter narrows the list instantly.
    b.type_into("[data-testid=repo-filter]", "team/")
        .await
        .unwrap();
    let mut filtered = Vec::new();
    for _ in 0..100 {
        filtered = all_texts(&b, "[data-testid=repo-name]").await;
        if filtered.len() < shown.len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(filtered, vec!["team/app/api", "team/app/web"]);
    assert_eq!(
        b.wait_text("[data-testid=repo-count]").await.unwrap(),
        format!("2 of {} repositories", expected.len())
    );
    b.screenshot("filtered").await.unwrap();

    // The language switch turns the page into Chinese.
    b.click("[data-testid=lang-switch]").await.unwrap();
    let count = b.wait_text("[data-testid=repo-count]").await.unwrap();
    assert_eq!(count, format!("2 / {} 个镜像库", expected.len()));
    b.screenshot("zh").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn chinese_browser_narrow_and_dark_screens_are_readable() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let mut b = Browser::start_with("catalog-zh-narrow-dark", Viewport::NARROW, "zh-CN", true)
        .await
        .unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    let count = b.wait_text("[data-testid=repo-count]").await.unwrap();
    assert_eq!(
        count,
        format!("共 {} 个镜像库", stack.seeded.repositories.len())
    );
    let lang = b.attr("html", "lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("zh-CN"));
    b.screenshot("zh").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn unreachable_registry_gives_a_readable_error() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let closed = closed_port();
    let mut b = Browser::start("unreachable").await.unwrap();
    // ?registry= overrides config.json.
    b.visit(&stack.page(&format!("/?registry=http://127.0.0.1:{closed}")))
        .await
        .unwrap();
    let text = b.wait_text("[data-testid=error]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=error]", "data-kind")
            .await
            .unwrap()
            .as_deref(),
        Some("unreachable")
    );
    assert!(text.contains(&title_of(&unreachable())), "{text}");
    assert!(
        text.contains(&format!("127.0.0.1:{closed}")),
        "the message names the address: {text}"
    );
    assert!(
        text.contains("CORS"),
        "the message explains the CORS cause: {text}"
    );
    b.screenshot("error").await.unwrap();

    // Retrying against a still-closed port fails the same way, not blank.
    b.click("[data-testid=error] button").await.unwrap();
    let again = b.wait_text("[data-testid=error]").await.unwrap();
    assert!(again.contains(&title_of(&unreachable())), "{again}");
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn malformed_config_json_is_explained_on_the_page() {
    let stack = Stack::start(StackOptions {
        config_json: Some(r#"{"registries": [ {"name": "x", "url": 5} ]}"#.into()),
        ..StackOptions::default()
    })
    .unwrap();
    let mut b = Browser::start("bad-config").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    let text = b.wait_text("[data-testid=error]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=error]", "data-kind")
            .await
            .unwrap()
            .as_deref(),
        Some("config")
    );
    let bad_file = config_problem(
        Lang::En,
        &ConfigError::BadFile(FileProblem::Json(String::new())),
    );
    assert!(text.contains(bad_file.trim()), "{text}");
    assert!(text.contains("line 1"), "says where: {text}");
    b.screenshot("error").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn registry_with_basic_auth_asks_for_sign_in() {
    let stack = Stack::start(StackOptions {
        registry: RegistryOptions {
            basic_auth: Some(("admin".into(), "s3cret".into())),
            ..RegistryOptions::default()
        },
        ..StackOptions::default()
    })
    .unwrap();
    let mut b = Browser::start("basic-auth").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    let text = b.wait_text("[data-testid=error]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=error]", "data-kind")
            .await
            .unwrap()
            .as_deref(),
        Some("unauthorized")
    );
    assert!(
        text.contains(&title_of(&RegistryError::Unauthorized {
            challenges: vec![]
        })),
        "{text}"
    );
    assert!(
        text.contains("Basic"),
        "names the scheme from the challenge: {text}"
    );
    b.screenshot("error").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn catalog_of_more_than_1000_repositories_is_complete() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 1100,
    });
    assert!(stack.seeded.repositories.len() > 1100);
    let mut b = Browser::start("catalog-1100").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    // Shown from the first page on; wait for the last.
    b.wait_text("[data-testid=repo-list][data-complete=true]")
        .await
        .unwrap();
    // Only the rows near the screen are in the DOM…
    let rendered = all_texts(&b, "[data-testid=repo-name]").await.len();
    assert!(rendered < 200, "{rendered} rows rendered");
    // …and scrolling through the page shows every repository, in order.
    let seen = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const names = [];
             const have = new Set();
             const collect = () => document.querySelectorAll('[data-testid=repo-name]').forEach(e => {
               if (!have.has(e.textContent)) { have.add(e.textContent); names.push(e.textContent); }
             });
             window.scrollTo(0, 0);
             const step = () => {
               collect();
               const before = window.scrollY;
               window.scrollBy(0, innerHeight * 0.8);
               if (window.scrollY === before) { done(names); return; }
               requestAnimationFrame(() => requestAnimationFrame(step));
             };
             requestAnimationFrame(() => requestAnimationFrame(step));",
            vec![],
        )
        .await
        .unwrap();
    let mut shown: Vec<String> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    shown.sort();
    let expected: Vec<String> = stack.seeded.repositories.iter().cloned().collect();
    assert_eq!(shown.len(), expected.len());
    assert_eq!(shown, expected);
    b.client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    // Only rows near the screen asked for their tags, not all 1,100.
    let asked = all_texts(&b, "[data-testid=repo-tags]")
        .await
        .iter()
        .filter(|t| t.as_str() != "…")
        .count();
    assert!(
        asked > 0 && asked < 200,
        "tag counts fetched for {asked} rows"
    );
    b.screenshot("all").await.unwrap();
    b.close().await.unwrap();
}

/// Wait until `css`'s text satisfies `ok`, for at most 20 s.
async fn wait_for_text(b: &Browser, css: &str, ok: impl Fn(&str) -> bool) -> String {
    b.wait_for_text(css, 20, ok).await
}

/// The tag table's details count (loaded, total) once `ok` holds for it.
async fn wait_for_details(b: &Browser, ok: impl Fn(usize, usize) -> bool) -> (usize, usize) {
    let mut last = None;
    for _ in 0..200 {
        let details = b.attr("[data-testid=tag-count]", "data-details").await;
        if let Ok(Some(d)) = details {
            if let Some((l, t)) = d.split_once('/') {
                if let (Ok(l), Ok(t)) = (l.parse(), t.parse()) {
                    if ok(l, t) {
                        return (l, t);
                    }
                    last = Some((l, t));
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("details never as wanted; last {last:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn tags_load_details_and_sort_in_natural_and_date_order() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 150,
        extra_repos: 0,
    });
    let mut b = Browser::start("tags").await.unwrap();
    // A deep link, straight to the repository.
    b.visit(&stack.page("/repo/team/app/api")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    assert_eq!(
        all_texts(&b, "[data-testid=tag-name]").await,
        vec!["v1.9.0", "v1.10.0", "v1.10.1"]
    );
    let sizes = all_texts(&b, "[data-testid=size]").await;
    assert!(
        sizes.iter().all(|s| s.ends_with(" B") || s.ends_with("kB")),
        "{sizes:?}"
    );
    let created = all_texts(&b, "[data-testid=created]").await;
    assert!(created.iter().all(|c| c.ends_with("ago")), "{created:?}");
    b.click("[data-testid=sort-created]").await.unwrap();
    assert_eq!(
        all_texts(&b, "[data-testid=tag-name]").await,
        vec!["v1.10.1", "v1.10.0", "v1.9.0"]
    );
    // Digest shown matches what the registry has for the tag.
    let digest = b
        .attr("[data-tag='v1.10.1'] [data-testid=digest]", "title")
        .await
        .unwrap();
    assert_eq!(
        digest.as_deref(),
        Some(stack.seeded.digests["team/app/api:v1.10.1"].as_str())
    );
    b.screenshot("by-date").await.unwrap();

    // Two tags, one digest: both marked.
    b.visit(&stack.page("/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    let shared = all_texts(&b, "[data-testid=shared-badge]").await;
    assert_eq!(
        shared,
        vec!["same image as latest", "same image as 3.20"],
        "{shared:?}"
    );
    b.screenshot("alpine").await.unwrap();
    // Three tags, two digests, a first visit with the default reads
    // (`manifest_reads`: HEAD, then GET by digest, so browsing is never a
    // pull): one HEAD per tag, one GET per distinct digest, nothing twice.
    let manifests = b
        .client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes('/v2/alpine/manifests/')).map(e => e.name.split('/manifests/')[1]);",
            vec![],
        )
        .await
        .unwrap();
    let mut manifests: Vec<String> = serde_json::from_value(manifests).unwrap();
    manifests.sort();
    let (by_digest, by_tag): (Vec<String>, Vec<String>) = manifests
        .into_iter()
        .partition(|m| m.starts_with("sha256:"));
    assert_eq!(
        by_tag,
        vec!["3.19", "3.20", "latest"],
        "one request per tag"
    );
    assert_eq!(
        by_digest.len(),
        2,
        "one GET per distinct digest: {by_digest:?}"
    );
    assert_ne!(by_digest[0], by_digest[1]);

    // Multi-arch: three platforms, the attestation counted apart.
    b.visit(&stack.page("/repo/multiarch/tool")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 60)
        .await;
    let platforms = b
        .texts("[data-tag=v1] [data-testid=platforms]")
        .await
        .unwrap();
    assert!(
        platforms[0].contains("linux/amd64")
            && platforms[0].contains("linux/arm64/v8")
            && platforms[0].contains("linux/arm/v7"),
        "{platforms:?}"
    );
    assert!(
        platforms[0].contains("+1 attestation") && !platforms[0].contains("unknown/unknown"),
        "{platforms:?}"
    );
    b.screenshot("multiarch").await.unwrap();

    // 150 tags: rows on screen get details first; a sort by date loads all.
    b.visit(&stack.page("/repo/many/tags")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "150", 60)
        .await;
    let first = wait_for_details(&b, |loaded, _| loaded > 0).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let settled = wait_for_details(&b, |_, _| true).await;
    assert!(
        settled.0 < 150,
        "only rows near the screen load first: {first:?} / {settled:?}"
    );
    b.screenshot("many-partial").await.unwrap();
    b.click("[data-testid=sort-created]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "150/150", 60)
        .await;
    let names = all_texts(&b, "[data-testid=tag-name]").await;
    let expected: Vec<String> = (1..=150).rev().map(|i| format!("build-{i:05}")).collect();
    assert_eq!(names, expected, "newest first over all 150 tags");
    b.screenshot("many-by-date").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn signatures_are_badges_and_emptied_repositories_explain_themselves() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let mut b = Browser::start("signed").await.unwrap();
    b.visit(&stack.page("/repo/signed/app")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "1/1", 60)
        .await;
    assert_eq!(all_texts(&b, "[data-testid=tag-name]").await, vec!["1.0"]);
    assert_eq!(
        all_texts(&b, "[data-testid=attachment-badge]").await,
        vec!["signed"]
    );
    b.click("[data-testid=show-attachments]").await.unwrap();
    let names = all_texts(&b, "[data-testid=tag-name]").await;
    assert_eq!(names.len(), 2);
    assert!(
        names[1].starts_with("sha256-") && names[1].ends_with("….sig"),
        "{names:?}"
    );
    let full = b
        .attr(
            "[data-testid=tag-row]:nth-child(2) [data-testid=tag-name]",
            "title",
        )
        .await
        .unwrap()
        .unwrap();
    assert!(
        stack.seeded.tags["signed/app"].contains(&full),
        "full tag on hover: {full}"
    );
    b.screenshot("with-signature").await.unwrap();

    b.visit(&stack.page("/repo/emptied/repo")).await.unwrap();
    let text = b.wait_text("[data-testid=no-tags]").await.unwrap();
    assert_eq!(text.trim(), text::THIS_REPOSITORY_HAS_NO_TAGS.en);
    b.screenshot("emptied").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn image_page_shows_config_layers_history_and_platforms() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let mut b = Browser::start("image").await.unwrap();
    b.visit(&stack.page("/image/alpine:3.20")).await.unwrap();
    let digest = b.wait_text("[data-testid=image-digest]").await.unwrap();
    assert_eq!(digest, stack.seeded.digests["alpine:3.20"]);
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    assert_eq!(all_texts(&b, "[data-testid=layer-row]").await.len(), 2);
    assert_eq!(all_texts(&b, "[data-testid=history-row]").await.len(), 3);
    let labels = all_texts(&b, "[data-testid=label-row]").await;
    assert!(
        labels[0].starts_with("org.opencontainers.image."),
        "OCI labels first: {labels:?}"
    );
    let source = b.attr("[data-testid=label-row] a", "href").await.unwrap();
    assert_eq!(source.as_deref(), Some("https://example.com/alpine"));
    // Layer bars get their width through CSSOM (the CSP allows no style
    // attributes in markup), and are drawn in the accent colour (a link's).
    let widths: Vec<String> = b
        .client
        .execute(
            "const accent = getComputedStyle(document.querySelector('nav a')).color;
             return Array.from(document.querySelectorAll('[data-testid=layer-share]'))
                 .map(e => getComputedStyle(e).backgroundColor === accent
                     ? e.getBoundingClientRect().width + '' : 'not the accent: ' + getComputedStyle(e).backgroundColor);",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(widths.len(), 2);
    assert!(
        widths.iter().all(|w| w.parse::<f64>().is_ok())
            && widths
                .iter()
                .any(|w| w.parse::<f64>().unwrap_or(0.0) > 20.0),
        "{widths:?}"
    );
    b.screenshot("alpine").await.unwrap();

    b.visit(&stack.page("/image/multiarch/tool:v1"))
        .await
        .unwrap();
    b.wait_text("[data-testid=platform-row]").await.unwrap();
    let rows = all_texts(&b, "[data-testid=platform-row]").await;
    assert_eq!(rows.len(), 4, "3 platforms + 1 attestation: {rows:?}");
    // The attestation is named for the platform it describes.
    assert!(
        rows[3].contains("Attestation of linux/amd64") && !rows[3].contains("unknown"),
        "{rows:?}"
    );
    b.screenshot("index").await.unwrap();
    // A platform links to its own manifest, by digest.
    b.click("[data-testid=platform-row] a").await.unwrap();
    let title = wait_for_text(&b, "[data-testid=image-title]", |t| t.contains('@')).await;
    assert!(title.starts_with("multiarch/tool@sha256:"), "{title}");
    b.wait_text("[data-testid=config-facts]").await.unwrap();

    // Referrers: 2.8 has no referrers API, so the digest tag is found.
    b.visit(&stack.page("/image/signed/app:1.0")).await.unwrap();
    let referrer = b.wait_text("[data-testid=referrer]").await.unwrap();
    assert!(referrer.starts_with("Signature (cosign)"), "{referrer}");
    assert!(referrer.contains(".sig"), "{referrer}");
    b.screenshot("signed").await.unwrap();
    b.visit(&stack.page("/image/library/nginx:1.27"))
        .await
        .unwrap();
    b.wait_text("[data-testid=no-referrers]").await.unwrap();
    b.wait_text("[data-testid=raw-config]").await.unwrap();

    // The signature artifact names its subject.
    let sig = stack.seeded.tags["signed/app"]
        .iter()
        .find(|t| t.ends_with(".sig"))
        .unwrap()
        .clone();
    b.visit(&stack.page(&format!("/image/signed/app:{sig}")))
        .await
        .unwrap();
    let subject = b.wait_text("[data-testid=subject]").await.unwrap();
    assert_eq!(subject, stack.seeded.digests["signed/app:1.0"]);
    assert_eq!(
        b.wait_text("[data-testid=artifact-type]").await.unwrap(),
        "application/vnd.dev.cosign.artifact.sig.v1+json"
    );

    // A tag that does not exist.
    b.visit(&stack.page("/image/alpine:nope")).await.unwrap();
    b.wait_text("[data-testid=error]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=error]", "data-kind")
            .await
            .unwrap()
            .as_deref(),
        Some("not-found")
    );
    let said = b.wait_text("[data-testid=error]").await.unwrap();
    let manifest_unknown = RegistryError::NotFound {
        code: Some(ErrorCode::ManifestUnknown),
        message: String::new(),
    };
    assert!(said.contains(&title_of(&manifest_unknown)), "{said}");
    b.screenshot("not-found").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn hostile_registry_content_is_shown_as_text_and_never_runs() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let long_tag = format!("t{}", "x".repeat(127));
    let mut b = Browser::start("hostile").await.unwrap();
    b.visit(&stack.page("/repo/hostile/content")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 60)
        .await;
    assert!(
        all_texts(&b, "[data-testid=tag-name]")
            .await
            .contains(&long_tag),
        "the 128-character tag is listed"
    );
    b.screenshot("tags").await.unwrap();

    b.visit(&stack.page(&format!("/image/hostile/content:{long_tag}")))
        .await
        .unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    let labels = all_texts(&b, "[data-testid=label-row]").await.join("\n");
    assert!(
        labels.contains("<script>window.__pwned = 1</script>"),
        "markup shows as text: {labels}"
    );
    assert!(labels.contains("<img src=x onerror="), "{labels}");
    let history = all_texts(&b, "[data-testid=history-row]").await.join("\n");
    assert!(history.contains("<b>bold</b>"), "{history}");
    // Nothing ran, no element was made from registry text, and only the
    // http(s) label became a link.
    let pwned = b
        .client
        .execute("return window.__pwned === undefined;", vec![])
        .await
        .unwrap();
    assert_eq!(
        pwned,
        serde_json::json!(true),
        "registry-supplied script ran"
    );
    let injected = b
        .client
        .execute(
            "return document.querySelectorAll('main img, main script, main b').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, serde_json::json!(0));
    let links = b
        .client
        .execute("return Array.from(document.querySelectorAll('[data-testid=label-row] a')).map(a => a.getAttribute('href'));", vec![])
        .await
        .unwrap();
    assert_eq!(
        links,
        serde_json::json!(["https://example.com/\"><script>window.__pwned=1</script>"])
    );
    b.screenshot("image").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn deep_links_work_under_a_sub_path_and_survive_reload_and_back() {
    let stack = Stack::start(StackOptions {
        seed: Some(SeedOptions {
            many_tags: 0,
            extra_repos: 0,
        }),
        sub_path: Some("/ui".into()),
        ..StackOptions::default()
    })
    .unwrap();
    let mut b = Browser::start("sub-path").await.unwrap();
    b.visit(&stack.page("/ui/repo/team/app/api")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    let href = b
        .attr("[data-tag='v1.10.0'] [data-testid=tag-name]", "href")
        .await
        .unwrap();
    assert_eq!(href.as_deref(), Some("/ui/image/team/app/api:v1.10.0"));
    b.click("[data-tag='v1.10.0'] [data-testid=tag-name]")
        .await
        .unwrap();
    let title = b.wait_text("[data-testid=image-title]").await.unwrap();
    assert_eq!(title, "team/app/api:v1.10.0");
    assert_eq!(
        b.client.current_url().await.unwrap().path(),
        "/ui/image/team/app/api:v1.10.0"
    );
    b.client.refresh().await.unwrap();
    b.wait_gone("#boot").await.unwrap();
    assert_eq!(
        b.wait_text("[data-testid=image-title]").await.unwrap(),
        "team/app/api:v1.10.0"
    );
    b.client.back().await.unwrap();
    wait_for_text(&b, "[data-testid=repo-title]", |t| t == "team/app/api").await;
    b.screenshot("back").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn theme_toggle_and_keyboard_shortcut_work_and_are_remembered() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let mut b = Browser::start("theme").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_text("[data-testid=repo-list]").await.unwrap();
    assert_eq!(
        b.attr("html", "data-theme").await.unwrap(),
        None,
        "follows the OS at first"
    );
    b.click("[data-testid=theme-switch]").await.unwrap();
    assert_eq!(
        b.attr("html", "data-theme").await.unwrap().as_deref(),
        Some("light")
    );
    b.click("[data-testid=theme-switch]").await.unwrap();
    assert_eq!(
        b.attr("html", "data-theme").await.unwrap().as_deref(),
        Some("dark")
    );
    let bg = b
        .client
        .execute(
            "return getComputedStyle(document.documentElement).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(bg, serde_json::json!("rgb(15, 20, 27)"), "dark background");
    b.screenshot("dark").await.unwrap();
    // `/` focuses the header's search box.
    b.press("/").await.unwrap();
    let focused = b
        .client
        .execute(
            "return document.activeElement.getAttribute('data-testid');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused, serde_json::json!("search-box"));
    // Remembered across a reload, with the language.
    b.click("[data-testid=lang-switch]").await.unwrap();
    b.client.refresh().await.unwrap();
    b.wait_gone("#boot").await.unwrap();
    b.wait_text("[data-testid=repo-list]").await.unwrap();
    assert_eq!(
        b.attr("html", "data-theme").await.unwrap().as_deref(),
        Some("dark")
    );
    assert_eq!(
        b.attr("html", "lang").await.unwrap().as_deref(),
        Some("zh-CN")
    );
    b.screenshot("dark-zh").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn manifest_list_size_sort_and_tag_filter() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let mut b = Browser::start("kinds").await.unwrap();
    // A Docker manifest list: two platforms.
    b.visit(&stack.page("/image/legacy/tools:2.0"))
        .await
        .unwrap();
    assert_eq!(
        b.wait_text("[data-testid=media-type]").await.unwrap(),
        "application/vnd.docker.distribution.manifest.list.v2+json"
    );
    b.wait_text("[data-testid=platform-row]").await.unwrap();
    let rows = all_texts(&b, "[data-testid=platform-row]").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("linux/amd64") && rows[1].contains("linux/arm64"));
    b.screenshot("manifest-list").await.unwrap();

    // Sort by size, both ways, and filter.
    b.visit(&stack.page("/repo/library/nginx")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 60)
        .await;
    let sizes = |v: Vec<String>| -> Vec<f64> {
        v.iter()
            .map(|s| {
                let (n, unit) = s.split_once(' ').unwrap();
                n.parse::<f64>().unwrap() * if unit == "kB" { 1000.0 } else { 1.0 }
            })
            .collect()
    };
    b.click("[data-testid=sort-size]").await.unwrap();
    let desc = sizes(all_texts(&b, "[data-testid=size]").await);
    assert!(
        desc.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {desc:?}"
    );
    b.click("[data-testid=sort-size]").await.unwrap();
    let asc = sizes(all_texts(&b, "[data-testid=size]").await);
    assert!(
        asc.windows(2).all(|w| w[0] <= w[1]),
        "smallest first: {asc:?}"
    );
    b.type_into("[data-testid=tag-filter]", "27").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-shown", "1", 60)
        .await;
    assert_eq!(all_texts(&b, "[data-testid=tag-name]").await, vec!["1.27"]);
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn an_empty_registry_says_so() {
    let stack = Stack::start(StackOptions::default()).unwrap();
    let mut b = Browser::start("empty-registry").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    let text = b.wait_text("[data-testid=catalog-empty]").await.unwrap();
    assert_eq!(text.trim(), text::THIS_REGISTRY_HAS_NO_REPOSITORIES.en);
    b.screenshot("empty").await.unwrap();
    b.close().await.unwrap();
}

/// Every view in light and dark, wide and phone-narrow, English and Chinese:
/// the screenshots reviewed for each change (and the README's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn screenshots_of_every_view() {
    let stack = seeded_stack(SeedOptions {
        many_tags: 30,
        extra_repos: 0,
    });
    let views = [
        ("catalog", "/", "[data-repo=alpine] [data-testid=repo-tags]"),
        ("tags", "/repo/multiarch/tool", "[data-testid=platforms]"),
        ("many-tags", "/repo/many/tags", "[data-testid=size]"),
        ("image", "/image/alpine:3.20", "[data-testid=config-facts]"),
        (
            "index",
            "/image/multiarch/tool:v1",
            "[data-testid=platform-row]",
        ),
    ];
    for (label, viewport, lang, dark) in [
        ("light", Viewport::DESKTOP, "en-US", false),
        ("dark", Viewport::DESKTOP, "en-US", true),
        ("phone-zh", Viewport::PHONE, "zh-CN", false),
    ] {
        let mut b = Browser::start_with(&format!("view-{label}"), viewport, lang, dark)
            .await
            .unwrap();
        for (name, path, ready) in views {
            b.visit(&stack.page(path)).await.unwrap();
            b.wait_text(ready).await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            b.screenshot(name).await.unwrap();
            if name == "catalog" {
                // The head's two buttons: one height, one line.
                let storage = b.rect("[data-testid=storage-link]").await.unwrap();
                let clean_up = b.rect("[data-testid=clean-up-link]").await.unwrap();
                assert!(
                    (storage[1] - clean_up[1]).abs() < 0.5
                        && (storage[3] - clean_up[3]).abs() < 0.5,
                    "{label}: Storage {storage:?}, Clean up {clean_up:?}"
                );
            }
            // Nothing may stick out sideways, on a phone too, except inside
            // a scrollable table.
            let overflow = b
                .client
                .execute(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(
                overflow,
                serde_json::json!(0),
                "{label}/{name} scrolls sideways"
            );
            if name == "image" {
                // The layers: share bars (hidden on a phone), media types.
                b.scroll_below_header("[data-testid=layer-row]").await;
                b.screenshot("image-layers").await.unwrap();
            }
        }
        // A retention dry run, and the bulk-delete confirmation.
        b.visit(&stack.page("/clean-up?repos=many/tags"))
            .await
            .unwrap();
        dry_run(&b, 5, None).await;
        b.screenshot("clean-up").await.unwrap();
        b.visit(&stack.page("/repo/alpine")).await.unwrap();
        b.wait_text("[data-testid=size]").await.unwrap();
        b.click("[data-tag='3.20'] [data-testid=row-select]")
            .await
            .unwrap();
        b.click("[data-tag='3.19'] [data-testid=row-select]")
            .await
            .unwrap();
        b.screenshot("selected").await.unwrap();
        b.click("[data-testid=delete-selected]").await.unwrap();
        b.wait_text("[data-testid=bulk-sibling-tag]").await.unwrap();
        b.screenshot("bulk-confirm").await.unwrap();
        b.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn deleting_3_20_warns_that_latest_goes_too_and_both_are_gone() {
    use shipshape_harness::seed::Pusher;
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let registry = Pusher::new(&stack.registry.url);
    let digest = stack.seeded.digests["alpine:3.20"].clone();
    let mut b = Browser::start("delete").await.unwrap();
    b.visit(&stack.page("/image/alpine:3.20")).await.unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    let mut going = all_texts(&b, "[data-testid=impact-tags] li").await;
    going.sort();
    assert_eq!(
        going,
        vec!["3.20", "latest"],
        "every tag sharing the digest is shown"
    );
    assert_eq!(
        b.wait_text("[data-testid=delete-digest]").await.unwrap(),
        digest
    );
    // Two tags go: the tag must be typed before the button works.
    let disabled = b
        .attr("[data-testid=confirm-delete]", "disabled")
        .await
        .unwrap();
    assert!(
        disabled.is_some(),
        "confirm is disabled until the tag is typed"
    );
    b.type_into("[data-testid=confirm-input]", "3.20")
        .await
        .unwrap();
    b.screenshot("confirm").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_text("[data-testid=gc-note]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=delete-result]", "data-result")
            .await
            .unwrap()
            .as_deref(),
        Some("deleted")
    );
    // The image page has no tag list's summaries: the dialog read the
    // image's own, so the estimate counts its blobs.
    let freed = b
        .attr("[data-testid=reclaim-estimate]", "data-bytes")
        .await
        .unwrap()
        .and_then(|v| v.parse::<u64>().ok());
    assert!(freed.is_some_and(|b| b > 0), "freed: {freed:?}");
    b.screenshot("deleted").await.unwrap();
    // The registry confirms: both tags and the manifest are gone, 3.19 stays.
    assert_eq!(registry.tags("alpine").unwrap(), vec!["3.19"]);
    assert!(!registry.manifest_exists("alpine", &digest));
    // Back to the repository: the list is fresh.
    b.click("[data-testid=back-to-repository]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "1", 60)
        .await;
    assert_eq!(all_texts(&b, "[data-testid=tag-name]").await, vec!["3.19"]);
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn a_tag_moved_after_confirming_is_not_deleted() {
    use shipshape_harness::seed::{layer, ImageSpec, Pusher};
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let registry = Pusher::new(&stack.registry.url);
    let old = stack.seeded.digests["library/nginx:1.27"].clone();
    let mut b = Browser::start("delete-moved").await.unwrap();
    b.visit(&stack.page("/image/library/nginx:1.27"))
        .await
        .unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    // Someone pushes a new image to 1.27 while the dialog is open.
    let moved = registry
        .image(
            "library/nginx",
            &["1.27"],
            &ImageSpec::new(true, "amd64", None, vec![layer(&[("new", b"2")])]),
        )
        .unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_text("[data-testid=delete-result]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=delete-result]", "data-result")
            .await
            .unwrap()
            .as_deref(),
        Some("moved")
    );
    b.screenshot("moved").await.unwrap();
    assert!(
        registry.manifest_exists("library/nginx", &old),
        "the confirmed image is untouched"
    );
    assert!(
        registry.manifest_exists("library/nginx", &moved.digest),
        "the new image is untouched"
    );
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn a_registry_without_delete_explains_the_405_and_a_platform_of_an_index_is_blocked() {
    let stack = Stack::start(StackOptions {
        registry: RegistryOptions {
            delete_enabled: false,
            ..RegistryOptions::default()
        },
        seed: None,
        ..StackOptions::default()
    })
    .unwrap();
    let pushed = shipshape_harness::seed::tiny_image(&stack.registry.url, "app").unwrap();
    let mut b = Browser::start("delete-405").await.unwrap();
    b.visit(&stack.page("/image/app:1")).await.unwrap();
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
    assert!(
        text.contains("REGISTRY_STORAGE_DELETE_ENABLED=true"),
        "{text}"
    );
    b.screenshot("405").await.unwrap();
    // From now on the registry is treated as read-only: no delete buttons.
    let buttons = all_texts(&b, "[data-testid=delete-button]").await;
    assert!(
        buttons.is_empty(),
        "delete offered again after a 405: {buttons:?}"
    );
    assert!(shipshape_harness::seed::Pusher::new(&stack.registry.url)
        .manifest_exists("app", &pushed.digest));

    // A platform of a tagged index (on the demo registry): blocked.
    let demo = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    b.visit(&demo.page("/image/multiarch/tool:v1"))
        .await
        .unwrap();
    b.wait_text("[data-testid=platform-row]").await.unwrap();
    b.click("[data-testid=platform-row] a").await.unwrap();
    wait_for_text(&b, "[data-testid=image-title]", |t| t.contains('@')).await;
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    let blocked = b.wait_text("[data-testid=impact-blocked]").await.unwrap();
    assert!(
        blocked.contains("latest") && blocked.contains("v1"),
        "{blocked}"
    );
    assert!(b
        .attr("[data-testid=confirm-delete]", "disabled")
        .await
        .unwrap()
        .is_some());
    b.screenshot("blocked").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn deleting_from_a_tag_row_refreshes_the_list_and_emptied_repositories_give_the_steps() {
    use shipshape_harness::seed::Pusher;
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let registry = Pusher::new(&stack.registry.url);
    let mut b = Browser::start("row-delete").await.unwrap();
    b.visit(&stack.page("/repo/team/app/api")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    b.click("[data-tag='v1.9.0'] [data-testid=row-delete]")
        .await
        .unwrap();
    let going = b.wait_text("[data-testid=impact-tags]").await.unwrap();
    assert_eq!(going, "v1.9.0");
    // One tag, the one clicked: a click confirms.
    assert!(b
        .attr("[data-testid=confirm-delete]", "disabled")
        .await
        .unwrap()
        .is_none());
    // Before confirming: what garbage collection should then free, counted
    // over what the page has seen (no storage scan here), and said so.
    let promised: u64 = b
        .attr("[data-testid=delete-frees]", "data-bytes")
        .await
        .unwrap()
        .expect("the dialog says what the delete frees")
        .parse()
        .unwrap();
    assert_eq!(
        b.attr("[data-testid=delete-frees]", "data-whole-registry")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_text("[data-testid=gc-note]").await.unwrap();
    // v1.9.0's config is its own; its layers are shared with v1.10.x.
    let estimate = b.wait_text("[data-testid=reclaim-estimate]").await.unwrap();
    let shared: u64 = b
        .attr("[data-testid=reclaim-estimate]", "data-shared-bytes")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(shared > 0, "shared layers stay: {estimate}");
    let bytes: u64 = b
        .attr("[data-testid=reclaim-estimate]", "data-bytes")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(bytes > 0);
    assert_eq!(bytes, promised, "the same accounting before and after");
    b.screenshot("deleted").await.unwrap();
    b.click("[data-testid=close-result]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "2", 60)
        .await;
    assert_eq!(
        all_texts(&b, "[data-testid=tag-name]").await,
        vec!["v1.10.0", "v1.10.1"]
    );
    assert_eq!(
        registry.tags("team/app/api").unwrap(),
        vec!["v1.10.0", "v1.10.1"]
    );
    b.screenshot("after").await.unwrap();

    b.visit(&stack.page("/repo/emptied/repo")).await.unwrap();
    let steps = b
        .wait_text("[data-testid=remove-repository-steps]")
        .await
        .unwrap();
    assert!(
        steps.contains("rm -rf <rootdirectory>/docker/registry/v2/repositories/emptied/repo"),
        "{steps}"
    );
    b.screenshot("emptied").await.unwrap();
    b.close().await.unwrap();
}

/// Bulk delete: checkbox, "all that match the filter", shift-click range;
/// the confirmation groups by digest and adds siblings; DELETEs are held
/// back by a proxy so the test can cancel mid-way; the report must say
/// exactly what the registry no longer has.
#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn bulk_delete_groups_by_digest_and_cancelling_reports_exactly_what_was_deleted() {
    use shipshape_harness::proxy::SlowProxy;
    use shipshape_harness::seed::Pusher;
    use std::collections::BTreeSet;
    let stack = seeded_stack(SeedOptions {
        many_tags: 30,
        extra_repos: 0,
    });
    let registry = Pusher::new(&stack.registry.url);
    let proxy =
        SlowProxy::start(&stack.registry.url, std::time::Duration::from_millis(800)).unwrap();
    let via_proxy = |path: &str| stack.page(&format!("{path}?registry={}", proxy.url));
    let mut b = Browser::start("bulk-delete").await.unwrap();

    // A tag that shares its digest: the sibling is added and marked.
    b.visit(&via_proxy("/repo/alpine")).await.unwrap();
    b.wait_text("[data-tag='3.20'] [data-testid=row-select]")
        .await
        .unwrap();
    b.click("[data-tag='3.20'] [data-testid=row-select]")
        .await
        .unwrap();
    assert_eq!(
        b.wait_text("[data-testid=selected-count]").await.unwrap(),
        "1 tag selected"
    );
    b.click("[data-testid=delete-selected]").await.unwrap();
    assert_eq!(
        b.wait_text("[data-testid=bulk-sibling-tag]").await.unwrap(),
        "latest +"
    );
    let summary = b.wait_text("[data-testid=bulk-summary]").await.unwrap();
    assert!(
        summary.starts_with("1 image (one DELETE each). 2 tags go, 1 of them not selected"),
        "{summary}"
    );
    b.screenshot("alpine-siblings").await.unwrap();
    b.press("\u{e00c}").await.unwrap();
    b.wait_gone("[data-testid=bulk-dialog]").await.unwrap();

    b.visit(&via_proxy("/repo/many/tags")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "30", 60)
        .await;
    // All that match a filter: build-00001 … build-00009.
    b.type_into("[data-testid=tag-filter]", "build-0000")
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-shown", "9", 60)
        .await;
    b.click("[data-testid=select-all]").await.unwrap();
    assert_eq!(
        b.wait_text("[data-testid=selected-count]").await.unwrap(),
        "9 tags selected"
    );
    // Clear the filter, then a shift-click range: build-00020 … build-00024.
    b.clear("[data-testid=tag-filter]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-shown", "30", 60)
        .await;
    b.click("[data-tag='build-00020'] [data-testid=row-select]")
        .await
        .unwrap();
    b.shift_click("[data-tag='build-00024'] [data-testid=row-select]")
        .await
        .unwrap();
    assert_eq!(
        b.wait_text("[data-testid=selected-count]").await.unwrap(),
        "14 tags selected"
    );
    let mut chosen: BTreeSet<String> = (1..=9)
        .chain(20..=24)
        .map(|i| format!("build-{i:05}"))
        .collect();
    b.screenshot("selected").await.unwrap();

    b.click("[data-testid=delete-selected]").await.unwrap();
    b.wait_text("[data-testid=bulk-summary]").await.unwrap();
    let targets = all_texts(&b, "[data-testid=bulk-selected-tag]").await;
    assert_eq!(targets.iter().cloned().collect::<BTreeSet<_>>(), chosen);
    // The confirm button waits for the repository name.
    assert!(b
        .attr("[data-testid=bulk-confirm]", "disabled")
        .await
        .unwrap()
        .is_some());
    b.type_into("[data-testid=bulk-confirm-input]", "many/tags")
        .await
        .unwrap();
    b.screenshot("confirm").await.unwrap();
    b.click("[data-testid=bulk-confirm]").await.unwrap();
    // Cancel as soon as the first answers are in.
    b.wait_text("[data-testid=bulk-report-row]").await.unwrap();
    b.screenshot("first-report").await.unwrap();
    b.click("[data-testid=bulk-cancel]").await.unwrap();
    wait_for_attr(&b, "[data-testid=bulk-run]", "data-finished", "true").await;
    b.screenshot("cancelled").await.unwrap();

    let mut deleted = BTreeSet::new();
    let mut not_sent = BTreeSet::new();
    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    let tags = b
        .attr_all("[data-testid=bulk-report-row]", "data-tags")
        .await
        .unwrap();
    for (outcome, tag) in outcomes.into_iter().zip(tags) {
        let (outcome, tag) = (outcome.unwrap(), tag.unwrap());
        match outcome.as_str() {
            "deleted" => deleted.insert(tag),
            "not-sent" => not_sent.insert(tag),
            other => panic!("{tag}: unexpected outcome {other}"),
        };
    }
    assert!(
        !deleted.is_empty() && !not_sent.is_empty(),
        "deleted {deleted:?}, not sent {not_sent:?}"
    );
    assert_eq!(
        deleted.union(&not_sent).cloned().collect::<BTreeSet<_>>(),
        chosen
    );
    // The registry agrees: exactly the reported ones are gone.
    let left: BTreeSet<String> = registry.tags("many/tags").unwrap().into_iter().collect();
    let all: BTreeSet<String> = (1..=30).map(|i| format!("build-{i:05}")).collect();
    assert_eq!(
        left,
        all.difference(&deleted).cloned().collect::<BTreeSet<_>>()
    );
    chosen.retain(|t| !deleted.contains(t));
    assert!(chosen.iter().all(|t| left.contains(t)));
    // Configs are unique per build, layers shared: something to reclaim.
    let bytes: u64 = b
        .attr("[data-testid=reclaim-estimate]", "data-bytes")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(bytes > 0);
    // The list behind the dialog has reloaded.
    let expected = (30 - deleted.len()).to_string();
    b.click("[data-testid=bulk-close]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", &expected, 60)
        .await;
    b.close().await.unwrap();
}

async fn wait_for_attr(b: &Browser, css: &str, name: &str, want: &str) {
    b.wait_for_attr(css, name, want, 30).await
}

/// Retention: a dry run over a pattern of repositories, then one on
/// many/tags that lists exactly the expected tags with their rules, and
/// executing it leaves exactly the kept ones (checked through the API).
#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn retention_dry_run_lists_exactly_the_expected_tags_and_running_it_keeps_exactly_those() {
    use shipshape_harness::seed::Pusher;
    use std::collections::BTreeSet;
    let stack = seeded_stack(SeedOptions {
        many_tags: 30,
        extra_repos: 0,
    });
    let registry = Pusher::new(&stack.registry.url);
    let mut b = Browser::start("retention").await.unwrap();

    // Every repository matching a pattern.
    b.visit(&stack.page("/clean-up?repos=team/*"))
        .await
        .unwrap();
    dry_run(&b, 1, None).await;
    let repos: Vec<String> = b
        .attr_all("[data-testid=plan-repo]", "data-repo")
        .await
        .unwrap()
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(repos, vec!["team/app/api", "team/app/web"]);
    b.screenshot("pattern").await.unwrap();

    b.visit(&stack.page("/clean-up?repos=many/tags"))
        .await
        .unwrap();
    let totals = dry_run(&b, 5, Some("build-00001")).await;
    assert!(
        totals.starts_with("1 repository: keep 6 tags, delete 24 tags (24 images)."),
        "{totals}"
    );
    let tags = b
        .attr_all("[data-testid=plan-row]", "data-tag")
        .await
        .unwrap();
    let actions = b
        .attr_all("[data-testid=plan-row]", "data-action")
        .await
        .unwrap();
    let rules = b.texts("[data-testid=plan-rule]").await.unwrap();
    let mut kept = BTreeSet::new();
    let mut doomed = BTreeSet::new();
    for ((tag, action), rule) in tags.into_iter().zip(actions).zip(rules) {
        let tag = tag.unwrap();
        match action.as_deref() {
            Some("keep") => kept.insert(tag.clone()),
            Some("delete") => doomed.insert(tag.clone()),
            other => panic!("{tag}: {other:?}"),
        };
        if tag == "build-00030" {
            assert_eq!(rule, "among the newest (#1)");
        }
        if tag == "build-00001" {
            assert_eq!(rule, "always kept (build-00001)");
        }
        if tag == "build-00025" {
            assert_eq!(rule, "no rule keeps it (#6 newest)");
        }
    }
    let expected_kept: BTreeSet<String> = std::iter::once(1)
        .chain(26..=30)
        .map(|i| format!("build-{i:05}"))
        .collect();
    let expected_doomed: BTreeSet<String> = (2..=25).map(|i| format!("build-{i:05}")).collect();
    assert_eq!(kept, expected_kept);
    assert_eq!(doomed, expected_doomed);
    b.screenshot("dry-run").await.unwrap();

    b.click("[data-testid=execute-plan]").await.unwrap();
    b.type_into("[data-testid=execute-confirm-input]", "24")
        .await
        .unwrap();
    b.click("[data-testid=execute-confirm]").await.unwrap();
    wait_for_attr(&b, "[data-testid=bulk-run]", "data-finished", "true").await;
    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 24);
    assert!(
        outcomes.iter().all(|o| o.as_deref() == Some("deleted")),
        "{outcomes:?}"
    );
    b.screenshot("executed").await.unwrap();
    let left: BTreeSet<String> = registry.tags("many/tags").unwrap().into_iter().collect();
    assert_eq!(left, expected_kept);
    // Closing plans again: nothing left to delete.
    b.click("[data-testid=bulk-close]").await.unwrap();
    wait_for_text(&b, "[data-testid=plan-totals]", |t| {
        t.starts_with("1 repository: keep 6 tags, delete 0 tags")
    })
    .await;
    b.close().await.unwrap();
}

/// Untag only on distribution 2.8: the DELETE by tag is refused (400), the
/// dialog says so and offers the placeholder workaround, which removes
/// `latest` while `3.20` keeps pointing at the same, intact image.
#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn removing_only_latest_on_2_8_uses_a_placeholder_and_keeps_3_20() {
    use shipshape_harness::seed::Pusher;
    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let registry = Pusher::new(&stack.registry.url);
    let image = registry.digest_of("alpine", "3.20").unwrap();
    assert_eq!(
        registry.digest_of("alpine", "latest").as_deref(),
        Some(image.as_str())
    );
    let mut b = Browser::start("untag").await.unwrap();
    b.visit(&stack.page("/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    b.click("[data-tag='latest'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=untag-start]").await.unwrap();
    let explain = b.wait_text("[data-testid=untag-flow]").await.unwrap();
    assert!(
        explain.contains(&phrase::untag_explain(Lang::En, "latest", "3.20")),
        "{explain}"
    );
    b.click("[data-testid=untag-confirm]").await.unwrap();
    let refused = b
        .wait_text("[data-testid=untag-not-supported]")
        .await
        .unwrap();
    assert!(refused.contains("400 DIGEST_INVALID"), "{refused}");
    // Nothing changed by the refused attempt.
    let mut tags = registry.tags("alpine").unwrap();
    tags.sort();
    assert_eq!(tags, vec!["3.19", "3.20", "latest"]);
    b.screenshot("not-supported").await.unwrap();
    b.click("[data-testid=placeholder-confirm]").await.unwrap();
    wait_for_attr(&b, "[data-testid=untag-result]", "data-result", "removed").await;
    b.screenshot("removed").await.unwrap();
    let mut tags = registry.tags("alpine").unwrap();
    tags.sort();
    assert_eq!(tags, vec!["3.19", "3.20"]);
    assert_eq!(
        registry.digest_of("alpine", "3.20").as_deref(),
        Some(image.as_str())
    );
    b.click("[data-testid=close-result]").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "2", 60)
        .await;
    b.close().await.unwrap();
}

/// `read_only` in config.json: nothing anywhere offers to delete, and a
/// retention dry run still works (it only reads).
#[tokio::test]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_read_only_registry_offers_no_delete_anywhere() {
    let stack = Stack::start(StackOptions {
        seed: Some(SeedOptions {
            many_tags: 12,
            extra_repos: 0,
        }),
        config_json: Some(
            r#"{"registries":[{"name":"prod","url":"{registry}","read_only":true}]}"#.into(),
        ),
        ..StackOptions::default()
    })
    .unwrap();
    let mut b = Browser::start("read-only").await.unwrap();
    b.visit(&stack.page("/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    for what in ["row-delete", "row-select", "select-all", "selection-bar"] {
        let found = b.texts(&format!("[data-testid={what}]")).await.unwrap();
        assert!(found.is_empty(), "{what} offered on a read-only registry");
    }
    b.visit(&stack.page("/image/alpine:3.20")).await.unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    assert!(b
        .texts("[data-testid=delete-button]")
        .await
        .unwrap()
        .is_empty());
    b.visit(&stack.page("/clean-up?repos=many/tags"))
        .await
        .unwrap();
    let totals = dry_run(&b, 3, None).await;
    assert!(totals.contains("delete 9 tags"), "{totals}");
    assert!(b
        .texts("[data-testid=execute-plan]")
        .await
        .unwrap()
        .is_empty());
    b.screenshot("dry-run").await.unwrap();
    // The same registry by another spelling of its address, through
    // `?registry=`: still read-only.
    b.visit(&stack.page(&format!("/repo/alpine?registry={}/", stack.registry.url)))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    for what in ["row-delete", "row-select", "select-all"] {
        let found = b.texts(&format!("[data-testid={what}]")).await.unwrap();
        assert!(found.is_empty(), "{what} offered through ?registry=");
    }
    b.close().await.unwrap();
}

/// The built index.html carries a Content-Security-Policy: scripts only
/// from the app's files plus the loader's hash, no inline styles, and
/// connect-src only for the app's origin and the configured registries. A
/// registry the policy does not list is explained, and nothing is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn the_content_security_policy_is_in_force_and_a_registry_it_blocks_is_explained() {
    let index =
        std::fs::read_to_string(shipshape_harness::stack::dist_dir().join("index.html")).unwrap();
    let meta = index
        .lines()
        .find(|l| l.contains("http-equiv=\"Content-Security-Policy\""))
        .expect("a CSP meta tag");
    let policy = meta.split("content=\"").nth(1).unwrap();
    for must in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "style-src 'self';",
        "connect-src 'self' ",
    ] {
        assert!(policy.contains(must), "{must} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // The hash is the loader's: the app starts (and the other tests run).
    let script = shipshape_csp::inline_scripts(&index);
    assert_eq!(script.len(), 1);
    assert!(policy.contains(&shipshape_csp::hash_source(script[0])));

    let stack = seeded_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let mut b = Browser::start("csp").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    // The same registry by another name the policy does not list.
    let other = stack.registry.url.replace("127.0.0.1", "localhost");
    b.visit(&stack.page(&format!("/?registry={other}")))
        .await
        .unwrap();
    let text = b.wait_text("[data-testid=error]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=error]", "data-kind")
            .await
            .unwrap()
            .as_deref(),
        Some("blocked-by-policy"),
        "{text}"
    );
    assert!(text.contains(&other), "names the origin: {text}");
    assert!(text.contains("SHIPSHAPE_CONNECT_SRC"), "{text}");
    b.screenshot("blocked").await.unwrap();
    b.close().await.unwrap();
}

/// `"ui"` in config.json: the theme and language a first visit starts
/// with, and `"delete": false` hiding every delete action. A user's own
/// choice wins over the defaults on later visits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn ui_defaults_from_config_json_apply_until_the_user_chooses() {
    let stack = Stack::start(StackOptions {
        seed: Some(SeedOptions {
            many_tags: 0,
            extra_repos: 0,
        }),
        config_json: Some(
            r#"{"registries":[{"name":"demo","url":"{registry}"}],"ui":{"theme":"dark","language":"zh-CN","delete":false}}"#
                .into(),
        ),
        ..StackOptions::default()
    })
    .unwrap();
    let mut b = Browser::start("ui-defaults").await.unwrap();
    b.visit(&stack.page("/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    assert_eq!(
        b.attr("html", "data-theme").await.unwrap().as_deref(),
        Some("dark")
    );
    assert_eq!(
        b.attr("html", "lang").await.unwrap().as_deref(),
        Some("zh-CN")
    );
    for what in ["row-delete", "row-select", "select-all"] {
        assert!(
            b.texts(&format!("[data-testid={what}]"))
                .await
                .unwrap()
                .is_empty(),
            "{what} offered although config.json says delete: false"
        );
    }
    b.screenshot("dark-zh").await.unwrap();
    // The user's own choice (as the toggles store it) wins from then on.
    b.client
        .execute(
            "localStorage.setItem('shipshape.theme','system'); localStorage.setItem('shipshape.lang','en');",
            vec![],
        )
        .await
        .unwrap();
    b.visit(&stack.page("/repo/alpine")).await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 60)
        .await;
    assert_eq!(b.attr("html", "data-theme").await.unwrap(), None);
    assert_eq!(b.attr("html", "lang").await.unwrap().as_deref(), Some("en"));
    b.close().await.unwrap();
}

/// A long tag list keeps only the rows near the screen in the DOM (spacers
/// stand in for the rest), scrolls to the end, filters and sorts over all
/// rows, and selecting with shift-click spans rows that are not rendered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_long_tag_list_renders_only_the_rows_in_view() {
    const TAGS: usize = 400;
    let stack = seeded_stack(SeedOptions {
        many_tags: TAGS,
        extra_repos: 0,
    });
    let mut b = Browser::start("virtual").await.unwrap();
    b.visit(&stack.page("/repo/many/tags")).await.unwrap();
    b.wait_for_attr(
        "[data-testid=tag-count]",
        "data-total",
        &TAGS.to_string(),
        60,
    )
    .await;
    let rendered = all_texts(&b, "[data-testid=tag-row]").await.len();
    assert!(
        (10..120).contains(&rendered),
        "{rendered} of {TAGS} rows rendered"
    );
    let nodes = b
        .client
        .execute("return document.getElementsByTagName('*').length;", vec![])
        .await
        .unwrap();
    assert!(nodes.as_u64().unwrap() < 2000, "{nodes} DOM nodes");
    // The page is as tall as all rows: the last one can be scrolled to.
    let last = format!("[data-tag='build-{TAGS:05}']");
    b.click("[data-tag='build-00001'] [data-testid=row-select]")
        .await
        .unwrap();
    b.scroll_to_find(&last, 30).await.unwrap();
    assert!(
        b.texts("[data-tag='build-00001']")
            .await
            .unwrap()
            .is_empty(),
        "the first row left the DOM"
    );
    b.shift_click(&format!("{last} [data-testid=row-select]"))
        .await
        .unwrap();
    assert_eq!(
        b.wait_text("[data-testid=selected-count]").await.unwrap(),
        format!("{TAGS} tags selected")
    );
    b.screenshot("scrolled-to-end").await.unwrap();
    b.click("[data-testid=clear-selection]").await.unwrap();
    // Sorting by date loads every row's details and puts the newest first.
    b.client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    b.click("[data-testid=sort-created]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=tag-count]",
        "data-details",
        &format!("{TAGS}/{TAGS}"),
        60,
    )
    .await;
    b.wait_for_attr(
        "[data-testid=tag-row]",
        "data-tag",
        &format!("build-{TAGS:05}"),
        15,
    )
    .await;
    // Filtering works over every row, rendered or not.
    b.type_into("[data-testid=tag-filter]", "build-0039")
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-shown", "10", 60)
        .await;
    assert_eq!(all_texts(&b, "[data-testid=tag-row]").await.len(), 10);
    b.close().await.unwrap();
}

/// An error's title as the page shows it in English: tests find the
/// wording through the translation table, so it can change.
fn title_of(e: &RegistryError) -> String {
    e.explain(Lang::En).title
}

fn unreachable() -> RegistryError {
    RegistryError::Unreachable {
        url: String::new(),
        detail: shipshape::registry::error::NoAnswer::Failed(String::new()),
    }
}
