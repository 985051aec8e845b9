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

    // Signing out forgets the credentials, also for new page loads, and
    // what was read with them that the browser kept.
    let kept = |b: &Browser| {
        let client = b.client.clone();
        async move {
            client
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     const open = indexedDB.open('shipshape');
                     open.onsuccess = () => {
                       const tx = open.result.transaction(['by-digest', 'last-digests']);
                       const a = tx.objectStore('by-digest').count();
                       const b = tx.objectStore('last-digests').count();
                       tx.oncomplete = () => done(a.result + b.result);
                     };",
                    vec![],
                )
                .await
                .unwrap()
                .as_u64()
                .unwrap_or(0)
        }
    };
    assert!(kept(&b).await > 0, "manifests and tag lists were kept");
    b.click("[data-testid=sign-out]").await.unwrap();
    b.wait_text("[data-testid=sign-in]").await.unwrap();
    assert_eq!(kept(&b).await, 0, "nothing read with the credentials stays");
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

    // The catalog reads each small repository's last push in the
    // background (with a pull token of its own): done before counting.
    b.wait_for_text(
        "[data-repo='team/app'] [data-testid=repo-pushed]",
        15,
        |t| !t.is_empty() && t != shipshape::i18n::find::text::NOT_READ.en,
    )
    .await;

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

/// `deploy/configure.sh` with only the variables given (no inherited
/// `SHIPSHAPE_*`), on `dirs`. Returns (success, stderr).
fn configure_sh(vars: &[(&str, &str)], dirs: &[&std::path::Path]) -> (bool, String) {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg(shipshape_harness::workspace_root().join("deploy/configure.sh"))
        .args(dirs)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run sh deploy/configure.sh");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder holding an index.html stamped by tools/csp (as every build is).
fn built_page(label: &str) -> std::path::PathBuf {
    let dir = shipshape_harness::temp_dir(label);
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html>\n<html>\n<head>\n    <meta charset=\"utf-8\">\n    <title>Shipshape</title>\n<script type=\"module\">import init from '/app.js'; init();</script>\n</head>\n<body></body>\n</html>\n",
    )
    .unwrap();
    shipshape_csp::stamp_dir(&dir, &["http://127.0.0.1:*".into()]).unwrap();
    dir
}

