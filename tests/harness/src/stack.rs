//! The whole set-up a demo or a browser test needs: a registry seeded with
//! demo images and the built app served beside it, configured to use it.

use crate::registry::{Registry, RegistryOptions};
use crate::seed::{seed, SeedOptions, SeedReport};
use crate::serve::StaticServer;
use crate::{free_port, workspace_root};
use std::path::PathBuf;

/// Where the built app is: `$SHIPSHAPE_DIST`, else `dist/`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"))
}

/// The app built for the `/ui/` sub-path (`--public-url /ui/`).
pub fn dist_ui_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_DIST_SUBPATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/dist-ui"))
}

/// A seeded registry and the app, torn down on drop.
pub struct Stack {
    pub registry: Registry,
    pub app: StaticServer,
    pub seeded: SeedReport,
}

/// How to set up a stack.
#[derive(Clone, Debug, Default)]
pub struct StackOptions {
    pub registry: RegistryOptions,
    /// `None`: push nothing.
    pub seed: Option<SeedOptions>,
    /// UI port; a free one when `None`.
    pub ui_port: Option<u16>,
    /// Served as `config.json`; by default one that names the registry.
    pub config_json: Option<String>,
    /// Serve a build made for this sub-path (from `$SHIPSHAPE_DIST_SUBPATH`),
    /// e.g. `/ui`.
    pub sub_path: Option<String>,
}

impl Stack {
    pub fn start(options: StackOptions) -> Result<Stack, String> {
        let dist = match &options.sub_path {
            Some(_) => dist_ui_dir(),
            None => dist_dir(),
        };
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "no built app in {}: run `cargo xtask test` (it builds the app first)",
                dist.display()
            ));
        }
        let ui_port = options.ui_port.unwrap_or_else(free_port);
        let mut registry_options = options.registry;
        if registry_options.cors_origin.is_some() {
            registry_options.cors_origin = Some(format!("http://127.0.0.1:{ui_port}"));
        }
        let registry = Registry::start(registry_options)?;
        let seeded = match &options.seed {
            Some(s) => seed(&registry.url, s)?,
            None => SeedReport::default(),
        };
        // `{registry}` in a given config.json stands for the registry's URL.
        let config = options
            .config_json
            .map(|c| c.replace("{registry}", &registry.url))
            .unwrap_or_else(|| {
                format!(
                    r#"{{"registries":[{{"name":"demo","url":"{}"}}]}}"#,
                    registry.url
                )
            });
        let app = StaticServer::start_under(
            &dist,
            ui_port,
            Some(config),
            options.sub_path.as_deref().unwrap_or(""),
        )
        .map_err(|e| format!("cannot serve the app on port {ui_port}: {e}"))?;
        Ok(Stack {
            registry,
            app,
            seeded,
        })
    }

    /// The app's URL for a path such as `/` or `/?registry=…`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.app.url)
    }
}
