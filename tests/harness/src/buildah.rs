//! Images made the way users make them: Debian's `buildah`, offline, with
//! the `vfs` storage driver (no overlay mounts, no daemon), building from
//! scratch and pushing to the harness registry over plain HTTP.
//!
//! Each [`Buildah`] has its own storage (`--root`, `--runroot`) in a fresh
//! temp folder, so tests running side by side never share a lock or an
//! image name; the folder is removed on drop. Every command is short-lived
//! (`buildah` starts no daemon), so nothing outlives a call.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The manifest format `buildah commit --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `application/vnd.oci.image.manifest.v1+json`
    Oci,
    /// `application/vnd.docker.distribution.manifest.v2+json`
    Docker,
}

impl Format {
    fn flag(self) -> &'static str {
        match self {
            Format::Oci => "oci",
            Format::Docker => "docker",
        }
    }
}

/// One image from scratch: a single file `/app`, a platform, one label,
/// `CMD ["/app"]`.
#[derive(Clone, Debug)]
pub struct Build {
    pub format: Format,
    pub arch: String,
    pub variant: Option<String>,
    /// The content of `/app` (its time fixed): the same content, the same
    /// layer.
    pub file: Vec<u8>,
    pub label: (String, String),
    /// Built on this local image (`localhost/<base>`) instead of scratch:
    /// its layers come first, unchanged.
    pub from: Option<String>,
    /// Where the file goes (default `/app`).
    pub path: String,
    /// `--env K=V` each.
    pub env: Vec<(String, String)>,
    /// `--cmd` as JSON (default `["/app"]`).
    pub cmd: String,
}

impl Build {
    pub fn new(format: Format, arch: &str, file: &[u8]) -> Build {
        Build {
            format,
            arch: arch.to_string(),
            variant: None,
            file: file.to_vec(),
            label: ("org.example.built-by".into(), "buildah".into()),
            from: None,
            path: "/app".into(),
            env: Vec::new(),
            cmd: r#"["/app"]"#.into(),
        }
    }

    /// On top of the local image `base` (built before by the same
    /// [`Buildah`]), adding the file at `path`.
    pub fn on(mut self, base: &str, path: &str) -> Build {
        self.from = Some(format!("localhost/{base}"));
        self.path = path.to_string();
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Build {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// `CMD` as a JSON array, e.g. `["/app","--serve"]`.
    pub fn cmd(mut self, json: &str) -> Build {
        self.cmd = json.to_string();
        self
    }

    pub fn variant(mut self, variant: &str) -> Build {
        self.variant = Some(variant.to_string());
        self
    }

    pub fn label(mut self, key: &str, value: &str) -> Build {
        self.label = (key.to_string(), value.to_string());
        self
    }
}

/// A `buildah` with its own storage.
pub struct Buildah {
    dir: PathBuf,
}

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
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "{cmd:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Buildah {
    /// Fresh storage under `target/tmp/buildah-<label>-…`.
    pub fn new(label: &str) -> Buildah {
        Buildah {
            dir: crate::temp_dir(&format!("buildah-{label}")),
        }
    }

    /// The storage folder (for a test that wants to look).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `buildah --storage-driver vfs --root … --runroot …`
    fn cmd(&self) -> Command {
        let mut c = Command::new("buildah");
        c.arg("--storage-driver")
            .arg("vfs")
            .arg("--root")
            .arg(self.dir.join("root"))
            .arg("--runroot")
            .arg(self.dir.join("runroot"));
        c
    }

    /// Build `spec` from scratch and commit it as `localhost/<image>`.
    pub fn build(&self, image: &str, spec: &Build) -> Result<(), String> {
        let from = spec.from.as_deref().unwrap_or("scratch");
        let container = run(self.cmd().args(["from", "--pull-never", from]))?;
        let file = self.dir.join(format!("{image}.app"));
        std::fs::write(&file, &spec.file).map_err(|e| e.to_string())?;
        // A fixed mtime: the same content makes the same layer (the tar
        // keeps the file's time), so images can share a layer blob.
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| {
                f.set_modified(
                    std::time::SystemTime::UNIX_EPOCH
                        + std::time::Duration::from_secs(1_704_067_200),
                )
            })
            .map_err(|e| e.to_string())?;
        run(self
            .cmd()
            .args(["copy", &container])
            .arg(&file)
            .arg(&spec.path))?;
        let mut config = self.cmd();
        config.args(["config", "--os", "linux", "--arch", &spec.arch]);
        if let Some(v) = &spec.variant {
            config.args(["--variant", v]);
        }
        for (k, v) in &spec.env {
            config.args(["--env", &format!("{k}={v}")]);
        }
        config.args([
            "--label",
            &format!("{}={}", spec.label.0, spec.label.1),
            "--cmd",
            &spec.cmd,
            &container,
        ]);
        run(&mut config)?;
        run(self
            .cmd()
            .args(["commit", "--format", spec.format.flag(), &container, image]))?;
        run(self.cmd().args(["rm", &container]))?;
        Ok(())
    }

