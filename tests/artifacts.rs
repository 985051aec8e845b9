//! Artifact-aware image pages against a real registry (Debian's
//! docker-registry 2.8, no referrers API: attachments through the tag
//! schema's `sha256-<hex>` index and cosign's `.sig`/`.att` tags): a Helm
//! chart packaged here, SPDX and CycloneDX SBOMs, a SARIF report and a
//! cosign vuln attestation attached to an image, a cosign-style
//! signature, a BuildKit-style attestation in an index, a generic OCI
//! artifact; each page's facts and pull command. Hostile ones: a chart
//! that expands to 1 GB, an SBOM with 200,000 packages, malformed JSON.
//! Screenshots at phone width in both languages, light and dark.
//! Run by `cargo xtask test -- artifacts`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use shipshape_harness::artifacts::{
    chart_archive, dsse, push_artifact, push_chart, push_cosign_style, push_index_with_attestation,
    push_referrers_index, statement, CYCLONEDX, DSSE, SARIF, SIMPLESIGNING, SPDX,
};
use shipshape_harness::browser::{Browser, Viewport};
use shipshape_harness::seed::{layer, ImageSpec, Pushed, Pusher};
use shipshape_harness::stack::{Stack, StackOptions};

/// Open `url`; if the app never mounts, a screenshot and the error.
async fn visit(b: &mut Browser, url: &str) {
    if let Err(e) = b.visit(url).await {
        let shot = b.screenshot("not-mounted").await;
        panic!("{url}: {e}; screenshot {shot:?}");
    }
}

fn image(p: &Pusher, repo: &str, tag: &str, seed: &[u8]) -> Pushed {
    p.image(
        repo,
        &[tag],
        &ImageSpec::new(true, "amd64", None, vec![layer(&[("app", seed)])]),
    )
    .unwrap()
}

fn spdx_doc(packages: &[(&str, &str, &str)]) -> Value {
    json!({
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "app",
        "creationInfo": {"created": "2026-11-02T10:00:00Z", "creators": ["Tool: syft-1.0"]},
        "packages": packages.iter().map(|(n, v, l)| json!({"name": n, "versionInfo": v, "licenseConcluded": l})).collect::<Vec<_>>(),
    })
}

const SARIF_REPORT: &str = r#"{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{
  "tool":{"driver":{"name":"Trivy","version":"0.50.0","rules":[
    {"id":"CVE-2024-0001","properties":{"security-severity":"9.8"}},
    {"id":"CVE-2024-0002","properties":{"security-severity":"7.5"}},
    {"id":"CVE-2024-0003","properties":{"security-severity":"7.1"}},
    {"id":"CVE-2024-0004","properties":{"security-severity":"5.3"}},
    {"id":"CVE-2024-0005","properties":{"security-severity":"2.0"}}]}},
  "invocations":[{"endTimeUtc":"2026-11-04T12:00:00Z"}],
  "results":[
    {"ruleId":"CVE-2024-0001","level":"error","message":{"text":"openssl 3.0.1: remote code execution"}},
    {"ruleId":"CVE-2024-0002","level":"error","message":{"text":"zlib 1.2.11: heap overflow"}},
    {"ruleId":"CVE-2024-0003","level":"error","message":{"text":"busybox: <img src=x onerror=alert(1)>"}},
    {"ruleId":"CVE-2024-0004","level":"warning","message":{"text":"musl: info leak"}},
    {"ruleId":"CVE-2024-0005","level":"note","message":{"text":"curl: minor"}}]}]}"#;

