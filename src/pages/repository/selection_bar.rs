//! `SelectionBar`: how many tags are selected, and what to do with them.

use super::tag_table::TagTableState;
use crate::i18n::{phrase, text};
use crate::selection::Selection;
use crate::session::Session;
use leptos::prelude::*;

/// The count of selected tags with "delete selected" and "clear", shown
/// while something is selected (and deleting is allowed).
#[component]
pub(super) fn SelectionBar(
    /// The table's state.
    table: TagTableState,
    /// Opens the bulk delete dialog for the selection.
    on_delete_selected: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let selection = table.selection;
    view! {
        <Show when=move || session.can_delete() && selection.with(|s| !s.is_empty())>
            <div class="selection-bar" data-testid="selection-bar">
                <span data-testid="selected-count">{move || phrase::selected_count(lang.get(), selection.with(Selection::len))}</span>
                <button class="button danger small" type="button" data-testid="delete-selected" on:click=move |_| on_delete_selected.run(())>
                    {session.t(text::DELETE_SELECTED)}
                </button>
                <button class="button secondary small" type="button" data-testid="clear-selection" on:click=move |_| selection.update(Selection::clear)>
                    {session.t(text::CLEAR_SELECTION)}
                </button>
            </div>
        </Show>
    }
}
