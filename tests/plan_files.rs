//! Plan files in the browser: the clean-up page's "Download plan file"
//! writes exactly what the dry run showed as "delete"; "Load a plan file…"
//! reviews a plan and runs it through the delete engine, which stops an
//! image whose tags changed since; bad files say what is wrong and nothing
//! else happens. Against the real registry; run by `cargo xtask test --
//! plan_file` (ignored by a plain `cargo test`).
#![cfg(not(target_arch = "wasm32"))]

use shipshape::i18n::{Explain, Lang};
use shipshape::registry::digest::DigestParseError;
use shipshape::registry::plan_file::{
    PlanFile, PlanFileError, PlannedDelete, PlannedRepository, FORMAT, VERSION,
};
use shipshape::registry::retention::{Pattern, Policy};
use shipshape_harness::browser::Browser;
use shipshape_harness::seed::Pusher;
use shipshape_harness::steps::{dry_run, many_tags, seeded_stack};
use shipshape_harness::{skopeo, temp_dir};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const REPO: &str = "many/tags";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn tag(i: usize) -> String {
    format!("build-{i:05}")
}

/// Keep the page's downloads instead of saving them: every Blob handed to
/// `URL.createObjectURL`, and the name of the link clicked for it.
async fn capture_downloads(b: &Browser) {
    let script = "window.__downloads = [];\
        const create = URL.createObjectURL.bind(URL);\
        URL.createObjectURL = (blob) => { const url = create(blob); window.__downloads.push({url, blob, name: null}); return url; };\
        HTMLAnchorElement.prototype.click = function () {\
            const d = window.__downloads.find(d => d.url === this.href);\
            if (d) { d.name = this.download; } };";
    b.client
        .execute(script, vec![])
        .await
        .expect("capture script");
}

/// The last download: its file name, type and text.
async fn last_download(b: &Browser) -> (String, String, String) {
    let script = "const done = arguments[arguments.length - 1];\
        const d = window.__downloads[window.__downloads.length - 1];\
        if (!d) { done(null); return; }\
        d.blob.text().then(t => done([d.name, d.blob.type, t]), e => done(null));";
    let v = b
        .client
        .execute_async(script, vec![])
        .await
        .expect("read the download");
    let a = v.as_array().expect("a download was made");
    let s = |i: usize| a[i].as_str().unwrap_or_default().to_string();
    (s(0), s(1), s(2))
}

/// Choose `path` in the page's "Load a plan file…" input, as a user's
/// file dialog does (WebDriver sends the path to the file input).
async fn load_plan_file(b: &Browser, path: &Path) {
    b.client
        .execute(
            "document.querySelector('[data-testid=plan-file-input]').focus();",
            vec![],
        )
        .await
        .expect("focus the file input");
    let input = b.client.active_element().await.expect("focused element");
    assert_eq!(
        input.attr("data-testid").await.unwrap().as_deref(),
        Some("plan-file-input")
    );
    input
        .send_keys(&path.display().to_string())
        .await
        .expect("choose the file");
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write plan file");
    path
}

