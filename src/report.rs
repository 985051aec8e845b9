//! A run's report as text to copy: one line per digest, tab-separated
//! (outcome kind, digest, tags, the outcome in words).

use crate::i18n::{phrase, Lang};
use crate::registry::engine::ItemReport;

/// The report as text to copy: one line per digest, tab-separated.
pub fn report_text(reports: &[ItemReport], lang: Lang) -> String {
    reports
        .iter()
        .map(|r| {
            format!(
                "{}\t{}\t{}\t{}\n",
                r.outcome.kind(),
                r.digest,
                r.tags.join(" "),
                phrase::outcome(lang, &r.outcome)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::digest::Digest;
    use crate::registry::engine::Outcome;

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn the_report_names_every_outcome_in_a_line() {
        let reports = vec![
            ItemReport {
                digest: d(1),
                tags: s(&["a", "b"]),
                outcome: Outcome::Deleted,
            },
            ItemReport {
                digest: d(2),
                tags: s(&["c"]),
                outcome: Outcome::Unknown(crate::registry::error::RegistryError::Timeout {
                    url: "u".into(),
                    seconds: 300,
                }),
            },
        ];
        let text = report_text(&reports, Lang::En);
        assert!(
            text.starts_with(&format!("deleted\t{}\ta b\t", d(1))),
            "{text}"
        );
        assert!(text.contains(&format!("unknown\t{}\tc\t", d(2))), "{text}");
        assert_eq!(text.lines().count(), 2);
    }
}
