//! The JSON run report: every digest's outcome, for logs and monitoring.
//!
//! ```json
//! { "format": "shipshape-report", "version": 1, "command": "apply",
//!   "registry": "https://registry.example.com", "dry_run": false,
//!   "plan_made_at": 1788256800, "started_at": 1788260000, "finished_at": 1788260012,
//!   "interrupted": false, "exit_code": 1,
//!   "totals": { "planned": 3, "gone": 2, "not_gone": 1, "unknown": 0 },
//!   "items": [ { "repository": "team/app", "digest": "sha256:…", "tags": ["v1"],
//!                "outcome": "deleted", "detail": "deleted" } ] }
//! ```
//!
//! `outcome` is the engine's stable name (`deleted`, `already-gone`,
//! `gone-after-check`, `deleted-unchecked`, `unknown`, `failed`,
//! `not-sent`, `moved-onto`, `new-tag`, `moved`, `blocked`, …); in a dry
//! run `would-delete` or the stop a run would meet now.

use serde::Serialize;

pub const FORMAT: &str = "shipshape-report";
pub const VERSION: u32 = 1;

#[derive(Serialize, Debug, Clone)]
pub struct Report {
    pub format: &'static str,
    pub version: u32,
    pub command: &'static str,
    pub registry: String,
    pub dry_run: bool,
    pub plan_made_at: Option<i64>,
    pub started_at: i64,
    pub finished_at: i64,
    pub interrupted: bool,
    pub exit_code: i32,
    pub totals: Totals,
    pub items: Vec<Item>,
}

#[derive(Serialize, Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub planned: usize,
    pub gone: usize,
    pub not_gone: usize,
    pub unknown: usize,
}

#[derive(Serialize, Debug, Clone)]
pub struct Item {
    pub repository: String,
    pub digest: String,
    pub tags: Vec<String>,
    pub outcome: String,
    pub detail: String,
}
