//! The delete engine, round two, through the page against a real registry:
//! tag lists paged behind a hidden `Link`, a tag added by another client
//! (Debian's `skopeo`) to a later image of a running bulk delete, a
//! `config.json` that fails once, and other spellings of a read-only
//! registry's address. Each test checks through the registry API what is
//! left. Run by `cargo xtask test`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::faults::{Fault, FaultProxy, Rule};
use shipshape_harness::proxy::SlowProxy;
use shipshape_harness::seed::Pusher;
use shipshape_harness::skopeo;
use shipshape_harness::stack::Stack;
use shipshape_harness::steps::{configured_stack, dry_run, many_tags, seeded_stack};
use std::time::Duration;

fn tag(i: usize) -> String {
    format!("build-{i:05}")
}

/// `path` on the app, talking to the registry at `registry`.
fn via(stack: &Stack, registry: &str, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    stack.page(&format!("{path}{sep}registry={registry}"))
}

/// Open the image page at `url` and its delete dialog; the tags it says go.
async fn open_delete_dialog(b: &mut Browser, url: &str) -> String {
    b.visit(url).await.unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap()
}

/// The registry pages tag lists by two and the page cannot see `Link`
/// (a registry such as Quay or GHCR on another origin that does not expose
/// it). `prod` shares build-00002's image from the fourth page. The delete
/// dialog names it; a tag another client adds on a later page after the
/// dialog opened stops the DELETE. Nothing is deleted on part of a list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_sibling_tag_on_a_later_page_behind_a_hidden_link_is_never_deleted_unseen() {
    let stack = seeded_stack(many_tags(6));
    let pusher = Pusher::new(&stack.registry.url);
    let repo = "many/tags";
    skopeo::retag(
        &stack.registry.url,
        &format!("{repo}:{}", tag(2)),
        &format!("{repo}:prod"),
    )
    .unwrap();
    let digest = pusher.digest_of(repo, &tag(2)).unwrap();
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    proxy.set_rules(vec![Rule::new(
        Some("GET"),
        "/tags/list",
        Fault::PageTags(2),
    )]);
    let mut b = Browser::start("round-two-paged").await.unwrap();

    // The tag table reads every page: all seven tags.
    b.visit(&via(&stack, &proxy.url, &format!("/repo/{repo}")))
        .await
        .unwrap();
    b.wait_text("[data-tag='prod']").await.unwrap();
    assert_eq!(
        b.texts("[data-testid=tag-name]").await.unwrap().len(),
        7,
        "every page of the tag list is shown"
    );
    assert!(
        proxy.log().iter().any(|l| l.contains("/tags/list?last=")),
        "the pages after the first are asked for with ?last="
    );

    // The dialog names the sibling from page four.
    let shown = open_delete_dialog(
        &mut b,
        &via(&stack, &proxy.url, &format!("/image/{repo}:{}", tag(2))),
    )
    .await;
    assert!(shown.contains("prod"), "the sibling is named: {shown}");
    b.screenshot("dialog-names-the-sibling").await.unwrap();

    // Behind the page's back, a new tag on a later page of the list.
    skopeo::retag(
        &stack.registry.url,
        &format!("{repo}:{}", tag(2)),
        &format!("{repo}:zz-late"),
    )
    .unwrap();
    b.type_into("[data-testid=confirm-input]", &tag(2))
        .await
        .unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "new-tag", 30)
        .await;
    let said = b.wait_text("[data-testid=delete-result]").await.unwrap();
    assert!(said.contains("zz-late"), "{said}");
    b.screenshot("stopped-by-a-tag-on-a-later-page")
        .await
        .unwrap();
    for t in [tag(2), "prod".to_string(), "zz-late".to_string()] {
        assert_eq!(
            pusher.digest_of(repo, &t).as_deref(),
            Some(digest.as_str()),
            "{t} is still there"
        );
    }
    assert!(!proxy.log().iter().any(|l| l.starts_with("DELETE")));

    // A tag alone on its image is deleted through the same paged lists,
    // and checked gone.
    open_delete_dialog(
        &mut b,
        &via(&stack, &proxy.url, &format!("/image/{repo}:{}", tag(5))),
    )
    .await;
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "deleted", 30)
        .await;
    assert!(!pusher.tags(repo).unwrap().contains(&tag(5)));
    assert_eq!(pusher.tags(repo).unwrap().len(), 7);
    b.close().await.unwrap();
}

