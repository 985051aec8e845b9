//! `cargo xtask <command>`: everything a developer or CI runs.
//!
//! - `setup`  install what is missing (rustup target, Trunk, wasm-bindgen-cli,
//!   Debian packages); quick when all is there.
//! - `build`  setup, then `trunk build --release` into `dist/`.
//! - `demo`   build, start a registry with demo images, serve the app, print the URL.
//! - `test`   build, then every test: unit tests and browser tests.
//! - `seed`   push the demo images into a running registry.
//! - `lint`   rustfmt check and clippy (native and wasm), warnings are errors.
//! - `screenshots` copy the README's screenshots from the last test run.
//! - `fixtures` record a real registry's answers for the unit tests.
//! - `bench`  measure the release app on 5,000 repositories and 5,000 tags.

mod bench;
mod fixtures;
mod floor;
mod setup;

use shipshape_harness::seed::{seed, SeedOptions};
use shipshape_harness::stack::{Stack, StackOptions};
use shipshape_harness::workspace_root;
use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// Run `work`, then check that nothing it started outlived it (every
/// process the harness starts is stopped when its guard drops; an nginx
/// worker or a browser left behind would hold ports and memory). xtask
/// becomes the reaper of its orphaned descendants first, so what is left
/// is exactly what this run started (never a developer's own browser or
/// registry): it is named, killed, and fails the run.
fn without_leftovers(what: &str, work: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    use shipshape_harness::process::{become_subreaper, kill_leftovers, orphans_of_this_process};
    if !become_subreaper() {
        println!("xtask: cannot collect orphaned processes here; the leftover check is off");
        return work();
    }
    let result = work();
    // A process whose parent just went may take a moment to re-parent.
    let mut left = orphans_of_this_process();
    for _ in 0..50 {
        if left.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        left = orphans_of_this_process();
    }
    if left.is_empty() {
        println!("xtask: no process outlived the {what}");
        return result;
    }
    let names: Vec<String> = left.iter().map(|(pid, n)| format!("{n} ({pid})")).collect();
    println!(
        "xtask: {} processes outlived the {what}, killed now: {}",
        left.len(),
        names.join(", ")
    );
    kill_leftovers(&left);
    result.and(Err(format!("{} processes outlived the {what}", left.len())))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = args
        .split_first()
        .map_or(("help", &[][..]), |(c, r)| (c.as_str(), r));
    let result = match cmd {
        "setup" => setup::ensure_all(),
        "build" => setup::ensure_all().and_then(|_| build()),
        "demo" => demo(rest),
        "test" => without_leftovers("test run", || test(rest)),
        "seed" => seed_cmd(rest),
        "lint" => setup::ensure_all().and_then(|_| lint()),
        "screenshots" => readme_screenshots(),
        "fixtures" => setup::ensure_all().and_then(|_| fixtures::capture()),
        "bench" => without_leftovers("bench", || bench::bench(rest)),
        _ => {
            eprintln!(
                "usage: cargo xtask <setup|build|demo|test|lint|seed|screenshots|fixtures|bench>\n\
                 \n  demo [--tags N] [--repos N] [--port P]   registry + demo images + app\
                 \n  test [-- <cargo test filters>]           unit and browser tests\
                 \n  seed --url URL [--tags N] [--repos N]    seed a running registry"
            );
            return if cmd == "help" || cmd == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {cmd}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` from the argument list.
fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => {
            let v = args.get(i + 1).ok_or(format!("{name} needs a value"))?;
            v.parse()
                .map(Some)
                .map_err(|_| format!("{name}: bad value {v}"))
        }
    }
}

fn seed_options(args: &[String]) -> Result<SeedOptions, String> {
    let d = SeedOptions::default();
    Ok(SeedOptions {
        many_tags: flag(args, "--tags")?.unwrap_or(d.many_tags),
        extra_repos: flag(args, "--repos")?.unwrap_or(d.extra_repos),
    })
}

/// Run a command in the workspace root, failing on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed: {status}"))
    }
}

fn lint() -> Result<(), String> {
    run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "shipshape",
        "--package",
        "shipshape-registry",
        // The split points as the app ships them (tools/bundle cuts them).
        "--features",
        "shipshape/split",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    build()?;
    first_screen_budget()?;
    println!("xtask: lint clean");
    Ok(())
}

/// The bytes a first visit fetches before the first screen may grow at
/// most 2 % over the figure in `tools/bundle/budget.json`. Raising it is
/// a decision: change the figure, with the reason, in the same commit.
fn first_screen_budget() -> Result<(), String> {
    let root = workspace_root();
    let read = |path: std::path::PathBuf| -> Result<serde_json::Value, String> {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let budget = read(root.join("tools/bundle/budget.json"))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let sizes = read(target.join("bundle/sizes.json"))?;
    let allowed = budget["first_screen_brotli"]
        .as_u64()
        .ok_or("tools/bundle/budget.json has no first_screen_brotli")?;
    let now = sizes["first_screen_brotli"]
        .as_u64()
        .ok_or("target/bundle/sizes.json has no first_screen_brotli")?;
    let limit = allowed + allowed / 50;
    println!(
        "xtask: first screen {now} bytes brotli; budget {allowed} (+2 % = {limit}); chunks on demand {}",
        sizes["chunks_brotli"]
    );
    if now > limit {
        return Err(format!(
            "the first screen grew to {now} bytes brotli, over its budget of {allowed} + 2 %: \
             move what it does not need into a page on demand (src/on_demand.rs), or raise \
             first_screen_brotli in tools/bundle/budget.json with the reason"
        ));
    }
    Ok(())
}

/// What the demo and test builds may connect to besides their own origin:
/// registries and token servers on loopback, any port. (A deployment build
/// names its registries: see the README.)
const DEV_CONNECT_SRC: &str = "http://127.0.0.1:*";

fn build() -> Result<(), String> {
    let start = Instant::now();
    println!("xtask: building the app (trunk build --release)…");
    run(Command::new("trunk")
        .args(["build", "--release"])
        .env("SHIPSHAPE_CONNECT_SRC", DEV_CONNECT_SRC)
        // The panic test hook (`#shipshape-panic-test`): demo and tests only.
        .env("SHIPSHAPE_TEST_HOOKS", "1")
        .env("PATH", setup::tool_path()))?;
    println!(
        "xtask: built dist/ in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    println!(
        "xtask: this dist/ lets the page connect to {DEV_CONNECT_SRC} (demo and tests): run deploy/configure.sh where it is served before copying it anywhere (README, Run-time configuration)"
    );
    Ok(())
}

fn demo(args: &[String]) -> Result<(), String> {
    setup::ensure_all()?;
    build()?;
    let port: u16 = flag(args, "--port")?.unwrap_or(8080);
    let start = Instant::now();
    let stack = Stack::start(StackOptions {
        seed: Some(seed_options(args)?),
        ui_port: Some(port),
        ..StackOptions::default()
    })
    .map_err(|e| format!("{e} (is port {port} in use? try --port <other>)"))?;
    println!(
        "xtask: seeded {} repositories into {} in {:.1} s",
        stack.seeded.repositories.len(),
        stack.registry.url,
        start.elapsed().as_secs_f64()
    );
    println!(
        "\n  Shipshape demo:  {}/\n  Registry:        {}\n\n  Press Ctrl-C to stop.\n",
        stack.app.url, stack.registry.url
    );
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| e.to_string())?;
    let _ = rx.recv();
    println!("\nxtask: stopping the registry and the server…");
    drop(stack);
    Ok(())
}

