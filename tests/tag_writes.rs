//! Tag writes through the page against a real registry: a tag added, a
//! multi-arch image copied to another repository with every mount answered
//! by an upload session (pulled completely by skopeo afterwards), a move
//! that another client (skopeo) beats, a refused push, and a read-only
//! registry with no write action. Every outcome is checked through the
//! registry API. Run by `cargo xtask test`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::faults::{Fault, FaultProxy, Rule};
use shipshape_harness::seed::Pusher;
use shipshape_harness::skopeo;
use shipshape_harness::stack::Stack;
use shipshape_harness::steps::{configured_stack, many_tags, seeded_stack};

/// `path` on the app, talking to the registry at `registry`.
fn via(stack: &Stack, registry: &str, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    stack.page(&format!("{path}{sep}registry={registry}"))
}

/// Open the write dialog on the image page at `url`, name `repo:tag` and
/// check; the plan's kind.
async fn check_write(b: &mut Browser, url: &str, repo: Option<&str>, tag: &str) -> String {
    b.visit(url).await.unwrap();
    b.wait_text("[data-testid=image-digest]").await.unwrap();
    b.click("[data-testid=tag-write-button]").await.unwrap();
    b.wait_text("[data-testid=tag-write-dialog]").await.unwrap();
    if let Some(repo) = repo {
        b.clear("[data-testid=write-repo]").await.unwrap();
        b.type_into("[data-testid=write-repo]", repo).await.unwrap();
    }
    b.type_into("[data-testid=write-tag]", tag).await.unwrap();
    b.click("[data-testid=write-check]").await.unwrap();
    b.wait_text("[data-testid=write-plan]").await.unwrap();
    b.attr("[data-testid=write-plan]", "data-kind")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_tag_added_and_a_multi_arch_copy_keep_their_digest_and_pull_completely() {
    let stack = seeded_stack(many_tags(0));
    let pusher = Pusher::new(&stack.registry.url);
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    // Every mount is answered with an upload session (202): the page
    // uploads each blob from the source instead.
    proxy.set_rules(vec![Rule::new(Some("POST"), "mount=", Fault::NoMount)]);
    let mut b = Browser::start("tag-writes").await.unwrap();

    // A tag added in the same repository.
    let nginx = pusher.digest_of("library/nginx", "1.27").unwrap();
    let kind = check_write(
        &mut b,
        &via(&stack, &proxy.url, "/image/library/nginx:1.27"),
        None,
        "promoted",
    )
    .await;
    assert_eq!(kind, "add");
    b.screenshot("add-tag-plan").await.unwrap();
    b.click("[data-testid=write-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=write-result]", "data-state", "written", 30)
        .await;
    assert_eq!(
        pusher.digest_of("library/nginx", "promoted").as_deref(),
        Some(nginx.as_str())
    );
    assert_eq!(
        pusher.digest_of("library/nginx", "1.27").as_deref(),
        Some(nginx.as_str())
    );

    // A multi-arch index (three platforms and an attestation) copied to
    // another repository.
    let tool = pusher.digest_of("multiarch/tool", "v1").unwrap();
    let kind = check_write(
        &mut b,
        &via(&stack, &proxy.url, "/image/multiarch/tool:v1"),
        Some("prod/tool"),
        "1.0",
    )
    .await;
    assert_eq!(kind, "copy");
    let said = b.wait_text("[data-testid=write-copy]").await.unwrap();
    assert!(said.contains("4 platform manifests"), "{said}");
    b.screenshot("copy-plan").await.unwrap();
    b.click("[data-testid=write-confirm]").await.unwrap();
    let said = b.wait_text("[data-testid=write-result]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=write-result]", "data-state")
            .await
            .unwrap()
            .as_deref(),
        Some("written"),
        "{said}"
    );
    let counts = b.wait_text("[data-testid=write-counts]").await.unwrap();
    assert!(
        counts.contains("0 mounted"),
        "every mount was refused: {counts}"
    );
    assert!(!counts.contains(" 0 uploaded"), "{counts}");
    b.screenshot("copy-written").await.unwrap();
    assert_eq!(
        pusher.digest_of("prod/tool", "1.0").as_deref(),
        Some(tool.as_str())
    );
    skopeo::pulls_completely(&stack.registry.url, "prod/tool:1.0")
        .expect("every platform of the copy pulls");
    assert!(
        proxy
            .log()
            .iter()
            .any(|l| l.starts_with("PATCH ")
                || l.starts_with("PUT ") && l.contains("/blobs/uploads/")),
        "blobs were uploaded: {:?}",
        proxy.log()
    );

    // An image with a cosign signature under a tag, copied with it.
    let signed = pusher.digest_of("signed/app", "1.0").unwrap();
    let sig_tag = format!("{}.sig", signed.replace(':', "-"));
    let sig = pusher.digest_of("signed/app", &sig_tag).unwrap();
    let kind = check_write(
        &mut b,
        &via(&stack, &proxy.url, "/image/signed/app:1.0"),
        Some("prod/signed"),
        "1.0",
    )
    .await;
    assert_eq!(kind, "copy");
    let offered = b
        .wait_text("[data-testid=write-attachments]")
        .await
        .unwrap();
    assert!(offered.contains("1 attachment"), "{offered}");
    b.click("[data-testid=write-confirm]").await.unwrap();
    b.wait_text("[data-testid=write-attachment-results]")
        .await
        .unwrap();
    assert_eq!(
        b.attr_all("[data-testid=write-attachment]", "data-state")
            .await
            .unwrap(),
        vec![Some("written".into())]
    );
    b.screenshot("copy-with-signature").await.unwrap();
    assert_eq!(
        pusher.digest_of("prod/signed", "1.0").as_deref(),
        Some(signed.as_str())
    );
    assert_eq!(
        pusher.digest_of("prod/signed", &sig_tag).as_deref(),
        Some(sig.as_str())
    );

    // /runs lists every write.
    b.visit(&via(&stack, &proxy.url, "/runs")).await.unwrap();
    b.wait_text("[data-testid=tag-writes]").await.unwrap();
    let states = b
        .attr_all("[data-testid=tag-write]", "data-state")
        .await
        .unwrap();
    assert_eq!(
        states,
        vec![Some("written".into()); 4],
        "two tags, a copy and its signature"
    );
    b.screenshot("runs-list-writes").await.unwrap();
    b.close().await.unwrap();
}

