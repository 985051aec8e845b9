//! A tag's vulnerability badge: what the reports already attached to its
//! image say, in short (critical and high counts, the report's date), or
//! that it has none. Read from what is attached (referrers, the tag
//! schema, cosign's tags, BuildKit attestations in an index), never by
//! scanning. Only the layers that may hold a report are read: SPDX
//! documents are skipped unread, and any layer other than SARIF or cosign's
//! vuln predicate only up to [`SMALL_LAYER`] (a CycloneDX SBOM is read for
//! its VEX part only when small; the image page reads it whole).
//!
//! [`KeptBadges`]: what was read, per image digest, for the next visit
//! (a verdict is shown from it and read again after [`FRESH_MS`]).

use super::document::{Report, PREDICATE_COSIGN_VULN, PREDICATE_SPDX};
use super::{
    ArtifactKind, Format, ReadError, BUILDKIT_PREDICATE_ANNOTATION, COSIGN_PREDICATE_ANNOTATION,
    CREATED_ANNOTATION,
};
use crate::client::{Registry, Transport};
use crate::digest::Digest;
use crate::error::RegistryError;
use crate::manifest::{Descriptor, ImageManifest, Manifest};
use crate::reference::{Reference, RepositoryName};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Attachments read at most for one badge.
pub const MAX_ATTACHMENTS: usize = 20;
/// Layers read for a badge unless they are a report's own type.
pub const SMALL_LAYER: u64 = 1024 * 1024;
/// Badges kept at most (the oldest read are forgotten first).
pub const MAX_KEPT: usize = 5_000;
/// How long a kept badge is shown without reading again (12 hours): a
/// report attached later shows after that, or on the image page at once.
pub const FRESH_MS: f64 = 12.0 * 3600.0 * 1000.0;

/// What a tag's image's attached reports say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Badge {
    /// Not an image (a chart, a signature, another artifact): no badge.
    NotAnImage,
    /// No report is attached.
    NoReport,
    /// The newest report: its critical and high counts and date (as
    /// written); how many reports were found; whether its counts are over
    /// only the findings kept (the report lists more).
    Report {
        critical: usize,
        high: usize,
        date: Option<String>,
        reports: usize,
        capped: bool,
    },
    /// Attachments that may hold a report could not be read, and none was.
    Unreadable { attachments: usize },
}

impl Badge {
    /// The badge of what was read: the newest report (by its date, else
    /// its attachment's; undated ones count as oldest, the first found
    /// wins a tie), or no report, or unreadable.
    pub fn of(reports: &[(Report, Option<String>)], unreadable: usize) -> Badge {
        let date_of =
            |(r, fallback): &(Report, Option<String>)| r.date.clone().or_else(|| fallback.clone());
        let when = |d: &Option<String>| {
            d.as_deref()
                .and_then(Timestamp::parse)
                .map_or(i64::MIN, Timestamp::seconds)
        };
        let mut newest: Option<(&(Report, Option<String>), i64)> = None;
        for r in reports {
            let at = when(&date_of(r));
            if newest.is_none_or(|(_, best)| at > best) {
                newest = Some((r, at));
            }
        }
        match newest {
            Some((r, _)) => Badge::Report {
                critical: r.0.counts.critical,
                high: r.0.counts.high,
                date: date_of(r),
                reports: reports.len(),
                capped: r.0.total > r.0.findings.len(),
            },
            None if unreadable > 0 => Badge::Unreadable {
                attachments: unreadable,
            },
            None => Badge::NoReport,
        }
    }
}

/// The predicate type a layer names, if any.
fn predicate(layer: &Descriptor) -> Option<&str> {
    layer
        .annotations
        .get(COSIGN_PREDICATE_ANNOTATION)
        .or_else(|| layer.annotations.get(BUILDKIT_PREDICATE_ANNOTATION))
        .map(String::as_str)
}

/// Whether a layer of an attachment of `kind` is read for a badge: never
/// an SPDX document; a SARIF document or cosign vuln predicate up to the
/// document limit; anything else only up to [`SMALL_LAYER`].
pub fn wanted_for_report(kind: &ArtifactKind, layer: &Descriptor) -> bool {
    let media_type = crate::manifest::mime_essence(&layer.media_type);
    let format = Format::of_media_type(&media_type);
    let predicate = predicate(layer);
    if *kind == ArtifactKind::Document(Format::Spdx)
        || format == Some(Format::Spdx)
        || predicate.is_some_and(|p| p.starts_with(PREDICATE_SPDX))
    {
        return false;
    }
    if format == Some(Format::Sarif)
        || *kind == ArtifactKind::Document(Format::Sarif)
        || predicate.is_some_and(|p| p.starts_with(PREDICATE_COSIGN_VULN))
    {
        return true;
    }
    layer.size <= SMALL_LAYER
}

