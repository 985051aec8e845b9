//! The deployment recipe, run for real: Debian's nginx with
//! `deploy/nginx.conf.template` in front of a registry with htpasswd auth,
//! same origin. Run by `cargo xtask test`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape::i18n::{Explain, Lang};
use shipshape::registry::error::RegistryError;
use shipshape_harness::browser::Browser;
use shipshape_harness::nginx::Nginx;
use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{layer, ImageSpec, Pusher};
use shipshape_harness::stack::{dist_dir, dist_ui_dir};

/// Stopping nginx stops its workers too (a killed master leaves them
/// running, holding the port, long after the test).
#[test]
#[ignore = "needs the built app, docker-registry and nginx: cargo xtask test"]
fn nginx_stops_with_its_workers() {
    use shipshape_harness::process::{alive, children_of};
    let registry = Registry::start(RegistryOptions::default()).unwrap();
    let nginx = Nginx::start(&dist_dir(), &dist_ui_dir(), &registry.url).unwrap();
    let workers = children_of(nginx.pid());
    assert!(!workers.is_empty(), "nginx runs workers");
    let port: u16 = nginx.url.rsplit(':').next().unwrap().parse().unwrap();
    drop(nginx);
    for w in &workers {
        assert!(!alive(*w), "worker {w} outlived its master");
    }
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "nothing listens on nginx's port any more"
    );
}

