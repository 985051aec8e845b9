//! The page's own Content-Security-Policy (the `<meta>` tag written at
//! build time): may this page connect to a URL? A fetch the policy blocks
//! fails like an unreachable host; this tells the two apart so the user is
//! told what to change. Plain Rust, tested natively.

use crate::registry::pagination::Origin;

/// The sources that govern `fetch`: `connect-src`, else `default-src`;
/// `None` when the policy restricts neither.
fn connect_sources(policy: &str) -> Option<Vec<String>> {
    let directive = |name: &str| {
        policy.split(';').find_map(|d| {
            let mut words = d.split_whitespace();
            words
                .next()
                .filter(|n| n.eq_ignore_ascii_case(name))
                .map(|_| words.map(str::to_string).collect::<Vec<_>>())
        })
    };
    directive("connect-src").or_else(|| directive("default-src"))
}

/// Whether a source expression admits `target`, for a page at `page`.
fn source_allows(source: &str, page: &Origin, target: &Origin) -> bool {
    let source = source.trim();
    let lower = source.to_ascii_lowercase();
    // A scheme may be upgraded (http: admits https).
    let scheme_ok = |s: &str| s == target.scheme || (s == "http" && target.scheme == "https");
    match lower.as_str() {
        "*" => return target.scheme == "http" || target.scheme == "https",
        "'self'" => {
            return target.host == page.host && target.port == page.port && scheme_ok(&page.scheme)
        }
        "'none'" => return false,
        _ => {}
    }
    if let Some(scheme) = lower.strip_suffix(':') {
        if !scheme.contains('/') {
            return scheme_ok(scheme);
        }
    }
    let (scheme, rest) = match lower.split_once("://") {
        Some((s, r)) => (s.to_string(), r),
        None => (page.scheme.clone(), lower.as_str()),
    };
    if !scheme_ok(&scheme) {
        return false;
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    let host_ok = match host.strip_prefix("*.") {
        Some(suffix) => target.host.ends_with(&format!(".{suffix}")),
        None => host == target.host,
    };
    let port_ok = match port {
        Some("*") => true,
        Some(p) => p.parse::<u16>().ok() == Some(target.port),
        None => {
            let default = if scheme == "https" { 443 } else { 80 };
            target.port == default
                || (scheme == "http" && target.scheme == "https" && target.port == 443)
        }
    };
    host_ok && port_ok
}

/// Whether a page at `page_url` under `policy` may fetch `url`. Unknown
/// shapes are admitted (we only explain what we can tell for sure).
pub fn allows_connect(policy: &str, page_url: &str, url: &str) -> bool {
    let (Some(page), Some(target)) = (Origin::of(page_url), Origin::of(url)) else {
        return true;
    };
    match connect_sources(policy) {
        None => true,
        Some(sources) => sources.iter().any(|s| source_allows(s, &page, &target)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://127.0.0.1:8080/repo/a";

    #[test]
    fn connect_src_admits_self_listed_origins_and_wildcards_only() {
        let p = "default-src 'none'; script-src 'self'; connect-src 'self' https://reg.example http://127.0.0.1:* https://*.corp.example";
        assert!(allows_connect(p, PAGE, "http://127.0.0.1:8080/v2/"));
        assert!(allows_connect(p, PAGE, "http://127.0.0.1:5000/v2/"));
        assert!(allows_connect(p, PAGE, "https://reg.example/v2/_catalog"));
        assert!(allows_connect(p, PAGE, "https://a.corp.example/token"));
        assert!(!allows_connect(p, PAGE, "https://corp.example/token"));
        assert!(!allows_connect(p, PAGE, "https://reg.example:5000/v2/"));
        assert!(!allows_connect(p, PAGE, "http://localhost:5000/v2/"));
        assert!(
            !allows_connect(p, PAGE, "http://reg.example/v2/"),
            "https source, http target"
        );
    }

    #[test]
    fn default_src_applies_without_connect_src_and_no_policy_admits_all() {
        assert!(!allows_connect(
            "default-src 'self'",
            PAGE,
            "http://other:5000/"
        ));
        assert!(allows_connect(
            "default-src 'self'",
            PAGE,
            "http://127.0.0.1:8080/v2/"
        ));
        assert!(allows_connect(
            "script-src 'self'",
            PAGE,
            "http://other:5000/"
        ));
        assert!(allows_connect(
            "connect-src *",
            PAGE,
            "https://anything.example/"
        ));
        assert!(allows_connect(
            "connect-src https:",
            PAGE,
            "https://x.example/"
        ));
        assert!(!allows_connect(
            "connect-src https:",
            PAGE,
            "http://x.example/"
        ));
        assert!(!allows_connect(
            "connect-src 'none'",
            PAGE,
            "http://127.0.0.1:8080/"
        ));
    }
}
