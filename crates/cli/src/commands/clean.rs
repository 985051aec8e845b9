//! `plan` and `apply`: the clean-up page's planner and plan files.

use super::run::{run_jobs, RunRequest};
use super::{Ctx, Failure};
use crate::explain::duration;
use crate::output::{now_seconds, Table};
use crate::{exit, ApplyArgs, PlanArgs};
use registry::plan_file::PlanFile;
use registry::retention::{DryRun, Pattern, Policy};
use registry::time::format_utc;
use std::path::Path;

fn policy(args: &PlanArgs) -> Result<Policy, Failure> {
    if args.keep_newest.is_none() && args.keep_newer_than.is_none() {
        return Err(Failure::usage(
            "say what to keep: --keep-newest N and/or --keep-newer-than DAYS",
            Some("Tags matching --always-keep are kept either way; --keep-newest 0 deletes every tag --only-consider names."),
        ));
    }
    Ok(Policy {
        keep_newest: args.keep_newest,
        keep_newer_than_days: args.keep_newer_than,
        always_keep: Pattern::parse(args.always_keep.as_deref().unwrap_or_default()),
        only_consider: Pattern::parse(args.only_consider.as_deref().unwrap_or_default()),
        undated_as_oldest: args.undated_as_oldest,
    })
}

/// The policy in one line, as the plan's header says it.
fn policy_text(p: &Policy) -> String {
    let mut parts = Vec::new();
    if let Some(n) = p.keep_newest {
        parts.push(format!("keep newest {n}"));
    }
    if let Some(d) = p.keep_newer_than_days {
        parts.push(format!("keep newer than {d} days"));
    }
    if !p.always_keep.is_empty() {
        parts.push(format!("always keep {}", p.always_keep));
    }
    if !p.only_consider.is_empty() {
        parts.push(format!("only consider {}", p.only_consider));
    }
    parts.push(if p.undated_as_oldest {
        "undated count as oldest".into()
    } else {
        "undated kept".into()
    });
    parts.join(", ")
}

pub async fn plan(ctx: &Ctx, args: &PlanArgs) -> Result<i32, Failure> {
    let policy = policy(args)?;
    let now = now_seconds();
    let dry = ctx
        .registry
        .dry_run(&ctx.t, &args.repos, &policy, now, |i, total, name| {
            ctx.progress
                .status(&format!("planning {name} ({i}/{total})…"));
        })
        .await?;
    ctx.progress.done();
    if let Some(skew) = dry.clock_skew {
        eprintln!(
            "note: the registry's clock is {} {} this host's; ages are counted by the registry's clock",
            crate::explain::duration(skew.abs()),
            if skew > 0 { "ahead of" } else { "behind" }
        );
    }
    if dry.repositories.is_empty() {
        return Err(Failure::usage(
            format!("no repository matches \"{}\"", crate::output::safe(&args.repos)),
            Some("`shipshape-cli repos` lists the repositories; globs use * and ?, separated by commas."),
        ));
    }
    if dry
        .repositories
        .iter()
        .all(|(facts, _)| facts.tags.is_empty())
    {
        return Err(Failure::usage(
            format!(
                "\"{}\" names no tags: the repository does not exist, or it was emptied",
                crate::output::safe(&args.repos)
            ),
            None,
        ));
    }
    let file = PlanFile::from_dry_run(ctx.registry.base(), &dry);
    if let Some(path) = &args.output {
        std::fs::write(path, file.to_json() + "\n")
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display()), None))?;
        ctx.progress
            .line(&format!("plan written to {}", path.display()));
    }
    if args.apply {
        if !ctx.json {
            print_plan(&dry, &policy);
        }
        let jobs = file.jobs().map_err(Failure::Plan)?;
        return run_jobs(
            ctx,
            RunRequest {
                command: "plan",
                jobs,
                yes: args.run.yes,
                report: args.run.report.as_ref(),
                plan_made_at: Some(file.made_at),
            },
        )
        .await;
    }
    if ctx.json {
        crate::say!("{}", file.to_json());
    } else {
        print_plan(&dry, &policy);
        crate::say!(
            "\nNothing was deleted. {}",
            if args.output.is_some() {
                "Review the plan file in the clean-up page, or run it with `shipshape-cli apply FILE --yes`."
            } else {
                "Write it with --output FILE, or run it now with --apply --yes."
            }
        );
    }
    Ok(exit::DONE)
}

fn print_plan(dry: &DryRun, policy: &Policy) {
    crate::say!("Policy: {}", policy_text(policy));
    for (facts, grouped) in &dry.repositories {
        let Some(plan) = dry
            .set
            .repositories
            .iter()
            .find(|r| r.repository == facts.name.as_str())
        else {
            continue;
        };
        crate::say!("\n{}", crate::output::safe(facts.name.as_str()));
        let mut table = Table::new(vec!["  TAG", "DIGEST", "CREATED", "ACTION", "RULE"]);
        for d in &plan.plan.decisions {
            let created = facts
                .survey
                .digest_of
                .get(&d.tag)
                .and_then(|digest| facts.summaries.get(digest))
                .and_then(|s| s.created);
            let (rule, detail) = d.reason.rule();
            table.row(vec![
                format!("  {}", d.tag),
                d.digest.get(7..19).unwrap_or(&d.digest).to_string(),
                crate::output::date(created),
                if d.keep { "keep" } else { "DELETE" }.into(),
                if detail.is_empty() {
                    rule.to_string()
                } else {
                    format!("{rule} {detail}")
                },
            ]);
        }
        if table.is_empty() {
            crate::say!("  no tags");
        } else {
            crate::say_part!("{}", table.render());
        }
        let sendable = grouped.sendable();
        let blocked = grouped.targets.len() - sendable.len();
        crate::say!(
            "  → {} images to delete ({} tags){}",
            sendable.len(),
            sendable.iter().map(|t| t.tags.len()).sum::<usize>(),
            if blocked > 0 {
                format!(", {blocked} kept because a kept multi-arch image lists them")
            } else {
                String::new()
            }
        );
    }
}

/// Read and parse a plan file (before any request).
pub fn read_plan(path: &Path) -> Result<PlanFile, Failure> {
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::usage(
            format!("cannot read the plan file {}: {e}", path.display()),
            None,
        )
    })?;
    PlanFile::parse(&bytes).map_err(Failure::Plan)
}

pub async fn apply(ctx: &Ctx, plan: PlanFile, args: &ApplyArgs) -> Result<i32, Failure> {
    let now = now_seconds();
    let max_age = (!args.any_age).then_some(args.max_age);
    plan.check(ctx.registry.base(), now, max_age)
        .map_err(Failure::Plan)?;
    let jobs = plan.jobs().map_err(Failure::Plan)?;
    if !ctx.json {
        crate::say!(
            "Plan for {} made {} ({} ago). Policy: {}",
            crate::output::safe(&plan.registry),
            format_utc(plan.made_at),
            duration(now - plan.made_at),
            policy_text(&plan.policy)
        );
    }
    run_jobs(
        ctx,
        RunRequest {
            command: "apply",
            jobs,
            yes: args.run.yes,
            report: args.run.report.as_ref(),
            plan_made_at: Some(plan.made_at),
        },
    )
    .await
}
