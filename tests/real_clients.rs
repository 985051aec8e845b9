//! Images made and read by the clients users run: Debian's `buildah`
//! builds from scratch and pushes (single-arch OCI and Docker, multi-arch
//! lists with `manifest push --all`, one image pushed again under new
//! tags), and every digest, platform, size and date the page shows must
//! equal what `skopeo inspect` reads. A delete made on the page must be
//! what skopeo then sees, and what stays must still pull completely.
//! Run by `cargo xtask test -- real_clients`; ignored by a plain
//! `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use shipshape::timestamp::format_size;
use shipshape_harness::browser::Browser;
use shipshape_harness::buildah::{Build, Buildah, Format};
use shipshape_harness::skopeo;
use shipshape_harness::stack::{Stack, StackOptions};
use shipshape_harness::steps::{all_texts, query};

fn empty_stack() -> Stack {
    Stack::start(StackOptions::default()).expect("start registry and app")
}

/// Open `url`; if the app never mounts, a screenshot and the page's text.
async fn visit(b: &mut Browser, url: &str) {
    if let Err(e) = b.visit(url).await {
        let shot = b.screenshot("not-mounted").await;
        let body = b
            .client
            .execute("return document.body.innerText;", vec![])
            .await
            .map(|v| v.to_string())
            .unwrap_or_default();
        panic!("{url}: {e}; page text {body:?}; screenshot {shot:?}");
    }
}

/// Every `dt` → `dd` text of the definition lists matching `css`.
async fn facts(b: &Browser, css: &str) -> Vec<(String, String)> {
    let script = "return Array.from(document.querySelectorAll(arguments[0] + ' > dt')).map(dt => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]);";
    query(b, script, css).await
}

fn fact(all: &[(String, String)], label: &str) -> String {
    all.iter()
        .find(|(k, _)| k == label)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {label:?} in {all:?}"))
}

/// What skopeo reads of one image manifest (`repo@digest` or `repo:tag`).
#[derive(Debug)]
struct SkopeoImage {
    digest: String,
    media_type: String,
    /// os/arch[/variant] from the config skopeo reads.
    platform: String,
    /// The config's `created`, as written.
    created: String,
    /// Config and layers by digest, with their sizes from the manifest.
    blobs: Vec<(String, u64)>,
    layers: Vec<String>,
    labels: Vec<(String, String)>,
}

impl SkopeoImage {
    fn size(&self) -> u64 {
        self.blobs.iter().map(|(_, s)| s).sum()
    }
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON from skopeo")
}

