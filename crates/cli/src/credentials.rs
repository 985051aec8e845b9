//! Credentials found the way container tools find them, in this order:
//! `--username` with `--password-stdin`; `SHIPSHAPE_USERNAME` and
//! `SHIPSHAPE_PASSWORD`; the Docker client's `config.json` (`credHelpers`,
//! then `credsStore`, through `docker-credential-<name> get`, then `auths`);
//! `REGISTRY_AUTH_FILE` (podman's and skopeo's `auth.json`, same shape).
//! None of them is ever printed: only where they came from.

use base64::Engine;
use registry::auth::BasicCredentials;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the credentials came from (said in `-v` output and errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flags,
    Environment,
    ConfigFile(PathBuf),
    Helper(String),
    Anonymous,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flags => f.write_str("--username and --password-stdin"),
            Source::Environment => f.write_str("SHIPSHAPE_USERNAME and SHIPSHAPE_PASSWORD"),
            Source::ConfigFile(p) => write!(f, "{}", p.display()),
            Source::Helper(h) => write!(f, "docker-credential-{h}"),
            Source::Anonymous => f.write_str("no credentials"),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum CredentialError {
    /// `--username` without `--password-stdin`, or the reverse.
    Incomplete(&'static str),
    Stdin(String),
    ConfigUnreadable {
        path: PathBuf,
        detail: String,
    },
    /// An `auth` entry that is not base64 of `user:password`.
    BadAuthEntry {
        path: PathBuf,
        key: String,
    },
    Helper {
        helper: String,
        detail: String,
    },
    /// Docker's identity tokens (OAuth refresh tokens) need a flow the
    /// registry API does not define for Basic auth.
    IdentityToken {
        source: String,
    },
}

impl std::fmt::Display for CredentialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CredentialError::Incomplete(what) => f.write_str(what),
            CredentialError::Stdin(e) => write!(f, "could not read the password from standard input: {e}"),
            CredentialError::ConfigUnreadable { path, detail } => write!(
                f,
                "could not read {}: {detail}. Fix the file or pass --docker-config with another one.",
                path.display()
            ),
            CredentialError::BadAuthEntry { path, key } => write!(
                f,
                "the \"auth\" entry for {key} in {} is not base64 of user:password. Log in again (docker login / podman login) or remove it.",
                path.display()
            ),
            CredentialError::Helper { helper, detail } => write!(
                f,
                "the credential helper docker-credential-{helper} failed: {detail}. Check that it is on PATH and that you are logged in (docker login)."
            ),
            CredentialError::IdentityToken { source } => write!(
                f,
                "{source} holds an identity token, not a password. Pass --username with --password-stdin (for example a robot account) instead."
            ),
        }
    }
}

/// What the command line said about credentials.
#[derive(Default)]
pub struct Given {
    pub username: Option<String>,
    pub password_stdin: bool,
    /// `--docker-config`: a `config.json` to read instead of the default.
    pub docker_config: Option<PathBuf>,
}

/// How to look things up; tests replace the environment and helpers.
pub struct Lookup<'a> {
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub stdin: &'a dyn Fn() -> std::io::Result<String>,
    /// The program for helper `name`.
    pub helper: &'a dyn Fn(&str) -> PathBuf,
}

pub fn system_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

pub fn read_stdin_line() -> std::io::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn helper_on_path(name: &str) -> PathBuf {
    PathBuf::from(format!("docker-credential-{name}"))
}