/// `prod` points at 1.25; the user asks to move it onto 1.27 and, between
/// the check and the click, another client moves `prod` to 3.20's image.
/// Nothing is written; the dialog says what happened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_move_that_another_client_beats_writes_nothing() {
    let stack = seeded_stack(many_tags(0));
    let url = stack.registry.url.clone();
    let pusher = Pusher::new(&url);
    skopeo::retag(&url, "library/nginx:1.25", "library/nginx:prod").unwrap();
    skopeo::retag(&url, "library/nginx:1.25", "library/nginx:rollback").unwrap();
    let old = pusher.digest_of("library/nginx", "prod").unwrap();
    for (name, viewport, lang, dark) in [
        ("tag-writes-move", Viewport::DESKTOP, "en", false),
        ("tag-writes-move-zh", Viewport::PHONE, "zh-CN", true),
    ] {
        let mut b = Browser::start_with(name, viewport, lang, dark)
            .await
            .unwrap();
        let kind = check_write(
            &mut b,
            &stack.page("/image/library/nginx:1.27"),
            None,
            "prod",
        )
        .await;
        assert_eq!(kind, "move");
        let said = b.wait_text("[data-testid=write-move]").await.unwrap();
        assert!(said.contains(&old), "names what prod points at now: {said}");
        assert!(
            said.contains("rollback"),
            "names the old image's other tags: {said}"
        );
        // A move is typed to confirm.
        assert_eq!(
            b.attr("[data-testid=write-confirm]", "disabled")
                .await
                .unwrap()
                .as_deref(),
            Some("true")
        );
        b.type_into("[data-testid=write-type-tag]", "prod")
            .await
            .unwrap();
        b.screenshot("move-plan").await.unwrap();
        b.close().await.unwrap();
    }

    let mut b = Browser::start("tag-writes-move-raced").await.unwrap();
    check_write(
        &mut b,
        &stack.page("/image/library/nginx:1.27"),
        None,
        "prod",
    )
    .await;
    b.type_into("[data-testid=write-type-tag]", "prod")
        .await
        .unwrap();
    // Behind the page's back.
    skopeo::retag(&url, "alpine:3.20", "library/nginx:prod").unwrap();
    let moved = pusher.digest_of("library/nginx", "prod").unwrap();
    assert_ne!(moved, old);
    b.click("[data-testid=write-confirm]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=write-result]",
        "data-state",
        "not-written",
        30,
    )
    .await;
    assert_eq!(
        b.attr("[data-testid=write-error]", "data-kind")
            .await
            .unwrap()
            .as_deref(),
        Some("moved")
    );
    b.screenshot("move-stopped").await.unwrap();
    assert_eq!(
        pusher.digest_of("library/nginx", "prod").as_deref(),
        Some(moved.as_str())
    );
    b.close().await.unwrap();
}

