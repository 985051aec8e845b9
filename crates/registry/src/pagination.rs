//! Following `Link: <…>; rel="next"` (and `Location`) safely: relative
//! links are resolved against the request URL the way the URL standard
//! does for http(s) (surrounding spaces and controls trimmed, tabs and
//! newlines removed, `\` read as `/`, user-info dropped, the host
//! percent-decoded), and a link to another origin is refused. What is
//! returned is the cleaned URL, so what is fetched is what was checked.

/// Scheme, host and port of a URL, with default ports made explicit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// The origin of an absolute `http(s)://` URL.
    pub fn of(url: &str) -> Option<Origin> {
        let url = clean(url);
        let (scheme, rest) = url.split_once(':')?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        // Special schemes: `\` is a `/`, and the authority starts after
        // two of them.
        let rest = rest.replace('\\', "/");
        let rest = rest.strip_prefix("//")?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        // Drop any user-info.
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        if authority.is_empty() {
            return None;
        }
        let decoded = percent_decode(authority)?;
        let authority = decoded.as_str();
        let (host, port) = if let Some(v6_end) = authority.find(']') {
            let host = &authority[..=v6_end];
            let port = authority[v6_end + 1..].strip_prefix(':');
            (host, port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        let port = match port {
            None | Some("") => default_port,
            Some(p) => p.parse().ok()?,
        };
        Some(Origin {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// `scheme://host[:port]`, leaving out a default port.
    pub fn to_url(&self) -> String {
        let default = matches!(
            (self.scheme.as_str(), self.port),
            ("http", 80) | ("https", 443)
        );
        if default {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// Why a next-page link was not followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The link points at another origin than the registry.
    ForeignOrigin(String),
    /// The base URL is not an absolute http(s) URL.
    BadBase(String),
}

/// The target of the `rel="next"` link in a `Link` header value, unresolved.
pub fn next_link(header: &str) -> Option<String> {
    // Split on commas that are outside <…> and quotes.
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0usize);
    for (i, ch) in header.char_indices() {
        match ch {
            '<' if !quoted => depth += 1,
            '>' if !quoted => depth -= 1,
            '"' => quoted = !quoted,
            ',' if depth <= 0 && !quoted => {
                parts.push(&header[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&header[start..]);
    for part in parts {
        let part = part.trim();
        let Some(rest) = part.strip_prefix('<') else {
            continue;
        };
        let Some((target, params)) = rest.split_once('>') else {
            continue;
        };
        let is_next = params.split(';').any(|p| {
            let Some((k, v)) = p.split_once('=') else {
                return false;
            };
            k.trim().eq_ignore_ascii_case("rel")
                && v.trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim().to_string());
        }
    }
    None
}

/// What the URL standard removes before parsing: leading and trailing C0
/// controls and spaces, and every tab and newline.
fn clean(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// `%41` → `A`; `None` when the result is not UTF-8 or holds characters no
/// host has (a decoded `/`, `@`, `\\`, space or control).
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut decoded_any = false;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            decoded_any = true;
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    if decoded_any && text.chars().any(|c| c <= ' ' || "/@\\?#%".contains(c)) {
        return None;
    }
    Some(text)
}

/// Resolve `link` against the absolute `base` URL and check it stays on the
/// base's origin.
pub fn resolve_same_origin(base: &str, link: &str) -> Result<String, LinkError> {
    let origin = Origin::of(base).ok_or_else(|| LinkError::BadBase(base.to_string()))?;
    let cleaned = clean(link).replace('\\', "/");
    let link = cleaned.as_str();
    // `http:x` (no slashes) with an http base is a relative path; with
    // another scheme it is nothing we follow.
    let link = match link.split_once(':') {
        Some((scheme, rest)) if has_scheme(link) && !rest.starts_with("//") => {
            if scheme.eq_ignore_ascii_case(&origin.scheme) {
                rest
            } else {
                return Err(LinkError::ForeignOrigin(link.to_string()));
            }
        }
        _ => link,
    };
    let resolved = if has_scheme(link) {
        link.to_string()
    } else if let Some(rest) = link.strip_prefix("//") {
        format!("{}://{rest}", origin.scheme)
    } else if link.starts_with('/') {
        format!("{}{link}", origin.to_url())
    } else {
        // Relative to the base path's directory.
        let after_scheme = &base[base.find("://").map_or(0, |i| i + 3)..];
        let path_start = after_scheme
            .find('/')
            .map(|i| base.len() - after_scheme.len() + i);
        let path = path_start.map_or("/", |i| &base[i..]);
        let path = path.split(['?', '#']).next().unwrap_or("/");
        let dir = &path[..=path.rfind('/').unwrap_or(0)];
        format!("{}{dir}{link}", origin.to_url())
    };
    // User-info in a link is never the registry's: refuse it outright.
    let authority = resolved
        .split_once("//")
        .map_or("", |(_, r)| r.split(['/', '?', '#']).next().unwrap_or(""));
    match Origin::of(&resolved) {
        Some(o) if o == origin && !authority.contains('@') => Ok(resolved),
        _ => Err(LinkError::ForeignOrigin(link.to_string())),
    }
}

/// Whether `link` starts with a URL scheme (`http:`, `javascript:`, …).
fn has_scheme(link: &str) -> bool {
    match link.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn next_link_is_found_among_several_links() {
        assert_eq!(
            next_link(r#"</v2/_catalog?last=b&n=100>; rel="next""#).as_deref(),
            Some("/v2/_catalog?last=b&n=100")
        );
        assert_eq!(
            next_link(r#"<https://x/a?x=1,2>; rel="prev", </v2/t?last=a%2Cb>; rel=next"#)
                .as_deref(),
            Some("/v2/t?last=a%2Cb")
        );
        assert_eq!(next_link(r#"</a>; rel="prev""#), None);
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("garbage"), None);
        assert_eq!(next_link("<unclosed; rel=next"), None);
    }

    #[test]
    fn relative_links_resolve_against_the_request_url() {
        let base = "http://127.0.0.1:5000/v2/_catalog?n=100";
        assert_eq!(
            resolve_same_origin(base, "/v2/_catalog?last=x&n=100").unwrap(),
            "http://127.0.0.1:5000/v2/_catalog?last=x&n=100"
        );
        assert_eq!(
            resolve_same_origin(base, "_catalog?last=x").unwrap(),
            "http://127.0.0.1:5000/v2/_catalog?last=x"
        );
        assert_eq!(
            resolve_same_origin(base, "http://127.0.0.1:5000/v2/_catalog?last=y").unwrap(),
            "http://127.0.0.1:5000/v2/_catalog?last=y"
        );
        assert_eq!(
            resolve_same_origin("https://reg.example/v2/x", "//reg.example/v2/y").unwrap(),
            "https://reg.example/v2/y"
        );
        assert_eq!(
            resolve_same_origin("https://reg.example:443/v2/x", "https://REG.example/v2/y")
                .unwrap(),
            "https://REG.example/v2/y"
        );
    }

    #[test]
    fn links_to_another_origin_are_refused() {
        let base = "http://127.0.0.1:5000/v2/_catalog";
        for foreign in [
            "http://evil.example/v2/_catalog?last=x",
            "https://127.0.0.1:5000/v2/_catalog",
            "http://127.0.0.1:5001/v2/_catalog",
            "//evil.example/v2/",
            "http://127.0.0.1:5000@evil.example/v2/",
            "javascript:alert(1)",
        ] {
            assert!(
                matches!(
                    resolve_same_origin(base, foreign),
                    Err(LinkError::ForeignOrigin(_))
                ),
                "{foreign} must be refused"
            );
        }
        assert!(matches!(
            resolve_same_origin("/relative", "/x"),
            Err(LinkError::BadBase(_))
        ));
    }

    #[test]
    fn links_that_fool_naive_parsers_are_judged_as_the_browser_would() {
        let base = "http://127.0.0.1:5000/v2/_catalog";
        for foreign in [
            // The authority ends at a backslash: the host is evil.example.
            "http://evil.example\\@127.0.0.1:5000/v2/",
            "http:\\\\evil.example/v2/",
            "\\\\evil.example/v2/",
            "/\\evil.example/v2/",
            "\\/evil.example/v2/",
            // Tabs and newlines vanish; surrounding spaces too.
            "\t//evil.example/v2/",
            "ht\ttp://evil.example/v2/",
            " //evil.example/v2/",
            "//evil.example\n/v2/",
            // Percent-encoded hosts are decoded before comparing.
            "http://%65vil.example/v2/",
            "http://127.0.0.1%2F@evil.example/",
            "https:evil.example/v2/",
        ] {
            assert!(
                matches!(
                    resolve_same_origin(base, foreign),
                    Err(LinkError::ForeignOrigin(_))
                ),
                "{foreign:?} must be refused"
            );
        }
        // Same origin however it is written; the result is the clean URL.
        assert_eq!(
            resolve_same_origin(base, "http://%31%32%37.0.0.1:5000/v2/x").unwrap(),
            "http://%31%32%37.0.0.1:5000/v2/x"
        );
        assert_eq!(
            resolve_same_origin(base, "\t/v2/_catalog?last=a\n").unwrap(),
            "http://127.0.0.1:5000/v2/_catalog?last=a"
        );
        assert_eq!(
            resolve_same_origin(base, "http:_catalog?last=b").unwrap(),
            "http://127.0.0.1:5000/v2/_catalog?last=b"
        );
        assert!(resolve_same_origin(base, "http://user@127.0.0.1:5000/v2/y").is_err());
    }

    #[test]
    fn origins_normalise_default_ports_and_case() {
        assert_eq!(Origin::of("HTTP://Reg:80/x"), Origin::of("http://reg/y"));
        assert_eq!(Origin::of("http://[::1]:5000/v2/").unwrap().port, 5000);
        assert_eq!(Origin::of("http://[::1]/v2/").unwrap().port, 80);
        assert_eq!(Origin::of("ftp://x/"), None);
        assert_eq!(Origin::of("http://x:notaport/"), None);
        assert_eq!(
            Origin::of("http://reg:5000").unwrap().to_url(),
            "http://reg:5000"
        );
    }
}