fn read(path: std::path::PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The start script (no Rust at deploy time) writes a config.json the app
/// reads as meant, and re-stamps the policy exactly as tools/csp would for
/// the same config; a value it cannot use stops it and changes nothing.
#[test]
fn configure_sh_writes_a_config_the_app_reads_and_the_policy_tools_csp_would() {
    use shipshape::config::resolve;
    // From variables.
    let shell = built_page("configure-vars");
    let (ok, err) = configure_sh(
        &[
            ("SHIPSHAPE_REGISTRY_URL", "HTTPS://Reg.Example:5000/"),
            ("SHIPSHAPE_PULL_HOST", "reg.example.com"),
            ("SHIPSHAPE_TITLE", "Acme \"prod\" \\ 镜像仓库"),
            ("SHIPSHAPE_LANGUAGE", "zh-CN"),
            ("SHIPSHAPE_THEME", "dark"),
            ("SHIPSHAPE_READ_ONLY", "true"),
            ("SHIPSHAPE_CONNECT_SRC", "https://auth.example.com"),
        ],
        &[&shell],
    );
    assert!(ok, "{err}");
    let config = read(shell.join("config.json"));
    let c = resolve(None, Some(config.as_bytes()), "https://ui.example").unwrap();
    assert_eq!(c.registry.base(), "HTTPS://Reg.Example:5000");
    assert_eq!(c.name, "reg.example:5000");
    assert_eq!(c.pull_host, "reg.example.com");
    assert!(c.read_only);
    assert_eq!(c.ui.title(), Some("Acme \"prod\" \\ 镜像仓库"));
    assert_eq!(c.ui.language(), Some(shipshape::i18n::Lang::Zh));
    assert_eq!(c.ui.theme(), Some(shipshape::theme::Theme::Dark));
    let rust = built_page("configure-vars-rust");
    std::fs::write(rust.join("config.json"), &config).unwrap();
    shipshape_csp::stamp_dir(&rust, &["https://auth.example.com".into()]).unwrap();
    assert_eq!(
        read(shell.join("index.html")),
        read(rust.join("index.html"))
    );
    assert!(read(shell.join("index.html"))
        .contains("connect-src 'self' https://reg.example:5000 https://auth.example.com;"));

    // A file of the operator's, several registries, run twice.
    let file = shipshape_harness::temp_dir("configure-file").join("mine.json");
    let mine = r#"{"registries": [
        {"name": "a", "url": "https:\/\/A.example"},
        {"name": "here", "url": "/"},
        {"name": "b", "url": "http://user@b.example:8080/v2-prefix"},
        {"name": "a-again", "url": "https://a.example/other"}
    ], "default": "b"}"#;
    std::fs::write(&file, mine).unwrap();
    let vars = [
        ("SHIPSHAPE_CONFIG", file.to_str().unwrap()),
        (
            "SHIPSHAPE_CONNECT_SRC",
            "https://auth.example.com http://127.0.0.1:*",
        ),
    ];
    assert!(configure_sh(&vars, &[&shell]).0);
    let (ok, err) = configure_sh(&vars, &[&shell]);
    assert!(ok, "{err}");
    assert_eq!(read(shell.join("config.json")).trim(), mine);
    let rust = built_page("configure-file-rust");
    std::fs::write(rust.join("config.json"), mine).unwrap();
    shipshape_csp::stamp_dir(
        &rust,
        &[
            "https://auth.example.com".into(),
            "http://127.0.0.1:*".into(),
        ],
    )
    .unwrap();
    assert_eq!(
        read(shell.join("index.html")),
        read(rust.join("index.html"))
    );

    // Values it cannot use: a message naming the variable, nothing changed.
    let before = (
        read(shell.join("index.html")),
        read(shell.join("config.json")),
    );
    for (vars, names) in [
        (vec![("SHIPSHAPE_THEME", "blue")], "SHIPSHAPE_THEME"),
        (vec![("SHIPSHAPE_LANGUAGE", "fr")], "SHIPSHAPE_LANGUAGE"),
        (
            vec![("SHIPSHAPE_READ_ONLY", "maybe")],
            "SHIPSHAPE_READ_ONLY",
        ),
        (
            vec![("SHIPSHAPE_REGISTRY_URL", "javascript:alert(1)")],
            "javascript:alert(1)",
        ),
        (
            vec![("SHIPSHAPE_REGISTRY_URL", "https://a b")],
            "no usable host",
        ),
        (vec![("SHIPSHAPE_TITLE", "two\nlines")], "SHIPSHAPE_TITLE"),
        (
            vec![
                ("SHIPSHAPE_REGISTRY_URL", "https://r.example"),
                ("SHIPSHAPE_REGISTRY_NAME", "bell\u{7}name"),
            ],
            "SHIPSHAPE_REGISTRY_NAME",
        ),
        (
            vec![("SHIPSHAPE_CONNECT_SRC", "https://a; script-src *")],
            "SHIPSHAPE_CONNECT_SRC",
        ),
        (
            vec![
                ("SHIPSHAPE_CONFIG", file.to_str().unwrap()),
                ("SHIPSHAPE_TITLE", "x"),
            ],
            "SHIPSHAPE_TITLE would be ignored",
        ),
        (
            vec![("SHIPSHAPE_CONFIG", "/nonexistent.json")],
            "/nonexistent.json",
        ),
    ] {
        let (ok, err) = configure_sh(&vars, &[&shell]);
        assert!(!ok, "{vars:?} accepted");
        assert!(err.contains(names), "{vars:?}: {err}");
        assert_eq!(
            (
                read(shell.join("index.html")),
                read(shell.join("config.json"))
            ),
            before,
            "{vars:?} changed something"
        );
    }
    let (ok, err) = configure_sh(&[], &[&shipshape_harness::temp_dir("configure-empty")]);
    assert!(!ok && err.contains("index.html"), "{err}");
    // A policy open to any host is allowed, loudly.
    for any in ["*", "https:"] {
        let (ok, err) = configure_sh(&[("SHIPSHAPE_CONNECT_SRC", any)], &[&shell]);
        assert!(ok, "{any}: {err}");
        assert!(err.contains("WARNING"), "{any}: {err}");
    }
    let (ok, err) = configure_sh(
        &[("SHIPSHAPE_CONNECT_SRC", "https://auth.example.com")],
        &[&shell],
    );
    assert!(ok && !err.contains("WARNING"), "{err}");

    // Variables gone at the next start: the config they wrote goes too;
    // an operator's own file stays.
    let (ok, _) = configure_sh(&[("SHIPSHAPE_TITLE", "Acme")], &[&shell]);
    assert!(ok);
    assert!(configure_sh(&[], &[&shell]).0);
    assert!(!shell.join("config.json").exists());
    assert!(read(shell.join("index.html")).contains("connect-src 'self';"));
    std::fs::write(shell.join("config.json"), mine).unwrap();
    assert!(configure_sh(&[], &[&shell]).0);
    assert_eq!(read(shell.join("config.json")), mine);
}

