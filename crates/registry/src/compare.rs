//! Two images side by side: config differences, layers lined up by digest
//! (the shared base, what only one of them has), sizes, build history and
//! platform. Any two images in the registry: two tags, two repositories,
//! two platforms of one index.
//!
//! [`Registry::image_facts`] reads what a comparison needs of one side
//! (its manifest, the platform chosen from an index, its config);
//! [`Comparison::of`] is pure. Which side is named how: [`Side`] (`repo:tag`
//! or `repo@digest`, optionally `~os/arch[/variant]`) and [`Pair`]
//! (`<a>...<b>`), the same text in the app's URL and on the command line.

use super::client::{Registry, Transport};
use super::digest::Digest;
use super::error::RegistryError;
use super::manifest::{HistoryEntry, ImageConfig, ImageManifest, Manifest, ManifestKind, Platform};
use super::reference::{ImageReference, Reference, ReferenceError, RepositoryName};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Why a platform such as `linux/arm64/v8` was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlatformError {
    /// Not `os/architecture` or `os/architecture/variant`.
    Shape(String),
    /// A part with characters no platform uses.
    BadPart(String),
}

/// `os/architecture[/variant]`, as `docker --platform` writes it.
pub fn parse_platform(s: &str) -> Result<Platform, PlatformError> {
    let parts: Vec<&str> = s.split('/').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()) {
        return Err(PlatformError::Shape(s.to_string()));
    }
    for p in &parts {
        if !p
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            return Err(PlatformError::BadPart(p.to_string()));
        }
    }
    Ok(Platform {
        os: parts[0].to_string(),
        architecture: parts[1].to_string(),
        variant: parts.get(2).map(|v| v.to_string()),
        os_version: None,
    })
}

/// Whether `entry` (an index's platform) is what `wanted` asks for: the
/// same os and architecture, and the same variant when `wanted` names one.
pub fn platform_matches(wanted: &Platform, entry: &Platform) -> bool {
    wanted.os == entry.os
        && wanted.architecture == entry.architecture
        && wanted
            .variant
            .as_deref()
            .is_none_or(|v| entry.variant.as_deref() == Some(v))
}

/// Why one side of a comparison could not be read as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SideError {
    Reference(ReferenceError),
    Platform(PlatformError),
    /// `<a>...<b>` without the `...`, or with a side missing.
    NotAPair,
}

/// One side of a comparison: an image reference and, for an index, the
/// platform to take from it. Written `team/app:v1`, `team/app@sha256:…`,
/// `team/app:v1~linux/arm64` (`~` is in no name, tag or digest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub image: ImageReference,
    pub platform: Option<Platform>,
}

impl Side {
    pub fn parse(s: &str) -> Result<Side, SideError> {
        let (reference, platform) = match s.split_once('~') {
            Some((r, p)) => (r, Some(parse_platform(p).map_err(SideError::Platform)?)),
            None => (s, None),
        };
        Ok(Side {
            image: ImageReference::parse_full(reference).map_err(SideError::Reference)?,
            platform,
        })
    }

    /// The same side with another platform (or none).
    pub fn with_platform(&self, platform: Option<Platform>) -> Side {
        Side {
            image: self.image.clone(),
            platform,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.image.fmt(f)?;
        if let Some(p) = &self.platform {
            write!(f, "~{}", p.display())?;
        }
        Ok(())
    }
}

/// Two sides: `<a>...<b>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub a: Side,
    pub b: Side,
}

/// The separator of [`Pair`], as in `git diff a...b`.
pub const PAIR_SEPARATOR: &str = "...";

impl Pair {
    /// Names contain no `...`, digests and platforms no dot at all; only a
    /// tag may (`v1...2` is a valid tag). So the pair is split at the first
    /// `...` after which the rest reads as a side.
    pub fn parse(s: &str) -> Result<Pair, SideError> {
        let mut first_error = None;
        for (i, _) in s.match_indices(PAIR_SEPARATOR) {
            let (a, b) = (&s[..i], &s[i + PAIR_SEPARATOR.len()..]);
            if a.is_empty() || b.is_empty() {
                continue;
            }
            match (Side::parse(a), Side::parse(b)) {
                (Ok(a), Ok(b)) => return Ok(Pair { a, b }),
                (Err(e), _) | (_, Err(e)) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or(SideError::NotAPair))
    }

    /// B and A.
    pub fn swapped(&self) -> Pair {
        Pair {
            a: self.b.clone(),
            b: self.a.clone(),
        }
    }
}

impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{PAIR_SEPARATOR}{}", self.a, self.b)
    }
}

