//! Following `Link: <…>; rel="next"` safely: relative links are resolved
//! against the request URL, and a link to another origin is refused.

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
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        // Drop any user-info.
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        if authority.is_empty() {
            return None;
        }
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

/// Resolve `link` against the absolute `base` URL and check it stays on the
/// base's origin.
pub fn resolve_same_origin(base: &str, link: &str) -> Result<String, LinkError> {
    let origin = Origin::of(base).ok_or_else(|| LinkError::BadBase(base.to_string()))?;
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
    match Origin::of(&resolved) {
        Some(o) if o == origin => Ok(resolved),
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
