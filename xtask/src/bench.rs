//! `cargo xtask bench`: the release app against a real registry holding
//! 5,000 repositories and one repository with 5,000 tags, measured in
//! headless Chromium. Same-origin through the nginx recipe (which logs
//! every request and the bytes it sent), and cross-origin (app on a static
//! server, API through the same nginx). Prints a table and writes
//! `target/bench/latest.json`. Figures, never assertions.
//!
//! Times are `performance.now()` in the page (ms since navigation started)
//! when a condition first holds, checked every animation frame.

use crate::setup;
use serde_json::{json, Value};
use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::nginx::{Access, Nginx};
use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{seed, SeedOptions};
use shipshape_harness::serve::StaticServer;
use shipshape_harness::stack::{dist_dir, dist_ui_dir};
use shipshape_harness::workspace_root;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const TAGS_REPO: &str = "many/tags";

/// A Chrome DevTools command through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

async fn cdp(b: &Browser, cmd: &str, params: Value) -> Result<Value, String> {
    b.client
        .issue_cmd(Cdp(json!({"cmd": cmd, "params": params})))
        .await
        .map_err(|e| format!("{cmd}: {e}"))
}

/// A network the bench's browser is given (`--network`), applied with
/// DevTools' `Network.emulateNetworkConditions` to every request the page
/// makes (the app's files and the API alike). Answers from the browser's
/// cache (a warm visit) are not slowed.
#[derive(Debug, Clone, Copy)]
struct Network {
    name: &'static str,
    /// Added to each request's round trip, ms.
    latency_ms: u32,
    /// Bytes per second.
    down: u32,
    up: u32,
}

impl Network {
    const ALL: [Network; 2] = [
        // A good home line.
        Network {
            name: "broadband",
            latency_ms: 20,
            down: 50_000_000 / 8,
            up: 10_000_000 / 8,
        },
        // A phone's 4G, or an office VPN.
        Network {
            name: "4g",
            latency_ms: 60,
            down: 10_000_000 / 8,
            up: 3_000_000 / 8,
        },
    ];

    fn named(name: &str) -> Result<Network, String> {
        Network::ALL
            .into_iter()
            .find(|n| n.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Network::ALL.iter().map(|n| n.name).collect();
                format!("--network: {name} is not one of {}", names.join(", "))
            })
    }

    async fn emulate(&self, b: &Browser) -> Result<(), String> {
        cdp(b, "Network.enable", json!({})).await?;
        cdp(
            b,
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": self.latency_ms,
                "downloadThroughput": self.down,
                "uploadThroughput": self.up,
            }),
        )
        .await?;
        println!(
            "bench: network {}: {} ms added per request, {} Mbit/s down, {} up",
            self.name,
            self.latency_ms,
            self.down * 8 / 1_000_000,
            self.up * 8 / 1_000_000
        );
        Ok(())
    }
}

