//! The run service. Delete runs belong to the session, not to the view
//! that started them: leaving the page does not orphan a run, the header
//! shows one in progress, closing the tab while DELETEs are in flight asks
//! first, and every intent and outcome is written to the journal
//! (`journal.rs`).
//!
//! Every delete (single, bulk, retention plan, attachments, finishing an
//! untag) starts here and runs through the delete engine
//! (`registry::engine`). A run read back from the journal is a [`Run`]
//! too, so one view (`run_view.rs`) and one [`check_again`] serve both.

use super::journal::{self, RunRecord};
use super::report::RunItem;
use crate::registry::client::Registry;
use crate::registry::digest::Digest;
use crate::registry::engine::{ItemReport, Job, Outcome, RunObserver, Target};
use crate::registry::error::{RecordFailure, RegistryError};
use crate::registry::reference::RepositoryName;
use crate::registry::storage::{seen_images, Estimate};
use crate::session::Session;
use crate::storage_scan::StorageScan;
use crate::transport::WebTransport;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::future::Future;
use std::rc::Rc;

/// How many DELETEs run at once.
pub const DELETE_CONCURRENCY: usize = 4;

/// One run: what it was asked to do and what happened so far. Cheap to
/// clone (signals inside).
#[derive(Clone)]
pub struct Run {
    pub id: String,
    /// The registry's base URL.
    pub registry: String,
    /// Repositories, in the order they run.
    pub repos: Vec<String>,
    /// Digests to delete.
    pub total: usize,
    /// Milliseconds since the epoch.
    pub started_at: f64,
    /// Every digest's outcome, as they arrive.
    pub reports: RwSignal<Vec<RunItem>>,
    pub finished: RwSignal<bool>,
    /// DELETEs sent whose outcome is not known yet.
    pub in_flight: RwSignal<usize>,
    pub cancelling: RwSignal<bool>,
    cancel: StoredValue<Rc<Cell<bool>>, LocalStorage>,
    /// What garbage collection should free, once finished.
    pub estimate: RwSignal<Option<Estimate>>,
    /// Read back from the journal (a run of an earlier page load): nothing
    /// runs, and its unknown outcomes count in [`Runs::to_check`].
    pub past: bool,
}

impl Run {
    /// Stop before the next check and the next DELETE; DELETEs already
    /// sent are resolved and reported.
    pub fn cancel(&self) {
        self.cancel.with_value(|c| c.set(true));
        self.cancelling.set(true);
    }

    pub fn done_count(&self) -> usize {
        self.reports.with(Vec::len)
    }

    /// A run from the journal, as it was recorded.
    pub fn past(record: RunRecord, items: Vec<RunItem>) -> Self {
        Run {
            id: record.id,
            registry: record.registry,
            repos: record.repos,
            total: record.total,
            started_at: record.started_at,
            reports: RwSignal::new(items),
            finished: RwSignal::new(record.finished),
            in_flight: RwSignal::new(0),
            cancelling: RwSignal::new(false),
            cancel: StoredValue::new_local(Rc::new(Cell::new(true))),
            estimate: RwSignal::new(None),
            past: true,
        }
    }

    /// What the journal keeps of the run.
    pub fn record(&self, finished: bool) -> RunRecord {
        RunRecord {
            id: self.id.clone(),
            registry: self.registry.clone(),
            repos: self.repos.clone(),
            total: self.total,
            started_at: self.started_at,
            finished,
        }
    }
}

/// The session's runs, newest last. Provided by `App`.
#[derive(Clone, Copy)]
pub struct Runs {
    list: RwSignal<Vec<Run>>,
    /// Earlier outcomes in the journal that nobody knows yet (and untags
    /// left half-way): the header points at them after a reload.
    pub to_check: RwSignal<usize>,
    /// The app's root owner: a run's signals live as long as the app, not
    /// as long as the view that started it.
    owner: StoredValue<Owner, LocalStorage>,
}

/// Feeds a run's signals and the journal from the engine.
struct Observer {
    run: Run,
    repo: String,
    sent: RefCell<BTreeSet<Digest>>,
    session: Option<Session>,
}

impl RunObserver for Observer {
    fn sending(&self, target: &Target) -> impl Future<Output = Result<(), RecordFailure>> {
        self.sent.borrow_mut().insert(target.digest.clone());
        self.run.in_flight.update(|n| *n += 1);
        journal::intent(&self.run.id, &self.repo, target)
    }

    fn report(&self, report: &ItemReport) {
        if self.sent.borrow_mut().remove(&report.digest) {
            self.run.in_flight.update(|n| *n = n.saturating_sub(1));
        }
        // The one place that learns a registry refuses every delete (405
        // `UNSUPPORTED`): no delete is offered from now on.
        if let (Outcome::Failed(RegistryError::DeleteDisabled), Some(session)) =
            (&report.outcome, self.session)
        {
            session.delete_refused.set(true);
        }
        let item = RunItem::of(&self.repo, report);
        journal::set_item(&self.run.id, &item);
        self.run.reports.update(|v| v.push(item));
    }
}

impl Runs {
    /// Called once by `App`, under its root owner.
    pub fn provide() -> Self {
        let runs = Runs {
            list: RwSignal::new(Vec::new()),
            to_check: RwSignal::new(0),
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
        };
        provide_context(runs);
        runs.count_to_check();
        runs
    }