/// A copy of a built app folder, to configure without touching the build.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The container's start, without Docker: the nginx recipe serves a built
/// app, `deploy/configure.sh` runs as the image runs it (no folders, the
/// template's SHIPSHAPE_ROOT and SHIPSHAPE_SUBPATH_ROOT) with a registry on
/// another origin, a title, Chinese, the dark theme and read-only. The page
/// (at / and /ui/) reaches that registry because the policy was re-stamped,
/// and no longer reaches what the build allowed (any 127.0.0.1 port).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, nginx and Chromium: cargo xtask test"]
async fn the_container_start_script_configures_registry_title_language_theme_and_read_only() {
    let root = shipshape_harness::temp_dir("configured-site");
    let (site, site_ui) = (root.join("shipshape"), root.join("shipshape-ui"));
    copy_dir(&dist_dir(), &site);
    copy_dir(&dist_ui_dir(), &site_ui);
    let unused = format!("http://127.0.0.1:{}", shipshape_harness::closed_port());
    let nginx = Nginx::start(&site, &site_ui, &unused).unwrap();
    let registry = Registry::start(RegistryOptions {
        cors_origin: Some(nginx.url.clone()),
        ..RegistryOptions::default()
    })
    .unwrap();
    let spec = ImageSpec::new(true, "amd64", None, vec![layer(&[("app", b"1")])]);
    Pusher::new(&registry.url)
        .image("team/app", &["v1", "latest"], &spec)
        .unwrap();
    let title = "Acme <b>registry</b> 镜像";
    let (ok, err) = configure_sh(
        &[
            ("SHIPSHAPE_ROOT", site.to_str().unwrap()),
            ("SHIPSHAPE_SUBPATH_ROOT", site_ui.to_str().unwrap()),
            ("SHIPSHAPE_REGISTRY_URL", &registry.url),
            ("SHIPSHAPE_REGISTRY_NAME", "acme"),
            ("SHIPSHAPE_TITLE", title),
            ("SHIPSHAPE_LANGUAGE", "zh-CN"),
            ("SHIPSHAPE_THEME", "dark"),
            ("SHIPSHAPE_READ_ONLY", "true"),
        ],
        &[],
    );
    assert!(ok, "{err}");

    let mut b = Browser::start("configured").await.unwrap();
    for base in [nginx.url.clone(), format!("{}/ui", nginx.url)] {
        b.visit(&format!("{base}/")).await.unwrap();
        b.wait_for_text("[data-testid=repo-count]", 20, |t| !t.is_empty())
            .await;
        assert_eq!(b.texts("[data-testid=repo-row]").await.unwrap().len(), 1);
        assert_eq!(b.wait_text("[data-testid=brand]").await.unwrap(), title);
        assert_eq!(
            b.client.title().await.unwrap(),
            format!("{title} · Shipshape")
        );
        assert_eq!(
            b.wait_text("[data-testid=registry] .registry-name")
                .await
                .unwrap(),
            "acme"
        );
        assert_eq!(
            b.attr("html", "lang").await.unwrap().as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            b.attr("html", "data-theme").await.unwrap().as_deref(),
            Some("dark")
        );
    }
    b.screenshot("catalog").await.unwrap();
    b.visit(&format!("{}/repo/team/app", nginx.url))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 30)
        .await;
    for what in ["row-delete", "row-select", "select-all"] {
        assert!(
            b.texts(&format!("[data-testid={what}]"))
                .await
                .unwrap()
                .is_empty(),
            "{what} offered although SHIPSHAPE_READ_ONLY=true"
        );
    }
    b.screenshot("repository").await.unwrap();
    // The build allowed http://127.0.0.1:*; the re-stamped policy names
    // only the configured registry, so another port is refused by the
    // browser and explained, with the no-Rust fix.
    b.visit(&format!("{}/?registry={unused}", nginx.url))
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
    assert!(text.contains("configure.sh"), "{text}");
    b.screenshot("blocked").await.unwrap();
    b.close().await.unwrap();
}

