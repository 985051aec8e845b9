//! Pushes deterministic demo images through the registry's real HTTP API
//! (blob upload, cross-repository mount, manifest PUT, DELETE).

use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
pub const DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
pub const COSIGN_SIG_ARTIFACT: &str = "application/vnd.dev.cosign.artifact.sig.v1+json";
pub const COSIGN_SIMPLESIGNING: &str = "application/vnd.dev.cosign.simplesigning.v1+json";
pub const IN_TOTO: &str = "application/vnd.in-toto+json";

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let mut s = String::from("sha256:");
    for b in Sha256::digest(bytes) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// RFC 3339 UTC time for a day number since 1970-01-01 plus seconds.
pub fn rfc3339(days: i64, secs: u32) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Day number of 2026-09-01, the newest demo date.
pub const NEWEST_DAY: i64 = 20_697;

/// A gzip tar layer: (compressed bytes, diff id of the uncompressed tar).
pub fn layer(files: &[(&str, &[u8])]) -> (Vec<u8>, String) {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(1_700_000_000);
        header.set_uid(0);
        header.set_gid(0);
        header.set_cksum();
        builder.append_data(&mut header, path, *data).expect("tar");
    }
    let tar = builder.into_inner().expect("tar");
    let diff_id = sha256(&tar);
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar).expect("gzip");
    (gz.finish().expect("gzip"), diff_id)
}

/// What a pushed manifest is.
#[derive(Clone, Debug)]
pub struct Pushed {
    pub digest: String,
    pub size: usize,
    pub media_type: String,
}

impl Pushed {
    pub fn descriptor(&self) -> Value {
        json!({"mediaType": self.media_type, "digest": self.digest, "size": self.size})
    }
}

/// A minimal registry client for pushing.
#[derive(Clone)]
pub struct Pusher {
    agent: ureq::Agent,
    base: String,
    auth: Option<String>,
}

fn err(context: &str, e: ureq::Error) -> String {
    match e {
        ureq::Error::Status(code, resp) => {
            format!(
                "{context}: HTTP {code}: {}",
                resp.into_string().unwrap_or_default()
            )
        }
        other => format!("{context}: {other}"),
    }
}

impl Pusher {
    pub fn new(base: &str) -> Self {
        Pusher {
            agent: ureq::AgentBuilder::new()
                .timeout(std::time::Duration::from_secs(60))
                .build(),
            base: base.trim_end_matches('/').to_string(),
            auth: None,
        }
    }

    /// Send HTTP basic credentials with every request.
    pub fn with_basic_auth(mut self, user: &str, pass: &str) -> Self {
        let raw = format!("{user}:{pass}");
        self.auth = Some(format!("Basic {}", shipshape_csp::base64(raw.as_bytes())));
        self
    }

    /// Send this bearer token with every request (a registry with
    /// `auth.token`; mint it with `token::TokenServer::mint`).
    pub fn with_bearer(mut self, token: &str) -> Self {
        self.auth = Some(format!("Bearer {token}"));
        self
    }

    fn req(&self, method: &str, url: &str) -> ureq::Request {
        let r = self.agent.request(method, url);
        match &self.auth {
            Some(a) => r.set("Authorization", a),
            None => r,
        }
    }

    /// Upload a blob unless the repository has it already.
    pub fn blob(&self, repo: &str, bytes: &[u8]) -> Result<String, String> {
        let digest = sha256(bytes);
        let head = format!("{}/v2/{repo}/blobs/{digest}", self.base);
        if self.req("HEAD", &head).call().is_ok() {
            return Ok(digest);
        }
        let start = self
            .req("POST", &format!("{}/v2/{repo}/blobs/uploads/", self.base))
            .call()
            .map_err(|e| err("start upload", e))?;
        self.finish_upload(&start, &digest, bytes)?;
        Ok(digest)
    }

    fn finish_upload(
        &self,
        start: &ureq::Response,
        digest: &str,
        bytes: &[u8],
    ) -> Result<(), String> {
        let location = start.header("Location").ok_or("upload without Location")?;
        let location = if location.starts_with('/') {
            format!("{}{location}", self.base)
        } else {
            location.to_string()
        };
        let sep = if location.contains('?') { '&' } else { '?' };
        self.req("PUT", &format!("{location}{sep}digest={digest}"))
            .set("Content-Type", "application/octet-stream")
            .send_bytes(bytes)
            .map_err(|e| err("finish upload", e))?;
        Ok(())
    }

