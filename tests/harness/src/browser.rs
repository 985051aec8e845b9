//! Headless Chromium (Debian's `chromium` + `chromium-driver`) through
//! WebDriver. Every page visited is saved as a PNG under `target/screenshots/`.

use crate::process::{port_open, wait_until, ProcessGuard};
use crate::{free_port, temp_dir, workspace_root};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser session; the driver (and with it Chromium) is killed on drop.
pub struct Browser {
    pub client: Client,
    name: String,
    shots: u32,
    dir: PathBuf,
    driver: Option<ProcessGuard>,
}

/// Window size of a browser session.
#[derive(Clone, Copy, Debug)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

impl Viewport {
    pub const DESKTOP: Viewport = Viewport {
        width: 1280,
        height: 860,
    };
    pub const NARROW: Viewport = Viewport {
        width: 390,
        height: 800,
    };
    /// The narrowest phone the UI supports.
    pub const PHONE: Viewport = Viewport {
        width: 360,
        height: 740,
    };
}

impl Browser {
    /// Start chromedriver and a headless Chromium. `name` prefixes screenshots.
    pub async fn start(name: &str) -> Result<Browser, String> {
        Self::start_with(name, Viewport::DESKTOP, "en-US", false).await
    }

    /// Start with a window size, a browser language and a colour scheme.
    pub async fn start_with(
        name: &str,
        viewport: Viewport,
        lang: &str,
        dark: bool,
    ) -> Result<Browser, String> {
        Self::start_with_args(name, viewport, lang, dark, &[]).await
    }

