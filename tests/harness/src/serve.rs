//! A small static file server for the built app (`dist/`): files by path,
//! `index.html` for app routes, `config.json` from memory when given.
//! One thread per connection; stops when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A running static server.
pub struct StaticServer {
    pub url: String,
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// Requests for `config.json` still to answer with 503.
    config_failures: Arc<AtomicUsize>,
    /// Paths containing a text, answered with 503 while the text is listed.
    failing: Arc<Mutex<Vec<String>>>,
    /// Every path asked for, in order.
    served: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serve `root` on 127.0.0.1 (`port` 0 picks a free one). `config_json`,
    /// when given, is served at `/config.json`; otherwise that path is looked
    /// up in `root` like any file.
    pub fn start(
        root: &Path,
        port: u16,
        config_json: Option<String>,
    ) -> std::io::Result<StaticServer> {
        Self::start_under(root, port, config_json, "")
    }

    /// Like [`StaticServer::start`], with the app under `prefix` (e.g. `/ui`,
    /// for a build made with `trunk build --public-url /ui/`). Paths outside
    /// the prefix are 404.
    pub fn start_under(
        root: &Path,
        port: u16,
        config_json: Option<String>,
        prefix: &str,
    ) -> std::io::Result<StaticServer> {
        let prefix = prefix.trim_end_matches('/').to_string();
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let config = Arc::new(config_json);
        let config_failures = Arc::new(AtomicUsize::new(0));
        let failures = config_failures.clone();
        let failing = Arc::new(Mutex::new(Vec::new()));
        let served = Arc::new(Mutex::new(Vec::new()));
        let (failing_paths, served_paths) = (failing.clone(), served.clone());
        let stop_flag = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                let config = config.clone();
                let prefix = prefix.clone();
                let failures = failures.clone();
                let (failing, served) = (failing_paths.clone(), served_paths.clone());
                std::thread::spawn(move || {
                    let faults = Faults {
                        config_failures: &failures,
                        failing: &failing,
                        served: &served,
                    };
                    let _ = handle(stream, &root, config.as_deref(), &prefix, faults);
                });
            }
        });
        Ok(StaticServer {
            url: format!("http://127.0.0.1:{port}"),
            port,
            stop,
            config_failures,
            failing,
            served,
        })
    }

    /// Answer the next `times` requests for `config.json` with a 503 (a
    /// server or proxy having a bad moment).
    pub fn fail_config(&self, times: usize) {
        self.config_failures.store(times, Ordering::SeqCst);
    }

    /// Answer every request whose path contains `part` with a 503 until
    /// [`StaticServer::heal`] (a proxy failing, a file gone from a server).
    pub fn fail_paths(&self, part: &str) {
        self.failing.lock().unwrap().push(part.to_string());
    }

    /// Serve every path again.
    pub fn heal(&self) {
        self.failing.lock().unwrap().clear();
    }

    /// Every path asked for so far, in order.
    pub fn served(&self) -> Vec<String> {
        self.served.lock().unwrap().clone()
    }
}

/// What a request may meet besides the files.
#[derive(Clone, Copy)]
struct Faults<'a> {
    config_failures: &'a AtomicUsize,
    failing: &'a Mutex<Vec<String>>,
    served: &'a Mutex<Vec<String>>,
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn handle(
    stream: TcpStream,
    root: &Path,
    config: Option<&str>,
    prefix: &str,
    faults: Faults,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    faults.served.lock().unwrap().push(path.to_string());
    let failing = (path.strip_prefix(prefix) == Some("/config.json")
        && faults
            .config_failures
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok())
        || faults
            .failing
            .lock()
            .unwrap()
            .iter()
            .any(|part| path.contains(part.as_str()));
    let (status, ctype, body) = match path.strip_prefix(prefix) {
        _ if failing => (
            "503 Service Unavailable",
            "text/html",
            b"<html><body>503 Service Temporarily Unavailable</body></html>".to_vec(),
        ),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            route(root, if rest.is_empty() { "/" } else { rest }, config)
        }
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let mut out = stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        out.write_all(&body)?;
    }
    out.flush()
}

fn route(root: &Path, path: &str, config: Option<&str>) -> (&'static str, &'static str, Vec<u8>) {
    let not_found = ("404 Not Found", "text/plain", b"not found".to_vec());
    if path == "/config.json" {
        if let Some(c) = config {
            return ("200 OK", "application/json", c.as_bytes().to_vec());
        }
    }
    if path.split('/').any(|seg| seg == "..") {
        return not_found;
    }
    let rel = path.trim_start_matches('/');
    let file: PathBuf = if rel.is_empty() {
        root.join("index.html")
    } else {
        root.join(rel)
    };
    if file.is_file() {
        let mut body = Vec::new();
        if std::fs::File::open(&file)
            .and_then(|mut f| f.read_to_end(&mut body))
            .is_ok()
        {
            return ("200 OK", content_type(&file), body);
        }
        return not_found;
    }
    // App routes get index.html (tags such as `v1.2` look like file names,
    // so only asset types are real 404s).
    let asset = [
        ".js", ".wasm", ".css", ".json", ".png", ".svg", ".ico", ".map",
    ]
    .iter()
    .any(|ext| rel.ends_with(ext));
    if !asset {
        if let Ok(body) = std::fs::read(root.join("index.html")) {
            return ("200 OK", "text/html; charset=utf-8", body);
        }
    }
    not_found
}
