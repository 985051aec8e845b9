//! A real registry: Debian's `docker-registry` (distribution 2.8), on
//! 127.0.0.1, a free port, its own storage folder.

use crate::process::{port_open, wait_until, ProcessGuard};
use crate::{free_port, temp_dir};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The registry binary from Debian's `docker-registry` package.
pub const REGISTRY_BIN: &str = "docker-registry";

/// How to configure a registry.
#[derive(Clone, Debug)]
pub struct RegistryOptions {
    /// `storage.delete.enabled`.
    pub delete_enabled: bool,
    /// `Access-Control-Allow-Origin`; `None` sends no CORS headers.
    pub cors_origin: Option<String>,
    /// htpasswd (bcrypt) basic auth with this user and password.
    pub basic_auth: Option<(String, String)>,
    /// `auth.token`: tokens from this token server (see `crate::token`).
    pub token_auth: Option<crate::token::TokenAuth>,
    /// `storage.maintenance.readonly.enabled`.
    pub read_only: bool,
    /// `catalog.maxentries`.
    pub catalog_max_entries: u32,
    /// Storage folder to reuse (the demo keeps its data); fresh when `None`.
    pub storage: Option<PathBuf>,
    /// Port to bind; a free one when `None`.
    pub port: Option<u16>,
    /// `proxy.remoteurl`: a pull-through cache of this registry.
    pub proxy_remote: Option<String>,
    /// `Access-Control-Max-Age` (seconds) with the CORS headers.
    pub cors_max_age: Option<u32>,
}

impl Default for RegistryOptions {
    fn default() -> Self {
        RegistryOptions {
            delete_enabled: true,
            cors_origin: Some("*".into()),
            basic_auth: None,
            token_auth: None,
            read_only: false,
            catalog_max_entries: 1000,
            storage: None,
            port: None,
            proxy_remote: None,
            cors_max_age: None,
        }
    }
}

/// A running registry; stopped and its temp folder removed on drop.
pub struct Registry {
    pub url: String,
    pub port: u16,
    pub dir: PathBuf,
    keep_dir: bool,
    process: Option<ProcessGuard>,
}

impl Registry {
    pub fn start(options: RegistryOptions) -> Result<Registry, String> {
        // A free port can be taken by another test's process between
        // `free_port` and the registry binding it: then the registry exits
        // ("address already in use") while the port answers for someone
        // else. Start again on another port.
        let mut last = String::new();
        for _ in 0..3 {
            match Registry::start_once(&options) {
                Ok(r) => return Ok(r),
                Err(e) if options.port.is_none() && e.contains("address already in use") => {
                    last = e
                }
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }

    fn start_once(options: &RegistryOptions) -> Result<Registry, String> {
        let dir = temp_dir("registry");
        let keep_dir = options.storage.is_some();
        let storage = options.storage.clone().unwrap_or_else(|| dir.join("data"));
        std::fs::create_dir_all(&storage).map_err(|e| e.to_string())?;
        let port = options.port.unwrap_or_else(free_port);
        let mut yaml = format!(
            "version: 0.1\n\
             log:\n  level: error\n  accesslog:\n    disabled: true\n\
             storage:\n  filesystem:\n    rootdirectory: {storage}\n  \
             delete:\n    enabled: {delete}\n  \
             maintenance:\n    uploadpurging:\n      enabled: false\n    readonly:\n      enabled: {ro}\n\
             catalog:\n  maxentries: {max}\n\
             http:\n  addr: 127.0.0.1:{port}\n  secret: shipshape-test-secret\n  headers:\n    X-Content-Type-Options: [nosniff]\n",
            storage = storage.display(),
            delete = options.delete_enabled,
            ro = options.read_only,
            max = options.catalog_max_entries,
        );
        if let Some(origin) = &options.cors_origin {
            yaml.push_str(&format!(
                "    Access-Control-Allow-Origin: ['{origin}']\n\
                 \x20   Access-Control-Allow-Methods: ['HEAD', 'GET', 'OPTIONS', 'DELETE', 'POST', 'PUT', 'PATCH']\n\
                 \x20   Access-Control-Allow-Headers: ['Authorization', 'Accept', 'Cache-Control', 'Content-Type', 'Range', 'Content-Range']\n\
                 \x20   Access-Control-Expose-Headers: ['Docker-Content-Digest', 'Link', 'WWW-Authenticate', 'Location']\n"
            ));
            if let Some(seconds) = options.cors_max_age {
                yaml.push_str(&format!("    Access-Control-Max-Age: ['{seconds}']\n"));
            }
        }
        if let Some((user, pass)) = &options.basic_auth {
            let out = Command::new("htpasswd")
                .args(["-Bbn", user, pass])
                .output()
                .map_err(|e| format!("htpasswd (apache2-utils): {e}"))?;
            let htpasswd = dir.join("htpasswd");
            std::fs::write(&htpasswd, &out.stdout).map_err(|e| e.to_string())?;
            yaml.push_str(&format!(
                "auth:\n  htpasswd:\n    realm: shipshape-test\n    path: {}\n",
                htpasswd.display()
            ));
        }
        if let Some(token) = &options.token_auth {
            yaml.push_str(&format!(
                "auth:\n  token:\n    realm: {}\n    service: {}\n    issuer: {}\n    rootcertbundle: {}\n",
                token.realm,
                token.service,
                token.issuer,
                token.rootcertbundle.display()
            ));
        }
        if let Some(remote) = &options.proxy_remote {
            yaml.push_str(&format!("proxy:\n  remoteurl: {remote}\n"));
        }
        let config = dir.join("config.yml");
        std::fs::write(&config, yaml).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(REGISTRY_BIN);
        cmd.arg("serve").arg(&config);
        let mut process = ProcessGuard::spawn("docker-registry", cmd, &dir.join("registry.log"))
            .map_err(|e| format!("cannot start {REGISTRY_BIN}: {e}"))?;
        let up = wait_until(Duration::from_secs(15), || {
            process.check_alive().is_ok() && port_open(port)
        });
        // Still ours a moment later (not another process on that port).
        std::thread::sleep(Duration::from_millis(300));
        if !up || process.check_alive().is_err() {
            let log = std::fs::read_to_string(dir.join("registry.log")).unwrap_or_default();
            return Err(format!("registry did not start on port {port}: {log}"));
        }
        Ok(Registry {
            url: format!("http://127.0.0.1:{port}"),
            port,
            dir,
            keep_dir,
            process: Some(process),
        })
    }

    /// The config file the registry runs with (for `garbage-collect`).
    pub fn config_path(&self) -> PathBuf {
        self.dir.join("config.yml")
    }

    /// The apparent size of every blob file in the registry's storage (what
    /// `du --apparent-size` counts of `blobs/`): the figure the storage
    /// accounting must match after garbage collection.
    pub fn blob_bytes(&self) -> u64 {
        fn walk(dir: &std::path::Path) -> u64 {
            let mut total = 0;
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    total += walk(&path);
                } else if path.file_name().is_some_and(|n| n == "data") {
                    total += entry.metadata().map(|m| m.len()).unwrap_or(0);
                }
            }
            total
        }
        walk(&self.dir.join("data/docker/registry/v2/blobs"))
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        drop(self.process.take());
        if !self.keep_dir {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
