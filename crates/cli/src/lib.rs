//! `shipshape-cli`: Shipshape's command-line twin. The same protocol core,
//! retention planner, plan files and guarded delete engine as the web UI
//! (`registry`), on a native transport, for scheduled clean-ups.
//!
//! [`run`] is the whole program (the binary calls it; tests call it in
//! process).

pub mod commands;
pub mod credentials;
pub mod explain;
pub mod output;
pub mod transport;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Exit codes, documented in `--help` and the README.
pub mod exit {
    /// Everything asked for was done (a dry run: planned and checked).
    pub const DONE: i32 = 0;
    /// Some images were not deleted: stopped by the live check, refused,
    /// or not sent.
    pub const NOT_ALL: i32 = 1;
    /// Bad usage or input: arguments, a plan file that cannot be used, a
    /// pattern that matches nothing.
    pub const USAGE: i32 = 2;
    /// The registry could not be used: unreachable, credentials refused,
    /// deletes disabled, a broken answer.
    pub const REGISTRY: i32 = 3;
    /// Some outcomes are unknown (an answer was lost and could not be
    /// checked): look before running again.
    pub const UNKNOWN: i32 = 4;
    /// Interrupted (Ctrl-C): no new DELETE was sent after it.
    pub const INTERRUPTED: i32 = 130;
}

const EXIT_CODES: &str = "Exit codes:
  0    done (a dry run: planned and checked)
  1    some images were not deleted (stopped by the live check, refused, not sent);
       tag/copy: not written (the tag moved meanwhile, or it is protected)
  2    usage or input error (arguments, plan file, a pattern that matches nothing)
  3    registry error (unreachable, credentials refused, deletes disabled)
  4    some outcomes are unknown: check them before running again
  130  interrupted by Ctrl-C (no DELETE sent after it; the report says what was)

Credentials, first found wins: --username with --password-stdin; SHIPSHAPE_USERNAME and
SHIPSHAPE_PASSWORD; the Docker client's config.json ($DOCKER_CONFIG or ~/.docker, or
--docker-config), its credHelpers/credsStore through docker-credential-<name>, then its
auths; REGISTRY_AUTH_FILE (podman/skopeo auth.json).";

/// Browse a Docker/OCI registry and clean it up safely: every delete is
/// checked against the registry just before it is sent.
#[derive(Parser, Debug)]
#[command(name = "shipshape-cli", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// The registry's address, e.g. https://registry.example.com or
    /// http://127.0.0.1:5000.
    #[arg(long, env = "SHIPSHAPE_REGISTRY", global = true, value_name = "URL")]
    pub registry: Option<String>,
    /// User name; the password is read from standard input
    /// (--password-stdin).
    #[arg(long, global = true)]
    pub username: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long, global = true)]
    pub password_stdin: bool,
    /// A Docker config.json to read credentials from (default:
    /// $DOCKER_CONFIG/config.json, else ~/.docker/config.json).
    #[arg(long, global = true, value_name = "FILE")]
    pub docker_config: Option<PathBuf>,
    /// Requests in flight at most (the browser's cap is 6).
    #[arg(long, global = true, default_value_t = registry::schedule::IN_FLIGHT)]
    pub concurrency: usize,
    /// Seconds one request may take (default: 30 for reads, 300 for
    /// deletes).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<u32>,
    /// Also trust the certificates in this PEM file (a private CA).
    #[arg(long, global = true, value_name = "PEM")]
    pub ca_cert: Option<PathBuf>,
    /// Tags no command ever deletes, e.g. 'latest,v*.*.*,prod-*': an
    /// image carrying one is stopped with that reason (plans keep them).
    #[arg(long, env = "SHIPSHAPE_PROTECT", global = true, value_name = "GLOBS")]
    pub protect: Option<String>,
    /// Print results as JSON on standard output.
    #[arg(long, global = true)]
    pub json: bool,
    /// No progress or retry lines on standard error.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List repositories (every page of the catalog).
    Repos {
        /// Only names matching these globs, e.g. 'team/*,base/*'.
        pattern: Option<String>,
    },
    /// List a repository's tags with digest, size, date and platforms.
    Tags {
        repository: String,
        /// Only the names (one request instead of one per tag and image).
        #[arg(long)]
        names_only: bool,
    },
    /// Show one image: kind, digest, platforms, size, date, and the tags
    /// that share its digest.
    Inspect {
        /// name:tag or name@sha256:…
        reference: String,
    },
    /// Where the registry's disk goes: the total of the distinct blobs
    /// tagged images reference, and per repository its exclusive bytes
    /// (freed if all its tags went) and shared bytes.
    Storage {
        /// Only repositories matching these globs, e.g. 'team/*,base/*'.
        pattern: Option<String>,
    },
    /// Plan a clean-up (a dry run): which tags a policy keeps and which
    /// images go. Writes a plan file with --output; deletes only with
    /// --apply --yes.
    Plan(PlanArgs),
    /// Run a plan file: each image is deleted only while the tags pointing
    /// at it are the ones the plan confirmed. A dry run without --yes.
    Apply(ApplyArgs),
    /// Delete one image (its digest, so every tag sharing it goes too:
    /// they are listed first). A dry run without --yes.
    Rm(RmArgs),
    /// Add a tag to an image in its own repository (the manifest's exact
    /// bytes under the new tag: the digest does not change).
    Tag(TagArgs),
    /// Copy an image to another repository of the same registry (blobs
    /// mounted, platforms before the index; digest unchanged, checked).
    Copy(CopyArgs),
    /// Compare two images: config differences, layers lined up by digest
    /// (the shared base, what only one has), sizes, build history.
    Diff(DiffArgs),
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// name:tag or name@sha256:…, optionally with ~os/arch[/variant] to
    /// pick a platform of a multi-arch image (app:v1~linux/arm64).
    pub a: String,
    /// The other image, written the same way (any repository).
    pub b: String,
    /// The platform to take from a multi-arch image on either side, e.g.
    /// linux/amd64 or linux/arm64/v8.
    #[arg(long, value_name = "OS/ARCH")]
    pub platform: Option<String>,
}