/// The same app built to be served under `/ui/` (only the paths in
/// index.html differ; the wasm comes from the cargo cache).
fn build_sub_path() -> Result<(), String> {
    run(Command::new("trunk")
        .args([
            "build",
            "--release",
            "--public-url",
            "/ui/",
            "--dist",
            "target/dist-ui",
        ])
        .env("SHIPSHAPE_CONNECT_SRC", DEV_CONNECT_SRC)
        .env("PATH", setup::tool_path()))
}

/// The README shows these, taken by `screenshots_of_every_view`.
const README_SHOTS: &[&str] = &[
    "view-light-01-catalog",
    "view-light-03-many-tags",
    "view-light-04-image",
    "view-dark-02-tags",
    "view-dark-05-index",
    "view-phone-zh-03-many-tags",
];

fn readme_screenshots() -> Result<(), String> {
    let from = workspace_root().join("target/screenshots");
    let to = workspace_root().join("docs/screenshots");
    std::fs::create_dir_all(&to).map_err(|e| e.to_string())?;
    for name in README_SHOTS {
        let src = from.join(format!("{name}.png"));
        std::fs::copy(&src, to.join(format!("{name}.png"))).map_err(|e| {
            format!(
                "{}: {e} (run `cargo xtask test -- screenshots` first)",
                src.display()
            )
        })?;
    }
    println!(
        "xtask: copied {} screenshots into docs/screenshots/",
        README_SHOTS.len()
    );
    Ok(())
}

fn seed_cmd(args: &[String]) -> Result<(), String> {
    let url: String = flag(args, "--url")?.ok_or("seed needs --url http://host:port")?;
    let report = seed(&url, &seed_options(args)?)?;
    println!("seeded {} repositories", report.repositories.len());
    Ok(())
}

