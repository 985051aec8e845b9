//! `tag SRC TAG` and `copy SRC DEST`: writing a tag, on the core's
//! `copy.rs` (exact bytes, digest checked, the destination tag resolved
//! again right before the write).

use super::{Ctx, Failure};
use crate::explain;
use crate::output::{bytes, safe};
use crate::{exit, CopyArgs, TagArgs, WriteArgs};
use registry::copy::{AttachmentCopy, BlobWay, CopyError, CopyObserver, CopyPlan, WriteKind};
use registry::error::RegistryError;
use registry::reference::{ImageReference, Reference, RepositoryName, Tag};
use serde_json::json;

pub async fn tag(ctx: &Ctx, args: &TagArgs) -> Result<i32, Failure> {
    let (name, reference) = source(&args.source)?;
    let tag =
        Tag::parse(args.tag.trim()).map_err(|e| RegistryError::invalid_reference(&args.tag, e))?;
    write(ctx, &name, &reference, &name, &tag, &args.write).await
}

pub async fn copy(ctx: &Ctx, args: &CopyArgs) -> Result<i32, Failure> {
    let (name, reference) = source(&args.source)?;
    let dest = ImageReference::parse_full(args.destination.trim())
        .map_err(|e| RegistryError::invalid_reference(&args.destination, e))?;
    let tag = match dest.reference {
        Reference::Tag(t) => t,
        Reference::Digest(_) => {
            return Err(Failure::usage(
                "the destination needs a tag (name:tag): a digest is what the copy keeps, not a name for it",
                Some("e.g. shipshape-cli copy team/app:rc-17 prod/app:1.4.0"),
            ))
        }
    };
    write(ctx, &name, &reference, &dest.name, &tag, &args.write).await
}

fn source(input: &str) -> Result<(RepositoryName, Reference), Failure> {
    let r = ImageReference::parse_full(input.trim())
        .map_err(|e| RegistryError::invalid_reference(input, e))?;
    Ok((r.name, r.reference))
}

/// Progress lines for the blobs.
struct Lines<'a>(&'a Ctx);

impl CopyObserver for Lines<'_> {
    fn blob(&self, done: usize, total: usize, way: BlobWay) {
        let how = match way {
            BlobWay::AlreadyThere => "already there",
            BlobWay::Mounted => "mounted",
            BlobWay::Uploaded => "uploaded",
        };
        self.0
            .progress
            .status(&format!("blob {done}/{total} {how}"));
    }
}

async fn write(
    ctx: &Ctx,
    name: &RepositoryName,
    reference: &Reference,
    dest: &RepositoryName,
    tag: &Tag,
    args: &WriteArgs,
) -> Result<i32, Failure> {
    let plan = match ctx
        .registry
        .plan_copy(&ctx.t, name, reference, dest, tag)
        .await
    {
        Ok(p) => p,
        Err(e) => return Ok(failed(&e)),
    };
    let target = format!("{}:{}", safe(dest.as_str()), safe(tag.as_str()));
    let mut previous_keeps = None;
    if let Some(old) = plan
        .replaces
        .as_ref()
        .filter(|_| plan.kind() == WriteKind::Move)
    {
        previous_keeps = Some(ctx.registry.tags_on(&ctx.t, dest, old).await?);
    }
    if !ctx.json {
        describe(&plan, &target, previous_keeps.as_deref());
    }
    if plan.kind() == WriteKind::Move && !args.overwrite && !args.dry_run {
        eprintln!(
            "error: {target} exists and points at another image. Nothing was written. \
             Pass --overwrite to move it."
        );
        return Ok(exit::USAGE);
    }
    if args.dry_run {
        if ctx.json {
            crate::say!("{}", report(&plan, None, "dry-run"));
        }
        return Ok(exit::DONE);
    }
    match ctx.registry.copy(&ctx.t, &plan, &Lines(ctx)).await {
        Ok(out) => {
            ctx.progress.done();
            let carried = if args.with_attachments && !plan.same_repository() {
                Some(carry(ctx, &plan).await?)
            } else {
                None
            };
            if ctx.json {
                let mut doc = report(
                    &plan,
                    Some(&out),
                    if out.written {
                        "written"
                    } else {
                        "already-there"
                    },
                );
                if let Some(carried) = &carried {
                    doc["attachments"] = json!(carried
                        .iter()
                        .map(|c| json!({
                            "tag": c.tag.as_str(),
                            "kind": c.kind.label(),
                            "outcome": match &c.result { Ok(_) => "written", Err(e) => e.kind() },
                        }))
                        .collect::<Vec<_>>());
                }
                crate::say!("{doc}");
            } else if out.written {
                let mut how = Vec::new();
                for (n, word) in [
                    (out.blobs_mounted, "mounted"),
                    (out.blobs_present, "already there"),
                    (out.blobs_uploaded, "uploaded"),
                ] {
                    if n > 0 {
                        how.push(format!("{n} {word}"));
                    }
                }
                let blobs = if how.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; blobs: {}{}",
                        how.join(", "),
                        if out.bytes_uploaded > 0 {
                            format!(" ({} sent)", bytes(out.bytes_uploaded))
                        } else {
                            String::new()
                        }
                    )
                };
                let platforms = if out.manifests > 0 {
                    format!("; {} platform manifests", out.manifests)
                } else {
                    String::new()
                };
                crate::say!(
                    "written: {target} -> {} (digest checked){blobs}{platforms}",
                    plan.digest
                );
            } else {
                crate::say!("nothing to do: {target} already points at {}", plan.digest);
            }
            Ok(carried.map_or(exit::DONE, |c| attachment_lines(ctx, &c)))
        }
        Err(e) => {
            ctx.progress.done();
            if ctx.json {
                crate::say!(
                    "{}",
                    json!({"outcome": e.kind(), "destination": format!("{}:{}", dest, tag), "digest": plan.digest.to_string()})
                );
            }
            Ok(failed(&e))
        }
    }
}