/// What a comparison knows of one image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    pub name: RepositoryName,
    /// As the user named it (a tag of an index, or a digest).
    pub reference: Reference,
    /// The image manifest compared (an index's platform: the child's).
    pub digest: Digest,
    /// The index it was taken from, with the platform entry chosen.
    pub index: Option<(Digest, Platform)>,
    pub kind: ManifestKind,
    pub manifest: ImageManifest,
    /// `None` for an artifact (its config is not an image config).
    pub config: Option<ImageConfig>,
}

impl ImageFacts {
    /// The platform: the config's, else the index entry's.
    pub fn platform(&self) -> Option<Platform> {
        match &self.config {
            Some(c) if !c.os.is_empty() => Some(Platform {
                os: c.os.clone(),
                architecture: c.architecture.clone(),
                variant: c.variant.clone().filter(|v| !v.is_empty()),
                os_version: None,
            }),
            _ => self.index.as_ref().map(|(_, p)| p.clone()),
        }
    }

    /// Config plus layers, compressed.
    pub fn size(&self) -> u64 {
        self.manifest.total_size()
    }
}

/// What [`Registry::image_facts`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sought {
    Image(Box<ImageFacts>),
    /// A multi-arch image and no platform of it chosen: `asked` is the
    /// platform asked for when none (or more than one) entry matched it.
    Index {
        digest: Digest,
        platforms: Vec<Platform>,
        asked: Option<Platform>,
    },
    /// A schema1 manifest or an unknown document: nothing to compare.
    NotAnImage {
        digest: Digest,
        media_type: Option<String>,
    },
}

impl Registry {
    /// What a comparison needs of `name`/`reference`: the manifest, for an
    /// index the child of `platform` (exactly one entry must match it, else
    /// the platforms are returned to choose from), then its config.
    pub async fn image_facts(
        &self,
        t: &impl Transport,
        name: &RepositoryName,
        reference: &Reference,
        platform: Option<&Platform>,
    ) -> Result<Sought, RegistryError> {
        let fetched = self.get_manifest(t, name, reference).await?;
        let (digest, kind, manifest, index) = match fetched.manifest {
            Manifest::Image { kind, manifest } => (fetched.digest, kind, manifest, None),
            Manifest::Index { index, .. } => {
                let platforms: Vec<(Platform, Option<Digest>)> = index
                    .platforms()
                    .map(|d| {
                        (
                            d.platform.clone().unwrap_or_default(),
                            d.digest.valid().cloned(),
                        )
                    })
                    .collect();
                let matching: Vec<&(Platform, Option<Digest>)> = platform
                    .map(|w| {
                        platforms
                            .iter()
                            .filter(|(p, _)| platform_matches(w, p))
                            .collect()
                    })
                    .unwrap_or_default();
                let (chosen, child) = match matching.as_slice() {
                    [(p, Some(d))] => (p.clone(), d.clone()),
                    _ => {
                        return Ok(Sought::Index {
                            digest: fetched.digest,
                            platforms: platforms.into_iter().map(|(p, _)| p).collect(),
                            asked: platform.cloned(),
                        })
                    }
                };
                let got = self
                    .get_manifest(t, name, &Reference::Digest(child.clone()))
                    .await?;
                match got.manifest {
                    Manifest::Image { kind, manifest } => {
                        (child, kind, manifest, Some((fetched.digest, chosen)))
                    }
                    Manifest::Index { .. } | Manifest::Unsupported { .. } => {
                        return Ok(Sought::NotAnImage {
                            digest: child,
                            media_type: got.content_type,
                        })
                    }
                }
            }
            Manifest::Unsupported { media_type, .. } => {
                return Ok(Sought::NotAnImage {
                    digest: fetched.digest,
                    media_type,
                })
            }
        };
        let config = match (manifest.artifact_kind(), manifest.config.digest.valid()) {
            (None, Some(d)) => Some(self.get_config(t, name, d).await?),
            _ => None,
        };
        Ok(Sought::Image(Box::new(ImageFacts {
            name: name.clone(),
            reference: reference.clone(),
            digest,
            index,
            kind,
            manifest,
            config,
        })))
    }
}

/// A config setting compared.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Platform,
    Created,
    Author,
    User,
    WorkingDir,
    Entrypoint,
    Cmd,
    ExposedPorts,
    Volumes,
    /// One environment variable, by name.
    Env(String),
    /// One label, by key.
    Label(String),
}

