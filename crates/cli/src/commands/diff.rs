//! `diff A B`: two images side by side (the web UI's compare page).

use super::{Ctx, Failure};
use crate::exit;
use crate::output::{bytes, safe, Table};
use registry::compare::{
    parse_platform, Comparison, ImageFacts, LayerKind, PlatformError, Side, SideError, Sought,
    StepKind, Value,
};
use registry::error::RegistryError;
use registry::manifest::{HistoryEntry, Platform};
use serde_json::json;

/// `A`/`B` as typed: `repo:tag`, `repo@sha256:…`, either with
/// `~os/arch[/variant]`.
fn side(input: &str, platform: Option<&Platform>) -> Result<Side, Failure> {
    let side = Side::parse(input.trim()).map_err(|e| match e {
        SideError::Reference(r) => RegistryError::invalid_reference(input, r).into(),
        SideError::Platform(p) => platform_error(&p),
        SideError::NotAPair => Failure::usage(format!("\"{}\" is not an image", safe(input)), None),
    })?;
    // A platform written on the side wins over --platform.
    Ok(match side.platform {
        Some(_) => side,
        None => side.with_platform(platform.cloned()),
    })
}

fn platform_error(e: &PlatformError) -> Failure {
    let what = match e {
        PlatformError::Shape(s) => format!(
            "\"{}\" is not a platform: write os/architecture or os/architecture/variant",
            safe(s)
        ),
        PlatformError::BadPart(p) => format!("\"{}\" is not part of a platform name", safe(p)),
    };
    Failure::usage(what, Some("e.g. --platform linux/amd64 or linux/arm64/v8"))
}

async fn facts(ctx: &Ctx, side: &Side) -> Result<ImageFacts, Failure> {
    let sought = ctx
        .registry
        .image_facts(
            &ctx.t,
            &side.image.name,
            &side.image.reference,
            side.platform.as_ref(),
        )
        .await?;
    match sought {
        Sought::Image(f) => Ok(*f),
        Sought::Index {
            platforms, asked, ..
        } => {
            let list = platforms
                .iter()
                .map(|p| safe(&p.display()))
                .collect::<Vec<_>>()
                .join(", ");
            let what = match asked {
                None => format!(
                    "{} is a multi-arch image ({list}): say which platform to compare",
                    side.image
                ),
                Some(p) => format!(
                    "{} has no single image for {} (it has {list})",
                    side.image,
                    p.display()
                ),
            };
            Err(Failure::usage(
                what,
                Some(&format!(
                    "Give --platform for both, or one side as {}~{}",
                    side.image,
                    platforms
                        .first()
                        .map(|p| safe(&p.display()))
                        .unwrap_or_else(|| "linux/amd64".into())
                )),
            ))
        }
        Sought::NotAnImage { digest, media_type } => Err(Failure::usage(
            format!(
                "{} ({}) is not an image that can be compared: {}",
                side.image,
                digest.short(),
                safe(media_type.as_deref().unwrap_or("an unknown document"))
            ),
            None,
        )),
    }
}

pub async fn diff(ctx: &Ctx, a: &str, b: &str, platform: Option<&str>) -> Result<i32, Failure> {
    let platform = platform
        .map(|p| parse_platform(p.trim()).map_err(|e| platform_error(&e)))
        .transpose()?;
    let (sa, sb) = (side(a, platform.as_ref())?, side(b, platform.as_ref())?);
    ctx.progress.status(&format!("reading {sa}…"));
    let fa = facts(ctx, &sa).await?;
    ctx.progress.status(&format!("reading {sb}…"));
    let fb = facts(ctx, &sb).await?;
    ctx.progress.done();
    let c = Comparison::of(&fa, &fb);
    if ctx.json {
        crate::say!(
            "{}",
            serde_json::to_string_pretty(&as_json(&c, &sa, &sb)).unwrap_or_default()
        );
    } else {
        print_text(&c, &sa, &sb);
    }
    Ok(exit::DONE)
}