/// Self time per function of a CPU profile, the top `n`, with the share
/// of the whole.
fn profile_top(profile: &Value, n: usize) -> Vec<(String, f64)> {
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let mut name_of = std::collections::HashMap::new();
    for node in &nodes {
        let f = &node["callFrame"];
        let name = match f["functionName"].as_str().unwrap_or("") {
            "" => format!(
                "(anonymous) {}",
                f["url"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
            ),
            other => other.to_string(),
        };
        name_of.insert(node["id"].as_i64().unwrap_or(-1), name);
    }
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut time: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    let mut total = 0.0;
    for (s, d) in samples.iter().zip(deltas.iter()) {
        let us = d.as_f64().unwrap_or(0.0);
        total += us;
        let name = name_of
            .get(&s.as_i64().unwrap_or(-1))
            .cloned()
            .unwrap_or_default();
        *time.entry(name).or_default() += us;
    }
    let mut v: Vec<(String, f64)> = time
        .into_iter()
        .map(|(k, t)| (k, if total > 0.0 { t / total } else { 0.0 }))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v.truncate(n);
    v
}

/// The registry folder, seeded once per size and kept under `target/bench/`.
fn seeded_registry(tags: usize, repos: usize) -> Result<Registry, String> {
    let storage = workspace_root().join(format!("target/bench/registry-{tags}-tags-{repos}-repos"));
    let marker = storage.join("seeded");
    let fresh = !marker.exists();
    if fresh {
        let _ = std::fs::remove_dir_all(&storage);
        std::fs::create_dir_all(&storage).map_err(|e| e.to_string())?;
    }
    let registry = Registry::start(RegistryOptions {
        storage: Some(storage.clone()),
        ..RegistryOptions::default()
    })?;
    if fresh {
        let start = Instant::now();
        println!(
            "bench: seeding {tags} tags and {repos} repositories (once; kept in {})…",
            storage.display()
        );
        seed(
            &registry.url,
            &SeedOptions {
                many_tags: tags,
                extra_repos: repos,
            },
        )?;
        std::fs::write(&marker, b"").map_err(|e| e.to_string())?;
        println!("bench: seeded in {:.0} s", start.elapsed().as_secs_f64());
    }
    Ok(registry)
}

/// What one measured step cost.
#[derive(Clone, Debug, Default)]
struct Step {
    ms: f64,
    api_requests: usize,
    api_bytes: u64,
    static_requests: usize,
    static_bytes: u64,
    manifest_gets: usize,
    blob_gets: usize,
    heads: usize,
    /// CPU seconds per process group during the step (Linux `/proc`).
    cpu: BTreeMap<String, f64>,
}

impl Step {
    fn json(&self) -> Value {
        json!({
            "ms": if self.ms.is_finite() { json!((self.ms * 10.0).round() / 10.0) } else { Value::Null },
            "api_requests": self.api_requests,
            "api_bytes": self.api_bytes,
            "static_requests": self.static_requests,
            "static_bytes": self.static_bytes,
            "manifest_gets": self.manifest_gets,
            "blob_gets": self.blob_gets,
            "heads": self.heads,
            "cpu_seconds": self.cpu.iter().map(|(k, v)| (k.clone(), json!((v * 100.0).round() / 100.0))).collect::<serde_json::Map<_, _>>(),
        })
    }
}

/// CPU seconds used so far by every process, with its group: the
/// registry, nginx, and Chromium's processes by `--type` (renderer, the
/// browser process, which also runs IndexedDB, the network service, ...).
fn cpu_snapshot() -> HashMap<u32, (String, f64)> {
    let mut out = HashMap::new();
    let ticks_per_second = 100.0; // USER_HZ on Linux
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = &stat[open + 1..close];
        let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        let (Some(user), Some(system)) = (
            fields.get(11).and_then(|f| f.parse::<f64>().ok()),
            fields.get(12).and_then(|f| f.parse::<f64>().ok()),
        ) else {
            continue;
        };
        let group = if comm.starts_with("chrom") {
            // Chromium rewrites its command line: split on spaces too.
            let cmdline =
                std::fs::read_to_string(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let arg = |name: &str| {
                cmdline
                    .split(['\0', ' '])
                    .find_map(|a| a.strip_prefix(name).map(str::to_string))
            };
            match (arg("--type="), arg("--utility-sub-type=")) {
                (None, _) => "chromium browser".to_string(),
                (Some(_), Some(sub)) => format!(
                    "chromium {}",
                    sub.rsplit('.').next().unwrap_or(&sub).to_lowercase()
                ),
                (Some(t), None) => format!("chromium {t}"),
            }
        } else if comm.starts_with("docker-registry") || comm == "registry" {
            "registry".to_string()
        } else if comm.starts_with("nginx") {
            "nginx".to_string()
        } else {
            continue;
        };
        out.insert(pid, (group, (user + system) / ticks_per_second));
    }
    out
}

/// CPU seconds per group between two snapshots.
fn cpu_between(
    before: &HashMap<u32, (String, f64)>,
    after: &HashMap<u32, (String, f64)>,
) -> BTreeMap<String, f64> {
    let mut by_group = BTreeMap::new();
    for (pid, (group, secs)) in after {
        let start = before.get(pid).map_or(0.0, |(_, s)| *s);
        *by_group.entry(group.clone()).or_insert(0.0) += secs - start;
    }
    by_group.retain(|_, v| *v >= 0.01);
    by_group
}

fn tally(step: &mut Step, log: &[Access]) {
    for a in log {
        if a.path.starts_with("/v2/") {
            step.api_requests += 1;
            step.api_bytes += a.bytes;
            if a.method == "HEAD" {
                step.heads += 1;
            } else if a.path.contains("/manifests/") {
                step.manifest_gets += 1;
            } else if a.path.contains("/blobs/") {
                step.blob_gets += 1;
            }
        } else {
            step.static_requests += 1;
            step.static_bytes += a.bytes;
        }
    }
}

/// Wait in the page until `condition` (a JS expression) holds; returns
/// `performance.now()` at that frame.
async fn until(b: &Browser, condition: &str) -> Result<f64, String> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const check = () => {{
           let ok = false;
           try {{ ok = !!({condition}); }} catch (e) {{}}
           if (ok) done(performance.now()); else requestAnimationFrame(check);
         }};
         check();"
    );
    // A step that does not finish within the script timeout is reported
    // as null ("did not finish"), and the run goes on.
    match b.client.execute_async(&script, vec![]).await {
        Ok(v) => Ok(v.as_f64().unwrap_or(f64::NAN)),
        Err(e) => {
            eprintln!("bench: gave up waiting ({e})");
            Ok(f64::NAN)
        }
    }
}

async fn eval(b: &Browser, script: &str) -> Result<Value, String> {
    b.client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("{script}: {e}"))
}

const CATALOG_SHOWN: &str =
    "document.querySelectorAll('[data-testid=repo-row]').length > 0 && /\\d/.test((document.querySelector('[data-testid=repo-count]')||{}).textContent||'')";

/// The catalog's last page is in (the list is shown from the first, or
/// from what was kept until it has been read again).
const CATALOG_COMPLETE: &str =
    "!!document.querySelector('[data-testid=repo-list][data-complete=true]') && !document.querySelector('[data-testid=catalog-as-of]')";

/// Every tag row on screen has its size and date, and there are rows.
const FIRST_SCREEN: &str = "(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid=tag-row]'))
      .filter(r => { const b = r.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; });
    return rows.length >= 5 && rows.every(r => r.querySelector('[data-testid=size]') && r.querySelector('[data-testid=created]'));
  })()";

