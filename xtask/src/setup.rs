//! Install what the build and the tests need, skipping what is there.
//! Nothing downloads prebuilt binaries: Rust tools are built by
//! `cargo install`, the rest comes from Debian's packages.

use crate::run;
use shipshape_harness::workspace_root;
use std::process::Command;

/// Trunk version the project builds with (0.22 needs a newer rustc).
pub const TRUNK_VERSION: &str = "0.21.14";

/// Debian packages: the registry, the browser and its driver, nginx,
/// htpasswd, openssl (the test token server signs with it).
pub const DEBIAN_PACKAGES: &[&str] = &[
    "docker-registry",
    "chromium",
    "chromium-driver",
    "nginx",
    // Serves the build's precompressed .br files (the nginx recipe).
    "libnginx-mod-http-brotli-static",
    "apache2-utils",
    "openssl",
    // Chinese glyphs for the zh-CN screenshots.
    "fonts-wqy-microhei",
    // The second client that changes tags behind the page's back in tests.
    "skopeo",
    // Builds and pushes images as users do (tests/real_clients.rs).
    "buildah",
    // wasm-opt, which tools/bundle runs on the main module (3.6 KB less
    // on the first screen).
    "binaryen",
];

/// `PATH` with cargo's install folder first.
pub fn tool_path() -> String {
    let cargo_home = std::env::var("CARGO_HOME")
        .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default()));
    format!(
        "{cargo_home}/bin:{}",
        std::env::var("PATH").unwrap_or_default()
    )
}

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    Command::new(cmd)
        .args(args)
        .env("PATH", tool_path())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The exact wasm-bindgen version pinned in Cargo.toml (`=x.y.z`): the CLI
/// must match it.
pub fn pinned_wasm_bindgen() -> Result<String, String> {
    let toml =
        std::fs::read_to_string(workspace_root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    toml.lines()
        .find_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("wasm-bindgen")?
                .trim_start()
                .strip_prefix('=')?;
            rest.trim()
                .trim_matches('"')
                .strip_prefix('=')
                .map(str::to_string)
        })
        .ok_or_else(|| "Cargo.toml has no exact pin wasm-bindgen = \"=x.y.z\"".into())
}

pub fn ensure_all() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_debian_packages()?;
    let wb = pinned_wasm_bindgen()?;
    let trunk_install = format!("trunk@{TRUNK_VERSION}");
    let tools: [(&str, String, Vec<&str>); 2] = [
        (
            "trunk",
            format!("trunk {TRUNK_VERSION}"),
            vec!["install", "--locked", &trunk_install],
        ),
        // Not --locked: its lock file asks for a version the registry mirror lacks.
        (
            "wasm-bindgen",
            format!("wasm-bindgen {wb}"),
            vec!["install", "wasm-bindgen-cli", "--version", &wb],
        ),
    ];
    // Both builds at once: on a fresh machine this saves about ten minutes.
    let mut installs = Vec::new();
    for (bin, expect, args) in &tools {
        let have = output(bin, &["--version"]).unwrap_or_default();
        if have.trim().starts_with(expect.as_str()) {
            continue;
        }
        println!(
            "xtask: installing {expect} (found: {:?}); this takes a while, once",
            have.trim()
        );
        let child = Command::new("cargo")
            .args(args)
            .env("PATH", tool_path())
            .spawn()
            .map_err(|e| format!("cargo install {bin}: {e}"))?;
        installs.push((expect.clone(), child));
    }
    for (what, mut child) in installs {
        let status = child.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("installing {what} failed: {status}"));
        }
    }
    Ok(())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("xtask: adding the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn is_installed(pkg: &str) -> bool {
    output("dpkg-query", &["-W", "-f=${Status}", pkg])
        .is_some_and(|s| s.contains("install ok installed"))
}

fn ensure_debian_packages() -> Result<(), String> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing Debian packages: {}", missing.join(" "));
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if is_root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !is_root {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update"])?;
    let mut args = vec!["install", "-y"];
    args.extend(&missing);
    apt(&args)
}
