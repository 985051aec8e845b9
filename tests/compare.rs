//! Compare (`/compare/<a>...<b>`): two images buildah made on one base
//! layer, pushed to a real registry, shown side by side: the shared base
//! and each one's own layer (digests as skopeo reads them), the settings
//! that differ, the size difference. Reached by its address, from the tag
//! table (two rows selected) and from the image page ("Compare with…"); a
//! multi-arch side asks for its platform. Screenshots in English and
//! Chinese, light and dark, at phone width (no sideways scrolling) and on
//! a desktop. Run by `cargo xtask test -- compare`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::buildah::{push_two_on_a_base, Buildah, LONG_VALUE};
use shipshape_harness::skopeo;
use shipshape_harness::stack::{Stack, StackOptions};

/// Open `url`; if the app never mounts, a screenshot and the page's text.
async fn visit(b: &mut Browser, url: &str) {
    if let Err(e) = b.visit(url).await {
        let shot = b.screenshot("not-mounted").await;
        panic!("{url}: {e}; screenshot {shot:?}");
    }
}

/// Layer digests and total size (config + layers) as skopeo reads them.
fn skopeo_image(url: &str, reference: &str) -> (Vec<String>, u64) {
    let raw: Value =
        serde_json::from_slice(&skopeo::inspect_raw(url, reference, false).unwrap()).unwrap();
    let mut size = raw["config"]["size"].as_u64().unwrap();
    let mut layers = Vec::new();
    for l in raw["layers"].as_array().unwrap() {
        layers.push(l["digest"].as_str().unwrap().to_string());
        size += l["size"].as_u64().unwrap();
    }
    (layers, size)
}

async fn attrs(b: &Browser, css: &str, name: &str) -> Vec<String> {
    b.attr_all(css, name)
        .await
        .unwrap()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

/// The A and B cells of the config row for `field`.
async fn config_cells(b: &Browser, field: &str) -> (String, String) {
    let row = format!("[data-testid=config-row][data-field='{field}']");
    let a = b
        .wait_text(&format!("{row} td[data-side=A]"))
        .await
        .unwrap();
    let bb = b
        .wait_text(&format!("{row} td[data-side=B]"))
        .await
        .unwrap();
    (a, bb)
}

/// Click the first element matching `css` after bringing it to the middle
/// of the screen (the sticky header would take a click at the top).
async fn click_centred(b: &Browser, css: &str) {
    b.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![css.into()],
        )
        .await
        .unwrap();
    b.click(css).await.unwrap();
}

