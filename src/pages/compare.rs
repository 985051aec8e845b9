//! Two images side by side (`/compare/<a>...<b>`): summary, config
//! differences, layers lined up by digest, build history. A side that is a
//! multi-arch image asks for its platform (links to the same address with
//! `~os/arch`). Also the "Compare with…" form the image page shows.

use crate::components::awaited::Awaited;
use crate::components::error_panel::InvalidAddress;
use crate::components::long_text::LongText;
use crate::i18n::compare as words;
use crate::i18n::{text, Text};
use crate::registry::compare::{
    Change, Comparison, FieldDiff, LayerKind, LayerRow, Pair, Side, SideError, SideSummary, Sought,
    StepKind, StepRow, Value,
};
use crate::registry::error::RegistryError;
use crate::registry::manifest::{HistoryEntry, Platform};
use crate::registry::reference::{ImageReference, Reference, RepositoryName};
use crate::registry::time::Timestamp;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::timestamp::format_size;
use crate::transport::WebTransport;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// `/compare/*spec`
#[component]
pub fn ComparePage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let raw = params.read().get("spec").unwrap_or_default();
        match Pair::parse(&raw) {
            Ok(pair) => view! { <CompareView pair/> }.into_any(),
            Err(SideError::Reference(reason)) => {
                view! { <InvalidAddress input=raw reason/> }.into_any()
            }
            Err(_) => view! { <BadAddress input=raw/> }.into_any(),
        }
    }
}

/// An address that is not `<a>...<b>`, or names a platform wrongly.
#[component]
fn BadAddress(
    /// What the URL held.
    input: String,
) -> impl IntoView {
    let session = Session::expect();
    view! {
        <section class="page">
            <div class="error-panel" role="alert" data-testid="error" data-kind="compare-address">
                <h2 class="error-title">{session.t(words::BAD_COMPARE_ADDRESS)}</h2>
                <p class="error-detail mono">{input}</p>
                <p class="error-fix">{session.t(words::BAD_COMPARE_ADDRESS_FIX)}</p>
            </div>
        </section>
    }
}

/// Reads both sides, then shows the comparison or what is missing.
#[component]
fn CompareView(pair: Pair) -> impl IntoView {
    let session = Session::expect();
    let transport = WebTransport::for_view();
    let parts = StoredValue::new_local((pair.clone(), session.registry(), transport));
    let read = LocalResource::new(move || {
        let (pair, registry, transport) = parts.get_value();
        async move {
            let (a, b) = futures::future::join(
                registry.image_facts(
                    &transport,
                    &pair.a.image.name,
                    &pair.a.image.reference,
                    pair.a.platform.as_ref(),
                ),
                registry.image_facts(
                    &transport,
                    &pair.b.image.name,
                    &pair.b.image.reference,
                    pair.b.platform.as_ref(),
                ),
            )
            .await;
            Ok::<_, RegistryError>((a?, b?))
        }
    });
    let swap = AppRoute::Compare(Box::new(pair.swapped())).href();
    view! {
        <section class="page compare-page">
            <nav class="crumbs">
                <A href=AppRoute::Catalog.href()>{session.t(text::REPOSITORIES)}</A>
            </nav>
            <div class="page-head">
                <h1>{session.t(words::COMPARE_IMAGES)}</h1>
                <A href=swap attr:class="button secondary small head-action" attr:data-testid="compare-swap">
                    {session.t(words::SWAP)}
                </A>
            </div>
            <div class="compare-sides">
                <SideName label="A" side=pair.a.clone()/>
                <SideName label="B" side=pair.b.clone()/>
            </div>
            <Awaited
                resource=read
                loading=words::READING_BOTH
                on_retry=Callback::new(move |_| read.refetch())
                ok=move |(a, b): (Sought, Sought)| {
                    let pair = parts.with_value(|(p, _, _)| p.clone());
                    view! { <Outcome pair a b/> }
                }
            />
        </section>
    }
}