    pub fn expect() -> Self {
        expect_context::<Runs>()
    }

    /// Count what the journal holds that is still to check.
    pub fn count_to_check(&self) {
        let to_check = self.to_check;
        leptos::task::spawn_local(async move {
            if let Some(n) = crate::on_demand::to_check().await {
                to_check.set(n);
            }
        });
    }

    /// One fewer thing in the journal to check.
    pub fn checked_one(&self) {
        self.to_check.update(|n| *n = n.saturating_sub(1));
    }

    /// Start deleting `jobs` (one repository after another) on `registry`.
    /// `on_done` runs once every answer is in.
    pub fn start(&self, registry: Registry, jobs: Vec<Job>, on_done: Option<Callback<()>>) -> Run {
        let owner = self.owner.get_value();
        let run = owner.with(|| {
            let now = js_sys::Date::now();
            Run {
                id: format!("{}-{}", now as u64, self.list.with_untracked(Vec::len)),
                registry: registry.base().to_string(),
                repos: jobs.iter().map(|j| j.name.to_string()).collect(),
                total: jobs.iter().map(|j| j.targets.len()).sum(),
                started_at: now,
                reports: RwSignal::new(Vec::new()),
                finished: RwSignal::new(false),
                in_flight: RwSignal::new(0),
                cancelling: RwSignal::new(false),
                cancel: StoredValue::new_local(Rc::new(Cell::new(false))),
                estimate: RwSignal::new(None),
                past: false,
            }
        });
        self.list.update(|l| l.push(run.clone()));
        let transport = owner.with(WebTransport::new);
        let task_run = run.clone();
        let scan = use_context::<StorageScan>();
        let session = use_context::<Session>();
        journal::run_state(&run.record(false));
        leptos::task::spawn_local(async move {
            let run = task_run;
            let cancel = run.cancel.get_value();
            let mut gone: Vec<(String, Digest)> = Vec::new();
            let mut seen = Vec::new();
            for job in jobs {
                let observer = Observer {
                    run: run.clone(),
                    repo: job.name.to_string(),
                    sent: RefCell::default(),
                    session,
                };
                let done = registry
                    .run_deletes(&transport, &job, DELETE_CONCURRENCY, &cancel, &observer)
                    .await;
                gone.extend(
                    done.iter()
                        .filter(|r| r.outcome.is_gone())
                        .map(|r| (job.name.to_string(), r.digest.clone())),
                );
                seen.extend(seen_images(job.name.as_str(), &job.seen));
            }
            // One accounting over every repository of the run (a layer two
            // of them shared goes when both images go).
            let estimate = scan.map(|scan| scan.estimate(&run.registry, &gone, seen));
            run.estimate.set(estimate);
            run.finished.set(true);
            journal::run_state(&run.record(true));
            if let Some(done) = on_done {
                let _ = done.try_run(());
            }
        });
        run
    }

    /// Runs of this session, oldest first.
    pub fn all(&self) -> Vec<Run> {
        self.list.get()
    }

    pub fn find(&self, id: &str) -> Option<Run> {
        self.list.with(|l| l.iter().find(|r| r.id == id).cloned())
    }

    /// Runs still going: (runs, digests done, digests in all).
    pub fn in_progress(&self) -> (usize, usize, usize) {
        self.list.with(|l| {
            l.iter()
                .filter(|r| !r.finished.get())
                .fold((0, 0, 0), |(n, done, total), r| {
                    (n + 1, done + r.done_count(), total + r.total)
                })
        })
    }

    /// Whether leaving the page now would leave DELETEs unresolved.
    pub fn busy(&self) -> bool {
        self.list
            .with_untracked(|l| l.iter().any(|r| !r.finished.get_untracked()))
    }
}

/// Whether report `i` of `run` can be checked again here: its outcome is
/// unknown and the run was on the registry this page is connected to.
pub fn can_check_again(run: &Run, item: &RunItem) -> bool {
    item.is_unknown() && Session::expect().registry().base() == run.registry
}

/// Ask the registry whether the digest of report `i` of `run` is still
/// there, record the answer in the journal and show it in place of the
/// unknown outcome. The one check again: the delete dialog's, the run
/// view's and the runs page's.
pub fn check_again(run: &Run, i: usize) {
    let session = Session::expect();
    let Some(item) = run.reports.with_untracked(|r| r.get(i).cloned()) else {
        return;
    };
    if !can_check_again(run, &item) {
        return;
    }
    let Ok(name) = RepositoryName::parse(&item.item.repository) else {
        return;
    };
    let registry = session.registry();
    let transport = WebTransport::new();
    let runs = use_context::<Runs>();
    let run = run.clone();
    leptos::task::spawn_local(async move {
        let outcome = registry
            .check_again(&transport, &name, &item.item.digest)
            .await;
        let settled = !outcome.is_unknown();
        let updated = RunItem::of(
            &item.item.repository,
            &ItemReport {
                digest: item.item.digest.clone(),
                tags: item.item.tags.clone(),
                outcome,
            },
        );
        journal::set_item(&run.id, &updated);
        run.reports.update(|r| {
            if let Some(slot) = r.get_mut(i) {
                *slot = updated;
            }
        });
        if settled && run.past {
            if let Some(runs) = runs {
                runs.checked_one();
            }
        }
    });
}
