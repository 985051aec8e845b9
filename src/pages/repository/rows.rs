//! `TagRows`: the table's body, only the rows near the screen in the DOM
//! (spacers stand in for the rest); `TagRow`: one tag, its checkbox, name,
//! badges and loaded details.

use super::tag_table::TagTableState;
use crate::components::copy::CopyButton;
use crate::i18n::artifacts as words;
use crate::i18n::{phrase, text, Explain};
use crate::lazy::Slot;
use crate::registry::artifact::badge::Badge;
use crate::registry::digest::Digest;
use crate::registry::image::{ImageKind, ImageSummary};
use crate::registry::reference::Reference;
use crate::registry::tags::{attachment, AttachmentKind};
use crate::registry::time::Timestamp;
use crate::routes::AppRoute;
use crate::session::Session;
use crate::timestamp::{format_size, format_utc};
use crate::virtual_rows::{visible_slice, watch_scroll};
use leptos::prelude::*;
use leptos_router::components::A;

/// Height of a tag row before one is measured.
const DEFAULT_ROW_PX: f64 = 41.0;

/// The rows as shown (`table.rows`), only those near the screen rendered.
#[component]
pub(super) fn TagRows(
    /// The table's state.
    table: TagTableState,
    /// Opens the delete dialog for (tag, digest).
    on_delete: Callback<(String, Digest)>,
) -> impl IntoView {
    let rows = table.rows;
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let slice = visible_slice(
        move || tbody.get().map(Into::into),
        move || rows.with(Vec::len),
        watch_scroll(),
        "tr[data-testid=tag-row]",
        DEFAULT_ROW_PX,
    );
    let shown_rows = move || {
        let s = slice.get();
        rows.with(|r| r[s.start.min(r.len())..s.end.min(r.len())].to_vec())
    };
    view! {
        <tbody node_ref=tbody>
            <tr class="spacer" aria-hidden="true"><td colspan="7" style:height=move || format!("{}px", slice.get().above_px as i64)></td></tr>
            <For each=shown_rows key=|t| t.clone() let:tag>
                <TagRow table tag on_delete/>
            </For>
            <tr class="spacer" aria-hidden="true"><td colspan="7" style:height=move || format!("{}px", slice.get().below_px as i64)></td></tr>
        </tbody>
    }
}

/// One tag in the table.
#[component]
fn TagRow(
    /// The table's state.
    table: TagTableState,
    /// The tag.
    tag: String,
    /// Opens the delete dialog.
    on_delete: Callback<(String, Digest)>,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    // `None` until the row is wanted (and always for attachment tags).
    let details = Memo::new({
        let tag = tag.clone();
        move |_| table.details.slots.with(|m| m.get(&tag).cloned())
    });
    // Whether the row is selected for a bulk delete.
    let selected = Memo::new({
        let tag = tag.clone();
        move |_| table.selection.with(|s| s.contains(&tag))
    });
    let (siblings, now) = (table.siblings, table.now);
    let check_tag = tag.clone();
    let is_attachment = attachment(&tag).is_some();
    let check = move || {
        let check_tag = check_tag.clone();
        session.can_delete().then(|| {
            let label = check_tag.clone();
            view! {
                <td class="check">
                    {(!is_attachment).then(|| view! {
                        <input
                            type="checkbox"
                            data-testid="row-select"
                            aria-label=label
                            prop:checked=move || selected.get()
                            on:click=move |ev: leptos::ev::MouseEvent| table.check(&check_tag, ev.shift_key())
                        />
                    })}
                </td>
            }
        })
    };
    let href = Reference::parse(&tag)
        .map(|r| {
            table
                .name
                .with_value(|name| AppRoute::Image(name.clone(), r).href())
        })
        .unwrap_or_default();
    let href_for_badge = href.clone();
    let tag_for_siblings = tag.clone();
    let row_tag = tag.clone();
    let data_tag = tag.clone();
    let row = NodeRef::<leptos::html::Tr>::new();
    table.visibility.track(row, tag.clone());
    // `sha256-<64 hex>.sig` is long: show its start and kind, all on hover.
    let shown_tag = match attachment(&tag) {
        Some((digest, AttachmentKind::Referrers)) => format!("sha256-{}…", digest.short()),
        Some((digest, kind)) => format!("sha256-{}….{}", digest.short(), kind.label()),
        None => tag.clone(),
    };
    view! {
        <tr data-testid="tag-row" data-tag=data_tag node_ref=row>
            {check}
            <td class="tag-cell">
                <A href=href attr:class="mono tag-name" attr:data-testid="tag-name" attr:title=tag>{shown_tag}</A>
                {is_attachment.then(|| view! { <span class="badge muted">{session.t(text::ATTACHMENT)}</span> })}
                {move || {
                    let Some(Slot::Ready(s)) = details.get() else { return None };
                    let kinds = table.tags.with_value(|t| t.attached.get(&s.digest).cloned()).unwrap_or_default();
                    let digest = s.digest.to_string();
                    let others: Vec<String> = siblings
                        .with(|m| m.get(&digest).cloned())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|t| *t != tag_for_siblings)
                        .collect();
                    Some(view! {
                        {kinds.into_iter().map(|k| {
                            let label = match k {
                                AttachmentKind::Signature => text::SIGNED,
                                AttachmentKind::Attestation => text::ATTESTATION,
                                AttachmentKind::Sbom => text::SBOM,
                                AttachmentKind::Referrers => text::REFERRERS,
                            };
                            view! { <span class="badge good" data-testid="attachment-badge">{label.get(lang.get())}</span> }
                        }).collect_view()}
                        {(!others.is_empty()).then(|| {
                            let list = others.join(", ");
                            let text = phrase::same_image_as(lang.get(), &list);
                            let title = text.clone();
                            view! { <span class="badge shared" data-testid="shared-badge" title=title>{text}</span> }
                        })}
                    })
                }}
            </td>
            {move || match details.get() {
                None if is_attachment => view! { <td colspan="5" class="muted">"—"</td> }.into_any(),
                None | Some(Slot::Queued) => view! {
                    <td colspan="5" class="muted loading-cell">{session.t(text::LOADING)}</td>
                }.into_any(),
                Some(Slot::Failed(e)) => {
                    let ex = e.explain(lang.get());
                    view! {
                        <td colspan="5" class="row-error" data-testid="row-error" title=ex.detail.clone()>
                            {ex.title}
                        </td>
                    }.into_any()
                }
                Some(Slot::Ready(s)) => view! {
                    <SummaryCells summary=s.clone() now tag=row_tag.clone() on_delete/>
                    <ReportCell table summary=s href=href_for_badge.clone()/>
                }.into_any(),
            }}
        </tr>
    }
}

