//! `bundle`: Trunk's post_build hook (Trunk.toml). Trunk builds the page
//! (index.html, the stylesheet); this builds the app's WebAssembly and
//! cuts it in two halves a visitor needs at different times:
//!
//! 1. `cargo build` of the `shipshape` binary for wasm32 (Trunk's build,
//!    which index.html's `rel="rust"` link asks for; a no-op here after
//!    it), linked with `--emit-relocs` (`.cargo/config.toml`) and not
//!    stripped (profile `wasm-release`), so the module still says which
//!    code calls which.
//! 2. `wasm_split_cli_support` cuts it at the split points in
//!    `src/on_demand.rs`: what only a page on demand reaches goes into that
//!    page's chunk; what several chunks share into shared chunks; the
//!    first screen stays in the main module. The loader it writes
//!    (`__wasm_split.js`) fetches a chunk the first time it is needed.
//! 3. `wasm-bindgen` (the CLI pinned in Cargo.toml) on the main module,
//!    keeping the table the chunks call through (`--keep-lld-exports`).
//!    Then binaryen's `wasm-opt -Os` on it, where installed (`optimise`).
//! 4. Every file is named by one build id (a hash of the linked module and
//!    the wasm-bindgen version): the main module and the loader import
//!    each other, so a name per file's own hash cannot exist.
//! 5. index.html loads it (modulepreload with integrity, then the inline
//!    start script); then the Content-Security-Policy stamp and the
//!    brotli/gzip copies (`shipshape-csp`).
//!
//! `target/bundle/sizes.json` records every file's size raw and brotli
//! and the main module's code per crate, for `cargo xtask bench` and the
//! size budget in `cargo xtask lint`.

mod wasm;

use sha2::{Digest, Sha256, Sha384};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Rust binary that is the app.
const BIN: &str = "shipshape";

