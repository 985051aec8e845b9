//! `TagToolbar`: the filter box, the tag count, "as of … · checking for
//! changes" on a second visit, "load all details" and "show attachments".

use super::tag_table::TagTableState;
use crate::i18n::{phrase, text};
use crate::session::Session;
use leptos::prelude::*;

/// Filter, count, load all and the attachments toggle above the table.
#[component]
pub(super) fn TagToolbar(
    /// The table's state.
    table: TagTableState,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let total = table.total();
    let attachment_count = table.attachment_count();
    let summary_line = move || {
        phrase::tag_summary(
            lang.get(),
            total,
            table.loaded.get(),
            table.rows.with(Vec::len),
        )
    };
    view! {
        <div class="toolbar">
            <input
                class="filter"
                type="search"
                data-testid="tag-filter"
                aria-label=session.t(text::FILTER_TAGS)
                placeholder=session.t(text::FILTER_TAGS_PLACEHOLDER)
                bind:value=table.filter
            />
            <span
                class="count"
                data-testid="tag-count"
                data-total=total.to_string()
                data-details=move || format!("{}/{total}", table.loaded.get())
                data-shown=move || table.rows.with(Vec::len).to_string()
            >
                {summary_line}
            </span>
            {move || table.checking.get().filter(|c| c.checked < c.total).map(|c| {
                let ago = c.as_of.map(|ms| phrase::ago(lang.get(), table.now, (ms / 1000.0) as i64));
                view! {
                    <span
                        class="as-of"
                        data-testid="as-of"
                        data-checked=c.checked.to_string()
                        data-total=c.total.to_string()
                    >
                        {phrase::checking_for_changes(lang.get(), ago, c.checked, c.total)}
                    </span>
                }
            })}
            <Show when=move || { table.loaded.get() < total }>
                <button class="button small" type="button" data-testid="load-all" on:click=move |_| table.load_all()>
                    {session.t(text::LOAD_ALL_DETAILS)}
                </button>
            </Show>
            <Show when=move || { attachment_count > 0 }>
                <label class="toggle">
                    <input type="checkbox" data-testid="show-attachments" bind:checked=table.show_attachments/>
                    {move || phrase::show_attachments(lang.get(), attachment_count)}
                </label>
            </Show>
        </div>
    }
}