    /// `buildah push --tls-verify=false <image> docker://<registry>/<dest>`
    /// (`dest` is `repo:tag`); the format the image was committed in.
    pub fn push(&self, image: &str, url: &str, dest: &str) -> Result<(), String> {
        run(self.cmd().args([
            "push",
            "--tls-verify=false",
            image,
            &format!("docker://{}/{dest}", host(url)),
        ]))
        .map(|_| ())
    }

    /// `buildah manifest create <list>`, then `manifest add --arch <arch>
    /// [--variant <v>] <list> containers-storage:localhost/<image>` for each
    /// (image, arch, variant).
    pub fn manifest(
        &self,
        list: &str,
        images: &[(&str, &str, Option<&str>)],
    ) -> Result<(), String> {
        run(self.cmd().args(["manifest", "create", list]))?;
        for (image, arch, variant) in images {
            let mut add = self.cmd();
            add.args(["manifest", "add", "--arch", arch]);
            if let Some(v) = variant {
                add.args(["--variant", v]);
            }
            add.args([list, &format!("containers-storage:localhost/{image}")]);
            run(&mut add)?;
        }
        Ok(())
    }

    /// `buildah manifest push --all --tls-verify=false <list>
    /// docker://<registry>/<dest>`; `format` `None` is buildah's default.
    pub fn manifest_push(
        &self,
        list: &str,
        format: Option<Format>,
        url: &str,
        dest: &str,
    ) -> Result<(), String> {
        let mut push = self.cmd();
        push.args(["manifest", "push", "--all", "--tls-verify=false"]);
        if let Some(f) = format {
            // `manifest push` names Docker's format v2s2.
            push.args([
                "--format",
                match f {
                    Format::Oci => "oci",
                    Format::Docker => "v2s2",
                },
            ]);
        }
        push.args([list, &format!("docker://{}/{dest}", host(url))]);
        run(&mut push).map(|_| ())
    }

    /// A two-platform OCI index (linux/amd64 and linux/arm64/v8, each its
    /// own file) pushed to `dest` (`repo:tag`) in the registry at `url`.
    pub fn push_two_platform_index(&self, url: &str, dest: &str) -> Result<(), String> {
        self.build("x86", &Build::new(Format::Oci, "amd64", b"x86\n"))?;
        self.build(
            "arm",
            &Build::new(Format::Oci, "arm64", b"arm\n").variant("v8"),
        )?;
        self.manifest(
            "multi",
            &[("x86", "amd64", None), ("arm", "arm64", Some("v8"))],
        )?;
        self.manifest_push("multi", None, url, dest)
    }
}

impl Drop for Buildah {
    fn drop(&mut self) {
        // vfs keeps plain folders (no mounts); the working containers were
        // removed after each commit.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// B's `DOWNLOAD_URL`.
pub const LONG_VALUE: &str = "https://downloads.example.com/releases/2026/12/shipshape-compare-fixture-with-a-very-long-name-that-does-not-break-at-spaces-linux-amd64.tar.gz?token=0123456789abcdef0123456789abcdef";

/// Two images on one base layer, for the compare tests: `base` (one file,
/// label `org.example.built-by=buildah`), then A and B on it, each with a
/// layer of its own and its own settings:
/// A: `MODE=a`, label `org.example.flavour=a`, `CMD ["/app","--a"]`;
/// B: `MODE=b`, `EXTRA=1`, `DOWNLOAD_URL` (a long value without spaces,
/// to wrap on a phone), label `org.example.flavour=b`, `CMD ["/app","--b"]`. Pushed (OCI) to `a_dest` and `b_dest`
/// (`repo:tag`).
pub fn push_two_on_a_base(
    bh: &Buildah,
    url: &str,
    a_dest: &str,
    b_dest: &str,
) -> Result<(), String> {
    bh.build(
        "base",
        &Build::new(Format::Oci, "amd64", b"the shared base\n"),
    )?;
    bh.build(
        "img-a",
        &Build::new(Format::Oci, "amd64", b"only in a\n")
            .on("base", "/srv/a")
            .env("MODE", "a")
            .label("org.example.flavour", "a")
            .cmd(r#"["/app","--a"]"#),
    )?;
    bh.build(
        "img-b",
        &Build::new(Format::Oci, "amd64", b"only in b, a little longer\n")
            .on("base", "/srv/b")
            .env("MODE", "b")
            .env("EXTRA", "1")
            .env("DOWNLOAD_URL", LONG_VALUE)
            .label("org.example.flavour", "b")
            .cmd(r#"["/app","--b"]"#),
    )?;
    bh.push("img-a", url, a_dest)?;
    bh.push("img-b", url, b_dest)
}