/// A registry that refuses the push (403 `DENIED` on the manifest PUT):
/// nothing written, and the dialog says which right is missing. A
/// read-only registry offers no write action at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_refused_push_is_explained_and_a_read_only_registry_offers_no_write() {
    let stack = seeded_stack(many_tags(0));
    let pusher = Pusher::new(&stack.registry.url);
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    proxy.set_rules(vec![Rule::new(
        Some("PUT"),
        "/manifests/",
        Fault::Refuse {
            status: 403,
            code: "DENIED",
        },
    )]);
    let mut b = Browser::start("tag-writes-denied").await.unwrap();
    check_write(
        &mut b,
        &via(&stack, &proxy.url, "/image/alpine:3.20"),
        None,
        "copy-me",
    )
    .await;
    b.click("[data-testid=write-confirm]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=write-result]",
        "data-state",
        "not-written",
        30,
    )
    .await;
    let said = b.wait_text("[data-testid=write-error]").await.unwrap();
    assert!(said.contains("push rights"), "{said}");
    b.screenshot("push-refused").await.unwrap();
    assert_eq!(pusher.digest_of("alpine", "copy-me"), None);
    b.close().await.unwrap();

    // Read-only: no write action on the image page.
    let ro = stack_read_only();
    let mut b = Browser::start("tag-writes-read-only").await.unwrap();
    b.visit(&ro.page("/image/alpine:3.20")).await.unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    assert!(b
        .texts("[data-testid=tag-write-button]")
        .await
        .unwrap()
        .is_empty());
    assert!(b
        .texts("[data-testid=delete-button]")
        .await
        .unwrap()
        .is_empty());
    b.close().await.unwrap();
}

fn stack_read_only() -> Stack {
    configured_stack(
        many_tags(0),
        Some(r#"{"registries":[{"name":"prod","url":"{registry}","read_only":true}]}"#),
    )
}

/// A 20 MB layer copied cross-origin where the registry does not mount:
/// the page reads it with `Range` and uploads it in `PATCH` chunks through
/// CORS, and the copy pulls completely.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_big_layer_is_uploaded_in_chunks_where_the_registry_does_not_mount() {
    use shipshape_harness::seed::{layer, ImageSpec};
    let stack = seeded_stack(many_tags(0));
    let pusher = Pusher::new(&stack.registry.url);
    // Bytes gzip cannot shrink: a simple generator's output.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let noise: Vec<u8> = (0..20_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let spec = ImageSpec::new(true, "amd64", None, vec![layer(&[("big.bin", &noise)])]);
    let digest = pusher.image("big/app", &["1.0"], &spec).unwrap().digest;
    let proxy = FaultProxy::start(&stack.registry.url).unwrap();
    proxy.set_rules(vec![Rule::new(Some("POST"), "mount=", Fault::NoMount)]);
    let mut b = Browser::start("tag-writes-big").await.unwrap();
    let kind = check_write(
        &mut b,
        &via(&stack, &proxy.url, "/image/big/app:1.0"),
        Some("prod/big"),
        "1.0",
    )
    .await;
    assert_eq!(kind, "copy");
    b.click("[data-testid=write-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=write-result]", "data-state", "written", 120)
        .await;
    let patches = proxy
        .log()
        .iter()
        .filter(|l| l.starts_with("PATCH "))
        .count();
    assert_eq!(patches, 3, "20 MB in chunks of 8 MiB: {:?}", proxy.log());
    assert_eq!(
        pusher.digest_of("prod/big", "1.0").as_deref(),
        Some(digest.as_str())
    );
    skopeo::pulls_completely(&stack.registry.url, "prod/big:1.0").expect("the copy pulls");
    b.close().await.unwrap();
}