/// The image's attachments under tags, carried to the destination.
async fn carry(ctx: &Ctx, plan: &CopyPlan) -> Result<Vec<AttachmentCopy>, Failure> {
    let tags = ctx
        .registry
        .attachment_tags(&ctx.t, &plan.source, &plan.digest)
        .await?;
    Ok(ctx
        .registry
        .copy_attachments(&ctx.t, plan, &tags, || registry::copy::Unwatched)
        .await)
}

/// Each attachment's outcome on a line (errors on standard error); the
/// exit code.
fn attachment_lines(ctx: &Ctx, carried: &[AttachmentCopy]) -> i32 {
    if carried.is_empty() && !ctx.json {
        crate::say!("no attachments under tags to carry");
    }
    let mut code = exit::DONE;
    for c in carried {
        let (tag, kind) = (safe(c.tag.as_str()), c.kind.label());
        match &c.result {
            Ok(_) if !ctx.json => crate::say!("attachment {tag} ({kind}): written"),
            Ok(_) => {}
            Err(e) => {
                eprintln!(
                    "attachment {tag} ({kind}): {}",
                    explain::copy_error(e).render()
                );
                code = code.max(match e {
                    CopyError::Unknown { .. } => exit::UNKNOWN,
                    _ => exit::NOT_ALL,
                });
            }
        }
    }
    code
}

fn describe(plan: &CopyPlan, target: &str, previous_keeps: Option<&[String]>) {
    let what = if plan.is_index {
        format!("multi-arch index, {} manifests", plan.children.len().max(1))
    } else {
        "image".to_string()
    };
    let verb = match plan.kind() {
        WriteKind::AddTag => "Tagging",
        WriteKind::Copy => "Copying",
        WriteKind::Move => "Moving",
        WriteKind::AlreadyThere => "Checking",
    };
    crate::say!(
        "{verb} {} ({}, {what}) to {target}",
        safe(&plan.source_image().to_string()),
        plan.digest
    );
    if !plan.same_repository() {
        let blobs = plan.all_blobs();
        crate::say!(
            "  {} blobs ({}) mounted from {} where the registry allows, else uploaded",
            blobs.len(),
            bytes(plan.blob_bytes()),
            safe(plan.source.as_str())
        );
    }
    match (&plan.replaces, previous_keeps) {
        (None, _) => crate::say!("  {target} is new"),
        (Some(old), _) if *old == plan.digest => {
            crate::say!("  {target} already points at this image")
        }
        (Some(old), Some(keeps)) => {
            let others: Vec<&str> = keeps
                .iter()
                .map(String::as_str)
                .filter(|t| *t != plan.tag.as_str())
                .collect();
            crate::say!("  {target} points at {old} now");
            if others.is_empty() {
                crate::say!(
                    "  that image becomes untagged: garbage collection (with --delete-untagged) frees what only it uses"
                );
            } else {
                crate::say!(
                    "  that image keeps its other tags: {}",
                    safe(&others.join(", "))
                );
            }
        }
        (Some(old), None) => crate::say!("  {target} points at {old} now"),
    }
}

fn report(
    plan: &CopyPlan,
    out: Option<&registry::copy::CopyOutcome>,
    outcome: &str,
) -> serde_json::Value {
    json!({
        "outcome": outcome,
        "source": plan.source_image().to_string(),
        "digest": plan.digest.to_string(),
        "destination": format!("{}:{}", plan.dest, plan.tag),
        "previous": plan.replaces.as_ref().map(|d| d.to_string()),
        "blobs": out.map(|o| json!({
            "alreadyThere": o.blobs_present,
            "mounted": o.blobs_mounted,
            "uploaded": o.blobs_uploaded,
            "bytesUploaded": o.bytes_uploaded,
        })),
        "platformManifests": out.map(|o| o.manifests),
    })
}

/// The error in words on standard error; the exit code.
fn failed(e: &CopyError) -> i32 {
    eprintln!("{}", explain::copy_error(e).render());
    match e {
        CopyError::Moved { .. } | CopyError::Protected { .. } => exit::NOT_ALL,
        CopyError::Unknown { .. } => exit::UNKNOWN,
        CopyError::NotCopyable { .. } | CopyError::TooDeep => exit::USAGE,
        CopyError::Failed {
            error: RegistryError::InvalidReference { .. },
            ..
        } => exit::USAGE,
        _ => exit::REGISTRY,
    }
}
