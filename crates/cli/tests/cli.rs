//! The command as an operator runs it: the built binary against a real
//! registry (Debian's `docker-registry`, started per test), with skopeo as
//! the second client that moves tags between plan and apply. No browser.

use registry::plan_file::PlanFile;
use serde_json::Value;
use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{layer, rfc3339, ImageSpec, Pusher};
use shipshape_harness::{skopeo, temp_dir};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_shipshape-cli");

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The binary with a clean environment: no credentials but those a test
/// gives, a HOME of its own.
fn command(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("HOME", home)
        .env_remove("DOCKER_CONFIG")
        .env_remove("REGISTRY_AUTH_FILE")
        .env_remove("SHIPSHAPE_REGISTRY")
        .env_remove("SHIPSHAPE_USERNAME")
        .env_remove("SHIPSHAPE_PASSWORD")
        .env_remove("SHIPSHAPE_PROTECT");
    cmd
}

fn run(home: &Path, args: &[&str]) -> Out {
    run_with(command(home, args), None)
}

fn run_with(mut cmd: Command, stdin: Option<&str>) -> Out {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("shipshape-cli runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400
}

/// `tag` → an image of its own, created `days_ago`.
fn push(p: &Pusher, repo: &str, tags: &[&str], days_ago: i64) -> String {
    let spec = ImageSpec::new(
        true,
        "amd64",
        Some(rfc3339(today() - days_ago, 3600)),
        vec![layer(&[("id", format!("{repo}:{}", tags[0]).as_bytes())])],
    );
    p.image(repo, tags, &spec).expect("push").digest
}

/// r1…r6 (60 to 10 days old; `latest` shares r6's image) and `stable`
/// (70 days old). `--only-consider 'r*' --keep-newest 2` deletes r1…r4.
fn seed_app(p: &Pusher, repo: &str) -> Vec<String> {
    let mut digests = Vec::new();
    for (i, age) in [60, 50, 40, 30, 20].iter().enumerate() {
        digests.push(push(p, repo, &[&format!("r{}", i + 1)], *age));
    }
    digests.push(push(p, repo, &["r6", "latest"], 10));
    push(p, repo, &["stable"], 70);
    digests
}

fn tags(p: &Pusher, repo: &str) -> BTreeSet<String> {
    p.tags(repo).unwrap().into_iter().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn report(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("report written")).expect("report is JSON")
}

fn outcome_of(report: &Value, digest: &str) -> String {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["digest"] == digest)
        .unwrap_or_else(|| panic!("{digest} in {report:#}"))["outcome"]
        .as_str()
        .unwrap()
        .to_string()
}

const POLICY: [&str; 4] = ["--only-consider", "r*", "--keep-newest", "2"];