/// Per row of the dry run: tag, action, full digest.
async fn plan_rows(b: &Browser) -> Vec<(String, String, String)> {
    let script = "return Array.from(document.querySelectorAll('[data-testid=plan-row]')).map(r =>\
        [r.dataset.tag, r.dataset.action, r.querySelector('td:last-child').title]);";
    let v = b.client.execute(script, vec![]).await.expect("rows");
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().unwrap_or_default().to_string();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// The review's rows: digest → confirmed tags.
async fn review_rows(b: &Browser) -> BTreeMap<String, Vec<String>> {
    let digests = b
        .attr_all("[data-testid=plan-file-row]", "data-digest")
        .await
        .unwrap();
    let tags = b
        .attr_all("[data-testid=plan-file-row]", "data-tags")
        .await
        .unwrap();
    digests
        .into_iter()
        .zip(tags)
        .map(|(d, t)| {
            let t = t.unwrap_or_default();
            let tags = t
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            (d.unwrap(), tags)
        })
        .collect()
}

/// Run the loaded plan file: the typed confirmation (`images`), then wait
/// for the run to finish. The report rows' outcomes, in order.
async fn run_loaded_plan(
    b: &mut Browser,
    images: usize,
    screenshot: Option<&str>,
) -> Vec<Option<String>> {
    b.click("[data-testid=plan-file-execute]").await.unwrap();
    b.wait_text("[data-testid=execute-dialog]").await.unwrap();
    b.type_into("[data-testid=execute-confirm-input]", &images.to_string())
        .await
        .unwrap();
    if let Some(name) = screenshot {
        b.screenshot(name).await.unwrap();
    }
    b.click("[data-testid=execute-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 60)
        .await;
    b.attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap()
}

fn planned(plan: &PlanFile) -> BTreeMap<String, Vec<String>> {
    plan.repositories
        .iter()
        .flat_map(|r| &r.deletes)
        .map(|d| (d.digest.clone(), d.tags.clone()))
        .collect()
}

/// Dry run on the page → the downloaded plan file lists exactly the
/// digests and tags the page showed as "delete"; loaded again, it is
/// reviewed and run, and the registry then holds exactly the kept tags.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn plan_file_downloaded_from_a_dry_run_is_exact_and_loaded_again_runs_it() {
    let stack = seeded_stack(many_tags(30));
    let registry = Pusher::new(&stack.registry.url);
    let mut b = Browser::start("plan-file").await.unwrap();
    b.visit(&stack.page("/clean-up?repos=many/tags"))
        .await
        .unwrap();
    let totals = dry_run(&b, 5, Some("build-00001")).await;
    assert!(
        totals.starts_with("1 repository: keep 6 tags, delete 24 tags (24 images)."),
        "{totals}"
    );
    let button = b.wait_text("[data-testid=download-plan]").await.unwrap();
    assert_eq!(button, "Download plan file");

    // What the page shows as "delete": tag → digest.
    let rows = plan_rows(&b).await;
    assert_eq!(rows.len(), 30);
    let shown: BTreeMap<String, String> = rows
        .iter()
        .filter(|(_, action, _)| action == "delete")
        .map(|(t, _, d)| (t.clone(), d.clone()))
        .collect();
    let expected_kept: BTreeSet<String> = std::iter::once(1).chain(26..=30).map(tag).collect();
    let expected_doomed: BTreeSet<String> = (2..=25).map(tag).collect();
    assert_eq!(
        shown.keys().cloned().collect::<BTreeSet<_>>(),
        expected_doomed
    );

    capture_downloads(&b).await;
    b.click("[data-testid=download-plan]").await.unwrap();
    let (name, mime, text) = last_download(&b).await;
    assert!(
        name.starts_with("shipshape-plan-") && name.ends_with(".json"),
        "{name}"
    );
    assert_eq!(mime, "application/json");
    let plan = PlanFile::parse(text.as_bytes()).expect("the download is a plan file");
    assert_eq!((plan.format.as_str(), plan.version), (FORMAT, VERSION));
    assert_eq!(plan.registry, stack.registry.url.trim_end_matches('/'));
    assert!(plan.check(&stack.registry.url, now(), Some(600)).is_ok());
    assert_eq!(plan.policy.keep_newest, Some(5));
    assert_eq!(plan.policy.always_keep, Pattern::parse("build-00001"));
    assert_eq!(plan.repositories.len(), 1);
    let repo = &plan.repositories[0];
    assert_eq!(repo.name, REPO);
    let all: BTreeSet<String> = registry.tags(REPO).unwrap().into_iter().collect();
    assert_eq!(
        repo.known_tags.iter().cloned().collect::<BTreeSet<_>>(),
        all
    );
    // Exactly the page's "delete" rows: every tag under the digest the
    // page showed for it, which is the registry's digest of that tag.
    let mut listed = BTreeMap::new();
    for d in &repo.deletes {
        for t in &d.tags {
            assert!(
                listed.insert(t.clone(), d.digest.clone()).is_none(),
                "{t} twice"
            );
            assert_eq!(
                registry.digest_of(REPO, t).as_deref(),
                Some(d.digest.as_str())
            );
        }
    }
    assert_eq!(listed, shown);
    assert_eq!(repo.deletes.len(), 24);
    assert_eq!(plan.jobs().unwrap()[0].targets.len(), 24);
    // CSV stays.
    b.click("[data-testid=download-csv]").await.unwrap();
    let (csv_name, _, csv) = last_download(&b).await;
    assert!(
        csv_name.ends_with(".csv") && csv.contains("build-00002"),
        "{csv_name}"
    );
    b.screenshot("dry-run").await.unwrap();

    // Load it on a fresh page: reviewed, then run.
    let dir = temp_dir("plan-file");
    let path = write(&dir, &name, &text);
    b.visit(&stack.page("/clean-up")).await.unwrap();
    b.screenshot("empty-page").await.unwrap();
    load_plan_file(&b, &path).await;
    b.wait_text("[data-testid=plan-file]").await.unwrap();
    let age = b.wait_text("[data-testid=plan-file-age]").await.unwrap();
    assert!(age.starts_with("Made just now ("), "{age}");
    assert_eq!(
        b.attr("[data-testid=plan-file-age]", "data-old")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );
    assert!(b
        .texts("[data-testid=plan-file-old]")
        .await
        .unwrap()
        .is_empty());
    let policy = b.wait_text("[data-testid=plan-file-policy]").await.unwrap();
    assert_eq!(
        policy,
        "Policy: keep the newest 5 · always keep build-00001 · undated images are kept"
    );
    let totals = b.wait_text("[data-testid=plan-file-totals]").await.unwrap();
    assert_eq!(totals, "1 repository: delete 24 images (24 tags).");
    assert_eq!(review_rows(&b).await, planned(&plan));
    b.screenshot("review").await.unwrap();

    let outcomes = run_loaded_plan(&mut b, 24, Some("confirm")).await;
    assert_eq!(outcomes.len(), 24);
    assert!(
        outcomes.iter().all(|o| o.as_deref() == Some("deleted")),
        "{outcomes:?}"
    );
    b.screenshot("executed").await.unwrap();
    let left: BTreeSet<String> = registry.tags(REPO).unwrap().into_iter().collect();
    assert_eq!(left, expected_kept);
    b.close().await.unwrap();
}

/// Bad files (not JSON, not a plan, a newer version, another registry, a
/// bad digest) say what is wrong and offer nothing to run. A good plan two
/// days old is reviewed with a warning; a tag moved onto one of its images
/// (skopeo, after the review) stops that image, the rest go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn plan_file_bad_ones_say_why_and_a_moved_tag_stops_its_image() {
    let stack = seeded_stack(many_tags(10));
    let url = stack.registry.url.trim_end_matches('/').to_string();
    let registry = Pusher::new(&url);
    let digest = |i: usize| registry.digest_of(REPO, &tag(i)).expect("seeded tag");
    let known: Vec<String> = registry.tags(REPO).unwrap();
    let made_at = now() - 2 * 86_400;
    let plan = PlanFile {
        format: FORMAT.into(),
        version: VERSION,
        registry: url.clone(),
        made_at,
        policy: Policy {
            keep_newest: Some(6),
            ..Policy::default()
        },
        repositories: vec![PlannedRepository {
            name: REPO.into(),
            known_tags: known.clone(),
            deletes: (1..=4)
                .map(|i| PlannedDelete {
                    digest: digest(i),
                    tags: vec![tag(i)],
                })
                .collect(),
        }],
    };
    let dir = temp_dir("plan-file-bad");
    let mut b = Browser::start("plan-file-bad").await.unwrap();
    b.visit(&stack.page("/clean-up")).await.unwrap();

    // Each bad file: its explanation, and nothing to review or run.
    let mut other = plan.clone();
    other.registry = "https://registry.example.com".into();
    let mut newer = serde_json::to_value(&plan).unwrap();
    newer["version"] = (VERSION + 1).into();
    let mut bad_digest = plan.clone();
    bad_digest.repositories[0].deletes[1].digest = "sha256:0123".into();
    let full = plan.to_json();
    let cases: Vec<(&str, String, &str, PlanFileError)> = vec![
        (
            "corrupt.json",
            full[..full.len() / 2].to_string(),
            "unreadable",
            PlanFileError::Unreadable {
                detail: String::new(),
            },
        ),
        (
            "report.json",
            r#"{"run": "1", "items": []}"#.into(),
            "not-a-plan",
            PlanFileError::NotAPlan,
        ),
        (
            "newer.json",
            newer.to_string(),
            "newer-version",
            PlanFileError::NewerVersion { found: VERSION + 1 },
        ),
        (
            "other.json",
            other.to_json(),
            "other-registry",
            PlanFileError::OtherRegistry {
                plan: other.registry.clone(),
                here: url.clone(),
            },
        ),
        (
            "bad-digest.json",
            bad_digest.to_json(),
            "bad-digest",
            PlanFileError::BadDigest {
                input: "sha256:0123".into(),
                reason: DigestParseError::BadHex,
            },
        ),
    ];
    for (name, text, kind, error) in cases {
        load_plan_file(&b, &write(&dir, name, &text)).await;
        b.wait_for_attr("[data-testid=plan-file-error]", "data-kind", kind, 20)
            .await;
        let shown = b.wait_text("[data-testid=plan-file-error]").await.unwrap();
        assert!(shown.starts_with(name), "the file is named: {shown}");
        let words = error.explain(Lang::En);
        assert!(shown.contains(&words.title), "{name}: {shown}");
        if !matches!(error, PlanFileError::Unreadable { .. }) {
            assert!(shown.contains(&words.detail), "{name}: {shown}");
        }
        assert!(b.texts("[data-testid=plan-file]").await.unwrap().is_empty());
        assert!(b
            .texts("[data-testid=plan-file-execute]")
            .await
            .unwrap()
            .is_empty());
        b.screenshot(kind).await.unwrap();
    }
    assert_eq!(
        registry.tags(REPO).unwrap().len(),
        10,
        "nothing was deleted"
    );

    // A good plan, two days old: reviewed, with a warning.
    load_plan_file(&b, &write(&dir, "good.json", &plan.to_json())).await;
    b.wait_text("[data-testid=plan-file]").await.unwrap();
    assert!(b
        .texts("[data-testid=plan-file-error]")
        .await
        .unwrap()
        .is_empty());
    let age = b.wait_text("[data-testid=plan-file-age]").await.unwrap();
    assert!(age.starts_with("Made 2 days ago ("), "{age}");
    assert_eq!(
        b.attr("[data-testid=plan-file-age]", "data-old")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    b.wait_text("[data-testid=plan-file-old]").await.unwrap();
    assert_eq!(
        b.wait_text("[data-testid=plan-file-name]").await.unwrap(),
        "good.json"
    );
    assert_eq!(review_rows(&b).await, planned(&plan));
    b.screenshot("old-plan").await.unwrap();

    // Another client moves a kept tag onto a planned image.
    skopeo::retag(
        &url,
        &format!("{REPO}:{}", tag(1)),
        &format!("{REPO}:{}", tag(9)),
    )
    .unwrap();
    assert_eq!(registry.digest_of(REPO, &tag(9)), Some(digest(1)));

    let outcomes = run_loaded_plan(&mut b, 4, None).await;
    let digests = b
        .attr_all("[data-testid=bulk-report-row]", "data-digest")
        .await
        .unwrap();
    let report: BTreeMap<String, String> = digests
        .into_iter()
        .zip(outcomes)
        .map(|(d, o)| (d.unwrap(), o.unwrap()))
        .collect();
    let d1 = digest(1);
    assert_eq!(report.len(), 4, "{report:?}");
    for (d, outcome) in &report {
        if *d == d1 {
            assert_eq!(outcome, "moved-onto", "the moved tag stops its image");
        } else {
            assert_eq!(outcome, "deleted", "{d}");
        }
    }
    b.screenshot("moved-tag-stopped").await.unwrap();
    let left: BTreeSet<String> = registry.tags(REPO).unwrap().into_iter().collect();
    let expected: BTreeSet<String> = std::iter::once(1).chain(5..=10).map(tag).collect();
    assert_eq!(left, expected);
    assert_eq!(registry.digest_of(REPO, &tag(1)), Some(d1.clone()));
    assert_eq!(registry.digest_of(REPO, &tag(9)), Some(d1));
    // Closed, the review stays, says it ran, and offers no second run.
    b.click("[data-testid=bulk-close]").await.unwrap();
    b.wait_text("[data-testid=plan-file-ran]").await.unwrap();
    assert!(b
        .texts("[data-testid=plan-file-execute]")
        .await
        .unwrap()
        .is_empty());
    b.screenshot("after-run").await.unwrap();
    // The review in Chinese.
    b.click("[data-testid=lang-switch]").await.unwrap();
    let age = b
        .wait_for_text("[data-testid=plan-file-age]", 10, |t| {
            t.starts_with("制定于")
        })
        .await;
    assert!(age.contains("2 天前"), "{age}");
    b.client
        .execute(
            "document.querySelector('[data-testid=plan-file]').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    b.screenshot("review-zh").await.unwrap();
    b.close().await.unwrap();
}

/// `shipshape-cli` with these arguments, in process (it runs its own
/// runtime, so on a thread of its own).
async fn cli(args: &[&str]) -> i32 {
    let args: Vec<String> = std::iter::once("shipshape-cli")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || shipshape_cli::run(args))
            .join()
            .expect("shipshape-cli ran")
    })
    .await
    .unwrap()
}