/// Where the first screen's time goes (Resource Timing, ms from
/// navigation): the app loaded, the tag list, the HEADs and manifests.
const FIRST_SCREEN_BREAKDOWN: &str = "return (() => {
    const r = performance.getEntriesByType('resource');
    const end = (f) => Math.round(Math.max(0, ...r.filter(f).map(e => e.responseEnd)));
    const start = (f) => Math.round(Math.min(1e9, ...r.filter(f).map(e => e.startTime)));
    const api = (e) => e.name.includes('/v2/');
    return {
      wasm_loaded: end(e => e.name.endsWith('.wasm')),
      tag_list: [start(e => e.name.includes('/tags/list')), end(e => e.name.includes('/tags/list'))],
      details: [start(e => api(e) && e.name.includes('/manifests/')), end(e => api(e) && (e.name.includes('/manifests/') || e.name.includes('/blobs/')))],
      requests: r.filter(api).length,
    };
  })()";

/// Time from an interaction (run by `action`) to the first animation frame
/// where `condition` holds, in ms, measured in the page.
async fn respond(b: &Browser, action: &str, condition: &str) -> Result<f64, String> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const t0 = performance.now();
         {action};
         const check = () => {{
           let ok = false;
           try {{ ok = !!({condition}); }} catch (e) {{}}
           if (ok) done(performance.now() - t0); else requestAnimationFrame(check);
         }};
         requestAnimationFrame(check);"
    );
    match b.client.execute_async(&script, vec![]).await {
        Ok(v) => Ok(v.as_f64().unwrap_or(f64::NAN)),
        Err(e) => {
            eprintln!("bench: gave up waiting ({e})");
            Ok(f64::NAN)
        }
    }
}

/// Sorting and filtering every row once all details are in: ms from the
/// click or keystroke to the frame that shows the result.
async fn interactions(b: &Browser, tags: usize) -> Result<Value, String> {
    let first_is = |tag: &str| {
        format!("(document.querySelector('[data-testid=tag-row]')||{{getAttribute:()=>null}}).getAttribute('data-tag') === '{tag}'")
    };
    let set_filter = |text: &str| {
        format!("const f = document.querySelector('[data-testid=tag-filter]'); f.value = '{text}'; f.dispatchEvent(new Event('input', {{bubbles: true}}))")
    };
    let by_name = respond(
        b,
        "document.querySelector('[data-testid=sort-name]').click()",
        &first_is("build-00001"),
    )
    .await?;
    let newest = format!("build-{tags:05}");
    let by_size_then_date = respond(
        b,
        "document.querySelector('[data-testid=sort-created]').click()",
        &format!("{} || {}", first_is(&newest), first_is("build-00001")),
    )
    .await?;
    // Ten tags match `build-0000` (00001-00009) or `build-0499` (04990-04999).
    let prefix = if tags >= 5000 {
        "build-0499"
    } else {
        "build-0000"
    };
    let filter = respond(
        b,
        &set_filter(prefix),
        "document.querySelectorAll('[data-testid=tag-row]').length <= 10 && document.querySelectorAll('[data-testid=tag-row]').length > 0",
    )
    .await?;
    let unfilter = respond(
        b,
        &set_filter(""),
        "document.querySelectorAll('[data-testid=tag-row]').length > 10",
    )
    .await?;
    let round = |ms: f64| {
        if ms.is_finite() {
            json!((ms * 10.0).round() / 10.0)
        } else {
            Value::Null
        }
    };
    Ok(json!({
        "sort_by_name_ms": round(by_name),
        "sort_by_date_ms": round(by_size_then_date),
        "filter_ms": round(filter),
        "clear_filter_ms": round(unfilter),
    }))
}

fn all_sorted(tags: usize) -> String {
    let newest = format!("build-{tags:05}");
    let oldest = "build-00001";
    format!(
        "(() => {{
          const c = (document.querySelector('[data-testid=tag-count]')||{{}}).textContent||'';
          const first = document.querySelector('[data-testid=tag-row]');
          const t = first && first.getAttribute('data-tag');
          return c.includes('{tags}/{tags}') && (t === '{newest}' || t === '{oldest}');
        }})()"
    )
}

/// A desktop English Chromium with precise heap figures, whose scripts may
/// wait `script_secs` (a step waits in the page until its condition holds).
async fn bench_browser(label: &str, script_secs: u64) -> Result<Browser, String> {
    let b = Browser::start_with_args(
        label,
        Viewport::DESKTOP,
        "en-US",
        false,
        &["--enable-precise-memory-info"],
    )
    .await?;
    b.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(script_secs)),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .map_err(|e| e.to_string())?;
    Ok(b)
}

/// No row is still shown from what was kept without being checked again.
const CHECKED: &str = "!document.querySelector('[data-testid=as-of]')";

const MEMORY: &str = "return {heap: performance.memory ? performance.memory.usedJSHeapSize : null, wasm: window.shipshapeMemory ? window.shipshapeMemory.buffer.byteLength : null, nodes: document.getElementsByTagName('*').length, rows: document.querySelectorAll('[data-testid=tag-row], [data-testid=repo-row]').length};";

/// One visit of the catalog and the big repository, measured.
struct Visit {
    catalog: Step,
    first_screen: Step,
    all_details: Step,
    /// Until every tag shown from what was kept (a warm visit) has been
    /// checked again; on a cold visit, right after `all_details`.
    checked: Step,
    /// Until the catalog's last page is in (times only; its requests are
    /// counted under `catalog`).
    catalog_all: Step,
    catalog_heap: Value,
    tags_heap: Value,
    /// Sort and filter over every row, ms to the frame that shows it.
    interactions: Value,
}

