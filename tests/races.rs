//! Another client changes the registry while the page looks: Debian's
//! `skopeo` moves and adds tags between the look and the click, as CI jobs
//! and people do. Each test checks through the API afterwards that the
//! registry lost exactly what was confirmed, and after the registry's own
//! garbage collection that every image meant to stay still pulls
//! completely. Run by `cargo xtask test`; ignored by a plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use shipshape::i18n::{Explain, Lang};
use shipshape::registry::error::RegistryError;
use shipshape_harness::browser::Browser;
use shipshape_harness::faults::{Fault, FaultProxy, Rule};
use shipshape_harness::proxy::SlowProxy;
use shipshape_harness::seed::Pusher;
use shipshape_harness::skopeo;
use shipshape_harness::stack::Stack;
use shipshape_harness::steps::{dry_run, many_tags, seeded_stack};
use std::time::Duration;

fn tag(i: usize) -> String {
    format!("build-{i:05}")
}

/// Open the image page at `path` and its delete dialog; the tags it says go.
async fn open_delete_dialog(b: &mut Browser, stack: &Stack, path: &str) -> String {
    b.visit(&stack.page(path)).await.unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    b.click("[data-testid=delete-button]").await.unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap()
}

/// After the registry's garbage collection, every tag left pulls completely.
fn every_tag_left_pulls(stack: &Stack, repo: &str) {
    let gc = skopeo::garbage_collect(&stack.registry).expect("garbage-collect");
    assert!(gc.contains("blobs marked"), "{gc}");
    let pusher = Pusher::new(&stack.registry.url);
    for t in pusher.tags(repo).unwrap() {
        skopeo::pulls_completely(&stack.registry.url, &format!("{repo}:{t}"))
            .unwrap_or_else(|e| panic!("{repo}:{t} no longer pulls: {e}"));
    }
}

/// A plan keeps build-00001 (always keep). After the dry run, another client
/// moves build-00001 onto an image the plan deletes. Running the plan must
/// delete every other planned image and stop that one, saying why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_kept_tag_moved_onto_a_planned_image_stops_that_image_only() {
    let stack = seeded_stack(many_tags(8));
    let pusher = Pusher::new(&stack.registry.url);
    let mut b = Browser::start("race-plan").await.unwrap();
    b.visit(&stack.page("/clean-up?repos=many/tags"))
        .await
        .unwrap();
    let totals = dry_run(&b, 2, Some(&tag(1))).await;
    assert!(
        totals.starts_with("1 repository: keep 3 tags, delete 5 tags (5 images)."),
        "{totals}"
    );
    let doomed = stack.seeded.digests[&format!("many/tags:{}", tag(3))].clone();
    // Behind the page's back: build-00001 now points at build-00003's image.
    skopeo::retag(
        &stack.registry.url,
        &format!("many/tags:{}", tag(3)),
        &format!("many/tags:{}", tag(1)),
    )
    .unwrap();
    assert_eq!(
        pusher.digest_of("many/tags", &tag(1)).as_deref(),
        Some(doomed.as_str())
    );
    b.click("[data-testid=execute-plan]").await.unwrap();
    let age = b.wait_text("[data-testid=plan-age]").await.unwrap();
    assert!(age.starts_with("This plan was made"), "{age}");
    b.type_into("[data-testid=execute-confirm-input]", "5")
        .await
        .unwrap();
    b.click("[data-testid=execute-confirm]").await.unwrap();
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 60)
        .await;
    b.screenshot("stopped").await.unwrap();
    let digests = b
        .attr_all("[data-testid=bulk-report-row]", "data-digest")
        .await
        .unwrap();
    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    let mut stopped = 0;
    for (d, o) in digests.into_iter().zip(outcomes) {
        let (d, o) = (d.unwrap(), o.unwrap());
        if d == doomed {
            assert_eq!(o, "moved-onto");
            stopped += 1;
        } else {
            assert_eq!(o, "deleted", "{d}");
        }
    }
    assert_eq!(stopped, 1);
    let row = b
        .texts(&format!("[data-digest='{doomed}'] .badge"))
        .await
        .unwrap();
    assert!(
        row[0].contains(&format!("tag {} was moved onto it", tag(1))),
        "{row:?}"
    );
    // The registry: the kept tags, and build-00003 (its image kept with
    // build-00001 on it); nothing else.
    let mut left = pusher.tags("many/tags").unwrap();
    left.sort();
    assert_eq!(left, vec![tag(1), tag(3), tag(7), tag(8)]);
    every_tag_left_pulls(&stack, "many/tags");
    b.close().await.unwrap();
}

