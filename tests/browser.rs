//! Browser tests: the built app in headless Chromium against a real
//! registry. Run by `cargo xtask test` (which builds the app first);
//! ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::free_port;
use shipshape_harness::registry::RegistryOptions;
use shipshape_harness::seed::SeedOptions;
use shipshape_harness::stack::{Stack, StackOptions};

fn demo_stack(seed: SeedOptions) -> Stack {
    Stack::start(StackOptions {
        seed: Some(seed),
        ..StackOptions::default()
    })
    .expect("start registry and app")
}

/// All texts matching `css`, read in one script call (fast for long lists).
async fn all_texts(b: &Browser, css: &str) -> Vec<String> {
    let script =
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);";
    let v = b
        .client
        .execute(script, vec![css.into()])
        .await
        .expect("script");
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, a registry and Chromium: run `cargo xtask test`"]
async fn catalog_shows_every_seeded_repository() {
    let stack = demo_stack(SeedOptions {
        many_tags: 12,
        extra_repos: 3,
    });
    let mut b = Browser::start("catalog").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_text("[data-testid=repo-list]").await.unwrap();
    let shown = all_texts(&b, "[data-testid=repo-name]").await;
    let expected: Vec<String> = stack.seeded.repositories.iter().cloned().collect();
    assert_eq!(
        shown, expected,
        "the catalog must list exactly the seeded repositories"
    );
    assert!(shown.contains(&"team/app/api".to_string()));
    assert!(shown.contains(&"emptied/repo".to_string()));
    let count = b.wait_text("[data-testid=repo-count]").await.unwrap();
    assert_eq!(count, format!("{} repositories", expected.len()));
    b.screenshot("all").await.unwrap();

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
    let stack = demo_stack(SeedOptions {
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
    let stack = demo_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 0,
    });
    let closed = free_port();
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
    assert!(text.contains("Cannot reach the registry"), "{text}");
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
    assert!(again.contains("Cannot reach the registry"));
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
    assert!(text.contains("config.json is not valid"), "{text}");
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
    assert!(text.contains("Sign-in required"), "{text}");
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
    let stack = demo_stack(SeedOptions {
        many_tags: 0,
        extra_repos: 1100,
    });
    assert!(stack.seeded.repositories.len() > 1100);
    let mut b = Browser::start("catalog-1100").await.unwrap();
    b.visit(&stack.page("/")).await.unwrap();
    b.wait_text("[data-testid=repo-list]").await.unwrap();
    let shown = all_texts(&b, "[data-testid=repo-name]").await;
    let expected: Vec<String> = stack.seeded.repositories.iter().cloned().collect();
    assert_eq!(shown.len(), expected.len());
    assert_eq!(shown, expected);
    b.screenshot("all").await.unwrap();
    b.close().await.unwrap();
}