async fn sign_in(b: &Browser, remember: bool) {
    b.wait_text("[data-testid=sign-in]").await.unwrap();
    b.type_into("[data-testid=sign-in-user]", "admin")
        .await
        .unwrap();
    b.type_into("[data-testid=sign-in-password]", "s3cret")
        .await
        .unwrap();
    if remember {
        b.click("[data-testid=sign-in-remember]").await.unwrap();
    }
    b.click("[data-testid=sign-in-submit]").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, nginx and Chromium: cargo xtask test"]
async fn behind_nginx_with_htpasswd_sign_in_browse_delete_and_sign_out() {
    let registry = Registry::start(RegistryOptions {
        basic_auth: Some(("admin".into(), "s3cret".into())),
        cors_origin: None,
        ..RegistryOptions::default()
    })
    .unwrap();
    let pusher = Pusher::new(&registry.url).with_basic_auth("admin", "s3cret");
    let spec = |n: &str| ImageSpec::new(true, "amd64", None, vec![layer(&[("app", n.as_bytes())])]);
    pusher.image("team/app", &["v1"], &spec("1")).unwrap();
    pusher.image("team/app", &["v2"], &spec("2")).unwrap();
    let nginx = Nginx::start(&dist_dir(), &dist_ui_dir(), &registry.url).unwrap();
    let mut b = Browser::start("deploy-nginx").await.unwrap();

    // The recipe's hardening headers, on the app and on app routes.
    for path in ["/", "/repo/team/app", "/ui/"] {
        let headers =
            shipshape_harness::nginx::headers_of(&format!("{}{path}", nginx.url)).unwrap();
        let get = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert!(
            get("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}: {headers:?}"
        );
        assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(get("x-frame-options"), "DENY", "{path}");
        assert_eq!(get("referrer-policy"), "no-referrer", "{path}");
    }

    // No config at all: the app talks to its own origin, nginx passes /v2/.
    b.visit(&format!("{}/", nginx.url)).await.unwrap();
    let asked = b.wait_text("[data-testid=error]").await.unwrap();
    let asks_sign_in = RegistryError::Unauthorized { challenges: vec![] }
        .explain(Lang::En)
        .title;
    assert!(asked.contains(&asks_sign_in), "{asked}");
    b.screenshot("sign-in").await.unwrap();
    // A wrong password is refused and said so.
    b.type_into("[data-testid=sign-in-user]", "admin")
        .await
        .unwrap();
    b.type_into("[data-testid=sign-in-password]", "wrong")
        .await
        .unwrap();
    b.click("[data-testid=sign-in-submit]").await.unwrap();
    b.wait_text("[data-testid=sign-in-rejected]").await.unwrap();
    b.clear("[data-testid=sign-in-user]").await.unwrap();
    sign_in(&b, true).await;
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    assert_eq!(
        b.wait_text("[data-testid=signed-in]").await.unwrap(),
        "admin"
    );
    b.screenshot("signed-in").await.unwrap();

    // Remembered for the tab: a new page load stays signed in.
    b.visit(&format!("{}/repo/team/app", nginx.url))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 15)
        .await;
    b.click("[data-tag='v1'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "deleted", 15)
        .await;
    assert_eq!(pusher.tags("team/app").unwrap(), vec!["v2"]);
    b.click("[data-testid=close-result]").await.unwrap();

    // Signing out forgets the credentials, also for new page loads.
    b.click("[data-testid=sign-out]").await.unwrap();
    b.wait_text("[data-testid=sign-in]").await.unwrap();
    b.visit(&format!("{}/", nginx.url)).await.unwrap();
    b.wait_text("[data-testid=sign-in]").await.unwrap();
    assert!(b.texts("[data-testid=signed-in]").await.unwrap().is_empty());

    // The sub-path build under /ui/, signed in for this page only.
    b.visit(&format!("{}/ui/", nginx.url)).await.unwrap();
    sign_in(&b, false).await;
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    b.click("[data-repo='team/app'] a").await.unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-total", "1", 15)
        .await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.path().starts_with("/ui/repo/team/app"), "{url}");
    b.screenshot("sub-path").await.unwrap();
    b.close().await.unwrap();
}

/// The switcher: registries from config.json (not removable) and one added
/// in the browser, each with what `GET /v2/` says; switch, remove.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn several_registries_show_their_status_and_can_be_added_switched_and_removed() {
    use shipshape_harness::stack::{Stack, StackOptions};
    let locked = Registry::start(RegistryOptions {
        basic_auth: Some(("admin".into(), "s3cret".into())),
        ..RegistryOptions::default()
    })
    .unwrap();
    let stack = Stack::start(StackOptions {
        seed: Some(shipshape_harness::seed::SeedOptions {
            many_tags: 0,
            extra_repos: 0,
        }),
        config_json: Some(format!(
            r#"{{"registries":[{{"name":"demo","url":"{{registry}}"}},{{"name":"locked","url":"{}"}}],"default":"demo"}}"#,
            locked.url
        )),
        ..StackOptions::default()
    })
    .unwrap();
    let closed = format!("http://127.0.0.1:{}", shipshape_harness::closed_port());
    let mut b = Browser::start("registries").await.unwrap();
    b.visit(&stack.page("/registries")).await.unwrap();
    b.wait_for_attr(
        "[data-name=demo] [data-testid=registry-status] span",
        "data-kind",
        "ok",
        15,
    )
    .await;
    b.wait_for_attr(
        "[data-name=locked] [data-testid=registry-status] span",
        "data-kind",
        "unauthorized",
        15,
    )
    .await;
    let locked_status = b
        .wait_text("[data-name=locked] [data-testid=registry-status]")
        .await
        .unwrap();
    assert_eq!(locked_status, "Asks for sign-in (Basic)");
    assert!(b
        .texts("[data-testid=remove-registry]")
        .await
        .unwrap()
        .is_empty());
    b.screenshot("list").await.unwrap();

    // Add one that does not answer: the app switches to it and says so.
    b.type_into("[data-testid=add-registry-name]", "gone")
        .await
        .unwrap();
    b.type_into("[data-testid=add-registry-url]", &closed)
        .await
        .unwrap();
    b.click("[data-testid=add-registry-submit]").await.unwrap();
    b.wait_for_attr("[data-testid=error]", "data-kind", "unreachable", 20)
        .await;
    b.wait_for_text("[data-testid=registry] .registry-name", 10, |t| t == "gone")
        .await;

    // Back to demo, from the list.
    b.click("[data-testid=registry]").await.unwrap();
    b.wait_for_attr(
        "[data-name=gone] [data-testid=registry-status] span",
        "data-kind",
        "unreachable",
        20,
    )
    .await;
    b.click("[data-name=demo] [data-testid=use-registry]")
        .await
        .unwrap();
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    assert_eq!(
        b.wait_text("[data-testid=registry] .registry-name")
            .await
            .unwrap(),
        "demo"
    );

    // Remove the added one; the config ones stay.
    b.visit(&stack.page("/registries")).await.unwrap();
    b.click("[data-name=gone] [data-testid=remove-registry]")
        .await
        .unwrap();
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    b.visit(&stack.page("/registries")).await.unwrap();
    b.wait_text("[data-name=demo]").await.unwrap();
    let names = b
        .attr_all("[data-testid=registry-row]", "data-name")
        .await
        .unwrap();
    assert_eq!(
        names,
        vec![Some("demo".to_string()), Some("locked".to_string())]
    );
    b.close().await.unwrap();
}