fn read_image(url: &str, reference: &str, digest: &str) -> SkopeoImage {
    let raw = json(&skopeo::inspect_raw(url, reference, false).unwrap());
    let config_bytes = skopeo::inspect_raw(url, reference, true).unwrap();
    let config = json(&config_bytes);
    let config_size = raw["config"]["size"].as_u64().unwrap();
    assert_eq!(
        config_size,
        config_bytes.len() as u64,
        "{reference}: the config descriptor's size is the blob's"
    );
    let mut platform = format!(
        "{}/{}",
        config["os"].as_str().unwrap(),
        config["architecture"].as_str().unwrap()
    );
    if let Some(v) = config["variant"].as_str().filter(|v| !v.is_empty()) {
        platform = format!("{platform}/{v}");
    }
    let mut blobs = vec![(
        raw["config"]["digest"].as_str().unwrap().to_string(),
        config_size,
    )];
    let mut layers = Vec::new();
    for l in raw["layers"].as_array().unwrap() {
        let d = l["digest"].as_str().unwrap().to_string();
        layers.push(d.clone());
        blobs.push((d, l["size"].as_u64().unwrap()));
    }
    let mut labels: Vec<(String, String)> = config["config"]["Labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    labels.sort();
    SkopeoImage {
        digest: digest.to_string(),
        media_type: raw["mediaType"].as_str().unwrap().to_string(),
        platform,
        created: config["created"].as_str().unwrap().to_string(),
        blobs,
        layers,
        labels,
    }
}

/// `2026-12-02T15:29:47.86566379Z` → `2026-12-02 15:29 UTC`, the page's
/// UTC format (to the minute), worked out from the text alone.
fn utc_minute(rfc3339: &str) -> String {
    assert!(rfc3339.ends_with('Z'), "buildah writes UTC: {rfc3339}");
    format!("{} {} UTC", &rfc3339[..10], &rfc3339[11..16])
}

/// What skopeo reads of a tag: an image, or an index and its platforms.
#[derive(Debug)]
enum Read {
    Image(SkopeoImage),
    Index {
        digest: String,
        media_type: String,
        /// Per `manifests` entry, in order: platform from the index, child.
        children: Vec<(String, SkopeoImage)>,
    },
}

impl Read {
    fn digest(&self) -> &str {
        match self {
            Read::Image(i) => &i.digest,
            Read::Index { digest, .. } => digest,
        }
    }

    fn media_type(&self) -> &str {
        match self {
            Read::Image(i) => &i.media_type,
            Read::Index { media_type, .. } => media_type,
        }
    }

    /// The platforms as the tag table lists them.
    fn platforms(&self) -> Vec<String> {
        match self {
            Read::Image(i) => vec![i.platform.clone()],
            Read::Index { children, .. } => children.iter().map(|(p, _)| p.clone()).collect(),
        }
    }

    /// Compressed size as the UI defines it: config + layers; for an index
    /// every distinct blob of its platforms once.
    fn size(&self) -> u64 {
        match self {
            Read::Image(i) => i.size(),
            Read::Index { children, .. } => {
                let mut all = std::collections::BTreeMap::new();
                for (_, c) in children {
                    all.extend(c.blobs.iter().cloned());
                }
                all.values().sum()
            }
        }
    }

    /// The date shown: the image's config; for an index (no
    /// `org.opencontainers.image.created` annotation from buildah) its first
    /// platform's config.
    fn created(&self) -> &str {
        match self {
            Read::Image(i) => &i.created,
            Read::Index { children, .. } => &children[0].1.created,
        }
    }
}

fn read_tag(url: &str, repo: &str, tag: &str) -> Read {
    let reference = format!("{repo}:{tag}");
    // skopeo's digest of what the tag names (index or image).
    let digest = skopeo::inspect(url, &reference).unwrap()["Digest"]
        .as_str()
        .unwrap()
        .to_string();
    let raw = json(&skopeo::inspect_raw(url, &reference, false).unwrap());
    let media_type = raw["mediaType"].as_str().unwrap_or_default().to_string();
    match raw["manifests"].as_array() {
        None => Read::Image(read_image(url, &reference, &digest)),
        Some(list) => Read::Index {
            digest,
            media_type,
            children: list
                .iter()
                .map(|m| {
                    let p = &m["platform"];
                    let mut platform = format!(
                        "{}/{}",
                        p["os"].as_str().unwrap(),
                        p["architecture"].as_str().unwrap()
                    );
                    if let Some(v) = p["variant"].as_str().filter(|v| !v.is_empty()) {
                        platform = format!("{platform}/{v}");
                    }
                    let d = m["digest"].as_str().unwrap();
                    let child = read_image(url, &format!("{repo}@{d}"), d);
                    assert_eq!(
                        child.platform, platform,
                        "{repo}@{d}: the index and the child's config name one platform"
                    );
                    (platform, child)
                })
                .collect(),
        },
    }
}

/// The repository page: each tag's row against skopeo.
async fn check_tag_table(b: &mut Browser, stack: &Stack, repo: &str, reads: &[(&str, &Read)]) {
    visit(b, &stack.page(&format!("/repo/{repo}"))).await;
    let n = reads.len();
    b.wait_for_attr(
        "[data-testid=tag-count]",
        "data-details",
        &format!("{n}/{n}"),
        60,
    )
    .await;
    let mut shown = all_texts(b, "[data-testid=tag-name]").await;
    shown.sort();
    let mut want: Vec<String> = reads.iter().map(|(t, _)| t.to_string()).collect();
    want.sort();
    assert_eq!(shown, want, "{repo}: the tags skopeo lists");
    assert_eq!(skopeo::list_tags(&stack.registry.url, repo).unwrap(), want);
    for (tag, read) in reads {
        let row = format!("[data-tag='{tag}']");
        let digest = b
            .attr(&format!("{row} [data-testid=digest]"), "title")
            .await
            .unwrap();
        assert_eq!(
            digest.as_deref(),
            Some(read.digest()),
            "{repo}:{tag} digest"
        );
        let platforms = all_texts(b, &format!("{row} [data-testid=platforms] .badge")).await;
        assert_eq!(platforms, read.platforms(), "{repo}:{tag} platforms");
        let size = all_texts(b, &format!("{row} [data-testid=size]")).await;
        assert_eq!(size, vec![format_size(read.size())], "{repo}:{tag} size");
        // Each platform's size in the cell's title.
        let per_platform = b
            .attr(&format!("{row} [data-testid=size]"), "title")
            .await
            .unwrap()
            .unwrap_or_default();
        let want_per_platform = match read {
            Read::Image(i) => format!("{}: {}", i.platform, format_size(i.size())),
            Read::Index { children, .. } => children
                .iter()
                .map(|(p, c)| format!("{p}: {}", format_size(c.size())))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        assert_eq!(
            per_platform, want_per_platform,
            "{repo}:{tag} sizes per platform"
        );
        let created = b
            .attr(&format!("{row} [data-testid=created]"), "title")
            .await
            .unwrap();
        assert_eq!(
            created.as_deref(),
            Some(utc_minute(read.created()).as_str()),
            "{repo}:{tag} created"
        );
    }
}

/// An image page (`/image/<path>`) against what skopeo read of it.
async fn check_image_page(b: &mut Browser, stack: &Stack, path: &str, image: &SkopeoImage) {
    visit(b, &stack.page(&format!("/image/{path}"))).await;
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    assert_eq!(
        b.wait_text("[data-testid=image-digest]").await.unwrap(),
        image.digest,
        "{path} digest"
    );
    assert_eq!(
        b.wait_text("[data-testid=media-type]").await.unwrap(),
        image.media_type,
        "{path} media type"
    );
    assert_eq!(
        b.wait_text("[data-testid=image-size]").await.unwrap(),
        format_size(image.size()),
        "{path} size"
    );
    let config = facts(b, "[data-testid=config-facts]").await;
    assert_eq!(
        fact(&config, "Created"),
        utc_minute(&image.created),
        "{path}"
    );
    assert_eq!(fact(&config, "Platform"), image.platform, "{path}");
    assert_eq!(fact(&config, "Command"), "/app", "{path}");
    let layers = b
        .attr_all("[data-testid=layer-row] td.mono:first-child", "title")
        .await
        .unwrap();
    let layers: Vec<String> = layers.into_iter().map(Option::unwrap_or_default).collect();
    assert_eq!(layers, image.layers, "{path} layers");
    let mut labels: Vec<(String, String)> = b
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=label-row]')).map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()]);",
            vec![],
        )
        .await
        .map(|v| serde_json::from_value(v).expect("pairs"))
        .unwrap();
    labels.sort();
    assert_eq!(labels, image.labels, "{path} labels");
}

