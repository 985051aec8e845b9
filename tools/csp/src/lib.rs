//! The Content-Security-Policy of the built app, written into `index.html`
//! as a `<meta http-equiv>` tag after every Trunk build (post_build hook).
//!
//! - scripts: the app's own files, plus the hash of each inline script
//!   (Trunk's loader, whose text changes with every build's file hashes),
//!   and `'wasm-unsafe-eval'` to instantiate the WebAssembly;
//! - styles, images, fonts: the app's own files only (no CDN);
//! - `connect-src`: the app's origin, the origins of the registries in a
//!   `config.json` next to `index.html`, and whatever
//!   `SHIPSHAPE_CONNECT_SRC` names (space-separated), e.g. a token server.
//!
//! Run again on a `dist/` folder after adding its `config.json`:
//! `cargo run -p shipshape-csp -- dist`.

pub mod compress;

use sha2::{Digest, Sha256};

/// Marks the tag we write, so a second run replaces it.
const MARKER: &str = "data-shipshape-csp";

/// Standard base64 with padding (RFC 4648). Also used by the test
/// harness (Basic auth, JWTs).
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The text of every `<script>` without `src` (what CSP hashes).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let open = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !open.contains(" src=") {
            out.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    out
}

/// `'sha256-…'` of a script's text.
pub fn hash_source(script: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes())))
}

/// `scheme://host[:port]` of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return None;
    }
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Origins of the registries a `config.json` lists (relative URLs are the
/// app's own origin, already allowed).
pub fn config_origins(config_json: &str) -> Result<Vec<String>, String> {
    let value: serde_json::Value =
        serde_json::from_str(config_json).map_err(|e| format!("config.json: {e}"))?;
    let mut out = Vec::new();
    if let Some(list) = value.get("registries").and_then(|r| r.as_array()) {
        for entry in list {
            if let Some(origin) = entry
                .get("url")
                .and_then(|u| u.as_str())
                .and_then(origin_of)
            {
                if !out.contains(&origin) {
                    out.push(origin);
                }
            }
        }
    }
    Ok(out)
}

/// A `connect-src` source given by the operator: an origin, a wildcard host
/// or port (`https://*.example.com`, `http://127.0.0.1:*`), or a scheme.
pub fn valid_source(source: &str) -> bool {
    !source.is_empty()
        && source.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '/' | '*' | '[' | ']')
        })
        && !source.contains(';')
}

/// The policy for an index.html with these inline script hashes.
pub fn policy(script_hashes: &[String], connect: &[String]) -> String {
    let mut connect_src = vec!["'self'".to_string()];
    for c in connect {
        if !connect_src.contains(c) {
            connect_src.push(c.clone());
        }
    }
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src {}; manifest-src 'self'; \
         base-uri 'self'; form-action 'none'",
        script_hashes.join(" "),
        connect_src.join(" ")
    )
}

/// `html` with its policy tag (replacing one written before), placed right
/// after `<meta charset>` so it covers every script that follows.
pub fn stamp(html: &str, policy: &str) -> Result<String, String> {
    let mut kept: Vec<&str> = html.lines().filter(|l| !l.contains(MARKER)).collect();
    let at = kept
        .iter()
        .position(|l| l.to_ascii_lowercase().contains("<meta charset"))
        .ok_or("index.html has no <meta charset> to put the policy after")?;
    let tag = format!(
        "    <meta http-equiv=\"Content-Security-Policy\" {MARKER} content=\"{}\">",
        policy.replace('"', "&quot;")
    );
    kept.insert(at + 1, &tag);
    let mut out = kept.join("\n");
    out.push('\n');
    Ok(out)
}

/// Stamp `index.html` in `dir`, with `config.json` there if any and the
/// extra sources. Returns the policy written.
pub fn stamp_dir(dir: &std::path::Path, extra: &[String]) -> Result<String, String> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut connect = Vec::new();
    let config = dir.join("config.json");
    if let Ok(text) = std::fs::read_to_string(&config) {
        connect.extend(config_origins(&text)?);
    }
    for source in extra {
        if !valid_source(source) {
            return Err(format!("not a connect-src source: {source:?}"));
        }
        connect.push(source.clone());
    }
    let hashes: Vec<String> = inline_scripts(&html).into_iter().map(hash_source).collect();
    let policy = policy(&hashes, &connect);
    std::fs::write(&index, stamp(&html, &policy)?).map_err(|e| e.to_string())?;
    Ok(policy)
}

#[cfg(test)]
mod tests {

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    use super::*;

    const HTML: &str = "<!doctype html>\n<html>\n<head>\n    <meta charset=\"utf-8\">\n    <title>x</title>\n<script type=\"module\">\nimport init from '/a.js';\n</script>\n<script src=\"/b.js\"></script>\n</head>\n</html>\n";

    #[test]
    fn inline_scripts_are_hashed_as_the_browser_hashes_them() {
        assert_eq!(inline_scripts(HTML), vec!["\nimport init from '/a.js';\n"]);
        // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn stamping_twice_leaves_one_policy_after_the_charset() {
        let p = policy(&[hash_source("x")], &["https://reg.example".into()]);
        let once = stamp(HTML, &p).unwrap();
        let twice = stamp(&once, &p).unwrap();
        assert_eq!(once, twice);
        assert_eq!(twice.matches("Content-Security-Policy").count(), 1);
        let lines: Vec<&str> = twice.lines().collect();
        assert!(lines[3].contains("charset") && lines[4].contains("Content-Security-Policy"));
        assert!(p.contains("connect-src 'self' https://reg.example;"), "{p}");
        assert!(
            p.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{p}"
        );
        assert!(!p.contains("unsafe-inline"));
    }

    #[test]
    fn registries_in_the_config_become_origins() {
        let config = r#"{"registries":[{"name":"a","url":"https://Reg.Example:5000/some/path"},{"name":"same","url":"/"},{"name":"b","url":"https://reg.example:5000"},{"name":"js","url":"javascript:alert(1)"}]}"#;
        assert_eq!(
            config_origins(config).unwrap(),
            vec!["https://reg.example:5000".to_string()]
        );
        assert!(config_origins("{").is_err());
        assert!(valid_source("http://127.0.0.1:*"));
        assert!(!valid_source("'unsafe-inline'"));
        assert!(!valid_source("https://a; script-src *"));
    }
}
