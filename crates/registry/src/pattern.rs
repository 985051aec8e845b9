//! Tag patterns (`latest, v*.*.*`): which tags a retention policy always
//! keeps or only considers, and which a registry protects from every
//! delete. Apart from `retention` so the client and the delete engine can
//! hold one without depending on retention plans.

use serde::{Deserialize, Serialize};

/// Tag patterns: comma-separated globs (`*` any run, `?` one character),
/// e.g. `latest, v*.*.*, release-*`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    globs: Vec<String>,
}

impl Pattern {
    pub fn parse(s: &str) -> Pattern {
        Pattern {
            globs: s
                .split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// The glob that matches `tag`, if any.
    pub fn matching(&self, tag: &str) -> Option<&str> {
        self.globs
            .iter()
            .find(|g| glob_match(g.as_bytes(), tag.as_bytes()))
            .map(String::as_str)
    }
}

/// As a user writes it: `latest, v*.*.*` (parses back to the same pattern).
impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.globs.join(", "))
    }
}

fn glob_match(p: &[u8], t: &[u8]) -> bool {
    // Iterative matcher with backtracking to the last `*` (linear-ish, no recursion).
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn globs() {
        let p = Pattern::parse("latest, v*.*, rel-??");
        assert_eq!(p.matching("latest"), Some("latest"));
        assert_eq!(p.matching("v1.2"), Some("v*.*"));
        assert_eq!(p.matching("rel-01"), Some("rel-??"));
        assert_eq!(p.matching("rel-1"), None);
        assert_eq!(p.matching("v1"), None);
        assert!(Pattern::parse(" , ").is_empty());
        assert_eq!(p.to_string(), "latest, v*.*, rel-??");
        assert_eq!(Pattern::parse(&p.to_string()), p);
        assert!(glob_match(b"*a*b*c*", b"xxaxxbxxcxx"));
        assert!(!glob_match(b"*a*b*c", b"xxaxxbxxcxx"));
        assert!(glob_match(b"*", b""));
        let long = "a".repeat(10_000);
        assert!(
            !glob_match(b"*a*a*a*a*b", long.as_bytes()),
            "no blow-up on adversarial input"
        );
    }
}