/// Totals over every `test result:` line a test run printed.
#[derive(Default)]
struct Totals {
    passed: u32,
    failed: u32,
    ignored: u32,
}

/// Run `cmd`, echoing its output, and add its test results to `totals`.
fn run_counting(cmd: &mut Command, totals: &mut Totals) -> Result<bool, String> {
    let mut child = cmd
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    let stdout = child.stdout.take().expect("piped stdout");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let mut words = part.split_whitespace().rev();
                let (Some(what), Some(n)) = (words.next(), words.next()) else {
                    continue;
                };
                let n: u32 = n.parse().unwrap_or(0);
                match what {
                    "passed" => totals.passed += n,
                    "failed" => totals.failed += n,
                    "ignored" => totals.ignored += n,
                    _ => {}
                }
            }
        }
    }
    Ok(child.wait().map_err(|e| e.to_string())?.success())
}

/// Build, then run every test: `cargo test` (unit, property and browser
/// tests), then the transport tests compiled to wasm and run in Chromium.
/// Ends with one summary line over all of them.
fn test(args: &[String]) -> Result<(), String> {
    let start = Instant::now();
    setup::ensure_all()?;
    build()?;
    build_sub_path()?;
    let filters: Vec<&String> = match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].iter().collect(),
        None => Vec::new(),
    };
    let mut totals = Totals::default();
    let native_ok = run_counting(
        Command::new("cargo")
            .args(["test", "--workspace", "--no-fail-fast", "--"])
            .arg("--include-ignored")
            .args(&filters)
            .env("SHIPSHAPE_DIST", workspace_root().join("dist"))
            .env(
                "SHIPSHAPE_DIST_SUBPATH",
                workspace_root().join("target/dist-ui"),
            )
            .env("PATH", setup::tool_path()),
        &mut totals,
    )?;
    let core_ok = core_wasm_tests(&filters, &mut totals)?;
    let web_ok = web_transport_tests(&filters, &mut totals)? && core_ok;
    println!(
        "\nxtask test finished in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    println!(
        "{} passed, {} failed, {} skipped",
        totals.passed, totals.failed, totals.ignored
    );
    if native_ok && web_ok && totals.failed == 0 && totals.passed > 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

/// `cargo test` for wasm32, run in headless Chromium by
/// wasm-bindgen-test-runner (the webdriver settings in `target/`).
fn wasm_test_command() -> Result<Command, String> {
    let webdriver_json = workspace_root().join("target/webdriver.json");
    std::fs::write(
        &webdriver_json,
        format!(
            r#"{{"goog:chromeOptions": {{"binary": "{}", "args": ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]}}}}"#,
            shipshape_harness::browser::CHROMIUM
        ),
    )
    .map_err(|e| e.to_string())?;
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "--target", "wasm32-unknown-unknown"])
        .env("PATH", setup::tool_path())
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", shipshape_harness::browser::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    Ok(cmd)
}

/// The protocol core's unit tests, compiled to wasm and run in Chromium:
/// the same code the app runs.
fn core_wasm_tests(filters: &[&String], totals: &mut Totals) -> Result<bool, String> {
    run_counting(
        wasm_test_command()?
            .args(["--package", "shipshape-registry", "--lib", "--"])
            .args(filters),
        totals,
    )
}

/// `tests/transport_web.rs` in headless Chromium via wasm-bindgen-test-runner,
/// against registries started here.
fn web_transport_tests(filters: &[&String], totals: &mut Totals) -> Result<bool, String> {
    use shipshape_harness::registry::{Registry, RegistryOptions};
    let main = Registry::start(RegistryOptions::default())?;
    seed(
        &main.url,
        &SeedOptions {
            many_tags: 3,
            extra_repos: 0,
        },
    )?;
    let no_delete = Registry::start(RegistryOptions {
        delete_enabled: false,
        ..RegistryOptions::default()
    })?;
    let pushed = shipshape_harness::seed::tiny_image(&no_delete.url, "app")?;
    let closed = format!("http://127.0.0.1:{}", shipshape_harness::closed_port());
    run_counting(
        wasm_test_command()?
            .args(["--package", "shipshape", "--test", "transport_web", "--"])
            .args(filters)
            .env("SHIPSHAPE_WEB_REGISTRY", &main.url)
            .env("SHIPSHAPE_WEB_REGISTRY_NO_DELETE", &no_delete.url)
            .env("SHIPSHAPE_WEB_NO_DELETE_DIGEST", &pushed.digest)
            .env("SHIPSHAPE_WEB_CLOSED", &closed),
        totals,
    )
}