/// The delete dialog is open on an image with one tag; another client adds
/// a tag to the same image. The DELETE is not sent; both tags stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_tag_added_while_the_delete_dialog_is_open_keeps_the_image() {
    let stack = seeded_stack(many_tags(3));
    let pusher = Pusher::new(&stack.registry.url);
    let digest = stack.seeded.digests[&format!("many/tags:{}", tag(2))].clone();
    let mut b = Browser::start("race-single").await.unwrap();
    let shown = open_delete_dialog(&mut b, &stack, &format!("/image/many/tags:{}", tag(2))).await;
    assert_eq!(shown.trim(), tag(2));
    skopeo::retag(
        &stack.registry.url,
        &format!("many/tags:{}", tag(2)),
        "many/tags:hotfix",
    )
    .unwrap();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "new-tag", 30)
        .await;
    let said = b.wait_text("[data-testid=delete-result]").await.unwrap();
    assert!(said.contains("new tag hotfix points at it"), "{said}");
    b.screenshot("new-tag").await.unwrap();
    assert_eq!(pusher.digest_of("many/tags", &tag(2)), Some(digest.clone()));
    assert_eq!(
        pusher.digest_of("many/tags", "hotfix"),
        Some(digest.clone())
    );

    // Deleted by another client: the page by digest says it is gone, even
    // though the browser kept its manifest.
    b.visit(&stack.page(&format!("/image/many/tags@{digest}")))
        .await
        .unwrap();
    b.wait_text("[data-testid=config-facts]").await.unwrap();
    pusher.delete("many/tags", &digest).unwrap();
    b.visit(&stack.page(&format!("/image/many/tags@{digest}")))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=error]", "data-kind", "not-found", 15)
        .await;
    b.screenshot("gone-by-digest").await.unwrap();
    every_tag_left_pulls(&stack, "many/tags");
    b.close().await.unwrap();
}