fn main() {
    if let Err(e) = run() {
        eprintln!("shipshape-bundle: {e}");
        std::process::exit(1);
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn run() -> Result<(), String> {
    let staging = PathBuf::from(
        std::env::args()
            .nth(1)
            .or_else(|| env("TRUNK_STAGING_DIR"))
            .unwrap_or_else(|| "dist".into()),
    );
    let release = env("TRUNK_PROFILE").is_none_or(|p| p == "release");
    let base = env("TRUNK_PUBLIC_URL").unwrap_or_else(|| "/".into());
    let target_dir = target_dir()?;
    let work = target_dir.join("bundle");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;

    let linked = build(&target_dir, release)?;
    let bindgen = wasm_bindgen_version()?;
    let input = std::fs::read(&linked).map_err(|e| format!("{}: {e}", linked.display()))?;
    let id = build_id(&input, &bindgen);
    let names = Names::new(&id);

    // 2. Split.
    let main_split = work.join("main.wasm");
    let (main_module, link) = (format!("./{}", names.js), format!("./{}", names.loader));
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &work;
        opts.main_out_path = &main_split;
        opts.main_module = &main_module;
        opts.link_name = &link;
        opts
    })
    .map_err(|e| format!("splitting the module: {e}"))?;
    drop(input);

    // Chunks: named by the build id, custom sections dropped.
    let mut loader = std::fs::read_to_string(work.join(&names.loader))
        .map_err(|e| format!("the split loader: {e}"))?;
    let mut chunks = Vec::new();
    for path in &split.split_modules {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("a chunk without a name")?;
        let stem = file
            .strip_suffix(".wasm")
            .ok_or("a chunk that is not .wasm")?;
        let named = format!("{stem}-{id}.wasm");
        loader = rename_in_loader(&loader, file, &named)?;
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bytes = wasm::without_custom_sections(&bytes)?;
        write(&staging.join(&named), &bytes)?;
        chunks.push(named);
    }
    write(&staging.join(&names.loader), loader.as_bytes())?;

    // Trunk's own wasm-bindgen output of the uncut module: not ours to send.
    for entry in std::fs::read_dir(&staging).map_err(|e| format!("{}: {e}", staging.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(&format!("{BIN}-"))
            && (name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".ts"))
        {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }

    if release {
        optimise(&main_split)?;
    }

    // 3. wasm-bindgen on the main module.
    let out = work.join("bindgen");
    run_command(Command::new("wasm-bindgen").args([
        "--target=web",
        "--keep-lld-exports",
        "--no-typescript",
        "--remove-name-section",
        "--remove-producers-section",
        &format!("--out-dir={}", out.display()),
        &format!("--out-name={}", names.stem),
        &main_split.display().to_string(),
    ]))?;
    if out.join("snippets").exists() {
        return Err("wasm-bindgen wrote JavaScript snippets, which this bundle does not copy yet: copy them and list them in the policy".into());
    }
    for file in [&names.js, &names.wasm] {
        std::fs::copy(out.join(file), staging.join(file))
            .map_err(|e| format!("copying {file}: {e}"))?;
    }

    // 5. index.html.
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let integrity = |file: &str| -> Result<String, String> {
        let bytes = std::fs::read(staging.join(file)).map_err(|e| format!("{file}: {e}"))?;
        Ok(format!(
            "sha384-{}",
            shipshape_csp::base64(&Sha384::digest(&bytes))
        ))
    };
    let head = loader_html(
        &base,
        &names,
        &integrity(&names.js)?,
        &integrity(&names.loader)?,
        &integrity(&names.wasm)?,
    );
    std::fs::write(&index, inject(&html, &head)?).map_err(|e| e.to_string())?;

    // Policy and compressed copies, as for every build.
    let extra: Vec<String> = env("SHIPSHAPE_CONNECT_SRC")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let policy = shipshape_csp::stamp_dir(&staging, &extra)?;
    println!("shipshape-bundle: {}: {policy}", index.display());
    let compressed = shipshape_csp::compress::precompress_dir(&staging)?;

    // Sizes, for the bench and the budget.
    // What a first visit fetches before the first screen: every file but
    // the chunks, as the brotli copies the recipe sends (index.html as its
    // server compresses it; brotli here).
    let index_brotli = shipshape_csp::compress::brotli(
        &std::fs::read(&index).map_err(|e| format!("{}: {e}", index.display()))?,
    )
    .len() as u64;
    let main_files = [&names.js, &names.loader, &names.wasm];
    let (mut first_screen_brotli, mut chunks_brotli) = (index_brotli, 0);
    let mut files = Vec::new();
    for c in &compressed {
        let name = c
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let part = if chunks.contains(&name) {
            chunks_brotli += c.brotli;
            "chunk"
        } else {
            first_screen_brotli += c.brotli;
            if main_files.iter().any(|f| **f == name) {
                "main"
            } else {
                "other"
            }
        };
        println!(
            "shipshape-bundle: {name}: {} bytes, brotli {}, gzip {} ({part})",
            c.bytes, c.brotli, c.gzip
        );
        files.push(serde_json::json!({
            "file": name, "part": part, "bytes": c.bytes, "brotli": c.brotli, "gzip": c.gzip,
        }));
    }
    let main_code = std::fs::read(&main_split).map_err(|e| e.to_string())?;
    let main_crates = wasm::code_by_crate(&main_code)?;
    for (krate, bytes) in main_crates.iter().take(12) {
        println!("shipshape-bundle: main module code of {krate}: {bytes} bytes");
    }
    let by_crate: Vec<serde_json::Value> = main_crates
        .into_iter()
        .map(|(krate, bytes)| serde_json::json!({"crate": krate, "bytes": bytes}))
        .collect();
    let chunk_crates: Vec<serde_json::Value> = split
        .split_modules
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let name = p.file_stem()?.to_str()?.to_string();
            let crates = wasm::code_by_crate(&bytes).ok()?;
            let top: Vec<serde_json::Value> = crates
                .into_iter()
                .take(8)
                .map(|(krate, bytes)| serde_json::json!({"crate": krate, "bytes": bytes}))
                .collect();
            Some(serde_json::json!({"chunk": name, "code_by_crate": top}))
        })
        .collect();
    println!(
        "shipshape-bundle: first screen {first_screen_brotli} bytes brotli (index.html {index_brotli}); chunks on demand {chunks_brotli}"
    );
    let sizes = serde_json::json!({
        "build_id": id,
        "first_screen_brotli": first_screen_brotli,
        "chunks_brotli": chunks_brotli,
        "files": files,
        "main_code_by_crate": by_crate,
        "chunks": chunk_crates,
        "prefetch": split.prefetch_map,
    });
    write(
        &work.join("sizes.json"),
        serde_json::to_string_pretty(&sizes)
            .map_err(|e| e.to_string())?
            .as_bytes(),
    )?;
    println!(
        "shipshape-bundle: {} chunks loaded on demand; sizes in {}",
        chunks.len(),
        work.join("sizes.json").display()
    );
    Ok(())
}

