//! A small token server of our own for distribution's `auth.token`: it
//! signs RS256 JWTs (with `openssl`, a key pair made at start) whose `x5c`
//! names a self-signed certificate the registry trusts
//! (`rootcertbundle`). Anonymous callers get `pull` and the catalog; users
//! with the right password get every action they ask for; a wrong password
//! gets 401. Every request is logged for tests to check what was asked and
//! what credentials came along. CORS: any origin may ask (with
//! `Authorization`), as a token server on another origin must allow.

use crate::{free_port, temp_dir};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// What the registry needs to trust our tokens.
#[derive(Clone, Debug)]
pub struct TokenAuth {
    pub realm: String,
    pub service: String,
    pub issuer: String,
    pub rootcertbundle: PathBuf,
}

/// One request the token server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub method: String,
    /// `scope` parameters as sent.
    pub scopes: Vec<String>,
    /// The Basic user, when credentials came along.
    pub user: Option<String>,
    /// The status we answered.
    pub status: u16,
}

/// A running token server; stops when dropped.
pub struct TokenServer {
    pub auth: TokenAuth,
    inner: Arc<Inner>,
    port: u16,
}

struct Inner {
    key: PathBuf,
    x5c: String,
    users: Vec<(String, String)>,
    log: Mutex<Vec<TokenRequest>>,
    stop: AtomicBool,
    dir: PathBuf,
    /// Seconds each token lives (`expires_in`).
    expires_in: u64,
}

const SERVICE: &str = "shipshape-test-registry";
const ISSUER: &str = "shipshape-test-token-server";

fn openssl(args: &[&str], dir: &PathBuf) -> Result<Vec<u8>, String> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("openssl: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// Base64: standard with padding, or URL-safe without (JWT parts).
fn b64(bytes: &[u8], url: bool) -> String {
    let standard = shipshape_csp::base64(bytes);
    if url {
        standard
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    } else {
        standard
    }
}

fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let clean: Vec<u8> = text.bytes().filter(|b| *b != b'=').collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

static JTI: AtomicU64 = AtomicU64::new(1);

impl TokenServer {
    /// Start on 127.0.0.1; `users` may get any action, others only `pull`
    /// and the catalog.
    pub fn start(users: &[(&str, &str)]) -> Result<TokenServer, String> {
        let dir = temp_dir("token");
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem",
                "-days",
                "2",
                "-subj",
                "/CN=shipshape-test-token",
            ],
            &dir,
        )?;
        let der = openssl(&["x509", "-in", "cert.pem", "-outform", "der"], &dir)?;
        let listener = TcpListener::bind(("127.0.0.1", free_port())).map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let inner = Arc::new(Inner {
            key: dir.join("key.pem"),
            x5c: b64(&der, false),
            users: users
                .iter()
                .map(|(u, p)| (u.to_string(), p.to_string()))
                .collect(),
            log: Mutex::default(),
            stop: AtomicBool::default(),
            dir: dir.clone(),
            expires_in: 300,
        });
        let me = inner.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if me.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let me = me.clone();
                std::thread::spawn(move || {
                    let _ = me.handle(stream);
                });
            }
        });
        Ok(TokenServer {
            auth: TokenAuth {
                realm: format!("http://127.0.0.1:{port}/token"),
                service: SERVICE.into(),
                issuer: ISSUER.into(),
                rootcertbundle: dir.join("cert.pem"),
            },
            inner,
            port,
        })
    }

    /// Every request answered so far.
    pub fn requests(&self) -> Vec<TokenRequest> {
        self.inner.log.lock().unwrap().clone()
    }

    /// A signed token for `user` with `access` (type, name, actions).
    pub fn mint(&self, user: &str, access: &[(&str, &str, &[&str])]) -> Result<String, String> {
        self.inner.mint(user, access)
    }
}

