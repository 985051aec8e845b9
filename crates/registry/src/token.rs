//! Signing requests: Basic credentials, and the Bearer token flow of
//! distribution's `auth.token` (Docker's token specification).
//!
//! A request to the registry's API goes out with a cached token for the
//! scope it will need, or with the Basic credentials, or with nothing. A 401
//! whose challenge is `Bearer realm=…,service=…,scope=…` makes us ask the
//! realm for a token with exactly those scopes (with the Basic credentials
//! when the user signed in, anonymously otherwise), cache it per scope until
//! it expires, and send the request once more with it. Credentials go only
//! to URLs under the registry's `/v2/` and to the realm the registry names;
//! tokens only to the registry.

use super::auth::{parse_challenges, BasicCredentials, Challenge};
use super::client::Transport;
use super::error::{RegistryError, TokenAnswerFlaw, TokenFailure};
use super::response::{parse_json_object, Method, RawResponse, Request};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Seconds a token lives when the server does not say (the specification's
/// default).
pub const DEFAULT_EXPIRES_IN: u64 = 60;
/// A token is renewed this long before it expires, so it does not run out
/// on the way.
const EXPIRY_MARGIN_MS: f64 = 5_000.0;

/// A bearer token and when it stops being valid (ms since the epoch).
#[derive(Clone, PartialEq)]
pub struct Token {
    pub value: String,
    pub expires_at_ms: f64,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("expires_at_ms", &self.expires_at_ms)
            .finish_non_exhaustive()
    }
}

/// Tokens by normalised scope, shared by every request of a session, and
/// the scopes whose token is being fetched right now (the first screen
/// sends dozens of requests at once; they share one token request).
#[derive(Clone, Debug, Default)]
pub struct TokenCache(Rc<RefCell<Tokens>>);

#[derive(Debug, Default)]
struct Tokens {
    by_scope: HashMap<String, Token>,
    fetching: HashSet<String>,
    /// The registry answered with a Bearer challenge: it wants tokens, so
    /// the password goes only to the token server from then on.
    uses_tokens: bool,
    /// The registry answered with a Basic challenge: credentials go with
    /// its requests from then on. Until either challenge is seen, requests
    /// carry no credentials (a token-auth registry never sees the
    /// password).
    uses_basic: bool,
}

/// How long a request waits for another one's token request.
const WAIT_STEP_MS: u32 = 50;
const WAIT_STEPS: u32 = 300;

impl TokenCache {
    /// The token for `scope`, unless it expires within the margin.
    pub fn get(&self, scope: &str, now_ms: f64) -> Option<String> {
        let cache = self.0.borrow();
        let token = cache.by_scope.get(scope)?;
        (token.expires_at_ms - EXPIRY_MARGIN_MS > now_ms).then(|| token.value.clone())
    }

    pub fn put(&self, scope: String, token: Token) {
        self.0.borrow_mut().by_scope.insert(scope, token);
    }

    pub fn forget(&self, scope: &str) {
        self.0.borrow_mut().by_scope.remove(scope);
    }

    /// Drop every token (the user signed in or out: tokens were issued to
    /// someone else).
    pub fn clear(&self) {
        self.0.borrow_mut().by_scope.clear();
    }

    pub fn len(&self) -> usize {
        self.0.borrow().by_scope.len()
    }

    fn uses_basic(&self) -> bool {
        let t = self.0.borrow();
        t.uses_basic && !t.uses_tokens
    }

    /// The registry asked for Basic credentials (a 401 with a `Basic`
    /// challenge), or is known to: send them from now on.
    pub fn know_basic(&self) {
        self.0.borrow_mut().uses_basic = true;
    }

    fn is_fetching(&self, scope: &str) -> bool {
        self.0.borrow().fetching.contains(scope)
    }

    /// Mark `scope` as being fetched until the guard is dropped; `None`
    /// when another request is fetching it already.
    fn start_fetching(&self, scope: &str) -> Option<FetchingGuard> {
        let inserted = self.0.borrow_mut().fetching.insert(scope.to_string());
        inserted.then(|| FetchingGuard {
            cache: self.clone(),
            scope: scope.to_string(),
        })
    }

