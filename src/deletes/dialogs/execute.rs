//! Running a retention plan (made on the clean-up page or loaded from a
//! plan file): its age, the number of images typed to confirm, then the run.

use super::confirm::{ConfirmActions, RunDialog, TypeToConfirm};
use crate::deletes::runs::{Run, Runs};
use crate::i18n::{phrase, text};
use crate::registry::engine::Job;
use crate::session::Session;
use leptos::prelude::*;

/// The plan's run dialog, shown while `open`.
#[component]
pub fn ExecuteDialog(
    /// Whether the dialog is open.
    open: RwSignal<bool>,
    /// What to delete, per repository.
    jobs: StoredValue<Vec<Job>>,
    /// When the plan was made (seconds since the epoch).
    planned_at: i64,
    /// Called when the dialog closes after a run was started.
    on_after_run: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let runs = Runs::expect();
    let lang = session.lang;
    let started_once = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    // The run, once confirmed.
    let run: RwSignal<Option<Run>, LocalStorage> = RwSignal::new_local(None);
    let close = Callback::new(move |_| {
        open.set(false);
        typed.set(String::new());
        run.set(None);
        if started_once.get_untracked() {
            on_after_run.run(());
        }
    });
    // Made here, not in the confirmation (which goes when the run starts,
    // and its callbacks with it): the run calls it once every answer is in.
    let on_done = Callback::new(move |_| started_once.set(true));
    let n: usize = jobs.with_value(|j| j.iter().map(|j| j.targets.len()).sum());
    let expected = n.to_string();
    let ask = move || {
        let expected = expected.clone();
        let ready = {
            let expected = expected.clone();
            Signal::derive(move || typed.get().trim() == expected)
        };
        let now = (js_sys::Date::now() / 1000.0) as i64;
        view! {
            <p>{move || phrase::execute_summary(lang.get(), n)}</p>
            <p class="muted" data-testid="plan-age">{move || phrase::plan_age(lang.get(), &phrase::ago(lang.get(), now, planned_at))}</p>
            <TypeToConfirm prompt=text::TYPE_COUNT_TO_CONFIRM expected=expected typed testid="execute-confirm-input"/>
            <ConfirmActions
                on_cancel=close
                ready
                label=Signal::derive(move || phrase::delete_images(lang.get(), n))
                testid="execute-confirm"
                on_confirm=Callback::new(move |_| run.set(Some(runs.start(session.registry(), jobs.get_value(), Some(on_done)))))
            />
        }
    };
    view! {
        <Show when=move || open.get()>
            <RunDialog
                title_id="execute-title"
                title=Signal::derive(move || text::EXECUTE_PLAN.get(lang.get()).to_string())
                testid="execute-dialog"
                wide=true
                on_close=close
                run
                ask=ViewFn::from(ask.clone())
            />
        </Show>
    }
}