/// A retention plan deletes six images; every DELETE is held back 10 s by
/// a proxy. Right after the run starts, another client tags each of the six
/// images `release-N`. Images whose last check came after that are stopped
/// ("new tag"), and keep both tags; images reported deleted are gone.
/// Before round two, the round's snapshot served every later image and
/// their release tags went without a word.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_tag_added_to_a_later_image_of_a_running_bulk_delete_stops_that_image() {
    let stack = seeded_stack(many_tags(8));
    let pusher = Pusher::new(&stack.registry.url);
    let repo = "many/tags";
    let slow = SlowProxy::start(&stack.registry.url, Duration::from_secs(10)).unwrap();
    let mut b = Browser::start("round-two-bulk").await.unwrap();
    b.visit(&via(&stack, &slow.url, &format!("/clean-up?repos={repo}")))
        .await
        .unwrap();
    let totals = dry_run(&b, 2, None).await;
    assert!(totals.contains("delete 6 tags (6 images)"), "{totals}");
    let doomed: Vec<usize> = (1..=6).collect();
    b.click("[data-testid=execute-plan]").await.unwrap();
    b.type_into("[data-testid=execute-confirm-input]", "6")
        .await
        .unwrap();
    b.click("[data-testid=execute-confirm]").await.unwrap();
    // The first DELETEs are held by the proxy: tag every planned image.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for i in doomed.iter().rev() {
        skopeo::retag(
            &stack.registry.url,
            &format!("{repo}:{}", tag(*i)),
            &format!("{repo}:release-{i}"),
        )
        .unwrap();
    }
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 120)
        .await;
    b.screenshot("stopped-later-images").await.unwrap();
    let digests = b
        .attr_all("[data-testid=bulk-report-row]", "data-digest")
        .await
        .unwrap();
    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 6);
    let left = pusher.tags(repo).unwrap();
    let mut stopped = 0;
    for (d, o) in digests.into_iter().zip(outcomes) {
        let (d, o) = (d.unwrap(), o.unwrap());
        let i = doomed
            .iter()
            .copied()
            .find(|i| stack.seeded.digests[&format!("{repo}:{}", tag(*i))] == d)
            .expect("a planned image");
        match o.as_str() {
            "deleted" => {
                assert!(!left.contains(&tag(i)), "{} reported deleted", tag(i));
                assert!(!left.contains(&format!("release-{i}")));
            }
            "new-tag" => {
                stopped += 1;
                assert!(left.contains(&tag(i)), "{} was stopped", tag(i));
                assert_eq!(
                    pusher.digest_of(repo, &format!("release-{i}")).as_deref(),
                    Some(d.as_str())
                );
            }
            other => panic!("{}: unexpected outcome {other}", tag(i)),
        }
    }
    assert!(
        stopped >= 1,
        "images checked after the tags were added are stopped"
    );
    // The kept images were never touched.
    assert!(left.contains(&tag(7)) && left.contains(&tag(8)));
    b.close().await.unwrap();
}

/// `config.json` marks the registry read-only and answers 503 once. The
/// app does not start as if there were no configuration: it says what
/// happened and offers a retry, after which the registry is read-only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_config_json_that_fails_once_stops_the_app_until_it_is_read() {
    let stack = configured_stack(
        many_tags(0),
        Some(r#"{"registries":[{"name":"prod","url":"{registry}","read_only":true}]}"#),
    );
    stack.app.fail_config(1);
    let mut b = Browser::start("round-two-config").await.unwrap();
    b.visit(&stack.page("/image/alpine:3.20")).await.unwrap();
    let said = b.wait_text("[data-testid=error]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=error]", "data-kind").await.unwrap(),
        Some("config".into())
    );
    assert!(said.contains("503"), "{said}");
    assert!(b
        .texts("[data-testid=delete-button]")
        .await
        .unwrap()
        .is_empty());
    b.screenshot("config-unreadable").await.unwrap();
    b.click("[data-testid=config-retry]").await.unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    assert!(
        b.texts("[data-testid=delete-button]")
            .await
            .unwrap()
            .is_empty(),
        "read-only once config.json is read"
    );
    b.close().await.unwrap();

    // The same on a phone, in Chinese, dark.
    stack.app.fail_config(1);
    let mut b = Browser::start_with("round-two-config-zh", Viewport::PHONE, "zh-CN", true)
        .await
        .unwrap();
    b.visit(&stack.page("/image/alpine:3.20")).await.unwrap();
    let said = b.wait_text("[data-testid=error]").await.unwrap();
    assert!(said.contains("503") && said.contains("只读"), "{said}");
    b.screenshot("config-unreadable").await.unwrap();
    b.close().await.unwrap();
}