/// A bulk delete goes on when the user leaves the page: the header shows
/// it and leads back to it, and its report is complete. A DELETE whose
/// answer is lost and cannot be checked is reported unknown, survives a
/// reload in the journal, and is checked again with one click.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn a_run_survives_navigation_and_an_unknown_outcome_survives_a_reload() {
    let stack = seeded_stack(many_tags(6));
    let pusher = Pusher::new(&stack.registry.url);
    let slow = SlowProxy::start(&stack.registry.url, Duration::from_millis(4000)).unwrap();
    let mut b = Browser::start("race-runs").await.unwrap();
    b.visit(&stack.page(&format!("/repo/many/tags?registry={}", slow.url)))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "6/6", 15)
        .await;
    for i in 1..=4 {
        b.click(&format!("[data-tag='{}'] [data-testid=row-select]", tag(i)))
            .await
            .unwrap();
    }
    b.click("[data-testid=delete-selected]").await.unwrap();
    b.wait_text("[data-testid=bulk-summary]").await.unwrap();
    b.type_into("[data-testid=bulk-confirm-input]", "many/tags")
        .await
        .unwrap();
    b.click("[data-testid=bulk-confirm]").await.unwrap();
    // Hide the dialog and leave at once, by the app's own link.
    b.wait_text("[data-testid=bulk-run]").await.unwrap();
    b.click("[data-testid=bulk-close]").await.unwrap();
    b.click("a.brand").await.unwrap();
    let badge = b.wait_text("[data-testid=runs-badge]").await.unwrap();
    assert!(badge.starts_with("Deleting"), "{badge}");
    b.screenshot("badge").await.unwrap();
    b.click("[data-testid=runs-badge]").await.unwrap();
    b.wait_text("[data-testid=live-run]").await.unwrap();
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 60)
        .await;
    b.screenshot("finished").await.unwrap();
    let outcomes = b
        .attr_all("[data-testid=bulk-report-row]", "data-outcome")
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 4);
    assert!(outcomes.iter().all(|o| o.as_deref() == Some("deleted")));
    let mut left = pusher.tags("many/tags").unwrap();
    left.sort();
    assert_eq!(left, vec![tag(5), tag(6)]);

    // The answer to a DELETE is lost and the check afterwards fails too.
    let faults = FaultProxy::start(&stack.registry.url).unwrap();
    faults.set_rules(vec![
        Rule::new(Some("DELETE"), "/manifests/", Fault::DropAnswer),
        Rule::new(Some("HEAD"), "/manifests/sha256:", Fault::Drop),
    ]);
    let path = format!("/image/many/tags:{}?registry={}", tag(5), faults.url);
    open_delete_dialog(&mut b, &stack, &path).await;
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "unknown", 60)
        .await;
    b.screenshot("unknown").await.unwrap();
    assert_eq!(
        b.texts("[data-testid=delete-result] [data-testid=check-again]")
            .await
            .unwrap()
            .len(),
        1,
        "an unknown outcome can be checked again from the dialog"
    );
    faults.set_rules(vec![]);
    // A reload: the run is in the journal, its outcome still unknown.
    b.visit(&stack.page(&format!("/runs?registry={}", faults.url)))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=past-row]", "data-state", "unknown", 15)
        .await;
    // The header says so on every page after a reload.
    let to_check = b.wait_text("[data-testid=runs-to-check]").await.unwrap();
    assert_eq!(to_check, "1 delete to check");
    b.screenshot("journal").await.unwrap();
    b.click("[data-testid=past-row] [data-testid=check-again]")
        .await
        .unwrap();
    b.wait_for_attr(
        "[data-testid=past-row]",
        "data-state",
        "gone-after-check",
        15,
    )
    .await;
    b.wait_gone("[data-testid=runs-to-check]").await.unwrap();
    b.screenshot("checked").await.unwrap();
    assert_eq!(pusher.tags("many/tags").unwrap(), vec![tag(6)]);
    every_tag_left_pulls(&stack, "many/tags");
    b.close().await.unwrap();
}

/// An untag of `alpine:latest` (the placeholder workaround, distribution
/// 2.8) stopped after the tag was moved onto the placeholder: the tag list
/// answers garbage, so the engine does not delete the placeholder. Returns
/// the image the tag was on and the placeholder it is on now, with the
/// page on `/runs` showing the record as unknown.
struct HalfWay {
    stack: Stack,
    pusher: Pusher,
    faults: FaultProxy,
    b: Browser,
    image: String,
    placeholder: String,
}