/// An index page against skopeo: its digest, and one row per platform
/// with the child's digest.
async fn check_index_page(b: &mut Browser, stack: &Stack, path: &str, read: &Read) {
    let Read::Index {
        digest,
        media_type,
        children,
    } = read
    else {
        panic!("{path} is not an index: {read:?}");
    };
    visit(b, &stack.page(&format!("/image/{path}"))).await;
    b.wait_text("[data-testid=platform-row]").await.unwrap();
    assert_eq!(
        &b.wait_text("[data-testid=image-digest]").await.unwrap(),
        digest
    );
    assert_eq!(
        &b.wait_text("[data-testid=media-type]").await.unwrap(),
        media_type
    );
    let platforms = all_texts(b, "[data-testid=platform-row] td:first-child").await;
    let want: Vec<String> = children.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(platforms, want, "{path} platforms");
    let digests: Vec<String> = b
        .attr_all("[data-testid=platform-row] td:nth-child(2)", "title")
        .await
        .unwrap()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let want: Vec<String> = children.iter().map(|(_, c)| c.digest.clone()).collect();
    assert_eq!(digests, want, "{path} platform digests");
}

/// Every kind of image buildah makes, pushed as users push them, shown as
/// skopeo reads them: tag table and image pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, buildah, skopeo and Chromium: cargo xtask test"]
async fn real_clients_images_show_what_skopeo_reads() {
    let stack = empty_stack();
    let url = stack.registry.url.clone();
    let bh = Buildah::new("show");
    // Single-arch OCI and Docker.
    bh.build(
        "oci-amd64",
        &Build::new(Format::Oci, "amd64", b"oci amd64\n").label("org.example.k", "v"),
    )
    .unwrap();
    bh.push("oci-amd64", &url, "buildah/oci:1.0").unwrap();
    bh.build(
        "docker-armv7",
        &Build::new(Format::Docker, "arm", b"docker arm v7\n")
            .variant("v7")
            .label("org.example.k", "docker"),
    )
    .unwrap();
    bh.push("docker-armv7", &url, "buildah/docker:1.0").unwrap();
    // Multi-arch: two platforms with the same file (one shared layer, so
    // the index's size counts it once), in buildah's default format (OCI)
    // and as a Docker list.
    bh.build("multi-amd64", &Build::new(Format::Oci, "amd64", b"multi\n"))
        .unwrap();
    bh.build(
        "multi-arm64",
        &Build::new(Format::Oci, "arm64", b"multi\n").variant("v8"),
    )
    .unwrap();
    bh.manifest(
        "multi",
        &[
            ("multi-amd64", "amd64", None),
            ("multi-arm64", "arm64", Some("v8")),
        ],
    )
    .unwrap();
    bh.manifest_push("multi", None, &url, "buildah/multi:1.0")
        .unwrap();
    bh.manifest_push(
        "multi",
        Some(Format::Docker),
        &url,
        "buildah/multi-docker:1.0",
    )
    .unwrap();
    // One image pushed three times under new tags.
    for tag in ["1.0", "1", "latest"] {
        bh.push("oci-amd64", &url, &format!("buildah/twice:{tag}"))
            .unwrap();
    }

    let oci = read_tag(&url, "buildah/oci", "1.0");
    let docker = read_tag(&url, "buildah/docker", "1.0");
    let multi = read_tag(&url, "buildah/multi", "1.0");
    let multi_docker = read_tag(&url, "buildah/multi-docker", "1.0");
    let twice: Vec<Read> = ["1.0", "1", "latest"]
        .iter()
        .map(|t| read_tag(&url, "buildah/twice", t))
        .collect();
    // What the clients did, as skopeo reads it.
    assert_eq!(
        oci.media_type(),
        "application/vnd.oci.image.manifest.v1+json"
    );
    assert_eq!(
        docker.media_type(),
        "application/vnd.docker.distribution.manifest.v2+json"
    );
    assert_eq!(
        multi.media_type(),
        "application/vnd.oci.image.index.v1+json"
    );
    assert_eq!(
        multi_docker.media_type(),
        "application/vnd.docker.distribution.manifest.list.v2+json"
    );
    assert!(
        twice.iter().all(|r| r.digest() == oci.digest()),
        "pushed again: the same digest under every tag"
    );
    assert_eq!(multi.platforms(), vec!["linux/amd64", "linux/arm64/v8"]);
    // One layer shared by both platforms: the index's size counts it once.
    for list in [&multi, &multi_docker] {
        let Read::Index { children, .. } = list else {
            panic!("{list:?}")
        };
        assert_eq!(children[0].1.layers, children[1].1.layers);
        assert!(list.size() < children[0].1.size() + children[1].1.size());
    }
    assert_eq!(docker.platforms(), vec!["linux/arm/v7"]);

    let mut b = Browser::start("real-clients").await.unwrap();
    check_tag_table(&mut b, &stack, "buildah/oci", &[("1.0", &oci)]).await;
    check_tag_table(&mut b, &stack, "buildah/docker", &[("1.0", &docker)]).await;
    b.screenshot("docker-tags").await.unwrap();
    check_tag_table(&mut b, &stack, "buildah/multi", &[("1.0", &multi)]).await;
    b.screenshot("multi-tags").await.unwrap();
    check_tag_table(
        &mut b,
        &stack,
        "buildah/multi-docker",
        &[("1.0", &multi_docker)],
    )
    .await;
    check_tag_table(
        &mut b,
        &stack,
        "buildah/twice",
        &[("1.0", &twice[0]), ("1", &twice[1]), ("latest", &twice[2])],
    )
    .await;
    // Three tags, one image: every row says which others it shares with.
    let shared = all_texts(&b, "[data-testid=shared-badge]").await;
    assert_eq!(shared.len(), 3, "{shared:?}");
    b.screenshot("twice-tags").await.unwrap();

    let Read::Image(oci_image) = &oci else {
        panic!("{oci:?}")
    };
    check_image_page(&mut b, &stack, "buildah/oci:1.0", oci_image).await;
    let Read::Image(docker_image) = &docker else {
        panic!("{docker:?}")
    };
    check_image_page(&mut b, &stack, "buildah/docker:1.0", docker_image).await;
    b.screenshot("docker-image").await.unwrap();
    for (path, read) in [
        ("buildah/multi:1.0", &multi),
        ("buildah/multi-docker:1.0", &multi_docker),
    ] {
        check_index_page(&mut b, &stack, path, read).await;
        b.screenshot("index").await.unwrap();
        let Read::Index { children, .. } = read else {
            unreachable!()
        };
        let repo = path.split(':').next().unwrap();
        for (_, child) in children {
            check_image_page(&mut b, &stack, &format!("{repo}@{}", child.digest), child).await;
        }
    }
    b.screenshot("platform-image").await.unwrap();
    b.close().await.unwrap();
}

