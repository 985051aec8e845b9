//! The registry protocol as Shipshape speaks it: plain Rust, no UI, no
//! browser APIs, no user-facing words. Tested natively and on
//! `wasm32-unknown-unknown`.
//!
//! Everything the registry sends arrives here as a [`response::RawResponse`]
//! (status, headers, bytes) and leaves as a typed value or a typed
//! [`error::RegistryError`] that carries the facts a message needs. A
//! [`client::Transport`] moves the bytes: the app's is `fetch` in the
//! browser; the tests' replays scripted answers. The app turns these types
//! into words.

pub mod artifact;
pub mod auth;
pub mod bulk;
pub mod catalog;
pub mod client;
pub mod compare;
pub mod copy;
pub mod deletion;
pub mod description;
pub mod digest;
pub mod engine;
pub mod error;
pub mod image;
pub mod immutable;
pub mod last_push;
pub mod manifest;
pub mod packages;
pub mod pagination;
pub mod pattern;
pub mod plan_file;
#[cfg(test)]
mod recorded;
pub mod reference;
pub mod report;
pub mod response;
pub mod retention;
pub mod retry;
pub mod schedule;
pub mod search;
pub mod sort;
pub mod storage;
pub mod summaries;
pub mod tags;
#[cfg(test)]
pub(crate) mod testing;
pub mod time;
pub mod token;
pub mod untag;

// The unit tests run in a browser too (`cargo xtask test`): `#[test]` in
// each test module is `wasm_bindgen_test` there.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