    /// Wait while another request fetches the token for `scope`.
    async fn wait_for<T: Transport>(&self, transport: &T, scope: &str) {
        for _ in 0..WAIT_STEPS {
            if !self.is_fetching(scope) {
                return;
            }
            transport.sleep(WAIT_STEP_MS).await;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Clears a scope's "being fetched" mark, also when the fetch fails.
struct FetchingGuard {
    cache: TokenCache,
    scope: String,
}

impl Drop for FetchingGuard {
    fn drop(&mut self) {
        self.cache.0.borrow_mut().fetching.remove(&self.scope);
    }
}

/// A scope in a canonical form: scopes sorted, actions of each sorted.
/// Distribution writes the actions of one resource in map order, so
/// `pull,push` and `push,pull` are the same scope.
pub fn normalise_scope(scope: &str) -> String {
    let mut scopes: Vec<String> = scope
        .split_whitespace()
        .map(|one| match one.rsplit_once(':') {
            Some((resource, actions)) => {
                let mut actions: Vec<&str> = actions.split(',').filter(|a| !a.is_empty()).collect();
                actions.sort_unstable();
                actions.dedup();
                format!("{resource}:{}", actions.join(","))
            }
            None => one.to_string(),
        })
        .collect();
    crate::sort::sort_dedup(&mut scopes);
    scopes.join(" ")
}

/// The scope distribution will ask for `request`, predicted from its method
/// and path, so a cached token can go with the first attempt. `None` for
/// URLs outside `<base>/v2/`. A wrong guess costs one 401, nothing else.
pub fn predicted_scope(api_prefix: &str, request: &Request) -> Option<String> {
    let path = request.url.strip_prefix(api_prefix)?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() {
        return Some(String::new());
    }
    if path == "_catalog" {
        return Some("registry:catalog:*".into());
    }
    let name = ["/manifests/", "/blobs/", "/tags/", "/referrers/"]
        .iter()
        .filter_map(|marker| path.rfind(marker).map(|i| &path[..i]))
        .max_by_key(|n| n.len())?;
    let actions = match request.method {
        Method::Get | Method::Head => "pull",
        Method::Delete => "delete",
        Method::Post | Method::Put | Method::Patch => "pull,push",
    };
    Some(format!("repository:{name}:{actions}"))
}

/// Percent-encode a query value (RFC 3986 unreserved characters stay).
fn query_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The GET to the token server for a challenge: `realm?service=…&scope=…`
/// with one `scope` parameter per scope, and the Basic credentials if any.
pub fn token_request(
    realm: &str,
    service: Option<&str>,
    scope: Option<&str>,
    credentials: Option<&BasicCredentials>,
) -> Result<Request, RegistryError> {
    let lower = realm.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(RegistryError::TokenServer {
            realm: realm.to_string(),
            failure: TokenFailure::RealmNotHttp,
        });
    }
    let mut params = Vec::new();
    if let Some(service) = service {
        params.push(format!("service={}", query_escape(service)));
    }
    for one in scope.unwrap_or_default().split_whitespace() {
        params.push(format!("scope={}", query_escape(one)));
    }
    let sep = if realm.contains('?') { '&' } else { '?' };
    let url = if params.is_empty() {
        realm.to_string()
    } else {
        format!("{realm}{sep}{}", params.join("&"))
    };
    let mut request = Request::get(url).no_store(true);
    request.authorization = credentials.map(|c| c.header().into());
    Ok(request)
}

/// Read a token server's answer: `token`, or its alias `access_token`
/// (the first non-empty of the two), and `expires_in`.
pub fn parse_token(realm: &str, body: &[u8], now_ms: f64) -> Result<Token, RegistryError> {
    let failed = |failure| RegistryError::TokenServer {
        realm: realm.to_string(),
        failure,
    };
    let flawed = |flaw| failed(TokenFailure::NotAToken { flaw });
    let answer: serde_json::Value = parse_json_object(body).map_err(|e| {
        flawed(if e.is_data() {
            TokenAnswerFlaw::NotAnObject
        } else {
            TokenAnswerFlaw::NotJson
        })
    })?;
    let serde_json::Value::Object(answer) = answer else {
        return Err(flawed(TokenAnswerFlaw::NotAnObject));
    };
    let mut value = None;
    for key in ["token", "access_token"] {
        match answer.get(key) {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(t)) if t.is_empty() => {}
            Some(serde_json::Value::String(t)) => {
                value = Some(t.clone());
                break;
            }
            Some(_) => return Err(flawed(TokenAnswerFlaw::NotAString)),
        }
    }
    let value = value.ok_or_else(|| failed(TokenFailure::NoToken))?;
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(flawed(TokenAnswerFlaw::Unprintable));
    }
    // Shorter than a minute is allowed; the specification says tokens of
    // less than 60 s should be treated as 60 s. A value that is no whole
    // number of seconds counts as absent.
    let expires_in = answer.get("expires_in").and_then(serde_json::Value::as_u64);
    let seconds = expires_in.unwrap_or(DEFAULT_EXPIRES_IN).max(60);
    Ok(Token {
        value,
        expires_at_ms: now_ms + seconds as f64 * 1000.0,
    })
}