/// The layers of an attachment read for a badge (at most
/// [`super::MAX_LAYERS_READ`]).
pub fn report_layers(m: &ImageManifest) -> Vec<&Descriptor> {
    let kind = ArtifactKind::of(m);
    if !kind.may_hold_document() {
        return Vec::new();
    }
    kind.content_layers(m)
        .into_iter()
        .filter(|l| wanted_for_report(&kind, l))
        .take(super::MAX_LAYERS_READ)
        .collect()
}

impl Registry {
    /// The badge of the image `digest` names in `name`: its attachments
    /// found as the image page finds them (`tags`: the repository's tags,
    /// for the tag schema and cosign's tags; an index's BuildKit
    /// attestations), at most [`MAX_ATTACHMENTS`], each read only for the
    /// layers that may hold a report. Manifests and documents by digest
    /// come from the transport's cache when it keeps them.
    pub async fn report_badge(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        digest: &Digest,
        tags: &[String],
    ) -> Result<Badge, RegistryError> {
        let fetched = self
            .get_manifest(t, name, &Reference::Digest(digest.clone()))
            .await?;
        let mut wanted: Vec<Reference> = Vec::new();
        let attestations: Vec<Reference> = match &fetched.manifest {
            Manifest::Image { manifest, .. } => {
                if ArtifactKind::of(manifest) != ArtifactKind::Image {
                    return Ok(Badge::NotAnImage);
                }
                Vec::new()
            }
            Manifest::Index { index, .. } => index
                .attestations()
                .filter_map(|a| Some(Reference::Digest(a.digest.valid()?.clone())))
                .collect(),
            Manifest::Unsupported { .. } => return Ok(Badge::NotAnImage),
        };
        for r in self.referrers(t, name, digest, tags).await? {
            let Some(text) = r.digest.as_deref().or(r.tag.as_deref()) else {
                continue;
            };
            if let Ok(reference) = Reference::parse(text) {
                wanted.push(reference);
            }
        }
        wanted.extend(attestations);
        wanted.truncate(MAX_ATTACHMENTS);
        let mut reports = Vec::new();
        let mut unreadable = 0;
        for reference in &wanted {
            let attached = match self.get_manifest(t, name, reference).await {
                Ok(f) => f,
                Err(RegistryError::Cancelled) => return Err(RegistryError::Cancelled),
                Err(_) => {
                    unreadable += 1;
                    continue;
                }
            };
            let Manifest::Image { manifest, .. } = &attached.manifest else {
                continue;
            };
            let created = manifest.annotations.get(CREATED_ANNOTATION).cloned();
            let mut failed = false;
            for layer in report_layers(manifest) {
                match self.document(t, name, layer).await {
                    Ok(doc) => {
                        if let Some(report) = doc.report {
                            reports.push((report, created.clone()));
                        }
                    }
                    Err(ReadError::Registry(RegistryError::Cancelled)) => {
                        return Err(RegistryError::Cancelled)
                    }
                    Err(_) => failed = true,
                }
            }
            unreadable += usize::from(failed);
        }
        Ok(Badge::of(&reports, unreadable))
    }
}

/// A badge as kept, and when it was read (ms since the epoch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptBadge {
    pub badge: Badge,
    pub read_at: i64,
}

/// The badges read, by image digest, for one registry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptBadges {
    pub by_digest: HashMap<String, KeptBadge>,
}

impl KeptBadges {
    /// The kept badge of `digest` if read less than [`FRESH_MS`] before
    /// `now` (ms since the epoch).
    pub fn fresh(&self, digest: &str, now: f64) -> Option<&KeptBadge> {
        self.by_digest
            .get(digest)
            .filter(|k| now - (k.read_at as f64) < FRESH_MS && (k.read_at as f64) <= now)
    }