async fn visit(
    b: &mut Browser,
    nginx: &Nginx,
    app: &str,
    tags: usize,
    profile: bool,
) -> Result<Visit, String> {
    let mut seen = nginx.accesses().len();
    let next_log = |seen: &mut usize| {
        std::thread::sleep(Duration::from_millis(300));
        let all = nginx.accesses();
        let new = all[*seen..].to_vec();
        *seen = all.len();
        new
    };

    b.goto(&format!("{app}/")).await?;
    let mut catalog = Step {
        ms: until(b, CATALOG_SHOWN).await?,
        ..Step::default()
    };
    let catalog_all = Step {
        ms: until(b, CATALOG_COMPLETE).await?,
        ..Step::default()
    };
    // Let the catalog's own follow-up requests (tag counts of rows on
    // screen) finish before counting.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    tally(&mut catalog, &next_log(&mut seen));
    let catalog_heap = eval(b, MEMORY).await?;

    b.goto(&format!("{app}/repo/{TAGS_REPO}")).await?;
    let mut first_screen = Step {
        ms: until(b, FIRST_SCREEN).await?,
        ..Step::default()
    };
    tally(&mut first_screen, &next_log(&mut seen));
    let breakdown = eval(b, FIRST_SCREEN_BREAKDOWN).await?;
    println!("bench: first screen, ms from navigation: {breakdown}");
    if profile {
        cdp(b, "Profiler.enable", json!({})).await?;
        cdp(b, "Profiler.start", json!({})).await?;
    }
    // Sort by date: this loads every tag's details.
    let cpu_before = cpu_snapshot();
    b.client
        .find(fantoccini::Locator::Css("[data-testid=sort-created]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let mut all_details = Step {
        ms: until(b, &all_sorted(tags)).await?,
        ..Step::default()
    };
    all_details.cpu = cpu_between(&cpu_before, &cpu_snapshot());
    tally(&mut all_details, &next_log(&mut seen));
    if profile {
        let out = cdp(b, "Profiler.stop", json!({})).await?;
        println!("bench: CPU profile of loading all details (self time):");
        for (name, share) in profile_top(&out["profile"], 25) {
            println!("  {:>5.1}%  {name}", share * 100.0);
        }
    }
    let tags_heap = eval(b, MEMORY).await?;
    b.screenshot("all-details").await?;
    let mut checked = Step {
        ms: until(b, CHECKED).await?,
        ..Step::default()
    };
    tally(&mut checked, &next_log(&mut seen));
    if profile {
        cdp(b, "Profiler.start", json!({})).await?;
    }
    let interactions = interactions(b, tags).await?;
    if profile {
        let out = cdp(b, "Profiler.stop", json!({})).await?;
        println!("bench: CPU profile of sorting and filtering every row (self time):");
        for (name, share) in profile_top(&out["profile"], 25) {
            println!("  {:>5.1}%  {name}", share * 100.0);
        }
    }
    Ok(Visit {
        interactions,
        catalog,
        catalog_all,
        first_screen,
        all_details,
        checked,
        catalog_heap,
        tags_heap,
    })
}

/// The built stylesheet's file name (a page of the app's origin to run
/// the floor from).
fn stylesheet(dist: &Path) -> Result<String, String> {
    std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .ok_or_else(|| "no stylesheet in dist/".to_string())
}

fn gzip_size(path: &Path) -> Result<(u64, u64), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&bytes).map_err(|e| e.to_string())?;
    let gz = enc.finish().map_err(|e| e.to_string())?;
    Ok((bytes.len() as u64, gz.len() as u64))
}