/// "A team/app:v1 linux/arm64": the side as named, linking to its image.
#[component]
fn SideName(
    /// `A` or `B`.
    label: &'static str,
    /// The side.
    side: Side,
) -> impl IntoView {
    let href = AppRoute::Image(side.image.name.clone(), side.image.reference.clone()).href();
    let platform = side.platform.as_ref().map(Platform::display);
    view! {
        <div class="compare-side" data-testid=format!("side-{}", label.to_ascii_lowercase())>
            <span class="side-mark">{label}</span>
            <A href=href attr:class="mono">{side.image.to_string()}</A>
            {platform.map(|p| view! { <span class="badge arch">{p}</span> })}
        </div>
    }
}

/// Both images read: the comparison; else what one side still needs.
#[component]
fn Outcome(
    /// The address's two sides.
    pair: Pair,
    /// What side A turned out to be.
    a: Sought,
    /// What side B turned out to be.
    b: Sought,
) -> impl IntoView {
    match (a, b) {
        (Sought::Image(a), Sought::Image(b)) => {
            view! { <ComparisonView comparison=Comparison::of(&a, &b)/> }.into_any()
        }
        (a, b) => {
            let pick_a = not_comparable(&pair, true, a);
            let pick_b = not_comparable(&pair, false, b);
            view! { {pick_a} {pick_b} }.into_any()
        }
    }
}

/// A side that is not an image yet: a platform picker, or why it cannot be
/// compared. `None` for a side that is an image.
fn not_comparable(pair: &Pair, is_a: bool, sought: Sought) -> Option<AnyView> {
    let session = Session::expect();
    let lang = session.lang;
    let (label, side) = if is_a { ("A", &pair.a) } else { ("B", &pair.b) };
    match sought {
        Sought::Image(_) => None,
        Sought::Index {
            platforms, asked, ..
        } => {
            let choices = platforms
                .into_iter()
                .map(|p| {
                    let chosen = side.with_platform(Some(p.clone()));
                    let other = if is_a { &pair.b } else { &pair.a };
                    // A side without a platform takes the same one when it
                    // is the same index (two platforms of one index: choose
                    // them one by one).
                    let next = if is_a {
                        Pair {
                            a: chosen,
                            b: other.clone(),
                        }
                    } else {
                        Pair {
                            a: other.clone(),
                            b: chosen,
                        }
                    };
                    let href = AppRoute::Compare(Box::new(next)).href();
                    view! {
                        <li>
                            <A href=href attr:class="button secondary small mono" attr:data-testid="platform-choice">
                                {p.display()}
                            </A>
                        </li>
                    }
                })
                .collect_view();
            let asked = asked.map(|p| {
                let p = p.display();
                move || words::no_such_platform(lang.get(), &p)
            });
            Some(
                view! {
                    <section class="section notice" data-testid="platform-picker" data-side=label>
                        <h2><span class="side-mark">{label}</span> " " <span class="mono">{side.image.to_string()}</span></h2>
                        <p>{session.t(words::CHOOSE_PLATFORM)} " " {asked}</p>
                        <ul class="platform-choices">{choices}</ul>
                    </section>
                }
                .into_any(),
            )
        }
        Sought::NotAnImage { media_type, .. } => Some(
            view! {
                <section class="section notice" data-testid="not-an-image" data-side=label>
                    <h2><span class="side-mark">{label}</span> " " <span class="mono">{side.image.to_string()}</span></h2>
                    <p>{session.t(words::NOT_AN_IMAGE)} " " <span class="mono">{media_type.unwrap_or_default()}</span></p>
                </section>
            }
            .into_any(),
        ),
    }
}

/// The comparison of two images.
#[component]
fn ComparisonView(
    /// What differs.
    comparison: Comparison,
) -> impl IntoView {
    let c = comparison;
    view! {
        <Summary c=c.clone()/>
        <ConfigDifferences fields=c.config.clone()/>
        <Layers rows=c.layers.clone()/>
        <History steps=c.history.clone()/>
    }
}

