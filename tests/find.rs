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

/// The catalog's Storage and Clean up buttons: the same height, side by
/// side on one line.
async fn head_buttons_line_up(b: &Browser, label: &str) {
    let storage = b.rect("[data-testid=storage-link]").await.unwrap();
    let clean_up = b.rect("[data-testid=clean-up-link]").await.unwrap();
    assert!(
        (storage[1] - clean_up[1]).abs() < 0.5 && (storage[3] - clean_up[3]).abs() < 0.5,
        "{label}: Storage at {storage:?}, Clean up at {clean_up:?} (left, top, width, height)"
    );
    assert!(
        storage[0] + storage[2] <= clean_up[0],
        "{label}: side by side"
    );
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
    // Something else, which the digest is not in, and a repository with
    // too many tags for the catalog to read on screen.
    bh.push("arm", &url, "find/other:arm").unwrap();
    let many: Vec<String> = (0..12).map(|i| format!("t{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    shipshape_harness::seed::tiny_image(&url, "find/busy").unwrap();
    shipshape_harness::seed::Pusher::new(&url)
        .image(
            "find/busy",
            &many,
            &shipshape_harness::seed::ImageSpec::new(
                true,
                "amd64",
                None,
                vec![shipshape_harness::seed::layer(&[("b", b"busy")])],
            ),
        )
        .unwrap();

    let mut b = Browser::start("find-search").await.unwrap();
    // Nothing held yet: nothing to search, said (never "not found"), and
    // the scan offered.
    visit(
        &mut b,
        &stack.page(&format!("/search?q=find/app@{platform}")),
    )
    .await;
    b.wait_text("[data-testid=search-nothing-held]")
        .await
        .unwrap();
    assert!(
        b.attr_all("[data-testid=search-none]", "class")
            .await
            .unwrap()
            .is_empty(),
        "'not found' where nothing was searched"
    );
    b.wait_text("[data-testid=search-scan]").await.unwrap();
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
    b.type_into("[data-testid=search-box]", &format!("{layer}\u{e007}"))
        .await
        .unwrap();
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

    // Without a scan: what this browser kept of the repositories the
    // catalog read on screen; the one with too many tags to read there is
    // named as not covered. Chinese, phone width, dark.
    let mut b = Browser::start_with("find-search-phone", Viewport::PHONE, "zh-CN", true)
        .await
        .unwrap();
    visit(&mut b, &stack.page("/")).await;
    wait_count(&b, "[data-testid=repo-row]", 6, 20).await;
    let pushed = "[data-testid=repo-row][data-repo='find/multi'] [data-testid=repo-pushed]";
    for _ in 0..200 {
        if b.attr(pushed, "data-at")
            .await
            .unwrap()
            .is_some_and(|a| !a.is_empty())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Kept half a second after the rows are read.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    visit(&mut b, &stack.page(&format!("/search?q={platform}"))).await;
    wait_count(&b, "[data-testid=search-hit]", 4, 20).await;
    assert_eq!(
        found(&b, "manifest").await,
        ["find/app", "find/backup", "find/mirror"]
    );
    assert_eq!(found(&b, "listed").await, ["find/multi"]);
    let covered = b.wait_text("[data-testid=search-covered]").await.unwrap();
    assert!(covered.contains("5 个镜像库"), "{covered}");
    let uncovered = b.wait_text("[data-testid=search-uncovered]").await.unwrap();
    assert!(uncovered.contains("6 个镜像库里的 1 个"), "{uncovered}");
    assert!(
        !overflows(&b).await,
        "the search page scrolls sideways on a phone"
    );
    b.screenshot("kept-zh-phone-dark").await.unwrap();
    b.close().await.unwrap();
}

/// fresh/c's newest image's description: long, with markup that must stay
/// text.
const DESCRIPTION: &str =
    "Serves <b>c</b> to the team; a description long enough to be cut on a phone's catalog row";

/// Today as a day number since 1970-01-01.
fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (secs / 86_400) as i64
}

/// Set a `<select>` the way a user's choice does (its `change` event).
async fn choose(b: &Browser, css: &str, value: &str) {
    b.client
        .execute(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1];\
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![css.into(), value.into()],
        )
        .await
        .unwrap();
}

/// An attribute of the catalog's note on the repositories without a date.
async fn note(b: &Browser, name: &str) -> String {
    b.attr("[data-testid=dates-unknown]", name)
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The repositories listed, in page order.
async fn rows(b: &Browser) -> Vec<String> {
    attrs(b, "[data-testid=repo-row]", "data-repo").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn the_catalog_orders_by_last_push_and_lists_the_stale_repositories() {
    use shipshape_harness::seed::{layer, rfc3339, ImageSpec, Pusher};
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let url = stack.registry.url.clone();
    let p = Pusher::new(&url);
    let day = today();
    let image = |days_ago: i64, n: u8| {
        ImageSpec::new(
            true,
            "amd64",
            Some(rfc3339(day - days_ago, 3600)),
            vec![layer(&[("f", &[n])])],
        )
    };
    // Nothing pushed for 400 and 200 days; 5 days ago (an older tag
    // beside it); an image without a date; and 12 tags, too many to read
    // for a date here (a scan reads them: 300 days ago).
    p.image("old/a", &["v1"], &image(400, 1)).unwrap();
    p.image("old/b", &["v1"], &image(200, 2)).unwrap();
    // fresh/c's images describe themselves (config labels); the newest
    // one's words are shown. Its documentation address is not a web one:
    // text, never a link.
    p.image(
        "fresh/c",
        &["v1"],
        &image(500, 3).label("org.opencontainers.image.description", "The old words"),
    )
    .unwrap();
    p.image(
        "fresh/c",
        &["v2"],
        &image(5, 4)
            .label("org.opencontainers.image.description", DESCRIPTION)
            .label(
                "org.opencontainers.image.source",
                "https://git.example/team/c",
            )
            .label(
                "org.opencontainers.image.documentation",
                "javascript:alert(1)",
            ),
    )
    .unwrap();
    p.image(
        "fresh/undated",
        &["v1"],
        &ImageSpec::new(true, "amd64", None, vec![layer(&[("u", b"u")])]),
    )
    .unwrap();
    let tags: Vec<String> = (0..12).map(|i| format!("t{i}")).collect();
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    p.image("many/e", &tags, &image(300, 5)).unwrap();

    let mut b = Browser::start("find-stale").await.unwrap();
    visit(&mut b, &stack.page("/")).await;
    wait_count(&b, "[data-testid=repo-row]", 5, 20).await;
    // Each row on screen is read: dates where the tags are few.
    let pushed = |repo: &str| {
        format!("[data-testid=repo-row][data-repo='{repo}'] [data-testid=repo-pushed]")
    };
    for repo in ["old/a", "old/b", "fresh/c"] {
        for _ in 0..200 {
            if b.attr(&pushed(repo), "data-at")
                .await
                .unwrap()
                .is_some_and(|a| !a.is_empty())
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let at = |days_ago: i64| ((day - days_ago) * 86_400 + 3600).to_string();
    assert_eq!(
        b.attr(&pushed("old/a"), "data-at").await.unwrap(),
        Some(at(400))
    );
    assert_eq!(
        b.attr(&pushed("fresh/c"), "data-at").await.unwrap(),
        Some(at(5)),
        "the newest tag's date"
    );
    let undated = b
        .wait_for_text(&pushed("fresh/undated"), 20, |t| t == "no date")
        .await;
    let many = b
        .wait_for_text(&pushed("many/e"), 20, |t| t == "not read yet")
        .await;
    assert_eq!(many, "not read yet");
    assert!(b
        .attr(&pushed("many/e"), "title")
        .await
        .unwrap()
        .unwrap()
        .contains("12 tags"));

    // The newest image's description under its row, as text; the source a
    // link that opens apart, the script address not a link.
    let row = "[data-testid=repo-row][data-repo='fresh/c']";
    let said = b
        .wait_text(&format!("{row} [data-testid=description-text]"))
        .await
        .unwrap();
    assert_eq!(said, DESCRIPTION);
    assert_eq!(
        b.attr(&format!("{row} a[data-testid=description-source]"), "href")
            .await
            .unwrap()
            .as_deref(),
        Some("https://git.example/team/c")
    );
    assert_eq!(
        b.attr(&format!("{row} a[data-testid=description-source]"), "rel")
            .await
            .unwrap()
            .as_deref(),
        Some("noopener noreferrer nofollow")
    );
    // Not a link anywhere; on the row not at all (no room), on the
    // repository page as text.
    assert!(b
        .attr_all(&format!("{row} [data-testid=description-docs]"), "class")
        .await
        .unwrap()
        .is_empty());
    head_buttons_line_up(&b, "desktop en").await;
    b.screenshot("descriptions").await.unwrap();
    // And in the repository's header.
    visit(&mut b, &stack.page("/repo/fresh/c")).await;
    assert_eq!(
        b.wait_text("[data-testid=description-text]").await.unwrap(),
        DESCRIPTION
    );
    assert!(b
        .attr_all("a[data-testid=description-docs]", "href")
        .await
        .unwrap()
        .is_empty());
    assert!(b
        .wait_text("[data-testid=description-docs]")
        .await
        .unwrap()
        .contains("javascript:alert(1)"));
    b.screenshot("repository-description").await.unwrap();
    // The tag table says an undated image's Created in the catalog row's
    // word for it.
    visit(&mut b, &stack.page("/repo/fresh/undated")).await;
    assert_eq!(
        b.wait_text("[data-tag=v1] [data-testid=created]")
            .await
            .unwrap(),
        undated
    );
    visit(&mut b, &stack.page("/")).await;
    wait_count(&b, "[data-testid=repo-row]", 5, 20).await;

    // Newest first, the unknown and undated after the dated ones.
    choose(&b, "[data-testid=repo-order]", "newest").await;
    b.wait_for_attr("[data-testid=repo-row]", "data-repo", "fresh/c", 10)
        .await;
    assert_eq!(
        rows(&b).await,
        ["fresh/c", "old/b", "old/a", "fresh/undated", "many/e"]
    );
    // The note counts both rows without a date (one read, its image
    // undated; one not read), as listed last.
    b.wait_for_attr("[data-testid=dates-unknown]", "data-undated", "1", 20)
        .await;
    assert_eq!(note(&b, "data-count").await, "2");
    assert_eq!(
        [
            note(&b, "data-undated").await,
            note(&b, "data-unread").await,
            note(&b, "data-empty").await,
            note(&b, "data-filtering").await
        ],
        ["1", "1", "0", "false"]
    );
    // They are the last rows, each without a date.
    let dated = attrs(
        &b,
        "[data-testid=repo-row] [data-testid=repo-pushed]",
        "data-at",
    )
    .await;
    assert_eq!(
        dated.iter().rev().take_while(|a| a.is_empty()).count(),
        2,
        "{dated:?}"
    );
    b.screenshot("newest-first").await.unwrap();

    // Nothing pushed for 90 days: the two old ones, many/e not known yet.
    b.type_into("[data-testid=stale-days]", "90").await.unwrap();
    b.wait_for_attr("[data-testid=stale-summary]", "data-count", "2", 10)
        .await;
    assert_eq!(rows(&b).await, ["old/b", "old/a"]);
    // The two without a date are now left out of the list, and the note
    // says so: fresh/undated (read: no date) and many/e (not read yet).
    b.wait_for_attr("[data-testid=dates-unknown]", "data-filtering", "true", 10)
        .await;
    assert_eq!(
        [
            note(&b, "data-count").await,
            note(&b, "data-undated").await,
            note(&b, "data-unread").await
        ],
        ["2", "1", "1"]
    );
    // The scan reads many/e: 300 days.
    b.click("[data-testid=dates-scan]").await.unwrap();
    b.wait_for_attr("[data-testid=stale-summary]", "data-count", "3", 60)
        .await;
    assert_eq!(rows(&b).await, ["old/b", "many/e", "old/a"]);
    // Only fresh/undated is left without a date; nothing to scan for.
    b.wait_for_attr("[data-testid=dates-unknown]", "data-count", "1", 10)
        .await;
    assert_eq!(note(&b, "data-undated").await, "1");
    assert!(b
        .attr_all("[data-testid=dates-scan]", "class")
        .await
        .unwrap()
        .is_empty());
    b.screenshot("stale-90").await.unwrap();
    // The clean-up page for exactly those.
    b.click("[data-testid=stale-clean-up]").await.unwrap();
    let mut value = String::new();
    for _ in 0..200 {
        value = b
            .client
            .execute(
                "const i = document.querySelector('[data-testid=policy-repos]'); return i ? i.value : '';",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string();
        if !value.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // In the catalog's order.
    assert_eq!(value, "many/e, old/a, old/b");
    b.close().await.unwrap();

    // Chinese, phone width, dark: the column fits, the filter reads.
    let mut b = Browser::start_with("find-stale-phone", Viewport::PHONE, "zh-CN", true)
        .await
        .unwrap();
    visit(&mut b, &stack.page("/")).await;
    wait_count(&b, "[data-testid=repo-row]", 5, 20).await;
    b.wait_for_text(&pushed("old/a"), 20, |t| {
        t.contains("年前") || t.contains("天前") || t.contains("月前")
    })
    .await;
    assert!(
        !overflows(&b).await,
        "the catalog scrolls sideways on a phone"
    );
    head_buttons_line_up(&b, "phone zh").await;
    b.screenshot("catalog-zh-phone-dark").await.unwrap();
    b.type_into("[data-testid=stale-days]", "90").await.unwrap();
    b.wait_for_text("[data-testid=stale-summary]", 20, |t| {
        t.contains("90 天未推送")
    })
    .await;
    // Ordered by name, filtered: the dateless are not in the list, and the
    // note says so (not "listed last").
    assert_eq!(rows(&b).await, ["old/b", "old/a"]);
    b.wait_for_attr("[data-testid=dates-unknown]", "data-filtering", "true", 10)
        .await;
    assert_eq!(
        b.attr("[data-testid=dates-unknown]", "data-count")
            .await
            .unwrap()
            .as_deref(),
        Some("2")
    );
    assert!(
        !overflows(&b).await,
        "the stale filter scrolls sideways on a phone"
    );
    b.screenshot("stale-zh-phone-dark").await.unwrap();
    b.close().await.unwrap();
}
