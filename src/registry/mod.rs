//! The registry protocol: plain Rust, no browser APIs, tested natively.
//!
//! Everything the registry sends arrives here as a [`response::RawResponse`]
//! (status, headers, bytes) and leaves as a typed value or a typed
//! [`error::RegistryError`]. The browser transport (`crate::transport`) only
//! moves bytes.

pub mod auth;
pub mod bulk;
pub mod catalog;
pub mod client;
pub mod deletion;
pub mod digest;
pub mod engine;
pub mod error;
pub mod image;
pub mod immutable;
pub mod manifest;
pub mod pagination;
pub mod reclaim;
#[cfg(test)]
mod recorded;
pub mod reference;
pub mod response;
pub mod retry;
pub mod schedule;
pub mod token;
pub mod untag;