/// Digests, platforms, sizes, and what the two share.
#[component]
fn Summary(
    /// The comparison.
    c: Comparison,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let difference = c.size_difference();
    let magnitude = format_size(difference.unsigned_abs() as u64);
    let signed = match difference.signum() {
        1 => format!("+{magnitude}"),
        -1 => format!("−{magnitude}"),
        _ => magnitude.clone(),
    };
    let shared_count = c
        .layers
        .iter()
        .filter(|l| matches!(l.kind, LayerKind::Base | LayerKind::Moved))
        .count();
    let (shared, base, base_layers) = (
        format_size(c.shared_bytes),
        format_size(c.base_bytes),
        c.base_layers,
    );
    let identical = c.identical();
    let digest = |s: &SideSummary, side: &str| {
        let full = s.digest.to_string();
        view! { <span class="mono" title=full.clone() data-testid=format!("digest-{side}")>{s.digest.algorithm_name()}":"{s.digest.short().to_string()}"…"</span> }
    };
    let platform = |s: &SideSummary| {
        s.platform
            .as_ref()
            .map(Platform::display)
            .unwrap_or_else(|| "?".into())
    };
    let created = |s: &SideSummary| {
        s.created
            .as_deref()
            .and_then(Timestamp::parse)
            .map(Timestamp::utc)
            .unwrap_or_else(|| "—".into())
    };
    let from_index = |s: &SideSummary| {
        s.index.as_ref().map(|d| {
            let href = AppRoute::Image(s.name.clone(), Reference::Digest(d.clone())).href();
            let (title, algorithm, short) =
                (d.to_string(), d.algorithm_name(), d.short().to_string());
            view! { <A href=href attr:class="mono" attr:title=title>{algorithm}":"{short}"…"</A> }
        })
    };
    let any_index = c.a.index.is_some() || c.b.index.is_some();
    let row = |label: Text, a: AnyView, b: AnyView, testid: &'static str| {
        view! {
            <tr data-testid=testid>
                <th scope="row">{session.t(label)}</th>
                <td data-side="A">{a}</td>
                <td data-side="B">{b}</td>
            </tr>
        }
    };
    let rows = vec![
        row(
            text::DIGEST,
            digest(&c.a, "a").into_any(),
            digest(&c.b, "b").into_any(),
            "summary-digest",
        ),
        row(
            text::PLATFORM,
            platform(&c.a).into_any(),
            platform(&c.b).into_any(),
            "summary-platform",
        ),
        row(
            text::SIZE_COMPRESSED,
            view! { <span data-testid="size-a">{format_size(c.a.size)}</span> }.into_any(),
            view! { <span data-testid="size-b">{format_size(c.b.size)}</span> }.into_any(),
            "summary-size",
        ),
        row(
            words::LAYER_COUNT,
            c.a.layers.to_string().into_any(),
            c.b.layers.to_string().into_any(),
            "summary-layers",
        ),
        row(
            text::CREATED,
            created(&c.a).into_any(),
            created(&c.b).into_any(),
            "summary-created",
        ),
    ];
    let index_row = any_index.then(|| {
        row(
            words::FROM_INDEX,
            from_index(&c.a).into_any(),
            from_index(&c.b).into_any(),
            "summary-index",
        )
    });
    view! {
        <section class="section" data-testid="compare-summary">
            <h2>{session.t(words::SUMMARY)}</h2>
            {identical.then(|| view! { <p class="notice" role="status" data-testid="same-image">{session.t(words::SAME_IMAGE)}</p> })}
            <div class="table-wrap">
                <table class="data compare-table">
                    <thead><tr><th></th><th>"A"</th><th>"B"</th></tr></thead>
                    <tbody>{rows}{index_row}</tbody>
                </table>
            </div>
            <dl class="facts compare-totals">
                <dt>{session.t(words::SIZE_DIFFERENCE)}</dt>
                <dd data-testid="size-difference" data-bytes=difference.to_string()>
                    <strong>{signed}</strong>
                    " · "
                    {move || words::size_difference(lang.get(), difference, &magnitude)}
                </dd>
                <dt>{session.t(words::SHARED_LAYERS)}</dt>
                <dd data-testid="shared-bytes" data-bytes=c.shared_bytes.to_string()>
                    {move || words::shared_layers(lang.get(), shared_count, &shared, base_layers, &base)}
                </dd>
            </dl>
        </section>
    }
}