/// One plan file, two tools: a plan downloaded from the page runs with
/// `shipshape-cli apply`, and a plan written by `shipshape-cli plan` is
/// reviewed and run on the page. The registry holds exactly the kept tags
/// after each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn plan_file_crosses_between_the_page_and_the_command_line() {
    let stack = seeded_stack(many_tags(12));
    let url = stack.registry.url.trim_end_matches('/').to_string();
    let registry = Pusher::new(&url);
    let left = || -> BTreeSet<String> { registry.tags(REPO).unwrap().into_iter().collect() };
    let dir = temp_dir("plan-file-cli");
    let mut b = Browser::start("plan-file-cli").await.unwrap();

    // Page → command line.
    b.visit(&stack.page("/clean-up?repos=many/tags"))
        .await
        .unwrap();
    let totals = dry_run(&b, 8, None).await;
    assert!(totals.contains("delete 4 tags (4 images)"), "{totals}");
    capture_downloads(&b).await;
    b.click("[data-testid=download-plan]").await.unwrap();
    let (name, _, text) = last_download(&b).await;
    let from_page = write(&dir, &name, &text);
    let report = dir.join("report.json");
    let code = cli(&[
        "apply",
        from_page.to_str().unwrap(),
        "--yes",
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0);
    let rep: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(rep["registry"], url.as_str());
    assert_eq!(rep["totals"]["gone"], 4, "{rep:#}");
    assert_eq!(left(), (5..=12).map(tag).collect());

    // Command line → page.
    let from_cli = dir.join("from-cli.json");
    let code = cli(&[
        "--registry",
        &url,
        "--quiet",
        "plan",
        "--repos",
        REPO,
        "--keep-newest",
        "5",
        "--output",
        from_cli.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0);
    let plan = PlanFile::parse(&std::fs::read(&from_cli).unwrap()).unwrap();
    assert_eq!(planned(&plan).len(), 3);
    b.visit(&stack.page("/clean-up")).await.unwrap();
    load_plan_file(&b, &from_cli).await;
    let policy = b.wait_text("[data-testid=plan-file-policy]").await.unwrap();
    assert!(policy.contains("keep the newest 5"), "{policy}");
    assert_eq!(review_rows(&b).await, planned(&plan));
    b.screenshot("from-cli").await.unwrap();
    let outcomes = run_loaded_plan(&mut b, 3, None).await;
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes.iter().all(|o| o.as_deref() == Some("deleted")));
    assert_eq!(left(), (8..=12).map(tag).collect());
    b.close().await.unwrap();
}