/// The WebAssembly features Rust's wasm32 target enables by default, and
/// so the ones the module may use and binaryen may keep using.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Binaryen's `wasm-opt -Os` on the main module, in place: about 8 %
/// fewer bytes raw, 3.6 KB fewer brotli (LLVM already optimised for size;
/// `-Os` compresses better than `-Oz`). The chunks call into it only
/// through its exports and its exported function table, which binaryen
/// keeps as they are (it assumes an open world). Without `wasm-opt` on
/// PATH (Debian's `binaryen`, which `cargo xtask setup` installs) the
/// module is left as wasm-bindgen wrote it, and the build says so.
fn optimise(module: &Path) -> Result<(), String> {
    if Command::new("wasm-opt").arg("--version").output().is_err() {
        println!(
            "shipshape-bundle: wasm-opt not found (Debian package binaryen): the main module is not optimised"
        );
        return Ok(());
    }
    let path = module.display().to_string();
    let before = std::fs::metadata(module).map_err(|e| e.to_string())?.len();
    run_command(
        Command::new("wasm-opt")
            .args(["-Os", "--debuginfo"])
            .args(WASM_FEATURES)
            .args([&path, "-o", &path]),
    )?;
    let after = std::fs::metadata(module).map_err(|e| e.to_string())?.len();
    println!("shipshape-bundle: wasm-opt -Os: main module {before} -> {after} bytes");
    Ok(())
}

/// The names of one build's files.
#[derive(Debug, PartialEq, Eq)]
struct Names {
    /// `shipshape-<id>`: wasm-bindgen's `--out-name`.
    stem: String,
    /// The JavaScript wasm-bindgen writes (`init`, `initSync`).
    js: String,
    /// The main module.
    wasm: String,
    /// The split loader, imported by the main module.
    loader: String,
}

impl Names {
    fn new(id: &str) -> Names {
        let stem = format!("{BIN}-{id}");
        Names {
            js: format!("{stem}.js"),
            wasm: format!("{stem}_bg.wasm"),
            loader: format!("__wasm_split-{id}.js"),
            stem,
        }
    }
}

/// 16 hex digits of SHA-256 over the linked module and the wasm-bindgen
/// version: everything the build's files are made from.
fn build_id(linked: &[u8], bindgen_version: &str) -> String {
    let mut h = Sha256::new();
    h.update(linked);
    h.update(bindgen_version.as_bytes());
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The loader with `file` (`./chunk_7.wasm`) fetched under `named`.
fn rename_in_loader(loader: &str, file: &str, named: &str) -> Result<String, String> {
    let quoted = format!("\"./{file}\"");
    if loader.matches(&quoted).count() != 1 {
        return Err(format!(
            "the split loader does not name {file} exactly once"
        ));
    }
    Ok(loader.replace(&quoted, &format!("\"./{named}\"")))
}

/// What index.html needs to start the app: the main script and the loader
/// preloaded (with integrity), the module fetched at once, then `init`.
fn loader_html(
    base: &str,
    names: &Names,
    js_integrity: &str,
    loader_integrity: &str,
    wasm_integrity: &str,
) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"{base}{js}\" crossorigin=\"anonymous\" integrity=\"{js_integrity}\">\n\
         <link rel=\"modulepreload\" href=\"{base}{loader}\" crossorigin=\"anonymous\" integrity=\"{loader_integrity}\">\n\
         <link rel=\"preload\" href=\"{base}{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\" integrity=\"{wasm_integrity}\">\n\
         <script type=\"module\">\nimport init from '{base}{js}';\nawait init({{ module_or_path: '{base}{wasm}' }});\n</script>\n",
        js = names.js,
        loader = names.loader,
        wasm = names.wasm,
    )
}

/// `html` with `head` at the end of its `<head>` (once).
fn inject(html: &str, head: &str) -> Result<String, String> {
    if html.contains("__wasm_split-") {
        return Err("index.html already loads a bundle".into());
    }
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    Ok(format!("{}{head}{}", &html[..at], &html[at..]))
}

