//! What every delete dialog is made of: [`RunDialog`] (the confirmation
//! until the user starts the run, then the run, which belongs to the
//! session and goes on if the dialog closes), [`TypeToConfirm`] ("type X
//! to confirm" and its box) and [`ConfirmActions`] (Cancel and the red
//! button that starts the run).

use super::super::run_view::RunView;
use super::super::runs::Run;
use crate::components::modal::Modal;
use crate::i18n::{text, Text};
use crate::session::Session;
use leptos::prelude::*;

/// A delete dialog: `ask` until a run is in `run`, then the run
/// (`RunView`, or `shown`). Escape closes it until the run starts, or while
/// `can_close` says so.
#[component]
pub fn RunDialog(
    /// The `id` of the title heading.
    title_id: &'static str,
    /// The dialog's title.
    #[prop(into)]
    title: Signal<String>,
    /// The dialog's `data-testid`.
    testid: &'static str,
    /// The wider layout, for lists of targets.
    #[prop(optional)]
    wide: bool,
    /// Close (a run goes on).
    on_close: Callback<()>,
    /// The run, once the user confirmed.
    run: RwSignal<Option<Run>, LocalStorage>,
    /// Whether Escape may close the dialog; by default until the run starts.
    #[prop(optional, into)]
    can_close: Option<Signal<bool>>,
    /// The run's view, when not the run view (the single delete's result).
    #[prop(optional)]
    shown: Option<Callback<Run, AnyView>>,
    /// Before the run: the facts and the confirmation.
    ask: ViewFn,
) -> impl IntoView {
    let can_close = can_close.unwrap_or_else(|| Signal::derive(move || run.with(Option::is_none)));
    view! {
        <Modal title_id title testid wide on_close can_close>
            {move || match run.get() {
                Some(run) => match shown {
                    Some(shown) => shown.run(run),
                    None => view! { <RunView run on_close/> }.into_any(),
                },
                None => ask.run().into_any(),
            }}
        </Modal>
    }
}

/// "Type … to confirm" and the box it is typed into.
#[component]
pub fn TypeToConfirm(
    /// "Type … to confirm".
    prompt: Text,
    /// What must be typed.
    #[prop(into)]
    expected: String,
    /// What has been typed.
    typed: RwSignal<String>,
    /// The input's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let session = Session::expect();
    view! {
        <label class="confirm-label">
            {session.t(prompt)} " " <code>{expected}</code>
            <input class="filter" data-testid=testid bind:value=typed autocomplete="off"/>
        </label>
    }
}

/// Cancel, any other choice (`children`), and the button that starts the
/// run once `ready`.
#[component]
pub fn ConfirmActions(
    on_cancel: Callback<()>,
    /// Whether the confirmation is complete.
    #[prop(into)]
    ready: Signal<bool>,
    /// The start button's words.
    #[prop(into)]
    label: Signal<String>,
    /// The start button's `data-testid`.
    testid: &'static str,
    on_confirm: Callback<()>,
    /// Choices between Cancel and the start button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let session = Session::expect();
    view! {
        <div class="dialog-actions">
            <button class="button secondary" type="button" on:click=move |_| on_cancel.run(())>
                {session.t(text::CANCEL)}
            </button>
            {children.map(|c| c())}
            <button class="button danger" type="button" data-testid=testid disabled=move || !ready.get() on:click=move |_| on_confirm.run(())>
                {label}
            </button>
        </div>
    }
}