    /// Link a blob from another repository (no data sent); uploads `bytes`
    /// if the registry does not mount.
    pub fn mount(&self, repo: &str, from: &str, bytes: &[u8]) -> Result<String, String> {
        let digest = sha256(bytes);
        let resp = self
            .req(
                "POST",
                &format!(
                    "{}/v2/{repo}/blobs/uploads/?mount={digest}&from={from}",
                    self.base
                ),
            )
            .call()
            .map_err(|e| err("mount", e))?;
        if resp.status() != 201 {
            self.finish_upload(&resp, &digest, bytes)?;
        }
        Ok(digest)
    }

    /// PUT a manifest under a tag or digest; returns its digest.
    pub fn manifest(
        &self,
        repo: &str,
        reference: &str,
        media_type: &str,
        body: &[u8],
    ) -> Result<Pushed, String> {
        let resp = self
            .req(
                "PUT",
                &format!("{}/v2/{repo}/manifests/{reference}", self.base),
            )
            .set("Content-Type", media_type)
            .send_bytes(body)
            .map_err(|e| err(&format!("put manifest {repo}:{reference}"), e))?;
        let digest = sha256(body);
        if let Some(h) = resp.header("Docker-Content-Digest") {
            if h != digest {
                return Err(format!("registry says {h}, bytes hash to {digest}"));
            }
        }
        Ok(Pushed {
            digest,
            size: body.len(),
            media_type: media_type.to_string(),
        })
    }

    /// DELETE a manifest by digest.
    pub fn delete(&self, repo: &str, digest: &str) -> Result<(), String> {
        self.req(
            "DELETE",
            &format!("{}/v2/{repo}/manifests/{digest}", self.base),
        )
        .call()
        .map_err(|e| err("delete", e))?;
        Ok(())
    }

    /// Whether `repo` has a manifest at `reference` (tag or digest).
    pub fn manifest_exists(&self, repo: &str, reference: &str) -> bool {
        self.digest_of(repo, reference).is_some()
    }

    /// The digest `reference` (tag or digest) resolves to, from a HEAD.
    pub fn digest_of(&self, repo: &str, reference: &str) -> Option<String> {
        self.req("HEAD", &format!("{}/v2/{repo}/manifests/{reference}", self.base))
            .set("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json")
            .call()
            .ok()
            .and_then(|r| r.header("Docker-Content-Digest").map(String::from))
    }

    /// All tags of a repository (distribution 2.8 returns them in one page).
    pub fn tags(&self, repo: &str) -> Result<Vec<String>, String> {
        let v: Value = self
            .req("GET", &format!("{}/v2/{repo}/tags/list", self.base))
            .call()
            .map_err(|e| err("tags", e))?
            .into_json()
            .map_err(|e| e.to_string())?;
        Ok(v["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Push an image (config + layers + manifest) and tag it.
    pub fn image(&self, repo: &str, tags: &[&str], spec: &ImageSpec) -> Result<Pushed, String> {
        let (config_type, layer_type, manifest_type) = if spec.oci {
            (OCI_CONFIG, OCI_LAYER, OCI_MANIFEST)
        } else {
            (DOCKER_CONFIG, DOCKER_LAYER, DOCKER_MANIFEST)
        };
        let config = spec.config_json();
        let config_digest = self.blob(repo, &config)?;
        let mut layers = Vec::new();
        for (gz, _) in &spec.layers {
            let d = self.blob(repo, gz)?;
            layers.push(json!({"mediaType": layer_type, "digest": d, "size": gz.len()}));
        }
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": manifest_type,
            "config": {"mediaType": config_type, "digest": config_digest, "size": config.len()},
            "layers": layers,
        });
        let body = serde_json::to_vec_pretty(&manifest).expect("json");
        self.put_tagged(repo, tags, manifest_type, &body)
    }

    fn put_tagged(
        &self,
        repo: &str,
        tags: &[&str],
        media_type: &str,
        body: &[u8],
    ) -> Result<Pushed, String> {
        let mut pushed = None;
        for tag in tags {
            pushed = Some(self.manifest(repo, tag, media_type, body)?);
        }
        match pushed {
            Some(p) => Ok(p),
            None => self.manifest(repo, &sha256(body), media_type, body),
        }
    }
}

/// An image to build: platform, date, layers, runtime settings.
#[derive(Clone, Debug)]
pub struct ImageSpec {
    pub oci: bool,
    pub os: String,
    pub arch: String,
    pub variant: Option<String>,
    /// `None` leaves `created` out, as some images do.
    pub created: Option<String>,
    pub layers: Vec<(Vec<u8>, String)>,
    pub env: Vec<String>,
    pub cmd: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub history: Vec<(String, bool)>,
}

impl ImageSpec {
    pub fn new(
        oci: bool,
        arch: &str,
        created: Option<String>,
        layers: Vec<(Vec<u8>, String)>,
    ) -> Self {
        let history = layers
            .iter()
            .enumerate()
            .map(|(i, _)| (format!("/bin/sh -c #(nop) ADD file:layer{i} in / "), false))
            .chain([("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]".to_string(), true)])
            .collect();
        ImageSpec {
            oci,
            os: "linux".into(),
            arch: arch.into(),
            variant: None,
            created,
            layers,
            env: vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into()],
            cmd: vec!["/bin/sh".into()],
            labels: BTreeMap::new(),
            history,
        }
    }