/// A registry with distribution's `auth.token` behind the nginx recipe, and
/// a token server of ours on another origin (CORS): anonymous reading with
/// pull tokens, a delete refused until the user signs in, then run again
/// with a `delete` token. Tokens are cached per scope and shared by
/// concurrent requests; the password goes only to the token server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, nginx, openssl and Chromium: cargo xtask test"]
async fn behind_nginx_with_a_token_server_reads_anonymously_and_signs_in_to_delete() {
    use shipshape_harness::token::TokenServer;
    let tokens = TokenServer::start(&[("admin", "s3cret")]).unwrap();
    let registry = Registry::start(RegistryOptions {
        token_auth: Some(tokens.auth.clone()),
        cors_origin: None,
        ..RegistryOptions::default()
    })
    .unwrap();
    let all: &[&str] = &["pull", "push", "delete"];
    let admin = tokens
        .mint("admin", &[("repository", "team/app", all)])
        .unwrap();
    let pusher = Pusher::new(&registry.url).with_bearer(&admin);
    let spec = |n: &str| ImageSpec::new(true, "amd64", None, vec![layer(&[("app", n.as_bytes())])]);
    pusher.image("team/app", &["v1"], &spec("1")).unwrap();
    pusher.image("team/app", &["v2"], &spec("2")).unwrap();
    // Without a token the registry refuses and names the realm.
    assert!(Pusher::new(&registry.url).tags("team/app").is_err());
    let nginx = Nginx::start(&dist_dir(), &dist_ui_dir(), &registry.url).unwrap();
    let mut b = Browser::start("deploy-token").await.unwrap();

    // Anonymous reading: the catalog with an anonymous catalog token.
    b.visit(&format!("{}/", nginx.url)).await.unwrap();
    b.wait_for_text("[data-testid=repo-count]", 15, |t| !t.is_empty())
        .await;
    let asked = tokens.requests();
    assert!(
        asked.iter().all(|r| r.user.is_none() && r.status == 200),
        "{asked:?}"
    );
    assert!(
        asked
            .iter()
            .any(|r| r.scopes == vec!["registry:catalog:*".to_string()]),
        "{asked:?}"
    );

    // The tag list: dozens of requests at once share one pull token
    // (tokens live in the page's memory: a new page load asks again).
    let before = tokens.requests().len();
    b.visit(&format!("{}/repo/team/app", nginx.url))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 15)
        .await;
    let pull_tokens = tokens.requests()[before..]
        .iter()
        .filter(|r| r.scopes == vec!["repository:team/app:pull".to_string()])
        .count();
    assert_eq!(pull_tokens, 1, "{:?}", tokens.requests());

    // Deleting needs a `delete` token, which anonymous callers do not get:
    // the result asks to sign in and names the token server.
    b.click("[data-tag='v1'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "failed", 15)
        .await;
    let realm = b.wait_text("[data-testid=token-auth]").await.unwrap();
    assert!(realm.contains(&tokens.auth.realm), "{realm}");
    b.screenshot("token-sign-in-to-delete").await.unwrap();
    assert_eq!(pusher.tags("team/app").unwrap(), vec!["v1", "v2"]);

    // Signing in runs the confirmed delete again, with the user's token.
    sign_in(&b, false).await;
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "deleted", 15)
        .await;
    assert_eq!(pusher.tags("team/app").unwrap(), vec!["v2"]);
    let asked = tokens.requests();
    assert!(
        asked.iter().any(|r| r.user.as_deref() == Some("admin")
            && r.status == 200
            && r.scopes == vec!["repository:team/app:delete".to_string()]),
        "{asked:?}"
    );
    b.screenshot("token-deleted").await.unwrap();
    b.close().await.unwrap();
}