impl Field {
    /// A stable name for tests, JSON and `data-field`: `cmd`, `env:PATH`,
    /// `label:org.opencontainers.image.version`.
    pub fn key(&self) -> String {
        match self {
            Field::Platform => "platform".into(),
            Field::Created => "created".into(),
            Field::Author => "author".into(),
            Field::User => "user".into(),
            Field::WorkingDir => "working_dir".into(),
            Field::Entrypoint => "entrypoint".into(),
            Field::Cmd => "cmd".into(),
            Field::ExposedPorts => "exposed_ports".into(),
            Field::Volumes => "volumes".into(),
            Field::Env(k) => format!("env:{k}"),
            Field::Label(k) => format!("label:{k}"),
        }
    }
}

/// A setting's value on one side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// An exec form (`["/bin/sh", "-c", "…"]`): order matters.
    Args(Vec<String>),
    /// Ports, volumes: a set, sorted.
    Set(Vec<String>),
}

/// How a setting differs from A to B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    /// Only B has it.
    Added,
    /// Only A has it.
    Removed,
    Changed,
}

impl Change {
    fn of<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> Change {
        match (a, b) {
            (Some(x), Some(y)) if x == y => Change::Same,
            (None, None) => Change::Same,
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (Some(_), Some(_)) => Change::Changed,
        }
    }

    /// `same`, `added`, `removed`, `changed`.
    pub fn key(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One setting of both images.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDiff {
    pub field: Field,
    pub a: Option<Value>,
    pub b: Option<Value>,
    pub change: Change,
}

/// Where a layer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerKind {
    /// In both, in the same place from the first layer on: the common base.
    Base,
    /// In both, but not within the common base (another place, or after a
    /// layer that differs).
    Moved,
    OnlyA,
    OnlyB,
}

impl LayerKind {
    /// `base`, `moved`, `only-a`, `only-b`.
    pub fn key(self) -> &'static str {
        match self {
            LayerKind::Base => "base",
            LayerKind::Moved => "moved",
            LayerKind::OnlyA => "only-a",
            LayerKind::OnlyB => "only-b",
        }
    }
}

/// One layer, lined up: its place (0-based) in A and in B.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerRow {
    pub kind: LayerKind,
    /// The descriptor's digest as written.
    pub digest: String,
    pub size: u64,
    pub media_type: String,
    pub in_a: Option<usize>,
    pub in_b: Option<usize>,
}

/// How a build step compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// The same step in both (within the common start of the history).
    Shared,
    /// The same command, run again (another date, or after a step that
    /// differs).
    SameCommand,
    Different,
}

impl StepKind {
    /// `shared`, `same-command`, `different`.
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Shared => "shared",
            StepKind::SameCommand => "same-command",
            StepKind::Different => "different",
        }
    }
}

/// One step of both histories, side by side (either may have run out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRow {
    pub kind: StepKind,
    pub a: Option<HistoryEntry>,
    pub b: Option<HistoryEntry>,
}

/// The facts of one side a summary shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideSummary {
    pub name: RepositoryName,
    pub reference: Reference,
    pub digest: Digest,
    pub index: Option<Digest>,
    pub platform: Option<Platform>,
    pub size: u64,
    pub layers: usize,
    pub created: Option<String>,
}

impl SideSummary {
    fn of(f: &ImageFacts) -> SideSummary {
        SideSummary {
            name: f.name.clone(),
            reference: f.reference.clone(),
            digest: f.digest.clone(),
            index: f.index.as_ref().map(|(d, _)| d.clone()),
            platform: f.platform(),
            size: f.size(),
            layers: f.manifest.layers.len(),
            created: f.config.as_ref().and_then(|c| c.created.clone()),
        }
    }
}

/// Two images compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub a: SideSummary,
    pub b: SideSummary,
    /// Every setting either image has, in [`Field`] order; `change` says
    /// which differ.
    pub config: Vec<FieldDiff>,
    /// The common base first, then A's other layers in order, then the
    /// layers only B has, in order.
    pub layers: Vec<LayerRow>,
    /// Layers in the common base.
    pub base_layers: usize,
    /// Bytes of the common base.
    pub base_bytes: u64,
    /// Bytes of every layer both have (the base and moved ones), each
    /// counted once.
    pub shared_bytes: u64,
    pub history: Vec<StepRow>,
}

fn text(s: &Option<String>) -> Option<Value> {
    s.as_ref()
        .filter(|s| !s.is_empty())
        .map(|s| Value::Text(s.clone()))
}

fn args(v: &Option<Vec<String>>) -> Option<Value> {
    v.as_ref().map(|v| Value::Args(v.clone()))
}

fn set(m: &Option<BTreeMap<String, serde_json::Value>>) -> Option<Value> {
    m.as_ref()
        .filter(|m| !m.is_empty())
        .map(|m| Value::Set(m.keys().cloned().collect()))
}