    pub fn label(mut self, k: &str, v: &str) -> Self {
        self.labels.insert(k.into(), v.into());
        self
    }

    pub fn variant(mut self, v: &str) -> Self {
        self.variant = Some(v.into());
        self
    }

    pub fn config_json(&self) -> Vec<u8> {
        let mut cfg = json!({
            "architecture": self.arch,
            "os": self.os,
            "config": {
                "Env": self.env,
                "Cmd": self.cmd,
                "Labels": self.labels,
                "WorkingDir": "/",
            },
            "rootfs": {"type": "layers", "diff_ids": self.layers.iter().map(|(_, d)| d).collect::<Vec<_>>()},
            "history": self.history.iter().map(|(by, empty)| {
                let mut h = json!({"created_by": by});
                if let Some(c) = &self.created { h["created"] = json!(c); }
                if *empty { h["empty_layer"] = json!(true); }
                h
            }).collect::<Vec<_>>(),
        });
        if let Some(c) = &self.created {
            cfg["created"] = json!(c);
        }
        if let Some(v) = &self.variant {
            cfg["variant"] = json!(v);
        }
        serde_json::to_vec(&cfg).expect("json")
    }
}

/// One tiny OCI image, tagged `1` in `repo`: for registries a test only
/// needs something in.
pub fn tiny_image(base: &str, repo: &str) -> Result<Pushed, String> {
    Pusher::new(base).image(
        repo,
        &["1"],
        &ImageSpec::new(true, "amd64", None, vec![layer(&[("a", b"1")])]),
    )
}

/// How much to seed.
#[derive(Clone, Debug)]
pub struct SeedOptions {
    /// Tags in `many/tags`, dates spread over months.
    pub many_tags: usize,
    /// Extra repositories `bulk/repo-00001`… (for large catalogs).
    pub extra_repos: usize,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            many_tags: 40,
            extra_repos: 0,
        }
    }
}

/// What was seeded, for tests to check against.
#[derive(Clone, Debug, Default)]
pub struct SeedReport {
    /// Every repository the catalog lists (the emptied one included).
    pub repositories: BTreeSet<String>,
    /// Tags per repository as pushed (after deletes).
    pub tags: BTreeMap<String, Vec<String>>,
    /// `repo:tag` → manifest digest.
    pub digests: BTreeMap<String, String>,
}

impl SeedReport {
    fn record(&mut self, repo: &str, tags: &[&str], pushed: &Pushed) {
        self.repositories.insert(repo.to_string());
        let entry = self.tags.entry(repo.to_string()).or_default();
        for t in tags {
            entry.push(t.to_string());
            self.digests
                .insert(format!("{repo}:{t}"), pushed.digest.clone());
        }
    }
}