/// The registry's host as pull commands name it.
fn host(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn artifact_pages_show_what_each_artifact_says_and_the_pull_command_that_fits() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let url = stack.registry.url.clone();
    let host = host(&url);
    let p = Pusher::new(&url);

    // An image with two SBOMs and a SARIF report attached by referrers
    // (the tag schema's index: 2.8 has no referrers API), a cosign
    // signature and a cosign vuln attestation by cosign's tags.
    let app = image(&p, "art/app", "v1", b"app v1");
    let spdx = serde_json::to_vec(&spdx_doc(&[
        ("openssl", "3.0.11", "Apache-2.0"),
        ("zlib", "1.2.13", "Zlib"),
        ("busybox", "1.36.1", "GPL-2.0-only"),
    ]))
    .unwrap();
    let spdx_art = push_artifact(&p, "art/app", SPDX, SPDX, &spdx, Some(&app), None).unwrap();
    let cdx = serde_json::to_vec(&json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5",
        "metadata": {"timestamp": "2026-11-03T08:00:00Z"},
        "components": [
            {"name": "log4j-core", "group": "org.apache.logging.log4j", "version": "2.17.1", "licenses": [{"license": {"id": "Apache-2.0"}}]},
            {"name": "musl", "version": "1.2.4", "licenses": [{"expression": "MIT"}]}
        ]
    }))
    .unwrap();
    let cdx_art =
        push_artifact(&p, "art/app", CYCLONEDX, CYCLONEDX, &cdx, Some(&app), None).unwrap();
    let sarif_art = push_artifact(
        &p,
        "art/app",
        SARIF,
        SARIF,
        SARIF_REPORT.as_bytes(),
        Some(&app),
        None,
    )
    .unwrap();
    push_referrers_index(
        &p,
        "art/app",
        &app,
        &[
            (&spdx_art, SPDX),
            (&cdx_art, CYCLONEDX),
            (&sarif_art, SARIF),
        ],
    )
    .unwrap();
    let cosign_tag = app.digest.replace(':', "-");
    let payload = serde_json::to_vec(&json!({
        "critical": {
            "identity": {"docker-reference": format!("{host}/art/app")},
            "image": {"docker-manifest-digest": app.digest},
            "type": "cosign container image signature"
        },
        "optional": {"team": "payments", "build": "4711"}
    }))
    .unwrap();
    push_cosign_style(
        &p,
        "art/app",
        &format!("{cosign_tag}.sig"),
        &[(
            SIMPLESIGNING,
            payload,
            json!({"dev.cosignproject.cosign/signature": "MEUCIQDx"}),
        )],
    )
    .unwrap();
    let vuln = statement(
        &app.digest,
        "https://cosign.sigstore.dev/attestation/vuln/v1",
        json!({
            "invocation": {},
            "scanner": {"uri": "pkg:github/aquasecurity/trivy", "version": "0.50.0", "result": {"Results": [
                {"Target": "app", "Vulnerabilities": [
                    {"VulnerabilityID": "CVE-2023-9999", "PkgName": "libc", "InstalledVersion": "2.36", "Severity": "HIGH", "Title": "libc bug"}
                ]}
            ]}},
            "metadata": {"scanStartedOn": "2026-11-05T00:00:00Z", "scanFinishedOn": "2026-11-05T00:01:00Z"}
        }),
    );
    push_cosign_style(
        &p,
        "art/app",
        &format!("{cosign_tag}.att"),
        &[(
            DSSE,
            dsse(&vuln),
            json!({"predicateType": "https://cosign.sigstore.dev/attestation/vuln/v1"}),
        )],
    )
    .unwrap();

    // A Helm chart packaged here, pushed with Helm's media types.
    let chart = json!({
        "apiVersion": "v2", "name": "web", "version": "1.2.3", "appVersion": "2.0.1",
        "description": "A small web service", "type": "application",
        "dependencies": [{"name": "redis", "version": "17.x", "repository": "oci://registry.example/charts", "condition": "redis.enabled"}]
    });
    let archive = chart_archive(
        &[
            (
                "web/Chart.yaml",
                b"apiVersion: v2\nname: web\nversion: 1.2.3\n",
            ),
            (
                "web/values.yaml",
                b"replicaCount: 2\nimage:\n  repository: web\n",
            ),
            ("web/templates/deployment.yaml", b"kind: Deployment\n"),
            (
                "web/README.md",
                b"# web\n\nInstall with <b>helm</b>.\n<script>alert(1)</script>\n",
            ),
        ],
        None,
    );
    push_chart(&p, "art/charts/web", &chart, &archive).unwrap();

    // A BuildKit-style index: a platform and its SPDX attestation.
    let platform = image(&p, "art/multi", "amd64-only", b"multi");
    push_index_with_attestation(
        &p,
        "art/multi",
        "v1",
        &platform,
        &spdx_doc(&[
            ("glibc", "2.36", "LGPL-2.1-or-later"),
            ("zlib", "1.3", "Zlib"),
        ]),
    )
    .unwrap();

    // A generic OCI artifact with titled files.
    p.blob("art/files", b"{}").unwrap();
    let notes = p.blob("art/files", b"release notes").unwrap();
    let data = p.blob("art/files", b"0123456789").unwrap();
    let generic = json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "artifactType": "application/vnd.example.release",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": shipshape_harness::seed::sha256(b"{}"), "size": 2},
        "layers": [
            {"mediaType": "text/plain", "digest": notes, "size": 13, "annotations": {"org.opencontainers.image.title": "NOTES.txt"}},
            {"mediaType": "application/octet-stream", "digest": data, "size": 10}
        ]
    });
    p.manifest(
        "art/files",
        "v1",
        "application/vnd.oci.image.manifest.v1+json",
        &serde_json::to_vec(&generic).unwrap(),
    )
    .unwrap();

    // An image with nothing attached.
    image(&p, "art/plain", "v1", b"plain");

    let mut b = Browser::start("artifacts").await.unwrap();

    // The image: its reports (SARIF and the cosign vuln attestation), its
    // SBOMs, and the image client choice, remembered.
    visit(&mut b, &stack.page("/image/art/app:v1")).await;
    b.wait_text("[data-testid=vuln-report]").await.unwrap();
    let formats = b.texts("[data-testid=report-format]").await.unwrap();
    assert_eq!(formats.len(), 2, "{formats:?}");
    assert!(formats.contains(&"SARIF report".to_string()), "{formats:?}");
    assert!(
        formats.contains(&"cosign vuln attestation".to_string()),
        "{formats:?}"
    );
    let criticals = b.texts("[data-testid=count-critical]").await.unwrap();
    let highs = b.texts("[data-testid=count-high]").await.unwrap();
    let mediums = b.texts("[data-testid=count-medium]").await.unwrap();
    let lows = b.texts("[data-testid=count-low]").await.unwrap();
    let sarif_at = formats.iter().position(|f| f == "SARIF report").unwrap();
    let vuln_at = 1 - sarif_at;
    assert_eq!(criticals[sarif_at], "1 Critical");
    assert_eq!(highs[sarif_at], "2 High");
    assert_eq!(mediums[sarif_at], "1 Medium");
    assert_eq!(lows[sarif_at], "1 Low");
    assert_eq!(highs[vuln_at], "1 High");
    assert_eq!(criticals[vuln_at], "0 Critical");
    let dates = b.texts("[data-testid=report-date]").await.unwrap();
    assert!(dates[sarif_at].starts_with("2026-11-04"), "{dates:?}");
    assert!(dates[vuln_at].starts_with("2026-11-05"), "{dates:?}");
    let findings = b.texts("[data-testid=finding-row]").await.unwrap();
    assert_eq!(findings.len(), 6, "{findings:?}");
    assert!(
        findings[0].contains("CVE-2024-0001"),
        "worst first: {findings:?}"
    );
    // Registry text is text: the SARIF message's markup is not an element.
    assert!(findings
        .iter()
        .any(|f| f.contains("<img src=x onerror=alert(1)>")));
    assert!(b.texts(".finding-title img").await.unwrap().is_empty());
    assert!(b
        .texts("[data-testid=no-vuln-report]")
        .await
        .unwrap()
        .is_empty());

    let sbom_formats = b.texts("[data-testid=sbom-format]").await.unwrap();
    assert_eq!(sbom_formats.len(), 2, "{sbom_formats:?}");
    let counts = b.texts("[data-testid=package-count]").await.unwrap();
    let spdx_at = sbom_formats.iter().position(|f| f == "SPDX SBOM").unwrap();
    let cdx_at = sbom_formats
        .iter()
        .position(|f| f == "CycloneDX SBOM")
        .unwrap();
    assert_eq!(counts[spdx_at], "3 packages");
    assert_eq!(counts[cdx_at], "2 packages");
    assert_eq!(b.texts("[data-testid=package-row]").await.unwrap().len(), 5);
    b.type_into("[data-testid=package-search]", "zlib")
        .await
        .unwrap();
    let rows = b.texts("[data-testid=package-row]").await.unwrap();
    assert_eq!(
        rows.len(),
        3,
        "zlib in the first list, the second untouched: {rows:?}"
    );
    assert!(b.texts("[data-testid=sbom]").await.unwrap()[0].contains("zlib"));
    // The referrers are listed and lead to their pages.
    let referrers = b.texts("[data-testid=referrer]").await.unwrap();
    assert_eq!(
        referrers.len(),
        5,
        "3 by the tag schema, .sig, .att: {referrers:?}"
    );

    // Pull: docker by default; podman chosen, and still chosen on return.
    let pulls = b.texts("[data-testid=pull-command]").await.unwrap();
    assert_eq!(
        pulls,
        [
            format!("docker pull {host}/art/app:v1"),
            format!("docker pull {host}/art/app@{}", app.digest),
        ]
    );
    b.client
        .execute(
            "const s = document.querySelector('[data-testid=pull-client]'); s.value = 'podman'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    b.wait_for_text("[data-testid=pull-command]", 5, |t| {
        t.starts_with("podman pull")
    })
    .await;
    b.screenshot("image-with-reports").await.unwrap();
    visit(&mut b, &stack.page("/image/art/plain:v1")).await;
    b.wait_for_text("[data-testid=pull-command]", 10, |t| {
        t.starts_with("podman pull ") && t.ends_with("/art/plain:v1")
    })
    .await;
    b.client
        .execute(
            "const s = document.querySelector('[data-testid=pull-client]'); s.value = 'reference'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    b.wait_for_text("[data-testid=pull-command]", 5, |t| {
        t == format!("{host}/art/plain:v1")
    })
    .await;
    // Nothing attached: said, and never scanned.
    let none = b.wait_text("[data-testid=no-vuln-report]").await.unwrap();
    assert!(none.contains("never scans"), "{none}");
    b.wait_text("[data-testid=no-sbom]").await.unwrap();

    // The SBOM artifact's own page: its packages, and oras.
    visit(
        &mut b,
        &stack.page(&format!("/image/art/app@{}", spdx_art.digest)),
    )
    .await;
    assert_eq!(
        b.wait_text("[data-testid=package-count]").await.unwrap(),
        "3 packages"
    );
    assert_eq!(
        b.texts("[data-testid=pull-command]").await.unwrap(),
        [format!("oras pull {host}/art/app@{}", spdx_art.digest)]
    );

    // The signature: what it claims, not verified, cosign download.
    visit(
        &mut b,
        &stack.page(&format!("/image/art/app:{cosign_tag}.sig")),
    )
    .await;
    let warning = b.wait_text("[data-testid=not-verified]").await.unwrap();
    assert!(warning.contains("does not verify"), "{warning}");
    assert_eq!(
        b.wait_text("[data-testid=signed-digest]").await.unwrap(),
        app.digest
    );
    assert_eq!(
        b.wait_text("[data-testid=signed-for]").await.unwrap(),
        format!("{host}/art/app")
    );
    let claims = b.texts("[data-testid=signature-claim]").await.unwrap();
    assert_eq!(claims.len(), 2, "{claims:?}");
    let pulls = b.texts("[data-testid=pull-command]").await.unwrap();
    assert_eq!(
        pulls[0],
        format!("cosign download signature {host}/art/app@{}", app.digest)
    );
    b.screenshot("signature").await.unwrap();

    // The attestation: its predicate type and the report it holds.
    visit(
        &mut b,
        &stack.page(&format!("/image/art/app:{cosign_tag}.att")),
    )
    .await;
    assert_eq!(
        b.wait_text("[data-testid=predicate-type]").await.unwrap(),
        "https://cosign.sigstore.dev/attestation/vuln/v1"
    );
    assert_eq!(
        b.wait_text("[data-testid=count-high]").await.unwrap(),
        "1 High"
    );
    assert_eq!(
        b.texts("[data-testid=pull-command]").await.unwrap()[0],
        format!("cosign download attestation {host}/art/app@{}", app.digest)
    );

    // The Helm chart: config facts, README and values as text, helm pull.
    visit(&mut b, &stack.page("/image/art/charts/web:1.2.3")).await;
    assert_eq!(
        b.wait_text("[data-testid=chart-name]").await.unwrap(),
        "web"
    );
    assert_eq!(
        b.wait_text("[data-testid=chart-version]").await.unwrap(),
        "1.2.3"
    );
    assert_eq!(
        b.wait_text("[data-testid=chart-app-version]")
            .await
            .unwrap(),
        "2.0.1"
    );
    assert_eq!(
        b.wait_text("[data-testid=chart-description]")
            .await
            .unwrap(),
        "A small web service"
    );
    let dep = b.wait_text("[data-testid=chart-dependency]").await.unwrap();
    assert!(dep.contains("redis") && dep.contains("17.x"), "{dep}");
    let readme = b.wait_text("[data-testid=chart-readme]").await.unwrap();
    assert!(
        readme.contains("<script>alert(1)</script>"),
        "shown as text: {readme}"
    );
    assert!(b
        .texts("[data-testid=chart-readme] script, [data-testid=chart-readme] b")
        .await
        .unwrap()
        .is_empty());
    assert!(b
        .wait_text("[data-testid=chart-values]")
        .await
        .unwrap()
        .contains("replicaCount: 2"));
    assert_eq!(
        b.texts("[data-testid=pull-command]").await.unwrap(),
        [
            format!("helm pull oci://{host}/art/charts/web --version 1.2.3"),
            format!(
                "oras pull {host}/art/charts/web@{}",
                p.digest_of("art/charts/web", "1.2.3").unwrap()
            ),
        ]
    );
    b.screenshot("helm-chart").await.unwrap();

    // The index: its BuildKit attestation's SBOM, with its platform. Reached
    // within the app after the image's page, whose SBOMs the tab keeps:
    // a package searched here names the other images that have it.
    visit(&mut b, &stack.page("/image/art/app:v1")).await;
    b.wait_text("[data-testid=package-row]").await.unwrap();
    b.client
        .execute(
            "const a = document.createElement('a'); a.href = arguments[0]; a.textContent = 'x';\
             document.body.appendChild(a); a.click();",
            vec![stack.page("/image/art/multi:v1").into()],
        )
        .await
        .unwrap();
    b.wait_for_text("[data-testid=image-title]", 10, |t| t == "art/multi:v1")
        .await;
    assert_eq!(
        b.wait_text("[data-testid=package-count]").await.unwrap(),
        "2 packages"
    );
    let source = b.wait_text(".document-source").await.unwrap();
    assert!(
        source.contains("BuildKit attestation") && source.contains("linux/amd64"),
        "{source}"
    );
    b.type_into("[data-testid=package-search]", "zlib")
        .await
        .unwrap();
    let said = b
        .wait_text("[data-testid=package-elsewhere]")
        .await
        .unwrap();
    assert!(said.starts_with("Also in another image"), "{said}");
    let hits = b
        .texts("[data-testid=package-elsewhere-hit]")
        .await
        .unwrap();
    assert_eq!(
        hits,
        [format!(
            "art/app@sha256:{} · zlib 1.2.13",
            &app.digest[7..19]
        )],
        "the image read before, not this one"
    );
    b.screenshot("package-elsewhere").await.unwrap();
    b.clear("[data-testid=package-search]").await.unwrap();
    b.type_into("[data-testid=package-search]", "glibc")
        .await
        .unwrap();
    b.wait_for_text("[data-testid=package-elsewhere]", 5, |t| {
        t.starts_with("Not in the other image")
    })
    .await;

    // The generic artifact: its files by title, oras.
    visit(&mut b, &stack.page("/image/art/files:v1")).await;
    let files = {
        b.wait_text("[data-testid=artifact-file]").await.unwrap();
        b.texts("[data-testid=artifact-file]").await.unwrap()
    };
    assert_eq!(files.len(), 2);
    assert!(files[0].contains("NOTES.txt"), "{files:?}");
    assert!(files[1].contains("(no title)"), "{files:?}");
    assert_eq!(
        b.texts("[data-testid=pull-command]").await.unwrap(),
        [
            format!("oras pull {host}/art/files:v1"),
            format!(
                "oras pull {host}/art/files@{}",
                p.digest_of("art/files", "v1").unwrap()
            )
        ]
    );
    b.close().await.unwrap();

    // Readable at phone width in both languages, light and dark.
    for (lang, dark, label) in [
        ("en-US", false, "phone-en-light"),
        ("zh-CN", true, "phone-zh-dark"),
    ] {
        let mut b = Browser::start_with(&format!("artifacts-{label}"), Viewport::PHONE, lang, dark)
            .await
            .unwrap();
        for (page, section) in [
            ("/image/art/app:v1".to_string(), "vuln-report"),
            ("/image/art/app:v1".to_string(), "sbom"),
            ("/image/art/charts/web:1.2.3".to_string(), "helm-chart"),
            (format!("/image/art/app:{cosign_tag}.sig"), "signature"),
        ] {
            visit(&mut b, &stack.page(&page)).await;
            b.wait_text(&format!("[data-testid={section}]"))
                .await
                .unwrap();
            if section == "vuln-report" || section == "sbom" {
                b.wait_text("[data-testid=package-row]").await.unwrap();
            }
            b.scroll_below_header(&format!("[data-testid={section}]"))
                .await;
            b.screenshot(section).await.unwrap();
            let (scroll, inner) = b.widths().await;
            assert!(
                scroll <= inner,
                "{label} {page}: {scroll} px wide in {inner} px"
            );
        }
        if lang == "zh-CN" {
            // The words are the table's Chinese ones.
            visit(&mut b, &stack.page("/image/art/app:v1")).await;
            b.wait_text("[data-testid=vuln-report]").await.unwrap();
            let formats = b.texts("[data-testid=report-format]").await.unwrap();
            assert!(formats.contains(&"SARIF 报告".to_string()), "{formats:?}");
            let counts = b.texts("[data-testid=package-count]").await.unwrap();
            assert!(counts.contains(&"3 个软件包".to_string()), "{counts:?}");
        }
        b.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn hostile_artifacts_are_refused_or_capped_with_a_message() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let url = stack.registry.url.clone();
    let p = Pusher::new(&url);

    // A chart whose archive expands to 1 GB before its README.
    let bomb = chart_archive(
        &[
            ("bomb/README.md", b"never reached"),
            ("bomb/values.yaml", b"a: 1\n"),
        ],
        Some(("bomb/zeros.bin", 1 << 30)),
    );
    assert!(
        bomb.len() < 4 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    push_chart(
        &p,
        "hostile/bomb",
        &json!({"apiVersion": "v2", "name": "bomb", "version": "0.1.0"}),
        &bomb,
    )
    .unwrap();

    // An SBOM with 200,000 packages, and one that is not JSON.
    let app = image(&p, "hostile/app", "v1", b"hostile");
    let mut big = String::from(r#"{"spdxVersion":"SPDX-2.3","packages":["#);
    for i in 0..200_000 {
        if i > 0 {
            big.push(',');
        }
        big.push_str(&format!(r#"{{"name":"pkg-{i}","versionInfo":"1.{i}"}}"#));
    }
    big.push_str("]}");
    let big_art = push_artifact(
        &p,
        "hostile/app",
        SPDX,
        SPDX,
        big.as_bytes(),
        Some(&app),
        None,
    )
    .unwrap();
    let broken = push_artifact(
        &p,
        "hostile/app",
        CYCLONEDX,
        CYCLONEDX,
        br#"{"bomFormat":"CycloneDX","components":[{"name":"a"},"#,
        Some(&app),
        None,
    )
    .unwrap();
    push_referrers_index(
        &p,
        "hostile/app",
        &app,
        &[(&big_art, SPDX), (&broken, CYCLONEDX)],
    )
    .unwrap();

    let mut b = Browser::start("artifacts-hostile").await.unwrap();
    visit(&mut b, &stack.page("/image/hostile/bomb:0.1.0")).await;
    let refused = b.wait_text("[data-testid=chart-error]").await.unwrap();
    assert!(
        refused.contains("Refused") && refused.contains("17 MB"),
        "{refused}"
    );
    // The page still answers: the facts from the config are there.
    assert_eq!(
        b.wait_text("[data-testid=chart-name]").await.unwrap(),
        "bomb"
    );
    b.screenshot("bomb-refused").await.unwrap();

    visit(&mut b, &stack.page("/image/hostile/app:v1")).await;
    let count = b.wait_text("[data-testid=package-count]").await.unwrap();
    assert_eq!(count, "200,000 packages");
    let capped = b.wait_text("[data-testid=sbom-capped]").await.unwrap();
    assert!(
        capped.starts_with("The document lists 200,000 packages; Shipshape read the first 5,000 "),
        "{capped}"
    );
    let shown = b.wait_text("[data-testid=rows-shown]").await.unwrap();
    assert!(shown.contains("100 of 5,000"), "{shown}");
    assert_eq!(
        b.texts("[data-testid=package-row]").await.unwrap().len(),
        100
    );
    let bad = b.wait_text("[data-testid=document-error]").await.unwrap();
    assert!(bad.contains("not valid JSON"), "{bad}");
    // Search still answers over what was read.
    b.type_into("[data-testid=package-search]", "pkg-4999")
        .await
        .unwrap();
    b.wait_for_text("[data-testid=package-row]", 5, |t| t.contains("pkg-4999"))
        .await;
    assert_eq!(b.texts("[data-testid=package-row]").await.unwrap().len(), 1);
    b.screenshot("big-sbom-capped").await.unwrap();
    b.close().await.unwrap();
}

/// Resource requests the page made whose URL contains `part`.
async fn requests_to(b: &Browser, part: &str) -> usize {
    let v = b
        .client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length;",
            vec![json!(part)],
        )
        .await
        .unwrap();
    v.as_u64().unwrap_or(0) as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn tag_table_shows_each_tags_report_counts_or_no_report_and_keeps_them() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let p = Pusher::new(&stack.registry.url);
    // v1 with a SARIF report attached (the tag schema's index), v2 with
    // nothing, and an SPDX SBOM on v3 (not a report).
    let v1 = image(&p, "vuln/app", "v1", b"report v1");
    let sarif = push_artifact(
        &p,
        "vuln/app",
        SARIF,
        SARIF,
        SARIF_REPORT.as_bytes(),
        Some(&v1),
        None,
    )
    .unwrap();
    push_referrers_index(&p, "vuln/app", &v1, &[(&sarif, SARIF)]).unwrap();
    image(&p, "vuln/app", "v2", b"report v2");
    let v3 = image(&p, "vuln/app", "v3", b"report v3");
    let spdx = serde_json::to_vec(&spdx_doc(&[("zlib", "1.3", "Zlib")])).unwrap();
    let spdx_art = push_artifact(&p, "vuln/app", SPDX, SPDX, &spdx, Some(&v3), None).unwrap();
    push_referrers_index(&p, "vuln/app", &v3, &[(&spdx_art, SPDX)]).unwrap();

    let mut b = Browser::start("vuln-badges").await.unwrap();
    visit(&mut b, &stack.page("/repo/vuln/app")).await;
    let badge = "[data-tag=v1] [data-testid=vuln-badge]";
    let text = b.wait_text(badge).await.unwrap();
    assert_eq!(text, "1 critical · 2 high");
    assert_eq!(
        b.attr(badge, "data-date").await.unwrap().as_deref(),
        Some("2026-11-04")
    );
    assert_eq!(
        b.wait_text("[data-tag=v1] [data-testid=vuln-date]")
            .await
            .unwrap(),
        "2026-11-04"
    );
    let href = b.attr(badge, "href").await.unwrap().unwrap_or_default();
    assert!(href.ends_with("/image/vuln/app:v1"), "{href}");
    assert_eq!(
        b.wait_text("[data-tag=v2] [data-testid=vuln-none]")
            .await
            .unwrap(),
        "no report"
    );
    // An SBOM is not a report: v3 has none either.
    assert_eq!(
        b.wait_text("[data-tag=v3] [data-testid=vuln-none]")
            .await
            .unwrap(),
        "no report"
    );
    // The attachment tags of the schema get no badge.
    assert!(b
        .texts("[data-testid=vuln-failed]")
        .await
        .unwrap()
        .is_empty());
    let read = requests_to(&b, "/referrers/").await;
    assert!(read >= 3, "one referrers probe per image: {read}");
    b.screenshot("tag-table-badges").await.unwrap();

    // Kept: a reload shows every badge without asking the registry again
    // (after the record's save, a second after the last read).
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    visit(&mut b, &stack.page("/repo/vuln/app")).await;
    assert_eq!(b.wait_text(badge).await.unwrap(), "1 critical · 2 high");
    b.wait_text("[data-tag=v2] [data-testid=vuln-none]")
        .await
        .unwrap();
    b.wait_text("[data-tag=v3] [data-testid=vuln-none]")
        .await
        .unwrap();
    assert_eq!(
        requests_to(&b, "/referrers/").await,
        0,
        "the badges came from what this browser kept"
    );
    b.close().await.unwrap();

    // A phone in Chinese: the column's words, no sideways scroll.
    let mut b = Browser::start_with("vuln-badges-phone-zh", Viewport::PHONE, "zh-CN", false)
        .await
        .unwrap();
    visit(&mut b, &stack.page("/repo/vuln/app")).await;
    assert_eq!(b.wait_text(badge).await.unwrap(), "严重 1 · 高危 2");
    assert_eq!(
        b.wait_text("[data-tag=v2] [data-testid=vuln-none]")
            .await
            .unwrap(),
        "无报告"
    );
    b.screenshot("tag-table-badges").await.unwrap();
    let (scroll, inner) = b.widths().await;
    assert!(scroll <= inner, "{scroll} px wide in {inner} px");
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn package_search_finds_the_images_whose_sbom_was_read_also_after_a_reload() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let p = Pusher::new(&stack.registry.url);
    let app = image(&p, "pkg/app", "v1", b"pkg app");
    let spdx = serde_json::to_vec(&spdx_doc(&[
        ("openssl", "3.0.11", "Apache-2.0"),
        ("zlib", "1.3", "Zlib"),
    ]))
    .unwrap();
    let spdx_art = push_artifact(&p, "pkg/app", SPDX, SPDX, &spdx, Some(&app), None).unwrap();
    push_referrers_index(&p, "pkg/app", &app, &[(&spdx_art, SPDX)]).unwrap();
    let other = image(&p, "pkg/other", "stable", b"pkg other");
    let cdx = serde_json::to_vec(&json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5",
        "components": [{"name": "openssl-libs", "version": "1.1.1w"}, {"name": "musl", "version": "1.2.4"}]
    }))
    .unwrap();
    let cdx_art = push_artifact(
        &p,
        "pkg/other",
        CYCLONEDX,
        CYCLONEDX,
        &cdx,
        Some(&other),
        None,
    )
    .unwrap();
    push_referrers_index(&p, "pkg/other", &other, &[(&cdx_art, CYCLONEDX)]).unwrap();

    let mut b = Browser::start("package-search").await.unwrap();
    // Nothing read yet: said, with how to read more.
    visit(&mut b, &stack.page("/search?q=openssl")).await;
    let none = b
        .wait_text("[data-testid=package-none-read]")
        .await
        .unwrap();
    assert!(none.contains("No SBOM has been read"), "{none}");
    // Nothing held at all: nothing to search, not "not found".
    b.wait_text("[data-testid=search-nothing-held]")
        .await
        .unwrap();
    assert!(b
        .attr_all("[data-testid=search-none]", "class")
        .await
        .unwrap()
        .is_empty());

    // The repositories shown (their tags kept), then each image's page
    // (its SBOM read).
    for (repo, tag) in [("pkg/app", "v1"), ("pkg/other", "stable")] {
        visit(&mut b, &stack.page(&format!("/repo/{repo}"))).await;
        b.wait_text(&format!("[data-tag={tag}] [data-testid=digest]"))
            .await
            .unwrap();
        // Each record is saved a moment after it changes; a navigation
        // (a new page load) before that would lose it.
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        visit(&mut b, &stack.page(&format!("/image/{repo}:{tag}"))).await;
        b.wait_text("[data-testid=package-row]").await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    }
    // The image page: the other image with the package.
    b.type_into("[data-testid=package-search]", "openssl")
        .await
        .unwrap();
    let elsewhere = b
        .wait_text("[data-testid=package-elsewhere-hit]")
        .await
        .unwrap();
    assert!(elsewhere.contains("pkg/app@"), "{elsewhere}");

    visit(&mut b, &stack.page("/search?q=openssl")).await;
    package_hits_are_both(&b).await;
    let digests = b
        .attr_all("[data-testid=package-hit]", "data-digest")
        .await
        .unwrap();
    assert_eq!(digests[0].as_deref(), Some(app.digest.as_str()));
    // Text that is no tag (a scoped npm name) is still searched.
    visit(&mut b, &stack.page("/search?q=%40scope%2Fnothing")).await;
    let found = b.wait_text("[data-testid=package-searched]").await.unwrap();
    assert!(found.contains("Found in 0 of the 2"), "{found}");
    b.wait_text("[data-testid=search-problem]").await.unwrap();
    // No tag or digest searched: no coverage of repositories under it.
    assert!(b
        .attr_all("[data-testid=search-coverage]", "class")
        .await
        .unwrap()
        .is_empty());

    // A reload: still there (kept in this browser).
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    visit(&mut b, &stack.page("/search?q=openssl")).await;
    package_hits_are_both(&b).await;
    // The coverage counts the two repositories shown and the two SBOMs.
    assert_eq!(
        b.attr("[data-testid=search-coverage]", "data-sboms")
            .await
            .unwrap()
            .as_deref(),
        Some("2")
    );
    b.wait_text("[data-testid=search-covered]").await.unwrap();
    b.wait_text("[data-testid=search-covered-sboms]")
        .await
        .unwrap();
    b.screenshot("package-search").await.unwrap();
    b.close().await.unwrap();

    // A phone in Chinese (its own browser: nothing read until its page).
    let mut b = Browser::start_with("package-search-phone-zh", Viewport::PHONE, "zh-CN", true)
        .await
        .unwrap();
    visit(&mut b, &stack.page("/image/pkg/app:v1")).await;
    b.wait_text("[data-testid=package-row]").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    visit(&mut b, &stack.page("/search?q=openssl")).await;
    b.wait_text("[data-testid=package-hit]").await.unwrap();
    let searched = b.wait_text("[data-testid=package-searched]").await.unwrap();
    assert!(searched.contains("本浏览器"), "{searched}");
    let untagged = b
        .texts("[data-testid=package-hit] .search-tags")
        .await
        .unwrap();
    assert!(untagged[0].contains("无已知标签"), "{untagged:?}");
    // No repository shown in this browser, but the SBOM read: counted as
    // searched, never "nothing held" under a result.
    assert_eq!(
        b.attr("[data-testid=search-coverage]", "data-sboms")
            .await
            .unwrap()
            .as_deref(),
        Some("1")
    );
    b.wait_text("[data-testid=search-covered-sboms]")
        .await
        .unwrap();
    b.wait_text("[data-testid=search-no-repositories]")
        .await
        .unwrap();
    assert!(b
        .attr_all("[data-testid=search-nothing-held]", "class")
        .await
        .unwrap()
        .is_empty());
    b.scroll_below_header("[data-testid=package-results]").await;
    b.screenshot("package-search").await.unwrap();
    let (scroll, inner) = b.widths().await;
    assert!(scroll <= inner, "{scroll} px wide in {inner} px");
    b.close().await.unwrap();
}

/// The search for "openssl" after both SBOMs were read: both images, the
/// exact name first, with their versions and tags.
async fn package_hits_are_both(b: &Browser) {
    b.wait_text("[data-testid=package-hit]").await.unwrap();
    let repos = b
        .attr_all("[data-testid=package-hit]", "data-repo")
        .await
        .unwrap();
    assert_eq!(
        repos,
        [Some("pkg/app".to_string()), Some("pkg/other".to_string())],
        "the exact name first"
    );
    let versions = b.texts("[data-testid=package-version]").await.unwrap();
    assert_eq!(versions, ["openssl 3.0.11", "openssl-libs 1.1.1w"]);
    let searched = b.wait_text("[data-testid=package-searched]").await.unwrap();
    assert!(
        searched.contains("Found in 2 of the 2 images"),
        "{searched}"
    );
    let tags = b.texts("[data-testid=package-tag]").await.unwrap();
    assert_eq!(tags, ["pkg/app:v1", "pkg/other:stable"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn keyless_signature_shows_the_certificates_identity_as_not_verified() {
    let stack = Stack::start(StackOptions::default()).expect("start registry and app");
    let url = stack.registry.url.clone();
    let host = host(&url);
    let p = Pusher::new(&url);
    let app = image(&p, "sig/app", "v1", b"keyless");
    // A certificate made by `openssl req -x509` with Fulcio's extensions
    // (the workflow URI as its name, the OIDC issuer v1 and v2).
    let pem = include_str!("../crates/registry/src/artifact/testdata/fulcio-like-github.pem");
    let payload = serde_json::to_vec(&json!({
        "critical": {
            "identity": {"docker-reference": format!("{host}/sig/app")},
            "image": {"docker-manifest-digest": app.digest},
            "type": "cosign container image signature"
        },
        "optional": null
    }))
    .unwrap();
    let tag = format!("{}.sig", app.digest.replace(':', "-"));
    push_cosign_style(
        &p,
        "sig/app",
        &tag,
        &[(
            SIMPLESIGNING,
            payload,
            json!({
                "dev.cosignproject.cosign/signature": "MEUCIQDx",
                "dev.sigstore.cosign/certificate": pem,
            }),
        )],
    )
    .unwrap();
    for (lang, label) in [("en-US", "cert-en"), ("zh-CN", "cert-zh")] {
        let mut b = Browser::start_with(label, Viewport::PHONE, lang, false)
            .await
            .unwrap();
        visit(&mut b, &stack.page(&format!("/image/sig/app:{tag}"))).await;
        assert_eq!(
            b.wait_text("[data-testid=cert-name]").await.unwrap(),
            "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"
        );
        assert_eq!(
            b.wait_text("[data-testid=cert-issuer]").await.unwrap(),
            "https://token.actions.githubusercontent.com"
        );
        let warning = b
            .wait_text("[data-testid=cert-not-verified]")
            .await
            .unwrap();
        if lang == "en-US" {
            assert!(warning.contains("proves nothing"), "{warning}");
        } else {
            assert!(warning.contains("不能证明"), "{warning}");
        }
        b.scroll_below_header("[data-testid=certificate]").await;
        b.screenshot("certificate").await.unwrap();
        let (scroll, inner) = b.widths().await;
        assert!(scroll <= inner, "{scroll} px wide in {inner} px");
        b.close().await.unwrap();
    }
}
