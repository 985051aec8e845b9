//! The commands. Each reads like what it prints: the protocol work is the
//! core's (`registry`), the words are `explain`'s, the layout `output`'s.

mod browse;
mod clean;
mod copy;
mod diff;
mod rm;
mod run;

use crate::credentials::{self, CredentialError, Given, Lookup};
use crate::explain::{self, Explanation};
use crate::transport::{Http, Native, Settings};
use crate::{exit, Cli, Command};
use registry::client::Registry;
use registry::error::RegistryError;
use registry::plan_file::PlanFileError;
use std::io::IsTerminal;

/// What a command needs: the registry, a signed transport, how to print.
pub struct Ctx {
    pub registry: Registry,
    pub t: Native,
    pub json: bool,
    pub concurrency: usize,
    pub progress: Progress,
}

/// Why a command could not do its work.
pub enum Failure {
    Usage(Explanation),
    Registry(RegistryError),
    Credentials(CredentialError),
    Plan(PlanFileError),
}

impl From<RegistryError> for Failure {
    fn from(e: RegistryError) -> Self {
        Failure::Registry(e)
    }
}

impl Failure {
    pub fn usage(what: impl Into<String>, fix: Option<&str>) -> Failure {
        Failure::Usage(Explanation {
            what: what.into(),
            fix: fix.map(String::from),
        })
    }

    fn explain(&self) -> Explanation {
        match self {
            Failure::Usage(e) => e.clone(),
            Failure::Registry(e) => explain::registry_error(e),
            Failure::Credentials(e) => Explanation {
                what: e.to_string(),
                fix: None,
            },
            Failure::Plan(e) => explain::plan_file(e),
        }
    }

    fn code(&self) -> i32 {
        match self {
            Failure::Usage(_) | Failure::Credentials(_) | Failure::Plan(_) => exit::USAGE,
            Failure::Registry(RegistryError::InvalidReference { .. }) => exit::USAGE,
            Failure::Registry(_) => exit::REGISTRY,
        }
    }
}

/// Progress on standard error: one rewritten line on a terminal, plain
/// lines in a pipe, nothing with `--quiet`.
pub struct Progress {
    terminal: bool,
    quiet: bool,
}

impl Progress {
    /// Where things stand (rewritten in place on a terminal).
    pub fn status(&self, message: &str) {
        if self.quiet {
            return;
        }
        let message = crate::output::safe(message);
        if self.terminal {
            eprint!("\r\x1b[2K{message}");
        } else {
            eprintln!("{message}");
        }
    }

    /// A line that stays (an outcome).
    pub fn line(&self, message: &str) {
        if self.quiet {
            return;
        }
        let message = crate::output::safe(message);
        if self.terminal {
            eprintln!("\r\x1b[2K{message}");
        } else {
            eprintln!("{message}");
        }
    }

    /// The status line cleared before the results are printed.
    pub fn done(&self) {
        if self.terminal && !self.quiet {
            eprint!("\r\x1b[2K");
        }
    }
}

pub async fn main(cli: Cli) -> i32 {
    match dispatch(cli).await {
        Ok(code) => code,
        Err(f) => {
            eprintln!("{}", f.explain().render());
            f.code()
        }
    }
}

async fn dispatch(cli: Cli) -> Result<i32, Failure> {
    // `apply` may take the registry from the plan file.
    let plan = match &cli.command {
        Command::Apply(a) => Some(clean::read_plan(&a.plan)?),
        _ => None,
    };
    let base = match (&cli.registry, &plan) {
        (Some(r), _) => r.clone(),
        (None, Some(p)) => p.registry.clone(),
        (None, None) => {
            return Err(Failure::usage(
                "which registry? Give --registry URL (or set SHIPSHAPE_REGISTRY)",
                Some("e.g. --registry https://registry.example.com"),
            ))
        }
    };
    let base = base_url(&base)?;
    let named_by_plan = cli.registry.is_none();
    let ctx = connect(&cli, &base, named_by_plan)?;
    match cli.command {
        Command::Repos { pattern } => browse::repos(&ctx, pattern.as_deref()).await,
        Command::Tags {
            repository,
            names_only,
        } => browse::tags(&ctx, &repository, names_only).await,
        Command::Inspect { reference } => browse::inspect(&ctx, &reference).await,
        Command::Storage { pattern } => browse::storage(&ctx, pattern.as_deref()).await,
        Command::Plan(args) => clean::plan(&ctx, &args).await,
        Command::Apply(args) => {
            let plan = plan.expect("read above");
            clean::apply(&ctx, plan, &args).await
        }
        Command::Rm(args) => rm::rm(&ctx, &args).await,
        Command::Tag(args) => copy::tag(&ctx, &args).await,
        Command::Copy(args) => copy::copy(&ctx, &args).await,
        Command::Diff(args) => diff::diff(&ctx, &args.a, &args.b, args.platform.as_deref()).await,
    }
}

