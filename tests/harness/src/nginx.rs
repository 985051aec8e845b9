//! Debian's nginx running the deployment recipe `deploy/nginx.conf.template`
//! (placeholders filled in as the official nginx image would), in front of
//! a registry: the same-origin setup users deploy.

use crate::process::{port_open, wait_until, ProcessGuard};
use crate::{free_port, temp_dir, workspace_root};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

pub const NGINX: &str = "/usr/sbin/nginx";
/// Debian's `libnginx-mod-http-brotli-static`.
pub const BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// A running nginx; stopped when dropped.
pub struct Nginx {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    dir: std::path::PathBuf,
    process: ProcessGuard,
}

/// One line of nginx's access log, as the harness formats it.
#[derive(Clone, Debug)]
pub struct Access {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Body bytes sent (compressed when gzip applied).
    pub bytes: u64,
}

/// Fill `${NAME}` placeholders; nginx's `$name` variables stay.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("${{{k}}}"), v);
    }
    out
}

impl Nginx {
    /// Serve `dist` at `/` and `dist_ui` at `/ui/`, proxy `/v2/` to
    /// `registry` (`http://127.0.0.1:<port>`).
    pub fn start(dist: &Path, dist_ui: &Path, registry: &str) -> Result<Nginx, String> {
        Self::start_with(dist, dist_ui, registry, None)
    }

    /// [`Nginx::start`] over HTTPS with `tls`: (certificate, key) PEM
    /// files, as `deploy/tls-snippet.sh` sets them up for the container.
    pub fn start_with(
        dist: &Path,
        dist_ui: &Path,
        registry: &str,
        tls: Option<(&Path, &Path)>,
    ) -> Result<Nginx, String> {
        let dir = temp_dir("nginx");
        let port = free_port();
        // The recipe's own script writes the HTTPS lines (empty without).
        let tls_conf = dir.join("tls.conf");
        let mut snippet = Command::new("sh");
        snippet
            .arg(workspace_root().join("deploy/tls-snippet.sh"))
            .arg(&tls_conf)
            .env_remove("SHIPSHAPE_TLS_CERT")
            .env_remove("SHIPSHAPE_TLS_KEY");
        if let Some((cert, key)) = tls {
            snippet
                .env("SHIPSHAPE_TLS_CERT", cert)
                .env("SHIPSHAPE_TLS_KEY", key);
        }
        let out = snippet
            .output()
            .map_err(|e| format!("tls-snippet.sh: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "tls-snippet.sh: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let listen = match tls {
            Some(_) => format!("127.0.0.1:{port} ssl"),
            None => format!("127.0.0.1:{port}"),
        };
        let template = std::fs::read_to_string(workspace_root().join("deploy/nginx.conf.template"))
            .map_err(|e| format!("deploy/nginx.conf.template: {e}"))?;
        let site = fill(
            &template,
            &[
                ("SHIPSHAPE_LISTEN", &listen),
                ("SHIPSHAPE_TLS_CONF", &tls_conf.display().to_string()),
                ("SHIPSHAPE_ROOT", &dist.display().to_string()),
                ("SHIPSHAPE_SUBPATH_ROOT", &dist_ui.display().to_string()),
                ("REGISTRY_UPSTREAM", registry.trim_end_matches('/')),
            ],
        );
        if site.contains("${") {
            return Err("a placeholder in the nginx template was not filled".into());
        }
        std::fs::write(dir.join("site.conf"), site).map_err(|e| e.to_string())?;
        let d = dir.display();
        // Debian's brotli_static module (the recipe uses it), as Debian's
        // own nginx.conf loads it from modules-enabled.
        if !Path::new(BROTLI_STATIC).is_file() {
            return Err(format!(
                "{BROTLI_STATIC} is missing: install libnginx-mod-http-brotli-static (cargo xtask setup does)"
            ));
        }
        let modules = format!("load_module {BROTLI_STATIC};\n");
        let main = format!(
            "{modules}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  types {{ application/wasm wasm; }}\n  log_format plain '$request_method $request_uri $status $body_bytes_sent';\n  access_log {d}/access.log plain;\n\
               client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n\
               uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(NGINX);
        cmd.arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"));
        let mut process = ProcessGuard::spawn("nginx", cmd, &dir.join("stdout.log"))
            .map_err(|e| format!("cannot start {NGINX}: {e}"))?;
        if !wait_until(Duration::from_secs(10), || port_open(port)) {
            let _ = process.check_alive();
            let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            return Err(format!("nginx did not open port {port}: {log}"));
        }
        Ok(Nginx {
            url: format!(
                "{}://127.0.0.1:{port}",
                if tls.is_some() { "https" } else { "http" }
            ),
            dir,
            process,
        })
    }

    /// The master process's PID.
    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    /// Every request nginx has logged so far, oldest first.
    pub fn accesses(&self) -> Vec<Access> {
        std::fs::read_to_string(self.dir.join("access.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                // "METHOD PATH" STATUS BYTES
                let mut parts = l.splitn(4, ' ');
                let method = parts.next()?.to_string();
                let path = parts.next()?.to_string();
                let status = parts.next()?.parse().ok()?;
                let bytes = parts.next()?.trim().parse().ok()?;
                Some(Access {
                    method,
                    path,
                    status,
                    bytes,
                })
            })
            .collect()
    }
}

/// The response headers of a GET to `url` (names lower-cased).
pub fn headers_of(url: &str) -> Result<Vec<(String, String)>, String> {
    let resp = ureq::get(url)
        .call()
        .map_err(|e| format!("GET {url}: {e}"))?;
    Ok(resp
        .headers_names()
        .into_iter()
        .map(|n| {
            let v = resp.header(&n).unwrap_or_default().to_string();
            (n.to_ascii_lowercase(), v)
        })
        .collect())
}

/// An answer as it came over the wire (the body not decoded).
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `GET url` with these request headers (`Accept-Encoding` as a browser
/// sends it), the body as sent.
pub fn get_raw(url: &str, headers: &[(&str, &str)]) -> Result<RawAnswer, String> {
    let mut req = ureq::get(url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let resp = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(format!("GET {url}: {e}")),
    };
    let headers = resp
        .headers_names()
        .into_iter()
        .filter_map(|n| resp.header(&n).map(|v| (n.clone(), v.to_string())))
        .collect();
    let status = resp.status();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut resp.into_reader(), &mut body)
        .map_err(|e| format!("GET {url}: {e}"))?;
    Ok(RawAnswer {
        status,
        headers,
        body,
    })
}