/// Seed the demo content. Deterministic: the same options give the same digests.
pub fn seed(base: &str, options: &SeedOptions) -> Result<SeedReport, String> {
    let p = Pusher::new(base);
    let mut report = SeedReport::default();
    let day = |n: i64| Some(rfc3339(NEWEST_DAY - n, 36_000));

    // Shared base layer, used by several images.
    let base_layer = layer(&[
        ("etc/os-release", b"NAME=Shipshape Demo Linux\nVERSION=1\n"),
        ("bin/sh", b"#!demo\n"),
    ]);
    let app_layer = |name: &str, version: &str| {
        let body = format!("{name} {version}\n");
        layer(&[(&format!("app/{name}/VERSION"), body.as_bytes())])
    };

    // Docker schema2, two tags sharing one digest.
    for (tags, version, age) in [
        (&["3.19"][..], "3.19", 200),
        (&["3.20", "latest"][..], "3.20", 30),
    ] {
        let spec = ImageSpec::new(
            false,
            "amd64",
            day(age),
            vec![base_layer.clone(), app_layer("alpine", version)],
        )
        .label("org.opencontainers.image.version", version)
        .label(
            "org.opencontainers.image.source",
            "https://example.com/alpine",
        )
        .label(
            "org.opencontainers.image.description",
            "A small demo base image",
        );
        let pushed = p.image("alpine", tags, &spec)?;
        report.record("alpine", tags, &pushed);
    }

    // OCI images sharing the base layer.
    for (tag, age) in [("1.25", 150), ("1.27", 10)] {
        let spec = ImageSpec::new(
            true,
            "amd64",
            day(age),
            vec![base_layer.clone(), app_layer("nginx", tag)],
        )
        .label("org.opencontainers.image.title", "nginx")
        .label("org.opencontainers.image.revision", "0123456789abcdef");
        let pushed = p.image("library/nginx", &[tag], &spec)?;
        report.record("library/nginx", &[tag], &pushed);
    }

    // OCI index: three platforms and a BuildKit attestation.
    {
        let repo = "multiarch/tool";
        let mut entries = Vec::new();
        for (arch, variant) in [("amd64", None), ("arm64", Some("v8")), ("arm", Some("v7"))] {
            let mut spec = ImageSpec::new(
                true,
                arch,
                day(5),
                vec![base_layer.clone(), app_layer("tool", arch)],
            );
            if let Some(v) = variant {
                spec = spec.variant(v);
            }
            let child = p.image(repo, &[], &spec)?;
            let mut platform = json!({"os": "linux", "architecture": arch});
            if let Some(v) = variant {
                platform["variant"] = json!(v);
            }
            let mut d = child.descriptor();
            d["platform"] = platform;
            entries.push(d);
        }
        let amd64 = entries[0]["digest"].as_str().unwrap().to_string();
        let statement = br#"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document"}"#;
        let st = p.blob(repo, statement)?;
        let empty = p.blob(repo, b"{}")?;
        let att = json!({
            "schemaVersion": 2, "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": empty, "size": 2},
            "layers": [{"mediaType": IN_TOTO, "digest": st, "size": statement.len(),
                        "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}],
        });
        let att = p.manifest(
            repo,
            &sha256(&serde_json::to_vec(&att).unwrap()),
            OCI_MANIFEST,
            &serde_json::to_vec(&att).unwrap(),
        )?;
        let mut d = att.descriptor();
        d["platform"] = json!({"os": "unknown", "architecture": "unknown"});
        d["annotations"] = json!({"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd64});
        entries.push(d);
        let index = json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries});
        let body = serde_json::to_vec_pretty(&index).unwrap();
        let pushed = p.put_tagged(repo, &["v1", "latest"], OCI_INDEX, &body)?;
        report.record(repo, &["v1", "latest"], &pushed);
    }

    // Docker manifest list with two platforms.
    {
        let repo = "legacy/tools";
        let mut entries = Vec::new();
        for arch in ["amd64", "arm64"] {
            let child = p.image(
                repo,
                &[],
                &ImageSpec::new(
                    false,
                    arch,
                    day(400),
                    vec![base_layer.clone(), app_layer("legacy", arch)],
                ),
            )?;
            let mut d = child.descriptor();
            d["platform"] = json!({"os": "linux", "architecture": arch});
            entries.push(d);
        }
        let list = json!({"schemaVersion": 2, "mediaType": DOCKER_LIST, "manifests": entries});
        let pushed = p.put_tagged(
            repo,
            &["2.0"],
            DOCKER_LIST,
            &serde_json::to_vec_pretty(&list).unwrap(),
        )?;
        report.record(repo, &["2.0"], &pushed);
    }

    // Nested namespace with natural-order tags.
    for (i, tag) in ["v1.9.0", "v1.10.0", "v1.10.1"].iter().enumerate() {
        let spec = ImageSpec::new(
            true,
            "amd64",
            day(90 - 30 * i as i64),
            vec![base_layer.clone(), app_layer("api", tag)],
        );
        let pushed = p.image("team/app/api", &[tag], &spec)?;
        report.record("team/app/api", &[tag], &pushed);
    }
    let web = p.image(
        "team/app/web",
        &["main"],
        &ImageSpec::new(true, "amd64", None, vec![app_layer("web", "main")]),
    )?;
    report.record("team/app/web", &["main"], &web);

    // An image with a cosign-style signature: OCI subject + sha256-<hex>.sig tag.
    {
        let repo = "signed/app";
        let image = p.image(
            repo,
            &["1.0"],
            &ImageSpec::new(
                true,
                "amd64",
                day(20),
                vec![base_layer.clone(), app_layer("signed", "1.0")],
            ),
        )?;
        report.record(repo, &["1.0"], &image);
        let payload = format!(
            r#"{{"critical":{{"identity":{{"docker-reference":"{repo}"}},"image":{{"docker-manifest-digest":"{}"}},"type":"cosign container image signature"}},"optional":null}}"#,
            image.digest
        );
        let payload_digest = p.blob(repo, payload.as_bytes())?;
        let empty = p.blob(repo, b"{}")?;
        let sig = json!({
            "schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": COSIGN_SIG_ARTIFACT,
            "config": {"mediaType": OCI_EMPTY, "digest": empty, "size": 2},
            "layers": [{"mediaType": COSIGN_SIMPLESIGNING, "digest": payload_digest, "size": payload.len(),
                        "annotations": {"dev.cosignproject.cosign/signature": "MEUCIQDdemo-signature=="}}],
            "subject": image.descriptor(),
        });
        let sig_tag = format!("{}.sig", image.digest.replace(':', "-"));
        let pushed = p.manifest(
            repo,
            &sig_tag,
            OCI_MANIFEST,
            &serde_json::to_vec(&sig).unwrap(),
        )?;
        report.record(repo, &[&sig_tag], &pushed);
    }

    // Hostile content: markup, script URLs, RTL overrides, huge values, and
    // the longest tag the grammar allows. Must all show as plain text.
    {
        let repo = "hostile/content";
        let long_tag = format!("t{}", "x".repeat(127));
        let mut spec = ImageSpec::new(true, "amd64", day(1), vec![app_layer("hostile", "1")])
            .label(
                "org.opencontainers.image.title",
                "<script>window.__pwned = 1</script>",
            )
            .label(
                "org.opencontainers.image.description",
                "<img src=x onerror=\"window.__pwned = 1\">",
            )
            .label(
                "org.opencontainers.image.source",
                "javascript:window.__pwned=1",
            )
            .label(
                "org.opencontainers.image.url",
                "https://example.com/\"><script>window.__pwned=1</script>",
            )
            .label("rtl", "abc\u{202e}gpj.exe")
            .label("huge", &"A".repeat(10_000));
        spec.history.push((
            "/bin/sh -c echo '<b>bold</b><script>window.__pwned=1</script>'".into(),
            true,
        ));
        let tags = ["1.0", long_tag.as_str()];
        let pushed = p.image(repo, &tags, &spec)?;
        report.record(repo, &tags, &pushed);
    }

    // A repository emptied by deletes: the catalog keeps it, tags are null.
    {
        let repo = "emptied/repo";
        let pushed = p.image(
            repo,
            &["old"],
            &ImageSpec::new(false, "amd64", day(300), vec![app_layer("emptied", "old")]),
        )?;
        p.delete(repo, &pushed.digest)?;
        report.repositories.insert(repo.to_string());
        report.tags.insert(repo.to_string(), Vec::new());
    }

    // Many tags, dates spread over months, sharing layers.
    if options.many_tags > 0 {
        let repo = "many/tags";
        let shared = app_layer("many", "shared");
        for i in 0..options.many_tags {
            let tag = format!("build-{:05}", i + 1);
            let age = (options.many_tags - 1 - i) as i64 * 240 / options.many_tags.max(1) as i64;
            let secs = (i as u32 * 97) % 86_400;
            let mut spec = ImageSpec::new(
                true,
                "amd64",
                Some(rfc3339(NEWEST_DAY - age, secs)),
                vec![base_layer.clone(), shared.clone()],
            );
            spec.env.push(format!("BUILD={}", i + 1));
            let pushed = p.image(repo, &[&tag], &spec)?;
            report.record(repo, &[&tag], &pushed);
        }
    }

    // Many repositories: blobs mounted from one source, pushed in parallel.
    if options.extra_repos > 0 {
        let spec = ImageSpec::new(true, "amd64", day(60), vec![app_layer("bulk", "1")]);
        let source = "bulk/source";
        let template = p.image(source, &["1"], &spec)?;
        report.record(source, &["1"], &template);
        let config = spec.config_json();
        let layer_bytes = spec.layers[0].0.clone();
        let manifest = json!({
            "schemaVersion": 2, "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": sha256(&config), "size": config.len()},
            "layers": [{"mediaType": OCI_LAYER, "digest": sha256(&layer_bytes), "size": layer_bytes.len()}],
        });
        let body = serde_json::to_vec(&manifest).unwrap();
        let names: Vec<String> = (1..=options.extra_repos)
            .map(|i| format!("bulk/repo-{i:05}"))
            .collect();
        let threads = 4;
        let results: Vec<Result<Vec<(String, Pushed)>, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = names
                .chunks(names.len().div_ceil(threads))
                .map(|chunk| {
                    let p = p.clone();
                    let (config, layer_bytes, body) = (&config, &layer_bytes, &body);
                    s.spawn(move || {
                        let mut done = Vec::new();
                        for name in chunk {
                            p.mount(name, source, config)?;
                            p.mount(name, source, layer_bytes)?;
                            done.push((name.clone(), p.manifest(name, "1", OCI_MANIFEST, body)?));
                        }
                        Ok(done)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("seeder thread"))
                .collect()
        });
        for r in results {
            for (name, pushed) in r? {
                report.record(&name, &["1"], &pushed);
            }
        }
    }

    for tags in report.tags.values_mut() {
        tags.sort();
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(NEWEST_DAY, 3661), "2026-09-01T01:01:01Z");
        assert_eq!(rfc3339(NEWEST_DAY - 244, 0), "2025-12-31T00:00:00Z");
    }

    #[test]
    fn layers_are_deterministic_gzip() {
        let a = layer(&[("a", b"1")]);
        let b = layer(&[("a", b"1")]);
        assert_eq!(a, b);
        assert_eq!(&a.0[..2], &[0x1f, 0x8b]);
        assert_ne!(a.1, layer(&[("a", b"2")]).1);
    }
}

