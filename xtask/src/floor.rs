//! The request floor (`cargo xtask bench`): the requests the tag page needs
//! for all details, sent as plainly as possible, in the same run, so the
//! page's times can be read as a ratio to them.
//!
//! - In the browser: a `fetch` loop in the page, six at a time (the page's
//!   own cap), same-origin or cross-origin as the setup is.
//! - Natively: the same requests from six threads through the same nginx
//!   (`ureq`), for reference.
//!
//! "cold": the tag list, a HEAD per tag (with the page's `Accept`), a GET
//! per distinct digest, a GET per distinct config blob, nothing cached.
//! "warm": the tag list and a HEAD per tag (what a second visit checks).

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The four manifest types, as the page asks for them.
pub const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

/// Requests at once, as the page sends them.
pub const CONCURRENCY: usize = 6;

/// The browser floor, run in the page (`arguments`: registry base, repo,
/// Accept, concurrency, whether cold). Resolves to `{ms, requests}`.
pub const BROWSER_FLOOR: &str = r#"
const done = arguments[arguments.length - 1];
const [base, repo, accept, n, cold] = arguments;
const t0 = performance.now();
let requests = 0;
const pool = async (items, f) => {
  let i = 0;
  const worker = async () => { while (i < items.length) { const x = items[i++]; requests++; await f(x); } };
  await Promise.all(Array.from({ length: n }, worker));
};
(async () => {
  requests++;
  const list = await (await fetch(`${base}/v2/${repo}/tags/list`, { cache: 'no-store' })).json();
  const tags = list.tags || [];
  const digests = new Set();
  await pool(tags, async (t) => {
    const r = await fetch(`${base}/v2/${repo}/manifests/${t}`, { method: 'HEAD', cache: 'no-store', headers: { Accept: accept } });
    digests.add(r.headers.get('Docker-Content-Digest'));
  });
  if (cold) {
    const configs = new Set();
    await pool([...digests], async (d) => {
      const m = await (await fetch(`${base}/v2/${repo}/manifests/${d}`, { cache: 'no-store', headers: { Accept: accept } })).json();
      if (m.config && m.config.digest) configs.add(m.config.digest);
    });
    await pool([...configs], async (c) => {
      await (await fetch(`${base}/v2/${repo}/blobs/${c}`, { cache: 'no-store' })).arrayBuffer();
    });
  }
  done({ ms: performance.now() - t0, requests });
})().catch((e) => done({ error: String(e) }));
"#;

/// The same requests natively, six threads, through `base` (nginx).
pub fn native(base: &str, repo: &str, cold: bool) -> Result<Value, String> {
    let agent = ureq::AgentBuilder::new().build();
    let started = Instant::now();
    let requests = AtomicUsize::new(1);
    let list: Value = agent
        .get(&format!("{base}/v2/{repo}/tags/list"))
        .call()
        .map_err(|e| e.to_string())?
        .into_json()
        .map_err(|e| e.to_string())?;
    let tags: Vec<String> = list["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    let digests = Mutex::new(BTreeSet::new());
    pool(&tags, &requests, |t| {
        let r = agent
            .head(&format!("{base}/v2/{repo}/manifests/{t}"))
            .set("Accept", ACCEPT)
            .call()
            .map_err(|e| e.to_string())?;
        if let Some(d) = r.header("Docker-Content-Digest") {
            digests.lock().unwrap().insert(d.to_string());
        }
        Ok(())
    })?;
    if cold {
        let digests: Vec<String> = digests.into_inner().unwrap().into_iter().collect();
        let configs = Mutex::new(BTreeSet::new());
        pool(&digests, &requests, |d| {
            let m: Value = agent
                .get(&format!("{base}/v2/{repo}/manifests/{d}"))
                .set("Accept", ACCEPT)
                .call()
                .map_err(|e| e.to_string())?
                .into_json()
                .map_err(|e| e.to_string())?;
            if let Some(c) = m["config"]["digest"].as_str() {
                configs.lock().unwrap().insert(c.to_string());
            }
            Ok(())
        })?;
        let configs: Vec<String> = configs.into_inner().unwrap().into_iter().collect();
        pool(&configs, &requests, |c| {
            let mut body = Vec::new();
            std::io::Read::read_to_end(
                &mut agent
                    .get(&format!("{base}/v2/{repo}/blobs/{c}"))
                    .call()
                    .map_err(|e| e.to_string())?
                    .into_reader(),
                &mut body,
            )
            .map_err(|e| e.to_string())?;
            Ok(())
        })?;
    }
    Ok(json!({
        "ms": started.elapsed().as_secs_f64() * 1000.0,
        "requests": requests.load(Ordering::SeqCst),
    }))
}

/// `f` over `items` from [`CONCURRENCY`] threads; the first error stops it.
fn pool(
    items: &[String],
    requests: &AtomicUsize,
    f: impl Fn(&str) -> Result<(), String> + Sync,
) -> Result<(), String> {
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..CONCURRENCY {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= items.len() || failed.lock().unwrap().is_some() {
                    break;
                }
                requests.fetch_add(1, Ordering::SeqCst);
                if let Err(e) = f(&items[i]) {
                    *failed.lock().unwrap() = Some(e);
                }
            });
        }
    });
    match failed.into_inner().unwrap() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The whole catalog read natively through the same nginx, page by page
/// (`?n=1000`, then each `Link`), as the page reads it: the registry's own
/// time for the listing.
pub fn native_catalog(base: &str) -> Result<Value, String> {
    let agent = ureq::AgentBuilder::new().build();
    let started = Instant::now();
    let mut next = Some(format!("{base}/v2/_catalog?n=1000"));
    let (mut pages, mut names) = (0usize, 0usize);
    while let Some(url) = next.take() {
        let r = agent.get(&url).call().map_err(|e| e.to_string())?;
        // `</v2/_catalog?last=…&n=1000>; rel="next"`
        next = r
            .header("Link")
            .and_then(|l| l.split_once('<'))
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(path, _)| format!("{base}{path}"));
        let page: Value = r.into_json().map_err(|e| e.to_string())?;
        names += page["repositories"].as_array().map_or(0, Vec::len);
        pages += 1;
    }
    Ok(json!({
        "ms": started.elapsed().as_secs_f64() * 1000.0,
        "pages": pages,
        "repositories": names,
    }))
}