/// The recipe sends the build's own brotli and gzip copies (byte for byte
/// the files the build wrote) to browsers that accept them, keeps hashed
/// files for a year and asks again for index.html, and adds no caching
/// header to the registry's answers.
#[test]
#[ignore = "needs the built app, docker-registry and nginx: cargo xtask test"]
fn nginx_sends_the_builds_compressed_copies_and_caches_only_hashed_files() {
    use shipshape_harness::nginx::get_raw;
    let registry = Registry::start(RegistryOptions::default()).unwrap();
    let nginx = Nginx::start(&dist_dir(), &dist_ui_dir(), &registry.url).unwrap();
    let dist = dist_dir();
    let wasm = std::fs::read_dir(&dist)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("_bg.wasm"))
        .expect("a built wasm");
    let original = std::fs::read(dist.join(&wasm)).unwrap();
    let url = format!("{}/{wasm}", nginx.url);
    for (accept, encoding, copy) in [
        ("gzip, deflate, br, zstd", Some("br"), Some("br")),
        ("gzip, deflate", Some("gzip"), Some("gz")),
        ("identity", None, None),
    ] {
        let a = get_raw(&url, &[("Accept-Encoding", accept)]).unwrap();
        assert_eq!(a.status, 200);
        assert_eq!(a.header("Content-Encoding"), encoding, "{accept}");
        let expected = match copy {
            Some(ext) => std::fs::read(dist.join(format!("{wasm}.{ext}"))).unwrap(),
            None => original.clone(),
        };
        assert_eq!(a.body, expected, "{accept}: not the build's own copy");
        assert_eq!(
            a.header("Cache-Control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(a.header("Content-Type"), Some("application/wasm"));
        assert_eq!(a.header("X-Content-Type-Options"), Some("nosniff"));
    }
    assert!(
        original.len()
            > 3 * std::fs::metadata(dist.join(format!("{wasm}.br")))
                .unwrap()
                .len() as usize,
        "brotli takes the wasm to under a third"
    );
    let index = get_raw(
        &format!("{}/", nginx.url),
        &[("Accept-Encoding", "br, gzip")],
    )
    .unwrap();
    assert_eq!(index.header("Cache-Control"), Some("no-cache"));
    let sub_wasm = std::fs::read_dir(dist_ui_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("_bg.wasm"))
        .expect("a built sub-path wasm");
    let sub = get_raw(
        &format!("{}/ui/{sub_wasm}", nginx.url),
        &[("Accept-Encoding", "br")],
    )
    .unwrap();
    assert_eq!(
        (sub.header("Content-Type"), sub.header("Content-Encoding")),
        (Some("application/wasm"), Some("br")),
        "the sub-path build has its own copies"
    );
    let api = get_raw(&format!("{}/v2/", nginx.url), &[]).unwrap();
    assert_eq!(api.status, 200);
    assert_eq!(
        api.header("Cache-Control"),
        None,
        "the registry's answers are its own"
    );
}

/// The TLS variant of the recipe (what `docker-compose.tls.yml` sets up):
/// HTTPS with the mounted certificate, HSTS, the registry proxied, and no
/// nginx version in any answer; the plain recipe sends no HSTS. A missing
/// key stops the script with a message.
#[test]
#[ignore = "needs the built app, docker-registry, nginx and openssl: cargo xtask test"]
fn the_tls_recipe_serves_https_with_hsts_and_no_server_version() {
    let registry = Registry::start(RegistryOptions::default()).unwrap();
    let dir = shipshape_harness::temp_dir("tls");
    let (cert, key) = (dir.join("fullchain.pem"), dir.join("privkey.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(made.status.success(), "{made:?}");
    let nginx = Nginx::start_with(
        &dist_dir(),
        &dist_ui_dir(),
        &registry.url,
        Some((&cert, &key)),
    )
    .unwrap();
    assert!(nginx.url.starts_with("https://"), "{}", nginx.url);
    let port = nginx.url.rsplit(':').next().unwrap().to_string();
    // A real TLS client, headers only.
    let fetch = |path: &str| {
        let mut child = std::process::Command::new("openssl")
            .args(["s_client", "-quiet", "-connect"])
            .arg(format!("127.0.0.1:{port}"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("openssl s_client");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(
                format!("HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).to_ascii_lowercase()
    };
    let page = fetch("/");
    assert!(page.starts_with("http/1.1 200"), "{page}");
    assert!(
        page.contains("strict-transport-security: max-age=31536000"),
        "{page}"
    );
    assert!(page.contains("server: nginx\r\n"), "no version: {page}");
    let api = fetch("/v2/");
    assert!(
        api.starts_with("http/1.1 200"),
        "the registry behind it: {api}"
    );
    // The plain recipe: no HSTS over http, no version either.
    let plain = Nginx::start(&dist_dir(), &dist_ui_dir(), &registry.url).unwrap();
    let headers = shipshape_harness::nginx::headers_of(&format!("{}/", plain.url)).unwrap();
    assert!(!headers
        .iter()
        .any(|(k, _)| k == "strict-transport-security"));
    assert!(
        headers.iter().any(|(k, v)| k == "server" && v == "nginx"),
        "{headers:?}"
    );
    // A certificate without its key: refused by the script, with why.
    let out = std::process::Command::new("sh")
        .arg(shipshape_harness::workspace_root().join("deploy/tls-snippet.sh"))
        .arg(dir.join("tls.conf"))
        .env("SHIPSHAPE_TLS_CERT", &cert)
        .env_remove("SHIPSHAPE_TLS_KEY")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SHIPSHAPE_TLS_KEY"));
}