/// The app's files with their sizes: as built, as the build's own brotli
/// and gzip copies (what the nginx recipe sends; files without a copy,
/// index.html, are gzipped on the fly, so their gzip -9 size stands for
/// both).
fn bundle_sizes(dir: &Path) -> Result<Value, String> {
    let mut files = Vec::new();
    let (mut raw, mut br, mut gz) = (0, 0, 0);
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .filter(|e| e.path().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.ends_with(".br") && !name.ends_with(".gz") && name != "config.json"
        })
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let (r, fly) = gzip_size(&e.path())?;
        let copy =
            |ext: &str| std::fs::metadata(dir.join(format!("{name}.{ext}"))).map(|m| m.len());
        let (b, g) = (copy("br").unwrap_or(fly), copy("gz").unwrap_or(fly));
        raw += r;
        br += b;
        gz += g;
        files.push(json!({"file": name, "bytes": r, "brotli": b, "gzip": g}));
    }
    Ok(json!({"files": files, "bytes": raw, "brotli": br, "gzip": gz}))
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let tags: usize = crate::flag(args, "--tags")?.unwrap_or(5000);
    let repos: usize = crate::flag(args, "--repos")?.unwrap_or(5000);
    // `--only same-origin` (or cross-origin, cross-get, scale) measures one
    // setup.
    let only: Option<String> = crate::flag(args, "--only")?;
    // `--dist DIR`: measure another build (a previous release's dist/)
    // with this bench, instead of building this tree.
    let dist: Option<std::path::PathBuf> = crate::flag(args, "--dist")?;
    // `--network NAME`: the browser's network emulated (DevTools), so the
    // bytes on the wire cost time as they do off loopback.
    let network = match crate::flag::<String>(args, "--network")? {
        None => None,
        Some(name) => Some(Network::named(&name)?),
    };
    setup::ensure_all()?;
    if dist.is_none() {
        crate::build()?;
        crate::build_sub_path()?;
    }
    let dist = dist.unwrap_or_else(dist_dir);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    if only.as_deref() == Some("storage") {
        let registry = seeded_registry(tags, repos)?;
        let nginx = Nginx::start(&dist, &dist_ui_dir(), &registry.url)?;
        let s = storage(&rt, &nginx.url)?;
        return write_report("storage.json", &s);
    }
    if only.as_deref() == Some("scale") {
        let s = scale(&rt)?;
        print_scale(&s);
        return write_report("scale.json", &s);
    }
    let registry = seeded_registry(tags, repos)?;
    let nginx = Nginx::start(&dist, &dist_ui_dir(), &registry.url)?;
    // Cross-origin: the app from a static server, the API through nginx
    // (so it is counted the same way), CORS from the registry.
    let config = format!(
        r#"{{"registries":[{{"name":"bench","url":"{}"}}]}}"#,
        nginx.url
    );
    let cross = StaticServer::start(&dist, 0, Some(config)).map_err(|e| e.to_string())?;
    // The same, reading manifests as plain distribution allows (one GET by
    // tag per new tag) instead of the default HEAD then GET by digest: the
    // request cost of each `manifest_reads` setting side by side.
    let config_get = format!(
        r#"{{"registries":[{{"name":"bench","url":"{}","manifest_reads":"get"}}]}}"#,
        nginx.url
    );
    let cross_get = StaticServer::start(&dist, 0, Some(config_get)).map_err(|e| e.to_string())?;
    let sizes = bundle_sizes(&dist)?;

    let mut results = serde_json::Map::new();
    // `--profile`: a CPU profile of loading all details, top functions.
    let profile = args.iter().any(|a| a == "--profile");
    for (label, app) in [
        ("same-origin", nginx.url.clone()),
        ("cross-origin", cross.url.clone()),
        ("cross-get", cross_get.url.clone()),
    ] {
        if only.as_deref().is_some_and(|o| o != label) {
            continue;
        }
        let (cold, warm, floor) = rt.block_on(async {
            let mut b = bench_browser(&format!("bench-{label}"), 300).await?;
            if let Some(network) = &network {
                network.emulate(&b).await?;
            }
            let cold = visit(&mut b, &nginx, &app, tags, profile).await?;
            let warm = visit(&mut b, &nginx, &app, tags, profile).await?;
            // The request floor in the same browser, from a page of the
            // app's origin (its stylesheet: no app running, no policy).
            let floor = if label == "cross-get" {
                Value::Null
            } else {
                b.goto(&format!("{app}/{}", stylesheet(&dist)?)).await?;
                let mut one = serde_json::Map::new();
                for (which, cold) in [("cold", true), ("warm", false)] {
                    let out = b
                        .client
                        .execute_async(
                            crate::floor::BROWSER_FLOOR,
                            vec![
                                json!(nginx.url),
                                json!(TAGS_REPO),
                                json!(crate::floor::ACCEPT),
                                json!(crate::floor::CONCURRENCY),
                                json!(cold),
                            ],
                        )
                        .await
                        .map_err(|e| format!("browser floor: {e}"))?;
                    println!("bench: {label} browser floor, {which}: {out}");
                    one.insert(which.into(), out);
                }
                Value::Object(one)
            };
            b.close().await?;
            Ok::<_, String>((cold, warm, floor))
        })?;
        let mut one = serde_json::Map::new();
        for (which, v) in [("cold", &cold), ("warm", &warm)] {
            one.insert(
                which.into(),
                json!({
                    "catalog": v.catalog.json(),
                    "catalog_all": v.catalog_all.json(),
                    "first_screen": v.first_screen.json(),
                    "all_details": v.all_details.json(),
                    "checked": v.checked.json(),
                    "catalog_memory": v.catalog_heap,
                    "tags_memory": v.tags_heap,
                    "interactions": v.interactions,
                }),
            );
        }
        one.insert("floor".into(), floor);
        results.insert(label.into(), Value::Object(one));
    }
    // The Storage page's scan of the whole registry, cold then warm.
    let storage = if only.is_none() {
        storage(&rt, &nginx.url)?
    } else {
        Value::Null
    };
    // The native floor, through the same nginx.
    let mut native = serde_json::Map::new();
    for (which, cold) in [("cold", true), ("warm", false)] {
        let out = crate::floor::native(&nginx.url, TAGS_REPO, cold)?;
        println!("bench: native floor, {which}: {out}");
        native.insert(which.into(), out);
    }
    // The 5,000-tag setups are done: their registry and servers stop
    // before the scale run starts its own.
    drop((cross, cross_get, nginx, registry));
    let scale = if only.is_none() {
        scale(&rt)?
    } else {
        Value::Null
    };
    let report = json!({
        "tags": tags,
        "repositories": repos,
        "bundle": sizes,
        "results": results,
        "native_floor": native,
        "storage": storage,
        "scale": scale,
        "machine": format!("{} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)),
    });
    print_table(&report);
    for which in ["cold", "warm"] {
        let s = &report["storage"][which];
        if !s.is_null() {
            println!(
                "Storage scan of the whole registry, {which}: {} ms as the page measures it ({} ms from the click), {} repositories, {} bytes",
                s["page_ms"], s["wall_ms"], s["repositories"], s["bytes"]
            );
        }
    }
    if !report["scale"].is_null() {
        print_scale(&report["scale"]);
    }
    write_report("latest.json", &report)
}

