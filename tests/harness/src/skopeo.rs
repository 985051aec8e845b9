//! A second client, as users have one: Debian's `skopeo`, changing tags
//! behind the page's back, and proving afterwards that an image still pulls
//! completely. Also the registry's own garbage collection.

use crate::registry::{Registry, REGISTRY_BIN};
use std::process::Command;

fn host(url: &str) -> &str {
    url.trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/')
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{cmd:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `skopeo copy --all --preserve-digests` of `from` to `to` (both
/// `repo:tag` in the registry at `url`): points the tag `to` at the image
/// of `from` without pushing anything new, as `crane tag` or a roll-back
/// does.
pub fn retag(url: &str, from: &str, to: &str) -> Result<(), String> {
    let h = host(url);
    run(Command::new("skopeo").args([
        "copy",
        "--all",
        "--preserve-digests",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        &format!("docker://{h}/{from}"),
        &format!("docker://{h}/{to}"),
    ]))
    .map(|_| ())
}

/// `skopeo copy --all` of `reference` into a folder: every manifest, config
/// and layer of it must still be there.
pub fn pulls_completely(url: &str, reference: &str) -> Result<(), String> {
    let dir = crate::temp_dir("pull");
    let result = run(Command::new("skopeo").args([
        "copy",
        "--all",
        "--src-tls-verify=false",
        &format!("docker://{}/{reference}", host(url)),
        &format!("dir:{}", dir.display()),
    ]))
    .map(|_| ());
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `docker-registry garbage-collect` over the registry's storage (no
/// `--delete-untagged`), as the app recommends.
pub fn garbage_collect(registry: &Registry) -> Result<String, String> {
    run(Command::new(REGISTRY_BIN)
        .arg("garbage-collect")
        .arg(registry.config_path()))
}

/// `skopeo inspect --raw [--config] docker://…/<reference>`: the bytes of
/// the manifest (or with `config`, of the image's config blob) as the
/// registry serves them.
pub fn inspect_raw(url: &str, reference: &str, config: bool) -> Result<Vec<u8>, String> {
    let mut cmd = Command::new("skopeo");
    cmd.args(["inspect", "--raw", "--tls-verify=false"]);
    if config {
        cmd.arg("--config");
    }
    cmd.arg(format!("docker://{}/{reference}", host(url)));
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run skopeo: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "{cmd:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `skopeo inspect docker://…/<reference>` as JSON: skopeo's summary
/// (`Digest` of what the reference names, `Created`, `Architecture`, `Os`,
/// `Variant`, `Layers`, `RepoTags`, …; of the platform skopeo picks for an
/// index).
pub fn inspect(url: &str, reference: &str) -> Result<serde_json::Value, String> {
    let out = run(Command::new("skopeo").args([
        "inspect",
        "--tls-verify=false",
        &format!("docker://{}/{reference}", host(url)),
    ]))?;
    serde_json::from_str(&out).map_err(|e| format!("skopeo inspect {reference}: {e}: {out}"))
}

/// Can skopeo still read `reference`'s manifest? `Ok(false)` when the
/// registry says it is unknown.
pub fn exists(url: &str, reference: &str) -> Result<bool, String> {
    match inspect_raw(url, reference, false) {
        Ok(_) => Ok(true),
        Err(e) if e.contains("manifest unknown") => Ok(false),
        Err(e) => Err(e),
    }
}

/// `skopeo list-tags docker://…/<repo>`: the tags skopeo sees, sorted.
pub fn list_tags(url: &str, repo: &str) -> Result<Vec<String>, String> {
    let out = run(Command::new("skopeo").args([
        "list-tags",
        "--tls-verify=false",
        &format!("docker://{}/{repo}", host(url)),
    ]))?;
    let v: serde_json::Value =
        serde_json::from_str(&out).map_err(|e| format!("skopeo list-tags {repo}: {e}: {out}"))?;
    let mut tags: Vec<String> = v["Tags"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    tags.sort();
    Ok(tags)
}