/// `KEY=value` entries by key; a later one wins, as in a container.
fn env(c: &ImageConfig) -> BTreeMap<String, String> {
    c.config
        .as_ref()
        .and_then(|c| c.env.as_ref())
        .map(|e| {
            e.iter()
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => (kv.clone(), String::new()),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn labels(c: &ImageConfig) -> BTreeMap<String, String> {
    c.config
        .as_ref()
        .and_then(|c| c.labels.clone())
        .unwrap_or_default()
}

fn config_fields(a: &ImageFacts, b: &ImageFacts) -> Vec<FieldDiff> {
    let (ca, cb) = (
        a.config.clone().unwrap_or_default(),
        b.config.clone().unwrap_or_default(),
    );
    let (ra, rb) = (
        ca.config.clone().unwrap_or_default(),
        cb.config.clone().unwrap_or_default(),
    );
    let platform = |f: &ImageFacts| f.platform().map(|p| Value::Text(p.display()));
    let mut out: Vec<(Field, Option<Value>, Option<Value>)> = vec![
        (Field::Platform, platform(a), platform(b)),
        (Field::Created, text(&ca.created), text(&cb.created)),
        (Field::Author, text(&ca.author), text(&cb.author)),
        (Field::User, text(&ra.user), text(&rb.user)),
        (
            Field::WorkingDir,
            text(&ra.working_dir),
            text(&rb.working_dir),
        ),
        (
            Field::Entrypoint,
            args(&ra.entrypoint),
            args(&rb.entrypoint),
        ),
        (Field::Cmd, args(&ra.cmd), args(&rb.cmd)),
        (
            Field::ExposedPorts,
            set(&ra.exposed_ports),
            set(&rb.exposed_ports),
        ),
        (Field::Volumes, set(&ra.volumes), set(&rb.volumes)),
    ];
    for (field, ma, mb) in [
        (Field::Env as fn(String) -> Field, env(&ca), env(&cb)),
        (Field::Label, labels(&ca), labels(&cb)),
    ] {
        let keys: BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
        for k in keys {
            out.push((
                field(k.clone()),
                ma.get(k).map(|v| Value::Text(v.clone())),
                mb.get(k).map(|v| Value::Text(v.clone())),
            ));
        }
    }
    out.into_iter()
        // A setting neither image has is not listed.
        .filter(|(_, a, b)| a.is_some() || b.is_some())
        .map(|(field, a, b)| FieldDiff {
            change: Change::of(&a, &b),
            field,
            a,
            b,
        })
        .collect()
}

fn line_up(a: &ImageManifest, b: &ImageManifest) -> (Vec<LayerRow>, usize) {
    let base = a
        .layers
        .iter()
        .zip(&b.layers)
        .take_while(|(x, y)| x.digest == y.digest)
        .count();
    let row = |kind, l: &super::manifest::Descriptor, in_a, in_b| LayerRow {
        kind,
        digest: l.digest.to_string(),
        size: l.size,
        media_type: l.media_type.clone(),
        in_a,
        in_b,
    };
    let mut rows: Vec<LayerRow> = (0..base)
        .map(|i| row(LayerKind::Base, &a.layers[i], Some(i), Some(i)))
        .collect();
    // B's layers after the base not yet matched (a digest may repeat: each
    // occurrence is matched once).
    let mut free_b: Vec<bool> = vec![true; b.layers.len()];
    for (i, l) in a.layers.iter().enumerate().skip(base) {
        let found = (base..b.layers.len()).find(|&j| free_b[j] && b.layers[j].digest == l.digest);
        match found {
            Some(j) => {
                free_b[j] = false;
                rows.push(row(LayerKind::Moved, l, Some(i), Some(j)));
            }
            None => rows.push(row(LayerKind::OnlyA, l, Some(i), None)),
        }
    }
    for (j, l) in b.layers.iter().enumerate().skip(base) {
        if free_b[j] {
            rows.push(row(LayerKind::OnlyB, l, None, Some(j)));
        }
    }
    (rows, base)
}

fn history(a: &[HistoryEntry], b: &[HistoryEntry]) -> Vec<StepRow> {
    let shared = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let mut rows: Vec<StepRow> = a[..shared]
        .iter()
        .map(|h| StepRow {
            kind: StepKind::Shared,
            a: Some(h.clone()),
            b: Some(h.clone()),
        })
        .collect();
    for i in shared..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        let kind = match (x, y) {
            (Some(x), Some(y))
                if x.created_by == y.created_by && x.empty_layer == y.empty_layer =>
            {
                StepKind::SameCommand
            }
            _ => StepKind::Different,
        };
        rows.push(StepRow {
            kind,
            a: x.cloned(),
            b: y.cloned(),
        });
    }
    rows
}

impl Comparison {
    pub fn of(a: &ImageFacts, b: &ImageFacts) -> Comparison {
        let (layers, base_layers) = line_up(&a.manifest, &b.manifest);
        let base_bytes = layers[..base_layers].iter().map(|l| l.size).sum();
        let mut shared: BTreeMap<&str, u64> = BTreeMap::new();
        for l in layers
            .iter()
            .filter(|l| matches!(l.kind, LayerKind::Base | LayerKind::Moved))
        {
            shared.insert(&l.digest, l.size);
        }
        let shared_bytes = shared.values().sum();
        let empty = Vec::new();
        let steps = |f: &ImageFacts| f.config.as_ref().map(|c| c.history.clone());
        let (ha, hb) = (steps(a), steps(b));
        Comparison {
            a: SideSummary::of(a),
            b: SideSummary::of(b),
            config: config_fields(a, b),
            base_layers,
            base_bytes,
            shared_bytes,
            history: history(ha.as_ref().unwrap_or(&empty), hb.as_ref().unwrap_or(&empty)),
            layers,
        }
    }

    /// B's size minus A's.
    pub fn size_difference(&self) -> i128 {
        i128::from(self.b.size) - i128::from(self.a.size)
    }

    /// The same manifest on both sides.
    pub fn identical(&self) -> bool {
        self.a.digest == self.b.digest
    }

    /// The settings that differ.
    pub fn differences(&self) -> impl Iterator<Item = &FieldDiff> {
        self.config.iter().filter(|f| f.change != Change::Same)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{media, parse_config, Descriptor, DescriptorDigest};
    use crate::testing::{block_on, status, with_headers, Scripted};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(n: u8) -> String {
        format!("sha256:{}", format!("{n:02x}").repeat(32))
    }

    fn layer(n: u8, size: u64) -> Descriptor {
        Descriptor {
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
            digest: DescriptorDigest::parse(&d(n)),
            size,
            ..Descriptor::default()
        }
    }

    fn facts(reference: &str, layers: Vec<Descriptor>, config: &str) -> ImageFacts {
        ImageFacts {
            name: RepositoryName::parse("app").unwrap(),
            reference: Reference::parse(reference).unwrap(),
            digest: Digest::sha256_of(reference.as_bytes()),
            index: None,
            kind: ManifestKind::OciImage,
            manifest: ImageManifest {
                schema_version: 2,
                media_type: Some(media::OCI_MANIFEST.into()),
                artifact_type: None,
                config: Descriptor {
                    media_type: media::OCI_CONFIG.into(),
                    digest: DescriptorDigest::parse(&d(0xcc)),
                    size: 100,
                    ..Descriptor::default()
                },
                layers,
                subject: None,
                annotations: BTreeMap::new(),
            },
            config: Some(parse_config(config.as_bytes()).unwrap()),
        }
    }

    const CONFIG_A: &str = r#"{"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z",
      "config":{"Env":["PATH=/bin","MODE=a","GONE=1"],"Cmd":["/app","--a"],"User":"1000",
        "Labels":{"k":"same","only.a":"x","v":"1"},"ExposedPorts":{"80/tcp":{}}},
      "history":[{"created":"2025-01-01T00:00:00Z","created_by":"ADD base"},
                 {"created":"2026-01-01T00:00:00Z","created_by":"COPY app"},
                 {"created":"2026-01-01T00:00:00Z","created_by":"CMD a","empty_layer":true}]}"#;
    const CONFIG_B: &str = r#"{"architecture":"amd64","os":"linux","created":"2026-02-01T00:00:00Z",
      "config":{"Env":["PATH=/bin","MODE=b","NEW=2"],"Cmd":["/app","--b"],"User":"1000",
        "Labels":{"k":"same","v":"2","only.b":"y"},"ExposedPorts":{"80/tcp":{},"443/tcp":{}},"WorkingDir":"/srv"},
      "history":[{"created":"2025-01-01T00:00:00Z","created_by":"ADD base"},
                 {"created":"2026-02-01T00:00:00Z","created_by":"COPY app"},
                 {"created":"2026-02-01T00:00:00Z","created_by":"CMD b","empty_layer":true},
                 {"created_by":"EXPOSE 443","empty_layer":true}]}"#;

    fn change(c: &Comparison, key: &str) -> Option<(Change, Option<Value>, Option<Value>)> {
        c.config
            .iter()
            .find(|f| f.field.key() == key)
            .map(|f| (f.change, f.a.clone(), f.b.clone()))
    }

    fn t(s: &str) -> Option<Value> {
        Some(Value::Text(s.into()))
    }

    #[test]
    fn config_differences_are_found_per_setting_env_and_label() {
        let a = facts("v1", vec![layer(1, 10)], CONFIG_A);
        let b = facts("v2", vec![layer(1, 10)], CONFIG_B);
        let c = Comparison::of(&a, &b);
        assert_eq!(
            change(&c, "env:MODE"),
            Some((Change::Changed, t("a"), t("b")))
        );
        assert_eq!(
            change(&c, "env:GONE"),
            Some((Change::Removed, t("1"), None))
        );
        assert_eq!(change(&c, "env:NEW"), Some((Change::Added, None, t("2"))));
        assert_eq!(
            change(&c, "env:PATH"),
            Some((Change::Same, t("/bin"), t("/bin")))
        );
        assert_eq!(
            change(&c, "cmd"),
            Some((
                Change::Changed,
                Some(Value::Args(vec!["/app".into(), "--a".into()])),
                Some(Value::Args(vec!["/app".into(), "--b".into()]))
            ))
        );
        assert_eq!(change(&c, "user").unwrap().0, Change::Same);
        assert_eq!(
            change(&c, "working_dir"),
            Some((Change::Added, None, t("/srv")))
        );
        assert_eq!(
            change(&c, "exposed_ports"),
            Some((
                Change::Changed,
                Some(Value::Set(vec!["80/tcp".into()])),
                Some(Value::Set(vec!["443/tcp".into(), "80/tcp".into()]))
            ))
        );
        assert_eq!(change(&c, "label:v").unwrap().0, Change::Changed);
        assert_eq!(change(&c, "label:only.a").unwrap().0, Change::Removed);
        assert_eq!(change(&c, "label:only.b").unwrap().0, Change::Added);
        assert_eq!(change(&c, "label:k").unwrap().0, Change::Same);
        assert_eq!(change(&c, "platform").unwrap().0, Change::Same);
        // Neither has an entrypoint or volumes: not listed.
        assert_eq!(change(&c, "entrypoint"), None);
        assert_eq!(change(&c, "volumes"), None);
        let differing: Vec<String> = c.differences().map(|f| f.field.key()).collect();
        assert_eq!(
            differing,
            [
                "created",
                "working_dir",
                "cmd",
                "exposed_ports",
                "env:GONE",
                "env:MODE",
                "env:NEW",
                "label:only.a",
                "label:only.b",
                "label:v"
            ]
        );
        // The same image against itself: nothing differs.
        let same = Comparison::of(&a, &a);
        assert_eq!(same.differences().count(), 0);
        assert!(same.identical());
        assert!(!c.identical());
    }

    #[test]
    fn a_later_env_entry_wins_and_an_entry_without_value_counts() {
        let a = facts("v1", vec![], r#"{"config":{"Env":["X=1","X=2","FLAG"]}}"#);
        let b = facts("v2", vec![], r#"{"config":{"Env":["X=2","FLAG="]}}"#);
        let c = Comparison::of(&a, &b);
        assert_eq!(change(&c, "env:X").unwrap().0, Change::Same);
        assert_eq!(change(&c, "env:FLAG").unwrap().0, Change::Same);
        // `A=b=c`: the value is everything after the first `=`.
        let b = facts("v2", vec![], r#"{"config":{"Env":["X=2=3"]}}"#);
        let c = Comparison::of(&a, &b);
        assert_eq!(
            change(&c, "env:X"),
            Some((Change::Changed, t("2"), t("2=3")))
        );
    }

    fn kinds(c: &Comparison) -> Vec<(&'static str, Option<usize>, Option<usize>)> {
        c.layers
            .iter()
            .map(|l| (l.kind.key(), l.in_a, l.in_b))
            .collect()
    }

    #[test]
    fn layers_line_up_base_first_then_each_sides_own() {
        let a = facts(
            "v1",
            vec![layer(1, 1000), layer(2, 200), layer(3, 30)],
            "{}",
        );
        let b = facts(
            "v2",
            vec![layer(1, 1000), layer(2, 200), layer(4, 40), layer(5, 5)],
            "{}",
        );
        let c = Comparison::of(&a, &b);
        assert_eq!(
            kinds(&c),
            [
                ("base", Some(0), Some(0)),
                ("base", Some(1), Some(1)),
                ("only-a", Some(2), None),
                ("only-b", None, Some(2)),
                ("only-b", None, Some(3)),
            ]
        );
        assert_eq!(c.base_layers, 2);
        assert_eq!(c.base_bytes, 1200);
        assert_eq!(c.shared_bytes, 1200);
        // Config 100 each: A 1330, B 1345.
        assert_eq!(c.a.size, 1330);
        assert_eq!(c.b.size, 1345);
        assert_eq!(c.size_difference(), 15);
        assert_eq!(Comparison::of(&b, &a).size_difference(), -15);
    }

    #[test]
    fn layers_shared_out_of_order_are_marked_moved_and_repeats_match_once() {
        // B has A's layers 2 and 3 swapped, and layer 3 twice.
        let a = facts("v1", vec![layer(1, 10), layer(2, 20), layer(3, 30)], "{}");
        let b = facts(
            "v2",
            vec![layer(1, 10), layer(3, 30), layer(2, 20), layer(3, 30)],
            "{}",
        );
        let c = Comparison::of(&a, &b);
        assert_eq!(
            kinds(&c),
            [
                ("base", Some(0), Some(0)),
                ("moved", Some(1), Some(2)),
                ("moved", Some(2), Some(1)),
                ("only-b", None, Some(3)),
            ]
        );
        assert_eq!(c.base_layers, 1);
        assert_eq!(c.base_bytes, 10);
        assert_eq!(c.shared_bytes, 60, "each shared layer counted once");
        // Nothing in common.
        let x = facts("x", vec![layer(7, 1)], "{}");
        let c = Comparison::of(&a, &x);
        assert_eq!(c.base_layers, 0);
        assert_eq!(c.shared_bytes, 0);
        assert_eq!(c.layers.len(), 4);
    }

    #[test]
    fn history_steps_align_shared_start_then_side_by_side() {
        let a = facts("v1", vec![], CONFIG_A);
        let b = facts("v2", vec![], CONFIG_B);
        let c = Comparison::of(&a, &b);
        let got: Vec<(&str, Option<String>, Option<String>)> = c
            .history
            .iter()
            .map(|s| {
                (
                    s.kind.key(),
                    s.a.as_ref().and_then(|h| h.created_by.clone()),
                    s.b.as_ref().and_then(|h| h.created_by.clone()),
                )
            })
            .collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                ("shared", s("ADD base"), s("ADD base")),
                ("same-command", s("COPY app"), s("COPY app")),
                ("different", s("CMD a"), s("CMD b")),
                ("different", None, s("EXPOSE 443")),
            ]
        );
    }

    #[test]
    fn sides_and_pairs_read_and_write_the_same_text() {
        let text = format!(
            "team/app:v1~linux/arm64/v8...other@sha256:{}",
            "ab".repeat(32)
        );
        let p = Pair::parse(&text).unwrap();
        assert_eq!(p.a.image.name.as_str(), "team/app");
        assert_eq!(p.a.platform.as_ref().unwrap().display(), "linux/arm64/v8");
        assert!(matches!(p.b.image.reference, Reference::Digest(_)));
        assert_eq!(Pair::parse(&p.to_string()).unwrap(), p);
        assert_eq!(p.swapped().a, p.b);
        // A tag may hold `...`: the split is where both sides read.
        let p = Pair::parse("app:v1...2...app:v3").unwrap();
        assert_eq!(p.a.to_string(), "app:v1...2");
        assert_eq!(p.b.to_string(), "app:v3");
        assert_eq!(Pair::parse("app:v1"), Err(SideError::NotAPair));
        assert_eq!(Pair::parse("...app:v1"), Err(SideError::NotAPair));
        assert_eq!(
            Pair::parse("app...app:v2"),
            Err(SideError::Reference(ReferenceError::EmptyTag))
        );
        assert!(matches!(
            Pair::parse("app:v1~linux...app:v2"),
            Err(SideError::Platform(PlatformError::Shape(_)))
        ));
        assert!(matches!(
            Side::parse("app:v1~linux/a<b"),
            Err(SideError::Platform(PlatformError::BadPart(_)))
        ));
    }

    #[test]
    fn a_platform_without_variant_matches_any_variant() {
        let arm64 = parse_platform("linux/arm64").unwrap();
        let v8 = parse_platform("linux/arm64/v8").unwrap();
        assert!(platform_matches(&arm64, &v8));
        assert!(!platform_matches(&v8, &arm64));
        assert!(!platform_matches(
            &arm64,
            &parse_platform("linux/amd64").unwrap()
        ));
    }

    const BASE: &str = "http://127.0.0.1:5000";

    fn index_body(children: &[(&str, &str)]) -> String {
        let entries: Vec<String> = children
            .iter()
            .map(|(digest, platform)| {
                let p = parse_platform(platform).unwrap();
                let variant = p
                    .variant
                    .map(|v| format!(r#","variant":"{v}""#))
                    .unwrap_or_default();
                format!(
                    r#"{{"mediaType":"{}","digest":"{digest}","size":1,"platform":{{"os":"{}","architecture":"{}"{variant}}}}}"#,
                    media::OCI_MANIFEST,
                    p.os,
                    p.architecture
                )
            })
            .collect();
        format!(
            r#"{{"mediaType":"{}","manifests":[{}]}}"#,
            media::OCI_INDEX,
            entries.join(",")
        )
    }

    #[test]
    fn an_index_gives_the_child_of_the_platform_asked_for_or_its_platforms() {
        let config =
            br#"{"architecture":"arm64","os":"linux","variant":"v8","config":{"Cmd":["/app"]}}"#;
        let config_digest = Digest::sha256_of(config);
        let child = format!(
            r#"{{"mediaType":"{}","config":{{"mediaType":"{}","digest":"{config_digest}","size":{}}},"layers":[{{"digest":"{}","size":7}}]}}"#,
            media::OCI_MANIFEST,
            media::OCI_CONFIG,
            config.len(),
            d(1)
        );
        let child_digest = Digest::sha256_of(child.as_bytes());
        let other = d(9);
        let index = index_body(&[
            (&other, "linux/amd64"),
            (&child_digest.to_string(), "linux/arm64/v8"),
        ]);
        let index_digest = Digest::sha256_of(index.as_bytes());
        let name = RepositoryName::parse("app").unwrap();
        let tag = Reference::parse("v1").unwrap();
        let registry = Registry::new(BASE);
        let ct = [("Content-Type", media::OCI_INDEX)];

        // No platform: the index's platforms, nothing more read.
        let t = Scripted::new(vec![with_headers(index.as_bytes(), &ct)]);
        let got = block_on(registry.image_facts(&t, &name, &tag, None)).unwrap();
        assert_eq!(
            got,
            Sought::Index {
                digest: index_digest.clone(),
                platforms: vec![
                    parse_platform("linux/amd64").unwrap(),
                    parse_platform("linux/arm64/v8").unwrap()
                ],
                asked: None,
            }
        );
        assert_eq!(t.asked.borrow().len(), 1);

        // A platform it does not have: the same, with what was asked.
        let t = Scripted::new(vec![with_headers(index.as_bytes(), &ct)]);
        let s390x = parse_platform("linux/s390x").unwrap();
        let got = block_on(registry.image_facts(&t, &name, &tag, Some(&s390x))).unwrap();
        assert!(matches!(got, Sought::Index { asked: Some(p), .. } if p == s390x));

        // linux/arm64 (no variant): the child by digest, then its config.
        let t = Scripted::new(vec![
            with_headers(index.as_bytes(), &ct),
            with_headers(child.as_bytes(), &[("Content-Type", media::OCI_MANIFEST)]),
            with_headers(config, &[]),
        ]);
        let arm64 = parse_platform("linux/arm64").unwrap();
        let Sought::Image(f) =
            block_on(registry.image_facts(&t, &name, &tag, Some(&arm64))).unwrap()
        else {
            panic!("an image")
        };
        assert_eq!(f.digest, child_digest);
        assert_eq!(f.index.as_ref().map(|(d, _)| d), Some(&index_digest));
        assert_eq!(f.platform().unwrap().display(), "linux/arm64/v8");
        assert_eq!(f.size(), config.len() as u64 + 7);
        let asked: Vec<String> = t.asked.borrow().iter().map(|r| r.url.clone()).collect();
        assert_eq!(
            asked,
            [
                format!("{BASE}/v2/app/manifests/v1"),
                format!("{BASE}/v2/app/manifests/{child_digest}"),
                format!("{BASE}/v2/app/blobs/{config_digest}"),
            ]
        );

        // A missing config is the registry's error, not an empty image.
        let t = Scripted::new(vec![
            with_headers(child.as_bytes(), &[("Content-Type", media::OCI_MANIFEST)]),
            status(404, r#"{"errors":[{"code":"BLOB_UNKNOWN","message":"x"}]}"#),
        ]);
        let got = block_on(registry.image_facts(&t, &name, &tag, None));
        assert!(
            matches!(got, Err(RegistryError::NotFound { .. })),
            "{got:?}"
        );
    }

    #[test]
    fn schema1_is_not_compared() {
        let body = br#"{"schemaVersion":1,"name":"app","tag":"old","fsLayers":[]}"#;
        let t = Scripted::new(vec![with_headers(
            body,
            &[("Content-Type", media::DOCKER_SCHEMA1)],
        )]);
        let got = block_on(Registry::new(BASE).image_facts(
            &t,
            &RepositoryName::parse("app").unwrap(),
            &Reference::parse("old").unwrap(),
            None,
        ))
        .unwrap();
        assert!(
            matches!(got, Sought::NotAnImage { media_type: Some(m), .. } if m == media::DOCKER_SCHEMA1)
        );
    }
}