/// `config.json` marks the registry read-only; `?registry=` names the same
/// registry under other spellings of its address. Every one is read-only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_read_only_registry_stays_read_only_under_every_spelling_of_its_path() {
    let stack = configured_stack(
        many_tags(0),
        Some(
            r#"{"registries":[{"name":"prod","url":"{registry}","read_only":true},{"name":"other","url":"http://127.0.0.1:9"}],"default":"other"}"#,
        ),
    );
    let base = stack.registry.url.clone();
    let mut b = Browser::start("round-two-spellings").await.unwrap();
    for spelling in [
        format!("{base}/x/.."),
        format!("{base}/."),
        format!("{base}/%2e"),
        format!("{base}/%78/.."),
        format!("{base}/./"),
    ] {
        b.visit(&via(&stack, &spelling, "/image/alpine:3.20"))
            .await
            .unwrap();
        b.wait_text("[data-testid=config-facts]").await.unwrap();
        assert!(
            b.texts("[data-testid=delete-button]")
                .await
                .unwrap()
                .is_empty(),
            "{spelling} must stay read-only"
        );
    }
    b.screenshot("read-only").await.unwrap();
    b.close().await.unwrap();
}

/// Inside another page's frame (static hosting cannot forbid framing with
/// a `<meta>` policy), no delete action is offered and the page says why;
/// in its own tab the same image offers it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn inside_a_frame_no_delete_action_is_offered() {
    let stack = seeded_stack(many_tags(0));
    let mut b = Browser::start("framed").await.unwrap();
    let image = stack.page("/image/alpine:3.20");
    b.visit(&image).await.unwrap();
    b.wait_text("[data-testid=delete-button]").await.unwrap();
    assert!(b
        .texts("[data-testid=framed-notice]")
        .await
        .unwrap()
        .is_empty());
    // Another site frames it (a page of its own, on another port).
    let site = shipshape_harness::temp_dir("framing-site");
    std::fs::write(
        site.join("frame.html"),
        format!(
            "<!doctype html><meta name=\"viewport\" content=\"width=device-width\"><title>framing</title><style>body{{margin:0}}iframe{{width:100%;height:95vh;border:0}}</style><iframe src=\"{image}\"></iframe>"
        ),
    )
    .unwrap();
    let framing = shipshape_harness::serve::StaticServer::start(&site, 0, None).unwrap();
    b.client
        .goto(&format!("{}/frame.html", framing.url))
        .await
        .unwrap();
    enter_app_frame(&b, "[data-testid=config-facts]").await;
    b.client.enter_parent_frame().await.unwrap();
    b.screenshot("framed").await.unwrap();
    b.client.enter_frame(0).await.unwrap();
    let said = b.wait_text("[data-testid=framed-notice]").await.unwrap();
    assert!(said.contains("own tab"), "{said}");
    assert!(b
        .texts("[data-testid=delete-button]")
        .await
        .unwrap()
        .is_empty());
    b.client.enter_parent_frame().await.unwrap();
    b.close().await.unwrap();

    // In Chinese, dark, on a narrow screen.
    let mut b = Browser::start_with("framed-zh", Viewport::NARROW, "zh-CN", true)
        .await
        .unwrap();
    b.client
        .goto(&format!("{}/frame.html", framing.url))
        .await
        .unwrap();
    enter_app_frame(&b, "[data-testid=framed-notice]").await;
    let said = b.wait_text("[data-testid=framed-notice]").await.unwrap();
    assert!(said.contains("标签页"), "{said}");
    b.client.enter_parent_frame().await.unwrap();
    b.screenshot("framed").await.unwrap();
    b.close().await.unwrap();
}

/// Enter the page's first frame once the app in it shows `css`. Entered
/// before the frame has its document (a busy machine), WebDriver stays in
/// the frame's first, empty document: enter again until it is the app's.
async fn enter_app_frame(b: &Browser, css: &str) {
    for _ in 0..60 {
        if b.client.enter_frame(0).await.is_ok() {
            let found = b.texts(css).await.is_ok_and(|v| !v.is_empty());
            if found {
                return;
            }
            let _ = b.client.enter_parent_frame().await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the framed app never showed {css}");
}