/// Digest, platforms, size and date cells of a loaded row.
#[component]
fn SummaryCells(
    /// The tag's image.
    summary: ImageSummary,
    /// Now (seconds since the epoch).
    now: i64,
    /// The tag.
    tag: String,
    /// Opens the delete dialog.
    on_delete: Callback<(String, Digest)>,
) -> impl IntoView {
    let session = Session::expect();
    let target = (tag.clone(), summary.digest.clone());
    let delete = move || {
        let target = target.clone();
        let cb = on_delete;
        session.can_delete().then(|| {
            view! {
                <button
                    class="copy row-delete"
                    type="button"
                    data-testid="row-delete"
                    title=move || text::DELETE.get(session.lang.get())
                    on:click=move |_| cb.run(target.clone())
                >
                    {session.t(text::DELETE)}
                </button>
            }
        })
    };
    let lang = session.lang;
    let digest = summary.digest.to_string();
    let short = summary.digest.short().to_string();
    let platforms: Vec<String> = summary
        .platforms
        .iter()
        .map(|p| p.platform.clone())
        .collect();
    let kind_badge = match &summary.kind {
        ImageKind::Index => None,
        ImageKind::Image => None,
        ImageKind::Artifact(t) => Some(Some(t.clone())),
        ImageKind::Other(t) => Some(t.clone()),
    };
    let sizes: Vec<(String, Option<u64>)> = summary
        .platforms
        .iter()
        .map(|p| (p.platform.clone(), p.size))
        .collect();
    // Each platform's size; a platform that could not be read is "missing".
    let per_platform = move || {
        sizes
            .iter()
            .map(|(platform, size)| {
                let size = size.map(format_size);
                let size = size.unwrap_or_else(|| text::MISSING.get(lang.get()).to_string());
                format!("{platform}: {size}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let size = summary.size;
    let created = summary.created.map(Timestamp::seconds);
    let attestations = summary.attestations;
    view! {
        <td class="digest-cell">
            <span class="mono" title=digest.clone() data-testid="digest">{short}</span>
            <CopyButton text=digest label=text::COPY_DIGEST/>
            {delete}
        </td>
        <td class="platforms" data-testid="platforms">
            {platforms.into_iter().map(|p| view! { <span class="badge arch">{p}</span> }).collect_view()}
            {kind_badge.map(|k| {
                // An unnamed kind is "unknown", in the page's language.
                let k = StoredValue::new(k);
                let k = move || k.get_value().unwrap_or_else(|| text::UNKNOWN.get(lang.get()).to_string());
                view! { <span class="badge muted" title=k>{k}</span> }
            })}
            {(attestations > 0).then(|| view! {
                <span class="badge muted" title=move || text::BUILD_ATTESTATIONS_NOT_PLATFORMS.get(lang.get())>
                    {move || format!("+{attestations} {}", text::ATTESTATION.get(lang.get()))}
                </span>
            })}
        </td>
        <td class="size" data-testid="size" title=per_platform>
            {size.map(format_size).unwrap_or_else(|| "—".into())}
        </td>
        <td class="created" data-testid="created" title=move || created.map(format_utc).unwrap_or_else(|| text::NO_DATE_WHY.get(lang.get()).to_string())>
            {move || match created {
                Some(c) => phrase::ago(lang.get(), now, c),
                None => text::NO_DATE.get(lang.get()).to_string(),
            }}
        </td>
    }
}

/// The image's vulnerability badge: the newest attached report's critical
/// and high counts and date (a link to the image page, which shows the
/// findings), "no report", or why there is none to show. Read for rows on
/// screen (`TagTableState::reports`); the page never scans.
#[component]
fn ReportCell(
    /// The table's state.
    table: TagTableState,
    /// The tag's image.
    summary: ImageSummary,
    /// The image page.
    href: String,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let key = summary.digest.to_string();
    let is_image = matches!(summary.kind, ImageKind::Image | ImageKind::Index);
    let slot = Memo::new(move |_| table.reports.slots.with(|m| m.get(&key).cloned()));
    let cell = move || {
        if !is_image {
            return view! {
                <span class="muted" data-testid="vuln-not-image" title=move || words::NOT_AN_IMAGE_NO_REPORT.get(lang.get())>"—"</span>
            }
            .into_any();
        }
        match slot.get() {
            None | Some(Slot::Queued) => view! {
                <span class="muted" data-testid="vuln-loading" title=move || words::LOOKING_FOR_REPORTS.get(lang.get())>"…"</span>
            }
            .into_any(),
            Some(Slot::Ready(None)) => view! {
                <span class="muted" data-testid="vuln-not-loaded" title=move || crate::i18n::on_demand::PART_NOT_LOADED.get(lang.get())>"—"</span>
            }
            .into_any(),
            Some(Slot::Failed(e)) => {
                let ex = e.explain(lang.get());
                view! {
                    <span class="row-error" data-testid="vuln-failed" title=ex.detail.clone()>{ex.title}</span>
                }
                .into_any()
            }
            Some(Slot::Ready(Some(Badge::NotAnImage))) => view! {
                <span class="muted" data-testid="vuln-not-image" title=move || words::NOT_AN_IMAGE_NO_REPORT.get(lang.get())>"—"</span>
            }
            .into_any(),
            Some(Slot::Ready(Some(Badge::NoReport))) => view! {
                <span class="muted" data-testid="vuln-none" title=move || words::NO_REPORT_TITLE.get(lang.get())>
                    {move || words::NO_REPORT_SHORT.get(lang.get())}
                </span>
            }
            .into_any(),
            Some(Slot::Ready(Some(Badge::Unreadable { .. }))) => view! {
                <span class="warn-text" data-testid="vuln-unreadable" title=move || words::REPORT_UNREADABLE_TITLE.get(lang.get())>
                    {move || words::REPORT_UNREADABLE_SHORT.get(lang.get())}
                </span>
            }
            .into_any(),
            Some(Slot::Ready(Some(Badge::Report { critical, high, date, reports, capped }))) => {
                let level = if critical > 0 {
                    "vuln-badge sev-critical"
                } else if high > 0 {
                    "vuln-badge sev-high"
                } else {
                    "vuln-badge sev-clear"
                };
                let day = date.as_deref().map(report_day);
                let data_date = day.clone().unwrap_or_default();
                view! {
                    <A
                        href=href.clone()
                        attr:class=level
                        attr:data-testid="vuln-badge"
                        attr:data-critical=critical.to_string()
                        attr:data-high=high.to_string()
                        attr:data-date=data_date
                        attr:title=move || words::badge_title(lang.get(), reports, capped)
                    >
                        {move || words::badge_counts(lang.get(), critical, high)}
                    </A>
                    {day.map(|d| view! { " " <span class="muted small keep" data-testid="vuln-date">{d}</span> })}
                }
                .into_any()
            }
        }
    };
    view! { <td class="vuln" data-testid="vuln-cell">{cell}</td> }
}

/// A report's date as a day (`2026-11-04`), or as written (cut) when it is
/// not an RFC 3339 time.
fn report_day(written: &str) -> String {
    match Timestamp::parse(written) {
        Some(t) => format_utc(t.seconds()).chars().take(10).collect(),
        None => written.chars().take(20).collect(),
    }
}