impl Inner {
    fn mint(&self, user: &str, access: &[(&str, &str, &[&str])]) -> Result<String, String> {
        let header = json!({"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]});
        let t = now();
        let claims = json!({
            "iss": ISSUER,
            "sub": user,
            "aud": SERVICE,
            "exp": t + self.expires_in,
            "nbf": t - 10,
            "iat": t,
            "jti": format!("shipshape-{}", JTI.fetch_add(1, Ordering::SeqCst)),
            "access": access.iter().map(|(ty, name, actions)| json!({
                "type": ty, "name": name, "actions": actions,
            })).collect::<Vec<Value>>(),
        });
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes(), true),
            b64(claims.to_string().as_bytes(), true)
        );
        let mut child = Command::new("openssl")
            .args(["dgst", "-sha256", "-sign"])
            .arg(&self.key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("openssl dgst: {e}"))?;
        child
            .stdin
            .take()
            .ok_or("no stdin")?
            .write_all(input.as_bytes())
            .map_err(|e| e.to_string())?;
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if !out.status.success() || out.stdout.is_empty() {
            return Err(format!(
                "openssl dgst -sign: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(format!("{input}.{}", b64(&out.stdout, true)))
    }

    /// What `user` (or an anonymous caller) gets of a requested scope.
    fn grant<'a>(
        &self,
        user: Option<&str>,
        scope: &'a str,
    ) -> Option<(&'a str, &'a str, Vec<&'a str>)> {
        let (rest, actions) = scope.rsplit_once(':')?;
        let (ty, name) = rest.split_once(':')?;
        let actions: Vec<&str> = actions
            .split(',')
            .filter(|a| user.is_some() || *a == "pull" || (ty == "registry" && *a == "*"))
            .collect();
        Some((ty, name, actions))
    }

    fn handle(&self, stream: TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let mut authorization = None;
        let mut origin = None;
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let v = v.trim().to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "authorization" => authorization = Some(v),
                    "origin" => origin = Some(v),
                    "content-length" => length = v.parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
        if length > 0 {
            let mut body = vec![0; length.min(1 << 20)];
            reader.read_exact(&mut body)?;
        }
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let scopes: Vec<String> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .filter(|(k, _)| *k == "scope")
            .map(|(_, v)| percent_decode(v))
            .collect();
        let user = authorization
            .as_deref()
            .and_then(|a| a.strip_prefix("Basic "))
            .and_then(|b| b64_decode(b.trim()))
            .and_then(|raw| String::from_utf8(raw).ok())
            .and_then(|raw| {
                raw.split_once(':')
                    .map(|(u, p)| (u.to_string(), p.to_string()))
            });
        let (status, body) = if method == "OPTIONS" {
            (204, String::new())
        } else if !target.starts_with("/token") {
            (404, String::new())
        } else if let Some((u, p)) = &user {
            if self.users.iter().any(|(uu, pp)| uu == u && pp == p) {
                self.answer(Some(u), &scopes)
            } else {
                (401, r#"{"errors":[{"code":"UNAUTHORIZED","message":"wrong user name or password"}]}"#.into())
            }
        } else {
            self.answer(None, &scopes)
        };
        if method != "OPTIONS" {
            self.log.lock().unwrap().push(TokenRequest {
                method: method.clone(),
                scopes: scopes.clone(),
                user: user.as_ref().map(|(u, _)| u.clone()),
                status,
            });
        }
        let reason = match status {
            200 => "OK",
            204 => "No Content",
            401 => "Unauthorized",
            _ => "Not Found",
        };
        let mut head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n",
            body.len()
        );
        if let Some(origin) = origin {
            head.push_str(&format!(
                "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Methods: GET, OPTIONS\r\nAccess-Control-Allow-Headers: Authorization\r\nVary: Origin\r\n"
            ));
        }
        head.push_str("\r\n");
        let mut stream = stream;
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        stream.flush()
    }

    fn answer(&self, user: Option<&str>, scopes: &[String]) -> (u16, String) {
        let granted: Vec<(&str, &str, Vec<&str>)> = scopes
            .iter()
            .flat_map(|s| s.split(' '))
            .filter_map(|s| self.grant(user, s))
            .collect();
        let access: Vec<(&str, &str, &[&str])> = granted
            .iter()
            .map(|(t, n, a)| (*t, *n, a.as_slice()))
            .collect();
        match self.mint(user.unwrap_or(""), &access) {
            Ok(token) => (
                200,
                json!({"token": token, "access_token": token, "expires_in": self.expires_in})
                    .to_string(),
            ),
            Err(e) => (500, json!({ "error": e }).to_string()),
        }
    }
}

impl Drop for TokenServer {
    fn drop(&mut self) {
        self.inner.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ = std::fs::remove_dir_all(&self.inner.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_ways() {
        assert_eq!(b64(b"ab?", false), "YWI/");
        assert_eq!(b64(b"ab?", true), "YWI_");
        assert_eq!(b64(b"a", false), "YQ==");
        assert_eq!(b64(b"a", true), "YQ");
        assert_eq!(b64_decode("YWRtaW46czNjcmV0").unwrap(), b"admin:s3cret");
        assert_eq!(
            percent_decode("repository%3Aa%2Fb%3Apull"),
            "repository:a/b:pull"
        );
    }
}
