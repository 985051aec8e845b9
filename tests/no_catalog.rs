//! Browser tests of registries that are not plain distribution 2.8 as the
//! harness runs it: a `_catalog` refused with 401, 403, 404 or 405 (GitLab,
//! GHCR, Harbor for non-admins, Docker Hub) through the fault proxy, and how
//! many manifest requests of each method a first visit sends under each
//! `manifest_reads` setting.
//! Run by `cargo xtask test`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape::i18n::text;
use shipshape_harness::browser::Browser;
use shipshape_harness::faults::{Fault, FaultProxy, Rule};
use shipshape_harness::free_port;
use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{seed, SeedOptions};
use shipshape_harness::serve::StaticServer;
use shipshape_harness::stack::dist_dir;
use shipshape_harness::steps::dry_run;

/// A seeded registry, `proxies` fault proxies in front of it, and the
/// built app on its own origin (the one the registry's CORS allows) with
/// the `config.json` that `config` writes for the proxies.
struct Setup {
    _registry: Registry,
    proxies: Vec<FaultProxy>,
    app: StaticServer,
}

fn setup(many_tags: usize, proxies: usize, config: impl Fn(&[FaultProxy]) -> String) -> Setup {
    let port = free_port();
    let registry = Registry::start(RegistryOptions {
        cors_origin: Some(format!("http://127.0.0.1:{port}")),
        ..RegistryOptions::default()
    })
    .expect("start the registry");
    seed(
        &registry.url,
        &SeedOptions {
            many_tags,
            extra_repos: 0,
        },
    )
    .expect("seed");
    let proxies: Vec<FaultProxy> = (0..proxies)
        .map(|_| FaultProxy::start(&registry.url).unwrap())
        .collect();
    let app =
        StaticServer::start(&dist_dir(), port, Some(config(&proxies))).expect("serve the app");
    Setup {
        _registry: registry,
        proxies,
        app,
    }
}

async fn rows(b: &Browser, css: &str) -> Vec<String> {
    b.attr_all(css, "data-repo")
        .await
        .unwrap()
        .into_iter()
        .flatten()
        .collect()
}

/// Wait until the rows matching `css` are exactly `want`.
async fn wait_rows(b: &Browser, css: &str, want: &[&str]) {
    let mut last = Vec::new();
    for _ in 0..100 {
        last = rows(b, css).await;
        if last == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css}: {last:?}, want {want:?}");
}

