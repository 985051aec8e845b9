//! Steps the browser tests share: starting a stack seeded with the demo
//! images, reading every text a selector matches in one script call, and
//! filling the clean-up page's retention form for a dry run.

use crate::browser::Browser;
use crate::seed::SeedOptions;
use crate::stack::{Stack, StackOptions};
use serde::de::DeserializeOwned;

/// The demo images and `many/tags` with `n` tags, no extra repositories.
pub fn many_tags(n: usize) -> SeedOptions {
    SeedOptions {
        many_tags: n,
        extra_repos: 0,
    }
}

/// A registry seeded with `seed` and the app, with the default
/// `config.json` (one naming the registry).
pub fn seeded_stack(seed: SeedOptions) -> Stack {
    configured_stack(seed, None)
}

/// A registry seeded with `seed` and the app, serving `config_json` as its
/// `config.json` when given.
pub fn configured_stack(seed: SeedOptions, config_json: Option<&str>) -> Stack {
    Stack::start(StackOptions {
        seed: Some(seed),
        config_json: config_json.map(String::from),
        ..StackOptions::default()
    })
    .expect("start registry and app")
}

/// What `script` (a function body given `css` as `arguments[0]`) returns,
/// read as `T`: one script call for a whole list.
pub async fn query<T: DeserializeOwned>(b: &Browser, script: &str, css: &str) -> T {
    let v = b
        .client
        .execute(script, vec![css.into()])
        .await
        .expect("script");
    serde_json::from_value(v).expect("the script's answer")
}

/// The texts of every element matching `css`, trimmed, read in one script
/// call (fast for long lists).
pub async fn all_texts(b: &Browser, css: &str) -> Vec<String> {
    query(
        b,
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim());",
        css,
    )
    .await
}

/// On the clean-up page: the retention policy "keep the newest
/// `keep_newest`" (and always the tags matching `always_keep`, when given),
/// then "Dry run"; the plan's totals line once it shows.
pub async fn dry_run(b: &Browser, keep_newest: usize, always_keep: Option<&str>) -> String {
    b.clear("[data-testid=policy-keep-newest]").await.unwrap();
    b.type_into("[data-testid=policy-keep-newest]", &keep_newest.to_string())
        .await
        .unwrap();
    if let Some(pattern) = always_keep {
        b.clear("[data-testid=policy-always-keep]").await.unwrap();
        b.type_into("[data-testid=policy-always-keep]", pattern)
            .await
            .unwrap();
    }
    b.click("[data-testid=dry-run]").await.unwrap();
    b.wait_text("[data-testid=plan-totals]").await.unwrap()
}

/// Polls the page's kept records (IndexedDB `last-digests`, parsed) every
/// 100 ms, at most `tries` times, until `until` holds for what the
/// JavaScript function `of_records` (records → number) makes of them; the
/// last figure.
pub async fn kept_figure(
    b: &Browser,
    of_records: &str,
    tries: usize,
    until: impl Fn(u64) -> bool,
) -> u64 {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const open = indexedDB.open('shipshape');
         open.onsuccess = () => {{
           const all = open.result.transaction('last-digests').objectStore('last-digests').getAll();
           all.onsuccess = () => done(({of_records})(all.result.map(t => JSON.parse(t))));
         }};"
    );
    let mut figure = 0;
    for _ in 0..tries {
        figure = b
            .client
            .execute_async(&script, vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0);
        if until(figure) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    figure
}

/// How many tags' last digests the browser has saved for the registry
/// (in the repositories' records: the same store also keeps the badges and
/// the package index, which have no `tags`).
pub async fn saved_last_digests(b: &Browser, at_least: u64) -> u64 {
    kept_figure(
        b,
        "rs => rs.filter(v => v.tags).map(v => Object.keys(v.tags).length).reduce((a, b) => a + b, 0)",
        50,
        |n| n >= at_least,
    )
    .await
}
