//! Auth challenges (`WWW-Authenticate`) and token-server answers.

/// One challenge from a `WWW-Authenticate` header.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Challenge {
    Basic {
        realm: Option<String>,
    },
    Bearer {
        realm: String,
        service: Option<String>,
        /// Space-separated scopes as the registry named them.
        scope: Option<String>,
        /// e.g. `insufficient_scope`
        error: Option<String>,
    },
    /// A scheme we do not speak; kept for the message.
    Other {
        scheme: String,
    },
}

impl Challenge {
    pub fn scheme(&self) -> &str {
        match self {
            Challenge::Basic { .. } => "Basic",
            Challenge::Bearer { .. } => "Bearer",
            Challenge::Other { scheme } => scheme,
        }
    }
}

/// Credentials for HTTP Basic auth, kept only as long as the user chose
/// (this tab's memory, or the tab's session storage).
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the password (panics and logs end up in bug reports).
        f.debug_struct("BasicCredentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl BasicCredentials {
    /// The `Authorization` header value: `Basic base64(user:password)`.
    pub fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Standard base64 with padding (RFC 4648), for the Basic header.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Parse every challenge in a `WWW-Authenticate` value. Parameters may come in
/// any order and quoted values may contain commas and escaped quotes.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<(String, String)>)> = None;
    let mut p = Parser {
        s: header.as_bytes(),
        i: 0,
    };
    loop {
        p.skip_ws_and_commas();
        if p.done() {
            break;
        }
        let Some(token) = p.token() else {
            // Unparseable byte: skip it rather than loop or give up.
            p.i += 1;
            continue;
        };
        p.skip_ws();
        if p.peek() == Some(b'=') {
            // A parameter of the current challenge (or token68 padding).
            p.i += 1;
            p.skip_ws();
            let value = if p.peek() == Some(b'"') {
                p.quoted()
            } else {
                p.token().unwrap_or_default()
            };
            if let Some((_, params)) = current.as_mut() {
                params.push((token.to_ascii_lowercase(), value));
            }
        } else {
            if let Some(done) = current.take() {
                out.push(build(done));
            }
            current = Some((token, Vec::new()));
        }
    }
    if let Some(done) = current.take() {
        out.push(build(done));
    }
    out
}

fn build((scheme, params): (String, Vec<(String, String)>)) -> Challenge {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if scheme.eq_ignore_ascii_case("basic") {
        Challenge::Basic {
            realm: get("realm"),
        }
    } else if scheme.eq_ignore_ascii_case("bearer") {
        Challenge::Bearer {
            realm: get("realm").unwrap_or_default(),
            service: get("service"),
            scope: get("scope"),
            error: get("error"),
        }
    } else {
        Challenge::Other { scheme }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn skip_ws_and_commas(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> Option<String> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/:".contains(&c) {
                self.i += 1;
            } else {
                break;
            }
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }
    fn quoted(&mut self) -> String {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => {
                    if let Some(n) = self.peek() {
                        out.push(n);
                        self.i += 1;
                    }
                }
                b'"' => break,
                _ => out.push(c),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn basic_headers_are_rfc_4648_base64_and_debug_hides_the_password() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        let c = BasicCredentials {
            user: "admin".into(),
            password: "s3cret".into(),
        };
        assert_eq!(c.header(), "Basic YWRtaW46czNjcmV0");
        // UTF-8 passwords go as UTF-8 bytes.
        let c = BasicCredentials {
            user: "张".into(),
            password: "p".into(),
        };
        assert_eq!(c.header(), "Basic 5bygOnA=");
        let c = BasicCredentials {
            user: "ops".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn basic_challenge() {
        assert_eq!(
            parse_challenges(r#"Basic realm="Registry Realm""#),
            vec![Challenge::Basic {
                realm: Some("Registry Realm".into())
            }]
        );
    }

    #[test]
    fn bearer_with_params_in_any_order_and_commas_in_quotes() {
        let h = r#"Bearer scope="repository:team/app:pull,push",service="registry.example.com",realm="https://auth.example.com/token",error="insufficient_scope""#;
        assert_eq!(
            parse_challenges(h),
            vec![Challenge::Bearer {
                realm: "https://auth.example.com/token".into(),
                service: Some("registry.example.com".into()),
                scope: Some("repository:team/app:pull,push".into()),
                error: Some("insufficient_scope".into()),
            }]
        );
    }

    #[test]
    fn several_challenges_and_unknown_schemes() {
        let h = r#"Negotiate, Basic realm="a, b", Bearer realm=https://t/x,service=reg"#;
        let c = parse_challenges(h);
        assert_eq!(c.len(), 3);
        assert_eq!(
            c[0],
            Challenge::Other {
                scheme: "Negotiate".into()
            }
        );
        assert_eq!(
            c[1],
            Challenge::Basic {
                realm: Some("a, b".into())
            }
        );
        assert!(matches!(&c[2], Challenge::Bearer { realm, service, .. }
            if realm == "https://t/x" && service.as_deref() == Some("reg")));
    }

    #[test]
    fn escaped_quotes_and_garbage_do_not_break_parsing() {
        let c = parse_challenges(r#"Basic realm="say \"hi\"""#);
        assert_eq!(
            c,
            vec![Challenge::Basic {
                realm: Some("say \"hi\"".into())
            }]
        );
        assert_eq!(parse_challenges(""), vec![]);
        assert_eq!(parse_challenges("=\"\"\"=,,"), vec![]);
        // Unterminated quote: takes the rest as the value.
        assert_eq!(
            parse_challenges(r#"Basic realm="open"#),
            vec![Challenge::Basic {
                realm: Some("open".into())
            }]
        );
    }
}