fn value_text(v: &Option<Value>) -> String {
    match v {
        None => "-".into(),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Args(a)) => serde_json::to_string(a).unwrap_or_default(),
        Some(Value::Set(s)) => s.join(", "),
    }
}

fn value_json(v: &Option<Value>) -> serde_json::Value {
    match v {
        None => serde_json::Value::Null,
        Some(Value::Text(t)) => json!(t),
        Some(Value::Args(a)) | Some(Value::Set(a)) => json!(a),
    }
}

fn step(h: &Option<HistoryEntry>) -> String {
    match h {
        None => "-".into(),
        Some(h) => {
            let cmd = h.created_by.clone().unwrap_or_default();
            let cmd = cmd
                .strip_prefix("/bin/sh -c #(nop) ")
                .map(|c| c.trim().to_string())
                .unwrap_or(cmd);
            if h.empty_layer {
                format!("{cmd} (no layer)")
            } else {
                cmd
            }
        }
    }
}

fn signed(n: i128) -> String {
    let magnitude = bytes(n.unsigned_abs() as u64);
    match n.signum() {
        1 => format!("+{magnitude}"),
        -1 => format!("-{magnitude}"),
        _ => "0 B".into(),
    }
}

fn layer_kind(k: LayerKind) -> &'static str {
    match k {
        LayerKind::Base => "base",
        LayerKind::Moved => "both, moved",
        LayerKind::OnlyA => "only A",
        LayerKind::OnlyB => "only B",
    }
}

fn print_text(c: &Comparison, sa: &Side, sb: &Side) {
    for (label, side, s) in [("A", sa, &c.a), ("B", sb, &c.b)] {
        crate::say!("{label}  {}", safe(&side.image.to_string()));
        let platform = s
            .platform
            .as_ref()
            .map(Platform::display)
            .unwrap_or_else(|| "-".into());
        let from_index = s
            .index
            .as_ref()
            .map(|d| format!(", from the index {d}"))
            .unwrap_or_default();
        crate::say!(
            "   {}  {}  {}  {} layers{}",
            s.digest,
            safe(&platform),
            bytes(s.size),
            s.layers,
            from_index
        );
    }
    if c.identical() {
        crate::say!("\nThe same image: A and B have one digest.");
    }
    crate::say!(
        "\nSize: B {} than A ({})",
        match c.size_difference().signum() {
            1 => "is larger",
            -1 => "is smaller",
            _ => "is the same size",
        },
        signed(c.size_difference())
    );
    crate::say!(
        "Shared layers: {} ({}), of which {} from the first on are a common base ({})",
        c.layers
            .iter()
            .filter(|l| matches!(l.kind, LayerKind::Base | LayerKind::Moved))
            .count(),
        bytes(c.shared_bytes),
        c.base_layers,
        bytes(c.base_bytes),
    );

    crate::say!("\nConfig differences");
    let mut config = Table::new(vec!["  SETTING", "CHANGE", "A", "B"]);
    for f in c.differences() {
        config.row(vec![
            format!("  {}", f.field.key()),
            f.change.key().into(),
            value_text(&f.a),
            value_text(&f.b),
        ]);
    }
    if config.is_empty() {
        crate::say!("  none");
    } else {
        crate::say_part!("{}", config.render());
    }

    crate::say!("\nLayers");
    let mut layers = Table::new(vec!["  WHERE", "A", "B", "DIGEST", "SIZE"]);
    let place = |i: Option<usize>| i.map(|i| (i + 1).to_string()).unwrap_or("-".into());
    for l in &c.layers {
        layers.row(vec![
            format!("  {}", layer_kind(l.kind)),
            place(l.in_a),
            place(l.in_b),
            l.digest.clone(),
            bytes(l.size),
        ]);
    }
    if layers.is_empty() {
        crate::say!("  none");
    } else {
        crate::say_part!("{}", layers.render());
    }

    crate::say!("\nHistory");
    let mut history = Table::new(vec!["  STEP", "", "A", "B"]);
    for (i, s) in c.history.iter().enumerate() {
        let mark = match s.kind {
            StepKind::Shared => "=",
            StepKind::SameCommand => "~",
            StepKind::Different => "≠",
        };
        let (mut a, mut b) = (step(&s.a), step(&s.b));
        if s.kind == StepKind::SameCommand {
            // The same command: when it ran tells them apart.
            let when = |h: &Option<HistoryEntry>| {
                h.as_ref()
                    .and_then(|h| h.created.clone())
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            };
            a.push_str(&when(&s.a));
            b.push_str(&when(&s.b));
        }
        if s.kind == StepKind::Shared {
            b = "=".into();
        }
        history.row(vec![format!("  {}", i + 1), mark.into(), a, b]);
    }
    if history.is_empty() {
        crate::say!("  none");
    } else {
        crate::say_part!("{}", history.render());
    }
}

