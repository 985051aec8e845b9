//! `cargo xtask fixtures`: record real answers of a real registry into
//! `crates/registry/tests/fixtures/distribution-2.8/`, for the protocol core's unit tests.
//! Run it again to refresh them.

use shipshape_harness::registry::{Registry, RegistryOptions};
use shipshape_harness::seed::{seed, tiny_image, SeedOptions};
use shipshape_harness::workspace_root;
use std::io::Read;

const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.docker.distribution.manifest.v2+json";

/// Headers worth keeping (the rest vary run to run or do not matter).
const KEEP: &[&str] = &[
    "content-type",
    "content-length",
    "docker-content-digest",
    "link",
    "www-authenticate",
    "retry-after",
    "location",
];

fn record(
    agent: &ureq::Agent,
    out: &std::path::Path,
    name: &str,
    method: &str,
    base: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Result<(), String> {
    let mut req = agent.request(method, &format!("{base}{path}"));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let resp = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let status = resp.status();
    let kept: Vec<(String, String)> = resp
        .headers_names()
        .iter()
        .filter(|h| KEEP.contains(&h.to_ascii_lowercase().as_str()))
        .flat_map(|h| {
            resp.all(h)
                .into_iter()
                .map(|v| (h.clone(), v.replace(base, "http://registry.test")))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut body = Vec::new();
    resp.into_reader()
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    let body = String::from_utf8(body).map_err(|_| format!("{name}: body is not UTF-8"))?;
    let json = serde_json::json!({
        "request": format!("{method} {path}"),
        "status": status,
        "headers": kept,
        "body": body,
    });
    let text = serde_json::to_string_pretty(&json).expect("json") + "\n";
    std::fs::write(out.join(format!("{name}.json")), text).map_err(|e| e.to_string())?;
    println!("  {name}: {method} {path} -> {status}");
    Ok(())
}

pub fn capture() -> Result<(), String> {
    let out = workspace_root().join("crates/registry/tests/fixtures/distribution-2.8");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let accept = [("Accept", ACCEPT)];

    let main = Registry::start(RegistryOptions::default())?;
    let seeded = seed(
        &main.url,
        &SeedOptions {
            many_tags: 3,
            extra_repos: 6,
        },
    )?;
    let u = main.url.as_str();
    let digest_of = |k: &str| seeded.digests[k].clone();
    let sig_tag = seeded.tags["signed/app"]
        .iter()
        .find(|t| t.ends_with(".sig"))
        .unwrap()
        .clone();

    let r = |name: &str, method: &str, path: &str, headers: &[(&str, &str)]| {
        record(&agent, &out, name, method, u, path, headers)
    };
    r("catalog-page", "GET", "/v2/_catalog?n=5", &[])?;
    r("catalog-n-too-large", "GET", "/v2/_catalog?n=5000", &[])?;
    r("tags", "GET", "/v2/alpine/tags/list", &[])?;
    r("tags-emptied", "GET", "/v2/emptied/repo/tags/list", &[])?;
    r(
        "tags-unknown-repo",
        "GET",
        "/v2/does/not/exist/tags/list",
        &[],
    )?;
    r(
        "manifest-docker",
        "GET",
        "/v2/alpine/manifests/latest",
        &accept,
    )?;
    r(
        "manifest-docker-no-accept",
        "GET",
        "/v2/alpine/manifests/latest",
        &[],
    )?;
    r(
        "manifest-oci",
        "GET",
        "/v2/library/nginx/manifests/1.27",
        &accept,
    )?;
    r(
        "manifest-oci-index",
        "GET",
        "/v2/multiarch/tool/manifests/v1",
        &accept,
    )?;
    r(
        "manifest-docker-list",
        "GET",
        "/v2/legacy/tools/manifests/2.0",
        &accept,
    )?;
    r(
        "manifest-signature",
        "GET",
        &format!("/v2/signed/app/manifests/{sig_tag}"),
        &accept,
    )?;
    r(
        "manifest-by-digest",
        "GET",
        &format!(
            "/v2/team/app/api/manifests/{}",
            digest_of("team/app/api:v1.10.0")
        ),
        &accept,
    )?;
    r(
        "manifest-unknown",
        "GET",
        "/v2/alpine/manifests/nope",
        &accept,
    )?;
    r(
        "manifest-head",
        "HEAD",
        "/v2/alpine/manifests/latest",
        &accept,
    )?;
    let config = {
        let m: serde_json::Value = agent
            .get(&format!("{u}/v2/alpine/manifests/latest"))
            .set("Accept", ACCEPT)
            .call()
            .map_err(|e| e.to_string())?
            .into_json()
            .map_err(|e| e.to_string())?;
        m["config"]["digest"].as_str().unwrap().to_string()
    };
    r(
        "config-blob",
        "GET",
        &format!("/v2/alpine/blobs/{config}"),
        &[],
    )?;
    r("delete-by-tag", "DELETE", "/v2/alpine/manifests/3.19", &[])?;
    r(
        "delete",
        "DELETE",
        &format!("/v2/alpine/manifests/{}", digest_of("alpine:3.19")),
        &[],
    )?;
    r(
        "delete-gone",
        "DELETE",
        &format!("/v2/alpine/manifests/{}", digest_of("alpine:3.19")),
        &[],
    )?;
    drop(main);

    let no_delete = Registry::start(RegistryOptions {
        delete_enabled: false,
        ..RegistryOptions::default()
    })?;
    let pushed = tiny_image(&no_delete.url, "app")?;
    record(
        &agent,
        &out,
        "delete-disabled",
        "DELETE",
        &no_delete.url,
        &format!("/v2/app/manifests/{}", pushed.digest),
        &[],
    )?;
    drop(no_delete);

    let read_only = Registry::start(RegistryOptions {
        read_only: true,
        ..RegistryOptions::default()
    })?;
    record(
        &agent,
        &out,
        "delete-read-only",
        "DELETE",
        &read_only.url,
        &format!("/v2/app/manifests/{}", pushed.digest),
        &[],
    )?;
    drop(read_only);

    let auth = Registry::start(RegistryOptions {
        basic_auth: Some(("admin".into(), "s3cret".into())),
        ..RegistryOptions::default()
    })?;
    record(
        &agent,
        &out,
        "unauthorized",
        "GET",
        &auth.url,
        "/v2/_catalog",
        &[],
    )?;
    Ok(())
}