    /// [`Browser::start_with`] plus Chromium flags (the benchmark asks for
    /// `--enable-precise-memory-info`).
    pub async fn start_with_args(
        name: &str,
        viewport: Viewport,
        lang: &str,
        dark: bool,
        extra: &[&str],
    ) -> Result<Browser, String> {
        let dir = temp_dir("chromium");
        let port = free_port();
        let mut cmd = Command::new(CHROMEDRIVER);
        cmd.arg(format!("--port={port}"));
        let mut driver = ProcessGuard::spawn("chromedriver", cmd, &dir.join("chromedriver.log"))
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        if !wait_until(Duration::from_secs(15), || {
            driver.check_alive().is_ok() && port_open(port)
        }) {
            return Err("chromedriver did not start".into());
        }
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            format!("--lang={lang}"),
            format!("--window-size={},{}", viewport.width, viewport.height),
            format!("--user-data-dir={}", dir.join("profile").display()),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        if dark {
            args.push("--force-dark-mode".into());
            args.push("--blink-settings=preferredColorScheme=0".into());
        }
        let mut caps = serde_json::Map::new();
        let mut chrome = serde_json::json!({
            "binary": CHROMIUM,
            "args": args,
            "prefs": {"intl.accept_languages": lang},
        });
        // Desktop Chromium will not make a window narrower than 500 px:
        // emulate a phone's screen instead.
        if viewport.width < 500 {
            chrome["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": {"width": viewport.width, "height": viewport.height, "pixelRatio": 1.0}
            });
        }
        caps.insert("goog:chromeOptions".into(), chrome);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("WebDriver session: {e}"))?;
        Ok(Browser {
            client,
            name: name.to_string(),
            shots: 0,
            dir,
            driver: Some(driver),
        })
    }

    /// Open `url` and wait for the app to mount and for its page, when the
    /// page loads on demand (`data-testid=part-loading` while its code
    /// comes; it may also end in "could not be loaded").
    pub async fn visit(&mut self, url: &str) -> Result<(), String> {
        self.client
            .goto(url)
            .await
            .map_err(|e| format!("goto {url}: {e}"))?;
        self.wait_gone("#boot").await?;
        self.wait_gone("[data-testid=part-loading]").await?;
        Ok(())
    }

    /// Wait until an element matching `css` exists; return its text.
    pub async fn wait_text(&self, css: &str) -> Result<String, String> {
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e}"))?;
        el.text().await.map_err(|e| e.to_string())
    }

    /// Wait until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Result<(), String> {
        for _ in 0..400 {
            if self
                .client
                .find_all(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?
                .is_empty()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("{css} is still there after 20 s"))
    }

    /// Texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(css))
            .await
            .map_err(|e| e.to_string())?
        {
            out.push(el.text().await.map_err(|e| e.to_string())?);
        }
        Ok(out)
    }

    /// Send keys to the page (to whatever has focus, else the body).
    pub async fn press(&self, keys: &str) -> Result<(), String> {
        let body = self
            .client
            .find(Locator::Css("body"))
            .await
            .map_err(|e| e.to_string())?;
        body.send_keys(keys).await.map_err(|e| e.to_string())
    }

    /// Click the first element matching `css`.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        el.click().await.map_err(|e| format!("click {css}: {e}"))
    }

    /// Click the first element matching `css` with Shift held (a range
    /// selection). Sent as a DOM click event with `shiftKey`.
    pub async fn shift_click(&self, css: &str) -> Result<(), String> {
        let script = "const el = document.querySelector(arguments[0]);\
            if (!el) { throw new Error('nothing matches ' + arguments[0]); }\
            el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, shiftKey: true, view: window}));";
        self.client
            .execute(script, vec![serde_json::json!(css)])
            .await
            .map(|_| ())
            .map_err(|e| format!("shift-click {css}: {e}"))
    }

    /// Scroll down a screen at a time until an element matching `css` is
    /// rendered (long lists render only the rows near the screen), then
    /// bring it to the middle of the screen.
    pub async fn scroll_to_find(&self, css: &str, seconds: u64) -> Result<(), String> {
        let script = "const el = document.querySelector(arguments[0]);\
            if (el) { el.scrollIntoView({block: 'center'}); return true; }\
            window.scrollBy(0, Math.max(200, innerHeight * 0.8)); return false;";
        let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            let found = self
                .client
                .execute(script, vec![serde_json::json!(css)])
                .await
                .map_err(|e| format!("scroll to {css}: {e}"))?;
            if found.as_bool() == Some(true) {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("{css} not found after scrolling for {seconds} s"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait (up to `seconds`) until the first element matching `css` has a
    /// text that `ok` accepts; returns it. Panics with the last text seen.
    pub async fn wait_for_text(
        &self,
        css: &str,
        seconds: u64,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let mut last = String::new();
        for _ in 0..seconds * 10 {
            if let Ok(t) = self.texts(css).await {
                if let Some(first) = t.first() {
                    last = first.clone();
                    if ok(&last) {
                        return last;
                    }
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{css}: text never matched; last: {last:?}");
    }

    /// Wait (up to `seconds`) until the first element matching `css` has
    /// attribute `name` equal to `want`.
    pub async fn wait_for_attr(&self, css: &str, name: &str, want: &str, seconds: u64) {
        let mut last = None;
        for _ in 0..seconds * 10 {
            last = self.attr(css, name).await.ok().flatten();
            if last.as_deref() == Some(want) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let text = self.texts(css).await.unwrap_or_default().join(" | ");
        panic!("{css} never had {name}={want}; last {last:?}, text {text:?}");
    }

    /// Navigate without waiting for the app to start (for pages where it
    /// must not).
    pub async fn goto(&mut self, url: &str) -> Result<(), String> {
        self.client
            .goto(url)
            .await
            .map_err(|e| format!("goto {url}: {e}"))
    }

    /// Empty the first input matching `css` the way a user does (Backspace
    /// per character), so the page sees `input` events.
    pub async fn clear(&self, css: &str) -> Result<(), String> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        let value = el
            .prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let keys = "\u{e003}".repeat(value.chars().count());
        el.send_keys(&keys)
            .await
            .map_err(|e| format!("clear {css}: {e}"))
    }

    /// An attribute of every element matching `css`, in document order.
    pub async fn attr_all(&self, css: &str, name: &str) -> Result<Vec<Option<String>>, String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(css))
            .await
            .map_err(|e| e.to_string())?
        {
            out.push(el.attr(name).await.map_err(|e| e.to_string())?);
        }
        Ok(out)
    }

    /// Type `text` into the first element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        el.send_keys(text)
            .await
            .map_err(|e| format!("type into {css}: {e}"))
    }

    /// An attribute of the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>, String> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        el.attr(name).await.map_err(|e| e.to_string())
    }

    /// Save a PNG of the current page as `target/screenshots/<name>-<n>-<label>.png`.
    pub async fn screenshot(&mut self, label: &str) -> Result<PathBuf, String> {
        self.shots += 1;
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{}-{:02}-{label}.png", self.name, self.shots));
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// The page's width and the window's (wider: it scrolls sideways,
    /// which it must not on a phone).
    pub async fn widths(&self) -> (i64, i64) {
        let v = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .expect("page width");
        (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0))
    }

    /// The first element matching `css`: its box on the page (left, top,
    /// width, height in CSS pixels), or `None` when none matches.
    pub async fn rect(&self, css: &str) -> Option<[f64; 4]> {
        let v = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); if (!e) return null;\
                 const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
                vec![css.into()],
            )
            .await
            .expect("element box");
        let v = v.as_array()?;
        Some([0, 1, 2, 3].map(|i| v[i].as_f64().unwrap_or(f64::NAN)))
    }

    /// Scroll so the first element matching `css` starts just below the
    /// sticky header (for a screenshot of that part of the page).
    pub async fn scroll_below_header(&self, css: &str) {
        self.client
            .execute(
                "const el = document.querySelector(arguments[0]);\
                 el.scrollIntoView({block: 'start'});\
                 window.scrollBy(0, -document.querySelector('.topbar').offsetHeight - 8);",
                vec![css.into()],
            )
            .await
            .expect("scroll");
    }

    pub async fn close(self) -> Result<(), String> {
        self.client.clone().close().await.map_err(|e| e.to_string())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        drop(self.driver.take());
        // A test that panicked never closed its session: Chromium outlives the
        // driver. Find its processes by our unique profile folder, with every
        // process they started (zygotes and renderers do not name the
        // profile), and kill them by PID.
        let marker = format!("--user-data-dir={}", self.dir.join("profile").display());
        let mut doomed: Vec<u32> = Vec::new();
        if let Ok(entries) = std::fs::read_dir("/proc") {
            for entry in entries.flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
                let cmdline = String::from_utf8_lossy(&cmdline);
                if cmdline.split('\0').any(|arg| arg == marker) {
                    doomed.push(pid);
                }
            }
        }
        let mut i = 0;
        while i < doomed.len() {
            for child in crate::process::children_of(doomed[i]) {
                if !doomed.contains(&child) {
                    doomed.push(child);
                }
            }
            i += 1;
        }
        for pid in doomed {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
        // Chromium may still be writing its profile while it exits.
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}
