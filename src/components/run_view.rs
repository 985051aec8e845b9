//! One delete run as it goes: progress, cancel (at any time), one report
//! row per digest, then the tally, the report to copy or download, and the
//! garbage-collection panel. Unknown outcomes can be checked again.

use crate::components::copy::CopyButton;
use crate::components::gc_panel::GcPanel;
use crate::i18n::{phrase, text, Lang};
use crate::registry::engine::{tally, ItemReport};
use crate::registry::reference::RepositoryName;
use crate::report::report_text;
use crate::runs::Run;
use crate::session::Session;
use crate::transport::WebTransport;
use leptos::prelude::*;

/// The report of a run as JSON (one object per digest).
pub fn report_json(run: &Run, lang: Lang) -> String {
    let items: Vec<serde_json::Value> = run.reports.with_untracked(|r| {
        r.iter()
            .map(|(repo, x)| {
                serde_json::json!({
                    "repository": repo,
                    "digest": x.digest.to_string(),
                    "tags": x.tags,
                    "outcome": x.outcome.kind(),
                    "detail": phrase::outcome(lang, &x.outcome),
                })
            })
            .collect()
    });
    let doc = serde_json::json!({
        "run": run.id,
        "registry": run.registry,
        "started_at_ms": run.started_at,
        "items": items,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Ask the registry whether the digest of report `i` is still there, and
/// replace an unknown outcome with what it says.
pub fn check_again(run: Run, i: usize) {
    let session = Session::expect();
    let Some((repo, report)) = run.reports.with_untracked(|r| r.get(i).cloned()) else {
        return;
    };
    let Ok(name) = RepositoryName::parse(&repo) else {
        return;
    };
    let registry = session.registry();
    let transport = WebTransport::new();
    leptos::task::spawn_local(async move {
        let outcome = registry
            .check_again(&transport, &name, &report.digest)
            .await;
        let updated = ItemReport {
            outcome,
            ..report.clone()
        };
        crate::journal::outcome(&run.id, &repo, &updated);
        run.reports.update(|r| {
            if let Some(slot) = r.get_mut(i) {
                slot.1 = updated;
            }
        });
    });
}

#[component]
pub fn RunView(
    run: Run,
    /// Closes the view (the run goes on if it is still running).
    on_close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let total = run.total;
    let several = run.repos.len() > 1;
    let (reports, finished, cancelling) = (run.reports, run.finished, run.cancelling);
    let done_count = move || reports.with(Vec::len);
    let cancel_run = run.clone();
    let json_run = run.clone();
    let row_run = StoredValue::new(run.clone());
    let estimate = run.estimate;
    view! {
        <div class="bulk-run" data-testid="bulk-run" data-finished=move || finished.get().to_string()>
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
                    let items: Vec<ItemReport> = r.iter().map(|(_, x)| x.clone()).collect();
                    let (gone, not_gone, unknown) = tally(&items);
                    phrase::bulk_tally(lang.get(), gone, not_gone, unknown)
                })}</strong></p>
                <div class="raw-head">
                    {move || {
                        let text = reports.with(|r| {
                            r.iter()
                                .map(|(repo, x)| format!("{repo}\t{}", report_text(std::slice::from_ref(x), lang.get())))
                                .collect::<String>()
                        });
                        view! { <CopyButton text label=text::COPY_REPORT/> }
                    }}
                    <button class="button secondary small" type="button" data-testid="download-report" on:click={
                        let run = json_run.clone();
                        move |_| {
                            let body = report_json(&run, lang.get_untracked());
                            let _ = crate::download::save(&format!("shipshape-run-{}.json", run.id), "application/json", &body);
                        }
                    }>{session.t(text::DOWNLOAD_JSON)}</button>
                </div>
            </Show>
            <div class="report-wrap">
            <table class="report" data-testid="bulk-report">
                <tbody>
                    <For each=move || reports.get().into_iter().enumerate() key=|(i, (_, r))| (*i, r.outcome.kind()) let:item>
                        {
                            let (i, (repo, r)) = item;
                            let kind = r.outcome.kind();
                            let good = r.outcome.is_gone();
                            let unknown = r.outcome.is_unknown();
                            let label = r.outcome.clone();
                            let digest = r.digest.to_string();
                            let digest_title = digest.clone();
                            view! {
                                <tr data-testid="bulk-report-row" data-outcome=kind data-tags=r.tags.join(" ") data-digest=digest>
                                    <td>
                                        <span class="badge" class:good=good class:shared=!good && !unknown class:danger=unknown>{move || phrase::outcome(lang.get(), &label)}</span>
                                        {unknown.then(|| view! {
                                            " "
                                            <button class="button secondary small" type="button" data-testid="check-again" on:click=move |_| check_again(row_run.get_value(), i)>
                                                {session.t(text::CHECK_AGAIN)}
                                            </button>
                                        })}
                                    </td>
                                    {several.then(|| view! { <td class="mono repo-col">{repo.clone()}</td> })}
                                    <td class="mono">{r.tags.join(", ")}</td>
                                    <td class="mono muted digest-col" title=digest_title>{r.digest.short().to_string()}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </div>
            <Show when=move || finished.get()>
                {move || view! { <GcPanel estimate=estimate.get().unwrap_or_default()/> }}
            </Show>
            <div class="dialog-actions">
                <button class="button" type="button" data-testid="bulk-close" on:click=move |_| on_close.run(())>
                    {move || if finished.get() { text::CLOSE.get(lang.get()) } else { text::HIDE_KEEPS_RUNNING.get(lang.get()) }}
                </button>
            </div>
        </div>
    }
}
