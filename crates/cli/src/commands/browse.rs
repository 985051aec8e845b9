//! `repos`, `tags`, `inspect`: reading only.

use super::{Ctx, Failure};
use crate::exit;
use crate::output::{date, safe, size, Table};
use registry::image::{ImageKind, ImageSummary};
use registry::reference::{ImageReference, RepositoryName};
use registry::retention::Pattern;
use registry::tags::natural_cmp;
use serde_json::json;

pub async fn repos(ctx: &Ctx, pattern: Option<&str>) -> Result<i32, Failure> {
    let mut seen = 0;
    let read = ctx
        .registry
        .read_catalog(&ctx.t, |page, more| {
            seen += page.len();
            if more {
                ctx.progress.status(&format!("{seen} repositories…"));
            }
        })
        .await?;
    ctx.progress.done();
    if read.link_hidden {
        eprintln!(
            "note: full catalog pages came without a Link header (a proxy dropping it?); \
             the pages after them were asked for with ?last=, and the list is complete"
        );
    }
    let names = read.names;
    let globs = pattern.map(Pattern::parse).filter(|p| !p.is_empty());
    let names: Vec<&String> = names
        .iter()
        .filter(|n| globs.as_ref().is_none_or(|g| g.matching(n).is_some()))
        .collect();
    if ctx.json {
        crate::say!("{}", json!(names));
    } else {
        for n in &names {
            crate::say!("{}", safe(n));
        }
    }
    Ok(exit::DONE)
}

pub fn repository(input: &str) -> Result<RepositoryName, Failure> {
    RepositoryName::parse(input.trim())
        .map_err(|e| registry::error::RegistryError::invalid_reference(input, e).into())
}

fn kind(s: &ImageSummary) -> String {
    match &s.kind {
        ImageKind::Image => "image".into(),
        ImageKind::Index => "index".into(),
        ImageKind::Artifact(t) => format!("artifact ({t})"),
        ImageKind::Other(Some(t)) => t.clone(),
        ImageKind::Other(None) => "unknown".into(),
    }
}