    /// Keep `badge` for `digest` as read at `now`; past [`MAX_KEPT`] the
    /// oldest read are forgotten.
    pub fn keep(&mut self, digest: &str, badge: Badge, now: f64) {
        self.by_digest.insert(
            digest.to_string(),
            KeptBadge {
                badge,
                read_at: now as i64,
            },
        );
        if self.by_digest.len() > MAX_KEPT {
            let mut ages: Vec<(i64, String)> = self
                .by_digest
                .iter()
                .map(|(d, k)| (k.read_at, d.clone()))
                .collect();
            crate::sort::sort_by(&mut ages, |a, b| a.cmp(b));
            let excess = self.by_digest.len() - MAX_KEPT;
            for (_, d) in ages.into_iter().take(excess) {
                self.by_digest.remove(&d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifact::document::{Counts, ReportFormat};
    use crate::artifact::media;

    fn report(critical: usize, high: usize, date: Option<&str>) -> Report {
        Report {
            format: ReportFormat::Sarif,
            scanner: None,
            date: date.map(String::from),
            counts: Counts {
                critical,
                high,
                ..Counts::default()
            },
            findings: Vec::new(),
            total: 0,
        }
    }

    fn layer(media_type: &str, size: u64, predicate: Option<&str>) -> Descriptor {
        let mut annotations = std::collections::BTreeMap::new();
        if let Some(p) = predicate {
            annotations.insert(COSIGN_PREDICATE_ANNOTATION.to_string(), p.to_string());
        }
        serde_json::from_value(serde_json::json!({
            "mediaType": media_type,
            "size": size,
            "digest": format!("sha256:{}", "a".repeat(64)),
            "annotations": annotations,
        }))
        .unwrap()
    }

    #[test]
    fn the_newest_report_wins_and_none_says_so() {
        assert_eq!(Badge::of(&[], 0), Badge::NoReport);
        assert_eq!(Badge::of(&[], 2), Badge::Unreadable { attachments: 2 });
        let older = (report(5, 5, Some("2026-11-01T00:00:00Z")), None);
        let newer = (report(1, 2, None), Some("2026-11-04T12:00:00Z".to_string()));
        let undated = (report(9, 9, None), None);
        let badge = Badge::of(&[undated.clone(), older, newer], 1);
        assert_eq!(
            badge,
            Badge::Report {
                critical: 1,
                high: 2,
                date: Some("2026-11-04T12:00:00Z".into()),
                reports: 3,
                capped: false
            }
        );
        // Undated only: the first found.
        let mut capped = report(7, 0, None);
        capped.total = 10;
        let badge = Badge::of(&[(capped, None), undated], 0);
        assert!(matches!(
            badge,
            Badge::Report {
                critical: 7,
                capped: true,
                date: None,
                ..
            }
        ));
    }

    #[test]
    fn sboms_are_not_read_for_a_badge_and_big_layers_only_when_reports() {
        let attestation = ArtifactKind::Attestation {
            predicate_type: None,
        };
        let big = 10 * SMALL_LAYER;
        assert!(!wanted_for_report(
            &ArtifactKind::Document(Format::Spdx),
            &layer(media::SPDX_JSON, 10, None)
        ));
        assert!(!wanted_for_report(
            &attestation,
            &layer(media::DSSE, 10, Some("https://spdx.dev/Document/v2.3"))
        ));
        assert!(wanted_for_report(
            &ArtifactKind::Document(Format::Sarif),
            &layer(media::SARIF, big, None)
        ));
        assert!(wanted_for_report(
            &attestation,
            &layer(media::DSSE, big, Some(PREDICATE_COSIGN_VULN))
        ));
        assert!(!wanted_for_report(
            &ArtifactKind::Document(Format::CycloneDx),
            &layer(media::CYCLONEDX_JSON, big, None)
        ));
        assert!(wanted_for_report(
            &ArtifactKind::Document(Format::CycloneDx),
            &layer(media::CYCLONEDX_JSON, 1000, None)
        ));
    }

    #[test]
    fn kept_badges_are_fresh_for_a_while_and_bounded() {
        let mut kept = KeptBadges::default();
        let now = 1_000_000_000_000.0;
        kept.keep("sha256:a", Badge::NoReport, now);
        assert!(kept.fresh("sha256:a", now + 1000.0).is_some());
        assert!(kept.fresh("sha256:a", now + FRESH_MS + 1.0).is_none());
        assert!(kept.fresh("sha256:b", now).is_none());
        // A clock set back does not make a badge fresh for ever.
        assert!(kept.fresh("sha256:a", now - 5000.0).is_none());
        for i in 0..MAX_KEPT + 3 {
            kept.keep(
                &format!("sha256:{i}"),
                Badge::NoReport,
                now + 1.0 + i as f64,
            );
        }
        assert_eq!(kept.by_digest.len(), MAX_KEPT);
        assert!(!kept.by_digest.contains_key("sha256:a"), "the oldest went");
        let text = serde_json::to_string(&kept).unwrap();
        assert_eq!(serde_json::from_str::<KeptBadges>(&text).unwrap(), kept);
    }
}