/// Wait until the tag table has every tag's details; on failure, a
/// screenshot and what the page says.
async fn wait_details(b: &mut Browser, tags: usize) {
    let want = format!("{tags}/{tags}");
    for _ in 0..300 {
        if b.attr("[data-testid=tag-count]", "data-details")
            .await
            .ok()
            .flatten()
            .as_deref()
            == Some(want.as_str())
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.screenshot("details-never-loaded").await.ok();
    let url = b.client.current_url().await.map(|u| u.to_string());
    let body = b.texts("main").await.unwrap_or_default().join(" | ");
    panic!("details never {want} at {url:?}: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn other_registries_without_a_catalog_open_by_name_remember_and_clean_up() {
    let setup = setup(6, 1, |p| {
        format!(
            r#"{{"registries":[{{"name":"no-catalog","url":"{}","repositories":["alpine","team/*"]}}]}}"#,
            p[0].url
        )
    });
    let (proxy, app) = (&setup.proxies[0], &setup.app);
    let home = format!("{}/", app.url);
    let mut b = Browser::start("no-catalog").await.unwrap();

    // Each refusal is explained as such, with the configured list (the
    // pattern shown as entered) and "open by name".
    for (status, code, kind, why) in [
        (
            401,
            "UNAUTHORIZED",
            "unauthorized",
            // Nobody signed in yet: signing in comes first.
            text::CATALOG_NEEDS_SIGN_IN_WHY,
        ),
        (403, "DENIED", "denied", text::CATALOG_DENIED),
        (404, "NAME_UNKNOWN", "not-found", text::CATALOG_NOT_FOUND),
        (405, "UNSUPPORTED", "unsupported", text::CATALOG_UNSUPPORTED),
    ] {
        proxy.set_rules(vec![Rule::new(
            Some("GET"),
            "/v2/_catalog",
            Fault::Refuse { status, code },
        )]);
        b.visit(&home).await.unwrap();
        b.wait_for_attr("[data-testid=no-catalog]", "data-kind", kind, 30)
            .await;
        assert_eq!(
            b.wait_text("[data-testid=no-catalog-why]").await.unwrap(),
            why.en
        );
        assert_eq!(
            rows(&b, "[data-testid=known-row]").await,
            vec!["alpine", "team/*"]
        );
        assert_eq!(
            b.texts("[data-testid=known-pattern]").await.unwrap(),
            vec!["team/*"],
            "a pattern cannot be resolved without the catalog"
        );
        assert!(b.texts("[data-testid=open-by-name]").await.is_ok());
        if status == 401 {
            // As for any 401: the sign-in panel (the whole registry may be
            // locked), then what works without the list.
            assert_eq!(
                b.attr("[data-testid=error]", "data-kind")
                    .await
                    .unwrap()
                    .as_deref(),
                Some("unauthorized")
            );
            b.wait_text("[data-testid=sign-in]").await.unwrap();
        } else {
            assert!(
                b.texts("[data-testid=error]").await.unwrap().is_empty(),
                "not shown as a failure"
            );
        }
        b.screenshot(&format!("catalog-{status}")).await.unwrap();
    }
    // The same in Chinese.
    b.click("[data-testid=lang-switch]").await.unwrap();
    b.wait_for_text("[data-testid=no-catalog-why]", 10, |t| {
        t == text::CATALOG_UNSUPPORTED.zh
    })
    .await;
    b.screenshot("catalog-405-zh").await.unwrap();
    b.click("[data-testid=lang-switch]").await.unwrap();
    b.wait_for_text("[data-testid=no-catalog-why]", 10, |t| {
        t == text::CATALOG_UNSUPPORTED.en
    })
    .await;
    assert!(proxy
        .log()
        .iter()
        .any(|l| l.starts_with("GET ") && l.contains("/v2/_catalog")));

    // An invalid name is refused in the page, nothing sent for it.
    b.type_into("[data-testid=open-name]", "Not A/Name")
        .await
        .unwrap();
    b.click("[data-testid=open-submit]").await.unwrap();
    b.wait_text("[data-testid=open-problem]").await.unwrap();
    b.screenshot("open-invalid").await.unwrap();
    assert!(!proxy.log().iter().any(|l| l.contains("Not")));

    // A valid name opens the repository page and is remembered.
    b.clear("[data-testid=open-name]").await.unwrap();
    b.type_into("[data-testid=open-name]", "many/tags")
        .await
        .unwrap();
    b.click("[data-testid=open-submit]").await.unwrap();
    wait_details(&mut b, 6).await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/repo/many/tags");
    b.screenshot("opened-by-name").await.unwrap();
    for name in ["team/app/api", "team/app/web"] {
        b.visit(&home).await.unwrap();
        b.wait_text("[data-testid=open-by-name]").await.unwrap();
        b.type_into("[data-testid=open-name]", name).await.unwrap();
        b.click("[data-testid=open-submit]").await.unwrap();
        b.wait_text("[data-testid=tag-count]").await.unwrap();
    }
    // Back on the list (a reload: kept in localStorage), newest first
    // after the configured ones, each forgettable.
    b.visit(&home).await.unwrap();
    wait_rows(
        &b,
        "[data-testid=known-row]",
        &[
            "alpine",
            "team/*",
            "team/app/web",
            "team/app/api",
            "many/tags",
        ],
    )
    .await;
    assert_eq!(b.texts("[data-testid=forget]").await.unwrap().len(), 3);
    b.screenshot("remembered").await.unwrap();
    b.click("[data-testid=known-row][data-repo='many/tags'] [data-testid=forget]")
        .await
        .unwrap();
    wait_rows(
        &b,
        "[data-testid=known-row]",
        &["alpine", "team/*", "team/app/web", "team/app/api"],
    )
    .await;
    b.visit(&home).await.unwrap();
    wait_rows(
        &b,
        "[data-testid=known-row]",
        &["alpine", "team/*", "team/app/web", "team/app/api"],
    )
    .await;

    // Clean-up patterns match over the known list.
    b.visit(&format!("{}/clean-up?repos=team/*", app.url))
        .await
        .unwrap();
    dry_run(&b, 1, None).await;
    assert_eq!(
        rows(&b, "[data-testid=plan-repo]").await,
        vec!["team/app/api", "team/app/web"]
    );
    b.screenshot("clean-up-over-known").await.unwrap();

    // Where the catalog works, config.json's list narrows it, globs
    // resolved.
    proxy.set_rules(vec![]);
    b.visit(&home).await.unwrap();
    b.wait_for_attr("[data-testid=repo-list]", "data-complete", "true", 30)
        .await;
    wait_rows(
        &b,
        "[data-testid=repo-row]",
        &["alpine", "team/app/api", "team/app/web"],
    )
    .await;
    b.screenshot("catalog-narrowed").await.unwrap();
    b.close().await.unwrap();
}

/// Manifest requests of a first visit to `many/tags`, per kind.
#[derive(Debug, PartialEq, Eq)]
struct Reads {
    heads: usize,
    gets_by_tag: usize,
    gets_by_digest: usize,
}

async fn first_visit(app: &StaticServer, proxy: &FaultProxy, label: &str, tags: usize) -> Reads {
    let mut b = Browser::start(label).await.unwrap();
    let seen = proxy.log().len();
    b.visit(&format!(
        "{}/repo/many/tags?registry={}",
        app.url, proxy.url
    ))
    .await
    .unwrap();
    wait_details(&mut b, tags).await;
    b.screenshot("details").await.unwrap();
    b.close().await.unwrap();
    let log: Vec<String> = proxy.log()[seen..]
        .iter()
        .filter(|l| l.contains("/many/tags/manifests/"))
        .cloned()
        .collect();
    let count = |method: &str, by_digest: bool| {
        log.iter()
            .filter(|l| l.starts_with(method) && l.contains("sha256:") == by_digest)
            .count()
    };
    Reads {
        heads: count("HEAD ", false),
        gets_by_tag: count("GET ", false),
        gets_by_digest: count("GET ", true),
    }
}

/// Reading must not count as pulling: by default (and with
/// `"manifest_reads": "head-then-get"`) a first visit sends a HEAD per tag
/// and GETs only by digest; `"get"` is one GET by tag per tag.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn other_registries_manifest_reads_follow_the_setting() {
    const TAGS: usize = 8;
    // Three addresses of one registry: not configured, "head-then-get",
    // "get" (`?registry=` picks config.json's entry for its address).
    let setup = setup(TAGS, 3, |p| {
        format!(
            r#"{{"registries":[{{"name":"unknown","url":"{}"}},{{"name":"head","url":"{}","manifest_reads":"head-then-get"}},{{"name":"plain","url":"{}","manifest_reads":"get"}}]}}"#,
            p[0].url, p[1].url, p[2].url
        )
    });
    let app = &setup.app;
    let default = first_visit(app, &setup.proxies[0], "reads-default", TAGS).await;
    let head = first_visit(app, &setup.proxies[1], "reads-head", TAGS).await;
    let get = first_visit(app, &setup.proxies[2], "reads-get", TAGS).await;
    // The registries page says how each registry is read.
    let mut b = Browser::start("reads-registries").await.unwrap();
    b.visit(&format!("{}/registries", app.url)).await.unwrap();
    b.wait_text("[data-testid=manifest-reads]").await.unwrap();
    assert_eq!(
        b.attr_all("[data-testid=manifest-reads]", "data-reads")
            .await
            .unwrap()
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
        vec!["head-then-get", "head-then-get", "get"]
    );
    b.screenshot("registries").await.unwrap();
    b.close().await.unwrap();
    eprintln!("first visit, {TAGS} tags: default {default:?}, head-then-get {head:?}, get {get:?}");
    assert_eq!(default, head, "head-then-get is the default");
    assert_eq!(head.heads, TAGS, "one HEAD per tag");
    assert_eq!(head.gets_by_tag, 0, "never a GET by tag");
    assert!(head.gets_by_digest >= 1 && head.gets_by_digest <= TAGS);
    assert_eq!(get.gets_by_tag, TAGS, "one GET per tag");
    assert_eq!(get.heads, 0);
    assert_eq!(get.gets_by_digest, 0, "the GET by tag brings the manifest");
}