/// A setting's name: its word, and the key for env and labels.
fn field_name(session: Session, f: &FieldDiff) -> AnyView {
    use crate::registry::compare::Field;
    let plain = |t: Text| view! { <span>{session.t(t)}</span> }.into_any();
    match &f.field {
        Field::Platform => plain(text::PLATFORM),
        Field::Created => plain(text::CREATED),
        Field::Author => plain(words::AUTHOR),
        Field::User => plain(text::USER),
        Field::WorkingDir => plain(text::WORKING_DIR),
        Field::Entrypoint => plain(text::ENTRYPOINT),
        Field::Cmd => plain(text::COMMAND),
        Field::ExposedPorts => plain(text::PORTS),
        Field::Volumes => plain(text::VOLUMES),
        Field::Env(k) | Field::Label(k) => {
            let kind = if matches!(f.field, Field::Env(_)) {
                words::ENV_VARIABLE
            } else {
                words::LABEL
            };
            let k = k.clone();
            view! {
                <span class="field-kind">{session.t(kind)}</span>
                <span class="mono field-key bidi">{k}</span>
            }
            .into_any()
        }
    }
}

/// A value as text nodes: an exec form as JSON, a set one per line.
fn value_view(session: Session, v: Option<Value>) -> AnyView {
    match v {
        None => view! { <span class="muted not-set">{session.t(words::NOT_SET)}</span> }.into_any(),
        Some(Value::Text(t)) => {
            view! { <span class="mono value"><LongText text=t/></span> }.into_any()
        }
        Some(Value::Args(a)) => {
            let json = serde_json::to_string(&a).unwrap_or_default();
            view! { <span class="mono value"><LongText text=json/></span> }.into_any()
        }
        Some(Value::Set(s)) => s
            .into_iter()
            .map(|x| view! { <div class="mono value bidi">{x}</div> })
            .collect_view()
            .into_any(),
    }
}

fn change_badge(change: Change) -> (Text, &'static str) {
    match change {
        Change::Same => (words::SAME, "muted"),
        Change::Changed => (words::CHANGED, "shared"),
        Change::Removed => (words::ONLY_IN_A, "danger"),
        Change::Added => (words::ONLY_IN_B, "accent"),
    }
}

