//! Test and demo support, all real parts: a `docker-registry` process, a
//! seeder that pushes images through the registry's HTTP API, a static file
//! server for the built app, and headless Chromium through WebDriver.
//!
//! Every process started here is killed by its guard's `Drop`, also when a
//! test panics.

pub mod artifacts;
pub mod browser;
pub mod buildah;
pub mod faults;
pub mod nginx;
pub mod process;
pub mod proxy;
pub mod registry;
pub mod seed;
pub mod serve;
pub mod skopeo;
pub mod stack;
pub mod steps;
pub mod token;

use std::path::PathBuf;

/// The workspace root (where `Cargo.toml` of the app is).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// A fresh, empty folder under `target/tmp/` (kept out of /tmp so a test's
/// leftovers are easy to find and `cargo clean` removes them).
pub fn temp_dir(label: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = workspace_root()
        .join("target/tmp")
        .join(format!("{label}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// A port nothing listens on, for "the registry is down" tests. Taken
/// below the kernel's ephemeral range (32768 and up on Linux), where no
/// other test's `free_port` lands, so it stays closed while the test runs.
pub fn closed_port() -> u16 {
    (20_000..30_000)
        .find(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_err())
        .expect("a closed port below the ephemeral range")
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}
