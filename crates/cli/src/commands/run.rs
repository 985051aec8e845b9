//! Every delete the command sends goes through here, and from here through
//! the core's delete engine (`Registry::run_deletes`): per digest, the tags
//! confirmed for it are checked live just before its DELETE, and anything
//! that differs stops it. Without `--yes` the same check runs and nothing
//! is sent. Ctrl-C stops new DELETEs; those already sent are resolved.

use super::{Ctx, Failure};
use crate::exit;
use crate::explain;
use crate::output::{now_seconds, Table};
use registry::engine::{ItemReport, Job, Outcome, RunObserver, Target};
use registry::error::RegistryError;
use registry::report::{ReportItem, RunReport, WOULD_DELETE};
use std::cell::Cell;
use std::path::PathBuf;

pub struct RunRequest<'a> {
    pub command: &'static str,
    pub jobs: Vec<Job>,
    pub yes: bool,
    pub report: Option<&'a PathBuf>,
    pub plan_made_at: Option<i64>,
}

struct Observer<'a> {
    ctx: &'a Ctx,
    repository: String,
    done: Cell<usize>,
    total: usize,
}

impl RunObserver for Observer<'_> {
    async fn sending(&self, target: &Target) -> Result<(), registry::error::RecordFailure> {
        self.ctx.progress.status(&format!(
            "[{}/{}] deleting {}@{} ({})",
            self.done.get() + 1,
            self.total,
            self.repository,
            target.digest.short(),
            tags_text(&target.tags)
        ));
        Ok(())
    }

    fn report(&self, r: &ItemReport) {
        self.done.set(self.done.get() + 1);
        self.ctx.progress.line(&format!(
            "[{}/{}] {}@{} ({}): {}",
            self.done.get(),
            self.total,
            self.repository,
            r.digest.short(),
            tags_text(&r.tags),
            explain::outcome(&r.outcome)
        ));
    }
}

fn tags_text(tags: &[String]) -> String {
    if tags.is_empty() {
        "untagged".into()
    } else {
        tags.join(", ")
    }
}

/// Run (or with `yes == false`, check) every job; print the results, write
/// the report, and say how it ended as an exit code.
pub async fn run_jobs(ctx: &Ctx, req: RunRequest<'_>) -> Result<i32, Failure> {
    let started_at = now_seconds();
    let planned: usize = req.jobs.iter().map(|j| j.targets.len()).sum();
    let mut items = Vec::with_capacity(planned);
    let mut refusal: Option<RegistryError> = None;
    let cancel = Cell::new(false);
    let interrupted = Cell::new(false);
    if req.yes {
        let work = async {
            let mut done = 0;
            for job in &req.jobs {
                let observer = Observer {
                    ctx,
                    repository: job.name.to_string(),
                    done: Cell::new(done),
                    total: planned,
                };
                let reports = ctx
                    .registry
                    .run_deletes(&ctx.t, job, ctx.concurrency, &cancel, &observer)
                    .await;
                done = observer.done.get();
                for r in reports {
                    if let Outcome::Failed(e) = &r.outcome {
                        if stops_everything(e) && refusal.is_none() {
                            refusal = Some(e.clone());
                        }
                    }
                    let mut item = ReportItem::of(job.name.as_str(), &r);
                    item.detail = explain::outcome(&r.outcome);
                    items.push(item);
                }
            }
        };
        let watch = async {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.set(true);
                interrupted.set(true);
                eprintln!(
                    "\ninterrupted: no new DELETE will be sent; waiting for the answers to those already sent (Ctrl-C again to quit at once)"
                );
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!("quit: DELETEs in flight have unknown outcomes; run the plan again without --yes to see what is left");
                    std::process::exit(exit::INTERRUPTED);
                }
            }
            std::future::pending::<()>().await
        };
        tokio::select! {
            () = work => {}
            () = watch => {}
        }
    } else {
        for job in &req.jobs {
            ctx.progress
                .status(&format!("checking {} against the registry…", job.name));
            let verdicts = ctx
                .registry
                .preview(&ctx.t, &job.name, &job.targets, &job.known_tags)
                .await;
            for (target, stop) in job.targets.iter().zip(verdicts) {
                let detail = match &stop {
                    None => "would be deleted".to_string(),
                    Some(s) => format!("would not be sent: {}", explain::stop(s)),
                };
                let mut item = ReportItem::would(job.name.as_str(), target, stop);
                item.detail = detail;
                items.push(item);
            }
        }
    }
    ctx.progress.done();
    let mut report = RunReport::new(req.command, ctx.registry.base(), started_at, planned, items);
    let totals = &report.totals;
    let code = if !req.yes {
        exit::DONE
    } else if interrupted.get() {
        exit::INTERRUPTED
    } else if totals.unknown > 0 {
        exit::UNKNOWN
    } else if refusal.is_some() && totals.gone == 0 {
        exit::REGISTRY
    } else if totals.not_gone > 0 {
        exit::NOT_ALL
    } else {
        exit::DONE
    };
    report.dry_run = !req.yes;
    report.plan_made_at = req.plan_made_at;
    report.finished_at = Some(now_seconds());
    report.interrupted = interrupted.get();
    report.exit_code = Some(code);
    if let Some(path) = req.report {
        let body = report.to_json();
        if let Err(e) = std::fs::write(path, body + "\n") {
            eprintln!(
                "warning: could not write the report to {}: {e}",
                path.display()
            );
        }
    }
    if ctx.json {
        crate::say!("{}", report.to_json());
    } else {
        print_report(&report);
    }
    if let Some(e) = &refusal {
        eprintln!("{}", explain::registry_error(e).render());
    }
    Ok(code)
}

/// A refusal every other DELETE would get too.
fn stops_everything(e: &RegistryError) -> bool {
    matches!(
        e,
        RegistryError::DeleteDisabled
            | RegistryError::ReadOnly { .. }
            | RegistryError::Unauthorized { .. }
            | RegistryError::Denied { .. }
    )
}

fn print_report(report: &RunReport) {
    if report.items.is_empty() {
        crate::say!("Nothing to delete.");
        return;
    }
    let mut table = Table::new(vec!["REPOSITORY", "DIGEST", "TAGS", "RESULT"]);
    for i in &report.items {
        let digest = i.digest.to_string();
        let short = digest.get(..19).unwrap_or(&digest).to_string();
        table.row(vec![
            i.repository.clone(),
            short,
            tags_text(&i.tags),
            i.detail.clone(),
        ]);
    }
    crate::say_part!("{}", table.render());
    let t = &report.totals;
    if report.dry_run {
        let would = report
            .items
            .iter()
            .filter(|i| i.outcome == WOULD_DELETE)
            .count();
        crate::say!(
            "\nDry run: {would} of {} images would be deleted now; nothing was sent. Add --yes to delete.",
            t.planned
        );
    } else {
        crate::say!(
            "\n{} of {} images deleted, {} not deleted, {} unknown.{}",
            t.gone,
            t.planned,
            t.not_gone,
            t.unknown,
            if t.gone > 0 {
                " Disk space returns when `registry garbage-collect` runs on the registry's host."
            } else {
                ""
            }
        );
        if report.interrupted {
            crate::say!("Interrupted: DELETEs not yet sent were not sent.");
        }
    }
}