/// Settings that differ (all of them on request), A beside B.
#[component]
fn ConfigDifferences(
    /// Every setting either image has.
    fields: Vec<FieldDiff>,
) -> impl IntoView {
    let session = Session::expect();
    let show_all = RwSignal::new(false);
    let differing = fields.iter().filter(|f| f.change != Change::Same).count();
    let any_differ = differing != 0;
    let fields = StoredValue::new(fields);
    let rows = move || {
        let all = show_all.get();
        fields
            .get_value()
            .into_iter()
            .filter(|f| all || f.change != Change::Same)
            .map(|f| {
                let (badge, tone) = change_badge(f.change);
                let name = field_name(session, &f);
                view! {
                    <tr data-testid="config-row" data-field=f.field.key() data-change=f.change.key() class=format!("change-{}", f.change.key())>
                        <th scope="row">
                            {name}
                            <div class="field-change"><span class=format!("badge {tone}")>{session.t(badge)}</span></div>
                        </th>
                        <td data-side="A">{value_view(session, f.a)}</td>
                        <td data-side="B">{value_view(session, f.b)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="section" data-testid="config-diff" data-differences=differing.to_string()>
            <div class="section-head">
                <h2>{session.t(words::CONFIG_DIFFERENCES)}</h2>
                <label class="toggle">
                    <input type="checkbox" data-testid="show-all-settings" bind:checked=show_all/>
                    {session.t(words::SHOW_ALL_SETTINGS)}
                </label>
            </div>
            {(!any_differ).then(|| view! { <p class="muted" data-testid="no-differences">{session.t(words::NO_CONFIG_DIFFERENCES)}</p> })}
            <Show when=move || any_differ || show_all.get()>
                <div class="table-wrap">
                    <table class="data compare-table">
                        <thead><tr><th>{session.t(words::SETTING)}</th><th>"A"</th><th>"B"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

fn layer_badge(kind: LayerKind) -> (Text, &'static str) {
    match kind {
        LayerKind::Base => (words::BASE, "good"),
        LayerKind::Moved => (words::MOVED, "shared"),
        LayerKind::OnlyA => (words::ONLY_IN_A, "danger"),
        LayerKind::OnlyB => (words::ONLY_IN_B, "accent"),
    }
}

/// One side's cell of a layer row: its place and digest, or a dash.
fn layer_cell(place: Option<usize>, l: &LayerRow) -> AnyView {
    match place {
        Some(i) => {
            let short = l
                .digest
                .split_once(':')
                .map_or(l.digest.as_str(), |(_, h)| h);
            let short: String = short.chars().take(12).collect();
            view! {
                <span class="layer-cell">
                    <span class="muted">{i + 1}". "</span>
                    <span class="mono" title=l.digest.clone()>{short}</span>
                </span>
            }
            .into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// Layers lined up: the shared base, then each side's own.
#[component]
fn Layers(
    /// The rows, base first.
    rows: Vec<LayerRow>,
) -> impl IntoView {
    let session = Session::expect();
    let body = rows
        .iter()
        .map(|l| {
            let (badge, tone) = layer_badge(l.kind);
            view! {
                <tr data-testid="compare-layer" data-kind=l.kind.key() data-digest=l.digest.clone() class=format!("layer-{}", l.kind.key())>
                    <th scope="row"><span class=format!("badge {tone}")>{session.t(badge)}</span></th>
                    <td data-side="A">{layer_cell(l.in_a, l)}</td>
                    <td data-side="B">{layer_cell(l.in_b, l)}</td>
                    <td class="num">{format_size(l.size)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="section" data-testid="compare-layers">
            <h2>{session.t(words::LAYERS_LINED_UP)}</h2>
            <p class="muted">{session.t(words::LAYERS_HELP)}</p>
            <div class="table-wrap">
                <table class="data compare-table layers-table">
                    <thead><tr><th>{session.t(words::WHERE)}</th><th>"A"</th><th>"B"</th><th class="num">{session.t(text::SIZE)}</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

fn step_text(h: &Option<HistoryEntry>) -> Option<(String, bool, Option<String>)> {
    h.as_ref().map(|h| {
        let cmd = h.created_by.clone().unwrap_or_default();
        let cmd = cmd
            .strip_prefix("/bin/sh -c #(nop) ")
            .map(|c| c.trim().to_string())
            .unwrap_or(cmd);
        let when = h
            .created
            .as_deref()
            .and_then(Timestamp::parse)
            .map(Timestamp::utc);
        (cmd, h.empty_layer, when)
    })
}

/// Build steps side by side.
#[component]
fn History(
    /// The aligned steps.
    steps: Vec<StepRow>,
) -> impl IntoView {
    let session = Session::expect();
    let empty = steps.is_empty();
    let cell = move |h: &Option<HistoryEntry>| {
        match step_text(h) {
        Some((cmd, no_layer, when)) => view! {
            <div class="history-cmd"><LongText text=cmd/></div>
            <div class="muted small">
                {when}
                {no_layer.then(|| view! { " " <span class="empty-layer">{session.t(text::NO_LAYER)}</span> })}
            </div>
        }
        .into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
    };
    let body = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (label, tone) = match s.kind {
                StepKind::Shared => (words::SAME_STEP, "good"),
                StepKind::SameCommand => (words::SAME_COMMAND, "shared"),
                StepKind::Different => (words::DIFFERENT_STEP, "danger"),
            };
            view! {
                <tr data-testid="compare-step" data-kind=s.kind.key()>
                    <th scope="row">
                        <span class="muted step">{i + 1}</span>
                        " "
                        <span class=format!("badge {tone}")>{session.t(label)}</span>
                    </th>
                    <td data-side="A">{cell(&s.a)}</td>
                    <td data-side="B">{cell(&s.b)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="section" data-testid="compare-history">
            <h2>{session.t(words::HISTORY_SIDE_BY_SIDE)}</h2>
            {if empty {
                view! { <p class="muted">{session.t(words::NO_HISTORY)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data compare-table">
                            <thead><tr><th>{session.t(words::STEP)}</th><th>"A"</th><th>"B"</th></tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// What the user typed as the other image: a full reference (`name:tag`,
/// `name@digest`, with `~os/arch` or not), else a tag of `name`.
pub fn other_side(input: &str, name: &RepositoryName) -> Option<Side> {
    let input = input.trim();
    if input.is_empty() {
        return None;
    }
    let reference = input.split_once('~').map_or(input, |(r, _)| r);
    if reference.contains(':') || reference.contains('@') {
        Side::parse(input).ok()
    } else {
        Side::parse(&format!("{name}:{input}")).ok()
    }
}

/// "Compare with…" on the image page: the other image typed, then
/// `/compare/<this>...<other>`.
#[component]
pub fn CompareWith(
    /// This image's repository.
    name: RepositoryName,
    /// This image as the page names it.
    reference: Reference,
) -> impl IntoView {
    let session = Session::expect();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(false);
    let navigate = use_navigate();
    let this = StoredValue::new(Side {
        image: ImageReference {
            name: name.clone(),
            reference,
        },
        platform: None,
    });
    let name = StoredValue::new(name);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match other_side(&typed.get_untracked(), &name.get_value()) {
            Some(other) => {
                problem.set(false);
                let pair = Pair {
                    a: this.get_value(),
                    b: other,
                };
                navigate(
                    &AppRoute::Compare(Box::new(pair)).href(),
                    Default::default(),
                );
            }
            None => problem.set(true),
        }
    };
    view! {
        <details class="compare-with" data-testid="compare-with">
            <summary>{session.t(words::COMPARE_WITH)}</summary>
            <form class="open-by-name" on:submit=on_submit>
                <label>
                    <span>{session.t(words::COMPARE_WITH_LABEL)}</span>
                    <input
                        type="text"
                        class="filter mono"
                        data-testid="compare-other"
                        placeholder=session.t(words::COMPARE_WITH_PLACEHOLDER)
                        autocomplete="off"
                        spellcheck="false"
                        bind:value=typed
                    />
                </label>
                <button class="button" type="submit" data-testid="compare-submit">{session.t(words::COMPARE)}</button>
            </form>
            <Show when=move || problem.get()>
                <p class="warn-text" role="alert" data-testid="compare-problem">{session.t(words::COMPARE_WITH_PROBLEM)}</p>
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_image_is_a_full_reference_or_a_tag_here() {
        let here = RepositoryName::parse("team/app").unwrap();
        let s = |i: &str| other_side(i, &here).map(|s| s.to_string());
        assert_eq!(s("v2").as_deref(), Some("team/app:v2"));
        assert_eq!(
            s(" v2~linux/arm64 ").as_deref(),
            Some("team/app:v2~linux/arm64")
        );
        assert_eq!(s("other/x:v1").as_deref(), Some("other/x:v1"));
        assert_eq!(s(""), None);
        assert_eq!(s("Bad Tag!"), None);
        assert_eq!(s("other/x"), None, "a repository alone names no image");
    }
}
