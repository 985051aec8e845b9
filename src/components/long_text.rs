//! Registry text of any length, shown as text: long values are cut with a
//! way to see all of it.

use crate::session::Session;
use leptos::prelude::*;

/// Characters shown before a value is cut.
pub const SHOWN_CHARS: usize = 300;

/// `text` as a text node; past [`SHOWN_CHARS`] cut, with "show all".
#[component]
pub fn LongText(
    /// The untrusted text.
    text: String,
) -> impl IntoView {
    let session = Session::expect();
    let lang = session.lang;
    let count = text.chars().count();
    if count <= SHOWN_CHARS {
        return view! { <span class="bidi">{text}</span> }.into_any();
    }
    let head: String = text.chars().take(SHOWN_CHARS).collect();
    view! {
        <span class="bidi">{head}"…"</span>
        <details class="long-text">
            <summary>{move || crate::i18n::phrase::show_all_characters(lang.get(), count)}</summary>
            <span class="bidi">{text}</span>
        </details>
    }
    .into_any()
}

/// Where a separator (`/`, `.`, `+`, `-`, `:`, `@`) ends a run of them.
const SEPARATORS: &[char] = &['/', '.', '+', '-', ':', '@'];

/// Digest algorithms whose `alg:hex` (or a tag's `alg-hex`) is one token.
const ALGORITHMS: &[&str] = &["sha256", "sha384", "sha512"];

/// `text` cut after each run of separators, so a line may break there; a
/// digest (`sha256:…`, a tag's `sha256-….sig`, with its suffix) stays whole. The pieces joined
/// give `text` back exactly.
pub fn identifier_pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    // Where the current word (since the last separator) began.
    let mut word = 0;
    // Within a digest: its hex and a suffix (`.sig`) stay with it.
    let mut in_digest = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !SEPARATORS.contains(&c) {
            continue;
        }
        let end = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let digest_sign = matches!(c, ':' | '-')
            && ALGORITHMS.contains(&&text[word..i])
            && next.is_some_and(|n| n.is_ascii_hexdigit());
        let has_word = text[start..i].chars().any(|c| !SEPARATORS.contains(&c));
        let keep = digest_sign || (c == '.' && in_digest);
        in_digest = digest_sign;
        if has_word && next.is_some_and(|n| !SEPARATORS.contains(&n)) && !keep {
            pieces.push(&text[start..end]);
            start = end;
        }
        word = end;
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// How much of a piece to hold on one line: a browser breaks after any
/// `-`, so a tag's `sha256-` is held together with the first hex digit.
pub fn held_start(piece: &str) -> usize {
    ALGORITHMS
        .iter()
        .find_map(|alg| {
            let rest = piece.strip_prefix(alg)?.strip_prefix('-')?;
            rest.starts_with(|c: char| c.is_ascii_hexdigit())
                .then_some(alg.len() + 2)
        })
        .unwrap_or(0)
}

/// An identifier (media type, package name, repository address, command):
/// as text, with a line-break opportunity (`<wbr>`, which adds no
/// character when copied) after its separators, so a narrow column breaks
/// it there rather than anywhere.
#[component]
pub fn Identifier(
    /// The untrusted text.
    text: String,
) -> impl IntoView {
    let pieces: Vec<String> = identifier_pieces(&text)
        .into_iter()
        .map(str::to_string)
        .collect();
    let views = pieces
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let held = held_start(&p);
            let (held, rest) = (p[..held].to_string(), p[held..].to_string());
            view! {
                {(i > 0).then(|| view! { <wbr/> })}
                {(!held.is_empty()).then(|| view! { <span class="held">{held}</span> })}
                {rest}
            }
        })
        .collect_view();
    view! { <span class="identifier bidi">{views}</span> }
}

#[cfg(test)]
mod tests {
    use super::{held_start, identifier_pieces};

    #[test]
    fn a_tags_digest_is_held_past_its_hyphen() {
        assert_eq!(held_start("sha256-db4f.sig"), "sha256-d".len());
        assert_eq!(held_start("sha512-0"), "sha512-0".len());
        for none in [
            "sha256-",
            "sha256-xyz",
            "sha256:ab",
            "log4j-core",
            "",
            "sha25",
        ] {
            assert_eq!(held_start(none), 0, "{none}");
        }
    }

    #[test]
    fn identifiers_break_after_separators_and_keep_every_character() {
        let cases: &[(&str, &[&str])] = &[
            (
                "application/vnd.oci.image.layer.v1.tar+gzip",
                &[
                    "application/",
                    "vnd.",
                    "oci.",
                    "image.",
                    "layer.",
                    "v1.",
                    "tar+",
                    "gzip",
                ],
            ),
            (
                "oci://registry.example/charts",
                &["oci://", "registry.", "example/", "charts"],
            ),
            (
                "org.apache.logging.log4j/log4j-core",
                &["org.", "apache.", "logging.", "log4j/", "log4j-", "core"],
            ),
            // A digest stays one piece, by `:` or as a tag's `-`.
            (
                "127.0.0.1:5000/art/app@sha256:abc123",
                &[
                    "127.",
                    "0.",
                    "0.",
                    "1:",
                    "5000/",
                    "art/",
                    "app@",
                    "sha256:abc123",
                ],
            ),
            (
                "art/app:sha256-db4f.sig",
                &["art/", "app:", "sha256-db4f.sig"],
            ),
            ("sha256:", &["sha256:"]),
            ("a@sha256:ab/c.d", &["a@", "sha256:ab/", "c.", "d"]),
            ("", &[]),
            ("plain", &["plain"]),
            ("/leading", &["/leading"]),
            ("trailing/", &["trailing/"]),
            ("名字/版本", &["名字/", "版本"]),
        ];
        for (text, want) in cases {
            let got = identifier_pieces(text);
            assert_eq!(got, *want, "{text}");
            assert_eq!(got.concat(), *text);
        }
    }
}