/// A delete on the page, seen by skopeo: the image pushed under three tags
/// goes with all three, a multi-arch list goes and leaves its platforms
/// untagged (as the page says), and the image left (sharing a layer with
/// the deleted one) still pulls completely after garbage collection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, buildah, skopeo and Chromium: cargo xtask test"]
async fn real_clients_see_a_delete_made_on_the_page() {
    let stack = empty_stack();
    let url = stack.registry.url.clone();
    let bh = Buildah::new("delete");
    // Same file, different label: one shared layer, two images.
    bh.build(
        "app-1.0",
        &Build::new(Format::Oci, "amd64", b"app\n").label("version", "1.0"),
    )
    .unwrap();
    bh.build(
        "app-0.9",
        &Build::new(Format::Docker, "amd64", b"app\n").label("version", "0.9"),
    )
    .unwrap();
    bh.push("app-0.9", &url, "buildah/app:0.9").unwrap();
    for tag in ["1.0", "1", "latest"] {
        bh.push("app-1.0", &url, &format!("buildah/app:{tag}"))
            .unwrap();
    }
    bh.build(
        "list-amd64",
        &Build::new(Format::Oci, "amd64", b"list amd64\n"),
    )
    .unwrap();
    bh.build(
        "list-arm64",
        &Build::new(Format::Oci, "arm64", b"list arm64\n").variant("v8"),
    )
    .unwrap();
    bh.manifest(
        "list",
        &[
            ("list-amd64", "amd64", None),
            ("list-arm64", "arm64", Some("v8")),
        ],
    )
    .unwrap();
    bh.manifest_push("list", None, &url, "buildah/app:multi")
        .unwrap();

    let doomed = read_tag(&url, "buildah/app", "1.0");
    let kept = read_tag(&url, "buildah/app", "0.9");
    let list = read_tag(&url, "buildah/app", "multi");
    let (Read::Image(d), Read::Image(k)) = (&doomed, &kept) else {
        panic!("{doomed:?} {kept:?}")
    };
    assert_eq!(d.layers, k.layers, "one layer shared by both images");

    let mut b = Browser::start("real-clients-delete").await.unwrap();
    visit(&mut b, &stack.page("/image/buildah/app:1.0")).await;
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    let mut going = all_texts(&b, "[data-testid=impact-tags] li").await;
    going.sort();
    assert_eq!(going, vec!["1", "1.0", "latest"], "every tag on the digest");
    assert_eq!(
        b.wait_text("[data-testid=delete-digest]").await.unwrap(),
        doomed.digest()
    );
    b.type_into("[data-testid=confirm-input]", "1.0")
        .await
        .unwrap();
    b.screenshot("confirm").await.unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_text("[data-testid=gc-note]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=delete-result]", "data-result")
            .await
            .unwrap()
            .as_deref(),
        Some("deleted")
    );
    b.screenshot("deleted").await.unwrap();
    // skopeo: the digest and all three tags gone; 0.9 and the list stay.
    for tag in ["1.0", "1", "latest"] {
        assert!(
            !skopeo::exists(&url, &format!("buildah/app:{tag}")).unwrap(),
            "skopeo still reads buildah/app:{tag}"
        );
    }
    assert!(!skopeo::exists(&url, &format!("buildah/app@{}", doomed.digest())).unwrap());
    assert_eq!(
        skopeo::list_tags(&url, "buildah/app").unwrap(),
        vec!["0.9", "multi"]
    );

    // The multi-arch list, deleted from the repository's table.
    visit(&mut b, &stack.page("/repo/buildah/app")).await;
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "2/2", 60)
        .await;
    b.click("[data-tag='multi'] [data-testid=row-delete]")
        .await
        .unwrap();
    let going = b.wait_text("[data-testid=impact-tags]").await.unwrap();
    assert_eq!(going.trim(), "multi");
    assert_eq!(
        b.wait_text("[data-testid=delete-digest]").await.unwrap(),
        list.digest()
    );
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_text("[data-testid=gc-note]").await.unwrap();
    assert_eq!(
        b.attr("[data-testid=delete-result]", "data-result")
            .await
            .unwrap()
            .as_deref(),
        Some("deleted")
    );
    b.screenshot("list-deleted").await.unwrap();
    assert!(!skopeo::exists(&url, "buildah/app:multi").unwrap());
    assert!(!skopeo::exists(&url, &format!("buildah/app@{}", list.digest())).unwrap());
    // Its platforms stay, untagged, until a garbage collection with
    // --delete-untagged: skopeo still reads them by digest.
    let Read::Index { children, .. } = &list else {
        panic!("{list:?}")
    };
    for (p, c) in children {
        assert!(
            skopeo::exists(&url, &format!("buildah/app@{}", c.digest)).unwrap(),
            "{p} of the deleted list"
        );
    }
    assert_eq!(skopeo::list_tags(&url, "buildah/app").unwrap(), vec!["0.9"]);

    // After the registry's garbage collection the image left pulls
    // completely (its layer was shared with the deleted one).
    let gc = skopeo::garbage_collect(&stack.registry).expect("garbage-collect");
    assert!(gc.contains("blobs marked"), "{gc}");
    skopeo::pulls_completely(&url, "buildah/app:0.9").unwrap();
    assert_eq!(read_tag(&url, "buildah/app", "0.9").digest(), kept.digest());
    // The page agrees with skopeo on what is left.
    check_tag_table(&mut b, &stack, "buildah/app", &[("0.9", &kept)]).await;
    b.screenshot("left").await.unwrap();
    b.close().await.unwrap();
}