async fn untag_left_on_placeholder(label: &str) -> HalfWay {
    let stack = seeded_stack(many_tags(0));
    let pusher = Pusher::new(&stack.registry.url);
    let image = pusher.digest_of("alpine", "latest").unwrap();
    // The empty config blob is there already: a blob upload through the
    // proxy would be sent to the registry's own address in `Location`,
    // which the app rightly refuses to follow.
    pusher.blob("alpine", b"{}").unwrap();
    let faults = FaultProxy::start(&stack.registry.url).unwrap();
    let mut b = Browser::start(label).await.unwrap();
    b.visit(&stack.page(&format!("/repo/alpine?registry={}", faults.url)))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=tag-count]", "data-details", "3/3", 15)
        .await;
    b.click("[data-tag='latest'] [data-testid=row-delete]")
        .await
        .unwrap();
    b.wait_text("[data-testid=impact-tags]").await.unwrap();
    b.click("[data-testid=untag-start]").await.unwrap();
    b.click("[data-testid=untag-confirm]").await.unwrap();
    b.wait_text("[data-testid=untag-not-supported]")
        .await
        .unwrap();
    // From now on the tag list answers garbage.
    faults.set_rules(vec![Rule::new(
        Some("GET"),
        "/tags/list",
        Fault::CorruptJson,
    )]);
    b.click("[data-testid=placeholder-confirm]").await.unwrap();
    b.wait_for_attr(
        "[data-testid=untag-result]",
        "data-result",
        "placeholder-failed",
        60,
    )
    .await;
    b.screenshot("stopped").await.unwrap();
    let placeholder = pusher.digest_of("alpine", "latest").unwrap();
    assert_ne!(placeholder, image, "the tag is on the placeholder");
    assert!(
        pusher.manifest_exists("alpine", &image),
        "the image is kept"
    );
    faults.set_rules(vec![]);
    b.visit(&stack.page(&format!("/runs?registry={}", faults.url)))
        .await
        .unwrap();
    b.wait_for_attr("[data-testid=pending-untag]", "data-state", "unknown", 15)
        .await;
    HalfWay {
        stack,
        pusher,
        faults,
        b,
        image,
        placeholder,
    }
}

/// The runs page puts a half-way untag's tag back on its image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn an_untag_stopped_half_way_is_restored_from_the_runs_page() {
    let HalfWay {
        stack,
        pusher,
        faults: _faults,
        mut b,
        image,
        ..
    } = untag_left_on_placeholder("race-untag").await;
    // The half-way untag is there, so the runs list does not say "none".
    b.wait_for_text("[data-testid=no-runs]", 10, |t| {
        t == "No other delete runs are recorded in this browser."
    })
    .await;
    b.screenshot("pending").await.unwrap();
    b.click("[data-testid=restore-tag]").await.unwrap();
    b.wait_for_attr("[data-testid=pending-untag]", "data-state", "restored", 30)
        .await;
    b.screenshot("restored").await.unwrap();
    assert_eq!(pusher.digest_of("alpine", "latest"), Some(image.clone()));
    assert_eq!(pusher.digest_of("alpine", "3.20"), Some(image));
    skopeo::pulls_completely(&stack.registry.url, "alpine:latest").unwrap();
    b.close().await.unwrap();
}

/// The runs page finishes a half-way untag: the placeholder goes (by a
/// run, journaled and listed), and with it the tag; the image and its
/// other tag stay and pull.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn an_untag_stopped_half_way_is_finished_from_the_runs_page() {
    let HalfWay {
        stack,
        pusher,
        faults: _faults,
        mut b,
        image,
        placeholder,
    } = untag_left_on_placeholder("race-untag-finish").await;
    b.click("[data-testid=finish-untag]").await.unwrap();
    b.wait_for_attr("[data-testid=pending-untag]", "data-state", "finished", 30)
        .await;
    // The finish's delete is a run like any other: listed with its outcome.
    b.wait_for_attr(
        "[data-testid=live-run] tr[data-outcome]",
        "data-outcome",
        "deleted",
        15,
    )
    .await;
    b.screenshot("finished").await.unwrap();
    assert_eq!(
        pusher.digest_of("alpine", "latest"),
        None,
        "the tag is gone"
    );
    assert!(
        !pusher.manifest_exists("alpine", &placeholder),
        "the placeholder is deleted"
    );
    assert_eq!(pusher.digest_of("alpine", "3.20"), Some(image.clone()));
    assert!(
        pusher.manifest_exists("alpine", &image),
        "the image is kept"
    );
    skopeo::pulls_completely(&stack.registry.url, "alpine:3.20").unwrap();
    b.close().await.unwrap();
}

