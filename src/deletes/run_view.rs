//! One delete run, live or read back from the journal: one report row per
//! digest with its outcome in the page's language (an unknown one can be
//! checked again), the report to copy or download. A live run also shows
//! its progress and cancel (at any time), then the tally and the
//! garbage-collection panel.

use super::dialogs::gc_panel::GcPanel;
use super::report::{report_json, report_text, RunItem};
use super::runs::{can_check_again, check_again, Run};
use crate::components::copy::CopyButton;
use crate::i18n::{phrase, text};
use crate::session::Session;
use leptos::prelude::*;

/// The test ids of a run's parts: a live run's, or a past run's (as the
/// runs page has always named them).
struct Ids {
    table: &'static str,
    row: &'static str,
}

#[component]
pub fn RunView(
    run: Run,
    /// Closes the view (a live run goes on if it is still running); a
    /// past run has nothing to close.
    #[prop(optional)]
    on_close: Option<Callback<()>>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let (total, past) = (run.total, run.past);
    let ids = if past {
        Ids {
            table: "past-report",
            row: "past-row",
        }
    } else {
        Ids {
            table: "bulk-report",
            row: "bulk-report-row",
        }
    };
    // A past run names the repository on every row.
    let several = past || run.repos.len() > 1;
    let (reports, finished, cancelling) = (run.reports, run.finished, run.cancelling);
    let done_count = move || reports.with(Vec::len);
    let estimate = run.estimate;
    let row_run = StoredValue::new(run.clone());
    let json_run = StoredValue::new(run.clone());
    let cancel_run = run.clone();
    // Past runs offer the report at once; a live one once it is finished.
    let report_ready = move || past || finished.get();
    view! {
        <div class="bulk-run" data-testid=if past { "past-run-body" } else { "bulk-run" } data-finished=move || finished.get().to_string()>
            {(!past).then(|| view! {
                <progress max=total.to_string() value=move || done_count().to_string() data-testid="bulk-progress"></progress>
                <p data-testid="bulk-progress-text">{move || phrase::progress(lang.get(), done_count(), total)}</p>
                <Show when=move || !finished.get()>
                    <div class="dialog-actions">
                        <button
                            class="button secondary"
                            type="button"
                            data-testid="bulk-cancel"
                            disabled=move || cancelling.get()
                            on:click={
                                let run = cancel_run.clone();
                                move |_| run.cancel()
                            }
                        >
                            {move || if cancelling.get() { text::CANCELLING.get(lang.get()) } else { text::CANCEL_THE_REST.get(lang.get()) }}
                        </button>
                    </div>
                </Show>
                <Show when=move || finished.get()>
                    <p data-testid="bulk-tally"><strong>{move || reports.with(|r| {
                        let gone = r.iter().filter(|i| i.is_gone()).count();
                        let unknown = r.iter().filter(|i| i.is_unknown()).count();
                        phrase::bulk_tally(lang.get(), gone, r.len() - gone - unknown, unknown)
                    })}</strong></p>
                </Show>
            })}
            <Show when=report_ready>
                <div class="raw-head">
                    {move || {
                        let text = reports.with(|r| report_text(r, lang.get()));
                        view! { <CopyButton text label=text::COPY_REPORT/> }
                    }}
                    <button class="button secondary small" type="button" data-testid="download-report" on:click=move |_| {
                        let run = json_run.get_value();
                        let body = report_json(&run, lang.get_untracked());
                        let _ = crate::download::save(&format!("shipshape-run-{}.json", run.id), "application/json", &body);
                    }>{session.t(text::DOWNLOAD_JSON)}</button>
                </div>
            </Show>
            <div class="report-wrap">
            <table class="report" data-testid=ids.table>
                <tbody>
                    <For each=move || reports.get().into_iter().enumerate() key=|(i, r)| (*i, r.kind().to_string()) let:entry>
                        {
                            let (i, item): (usize, RunItem) = entry;
                            let kind = item.kind().to_string();
                            let good = item.is_gone();
                            let unknown = item.is_unknown();
                            let checkable = can_check_again(&row_run.get_value(), &item);
                            let digest = item.item.digest.to_string();
                            let digest_title = digest.clone();
                            let (tags, short) = (item.item.tags.clone(), item.item.digest.short().to_string());
                            let repo = item.item.repository.clone();
                            view! {
                                <tr data-testid=ids.row data-outcome=kind.clone() data-state=kind data-tags=tags.join(" ") data-digest=digest>
                                    <td>
                                        <span class="badge" class:good=good class:shared=!good && !unknown class:danger=unknown>{move || item.words(lang.get())}</span>
                                        {checkable.then(|| view! {
                                            " "
                                            <button class="button secondary small" type="button" data-testid="check-again" on:click=move |_| check_again(&row_run.get_value(), i)>
                                                {session.t(text::CHECK_AGAIN)}
                                            </button>
                                        })}
                                    </td>
                                    {several.then(|| view! { <td class="mono repo-col">{repo}</td> })}
                                    <td class="mono">{tags.join(", ")}</td>
                                    <td class="mono muted digest-col" title=digest_title>{short}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </div>
            // Garbage collection is worth a word only once something went.
            {(!past).then(|| view! {
                <Show when=move || finished.get() && reports.with(|r| r.iter().any(|i| i.is_gone()))>
                    {move || view! { <GcPanel estimate=estimate.get().unwrap_or_default()/> }}
                </Show>
            })}
            {on_close.map(|close| view! {
                <div class="dialog-actions">
                    <button class="button" type="button" data-testid="bulk-close" on:click=move |_| close.run(())>
                        {move || if finished.get() { text::CLOSE.get(lang.get()) } else { text::HIDE_KEEPS_RUNNING.get(lang.get()) }}
                    </button>
                </div>
            })}
        </div>
    }
}