/// Find credentials for the registry at `base` (`https://host:port`).
pub fn find(
    base: &str,
    given: &Given,
    lookup: &Lookup,
) -> Result<(Option<BasicCredentials>, Source), CredentialError> {
    match (&given.username, given.password_stdin) {
        (Some(user), true) => {
            let password = (lookup.stdin)().map_err(|e| CredentialError::Stdin(e.to_string()))?;
            return Ok((Some(creds(user, &password)), Source::Flags));
        }
        (Some(_), false) => {
            return Err(CredentialError::Incomplete(
                "--username needs --password-stdin (the password is read from standard input, never from the command line)",
            ))
        }
        (None, true) => {
            return Err(CredentialError::Incomplete(
                "--password-stdin needs --username",
            ))
        }
        (None, false) => {}
    }
    if let (Some(user), Some(password)) = (
        (lookup.env)("SHIPSHAPE_USERNAME"),
        (lookup.env)("SHIPSHAPE_PASSWORD"),
    ) {
        return Ok((Some(creds(&user, &password)), Source::Environment));
    }
    let host = host_of(base);
    let mut files = Vec::new();
    match &given.docker_config {
        Some(p) => files.push((p.clone(), true)),
        None => {
            if let Some(dir) = (lookup.env)("DOCKER_CONFIG") {
                files.push((Path::new(&dir).join("config.json"), false));
            } else if let Some(home) = (lookup.env)("HOME") {
                files.push((Path::new(&home).join(".docker/config.json"), false));
            }
            if let Some(auth_file) = (lookup.env)("REGISTRY_AUTH_FILE") {
                files.push((PathBuf::from(auth_file), true));
            }
        }
    }
    for (path, must_exist) in files {
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(CredentialError::ConfigUnreadable {
                    path,
                    detail: e.to_string(),
                })
            }
        };
        let config: DockerConfig =
            serde_json::from_slice(&text).map_err(|e| CredentialError::ConfigUnreadable {
                path: path.clone(),
                detail: e.to_string(),
            })?;
        if let Some(found) = from_config(&config, &path, &host, lookup)? {
            return Ok(found);
        }
    }
    Ok((None, Source::Anonymous))
}

fn creds(user: &str, password: &str) -> BasicCredentials {
    BasicCredentials {
        user: user.to_string(),
        password: password.to_string(),
    }
}

#[derive(Deserialize, Default)]
struct DockerConfig {
    #[serde(default)]
    auths: BTreeMap<String, AuthEntry>,
    #[serde(default, rename = "credHelpers")]
    cred_helpers: BTreeMap<String, String>,
    #[serde(default, rename = "credsStore")]
    creds_store: Option<String>,
}

#[derive(Deserialize, Default)]
struct AuthEntry {
    auth: Option<String>,
    username: Option<String>,
    password: Option<String>,
    identitytoken: Option<String>,
}

#[derive(Deserialize)]
struct HelperAnswer {
    #[serde(rename = "Username")]
    username: String,
    #[serde(rename = "Secret")]
    secret: String,
}

/// `host:port` of a URL, lower case (the key container tools store).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Does a config key (`host:port`, `https://host:port/v1/`, …) name `host`?
fn key_names(key: &str, host: &str) -> bool {
    let k = host_of(key);
    k == host || (host == "registry-1.docker.io" && (k == "index.docker.io" || k == "docker.io"))
}

fn from_config(
    config: &DockerConfig,
    path: &Path,
    host: &str,
    lookup: &Lookup,
) -> Result<Option<(Option<BasicCredentials>, Source)>, CredentialError> {
    let helper = config
        .cred_helpers
        .iter()
        .find(|(k, _)| key_names(k, host))
        .map(|(_, h)| h.clone())
        .or_else(|| config.creds_store.clone());
    if let Some(helper) = helper {
        if let Some(found) = ask_helper(&helper, host, lookup)? {
            return Ok(Some((Some(found), Source::Helper(helper))));
        }
    }
    let Some((key, entry)) = config.auths.iter().find(|(k, _)| key_names(k, host)) else {
        return Ok(None);
    };
    let source = Source::ConfigFile(path.to_path_buf());
    if let (Some(user), Some(password)) = (&entry.username, &entry.password) {
        return Ok(Some((Some(creds(user, password)), source)));
    }
    if let Some(auth) = entry.auth.as_deref().filter(|a| !a.is_empty()) {
        let bad = || CredentialError::BadAuthEntry {
            path: path.to_path_buf(),
            key: key.clone(),
        };
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth.trim())
            .map_err(|_| bad())?;
        let text = String::from_utf8(decoded).map_err(|_| bad())?;
        let (user, password) = text.split_once(':').ok_or_else(bad)?;
        return Ok(Some((Some(creds(user, password)), source)));
    }
    if entry.identitytoken.is_some() {
        return Err(CredentialError::IdentityToken {
            source: path.display().to_string(),
        });
    }
    Ok(None)
}