/// Cargo's target folder (`CARGO_TARGET_DIR` or the workspace's).
fn target_dir() -> Result<PathBuf, String> {
    let out = Command::new("cargo")
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".into())
}

/// 1. The linked module.
fn build(target_dir: &Path, release: bool) -> Result<PathBuf, String> {
    let profile = if release { "wasm-release" } else { "dev" };
    run_command(Command::new("cargo").args([
        "build",
        "--target=wasm32-unknown-unknown",
        "--package",
        BIN,
        "--bin",
        BIN,
        "--features",
        "split",
        "--profile",
        profile,
    ]))?;
    let folder = if release { "wasm-release" } else { "debug" };
    Ok(target_dir
        .join("wasm32-unknown-unknown")
        .join(folder)
        .join(format!("{BIN}.wasm")))
}

/// The wasm-bindgen CLI's version, which must be the crate's (Cargo.lock).
fn wasm_bindgen_version() -> Result<String, String> {
    let out = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .map_err(|e| format!("wasm-bindgen: {e} (install it: cargo xtask setup)"))?;
    let cli = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("Cargo.lock: {e}"))?;
    let locked = locked_version(&lock, "wasm-bindgen").ok_or("Cargo.lock has no wasm-bindgen")?;
    if cli != locked {
        return Err(format!(
            "wasm-bindgen on PATH is {cli:?}, Cargo.lock has {locked}: install the same (cargo xtask setup)"
        ));
    }
    Ok(cli)
}

/// A package's version in Cargo.lock.
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name {
            return lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')
                .map(str::to_string);
        }
    }
    None
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn run_command(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("{:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed ({status})", cmd.get_program()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_a_build_carries_one_id_that_changes_with_the_module() {
        let a = build_id(b"\0asm one", "0.2.130");
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, build_id(b"\0asm two", "0.2.130"));
        assert_ne!(a, build_id(b"\0asm one", "0.2.131"));
        let names = Names::new(&a);
        for file in [&names.js, &names.wasm, &names.loader] {
            // Named by content: precompressed and cached as immutable.
            assert!(shipshape_csp::compress::is_hashed_asset(file), "{file}");
        }
        assert!(shipshape_csp::compress::is_hashed_asset(&format!(
            "split_image-{a}.wasm"
        )));
    }

    #[test]
    fn a_chunk_is_renamed_where_the_loader_fetches_it_and_nowhere_else() {
        let loader = "const __chunk_7 = makeLoad(() => { const src = fetch(new URL(\"./chunk_7.wasm\", import.meta.url)); }, []);\n/* chunk_7.wasm */";
        let renamed = rename_in_loader(loader, "chunk_7.wasm", "chunk_7-00aa.wasm").unwrap();
        assert!(renamed.contains("new URL(\"./chunk_7-00aa.wasm\""));
        assert!(renamed.contains("/* chunk_7.wasm */"));
        // A loader that does not fetch the chunk is a broken build.
        assert!(rename_in_loader(loader, "chunk_8.wasm", "x").is_err());
    }

    #[test]
    fn index_html_gets_the_start_script_once_under_the_public_url() {
        let names = Names::new("0123456789abcdef");
        let head = loader_html("/ui/", &names, "sha384-a", "sha384-b", "sha384-c");
        assert!(head.contains("import init from '/ui/shipshape-0123456789abcdef.js';"));
        assert!(head.contains("module_or_path: '/ui/shipshape-0123456789abcdef_bg.wasm'"));
        assert!(head.contains("href=\"/ui/__wasm_split-0123456789abcdef.js\""));
        let html = "<html><head><title>x</title></head><body></body></html>";
        let once = inject(html, &head).unwrap();
        assert!(once.find("<script").unwrap() < once.find("</head>").unwrap());
        assert_eq!(
            shipshape_csp::inline_scripts(&once),
            vec!["\nimport init from '/ui/shipshape-0123456789abcdef.js';\nawait init({ module_or_path: '/ui/shipshape-0123456789abcdef_bg.wasm' });\n"]
        );
        assert!(inject(&once, &head).is_err());
    }

    #[test]
    fn the_pinned_wasm_bindgen_is_read_from_the_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.1\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-futures").as_deref(),
            Some("0.4.1")
        );
        assert_eq!(locked_version(lock, "leptos"), None);
    }
}