/// What a request may be signed with.
pub struct Signer<'a> {
    /// `<base>/v2/`: only URLs under it get credentials or tokens.
    pub api_prefix: &'a str,
    pub credentials: Option<&'a BasicCredentials>,
    pub tokens: &'a TokenCache,
}

impl Signer<'_> {
    fn sign(&self, mut request: Request, now_ms: f64) -> Request {
        request.authorization = None;
        if !request.url.starts_with(self.api_prefix) {
            return request;
        }
        let cached = predicted_scope(self.api_prefix, &request)
            .and_then(|s| self.tokens.get(&normalise_scope(&s), now_ms));
        request.authorization = match cached {
            Some(token) => Some(format!("Bearer {token}").into()),
            None if self.tokens.uses_basic() => self.credentials.map(|c| c.header().into()),
            None => None,
        };
        request
    }

    /// Send `request` signed; on a Bearer challenge get a token and send it
    /// once more. A 401 that remains (no token, wrong credentials, or a
    /// token without the scope) is returned as the registry's answer, so
    /// the caller shows the sign-in form.
    pub async fn send<T: Transport>(
        &self,
        transport: &T,
        request: Request,
        now_ms: f64,
    ) -> Result<RawResponse, RegistryError> {
        let predicted = predicted_scope(self.api_prefix, &request).map(|s| normalise_scope(&s));
        if let Some(scope) = &predicted {
            // Another request is getting this token: wait for it rather
            // than collect a 401 and a token of our own.
            self.tokens.wait_for(transport, scope).await;
        }
        let signed = self.sign(request.clone(), now_ms);
        let sent = signed
            .authorization
            .as_ref()
            .map(|a| a.expose().to_string());
        let first = transport.send(signed).await?;
        if first.status != 401 || !request.url.starts_with(self.api_prefix) {
            return Ok(first);
        }
        let challenges = first
            .header("WWW-Authenticate")
            .map(|h| parse_challenges(&h))
            .unwrap_or_default();
        // Basic asked for: the credentials, once, to the registry itself.
        let basic = challenges
            .iter()
            .any(|c| matches!(c, Challenge::Basic { .. }));
        let bearer = challenges
            .iter()
            .any(|c| matches!(c, Challenge::Bearer { .. }));
        if basic && !bearer {
            if let (Some(c), true) = (self.credentials, sent.is_none()) {
                self.tokens.know_basic();
                let mut again = request;
                again.authorization = Some(c.header().into());
                return transport.send(again).await;
            }
            return Ok(first);
        }
        let challenge = challenges.into_iter().find_map(|c| match c {
            Challenge::Bearer {
                realm,
                service,
                scope,
                ..
            } => Some((realm, service, scope)),
            _ => None,
        });
        let Some((realm, service, scope)) = challenge else {
            return Ok(first);
        };
        // A registry on https sending us to a token server on plain http
        // would have the password sent in the clear: refused.
        if self.api_prefix.starts_with("https://")
            && realm.trim().to_ascii_lowercase().starts_with("http://")
        {
            return Err(RegistryError::TokenServer {
                realm,
                failure: TokenFailure::InsecureRealm,
            });
        }
        self.tokens.0.borrow_mut().uses_tokens = true;
        let key = normalise_scope(scope.as_deref().unwrap_or_default());
        // Another request may have got a fresh token meanwhile.
        self.tokens.wait_for(transport, &key).await;
        if let Some(fresh) = self.tokens.get(&key, now_ms) {
            let bearer = format!("Bearer {fresh}");
            if sent.as_deref() != Some(bearer.as_str()) {
                let mut again = request;
                again.authorization = Some(bearer.into());
                return transport.send(again).await;
            }
        }
        // A token we sent was refused (expired early, revoked, or too
        // narrow): never send it again.
        self.tokens.forget(&key);
        if let Some(predicted) = &predicted {
            self.tokens.forget(predicted);
        }
        let _fetching = self.tokens.start_fetching(&key);
        let ask = token_request(
            &realm,
            service.as_deref(),
            scope.as_deref(),
            self.credentials,
        )?;
        let answer = transport.send(ask).await.map_err(|e| match e {
            // Said as it is: the fix names the realm's origin.
            e @ (RegistryError::Cancelled | RegistryError::BlockedByPolicy { .. }) => e,
            other => RegistryError::TokenServer {
                realm: realm.clone(),
                failure: TokenFailure::Request(Box::new(other)),
            },
        })?;
        match answer.status {
            200..=299 => {}
            // The credentials were refused: the registry's own 401 says
            // "sign in" (or "not accepted" once the user tried).
            401 | 403 => return Ok(first),
            status => {
                return Err(RegistryError::TokenServer {
                    realm,
                    failure: TokenFailure::Status {
                        status,
                        body: answer.body_excerpt(200),
                    },
                })
            }
        }
        let token = parse_token(&realm, &answer.body, now_ms)?;
        let bearer = format!("Bearer {}", token.value);
        self.tokens.put(key.clone(), token.clone());
        if let Some(predicted) = predicted.filter(|p| *p != key) {
            self.tokens.put(predicted, token);
        }
        let mut again = request;
        again.authorization = Some(bearer.into());
        transport.send(again).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{block_on, ok, Scripted};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn challenge(scope: &str) -> Result<RawResponse, RegistryError> {
        Ok(RawResponse {
            status: 401,
            status_text: "Unauthorized".into(),
            headers: vec![(
                "WWW-Authenticate".into(),
                format!(
                    "Bearer realm=\"https://auth.example/token\",service=\"reg\",scope=\"{scope}\""
                ),
            )],
            body: br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#
                .to_vec(),
        })
    }

    fn admin() -> BasicCredentials {
        BasicCredentials {
            user: "admin".into(),
            password: "pw".into(),
        }
    }

    const API: &str = "https://reg.example/v2/";

    #[test]
    fn scopes_are_normalised_and_predicted_like_distribution_names_them() {
        assert_eq!(
            normalise_scope("repository:a/b:push,pull  registry:catalog:*"),
            "registry:catalog:* repository:a/b:pull,push"
        );
        let p =
            |m: Method, path: &str| predicted_scope(API, &Request::new(m, format!("{API}{path}")));
        assert_eq!(p(Method::Get, ""), Some(String::new()));
        assert_eq!(
            p(Method::Get, "_catalog?n=1000"),
            Some("registry:catalog:*".into())
        );
        assert_eq!(
            p(Method::Head, "team/app/manifests/v1"),
            Some("repository:team/app:pull".into())
        );
        assert_eq!(
            p(Method::Delete, "team/app/manifests/sha256:ab"),
            Some("repository:team/app:delete".into())
        );
        // A repository whose name contains a marker word keeps it.
        assert_eq!(
            p(Method::Get, "x/tags/y/tags/list"),
            Some("repository:x/tags/y:pull".into())
        );
        assert_eq!(
            p(Method::Put, "a/manifests/t"),
            Some("repository:a:pull,push".into())
        );
        assert_eq!(
            predicted_scope(API, &Request::get("https://elsewhere/v2/a/tags/list")),
            None
        );
    }

    #[test]
    fn the_token_request_names_every_scope_and_only_it_gets_the_credentials() {
        let r = token_request(
            "https://auth.example/token",
            Some("my reg"),
            Some("repository:a:pull repository:b:delete"),
            Some(&admin()),
        )
        .unwrap();
        assert_eq!(
            r.url,
            "https://auth.example/token?service=my%20reg&scope=repository%3Aa%3Apull&scope=repository%3Ab%3Adelete"
        );
        assert_eq!(
            r.authorization.as_ref().map(|a| a.expose().to_string()),
            Some(admin().header())
        );
        assert!(token_request("javascript:alert(1)", None, None, None).is_err());
        let anonymous = token_request("https://a/t?x=1", None, Some("s"), None).unwrap();
        assert_eq!(anonymous.url, "https://a/t?x=1&scope=s");
        assert!(anonymous.authorization.is_none());
    }

    #[test]
    fn token_answers_are_read_with_their_lifetime() {
        let t = parse_token("r", br#"{"token":"abc","expires_in":300}"#, 1000.0).unwrap();
        assert_eq!(t.value, "abc");
        assert_eq!(t.expires_at_ms, 301_000.0);
        let t = parse_token("r", br#"{"access_token":"xyz"}"#, 0.0).unwrap();
        assert_eq!((t.value.as_str(), t.expires_at_ms), ("xyz", 60_000.0));
        for (bad, failure) in [
            (&b"{}"[..], TokenFailure::NoToken),
            (br#"{"token":""}"#, TokenFailure::NoToken),
            (br#"{"token":"","access_token":""}"#, TokenFailure::NoToken),
            (br#"{"token":null}"#, TokenFailure::NoToken),
            (b"not json", flaw(TokenAnswerFlaw::NotJson)),
            (br#"{"token":"#, flaw(TokenAnswerFlaw::NotJson)),
            (br#"["abc"]"#, flaw(TokenAnswerFlaw::NotAnObject)),
            (br#""abc""#, flaw(TokenAnswerFlaw::NotAnObject)),
            (br#"{"token":42}"#, flaw(TokenAnswerFlaw::NotAString)),
            (
                br#"{"access_token":["x"]}"#,
                flaw(TokenAnswerFlaw::NotAString),
            ),
            (br#"{"token":"a\nb"}"#, flaw(TokenAnswerFlaw::Unprintable)),
            (br#"{"token":"a b"}"#, flaw(TokenAnswerFlaw::Unprintable)),
        ] {
            assert_eq!(
                parse_token("r", bad, 0.0).unwrap_err(),
                RegistryError::TokenServer {
                    realm: "r".into(),
                    failure
                },
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    fn flaw(flaw: TokenAnswerFlaw) -> TokenFailure {
        TokenFailure::NotAToken { flaw }
    }

    /// `access_token` is the OAuth 2 name the Docker token specification
    /// accepts for `token`: the first non-empty of the two is the token.
    #[test]
    fn an_empty_token_gives_way_to_access_token() {
        let t = parse_token("r", br#"{"token":"","access_token":"z"}"#, 0.0).unwrap();
        assert_eq!(t.value, "z");
        let t = parse_token("r", br#"{"token":null,"access_token":"z"}"#, 0.0).unwrap();
        assert_eq!(t.value, "z");
        let t = parse_token("r", br#"{"token":"a","access_token":"z"}"#, 0.0).unwrap();
        assert_eq!(t.value, "a");
        // A lifetime that is no whole number of seconds counts as absent.
        let t = parse_token("r", br#"{"token":"a","expires_in":"300"}"#, 0.0).unwrap();
        assert_eq!(t.expires_at_ms, DEFAULT_EXPIRES_IN as f64 * 1000.0);
    }

    #[test]
    fn a_bearer_challenge_gets_a_token_for_its_scope_which_is_reused_until_it_expires() {
        let t = Scripted::new(vec![
            challenge("repository:team/app:pull"),
            ok(r#"{"token":"T1","expires_in":300}"#, None),
            ok(r#"{"name":"team/app","tags":["v1"]}"#, None),
            // second request: the cached token goes along at once
            ok(r#"{"name":"team/app","tags":["v1"]}"#, None),
            // after it expired: no token sent, 401, a new token
            challenge("repository:team/app:pull"),
            ok(r#"{"token":"T2"}"#, None),
            ok(r#"{"name":"team/app","tags":["v1"]}"#, None),
        ]);
        let tokens = TokenCache::default();
        let creds = admin();
        let signer = Signer {
            api_prefix: API,
            credentials: Some(&creds),
            tokens: &tokens,
        };
        let url = format!("{API}team/app/tags/list");
        let r = block_on(signer.send(&t, Request::get(&url), 0.0)).unwrap();
        assert_eq!(r.status, 200);
        let r = block_on(signer.send(&t, Request::get(&url), 200_000.0)).unwrap();
        assert_eq!(r.status, 200);
        let r = block_on(signer.send(&t, Request::get(&url), 400_000.0)).unwrap();
        assert_eq!(r.status, 200);
        let asked = t.asked.borrow();
        let auth: Vec<Option<String>> = asked
            .iter()
            .map(|r| r.authorization.as_ref().map(|a| a.expose().to_string()))
            .collect();
        assert_eq!(
            asked[1].url,
            "https://auth.example/token?service=reg&scope=repository%3Ateam%2Fapp%3Apull"
        );
        assert_eq!(
            auth,
            vec![
                None,                 // first try: no challenge seen, nothing sent
                Some(creds.header()), // to the realm
                Some("Bearer T1".into()),
                Some("Bearer T1".into()), // cached
                None,                     // expired: not sent, nor the password
                Some(creds.header()),     // to the realm
                Some("Bearer T2".into()),
            ]
        );
    }

    #[test]
    fn a_refused_token_is_dropped_and_a_wrong_password_leaves_the_401() {
        let tokens = TokenCache::default();
        tokens.put(
            "repository:a:delete".into(),
            Token {
                value: "OLD".into(),
                expires_at_ms: 1e12,
            },
        );
        let t = Scripted::new(vec![
            challenge("repository:a:delete"),
            Ok(RawResponse {
                status: 401,
                ..RawResponse::default()
            }),
        ]);
        let signer = Signer {
            api_prefix: API,
            credentials: None,
            tokens: &tokens,
        };
        let r = block_on(signer.send(
            &t,
            Request::new(Method::Delete, format!("{API}a/manifests/sha256:00")),
            0.0,
        ))
        .unwrap();
        // The registry's 401 comes back (the UI asks to sign in).
        assert_eq!(r.status, 401);
        assert!(tokens.is_empty(), "the refused token is gone");
        let asked = t.asked.borrow();
        assert_eq!(
            asked[0]
                .authorization
                .as_ref()
                .map(|a| a.expose().to_string()),
            Some("Bearer OLD".into())
        );
        assert!(asked[1].authorization.is_none(), "anonymous token request");
        assert_eq!(asked.len(), 2, "no third attempt without a token");
    }

    #[test]
    fn nothing_outside_the_api_is_signed_and_a_broken_token_server_is_named() {
        let tokens = TokenCache::default();
        let creds = admin();
        let signer = Signer {
            api_prefix: API,
            credentials: Some(&creds),
            tokens: &tokens,
        };
        let t = Scripted::new(vec![challenge("x")]);
        let r = block_on(signer.send(&t, Request::get("https://cdn.example/blob"), 0.0)).unwrap();
        assert_eq!(r.status, 401, "outside the API a 401 is just an answer");
        assert!(t.asked.borrow()[0].authorization.is_none());

        let t = Scripted::new(vec![
            challenge("registry:catalog:*"),
            Ok(RawResponse {
                status: 502,
                body: b"<html>bad gateway</html>".to_vec(),
                ..RawResponse::default()
            }),
        ]);
        let e = block_on(signer.send(&t, Request::get(format!("{API}_catalog")), 0.0)).unwrap_err();
        match e {
            RegistryError::TokenServer { realm, failure } => {
                assert_eq!(realm, "https://auth.example/token");
                assert!(
                    matches!(failure, TokenFailure::Status { status: 502, .. }),
                    "{failure:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    /// Another request's token arrives while ours waits for its 401: ours
    /// uses it instead of asking the token server again.
    #[test]
    fn a_token_fetched_meanwhile_by_another_request_is_used() {
        struct Meanwhile {
            inner: Scripted,
            tokens: TokenCache,
        }
        impl Transport for Meanwhile {
            async fn send(&self, request: Request) -> Result<RawResponse, RegistryError> {
                if self.inner.asked.borrow().is_empty() {
                    self.tokens.put(
                        "repository:a:pull".into(),
                        Token {
                            value: "THEIRS".into(),
                            expires_at_ms: 1e12,
                        },
                    );
                }
                self.inner.send(request).await
            }
        }
        let tokens = TokenCache::default();
        let t = Meanwhile {
            inner: Scripted::new(vec![
                challenge("repository:a:pull"),
                ok(r#"{"name":"a","tags":["v1"]}"#, None),
            ]),
            tokens: tokens.clone(),
        };
        let signer = Signer {
            api_prefix: API,
            credentials: None,
            tokens: &tokens,
        };
        let r = block_on(signer.send(&t, Request::get(format!("{API}a/tags/list")), 0.0)).unwrap();
        assert_eq!(r.status, 200);
        let asked = t.inner.asked.borrow();
        assert_eq!(asked.len(), 2, "no token request of our own");
        assert_eq!(
            asked[1]
                .authorization
                .as_ref()
                .map(|a| a.expose().to_string()),
            Some("Bearer THEIRS".into())
        );
    }

    #[test]
    fn basic_credentials_go_only_after_a_basic_challenge() {
        let basic = || {
            Ok(RawResponse {
                status: 401,
                status_text: "Unauthorized".into(),
                headers: vec![("WWW-Authenticate".into(), "Basic realm=\"registry\"".into())],
                body: vec![],
            })
        };
        let t = Scripted::new(vec![
            basic(),
            ok(r#"{"name":"team/app","tags":["v1"]}"#, None),
            ok(r#"{"name":"team/app","tags":["v1"]}"#, None),
        ]);
        let tokens = TokenCache::default();
        let creds = admin();
        let signer = Signer {
            api_prefix: API,
            credentials: Some(&creds),
            tokens: &tokens,
        };
        let url = format!("{API}team/app/tags/list");
        assert_eq!(
            block_on(signer.send(&t, Request::get(&url), 0.0))
                .unwrap()
                .status,
            200
        );
        assert_eq!(
            block_on(signer.send(&t, Request::get(&url), 0.0))
                .unwrap()
                .status,
            200
        );
        let auth: Vec<Option<String>> = t
            .asked
            .borrow()
            .iter()
            .map(|r| r.authorization.as_ref().map(|a| a.expose().to_string()))
            .collect();
        // Nothing before the challenge; then Basic, also up front.
        assert_eq!(auth, vec![None, Some(creds.header()), Some(creds.header())]);
    }

    #[test]
    fn a_token_realm_on_plain_http_for_an_https_registry_is_refused() {
        let t = Scripted::new(vec![Ok(RawResponse {
            status: 401,
            status_text: "Unauthorized".into(),
            headers: vec![(
                "WWW-Authenticate".into(),
                "Bearer realm=\"http://auth.example/token\",service=\"reg\"".into(),
            )],
            body: vec![],
        })]);
        let tokens = TokenCache::default();
        let creds = admin();
        let signer = Signer {
            api_prefix: API,
            credentials: Some(&creds),
            tokens: &tokens,
        };
        let r = block_on(signer.send(&t, Request::get(format!("{API}_catalog")), 0.0));
        assert!(
            matches!(
                r,
                Err(RegistryError::TokenServer {
                    failure: TokenFailure::InsecureRealm,
                    ..
                })
            ),
            "{r:?}"
        );
        // Only the registry was asked, never the realm.
        assert_eq!(t.asked.borrow().len(), 1);
    }
}