/// What [`storage_mix`] pushed.
#[derive(Clone, Debug)]
pub struct StorageMix {
    /// The base layer every image shares, across three repositories.
    pub base_bytes: u64,
    /// `storage/app:v1`, the older app image (its own layer and config).
    pub app_v1: Pushed,
    /// The digest of `storage/tool:0.9`, an older two-platform index.
    pub old_index: String,
}

/// Images for the storage accounting: a base layer shared by three
/// repositories; `storage/app` with `v1` and one image under `v2` and
/// `latest`; `storage/web:v1`; `storage/tool:1.0` and the older `0.9`, OCI
/// indexes of two platforms each (the platforms pushed by digest). Nothing
/// untagged: after `garbage-collect` the blob store holds exactly what the
/// tags reference.
pub fn storage_mix(p: &Pusher) -> Result<StorageMix, String> {
    let base = layer(&[("base", b"a base layer every image here shares")]);
    let spec = |arch: &str, own: &str, day: i64| {
        ImageSpec::new(
            true,
            arch,
            Some(rfc3339(day, 0)),
            vec![base.clone(), layer(&[("own", own.as_bytes())])],
        )
    };
    let app_v1 = p.image("storage/app", &["v1"], &spec("amd64", "app one", 20_600))?;
    p.image(
        "storage/app",
        &["v2", "latest"],
        &spec("amd64", "app two", 20_650),
    )?;
    p.image("storage/web", &["v1"], &spec("amd64", "web", 20_640))?;
    let mut old_index = String::new();
    for (tag, day) in [("0.9", 20_610), ("1.0", 20_630)] {
        let mut children = Vec::new();
        for arch in ["amd64", "arm64"] {
            let pushed = p.image(
                "storage/tool",
                &[],
                &spec(arch, &format!("tool {tag} {arch}"), day),
            )?;
            let mut d = pushed.descriptor();
            d["platform"] = json!({"os": "linux", "architecture": arch});
            children.push(d);
        }
        let index = json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children});
        let body = serde_json::to_vec_pretty(&index).map_err(|e| e.to_string())?;
        let pushed = p.manifest("storage/tool", tag, OCI_INDEX, &body)?;
        if tag == "0.9" {
            old_index = pushed.digest;
        }
    }
    Ok(StorageMix {
        base_bytes: base.0.len() as u64,
        app_v1,
        old_index,
    })
}
