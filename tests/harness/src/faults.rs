//! A fault-injecting HTTP proxy between the browser and a real registry.
//! Each request is read whole, matched against the rules (method and path),
//! forwarded (or not), and the answer is passed back, changed as the
//! matching rule says: delayed, dropped, replaced by an error status or an
//! nginx HTML page, truncated, corrupted, given a wrong digest header or
//! altered bytes, blown up to a huge body, or stripped of its CORS headers.
//!
//! One request per connection (`Connection: close`): simple and exact.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What to do to a matching request.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Forward after waiting.
    Delay(Duration),
    /// Close the connection without answering.
    Drop,
    /// Answer this status (500, 502, 503…) with a JSON-less text body.
    Status(u16),
    /// 429 with `Retry-After: <secs>`.
    TooManyRequests { retry_after: u32 },
    /// Forward, then close without answering (the request took effect,
    /// the answer is lost).
    DropAnswer,
    /// Forward, then send only the first half of the body (the
    /// `Content-Length` still announces all of it) and close.
    Truncate,
    /// Forward, then replace the body with broken JSON.
    CorruptJson,
    /// Forward, then replace `Docker-Content-Digest` with a wrong one.
    WrongDigestHeader,
    /// Forward, then change the body's bytes (valid JSON, another digest),
    /// keeping the headers.
    AlterBytes,
    /// Answer 200 with a body of this many bytes.
    Huge(usize),
    /// Answer 200 with a chunked body that announces no length and goes on
    /// (up to 256 MiB) until the client stops reading: an endless stream
    /// or a decompression bomb, as the page sees it.
    Endless,
    /// Answer 502 with nginx's HTML error page.
    HtmlErrorPage,
    /// Answer `303 See Other` to this location (a sign-in page in front of
    /// the registry); the request never reaches the registry.
    Redirect(String),
    /// Forward, then remove every `Access-Control-*` header.
    StripCors,
    /// Forward, then remove the `Link` header (what the page sees of a
    /// registry on another origin that does not expose it).
    StripLink,
    /// Answer a tag list in pages of this many tags, after the request's
    /// `?last=`, without `Link` (a registry that pages tag lists, as Quay
    /// and GHCR do, seen cross-origin without `Link` exposed).
    PageTags(usize),
    /// Answer `status` with the registry's JSON error envelope carrying
    /// `code` (`UNAUTHORIZED`, `DENIED`, `NAME_UNKNOWN`, `UNSUPPORTED`), as
    /// registries without a usable `_catalog` answer it.
    Refuse { status: u16, code: &'static str },
    /// A `DELETE` of a manifest by tag answered as distribution 3.x (and the
    /// OCI distribution-spec) does: 202, the tag gone, its manifest and the
    /// manifest's other tags kept (done upstream, on 2.8, by moving the tag
    /// onto a placeholder of its own and deleting that); 404
    /// `MANIFEST_UNKNOWN` for a tag that is not there. A DELETE by digest
    /// passes through.
    UntagLikeV3,
    /// A blob mount (`POST …/blobs/uploads/?mount=…&from=…`) forwarded
    /// without `mount` and `from`: the registry answers 202 with an upload
    /// session, as a registry that cannot mount across repositories does.
    NoMount,
}

/// When a fault applies.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `GET`, `HEAD`, `DELETE`…; `None` for any.
    pub method: Option<String>,
    /// A substring of the request path (with query).
    pub path_contains: String,
    pub fault: Fault,
    /// Apply to this many matching requests, then let them through.
    pub times: Option<usize>,
    /// Apply to each matching request with this probability (0..=1),
    /// decided by a seeded generator so runs repeat.
    pub probability: Option<f64>,
}

impl Rule {
    pub fn new(method: Option<&str>, path_contains: &str, fault: Fault) -> Rule {
        Rule {
            method: method.map(String::from),
            path_contains: path_contains.to_string(),
            fault,
            times: None,
            probability: None,
        }
    }

    pub fn times(mut self, n: usize) -> Rule {
        self.times = Some(n);
        self
    }

    pub fn probability(mut self, p: f64) -> Rule {
        self.probability = Some(p);
        self
    }
}

/// Counts of what went through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultStats {
    pub requests: u64,
    pub injected: u64,
}

