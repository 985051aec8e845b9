//! `rm REF`: one image, with everything its DELETE takes listed first.

use super::run::{run_jobs, RunRequest};
use super::{Ctx, Failure};
use crate::output::safe;
use crate::{exit, RmArgs};
use registry::error::RegistryError;
use registry::reference::{ImageReference, Reference};
use std::collections::BTreeMap;

pub async fn rm(ctx: &Ctx, args: &RmArgs) -> Result<i32, Failure> {
    let r = ImageReference::parse_full(args.reference.trim())
        .map_err(|e| RegistryError::invalid_reference(&args.reference, e))?;
    let (digest, shown) = match &r.reference {
        Reference::Digest(d) => (d.clone(), None),
        Reference::Tag(t) => {
            let (d, _) = ctx.registry.resolve_fresh(&ctx.t, &r.name, t).await?;
            (d, Some(t.as_str().to_string()))
        }
    };
    let single = ctx.registry.single_delete(&ctx.t, &r.name, &digest).await?;
    let impact = &single.impact;
    if !ctx.json {
        crate::say!("Deleting {}@{} removes:", safe(r.name.as_str()), digest);
        if impact.tags.is_empty() {
            crate::say!("  no tags (the manifest is untagged)");
        } else {
            crate::say!(
                "  {} tag{}: {}",
                impact.tags.len(),
                if impact.tags.len() == 1 { "" } else { "s" },
                safe(&impact.tags.join(", "))
            );
        }
        if !impact.children.is_empty() {
            crate::say!(
                "  it is a multi-arch index; its {} manifests become untagged ({}). A normal garbage collection keeps them; \
                 only --delete-untagged removes them, and on distribution 2.8 that also breaks other multi-arch images",
                impact.children.len(),
                impact
                    .children
                    .iter()
                    .map(|c| safe(&c.what))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if !impact.attachments.is_empty() {
            crate::say!(
                "  attached: {}{}",
                impact
                    .attachments
                    .iter()
                    .map(|(t, k)| format!("{} ({})", safe(t), k.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
                if args.with_attachments {
                    " (deleted too)"
                } else {
                    " (left behind; --with-attachments deletes them too)"
                }
            );
        }
    }
    if impact.is_blocked() {
        eprintln!(
            "error: kept multi-arch images list this manifest: {}. Deleting it would break them; delete those first.",
            impact
                .parents
                .iter()
                .map(|(t, _)| safe(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(exit::NOT_ALL);
    }
    // A script says which tags it means to delete: with --yes, a tag that
    // goes without being named stops the run before anything is sent.
    let named: Vec<&str> = shown
        .iter()
        .map(String::as_str)
        .chain(args.also.iter().map(|t| t.trim()))
        .collect();
    let unnamed: Vec<&str> = impact
        .tags
        .iter()
        .map(String::as_str)
        .filter(|t| !named.contains(t))
        .collect();
    if !args.all_tags && !unnamed.is_empty() {
        let list = safe(&unnamed.join(","));
        if args.run.yes {
            eprintln!(
                "error: deleting this image also removes {} you did not name: {list}. Nothing was sent. \
                 Name them with --also {list}, or pass --all-tags.",
                if unnamed.len() == 1 { "a tag" } else { "tags" }
            );
            return Ok(exit::USAGE);
        }
        if !ctx.json {
            crate::say!("  with --yes, name them: --also {list} (or --all-tags)");
        }
    }
    let job = single.job(shown.as_deref(), args.with_attachments, BTreeMap::new());
    run_jobs(
        ctx,
        RunRequest {
            command: "rm",
            jobs: vec![job],
            yes: args.run.yes,
            report: args.run.report.as_ref(),
            plan_made_at: None,
        },
    )
    .await
}