#[derive(Args, Debug)]
pub struct TagArgs {
    /// The image: name:tag or name@sha256:…
    pub source: String,
    /// The new tag, in the same repository.
    pub tag: String,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct CopyArgs {
    /// The image: name:tag or name@sha256:…
    pub source: String,
    /// Where to: name:tag (another repository, or the same one).
    pub destination: String,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct WriteArgs {
    /// The destination tag exists: move it onto this image. It is written
    /// only while it still points where it did when it was read; a
    /// protected tag (--protect) is never overwritten.
    #[arg(long)]
    pub overwrite: bool,
    /// Show what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// copy: also carry the image's signatures, SBOMs and attestations
    /// stored under tags (cosign's sha256-<hex>.sig/.att/.sbom, the
    /// referrers tag schema's sha256-<hex>), under the same tags; an
    /// attachment tag that exists there is never overwritten.
    #[arg(long)]
    pub with_attachments: bool,
}

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Repositories: a name, or globs matched against the catalog
    /// ('team/*', 'a,b').
    #[arg(long, value_name = "PATTERN")]
    pub repos: String,
    /// Keep the newest N tags (by image date).
    #[arg(long, value_name = "N")]
    pub keep_newest: Option<usize>,
    /// Keep tags whose image is newer than D days.
    #[arg(long, value_name = "DAYS")]
    pub keep_newer_than: Option<u32>,
    /// Always keep tags matching these globs, e.g. 'latest,v*.*.*'.
    #[arg(long, value_name = "GLOBS")]
    pub always_keep: Option<String>,
    /// Only consider tags matching these globs (the rest are kept).
    #[arg(long, value_name = "GLOBS")]
    pub only_consider: Option<String>,
    /// Images without a date count as the oldest (default: kept).
    #[arg(long)]
    pub undated_as_oldest: bool,
    /// Write the plan file here (review it in the browser's clean-up page,
    /// or run it later with `apply`).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Run the plan right away (still a dry run without --yes).
    #[arg(long)]
    pub apply: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// A plan file (from `plan --output` or the clean-up page).
    pub plan: PathBuf,
    /// Refuse a plan older than this (e.g. 12h, 1d, 7d).
    #[arg(long, default_value = "1d", value_name = "AGE", value_parser = parse_age)]
    pub max_age: i64,
    /// Run a plan of any age.
    #[arg(long, conflicts_with = "max_age")]
    pub any_age: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug)]
pub struct RmArgs {
    /// name:tag or name@sha256:…
    pub reference: String,
    /// Also delete the signatures, SBOMs and attestations attached to it
    /// (cosign tags).
    #[arg(long)]
    pub with_attachments: bool,
    /// Other tags on the same image that may go with it (a DELETE by
    /// digest removes every tag on it): 'latest,stable'. With --yes, every
    /// tag that goes must be named here or in REF, or --all-tags given.
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub also: Vec<String>,
    /// Delete the image with whatever tags point at it when checked (still
    /// stopped if one is added or moved onto it after that).
    #[arg(long)]
    pub all_tags: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Really delete. Without it nothing is deleted: the registry is
    /// checked and what would be sent (and what would stop) is shown.
    #[arg(long, short)]
    pub yes: bool,
    /// Write the JSON run report (every digest's outcome) to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// `90s`, `30m`, `12h`, `7d`, or plain seconds.
pub fn parse_age(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (number, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: i64 = number
        .parse()
        .map_err(|_| format!("\"{s}\" is not an age such as 12h or 7d"))?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => return Err(format!("unknown unit \"{other}\" (use s, m, h or d)")),
    };
    Ok(n * unit)
}

/// The whole program: parse `args` (with the program name first), run,
/// return the exit code. Blocks; runs its own single-threaded runtime, so
/// call it outside any other runtime.
pub fn run(args: Vec<String>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.exit_code() {
                0 => exit::DONE,
                _ => exit::USAGE,
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return exit::USAGE;
        }
    };
    runtime.block_on(commands::main(cli))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_with_units() {
        assert_eq!(parse_age("90"), Ok(90));
        assert_eq!(parse_age("30m"), Ok(1800));
        assert_eq!(parse_age("12h"), Ok(43_200));
        assert_eq!(parse_age("7d"), Ok(604_800));
        assert!(parse_age("7w").is_err());
        assert!(parse_age("soon").is_err());
    }

    #[test]
    fn usage_errors_are_refused_before_anything_runs() {
        let parse = |a: &[&str]| Cli::try_parse_from(a.iter().map(|s| s.to_string()));
        assert_eq!(
            parse(&["shipshape-cli", "frobnicate"])
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(
            parse(&["shipshape-cli", "plan"]).unwrap_err().exit_code(),
            2
        );
        assert_eq!(
            parse(&["shipshape-cli", "--help"]).unwrap_err().exit_code(),
            0
        );
        let ok = parse(&[
            "shipshape-cli",
            "apply",
            "p.json",
            "--yes",
            "--registry",
            "http://r",
        ])
        .unwrap();
        assert!(matches!(ok.command, Command::Apply(ref a) if a.run.yes && a.max_age == 86_400));
        Cli::command_for_tests().debug_assert();
    }

    impl Cli {
        fn command_for_tests() -> clap::Command {
            <Cli as clap::CommandFactory>::command()
        }
    }
}