struct Shared {
    rules: Mutex<Vec<Rule>>,
    requests: AtomicU64,
    injected: AtomicU64,
    rng: Mutex<u64>,
    /// Every request line seen (`METHOD path`), for assertions.
    log: Mutex<Vec<String>>,
}

/// A running fault proxy; stops accepting when dropped.
pub struct FaultProxy {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl FaultProxy {
    /// Forward to `upstream` (`http://127.0.0.1:<port>`).
    pub fn start(upstream: &str) -> Result<FaultProxy, String> {
        let target = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let shared = Arc::new(Shared {
            rules: Mutex::new(Vec::new()),
            requests: AtomicU64::new(0),
            injected: AtomicU64::new(0),
            rng: Mutex::new(0x9E37_79B9_7F4A_7C15),
            log: Mutex::new(Vec::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (shared.clone(), stop.clone());
        thread::spawn(move || {
            for client in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (s, target) = (s.clone(), target.clone());
                thread::spawn(move || {
                    let _ = handle(client, &target, &s);
                });
            }
        });
        Ok(FaultProxy {
            url: format!("http://127.0.0.1:{port}"),
            shared,
            stop,
            port,
        })
    }

    /// Replace the rules (first match wins).
    pub fn set_rules(&self, rules: Vec<Rule>) {
        *self.shared.rules.lock().unwrap() = rules;
    }

    pub fn stats(&self) -> FaultStats {
        FaultStats {
            requests: self.shared.requests.load(Ordering::SeqCst),
            injected: self.shared.injected.load(Ordering::SeqCst),
        }
    }

    /// Request lines seen so far (`GET /v2/…`).
    pub fn log(&self) -> Vec<String> {
        self.shared.log.lock().unwrap().clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A request as read from the browser.
#[derive(Clone)]
struct Incoming {
    method: String,
    path: String,
    /// Header lines as received (without the request line).
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Incoming>> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Some(Incoming {
        method,
        path,
        headers,
        body,
    }))
}

/// The upstream's answer.
struct Answer {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Remove `tag` only, on the 2.8 registry at `target`: the tag onto an
/// empty placeholder manifest of its own, then that placeholder deleted.
/// `Ok(false)`: no such tag.
fn untag_upstream(target: &str, repo: &str, tag: &str) -> Result<bool, String> {
    use crate::seed::{Pusher, OCI_EMPTY, OCI_MANIFEST};
    let p = Pusher::new(&format!("http://{target}"));
    if p.digest_of(repo, tag).is_none() {
        return Ok(false);
    }
    let empty = p.blob(repo, b"{}")?;
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let placeholder = serde_json::json!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_EMPTY, "digest": empty, "size": 2},
        "layers": [],
        "annotations": {"untag-like-3x": format!("{tag}-{nonce}")},
    });
    let pushed = p.manifest(
        repo,
        tag,
        OCI_MANIFEST,
        &serde_json::to_vec(&placeholder).map_err(|e| e.to_string())?,
    )?;
    p.delete(repo, &pushed.digest)?;
    Ok(true)
}

fn forward(req: &Incoming, target: &str) -> std::io::Result<Answer> {
    let mut up = TcpStream::connect(target)?;
    let mut head = format!("{} {} HTTP/1.1\r\n", req.method, req.path);
    for (k, v) in &req.headers {
        if k.eq_ignore_ascii_case("connection") || k.eq_ignore_ascii_case("host") {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Host: {target}\r\nConnection: close\r\n\r\n"));
    up.write_all(head.as_bytes())?;
    up.write_all(&req.body)?;
    let mut raw = Vec::new();
    up.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut sp = status_line.splitn(3, ' ');
    sp.next();
    let status = sp.next().and_then(|s| s.parse().ok()).unwrap_or(502);
    let reason = sp.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw.get(split + 4..).unwrap_or_default().to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    // As nginx's default `proxy_redirect` does: a `Location` on the
    // registry's own address names the proxy's instead.
    let own = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone());
    let headers: Vec<(String, String)> = headers
        .into_iter()
        .map(|(k, v)| match &own {
            Some(host) if k.eq_ignore_ascii_case("location") => {
                let upstream = format!("http://{target}/");
                match v.strip_prefix(&upstream) {
                    Some(rest) => (k, format!("http://{host}/{rest}")),
                    None => (k, v),
                }
            }
            _ => (k, v),
        })
        .collect();
    Ok(Answer {
        status,
        reason,
        headers: headers
            .into_iter()
            .filter(|(k, _)| {
                !k.eq_ignore_ascii_case("transfer-encoding")
                    && !k.eq_ignore_ascii_case("connection")
                    && !k.eq_ignore_ascii_case("content-length")
            })
            .collect(),
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = end + 2;
        out.extend_from_slice(&b[start..(start + size).min(b.len())]);
        b = b.get(start + size + 2..).unwrap_or_default();
    }
}

/// The CORS headers of the request's origin, for answers the proxy makes up
/// (a browser must be able to read them, as with a real proxy that adds
/// CORS headers to its error pages).
fn cors_for(req: &Incoming) -> Vec<(String, String)> {
    match req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("origin"))
    {
        Some((_, o)) => vec![
            ("Access-Control-Allow-Origin".into(), o.clone()),
            (
                "Access-Control-Expose-Headers".into(),
                "Docker-Content-Digest, Link, WWW-Authenticate, Location, Retry-After".into(),
            ),
        ],
        None => vec![],
    }
}

fn write_answer(
    mut stream: &TcpStream,
    a: &Answer,
    body: &[u8],
    announced: usize,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", a.status, a.reason);
    for (k, v) in &a.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {announced}\r\nConnection: close\r\n\r\n"
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn pick(shared: &Shared, req: &Incoming) -> Option<Fault> {
    let mut rules = shared.rules.lock().unwrap();
    for rule in rules.iter_mut() {
        if rule
            .method
            .as_deref()
            .is_some_and(|m| !m.eq_ignore_ascii_case(&req.method))
        {
            continue;
        }
        if !req.path.contains(&rule.path_contains) {
            continue;
        }
        if rule.times == Some(0) {
            continue;
        }
        if let Some(p) = rule.probability {
            let mut s = shared.rng.lock().unwrap();
            // xorshift64*
            *s ^= *s >> 12;
            *s ^= *s << 25;
            *s ^= *s >> 27;
            let r = (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64;
            if r >= p {
                continue;
            }
        }
        if let Some(n) = rule.times.as_mut() {
            *n -= 1;
        }
        return Some(rule.fault.clone());
    }
    None
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

/// The page of a tag-list `body` (every tag, as distribution 2.8 sends
/// them) that a registry paging by `size` answers to `path`'s `?last=`.
fn page_of_tags(body: &[u8], path: &str, size: usize) -> Vec<u8> {
    let Ok(mut list) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.to_vec();
    };
    let last = path
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("last="))
        .map(str::to_string);
    let mut tags: Vec<String> = list["tags"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    tags.sort();
    let page: Vec<String> = tags
        .into_iter()
        .filter(|t| last.as_ref().is_none_or(|l| t > l))
        .take(size)
        .collect();
    list["tags"] = serde_json::json!(page);
    serde_json::to_vec(&list).unwrap_or_else(|_| body.to_vec())
}

fn handle(client: TcpStream, target: &str, shared: &Shared) -> std::io::Result<()> {
    let Some(req) = read_request(&client)? else {
        return Ok(());
    };
    shared.requests.fetch_add(1, Ordering::SeqCst);
    shared
        .log
        .lock()
        .unwrap()
        .push(format!("{} {}", req.method, req.path));
    // Preflights always pass: the faults are about the real requests.
    let fault = if req.method == "OPTIONS" {
        None
    } else {
        pick(shared, &req)
    };
    if fault.is_some() {
        shared.injected.fetch_add(1, Ordering::SeqCst);
    }
    let made_up = |status: u16, reason: &str, extra: Vec<(String, String)>, body: &[u8]| {
        let mut headers = cors_for(&req);
        headers.extend(extra);
        let a = Answer {
            status,
            reason: reason.into(),
            headers,
            body: body.to_vec(),
        };
        write_answer(&client, &a, body, body.len())
    };
    match fault {
        Some(Fault::Drop) => {
            let _ = client.shutdown(Shutdown::Both);
            return Ok(());
        }
        Some(Fault::Refuse { status, code }) => {
            let body = format!(
                r#"{{"errors":[{{"code":"{code}","message":"refused by the fault proxy","detail":null}}]}}"#
            );
            return made_up(
                status,
                "Refused",
                vec![("Content-Type".into(), "application/json".into())],
                body.as_bytes(),
            );
        }
        Some(Fault::Status(code)) => {
            return made_up(
                code,
                "Error",
                vec![("Content-Type".into(), "text/plain".into())],
                b"upstream trouble",
            );
        }
        Some(Fault::TooManyRequests { retry_after }) => {
            return made_up(
                429,
                "Too Many Requests",
                vec![
                    ("Retry-After".into(), retry_after.to_string()),
                    ("Content-Type".into(), "application/json".into()),
                ],
                br#"{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#,
            );
        }
        Some(Fault::Redirect(to)) => {
            return made_up(
                303,
                "See Other",
                vec![
                    ("Location".into(), to),
                    ("Content-Type".into(), "text/html".into()),
                ],
                b"<html><body>Please sign in</body></html>",
            );
        }
        Some(Fault::HtmlErrorPage) => {
            return made_up(
                502,
                "Bad Gateway",
                vec![("Content-Type".into(), "text/html".into())],
                NGINX_502.as_bytes(),
            );
        }
        Some(Fault::Huge(n)) => {
            let body = vec![b' '; n];
            return made_up(
                200,
                "OK",
                vec![("Content-Type".into(), "application/json".into())],
                &body,
            );
        }
        Some(Fault::Endless) => {
            let mut out = &client;
            let mut head = String::from("HTTP/1.1 200 OK\r\n");
            for (k, v) in cors_for(&req) {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            );
            out.write_all(head.as_bytes())?;
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..4096 {
                let framed =
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                if out.write_all(&framed).is_err() {
                    // The client stopped reading: what the test wants.
                    return Ok(());
                }
            }
            let _ = out.write_all(b"0\r\n\r\n");
            return Ok(());
        }
        Some(Fault::Delay(d)) => thread::sleep(d),
        Some(Fault::UntagLikeV3) => {
            if let Some((repo, tag)) = req
                .path
                .strip_prefix("/v2/")
                .and_then(|p| p.rsplit_once("/manifests/"))
                .filter(|(_, r)| !r.contains(':'))
            {
                let json = vec![("Content-Type".into(), "application/json".into())];
                return match untag_upstream(target, repo, tag) {
                    Ok(true) => made_up(202, "Accepted", vec![], b""),
                    Ok(false) => made_up(
                        404,
                        "Not Found",
                        json,
                        br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#,
                    ),
                    Err(e) => made_up(500, "Error", json, e.as_bytes()),
                };
            }
        }
        _ => {}
    }
    let unmounted;
    let req = match fault {
        Some(Fault::NoMount) => {
            unmounted = Incoming {
                path: req.path.split('?').next().unwrap_or_default().to_string(),
                ..req.clone()
            };
            &unmounted
        }
        _ => &req,
    };
    let mut a = forward(req, target)?;
    let body = std::mem::take(&mut a.body);
    match fault {
        Some(Fault::DropAnswer) => {
            let _ = client.shutdown(Shutdown::Both);
            Ok(())
        }
        Some(Fault::Truncate) => {
            let half = body.len() / 2;
            write_answer(&client, &a, &body[..half], body.len())?;
            let _ = client.shutdown(Shutdown::Both);
            Ok(())
        }
        Some(Fault::CorruptJson) => {
            let broken = b"{\"broken\": [1, 2".to_vec();
            write_answer(&client, &a, &broken, broken.len())
        }
        Some(Fault::WrongDigestHeader) => {
            for (k, v) in a.headers.iter_mut() {
                if k.eq_ignore_ascii_case("docker-content-digest") {
                    *v = format!("sha256:{}", "0".repeat(64));
                }
            }
            write_answer(&client, &a, &body, body.len())
        }
        Some(Fault::AlterBytes) => {
            // Same JSON, one more space: another digest.
            let mut changed = body.clone();
            changed.push(b' ');
            write_answer(&client, &a, &changed, changed.len())
        }
        Some(Fault::StripCors) => {
            a.headers
                .retain(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control-"));
            write_answer(&client, &a, &body, body.len())
        }
        Some(Fault::StripLink) => {
            a.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("link"));
            write_answer(&client, &a, &body, body.len())
        }
        Some(Fault::PageTags(size)) => {
            a.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("link"));
            let paged = page_of_tags(&body, &req.path, size);
            write_answer(&client, &a, &paged, paged.len())
        }
        _ => write_answer(&client, &a, &body, body.len()),
    }
}