/// The layers as the page lines them up: (kind, digest).
async fn layers(b: &Browser) -> Vec<(String, String)> {
    let kinds = attrs(b, "[data-testid=compare-layer]", "data-kind").await;
    let digests = attrs(b, "[data-testid=compare-layer]", "data-digest").await;
    kinds.into_iter().zip(digests).collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, buildah, skopeo and Chromium: cargo xtask test"]
async fn compare_two_buildah_images_shows_the_shared_base_new_layers_and_config_differences() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let url = stack.registry.url.clone();
    let bh = Buildah::new("compare");
    push_two_on_a_base(&bh, &url, "compare/app:a", "compare/app:b").unwrap();
    // B again in another repository, to compare across repositories.
    bh.push("img-b", &url, "compare/other:b").unwrap();
    let (la, size_a) = skopeo_image(&url, "compare/app:a");
    let (lb, size_b) = skopeo_image(&url, "compare/app:b");
    assert_eq!(la[0], lb[0], "one base layer");
    assert_ne!(la[1], lb[1]);
    let want_layers = pairs(&[
        ("base", la[0].as_str()),
        ("only-a", la[1].as_str()),
        ("only-b", lb[1].as_str()),
    ]);

    let mut b = Browser::start("compare").await.unwrap();
    let page = stack.page("/compare/compare/app:a...compare/app:b");
    visit(&mut b, &page).await;
    b.wait_text("[data-testid=compare-layer]").await.unwrap();
    assert_eq!(layers(&b).await, want_layers);
    // Only the settings that differ, by default.
    let fields = attrs(&b, "[data-testid=config-row]", "data-field").await;
    for want in [
        "env:MODE",
        "env:EXTRA",
        "env:DOWNLOAD_URL",
        "cmd",
        "label:org.example.flavour",
    ] {
        assert!(fields.iter().any(|f| f == want), "{want} in {fields:?}");
    }
    assert!(
        !fields.iter().any(|f| f == "label:org.example.built-by"),
        "the same label is not a difference: {fields:?}"
    );
    assert!(
        attrs(&b, "[data-testid=config-row]", "data-change")
            .await
            .iter()
            .all(|c| c != "same"),
        "only differences by default"
    );
    assert_eq!(
        b.attr(
            "[data-testid=config-row][data-field='env:EXTRA']",
            "data-change"
        )
        .await
        .unwrap()
        .as_deref(),
        Some("added")
    );
    assert_eq!(
        config_cells(&b, "env:MODE").await,
        ("a".to_string(), "b".to_string())
    );
    let (cmd_a, cmd_b) = config_cells(&b, "cmd").await;
    assert!(cmd_a.ends_with(r#"["/app","--a"]"#), "{cmd_a:?}");
    assert!(cmd_b.ends_with(r#"["/app","--b"]"#), "{cmd_b:?}");
    assert!(config_cells(&b, "env:DOWNLOAD_URL")
        .await
        .1
        .ends_with(LONG_VALUE));
    // Sizes and their difference, as skopeo counts them.
    assert_eq!(
        b.attr("[data-testid=size-difference]", "data-bytes")
            .await
            .unwrap()
            .as_deref(),
        Some((size_b as i64 - size_a as i64).to_string().as_str())
    );
    let base_size = {
        let raw: Value =
            serde_json::from_slice(&skopeo::inspect_raw(&url, "compare/app:a", false).unwrap())
                .unwrap();
        raw["layers"][0]["size"].as_u64().unwrap()
    };
    assert_eq!(
        b.attr("[data-testid=shared-bytes]", "data-bytes")
            .await
            .unwrap()
            .as_deref(),
        Some(base_size.to_string().as_str())
    );
    // The history: the base's step shared, then each one's own.
    let steps = attrs(&b, "[data-testid=compare-step]", "data-kind").await;
    assert_eq!(
        steps.first().map(String::as_str),
        Some("shared"),
        "{steps:?}"
    );
    assert!(steps.len() >= 2, "{steps:?}");
    b.screenshot("desktop-en-light").await.unwrap();
    // "Show all": the same settings too.
    click_centred(&b, "[data-testid=show-all-settings]").await;
    b.wait_text("[data-testid=config-row][data-field='label:org.example.built-by']")
        .await
        .unwrap();
    assert_eq!(
        b.attr(
            "[data-testid=config-row][data-field='label:org.example.built-by']",
            "data-change"
        )
        .await
        .unwrap()
        .as_deref(),
        Some("same")
    );
    // Swapped: B's own layer is now A's.
    click_centred(&b, "[data-testid=compare-swap]").await;
    b.wait_for_attr(
        "[data-testid=compare-layer][data-kind=only-a]",
        "data-digest",
        &lb[1],
        20,
    )
    .await;

    // Across repositories, by digest on one side.
    let digest_a = skopeo::inspect(&url, "compare/app:a").unwrap()["Digest"]
        .as_str()
        .unwrap()
        .to_string();
    visit(
        &mut b,
        &stack.page(&format!(
            "/compare/compare/app@{digest_a}...compare/other:b"
        )),
    )
    .await;
    b.wait_text("[data-testid=compare-layer]").await.unwrap();
    assert_eq!(layers(&b).await, want_layers);
    assert_eq!(
        b.attr("[data-testid=digest-a]", "title")
            .await
            .unwrap()
            .as_deref(),
        Some(digest_a.as_str())
    );

    // From the tag table: two rows selected, then "Compare".
    visit(&mut b, &stack.page("/repo/compare/app")).await;
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 30)
        .await;
    b.click("[data-tag='a'] [data-testid=row-select]")
        .await
        .unwrap();
    assert!(
        b.attr("button[data-testid=compare-selected]", "disabled")
            .await
            .unwrap()
            .is_some(),
        "one tag selected: nothing to compare yet"
    );
    b.click("[data-tag='b'] [data-testid=row-select]")
        .await
        .unwrap();
    b.wait_text("a[data-testid=compare-selected]")
        .await
        .unwrap();
    b.screenshot("two-tags-selected").await.unwrap();
    b.click("a[data-testid=compare-selected]").await.unwrap();
    b.wait_text("[data-testid=compare-layer]").await.unwrap();
    assert_eq!(layers(&b).await, want_layers);
    let at = b.client.current_url().await.unwrap();
    assert_eq!(at.path(), "/compare/compare/app:a...compare/app:b");

    // From the image page: "Compare with…" and a tag of this repository.
    visit(&mut b, &stack.page("/image/compare/app:a")).await;
    b.wait_text("[data-testid=image-digest]").await.unwrap();
    b.click("[data-testid=compare-with] summary").await.unwrap();
    b.type_into("[data-testid=compare-other]", "no such thing!")
        .await
        .unwrap();
    b.click("[data-testid=compare-submit]").await.unwrap();
    b.wait_text("[data-testid=compare-problem]").await.unwrap();
    b.screenshot("compare-with").await.unwrap();
    b.clear("[data-testid=compare-other]").await.unwrap();
    b.type_into("[data-testid=compare-other]", "b")
        .await
        .unwrap();
    b.click("[data-testid=compare-submit]").await.unwrap();
    b.wait_text("[data-testid=compare-layer]").await.unwrap();
    assert_eq!(layers(&b).await, want_layers);

    // A multi-arch side: its platforms to choose from, then the child.
    bh.push_two_platform_index(&url, "compare/multi:v1")
        .unwrap();
    visit(
        &mut b,
        &stack.page("/compare/compare/multi:v1...compare/multi:v1~linux/arm64"),
    )
    .await;
    b.wait_text("[data-testid=platform-picker][data-side=A]")
        .await
        .unwrap();
    assert_eq!(
        b.texts("[data-testid=platform-choice]").await.unwrap(),
        ["linux/amd64", "linux/arm64/v8"]
    );
    b.screenshot("platform-picker").await.unwrap();
    b.click("[data-testid=platform-choice]").await.unwrap();
    b.wait_text("[data-testid=summary-index]").await.unwrap();
    let platforms = b.texts("[data-testid=summary-platform] td").await.unwrap();
    assert_eq!(platforms, ["linux/amd64", "linux/arm64/v8"]);
    assert_eq!(
        b.attr(
            "[data-testid=config-row][data-field=platform]",
            "data-change"
        )
        .await
        .unwrap()
        .as_deref(),
        Some("changed")
    );
    b.close().await.unwrap();

    // Readable everywhere: phone and desktop, both languages, both themes.
    for (viewport, lang, dark, label) in [
        (Viewport::PHONE, "en-US", false, "phone-en-light"),
        (Viewport::PHONE, "en-US", true, "phone-en-dark"),
        (Viewport::PHONE, "zh-CN", false, "phone-zh-light"),
        (Viewport::PHONE, "zh-CN", true, "phone-zh-dark"),
        (Viewport::DESKTOP, "zh-CN", true, "desktop-zh-dark"),
        (Viewport::DESKTOP, "en-US", true, "desktop-en-dark"),
    ] {
        let mut b = Browser::start_with(&format!("compare-{label}"), viewport, lang, dark)
            .await
            .unwrap();
        visit(&mut b, &page).await;
        b.wait_text("[data-testid=compare-layer]").await.unwrap();
        b.screenshot("summary").await.unwrap();
        let (scroll, inner) = b.widths().await;
        assert!(
            scroll <= inner,
            "{label}: the page is {scroll} px wide in {inner} px"
        );
        for section in ["config-diff", "compare-layers", "compare-history"] {
            b.scroll_below_header(&format!("[data-testid={section}]"))
                .await;
            b.screenshot(section).await.unwrap();
        }
        click_centred(&b, "[data-testid=show-all-settings]").await;
        b.wait_text("[data-testid=config-row][data-change=same]")
            .await
            .unwrap();
        let (scroll, inner) = b.widths().await;
        assert!(
            scroll <= inner,
            "{label}, every setting: the page is {scroll} px wide in {inner} px"
        );
        b.scroll_below_header("[data-testid=config-diff]").await;
        b.screenshot("every-setting").await.unwrap();
        b.close().await.unwrap();
    }
}