/// `https://host[:port]` with no trailing slash or path after `/v2`.
fn base_url(input: &str) -> Result<String, Failure> {
    let trimmed = input.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix("/v2").unwrap_or(trimmed);
    let authority = trimmed.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    if authority.contains('@') {
        return Err(Failure::usage(
            "a registry address must not carry a user name or password (they would end up in plan files, reports and the process list)",
            Some("Give the address without them and the user with --username; the password comes from --password-stdin, SHIPSHAPE_PASSWORD or a Docker config."),
        ));
    }
    if !(trimmed.starts_with("http://") || trimmed.starts_with("https://"))
        || trimmed.contains(char::is_whitespace)
        || trimmed.split_once("://").is_some_and(|(_, h)| h.is_empty())
    {
        return Err(Failure::usage(
            format!(
                "\"{}\" is not a registry address",
                crate::output::safe(&registry::response::excerpt(input, 200))
            ),
            Some("Give it with its scheme: https://registry.example.com or http://127.0.0.1:5000."),
        ));
    }
    Ok(trimmed.to_string())
}

/// Connect to `base`. `named_by_plan`: the address came from a plan file,
/// not from `--registry` or `SHIPSHAPE_REGISTRY`; credentials from flags
/// or the environment are then not sent there (a plan file shared for
/// review could name any host).
fn connect(cli: &Cli, base: &str, named_by_plan: bool) -> Result<Ctx, Failure> {
    let given = Given {
        username: cli.username.clone(),
        password_stdin: cli.password_stdin,
        docker_config: cli.docker_config.clone(),
    };
    let (credentials, source) = credentials::find(
        base,
        &given,
        &Lookup {
            env: &credentials::system_env,
            stdin: &credentials::read_stdin_line,
            helper: &credentials::helper_on_path,
        },
    )
    .map_err(Failure::Credentials)?;
    if named_by_plan
        && credentials.is_some()
        && matches!(
            source,
            credentials::Source::Flags | credentials::Source::Environment
        )
    {
        return Err(Failure::usage(
            format!(
                "the plan file names the registry {}; credentials from {source} go only to a registry named with --registry or SHIPSHAPE_REGISTRY",
                crate::output::safe(base)
            ),
            Some("Check the plan's registry, then give the same address with --registry to send your credentials there."),
        ));
    }
    let mut ca_certificates = Vec::new();
    if let Some(path) = &cli.ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display()), None))?;
        ca_certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            Failure::usage(
                format!("{} holds no PEM certificates: {e}", path.display()),
                None,
            )
        })?;
    }
    let http = Http::new(
        Settings {
            concurrency: cli.concurrency,
            timeout_seconds: cli.timeout,
            ca_certificates,
        },
        cli.quiet,
    )
    .map_err(|e| Failure::usage(format!("could not set up HTTP: {e}"), None))?;
    Ok(Ctx {
        registry: Registry::new(base).with_protected(registry::retention::Pattern::parse(
            cli.protect.as_deref().unwrap_or(""),
        )),
        t: Native::new(http, base, credentials),
        json: cli.json,
        concurrency: cli.concurrency.max(1),
        progress: Progress {
            terminal: std::io::stderr().is_terminal(),
            quiet: cli.quiet,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_addresses_need_a_scheme_and_lose_their_tail() {
        assert_eq!(
            base_url("https://reg.example/").ok(),
            Some("https://reg.example".into())
        );
        assert_eq!(
            base_url("http://127.0.0.1:5000/v2/").ok(),
            Some("http://127.0.0.1:5000".into())
        );
        assert!(base_url("reg.example:5000").is_err());
        assert!(base_url("https://").is_err());
        assert!(base_url("https://reg example").is_err());
    }
}