fn platforms(s: &ImageSummary) -> String {
    s.platforms
        .iter()
        .map(|p| p.platform.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn summary_json(s: &ImageSummary) -> serde_json::Value {
    json!({
        "digest": s.digest.to_string(),
        "kind": kind(s),
        "size": s.size,
        "created": s.created.map(|t| t.utc()),
        "platforms": s.platforms.iter().map(|p| json!({
            "platform": p.platform, "digest": p.digest, "size": p.size,
        })).collect::<Vec<_>>(),
    })
}

pub async fn tags(ctx: &Ctx, input: &str, names_only: bool) -> Result<i32, Failure> {
    let name = repository(input)?;
    if names_only {
        let mut tags = ctx.registry.list_tags(&ctx.t, &name).await?;
        tags.sort_by(|a, b| natural_cmp(a, b));
        if ctx.json {
            crate::say!("{}", json!(tags));
        } else {
            for t in &tags {
                crate::say!("{}", safe(t));
            }
        }
        return Ok(exit::DONE);
    }
    ctx.progress
        .status(&format!("reading {name}: tags, then one HEAD per tag…"));
    let facts = ctx.registry.retention_facts(&ctx.t, &name).await?;
    ctx.progress.done();
    let mut rows: Vec<(&String, Option<&ImageSummary>, String)> = facts
        .tags
        .iter()
        .map(|tag| {
            let digest = facts.survey.digest_of.get(tag);
            let summary = digest.and_then(|d| facts.summaries.get(d));
            let problem = digest
                .and_then(|d| facts.unreadable.iter().find(|(u, _)| u == d))
                .map(|(_, e)| crate::explain::one_line(e))
                .or_else(|| {
                    facts
                        .survey
                        .attachments
                        .get(tag.as_str())
                        .map(|(d, k)| format!("{} of {}", k.label(), d.short()))
                })
                .unwrap_or_default();
            (tag, summary, problem)
        })
        .collect();
    // Newest first, as the web UI sorts by date.
    rows.sort_by(|a, b| {
        let created = |r: &(&String, Option<&ImageSummary>, String)| r.1.and_then(|s| s.created);
        created(b)
            .cmp(&created(a))
            .then_with(|| natural_cmp(b.0, a.0))
    });
    if ctx.json {
        let out: Vec<_> = rows
            .iter()
            .map(|(tag, s, problem)| {
                let mut v = s.map(summary_json).unwrap_or_else(|| json!({}));
                v["tag"] = json!(tag);
                if v.get("digest").is_none() {
                    v["digest"] = json!(facts
                        .survey
                        .digest_of
                        .get(tag.as_str())
                        .map(|d| d.to_string()));
                }
                if !problem.is_empty() {
                    v["note"] = json!(problem);
                }
                v
            })
            .collect();
        crate::say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(exit::DONE);
    }
    let mut table = Table::new(vec![
        "TAG",
        "DIGEST",
        "KIND",
        "SIZE",
        "CREATED",
        "PLATFORMS",
    ]);
    for (tag, s, problem) in &rows {
        let digest = facts
            .survey
            .digest_of
            .get(tag.as_str())
            .map(|d| d.short().to_string())
            .unwrap_or_else(|| "-".into());
        match s {
            Some(s) => table.row(vec![
                tag.to_string(),
                digest,
                kind(s),
                size(s.size),
                date(s.created),
                platforms(s),
            ]),
            None => table.row(vec![
                tag.to_string(),
                digest,
                "-".into(),
                "-".into(),
                "-".into(),
                problem.clone(),
            ]),
        }
    }
    crate::say_part!("{}", table.render());
    let distinct = facts.summaries.len() + facts.unreadable.len();
    crate::say!("\n{} tags, {distinct} distinct images", facts.tags.len());
    Ok(exit::DONE)
}

pub async fn inspect(ctx: &Ctx, input: &str) -> Result<i32, Failure> {
    let r = ImageReference::parse_full(input.trim())
        .map_err(|e| registry::error::RegistryError::invalid_reference(input, e))?;
    let fetched = ctx
        .registry
        .get_manifest(&ctx.t, &r.name, &r.reference)
        .await?;
    let media_type = fetched.content_type.clone().unwrap_or_default();
    let summary = ctx
        .registry
        .summarize(&ctx.t, &r.name, fetched.clone())
        .await?;
    // Every tag that shares the digest (deleting it deletes them all).
    let tags = ctx.registry.list_tags(&ctx.t, &r.name).await?;
    let survey = ctx.registry.survey(&ctx.t, &r.name, &tags).await?;
    let mut sharing: Vec<&String> = survey
        .digest_of
        .iter()
        .filter(|(_, d)| **d == summary.digest)
        .map(|(t, _)| t)
        .collect();
    sharing.sort_by(|a, b| natural_cmp(a, b));
    let attached: Vec<String> = survey
        .attachments
        .iter()
        .filter(|(_, (d, _))| *d == summary.digest)
        .map(|(t, (_, k))| format!("{t} ({})", k.label()))
        .collect();
    if ctx.json {
        let mut v = summary_json(&summary);
        v["reference"] = json!(r.to_string());
        v["media_type"] = json!(media_type);
        v["tags"] = json!(sharing);
        v["attachments"] = json!(attached);
        crate::say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(exit::DONE);
    }
    let field = |k: &str, v: String| crate::say!("{k:<12}{}", safe(&v));
    field("Reference", r.to_string());
    field("Digest", summary.digest.to_string());
    field("Media type", media_type);
    field("Kind", kind(&summary));
    field("Size", size(summary.size));
    field("Created", date(summary.created));
    field(
        "Tags",
        sharing
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    if !attached.is_empty() {
        field("Attached", attached.join(", "));
    }
    if summary.kind == ImageKind::Index {
        crate::say!("Platforms");
        let mut table = Table::new(vec!["  PLATFORM", "DIGEST", "SIZE"]);
        for p in &summary.platforms {
            table.row(vec![
                format!("  {}", p.platform),
                p.digest.clone(),
                size(p.size),
            ]);
        }
        crate::say_part!("{}", table.render());
    } else if !summary.platforms.is_empty() {
        field("Platform", platforms(&summary));
    }
    Ok(exit::DONE)
}

/// Repositories read at once by `storage`.
const SCAN_CONCURRENCY: usize = 4;

/// `storage [GLOBS]`: where the registry's disk goes, each blob counted
/// once across the repositories read (as distribution stores it).
pub async fn storage(ctx: &Ctx, pattern: Option<&str>) -> Result<i32, Failure> {
    use registry::storage::Storage;
    let pattern = pattern.map(str::trim).filter(|p| !p.is_empty());
    let names = ctx
        .registry
        .repository_list(&ctx.t, pattern, &[])
        .await?
        .names;
    let total = names.len();
    let mut images = Vec::new();
    let mut not_counted: Vec<String> = Vec::new();
    let mut failed: Option<registry::error::RegistryError> = None;
    let mut done = 0;
    // A repository that cannot be read stops the command: no further one starts.
    let stop = std::cell::Cell::new(false);
    ctx.registry
        .storage_scan(&ctx.t, names, SCAN_CONCURRENCY, &stop, |scanned| {
            done += 1;
            ctx.progress
                .status(&format!("read {} ({done}/{total})…", scanned.name));
            match scanned.read {
                Ok(read) => {
                    not_counted.extend(
                        read.not_counted
                            .iter()
                            .map(|t| format!("{}:{t}", scanned.name)),
                    );
                    images.extend(read.images);
                }
                Err(e) => {
                    stop.set(true);
                    failed.get_or_insert(e);
                }
            }
        })
        .await;
    if let Some(e) = failed {
        return Err(e.into());
    }
    ctx.progress.done();
    let storage = Storage::of(images);
    let repositories = storage.repositories();
    if ctx.json {
        let out = json!({
            "total": storage.total(),
            "repositories": repositories.iter().map(|r| json!({
                "name": r.name, "images": r.images, "tags": r.tags,
                "total": r.total(), "exclusive": r.exclusive, "shared": r.shared,
            })).collect::<Vec<_>>(),
            "largest": storage.largest(10).iter().map(|(i, bytes)| json!({
                "repository": i.repository, "digest": i.digest, "tags": i.tags, "bytes": bytes,
            })).collect::<Vec<_>>(),
            "most_shared": storage.most_shared(10).iter().map(|b| json!({
                "digest": b.digest, "size": b.size, "images": b.images, "repositories": b.repositories,
            })).collect::<Vec<_>>(),
            "by_month": storage.by_month().iter().map(|(m, bytes)| json!({
                "month": m, "bytes": bytes,
            })).collect::<Vec<_>>(),
            "not_counted": not_counted,
        });
        crate::say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(exit::DONE);
    }
    crate::say!(
        "{} in {} repositories: the distinct blobs (manifests, configs, layers) that tagged images reference, each counted once",
        size(Some(storage.total())),
        repositories.len()
    );
    let mut table = Table::new(vec![
        "REPOSITORY",
        "IMAGES",
        "TAGS",
        "TOTAL",
        "EXCLUSIVE",
        "SHARED",
    ]);
    for r in &repositories {
        table.row(vec![
            r.name.clone(),
            r.images.to_string(),
            r.tags.to_string(),
            size(Some(r.total())),
            size(Some(r.exclusive)),
            size(Some(r.shared)),
        ]);
    }
    crate::say_part!("{}", table.render());
    crate::say!(
        "EXCLUSIVE is what garbage collection frees if every tag of the repository goes; SHARED stays while another repository uses it."
    );
    crate::say!(
        "Untagged manifests (deleted, or pushes overwritten under the same tag) are invisible to the API: the disk can hold more until `registry garbage-collect` runs."
    );
    if !not_counted.is_empty() {
        eprintln!(
            "note: {} tags could not be read and are not counted: {}",
            not_counted.len(),
            not_counted
                .iter()
                .map(|t| safe(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(exit::DONE)
}
