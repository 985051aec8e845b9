//! `/registries`: every registry this UI knows (from `config.json` and the
//! ones added in this browser), whether each answers `GET /v2/` and which
//! sign-in it asks for; switch, add, remove.

use crate::config::{new_registry, AddProblem, Choice, Known, ManifestReads};
use crate::i18n::Explain;
use crate::i18n::{phrase, text};
use crate::registry::auth::Challenge;
use crate::registry::client::Registry;
use crate::registry::error::RegistryError;
use crate::routes::AppRoute;
use crate::session::{store_choice, stored_choice, Session};
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;

/// Open the app at its start page with `choice` saved (a full reload, so
/// nothing from the previous registry stays).
fn switch(choice: &Choice) {
    store_choice(choice);
    let _ = window().location().set_href(&AppRoute::Catalog.href());
}

#[component]
pub fn RegistriesPage() -> impl IntoView {
    let session = Session::expect();
    let connection = session.connection();
    let current = connection.name.clone();
    let known = connection.known.clone();
    let name = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<AddProblem>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut choice = stored_choice();
        let known = session.connection().known;
        let taken: Vec<&str> = choice
            .added
            .iter()
            .map(|e| e.name.as_str())
            .chain(known.iter().map(|k| k.name.as_str()))
            .collect();
        let entry = match new_registry(&name.get_untracked(), &url.get_untracked(), &taken) {
            Ok(entry) => entry,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        let n = entry.name.clone();
        choice.added.push(entry);
        choice.chosen = Some(n);
        switch(&choice);
    };
    let lang = session.lang;
    view! {
        <section class="page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
                <span aria-hidden="true">" / "</span>
            </nav>
            <h1>{session.t(text::REGISTRIES)}</h1>
            {known.is_empty().then(|| view! { <p class="muted">{session.t(text::NO_OTHER_REGISTRIES)}</p> })}
            <ul class="registry-list" data-testid="registry-list">
                {known.into_iter().map(|k| {
                    let is_current = k.name == current;
                    view! { <RegistryRow known=k is_current/> }
                }).collect_view()}
            </ul>
            <h2 class="section-title">{session.t(text::ADD_A_REGISTRY)}</h2>
            <form class="policy add-registry" data-testid="add-registry" on:submit=add>
                <label>
                    <span>{session.t(text::DISPLAY_NAME)}</span>
                    <input class="filter" data-testid="add-registry-name" bind:value=name placeholder="staging"/>
                </label>
                <label>
                    <span>{session.t(text::API_ADDRESS)}</span>
                    <input class="filter mono" data-testid="add-registry-url" bind:value=url placeholder="https://registry.example.com"/>
                </label>
                <div class="policy-actions">
                    <button class="button" type="submit" data-testid="add-registry-submit">{session.t(text::ADD_AND_SWITCH)}</button>
                    {move || problem.get().map(|p| view! {
                        <span class="row-error" data-testid="add-registry-problem">{phrase::add_registry_problem(lang.get(), p)}</span>
                    })}
                </div>
                <p class="muted small policy-help">{session.t(text::ADDED_REGISTRIES_NOTE)}</p>
            </form>
        </section>
    }
}

/// One registry: name, address, what `GET /v2/` says, switch and remove.
#[component]
fn RegistryRow(known: Known, is_current: bool) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let transport = WebTransport::for_view();
    let base = known.base.clone();
    let status = LocalResource::new(move || {
        let (transport, registry) = (transport.clone(), Registry::new(&base));
        async move { registry.check(&transport).await }
    });
    let name = known.name.clone();
    let use_it = {
        let name = name.clone();
        move |_| {
            let mut choice = stored_choice();
            choice.chosen = Some(name.clone());
            switch(&choice);
        }
    };
    let remove = {
        let name = name.clone();
        move |_| {
            let mut choice = stored_choice();
            choice.added.retain(|e| e.name != name);
            if choice.chosen.as_deref() == Some(name.as_str()) {
                choice.chosen = None;
            }
            switch(&choice);
        }
    };
    let (title, base) = (known.name.clone(), known.base.clone());
    // How tags are read: never counted as a pull, or one GET by tag.
    let (reads_kind, reads_label, reads_help) = match known.manifest_reads {
        ManifestReads::HeadThenGet => (
            "head-then-get",
            text::READS_HEAD_THEN_GET,
            text::READS_HEAD_THEN_GET_HELP,
        ),
        ManifestReads::Get => ("get", text::READS_GET, text::READS_GET_HELP),
    };
    view! {
        <li class="registry-row" data-testid="registry-row" data-name=name>
            <div class="registry-names">
                <strong>{title}</strong>
                {is_current.then(|| view! { <span class="badge good">{session.t(text::IN_USE)}</span> })}
                {known.read_only.then(|| view! { <span class="badge muted">{session.t(text::READ_ONLY)}</span> })}
                <span class="badge muted" data-testid="manifest-reads" data-reads=reads_kind title=session.t(reads_help)>{session.t(reads_label)}</span>
                <span class="mono muted small">{base}</span>
            </div>
            <span class="registry-status" data-testid="registry-status">
                <Transition fallback=move || view! { <span class="muted">{session.t(text::CHECKING)}</span> }>
                    {move || Suspend::new(async move {
                        let result = status.await;
                        let kind = match &result {
                            Ok(()) => "ok".to_string(),
                            Err(e) => e.kind().to_string(),
                        };
                        let label = move || match &result {
                            Ok(()) => text::ANSWERS.get(lang.get()).to_string(),
                            Err(RegistryError::Unauthorized { challenges }) => {
                                let schemes: Vec<&str> = challenges.iter().map(Challenge::scheme).collect();
                                phrase::asks_for_sign_in(lang.get(), &schemes.join(", "))
                            }
                            Err(e) => e.explain(lang.get()).title,
                        };
                        view! { <span data-kind=kind>{label}</span> }
                    })}
                </Transition>
            </span>
            <span class="registry-actions">
                {(!is_current).then(|| view! {
                    <button class="button small" type="button" data-testid="use-registry" on:click=use_it>{session.t(text::USE)}</button>
                })}
                {(!known.from_config).then(|| view! {
                    <button class="button secondary small" type="button" data-testid="remove-registry" on:click=remove>{session.t(text::REMOVE)}</button>
                })}
            </span>
        </li>
    }
}
