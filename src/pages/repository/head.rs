//! `TagTableHead`: "select all that match" and the column heads, three of
//! them sort buttons.

use super::tag_table::TagTableState;
use crate::i18n::{text, Text};
use crate::session::Session;
use crate::tag_list::SortKey;
use leptos::prelude::*;

/// The table's head row.
#[component]
pub(super) fn TagTableHead(
    /// The table's state.
    table: TagTableState,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let selection = table.selection;
    let all_shown_selected = move || {
        let shown = table.selectable();
        selection.with(|s| s.all_selected(&shown))
    };
    let toggle_all = move |_| {
        let shown = table.selectable();
        selection.update(|s| s.toggle_all(&shown));
    };
    view! {
        <thead>
            <tr>
                {move || session.can_delete().then(|| view! {
                    <th class="check">
                        <input
                            type="checkbox"
                            data-testid="select-all"
                            title=move || text::SELECT_ALL_MATCHING.get(lang.get())
                            aria-label=move || text::SELECT_ALL_MATCHING.get(lang.get())
                            prop:checked=all_shown_selected
                            on:change=toggle_all
                        />
                    </th>
                })}
                // A phone shows the rows as cards: only the sort buttons stay
                // in the head, after this word.
                <th class="sort-label" aria-hidden="true">{session.t(text::SORT_BY)}</th>
                <SortHeader table by=SortKey::Name label=text::TAG/>
                <th class="column-name">{session.t(text::DIGEST)}</th>
                <th class="column-name">{session.t(text::PLATFORMS)}</th>
                <SortHeader table by=SortKey::Size label=text::SIZE/>
                <SortHeader table by=SortKey::Created label=text::CREATED/>
                <th class="column-name">{session.t(crate::i18n::artifacts::VULNERABILITIES)}</th>
            </tr>
        </thead>
    }
}

/// A column head that sorts by `by`, with an arrow while it does.
#[component]
fn SortHeader(
    /// The table's state.
    table: TagTableState,
    /// What this column sorts by.
    by: SortKey,
    /// The column's name.
    label: Text,
) -> impl IntoView {
    let lang = Session::expect().lang;
    let (sort, descending) = (table.sort, table.descending);
    view! {
        <th>
            <button
                class="sort"
                class:active=move || sort.get() == by
                data-testid=format!("sort-{by:?}").to_lowercase()
                on:click=move |_| table.sort_by(by)
            >
                {move || label.get(lang.get())}
                {move || (sort.get() == by).then(|| if descending.get() { " ↓" } else { " ↑" })}
            </button>
        </th>
    }
}