/// Between the runs page's look and the finish, another client moves the
/// tag onto 3.19's image (skopeo): finishing deletes nothing, says where
/// the tag is now, and the record still asks for attention.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry, skopeo and Chromium: cargo xtask test"]
async fn finishing_an_untag_whose_tag_was_moved_meanwhile_deletes_nothing() {
    let HalfWay {
        stack,
        pusher,
        faults: _faults,
        mut b,
        image,
        placeholder,
    } = untag_left_on_placeholder("race-untag-moved").await;
    let url = stack.registry.url.clone();
    skopeo::retag(&url, "alpine:3.19", "alpine:latest").unwrap();
    let other = pusher.digest_of("alpine", "3.19").unwrap();
    b.click("[data-testid=finish-untag]").await.unwrap();
    let said = b
        .wait_text("[data-testid=pending-untag-result]")
        .await
        .unwrap();
    b.screenshot("moved").await.unwrap();
    assert!(
        said.contains(&other[7..19]),
        "names where the tag is now: {said}"
    );
    b.wait_for_attr("[data-testid=bulk-run]", "data-finished", "true", 15)
        .await;
    assert!(
        b.texts("[data-testid=gc-note]").await.unwrap().is_empty(),
        "no garbage collection advice when nothing was deleted"
    );
    assert_eq!(
        b.attr("[data-testid=pending-untag]", "data-state")
            .await
            .unwrap()
            .as_deref(),
        Some("unknown")
    );
    // Through the API: nothing was deleted.
    assert_eq!(pusher.digest_of("alpine", "latest"), Some(other));
    assert!(pusher.manifest_exists("alpine", &placeholder));
    assert_eq!(pusher.digest_of("alpine", "3.20"), Some(image));
    b.close().await.unwrap();
}

/// A sign-in page in front of the registry answers the DELETE with a 303 to
/// a page that would answer 200. A browser following it would call that a
/// success; Shipshape does not follow writes, finds the image still there,
/// and says what happened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, docker-registry and Chromium: cargo xtask test"]
async fn a_delete_redirected_to_a_sign_in_page_is_not_called_deleted() {
    let stack = seeded_stack(many_tags(2));
    let pusher = Pusher::new(&stack.registry.url);
    let faults = FaultProxy::start(&stack.registry.url).unwrap();
    // `GET /v2/` answers 200: what a followed redirect would have reached.
    faults.set_rules(vec![Rule::new(
        Some("DELETE"),
        "/manifests/",
        Fault::Redirect("/v2/".into()),
    )]);
    let mut b = Browser::start("race-redirect").await.unwrap();
    let path = format!("/image/many/tags:{}?registry={}", tag(1), faults.url);
    open_delete_dialog(&mut b, &stack, &path).await;
    let before = faults.log().len();
    b.click("[data-testid=confirm-delete]").await.unwrap();
    b.wait_for_attr("[data-testid=delete-result]", "data-result", "failed", 30)
        .await;
    let said = b.wait_text("[data-testid=delete-result]").await.unwrap();
    let redirected = RegistryError::Redirected {
        url: String::new(),
        status: 303,
    }
    .explain(Lang::En)
    .title;
    assert!(said.contains(&redirected), "{said}");
    b.screenshot("redirected").await.unwrap();
    let after: Vec<String> = faults.log()[before..].to_vec();
    let delete = after
        .iter()
        .position(|l| l.starts_with("DELETE "))
        .expect("the DELETE was sent");
    assert!(
        !after[delete..].iter().any(|l| l == "GET /v2/"),
        "the redirect was followed: {after:?}"
    );
    assert_eq!(
        after.iter().filter(|l| l.starts_with("DELETE ")).count(),
        1,
        "sent once"
    );
    assert!(pusher.manifest_exists("many/tags", &tag(1)));
    b.close().await.unwrap();
}
