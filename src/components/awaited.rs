//! `Awaited`: a resource's value once it is there. While it loads, a
//! "loading" line (on a reload the old value stays until the new one is
//! in); when it failed, the error explained (`ErrorPanel`, with "try
//! again" when the page can retry); else what `ok` draws of the value.

use crate::components::error_panel::ErrorPanel;
use crate::i18n::Text;
use crate::registry::error::RegistryError;
use crate::session::Session;
use leptos::prelude::*;

#[component]
pub fn Awaited<T, F, V>(
    /// What is awaited.
    resource: LocalResource<Result<T, RegistryError>>,
    /// Said while it loads.
    loading: Text,
    /// Draws the value.
    ok: F,
    /// Offered as "try again" when loading failed.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = Session::expect();
    view! {
        <Transition fallback=move || view! { <p class="loading">{session.t(loading)}</p> }>
            {move || {
                let ok = ok.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => ok(value).into_any(),
                        Err(error) => match on_retry {
                            Some(on_retry) => view! { <ErrorPanel error on_retry/> }.into_any(),
                            None => view! { <ErrorPanel error/> }.into_any(),
                        },
                    }
                })
            }}
        </Transition>
    }
}