#[test]
fn plan_then_apply_leaves_exactly_the_kept_tags() {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let p = Pusher::new(&reg.url);
    let digests = seed_app(&p, "clean/app");
    let home = temp_dir("cli-home");
    let plan = home.join("plan.json");
    let plan_s = plan.to_str().unwrap();

    let mut args = vec!["--registry", &reg.url, "plan", "--repos", "clean/*"];
    args.extend(POLICY);
    args.extend(["--output", plan_s]);
    let out = run(&home, &args);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("4 images to delete (4 tags)"),
        "{out:?}"
    );
    assert!(out.stdout.contains("Nothing was deleted"), "{out:?}");
    let file = PlanFile::parse(&std::fs::read(&plan).unwrap()).unwrap();
    assert_eq!(file.registry, reg.url);
    let planned: BTreeSet<String> = file.repositories[0]
        .deletes
        .iter()
        .map(|d| d.digest.clone())
        .collect();
    assert_eq!(planned, digests[..4].iter().cloned().collect());

    // Without --yes: checked, nothing sent.
    let r = home.join("dry.json");
    let out = run(&home, &["apply", plan_s, "--report", r.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .contains("Dry run: 4 of 4 images would be deleted"),
        "{out:?}"
    );
    assert_eq!(report(&r)["dry_run"], true);
    assert_eq!(tags(&p, "clean/app").len(), 8);

    let r = home.join("run.json");
    let out = run(
        &home,
        &["apply", plan_s, "--yes", "--report", r.to_str().unwrap()],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("4 of 4 images deleted"), "{out:?}");
    assert_eq!(
        tags(&p, "clean/app"),
        set(&["latest", "r5", "r6", "stable"])
    );
    let rep = report(&r);
    assert_eq!(rep["format"], "shipshape-report");
    assert_eq!(rep["totals"]["gone"], 4);
    assert_eq!(rep["exit_code"], 0);
    for d in &digests[..4] {
        assert_eq!(outcome_of(&rep, d), "deleted");
    }
    for kept in ["latest", "r5", "stable"] {
        skopeo::pulls_completely(&reg.url, &format!("clean/app:{kept}")).unwrap();
    }

    // Run again: everything is already gone, and it says so.
    let out = run(&home, &["apply", plan_s, "--yes", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let rep: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(outcome_of(&rep, &digests[0]), "already-gone");
}

#[test]
fn a_tag_moved_onto_a_planned_image_stops_that_image_only() {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let p = Pusher::new(&reg.url);
    let digests = seed_app(&p, "moved/app");
    let home = temp_dir("cli-home");
    let plan = home.join("plan.json");
    let mut args = vec!["--registry", &reg.url, "plan", "--repos", "moved/app"];
    args.extend(POLICY);
    args.extend(["-o", plan.to_str().unwrap(), "--quiet"]);
    assert_eq!(run(&home, &args).code, 0);

    // A second client moves the kept `stable` onto r2's (planned) image.
    skopeo::retag(&reg.url, "moved/app:r2", "moved/app:stable").unwrap();

    // The dry run already sees it.
    let out = run(&home, &["apply", plan.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .contains("would not be sent: tag stable was moved onto it"),
        "{out:?}"
    );
    let r = home.join("run.json");
    let out = run(
        &home,
        &[
            "apply",
            plan.to_str().unwrap(),
            "--yes",
            "--report",
            r.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.contains("3 of 4 images deleted, 1 not deleted"),
        "{out:?}"
    );
    let rep = report(&r);
    assert_eq!(rep["exit_code"], 1);
    assert_eq!(rep["totals"]["not_gone"], 1);
    assert_eq!(outcome_of(&rep, &digests[1]), "moved-onto");
    for d in [&digests[0], &digests[2], &digests[3]] {
        assert_eq!(outcome_of(&rep, d), "deleted");
    }
    assert_eq!(
        tags(&p, "moved/app"),
        set(&["latest", "r2", "r5", "r6", "stable"])
    );
    skopeo::pulls_completely(&reg.url, "moved/app:stable").unwrap();
}

#[test]
fn credentials_come_from_a_docker_config_and_stdin_and_are_never_printed() {
    let reg = Registry::start(RegistryOptions {
        basic_auth: Some(("alice".into(), "s3cret-pw".into())),
        ..RegistryOptions::default()
    })
    .unwrap();
    let p = Pusher::new(&reg.url).with_basic_auth("alice", "s3cret-pw");
    let one = push(&p, "private/app", &["one"], 3);
    push(&p, "private/app", &["two"], 2);
    let home = temp_dir("cli-home");

    let out = run(&home, &["--registry", &reg.url, "tags", "private/app"]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("asks for credentials"), "{out:?}");
    assert!(out.stderr.contains("docker login"), "{out:?}");

    // docker login's config.json, in DOCKER_CONFIG.
    let docker = home.join("docker");
    std::fs::create_dir_all(&docker).unwrap();
    let host = reg.url.trim_start_matches("http://");
    std::fs::write(
        docker.join("config.json"),
        format!(
            r#"{{"auths":{{"{host}":{{"auth":"{}"}}}}}}"#,
            "YWxpY2U6czNjcmV0LXB3" // alice:s3cret-pw
        ),
    )
    .unwrap();
    let mut cmd = command(
        &home,
        &["--registry", &reg.url, "tags", "private/app", "--json"],
    );
    cmd.env("DOCKER_CONFIG", &docker);
    let out = run_with(cmd, None);
    assert_eq!(out.code, 0, "{out:?}");
    let listed: Value = serde_json::from_str(&out.stdout).unwrap();
    let names: BTreeSet<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["one", "two"].into_iter().collect());
    assert_eq!(listed[0]["tag"], "two", "newest first");

    // --username with --password-stdin; a wrong password is refused.
    let cmd = command(
        &home,
        &[
            "--registry",
            &reg.url,
            "--username",
            "alice",
            "--password-stdin",
            "rm",
            "private/app:one",
            "--yes",
        ],
    );
    let wrong = run_with(
        command(
            &home,
            &[
                "--registry",
                &reg.url,
                "--username",
                "alice",
                "--password-stdin",
                "tags",
                "private/app",
            ],
        ),
        Some("not-it\n"),
    );
    assert_eq!(wrong.code, 3, "{wrong:?}");
    let out = run_with(cmd, Some("s3cret-pw\n"));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("1 tag: one"), "{out:?}");
    assert_eq!(tags(&p, "private/app"), set(&["two"]));
    assert!(!p.manifest_exists("private/app", &one));
    for o in [&out, &wrong] {
        assert!(!o.stdout.contains("s3cret") && !o.stderr.contains("s3cret"));
        assert!(!o.stderr.contains("YWxpY2U6"));
    }
}

#[test]
fn a_registry_with_deletes_disabled_is_explained_with_the_config_line() {
    let reg = Registry::start(RegistryOptions {
        delete_enabled: false,
        ..RegistryOptions::default()
    })
    .unwrap();
    let p = Pusher::new(&reg.url);
    seed_app(&p, "nodelete/app");
    let home = temp_dir("cli-home");
    let r = home.join("run.json");
    let mut args = vec!["--registry", &reg.url, "plan", "--repos", "nodelete/app"];
    args.extend(POLICY);
    args.extend(["--apply", "--yes", "--report", r.to_str().unwrap()]);
    let out = run(&home, &args);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("405 UNSUPPORTED"), "{out:?}");
    assert!(
        out.stderr.contains("storage: delete: enabled: true"),
        "{out:?}"
    );
    let rep = report(&r);
    assert_eq!(rep["totals"]["gone"], 0);
    assert_eq!(tags(&p, "nodelete/app").len(), 8);
}

#[test]
fn bad_plans_and_patterns_get_a_message_and_exit_2() {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let p = Pusher::new(&reg.url);
    seed_app(&p, "input/app");
    let home = temp_dir("cli-home");
    let write = |name: &str, body: &str| -> PathBuf {
        let path = home.join(name);
        std::fs::write(&path, body).unwrap();
        path
    };
    let plan = home.join("plan.json");
    let mut args = vec!["--registry", &reg.url, "plan", "--repos", "input/app"];
    args.extend(POLICY);
    args.extend(["-o", plan.to_str().unwrap()]);
    assert_eq!(run(&home, &args).code, 0);
    let good = std::fs::read_to_string(&plan).unwrap();

    let cases: Vec<(PathBuf, Vec<&str>, &str)> = vec![
        (write("junk.json", "{not json"), vec![], "not readable JSON"),
        (
            write("other.json", r#"{"format":"something-else","version":1}"#),
            vec![],
            "not a Shipshape plan file",
        ),
        (
            write(
                "newer.json",
                &good.replace("\"version\": 1", "\"version\": 2"),
            ),
            vec![],
            "version 2; this shipshape-cli reads up to version 1",
        ),
        (
            plan.clone(),
            vec!["--registry", "https://elsewhere.example"],
            "the plan was made for",
        ),
        (
            home.join("missing.json"),
            vec![],
            "cannot read the plan file",
        ),
    ];
    for (path, extra, says) in cases {
        let mut args = extra.clone();
        args.extend(["apply", path.to_str().unwrap(), "--yes"]);
        let out = run(&home, &args);
        assert_eq!(out.code, 2, "{path:?}: {out:?}");
        assert!(out.stderr.contains(says), "{path:?}: {out:?}");
    }
    // Too old unless told.
    let file = PlanFile::parse(good.as_bytes()).unwrap();
    let old = good.replace(
        &format!("\"made_at\": {}", file.made_at),
        &format!("\"made_at\": {}", file.made_at - 3 * 86_400),
    );
    let old = write("old.json", &old);
    let out = run(&home, &["apply", old.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("plans older than 1d are refused"),
        "{out:?}"
    );
    let out = run(&home, &["apply", old.to_str().unwrap(), "--max-age", "7d"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(&home, &["apply", old.to_str().unwrap(), "--any-age"]);
    assert_eq!(out.code, 0, "{out:?}");

    // Patterns that name nothing.
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "plan",
            "--repos",
            "nope/*",
            "--keep-newest",
            "1",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no repository matches"), "{out:?}");
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "plan",
            "--repos",
            "input/ghost",
            "--keep-newest",
            "1",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    // No keep rule, no registry, an unreachable registry.
    let out = run(
        &home,
        &["--registry", &reg.url, "plan", "--repos", "input/app"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("say what to keep"), "{out:?}");
    let out = run(&home, &["repos"]);
    assert_eq!(out.code, 2, "{out:?}");
    let closed = format!("http://127.0.0.1:{}", shipshape_harness::closed_port());
    let out = run(&home, &["--registry", &closed, "--timeout", "5", "repos"]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("cannot reach"), "{out:?}");
    assert_eq!(tags(&p, "input/app").len(), 8, "nothing was deleted");
}

#[test]
fn browsing_lists_repositories_tags_and_what_an_image_is() {
    let reg = Registry::start(RegistryOptions {
        catalog_max_entries: 2,
        ..RegistryOptions::default()
    })
    .unwrap();
    let p = Pusher::new(&reg.url);
    let digests = seed_app(&p, "browse/app");
    for n in ["a", "b", "c"] {
        push(&p, &format!("browse/more-{n}"), &["v1"], 1);
    }
    let home = temp_dir("cli-home");
    // Three catalog pages of at most two.
    let out = run(&home, &["--registry", &reg.url, "repos"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        [
            "browse/app",
            "browse/more-a",
            "browse/more-b",
            "browse/more-c"
        ]
    );
    let out = run(
        &home,
        &["--registry", &reg.url, "repos", "*/more-?", "--json"],
    );
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);

    let out = run(&home, &["--registry", &reg.url, "tags", "browse/app"]);
    assert_eq!(out.code, 0, "{out:?}");
    let first_rows: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(first_rows, ["r6", "latest"], "{out:?}");
    assert!(out.stdout.contains("linux/amd64"), "{out:?}");
    assert!(out.stdout.contains("8 tags, 7 distinct images"), "{out:?}");

    let out = run(
        &home,
        &["--registry", &reg.url, "inspect", "browse/app:latest"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains(&digests[5]), "{out:?}");
    assert!(out.stdout.contains("latest, r6"), "{out:?}");
    assert!(out
        .stdout
        .contains("application/vnd.oci.image.manifest.v1+json"));

    // rm without --yes lists the sibling tags and deletes nothing.
    let out = run(&home, &["--registry", &reg.url, "rm", "browse/app:r6"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("2 tags: latest, r6"), "{out:?}");
    assert!(out
        .stdout
        .contains("Dry run: 1 of 1 images would be deleted"));
    assert_eq!(tags(&p, "browse/app").len(), 8);
    // A tag is never implied.
    let out = run(
        &home,
        &["--registry", &reg.url, "rm", "browse/app", "--yes"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("a tag or digest is needed"), "{out:?}");

    // In a script, a sibling tag nobody named (CI moved `latest` onto r6)
    // stops the delete: nothing is sent, the exit code and message say why.
    let out = run(
        &home,
        &["--registry", &reg.url, "rm", "browse/app:r6", "--yes"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--also latest"), "{out:?}");
    assert!(out.stderr.contains("Nothing was sent"), "{out:?}");
    assert!(tags(&p, "browse/app").contains("latest"));
    assert!(tags(&p, "browse/app").contains("r6"));
    // By digest, every tag on it is unnamed.
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "rm",
            &format!("browse/app@{}", digests[5]),
            "--yes",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(tags(&p, "browse/app").len(), 8);
    // A protected tag is never deleted, named or not.
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "--protect",
            "latest,v*",
            "rm",
            "browse/app:r6",
            "--also",
            "latest",
            "--yes",
        ],
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("protected"), "{out:?}");
    assert!(tags(&p, "browse/app").contains("latest"));
    assert!(tags(&p, "browse/app").contains("r6"));
    // Named with --also: both go, checked through the API.
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "rm",
            "browse/app:r6",
            "--also",
            "latest",
            "--yes",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let left = tags(&p, "browse/app");
    assert!(!left.contains("latest") && !left.contains("r6"), "{left:?}");
    assert_eq!(left.len(), 6);
    // --all-tags: whatever points at it when checked.
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "rm",
            &format!("browse/app@{}", digests[4]),
            "--all-tags",
            "--yes",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!tags(&p, "browse/app").contains("r5"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_new_deletes_and_reports_what_was_sent() {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let p = Pusher::new(&reg.url);
    seed_app(&p, "stop/app");
    let proxy =
        shipshape_harness::proxy::SlowProxy::start(&reg.url, Duration::from_secs(2)).unwrap();
    let home = temp_dir("cli-home");
    let r = home.join("run.json");
    let mut args = vec!["--registry", &proxy.url, "--concurrency", "1"];
    args.extend(["plan", "--repos", "stop/app"]);
    args.extend(POLICY);
    args.extend(["--apply", "--yes", "--report", r.to_str().unwrap()]);
    let mut child = command(&home, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Plain lines in a pipe: wait for the first DELETE to be under way.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut lines = stderr.lines();
    let started = Instant::now();
    loop {
        let line = lines.next().expect("progress lines").unwrap();
        if line.starts_with("[1/4] deleting") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no DELETE started"
        );
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest:#?}");
    assert!(rest.iter().any(|l| l.contains("interrupted")), "{rest:#?}");
    let rep = report(&r);
    assert_eq!(rep["interrupted"], true);
    assert_eq!(rep["totals"]["gone"], 1, "{rep:#}");
    let not_sent = rep["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["outcome"] == "not-sent")
        .count();
    assert_eq!(not_sent, 3, "{rep:#}");
    assert_eq!(tags(&p, "stop/app").len(), 7);
}

/// `team/app`: b1…b12 (12 to 1 days old), `latest` on b12, `v1.2.3` on b1.
/// The recipes' policy (newest 10, always `latest,v*.*.*`) deletes b2 only.
fn seed_team(p: &Pusher) -> String {
    let mut b2 = String::new();
    for i in 1..=12 {
        let tag = format!("b{i}");
        let mut tags = vec![tag.as_str()];
        match i {
            1 => tags.push("v1.2.3"),
            12 => tags.push("latest"),
            _ => {}
        }
        let d = push(p, "team/app", &tags, 13 - i);
        if i == 2 {
            b2 = d;
        }
    }
    b2
}

fn recipe(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../deploy/cli")
            .join(name),
    )
    .unwrap()
}

/// Run one recipe's command line as written, against a fresh registry.
fn check_recipe(label: &str, run_it: impl FnOnce(&str, &Path) -> Out) {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let p = Pusher::new(&reg.url);
    let b2 = seed_team(&p);
    let home = temp_dir("cli-recipe");
    let out = run_it(&reg.url, &home);
    assert_eq!(out.code, 0, "{label}: {out:?}");
    let left = tags(&p, "team/app");
    assert!(!left.contains("b2"), "{label}: {left:?}");
    assert_eq!(left.len(), 13, "{label}: {left:?}");
    assert!(!p.manifest_exists("team/app", &b2), "{label}");
}

fn shell(line: &str, registry: &str, home: &Path) -> Out {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut sh = Command::new("sh");
    sh.args(["-c", line])
        .env_clear()
        .env("HOME", home)
        .env("PATH", path)
        .env("SHIPSHAPE_REGISTRY", registry);
    run_with(sh, None)
}

#[test]
fn the_scheduling_recipes_in_deploy_run_as_written() {
    // crontab: the job line after its five schedule fields, `\%` as cron
    // passes it to the shell.
    let crontab = recipe("crontab");
    let job = crontab
        .lines()
        .find(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap();
    let line = job.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    check_recipe("crontab", |url, home| {
        let line = line
            .replace("\\%", "%")
            .replace("/var/log/shipshape", home.to_str().unwrap());
        let out = shell(&line, url, home);
        let reports: Vec<_> = std::fs::read_dir(home)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("cleanup-"))
            .collect();
        assert_eq!(reports.len(), 1, "one dated report");
        out
    });

    // systemd: ExecStart, with the binary where the unit expects it.
    let unit = recipe("shipshape-cleanup.service");
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap();
    check_recipe("systemd", |url, home| {
        let line = exec
            .replace("/usr/local/bin/shipshape-cli", BIN)
            .replace("/var/log/shipshape", home.to_str().unwrap());
        shell(&line, url, home)
    });

    // Kubernetes: the container's args list.
    let yaml = recipe("cronjob.yaml");
    let args: Vec<String> = yaml
        .lines()
        .skip_while(|l| l.trim() != "args:")
        .skip(1)
        .take_while(|l| l.trim_start().starts_with("- "))
        .map(|l| l.trim_start()[2..].trim_matches('"').to_string())
        .collect();
    assert!(args.contains(&"--apply".to_string()), "{args:?}");
    check_recipe("cronjob", |url, home| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut cmd = command(home, &args);
        cmd.env("SHIPSHAPE_REGISTRY", url);
        let out = run_with(cmd, None);
        let rep: Value = serde_json::from_str(&out.stdout).expect("--json prints the report");
        assert_eq!(rep["totals"]["gone"], 1);
        out
    });
}

/// A registry with `auth.token`: anonymous callers may pull; the user
/// `robot` (password `robot-pw`) may do everything. The pusher has an
/// all-rights token for `team/app`.
fn token_registry() -> (shipshape_harness::token::TokenServer, Registry, Pusher) {
    use shipshape_harness::token::TokenServer;
    let tokens = TokenServer::start(&[("robot", "robot-pw")]).unwrap();
    let reg = Registry::start(RegistryOptions {
        token_auth: Some(tokens.auth.clone()),
        ..RegistryOptions::default()
    })
    .unwrap();
    let all: &[&str] = &["pull", "push", "delete"];
    let admin = tokens
        .mint("robot", &[("repository", "team/app", all)])
        .unwrap();
    let p = Pusher::new(&reg.url).with_bearer(&admin);
    (tokens, reg, p)
}

#[test]
fn bearer_tokens_read_anonymously_and_delete_with_the_users_credentials() {
    let (tokens, reg, p) = token_registry();
    push(&p, "team/app", &["v1"], 2);
    push(&p, "team/app", &["v2"], 1);
    let home = temp_dir("cli-home");

    // Reading: anonymous pull tokens.
    let out = run(
        &home,
        &["--registry", &reg.url, "tags", "team/app", "--names-only"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "v1\nv2\n");
    // Deleting anonymously: the token has no delete; refused, explained.
    let out = run(
        &home,
        &["--registry", &reg.url, "rm", "team/app:v1", "--yes"],
    );
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("asks for credentials"), "{out:?}");
    assert_eq!(p.tags("team/app").unwrap().len(), 2);
    // With the user's credentials from the environment.
    let mut cmd = command(
        &home,
        &["--registry", &reg.url, "rm", "team/app:v1", "--yes"],
    );
    cmd.env("SHIPSHAPE_USERNAME", "robot")
        .env("SHIPSHAPE_PASSWORD", "robot-pw");
    let out = run_with(cmd, None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(p.tags("team/app").unwrap(), vec!["v2".to_string()]);
    let asked = tokens.requests();
    assert!(
        asked.iter().any(|r| r.user.as_deref() == Some("robot")
            && r.status == 200
            && r.scopes.iter().any(|s| s.contains("delete"))),
        "{asked:?}"
    );
    assert!(!out.stdout.contains("robot-pw") && !out.stderr.contains("robot-pw"));
}

/// `storage` against the disk: images sharing a layer across repositories,
/// one image under two tags and two multi-arch indexes, then `registry
/// garbage-collect` (nothing untagged was pushed): the command's total is
/// exactly the apparent size of the blob files, and a layer two
/// repositories use is shared, not exclusive.
#[test]
fn storage_total_equals_the_blob_files_on_disk_after_garbage_collection() {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let mix = shipshape_harness::seed::storage_mix(&Pusher::new(&reg.url)).unwrap();
    shipshape_harness::skopeo::garbage_collect(&reg).unwrap();
    let on_disk = reg.blob_bytes();

    let home = temp_dir("cli-storage");
    let out = run(&home, &["--registry", &reg.url, "storage", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["total"].as_u64(), Some(on_disk), "{out:?}");
    assert_eq!(v["not_counted"], serde_json::json!([]));
    let repo = |name: &str| {
        v["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {out:?}"))
            .clone()
    };
    let base_bytes = mix.base_bytes;
    for name in ["storage/app", "storage/web", "storage/tool"] {
        let r = repo(name);
        assert_eq!(r["shared"].as_u64(), Some(base_bytes), "{name}: {r}");
        assert_eq!(
            r["total"].as_u64(),
            Some(r["exclusive"].as_u64().unwrap() + base_bytes),
            "{name}: {r}"
        );
    }
    assert_eq!(
        (
            repo("storage/app")["images"].as_u64(),
            repo("storage/app")["tags"].as_u64()
        ),
        (Some(2), Some(3))
    );
    // Every byte is some repository's exclusive bytes or the shared base.
    let exclusive: u64 = ["storage/app", "storage/web", "storage/tool"]
        .iter()
        .map(|n| repo(n)["exclusive"].as_u64().unwrap())
        .sum();
    assert_eq!(exclusive + base_bytes, on_disk);
    let shared = &v["most_shared"][0];
    assert_eq!(shared["images"].as_u64(), Some(5), "{shared}");
    assert_eq!(shared["repositories"].as_u64(), Some(3), "{shared}");

    let text = run(&home, &["--registry", &reg.url, "storage", "storage/*"]);
    assert_eq!(text.code, 0, "{text:?}");
    assert!(text.stdout.contains("in 3 repositories"), "{text:?}");
    assert!(text.stdout.contains("EXCLUSIVE"), "{text:?}");
}

/// A server that records every request it receives (request line and
/// headers) and answers 401 with a Basic challenge: it would collect any
/// credentials sent to it.
struct Recorder {
    url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// A 401 with a Basic challenge: what the recorder answers by default.
const CHALLENGE: &[u8] = b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

impl Recorder {
    fn start() -> Recorder {
        Self::answering(CHALLENGE.to_vec())
    }

    /// A recorder that answers every request with `answer` (a whole HTTP
    /// response).
    fn answering(answer: Vec<u8>) -> Recorder {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    request.push_str(&line);
                }
                log.lock().unwrap().push(request);
                let _ = stream.write_all(&answer);
            }
        });
        Recorder { url, seen }
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[test]
fn credentials_go_only_to_a_registry_the_user_named() {
    let home = temp_dir("cli-home");
    let evil = Recorder::start();
    let now = today() * 86_400;
    let plan = |registry: &str, made_at: i64| {
        let path = home.join(format!("plan-{made_at}.json"));
        let body = format!(
            r#"{{"format":"shipshape-plan","version":1,"registry":"{registry}","made_at":{made_at},
               "policy":{},"repositories":[{{"name":"team/app","known_tags":["v1"],
               "deletes":[{{"digest":"sha256:{}","tags":["v1"]}}]}}]}}"#,
            serde_json::to_string(&registry::retention::Policy::default()).unwrap(),
            "a".repeat(64)
        );
        assert!(PlanFile::parse(body.as_bytes()).is_ok(), "{body}");
        std::fs::write(&path, body).unwrap();
        path
    };
    // A plan shared for review names another host; the credentials are in
    // the environment. Nothing is sent there: exit 2, said why.
    let shared = plan(&evil.url, now);
    let mut cmd = command(&home, &["apply", shared.to_str().unwrap(), "--yes"]);
    cmd.env("SHIPSHAPE_USERNAME", "robot")
        .env("SHIPSHAPE_PASSWORD", "robot-pw")
        .env_remove("SHIPSHAPE_REGISTRY");
    let out = run_with(cmd, None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--registry"), "{out:?}");
    assert!(evil.requests().is_empty(), "{:?}", evil.requests());
    // The same with --username and --password-stdin.
    let cmd = command(
        &home,
        &[
            "--username",
            "robot",
            "--password-stdin",
            "apply",
            shared.to_str().unwrap(),
            "--yes",
        ],
    );
    let out = run_with(cmd, Some("robot-pw\n"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(evil.requests().is_empty(), "{:?}", evil.requests());
    // Named with --registry, but the plan claims to be from the future.
    let future = plan(&evil.url, now + 86_400);
    let mut cmd = command(
        &home,
        &[
            "--registry",
            &evil.url,
            "apply",
            future.to_str().unwrap(),
            "--yes",
        ],
    );
    cmd.env("SHIPSHAPE_USERNAME", "robot")
        .env("SHIPSHAPE_PASSWORD", "robot-pw");
    let out = run_with(cmd, None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("from now"), "{out:?}");
    assert!(evil.requests().is_empty(), "{:?}", evil.requests());
    // User-info in the address is refused before anything is sent.
    let with_password = evil.url.replace("http://", "http://robot:robot-pw@");
    let out = run(&home, &["--registry", &with_password, "repos"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--password-stdin"), "{out:?}");
    assert!(!out.stderr.contains("robot-pw"), "{out:?}");
    assert!(evil.requests().is_empty(), "{:?}", evil.requests());
    // Named with --registry, credentials from the environment: the first
    // request carries none; Basic goes only after the registry's Basic
    // challenge (a token-auth registry never sees the password).
    let before = evil.requests().len();
    let mut cmd = command(&home, &["--registry", &evil.url, "repos"]);
    cmd.env("SHIPSHAPE_USERNAME", "robot")
        .env("SHIPSHAPE_PASSWORD", "robot-pw");
    let out = run_with(cmd, None);
    assert_ne!(out.code, 0, "{out:?}");
    let asked: Vec<String> = evil.requests()[before..].to_vec();
    assert!(asked.len() >= 2, "{asked:?}");
    assert!(
        !asked[0].to_ascii_lowercase().contains("authorization:"),
        "{asked:?}"
    );
    assert!(
        asked[1]
            .to_ascii_lowercase()
            .contains("authorization: basic"),
        "{asked:?}"
    );
    // Without credentials from flags or the environment, the plan's
    // registry is used (anonymously: a dry run, refused by it).
    let before = evil.requests().len();
    let out = run(&home, &["apply", shared.to_str().unwrap()]);
    assert!(out.stdout.contains("would not be sent"), "{out:?}");
    let asked = evil.requests()[before..].to_vec();
    assert!(!asked.is_empty());
    assert!(
        asked
            .iter()
            .all(|r| !r.to_ascii_lowercase().contains("authorization")),
        "{asked:?}"
    );
}

#[test]
fn a_registry_cannot_drive_the_terminal_with_its_error_texts() {
    let home = temp_dir("cli-home");
    // An error whose message rewrites the line and forges a summary, and
    // a realm that sets the terminal's title.
    let body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"\\u001b[2K\\r3 of 3 images deleted.\\u001b]0;pwned\\u0007\"}]}";
    let answer = format!(
        "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let hostile = Recorder::answering(answer.into_bytes());
    let realm = Recorder::answering(
        b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"http://127.0.0.1:9/\x1b]0;pwned\x07\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    );
    for url in [&hostile.url, &realm.url] {
        let out = run(&home, &["--registry", url, "repos"]);
        assert_ne!(out.code, 0, "{out:?}");
        for text in [&out.stdout, &out.stderr] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\r'),
                "{text:?}"
            );
        }
        assert!(!hostile.requests().is_empty() || !realm.requests().is_empty());
    }
}

/// A multi-platform index in `repo` under `tag`: two images sharing a
/// base layer. Returns the index's digest.
fn push_index(p: &Pusher, repo: &str, tag: &str) -> String {
    use shipshape_harness::seed::OCI_INDEX;
    let base = layer(&[("base", b"shared base layer")]);
    let mut entries = Vec::new();
    for arch in ["amd64", "arm64"] {
        let spec = ImageSpec::new(
            true,
            arch,
            Some(rfc3339(today() - 1, 60)),
            vec![base.clone(), layer(&[("app", arch.as_bytes())])],
        );
        let mut d = p.image(repo, &[], &spec).expect("push").descriptor();
        d["platform"] = serde_json::json!({"os": "linux", "architecture": arch});
        entries.push(d);
    }
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries,
    }))
    .unwrap();
    p.manifest(repo, tag, OCI_INDEX, &index)
        .expect("index")
        .digest
}

#[test]
fn tag_and_copy_keep_the_digest_and_never_overwrite_silently() {
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let p = Pusher::new(&reg.url);
    let home = temp_dir("cli-copy");
    let single = push(&p, "team/app", &["rc-17"], 3);
    let multi = push_index(&p, "team/app", "multi");
    let r = reg.url.as_str();

    // A tag added in the same repository: the same digest.
    let out = run(&home, &["--registry", r, "tag", "team/app:rc-17", "1.4.0"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("team/app:1.4.0 is new"), "{out:?}");
    assert_eq!(
        p.digest_of("team/app", "1.4.0").as_deref(),
        Some(single.as_str())
    );

    // A multi-arch image copied to another repository: every platform
    // there, the digest unchanged, and skopeo pulls every platform.
    let out = run(
        &home,
        &["--registry", r, "copy", "team/app:multi", "prod/app:1.0"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("written: prod/app:1.0 -> "), "{out:?}");
    assert!(out.stdout.contains("2 platform manifests"), "{out:?}");
    assert_eq!(
        p.digest_of("prod/app", "1.0").as_deref(),
        Some(multi.as_str())
    );
    skopeo::pulls_completely(r, "prod/app:1.0").expect("every platform pulls");

    // The tag exists: named, and not moved without --overwrite.
    let out = run(
        &home,
        &["--registry", r, "copy", "team/app:rc-17", "prod/app:1.0"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("prod/app:1.0 points at {multi} now")),
        "{out:?}"
    );
    assert!(out.stdout.contains("becomes untagged"), "{out:?}");
    assert_eq!(
        p.digest_of("prod/app", "1.0").as_deref(),
        Some(multi.as_str())
    );
    // A protected tag is never overwritten.
    let out = run(
        &home,
        &[
            "--registry",
            r,
            "--protect",
            "1.*",
            "copy",
            "team/app:rc-17",
            "prod/app:1.0",
            "--overwrite",
        ],
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("protected"), "{out:?}");
    assert_eq!(
        p.digest_of("prod/app", "1.0").as_deref(),
        Some(multi.as_str())
    );
    // A dry run writes nothing.
    let out = run(
        &home,
        &[
            "--registry",
            r,
            "copy",
            "team/app:rc-17",
            "prod/app:dry",
            "--dry-run",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(p.digest_of("prod/app", "dry"), None);
    // --overwrite moves it; the report names what it pointed at before.
    let out = run(
        &home,
        &[
            "--registry",
            r,
            "--json",
            "copy",
            "team/app:rc-17",
            "prod/app:1.0",
            "--overwrite",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let report: Value = serde_json::from_str(out.stdout.trim()).expect("JSON");
    assert_eq!(report["outcome"], "written");
    assert_eq!(report["previous"], multi.as_str());
    assert_eq!(report["digest"], single.as_str());
    assert_eq!(
        p.digest_of("prod/app", "1.0").as_deref(),
        Some(single.as_str())
    );
    // Signatures stored under tags go along when asked.
    let sig_tag = format!("{}.sig", single.replace(':', "-"));
    let sig = push(&p, "team/app", &[&sig_tag], 1);
    let out = run(
        &home,
        &[
            "--registry",
            r,
            "copy",
            "team/app:rc-17",
            "prod/app:signed",
            "--with-attachments",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("attachment {sig_tag} (sig): written")),
        "{out:?}"
    );
    assert_eq!(
        p.digest_of("prod/app", &sig_tag).as_deref(),
        Some(sig.as_str())
    );
    // A destination without a tag is a usage error.
    let out = run(
        &home,
        &[
            "--registry",
            r,
            "copy",
            "team/app:rc-17",
            &format!("prod/app@{single}"),
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn a_copy_without_push_rights_says_which_right_is_missing() {
    let (_tokens, reg, p) = token_registry();
    let digest = push(&p, "team/app", &["v1"], 2);
    let home = temp_dir("cli-home");
    // Anonymous callers may pull only: the write is refused and explained.
    let out = run(
        &home,
        &["--registry", &reg.url, "tag", "team/app:v1", "v1-copy"],
    );
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("writing the tag failed"), "{out:?}");
    assert!(out.stderr.contains("push rights"), "{out:?}");
    // With the user's credentials it is written.
    let mut cmd = command(
        &home,
        &["--registry", &reg.url, "tag", "team/app:v1", "v1-copy"],
    );
    cmd.env("SHIPSHAPE_USERNAME", "robot")
        .env("SHIPSHAPE_PASSWORD", "robot-pw");
    let out = run_with(cmd, None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        p.digest_of("team/app", "v1-copy").as_deref(),
        Some(digest.as_str())
    );
}

/// Layer digests of an image as skopeo reads its manifest.
fn layer_digests(url: &str, reference: &str) -> Vec<String> {
    let raw: Value = serde_json::from_slice(&skopeo::inspect_raw(url, reference, false).unwrap())
        .expect("manifest JSON");
    raw["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["digest"].as_str().unwrap().to_string())
        .collect()
}

/// `diff`: two buildah images on one base, in two repositories: the base
/// layer shared, each one's own layer, the settings that differ; text and
/// JSON. Two platforms of one index. Exit 2 for what the user must fix
/// (a reference, a platform, an index without one), 3 for the registry.
#[test]
fn diff_compares_the_shared_base_the_new_layers_and_the_config_differences() {
    use shipshape_harness::buildah::{push_two_on_a_base, Buildah};
    let reg = Registry::start(RegistryOptions::default()).unwrap();
    let bh = Buildah::new("cli-diff");
    push_two_on_a_base(&bh, &reg.url, "diff/app:a", "diff/other:b").unwrap();
    let la = layer_digests(&reg.url, "diff/app:a");
    let lb = layer_digests(&reg.url, "diff/other:b");
    assert_eq!(la.len(), 2, "{la:?}");
    assert_eq!(la[0], lb[0], "buildah shares the base layer");
    assert_ne!(la[1], lb[1]);
    let home = temp_dir("cli-home");

    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "diff",
            "diff/app:a",
            "diff/other:b",
            "--json",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["identical"], false);
    assert_eq!(v["base_layers"], 1);
    let layers: Vec<(String, String)> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap().to_string(),
                l["digest"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        layers,
        [
            ("base".to_string(), la[0].clone()),
            ("only-a".to_string(), la[1].clone()),
            ("only-b".to_string(), lb[1].clone()),
        ]
    );
    let a_size = v["a"]["size"].as_i64().unwrap();
    let b_size = v["b"]["size"].as_i64().unwrap();
    assert_eq!(v["size_difference"].as_i64().unwrap(), b_size - a_size);
    assert_eq!(v["a"]["platform"], "linux/amd64");
    let changed: BTreeSet<String> = v["config"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["change"] != "same")
        .map(|f| {
            format!(
                "{} {}",
                f["field"].as_str().unwrap(),
                f["change"].as_str().unwrap()
            )
        })
        .collect();
    for want in [
        "env:MODE changed",
        "env:EXTRA added",
        "label:org.example.flavour changed",
        "cmd changed",
    ] {
        assert!(changed.contains(want), "{want} in {changed:?}");
    }
    assert!(
        !changed
            .iter()
            .any(|c| c.starts_with("label:org.example.built-by")),
        "{changed:?}"
    );
    let cmd = v["config"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "cmd")
        .unwrap();
    assert_eq!(cmd["a"], serde_json::json!(["/app", "--a"]));
    assert_eq!(cmd["b"], serde_json::json!(["/app", "--b"]));

    // The same as text, by digest on one side.
    let digest_a = skopeo::inspect(&reg.url, "diff/app:a").unwrap()["Digest"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "diff",
            &format!("diff/app@{digest_a}"),
            "diff/other:b",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    for want in [
        "Config differences",
        "env:MODE",
        r#"["/app","--a"]"#,
        r#"["/app","--b"]"#,
        "base",
        "only A",
        "only B",
        &la[0],
        &lb[1],
        "B is larger",
    ] {
        assert!(out.stdout.contains(want), "{want:?} in {out:?}");
    }

    // Two platforms of one index.
    bh.push_two_platform_index(&reg.url, "diff/multi:v1")
        .unwrap();
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "diff",
            "diff/multi:v1",
            "diff/app:a",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("multi-arch") && out.stderr.contains("linux/arm64/v8"),
        "{out:?}"
    );
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "diff",
            "diff/multi:v1~linux/amd64",
            "diff/multi:v1~linux/arm64",
            "--json",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["a"]["platform"], "linux/amd64");
    assert_eq!(v["b"]["platform"], "linux/arm64/v8");
    assert_eq!(v["a"]["index"], v["b"]["index"]);
    let platform = v["config"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "platform")
        .unwrap();
    assert_eq!(platform["change"], "changed");
    // --platform for both sides; one the index lacks.
    let out = run(
        &home,
        &[
            "--registry",
            &reg.url,
            "diff",
            "diff/multi:v1",
            "diff/app:a",
            "--platform",
            "linux/s390x",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("no single image for linux/s390x"),
        "{out:?}"
    );

    // Usage and registry errors.
    for (args, code) in [
        (vec!["diff", "diff/app", "diff/other:b"], 2),
        (
            vec!["diff", "diff/app:a", "diff/other:b", "--platform", "linux"],
            2,
        ),
        (vec!["diff", "diff/app:a", "Diff/Other:b"], 2),
        (vec!["diff", "diff/app:a", "diff/other:nope"], 3),
    ] {
        let mut all = vec!["--registry", reg.url.as_str()];
        all.extend(args.iter().copied());
        let out = run(&home, &all);
        assert_eq!(out.code, code, "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
    }
}
