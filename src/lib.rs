//! Shipshape: a web UI for private Docker/OCI registries.
//!
//! - [`registry`]: the protocol core (the `shipshape-registry` crate in
//!   `crates/registry`): no UI, no browser, tested natively and in wasm.
//! - [`config`], [`i18n`]: run-time configuration and languages, plain Rust.
//! - [`transport`]: `fetch` in the browser.
//! - [`app`], [`pages`], [`components`]: the Leptos UI.

pub mod app;
pub mod artifacts;
pub mod components;
pub mod config;
pub mod crash;
pub mod deletes;
pub mod digest_cache;
pub mod download;
pub mod header;
pub mod i18n;
pub mod lazy;
pub mod namespaces;
pub mod on_demand;
pub mod pages;
pub mod policy;
pub use ::registry;
pub mod repo;
pub mod request_queue;
pub mod routes;
pub mod search;
pub mod selection;
pub mod session;
pub mod storage_scan;
pub mod tag_list;
pub mod tag_writes;
pub mod theme;
pub mod timestamp;
pub mod transport;
pub mod virtual_rows;
pub mod visibility;
