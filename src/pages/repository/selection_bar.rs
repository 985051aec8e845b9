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
                <CompareSelected table/>
                <button class="button secondary small" type="button" data-testid="clear-selection" on:click=move |_| selection.update(Selection::clear)>
                    {session.t(text::CLEAR_SELECTION)}
                </button>
            </div>
        </Show>
    }
}

/// "Compare" for exactly two selected tags: `/compare/<name>:<a>...<name>:<b>`.
#[component]
fn CompareSelected(
    /// The table's state.
    table: TagTableState,
) -> impl IntoView {
    use crate::i18n::compare as words;
    use crate::registry::compare::{Pair, Side};
    use crate::registry::reference::{ImageReference, Reference, Tag};
    use crate::routes::AppRoute;
    let session = Session::expect();
    let lang = session.lang;
    let href = move || {
        let name = table.name.get_value();
        let tags: Vec<String> = table.selection.with(|s| s.iter().cloned().collect());
        let side = |tag: &str| {
            Tag::parse(tag).ok().map(|t| Side {
                image: ImageReference {
                    name: name.clone(),
                    reference: Reference::Tag(t),
                },
                platform: None,
            })
        };
        match tags.as_slice() {
            [a, b] => Some(
                AppRoute::Compare(Box::new(Pair {
                    a: side(a)?,
                    b: side(b)?,
                }))
                .href(),
            ),
            _ => None,
        }
    };
    move || {
        match href() {
        Some(href) => view! {
            <leptos_router::components::A href=href attr:class="button secondary small" attr:data-testid="compare-selected">
                {session.t(words::COMPARE)}
            </leptos_router::components::A>
        }
        .into_any(),
        None => view! {
            <button class="button secondary small" type="button" disabled data-testid="compare-selected" title=move || words::SELECT_TWO_TO_COMPARE.get(lang.get())>
                {session.t(words::COMPARE)}
            </button>
        }
        .into_any(),
    }
    }
}