/// `docker-credential-<helper> get`, the server on standard input. `None`
/// when the helper has nothing for this server.
fn ask_helper(
    helper: &str,
    host: &str,
    lookup: &Lookup,
) -> Result<Option<BasicCredentials>, CredentialError> {
    let failed = |detail: String| CredentialError::Helper {
        helper: helper.to_string(),
        detail,
    };
    let mut child = Command::new((lookup.helper)(helper))
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(host.as_bytes())
            .map_err(|e| failed(e.to_string()))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        // The helpers' own words for "nothing stored for this server".
        if said.to_ascii_lowercase().contains("credentials not found") {
            return Ok(None);
        }
        return Err(failed(format!(
            "exit status {}{}",
            out.status.code().unwrap_or(-1),
            // Helpers do not echo secrets on failure; keep it short anyway.
            said.lines()
                .next()
                .map(|l| format!(": {}", registry::response::excerpt(l, 200)))
                .unwrap_or_default()
        )));
    }
    let answer: HelperAnswer = serde_json::from_slice(&out.stdout)
        .map_err(|e| failed(format!("its answer is not the JSON helpers give ({e})")))?;
    if answer.username == "<token>" {
        return Err(CredentialError::IdentityToken {
            source: format!("docker-credential-{helper}"),
        });
    }
    Ok(Some(creds(&answer.username, &answer.secret)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "shipshape-cli-{label}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn find_with(
        base: &str,
        given: &Given,
        env: &[(&str, &str)],
        helper_dir: &Path,
    ) -> Result<(Option<BasicCredentials>, Source), CredentialError> {
        let env: BTreeMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let helper_dir = helper_dir.to_path_buf();
        find(
            base,
            given,
            &Lookup {
                env: &|k| env.get(k).cloned(),
                stdin: &|| Ok("from-stdin".into()),
                helper: &|name| helper_dir.join(format!("docker-credential-{name}")),
            },
        )
    }

    fn user_pass(c: Option<BasicCredentials>) -> Option<(String, String)> {
        c.map(|c| (c.user, c.password))
    }

    #[test]
    fn flags_come_first_and_need_each_other() {
        let dir = temp("flags");
        let given = Given {
            username: Some("ci".into()),
            password_stdin: true,
            docker_config: None,
        };
        let (c, s) = find_with(
            "https://reg.example",
            &given,
            &[("SHIPSHAPE_USERNAME", "env"), ("SHIPSHAPE_PASSWORD", "x")],
            &dir,
        )
        .unwrap();
        assert_eq!(user_pass(c), Some(("ci".into(), "from-stdin".into())));
        assert_eq!(s, Source::Flags);
        let only_user = Given {
            username: Some("ci".into()),
            ..Given::default()
        };
        assert!(matches!(
            find_with("https://reg.example", &only_user, &[], &dir),
            Err(CredentialError::Incomplete(_))
        ));
        let (c, s) = find_with(
            "https://reg.example",
            &Given::default(),
            &[("SHIPSHAPE_USERNAME", "env"), ("SHIPSHAPE_PASSWORD", "pw")],
            &dir,
        )
        .unwrap();
        assert_eq!(user_pass(c), Some(("env".into(), "pw".into())));
        assert_eq!(s, Source::Environment);
    }

    #[test]
    fn docker_config_auths_match_the_host_in_any_spelling() {
        let dir = temp("auths");
        let auth = base64::engine::general_purpose::STANDARD.encode("alice:s3:cret");
        std::fs::write(
            dir.join("config.json"),
            format!(
                r#"{{"auths":{{"https://other.example":{{"auth":"{auth}"}},
                    "https://reg.example:5000/v1/":{{"auth":"{auth}"}}}}}}"#
            ),
        )
        .unwrap();
        let env = [("DOCKER_CONFIG", dir.to_str().unwrap())];
        let (c, s) = find_with("http://REG.example:5000", &Given::default(), &env, &dir).unwrap();
        // The password keeps its own colons.
        assert_eq!(user_pass(c), Some(("alice".into(), "s3:cret".into())));
        assert_eq!(s, Source::ConfigFile(dir.join("config.json")));
        // Another port is another registry.
        let (c, s) = find_with("http://reg.example:5001", &Given::default(), &env, &dir).unwrap();
        assert_eq!((c, s), (None, Source::Anonymous));
        // No config at all is anonymous, not an error.
        let (c, _) = find_with(
            "http://reg.example:5000",
            &Given::default(),
            &[("HOME", "/nonexistent")],
            &dir,
        )
        .unwrap();
        assert!(c.is_none());
    }

    #[test]
    fn broken_entries_and_files_are_errors_that_name_the_file_not_the_secret() {
        let dir = temp("broken");
        std::fs::write(
            dir.join("config.json"),
            r#"{"auths":{"reg.example":{"auth":"bm90LWEtcGFpcg=="}}}"#,
        )
        .unwrap();
        let env = [("DOCKER_CONFIG", dir.to_str().unwrap())];
        let e = find_with("https://reg.example", &Given::default(), &env, &dir).unwrap_err();
        assert!(matches!(e, CredentialError::BadAuthEntry { .. }));
        assert!(!e.to_string().contains("not-a-pair"));
        std::fs::write(dir.join("config.json"), "{not json").unwrap();
        let e = find_with("https://reg.example", &Given::default(), &env, &dir).unwrap_err();
        assert!(e.to_string().contains("config.json"), "{e}");
        // An explicit file must exist.
        let given = Given {
            docker_config: Some(dir.join("missing.json")),
            ..Given::default()
        };
        assert!(matches!(
            find_with("https://reg.example", &given, &[], &dir),
            Err(CredentialError::ConfigUnreadable { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn credential_helpers_are_asked_with_the_host_on_stdin() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp("helper");
        let script = dir.join("docker-credential-fake");
        std::fs::write(
            &script,
            "#!/bin/sh\nread host\nif [ \"$host\" = reg.example:5000 ]; then\n  echo '{\"ServerURL\":\"reg.example:5000\",\"Username\":\"bob\",\"Secret\":\"tok\"}'\nelse\n  echo 'credentials not found in native keychain'; exit 1\nfi\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(
            dir.join("config.json"),
            r#"{"credHelpers":{"reg.example:5000":"fake"},"credsStore":"fake"}"#,
        )
        .unwrap();
        let env = [("DOCKER_CONFIG", dir.to_str().unwrap())];
        let (c, s) = find_with("https://reg.example:5000", &Given::default(), &env, &dir).unwrap();
        assert_eq!(user_pass(c), Some(("bob".into(), "tok".into())));
        assert_eq!(s, Source::Helper("fake".into()));
        // The store has nothing for another host: anonymous.
        let (c, _) = find_with("https://elsewhere", &Given::default(), &env, &dir).unwrap();
        assert!(c.is_none());
        // A helper that is not there is an error that says so.
        std::fs::write(dir.join("config.json"), r#"{"credsStore":"absent"}"#).unwrap();
        let e = find_with("https://reg.example:5000", &Given::default(), &env, &dir).unwrap_err();
        assert!(matches!(e, CredentialError::Helper { .. }), "{e:?}");
    }
}