/// The Storage page scans the whole registry twice in one browser (same
/// origin): cold (nothing kept), then warm (manifests and configs kept by
/// digest: the tag lists and one HEAD per tag). Times as the page measures
/// them from the click to the result, and as seen from outside.
fn storage(rt: &tokio::runtime::Runtime, app: &str) -> Result<Value, String> {
    rt.block_on(async {
        let mut b = bench_browser("bench-storage", 60).await?;
        b.visit(&format!("{app}/storage")).await?;
        let mut out = serde_json::Map::new();
        let mut last_at = String::new();
        for which in ["cold", "warm"] {
            let started = Instant::now();
            b.click("[data-testid=scan]").await?;
            let read = "const s = document.querySelector('[data-testid=storage]'); \
                return s ? [s.dataset.at, s.dataset.tookMs, s.dataset.repositories, \
                document.querySelector('[data-testid=storage-total]').dataset.bytes] : null;";
            let found = loop {
                if started.elapsed() > Duration::from_secs(1800) {
                    return Err(format!(
                        "storage scan ({which}) did not finish in 30 minutes"
                    ));
                }
                let v = b
                    .client
                    .execute(read, vec![])
                    .await
                    .map_err(|e| e.to_string())?;
                if let Some(a) = v.as_array() {
                    if a[0].as_str().is_some_and(|at| at != last_at) {
                        break a.clone();
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            let wall = started.elapsed().as_millis() as u64;
            last_at = found[0].as_str().unwrap_or_default().to_string();
            let num = |v: &Value| v.as_str().and_then(|s| s.parse::<u64>().ok());
            let one = json!({
                "page_ms": num(&found[1]),
                "wall_ms": wall,
                "repositories": num(&found[2]),
                "bytes": num(&found[3]),
            });
            println!("bench: storage scan, {which}: {one}");
            out.insert(which.into(), one);
            b.screenshot(&format!("storage-{which}")).await?;
        }
        b.close().await?;
        Ok::<_, String>(Value::Object(out))
    })
}

/// Write `target/bench/<name>`.
fn write_report(name: &str, report: &Value) -> Result<(), String> {
    let dir = workspace_root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let out = dir.join(name);
    std::fs::write(&out, serde_json::to_string_pretty(report).unwrap())
        .map_err(|e| e.to_string())?;
    println!("\nbench: wrote {}", out.display());
    Ok(())
}

fn print_table(r: &Value) {
    let kb = |b: &Value| format!("{:.1} KB", b.as_f64().unwrap_or(0.0) / 1024.0);
    println!(
        "\nBundle (dist/ as built, and the build's brotli and gzip copies the nginx recipe sends):"
    );
    println!(
        "  {:<44} {:>10} {:>10} {:>10}",
        "file", "bytes", "brotli", "gzip"
    );
    for f in r["bundle"]["files"].as_array().into_iter().flatten() {
        println!(
            "  {:<44} {:>10} {:>10} {:>10}",
            f["file"].as_str().unwrap_or(""),
            kb(&f["bytes"]),
            kb(&f["brotli"]),
            kb(&f["gzip"])
        );
    }
    println!(
        "  {:<44} {:>10} {:>10} {:>10}",
        "total (a cold load)",
        kb(&r["bundle"]["bytes"]),
        kb(&r["bundle"]["brotli"]),
        kb(&r["bundle"]["gzip"])
    );
    println!(
        "\n{} repositories, {} tags in {TAGS_REPO}",
        r["repositories"], r["tags"]
    );
    println!(
        "{:<13} {:<5} {:<13} {:>9} {:>6} {:>6} {:>6} {:>6} {:>10} {:>10} {:>8} {:>8} {:>7}",
        "setup",
        "visit",
        "step",
        "ms",
        "API",
        "HEAD",
        "man.",
        "blob",
        "API bytes",
        "app bytes",
        "heap MB",
        "wasm MB",
        "nodes"
    );
    for (setup, v) in r["results"].as_object().into_iter().flatten() {
        for which in ["cold", "warm"] {
            for (step, mem) in [
                ("catalog", Some("catalog_memory")),
                ("catalog_all", None),
                ("first_screen", None),
                ("all_details", Some("tags_memory")),
                ("checked", None),
            ] {
                let s = &v[which][step];
                let megabytes = |m: &str, field: &str| {
                    v[which][m][field]
                        .as_f64()
                        .map_or(String::new(), |b| format!("{:.1}", b / 1048576.0))
                };
                let (heap, wasm, nodes) = match mem {
                    Some(m) => (
                        megabytes(m, "heap"),
                        megabytes(m, "wasm"),
                        v[which][m]["nodes"].to_string(),
                    ),
                    None => (String::new(), String::new(), String::new()),
                };
                let ms = s["ms"]
                    .as_f64()
                    .map_or("not done".to_string(), |ms| format!("{ms:.1}"));
                println!(
                    "{:<13} {:<5} {:<13} {:>9} {:>6} {:>6} {:>6} {:>6} {:>10} {:>10} {:>8} {:>8} {:>7}",
                    setup,
                    which,
                    step,
                    ms,
                    s["api_requests"],
                    s["heads"],
                    s["manifest_gets"],
                    s["blob_gets"],
                    kb(&s["api_bytes"]),
                    kb(&s["static_bytes"]),
                    heap,
                    wasm,
                    nodes
                );
            }
        }
    }
    println!(
        "\nAll details against the request floor (ms; the page: from navigation; the floor: its requests alone):"
    );
    println!(
        "  {:<13} {:<5} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "setup", "visit", "page", "browser", "native", "requests", "ratio"
    );
    for (setup, v) in r["results"].as_object().into_iter().flatten() {
        for which in ["cold", "warm"] {
            let floor = &v["floor"][which];
            if floor.is_null() {
                continue;
            }
            // Cold: every row's details; warm: every kept row checked again.
            let step = if which == "cold" {
                "all_details"
            } else {
                "checked"
            };
            let page = v[which][step]["ms"].as_f64().unwrap_or(f64::NAN);
            let browser = floor["ms"].as_f64().unwrap_or(f64::NAN);
            let native = r["native_floor"][which]["ms"].as_f64().unwrap_or(f64::NAN);
            println!(
                "  {:<13} {:<5} {:>10.0} {:>10.0} {:>10.0} {:>10} {:>8.2}",
                setup,
                which,
                page,
                browser,
                native,
                floor["requests"],
                page / browser
            );
        }
    }
    println!("\nSort and filter over every row (ms from the click or keystroke to the frame that shows it):");
    for (setup, v) in r["results"].as_object().into_iter().flatten() {
        for which in ["cold", "warm"] {
            println!("  {setup:<13} {which:<5} {}", v[which]["interactions"]);
        }
    }
    println!("\nCPU seconds while all details load (2 cores on this machine):");
    for (setup, v) in r["results"].as_object().into_iter().flatten() {
        for which in ["cold", "warm"] {
            let step = &v[which]["all_details"];
            let cpu: Vec<String> = step["cpu_seconds"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(group, secs)| format!("{group} {:.1}", secs.as_f64().unwrap_or(0.0)))
                .collect();
            println!("  {setup:<13} {which:<5} {}", cpu.join(", "));
        }
    }
}

/// Repositories and tags of the scale run.
const SCALE_REPOS: usize = 100_000;
const SCALE_TAGS: usize = 20_000;

/// The scale run's registry, seeded once: 20,000 tags pushed through the
/// API, then one repository pushed (`bulk/repo-00001`) and its folder in
/// the registry's storage copied 99,999 times (the same link files
/// distribution writes for a push; pushing 100,000 repositories through
/// the API takes the best part of an hour on two cores, the copies a
/// minute). The registry serves them as it serves any repository.
fn scale_registry() -> Result<Registry, String> {
    let storage = workspace_root().join(format!(
        "target/bench/registry-{SCALE_TAGS}-tags-{SCALE_REPOS}-repos"
    ));
    let (tags_done, all_done) = (storage.join("seeded-tags"), storage.join("seeded"));
    if !tags_done.exists() {
        let _ = std::fs::remove_dir_all(&storage);
        std::fs::create_dir_all(&storage).map_err(|e| e.to_string())?;
    }
    let registry = Registry::start(RegistryOptions {
        storage: Some(storage.clone()),
        ..RegistryOptions::default()
    })?;
    let start = Instant::now();
    if !tags_done.exists() {
        println!(
            "bench: seeding {SCALE_TAGS} tags (once; kept in {})…",
            storage.display()
        );
        seed(
            &registry.url,
            &SeedOptions {
                many_tags: SCALE_TAGS,
                extra_repos: 1,
            },
        )?;
        std::fs::write(&tags_done, b"").map_err(|e| e.to_string())?;
    }
    if !all_done.exists() {
        println!("bench: copying bulk/repo-00001 to {SCALE_REPOS} repositories…");
        let bulk = storage.join("docker/registry/v2/repositories/bulk");
        let template = bulk.join("repo-00001");
        let mut files = Vec::new();
        collect_files(&template, &template, &mut files)?;
        for i in 2..=SCALE_REPOS {
            let target = bulk.join(format!("repo-{i:05}"));
            for (relative, bytes) in &files {
                let path = target.join(relative);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                }
                std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
            }
        }
        std::fs::write(&all_done, b"").map_err(|e| e.to_string())?;
        println!("bench: seeded in {:.0} s", start.elapsed().as_secs_f64());
    }
    Ok(registry)
}

/// Every file under `dir`, relative to `root`, with its bytes.
fn collect_files(
    root: &Path,
    dir: &Path,
    into: &mut Vec<(std::path::PathBuf, Vec<u8>)>,
) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(root, &path, into)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            let relative = path.strip_prefix(root).map_err(|e| e.to_string())?;
            into.push((relative.to_path_buf(), bytes));
        }
    }
    Ok(())
}