fn as_json(c: &Comparison, sa: &Side, sb: &Side) -> serde_json::Value {
    let side = |side: &Side, s: &registry::compare::SideSummary| {
        json!({
            "reference": side.image.to_string(),
            "digest": s.digest.to_string(),
            "index": s.index.as_ref().map(ToString::to_string),
            "platform": s.platform.as_ref().map(Platform::display),
            "size": s.size,
            "layers": s.layers,
            "created": s.created,
        })
    };
    json!({
        "a": side(sa, &c.a),
        "b": side(sb, &c.b),
        "identical": c.identical(),
        "size_difference": c.size_difference(),
        "base_layers": c.base_layers,
        "base_bytes": c.base_bytes,
        "shared_bytes": c.shared_bytes,
        "config": c.config.iter().map(|f| json!({
            "field": f.field.key(),
            "change": f.change.key(),
            "a": value_json(&f.a),
            "b": value_json(&f.b),
        })).collect::<Vec<_>>(),
        "differences": c.differences().count(),
        "layers": c.layers.iter().map(|l| json!({
            "kind": l.kind.key(),
            "digest": l.digest,
            "size": l.size,
            "media_type": l.media_type,
            "a": l.in_a,
            "b": l.in_b,
        })).collect::<Vec<_>>(),
        "history": c.history.iter().map(|s| json!({
            "kind": s.kind.key(),
            "a": s.a.as_ref().map(|h| h.created_by.clone()),
            "b": s.b.as_ref().map(|h| h.created_by.clone()),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_in_sizes_are_signed() {
        assert_eq!(signed(1500), "+1.5 kB");
        assert_eq!(signed(-20), "-20 B");
        assert_eq!(signed(0), "0 B");
    }

    #[test]
    fn a_platform_on_the_side_wins_over_the_flag() {
        let amd64 = parse_platform("linux/amd64").unwrap();
        let s = side("app:v1~linux/arm64", Some(&amd64)).ok().unwrap();
        assert_eq!(s.platform.unwrap().display(), "linux/arm64");
        let s = side("app:v1", Some(&amd64)).ok().unwrap();
        assert_eq!(s.platform, Some(amd64));
        assert!(side("app", None).is_err());
        assert!(side("app:v1~linux", None).is_err());
    }

    #[test]
    fn values_print_as_written() {
        assert_eq!(
            value_text(&Some(Value::Args(vec!["/app".into(), "a b".into()]))),
            r#"["/app","a b"]"#
        );
        assert_eq!(
            value_text(&Some(Value::Set(vec!["443/tcp".into(), "80/tcp".into()]))),
            "443/tcp, 80/tcp"
        );
        assert_eq!(value_text(&None), "-");
        assert_eq!(
            step(&Some(HistoryEntry {
                created_by: Some("/bin/sh -c #(nop)  CMD [\"/app\"]".into()),
                empty_layer: true,
                ..HistoryEntry::default()
            })),
            "CMD [\"/app\"] (no layer)"
        );
    }
}