/// The catalog filter typed, and the frame that shows its rows.
fn catalog_filter(text: &str) -> String {
    format!("const f = document.querySelector('[data-testid=repo-filter]'); f.value = '{text}'; f.dispatchEvent(new Event('input', {{bubbles: true}}))")
}

/// A catalog of 100,000 repositories and a repository of 20,000 tags, in
/// their own registry (seeded once), same-origin through nginx, one cold
/// visit: the catalog's first rows, its progress count while the rest
/// loads, the whole list, a filter, memory; the tag page's first screen,
/// filter and sort over every row, and the DOM it keeps.
fn scale(rt: &tokio::runtime::Runtime) -> Result<Value, String> {
    let registry = scale_registry()?;
    let nginx = Nginx::start(&dist_dir(), &dist_ui_dir(), &registry.url)?;
    let app = nginx.url.clone();
    rt.block_on(async {
        let mut b = bench_browser("bench-scale", 900).await?;
        let round = |ms: f64| {
            if ms.is_finite() {
                json!((ms * 10.0).round() / 10.0)
            } else {
                Value::Null
            }
        };
        b.goto(&format!("{app}/")).await?;
        let first_rows = until(&b, CATALOG_SHOWN).await?;
        let progress = eval(
            &b,
            "return (document.querySelector('[data-testid=repo-count]')||{}).textContent||''",
        )
        .await?;
        let all = until(&b, CATALOG_COMPLETE).await?;
        let count = eval(
            &b,
            "return (document.querySelector('[data-testid=repo-count]')||{}).textContent||''",
        )
        .await?;
        let catalog_memory = eval(&b, MEMORY).await?;
        // `bulk/repo-0999` matches repo-09990..repo-09999 (10 rows).
        let filter = respond(
            &b,
            &catalog_filter("bulk/repo-0999"),
            "document.querySelectorAll('[data-testid=repo-row]').length === 10",
        )
        .await?;
        let clear = respond(
            &b,
            &catalog_filter(""),
            "document.querySelectorAll('[data-testid=repo-row]').length > 10",
        )
        .await?;
        b.screenshot("scale-catalog").await?;

        b.goto(&format!("{app}/repo/{TAGS_REPO}")).await?;
        let first_screen = until(&b, FIRST_SCREEN).await?;
        // Before every detail is in: filter and sort by name over every tag.
        let filter_tags = respond(
            &b,
            "const f = document.querySelector('[data-testid=tag-filter]'); f.value = 'build-1999'; f.dispatchEvent(new Event('input', {bubbles: true}))",
            "document.querySelectorAll('[data-testid=tag-row]').length === 10",
        )
        .await?;
        let clear_tags = respond(
            &b,
            "const f = document.querySelector('[data-testid=tag-filter]'); f.value = ''; f.dispatchEvent(new Event('input', {bubbles: true}))",
            "document.querySelectorAll('[data-testid=tag-row]').length > 10",
        )
        .await?;
        b.client
            .find(fantoccini::Locator::Css("[data-testid=sort-created]"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        let all_details = until(&b, &all_sorted(SCALE_TAGS)).await?;
        let tags_memory = eval(&b, MEMORY).await?;
        let interactions = interactions(&b, SCALE_TAGS).await?;
        b.screenshot("scale-tags").await?;
        b.close().await?;
        let native_catalog = crate::floor::native_catalog(&nginx.url)?;
        println!("bench: the whole catalog read natively: {native_catalog}");
        Ok::<_, String>(json!({
            "native_catalog": native_catalog,
            "repositories": SCALE_REPOS,
            "tags": SCALE_TAGS,
            "catalog": {
                "first_rows_ms": round(first_rows),
                "count_at_first_rows": progress,
                "all_ms": round(all),
                "count_at_end": count,
                "filter_ms": round(filter),
                "clear_filter_ms": round(clear),
                "memory": catalog_memory,
            },
            "tags_page": {
                "first_screen_ms": round(first_screen),
                "filter_before_details_ms": round(filter_tags),
                "clear_filter_before_details_ms": round(clear_tags),
                "all_details_ms": round(all_details),
                "memory": tags_memory,
                "interactions": interactions,
            },
        }))
    })
}

fn print_scale(s: &Value) {
    let c = &s["catalog"];
    let t = &s["tags_page"];
    let mb = |m: &Value| {
        format!(
            "{:.1} MB JS heap and {:.1} MB WebAssembly memory",
            m["heap"].as_f64().unwrap_or(0.0) / 1048576.0,
            m["wasm"].as_f64().unwrap_or(f64::NAN) / 1048576.0
        )
    };
    println!(
        "\nScale: {} repositories, {} tags in {TAGS_REPO} (same-origin, cold):",
        s["repositories"], s["tags"]
    );
    println!(
        "  catalog   first rows {} ms (count then: {}), all {} ms (count: {}), filter {} ms, clear {} ms, heap {}, {} DOM nodes, {} rows in the DOM",
        c["first_rows_ms"], c["count_at_first_rows"], c["all_ms"], c["count_at_end"], c["filter_ms"], c["clear_filter_ms"], mb(&c["memory"]), c["memory"]["nodes"], c["memory"]["rows"]
    );
    println!(
        "  tag page  first screen {} ms, filter before details {} ms (clear {} ms), all details sorted by date {} ms, heap {}, {} DOM nodes, {} rows in the DOM",
        t["first_screen_ms"], t["filter_before_details_ms"], t["clear_filter_before_details_ms"], t["all_details_ms"], mb(&t["memory"]), t["memory"]["nodes"], t["memory"]["rows"]
    );
    println!(
        "  tag page  sort and filter over every row: {}",
        t["interactions"]
    );
    println!(
        "  the same catalog read natively through nginx: {:.0} ms ({} pages)",
        s["native_catalog"]["ms"].as_f64().unwrap_or(f64::NAN),
        s["native_catalog"]["pages"]
    );
}
