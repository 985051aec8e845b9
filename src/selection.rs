//! The tags chosen for a bulk delete: a click flips one tag, a shift-click
//! spans the rows as shown from the tag clicked last, the header checkbox
//! takes every tag that matches the filter. Plain Rust.

use std::collections::BTreeSet;

/// The selected tags, and the tag clicked last (where a shift-click range
/// starts). Tags stay selected when the filter hides them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    tags: BTreeSet<String>,
    anchor: Option<String>,
}

impl Selection {
    /// Nothing selected, no anchor.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `tag` is selected.
    pub fn contains(&self, tag: &str) -> bool {
        self.tags.contains(tag)
    }

    /// How many tags are selected.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// Whether no tag is selected.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The selected tags in byte order of their names (the same order every
    /// time).
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.tags.iter()
    }

    /// A click on `tag`'s checkbox: it flips, and becomes the anchor.
    /// Returns whether it is now selected.
    pub fn toggle(&mut self, tag: &str) -> bool {
        let on = !self.contains(tag);
        self.set(tag, on);
        self.anchor = Some(tag.to_string());
        on
    }

    /// A shift-click on `tag`: every tag from the anchor to `tag` in
    /// `visible_order` (the selectable rows as shown, both ends included)
    /// takes the state `tag` flips to. Without an anchor, or when the anchor
    /// or `tag` is not in `visible_order` (the filter hid it), only `tag`
    /// flips. `tag` becomes the anchor.
    pub fn extend_to(&mut self, tag: &str, visible_order: &[String]) {
        let position = |t: &str| visible_order.iter().position(|v| v == t);
        let range = self.anchor.as_deref().and_then(position).zip(position(tag));
        let Some((a, b)) = range else {
            self.toggle(tag);
            return;
        };
        let on = !self.contains(tag);
        for t in &visible_order[a.min(b)..=a.max(b)] {
            self.set(t, on);
        }
        self.anchor = Some(tag.to_string());
    }

    /// Whether every tag of `matching` is selected (false when it is empty).
    pub fn all_selected(&self, matching: &[String]) -> bool {
        !matching.is_empty() && matching.iter().all(|t| self.contains(t))
    }

    /// Select every tag of `matching` (those the filter shows).
    pub fn select_all(&mut self, matching: &[String]) {
        self.tags.extend(matching.iter().cloned());
    }

    /// Unselect every tag of `matching`; others stay selected.
    pub fn unselect_all(&mut self, matching: &[String]) {
        for t in matching {
            self.tags.remove(t);
        }
    }

    /// The header checkbox: when every tag of `matching` is selected,
    /// unselect them, else select them all. The anchor stays.
    pub fn toggle_all(&mut self, matching: &[String]) {
        if self.all_selected(matching) {
            self.unselect_all(matching);
        } else {
            self.select_all(matching);
        }
    }

    /// Unselect every tag. The anchor stays: a shift-click afterwards still
    /// spans from the tag clicked last.
    pub fn clear(&mut self) {
        self.tags.clear();
    }

    fn set(&mut self, tag: &str, on: bool) {
        if on {
            self.tags.insert(tag.to_string());
        } else {
            self.tags.remove(tag);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn selected(s: &Selection) -> Vec<&str> {
        s.iter().map(String::as_str).collect()
    }

    #[test]
    fn toggle_flips_one_tag() {
        let mut s = Selection::new();
        assert!(s.is_empty());
        assert!(s.toggle("b"));
        assert!(s.toggle("a"));
        assert!(s.contains("a") && s.contains("b"));
        assert_eq!(s.len(), 2);
        assert!(!s.toggle("b"));
        assert_eq!(selected(&s), ["a"]);
    }

    #[test]
    fn shift_click_selects_a_range_downwards() {
        let order = tags(&["1", "2", "3", "4", "5"]);
        let mut s = Selection::new();
        s.toggle("2");
        s.extend_to("4", &order);
        assert_eq!(selected(&s), ["2", "3", "4"]);
    }

    #[test]
    fn shift_click_selects_a_range_upwards() {
        let order = tags(&["1", "2", "3", "4", "5"]);
        let mut s = Selection::new();
        s.toggle("5");
        s.extend_to("3", &order);
        assert_eq!(selected(&s), ["3", "4", "5"]);
    }

    #[test]
    fn a_range_follows_the_order_shown_not_the_name_order() {
        // Sorted by date, newest first.
        let order = tags(&["c", "a", "d", "b"]);
        let mut s = Selection::new();
        s.toggle("a");
        s.extend_to("b", &order);
        assert_eq!(selected(&s), ["a", "b", "d"]);
    }

    #[test]
    fn a_range_takes_the_state_the_clicked_tag_flips_to() {
        let order = tags(&["1", "2", "3", "4", "5"]);
        let mut s = Selection::new();
        s.select_all(&order);
        s.toggle("2");
        assert!(!s.contains("2"));
        // "4" was selected: the range 2…4 is unselected.
        s.extend_to("4", &order);
        assert_eq!(selected(&s), ["1", "5"]);
        // "5" was selected too: 4…5 unselected ("4" is the anchor now).
        s.extend_to("5", &order);
        assert_eq!(selected(&s), ["1"]);
        // "3" was not: 5…3 selected.
        s.extend_to("3", &order);
        assert_eq!(selected(&s), ["1", "3", "4", "5"]);
    }

    #[test]
    fn shift_click_without_an_anchor_flips_only_the_tag() {
        let order = tags(&["1", "2", "3"]);
        let mut s = Selection::new();
        s.extend_to("3", &order);
        assert_eq!(selected(&s), ["3"]);
        // The anchor is now "3".
        s.extend_to("1", &order);
        assert_eq!(selected(&s), ["1", "2", "3"]);
    }

    #[test]
    fn a_range_after_the_filter_changed_spans_the_rows_now_shown() {
        let all = tags(&["a1", "a2", "b1", "b2", "a3"]);
        let mut s = Selection::new();
        s.toggle("a1");
        // Filter "a": the b rows are hidden and not taken.
        let shown: Vec<String> = all.iter().filter(|t| t.starts_with('a')).cloned().collect();
        s.extend_to("a3", &shown);
        assert_eq!(selected(&s), ["a1", "a2", "a3"]);
        // Filter "b": the anchor a3 is hidden, so only b2 flips.
        let shown: Vec<String> = all.iter().filter(|t| t.starts_with('b')).cloned().collect();
        s.extend_to("b2", &shown);
        assert_eq!(selected(&s), ["a1", "a2", "a3", "b2"]);
        // Filter cleared: from b2 (the anchor) up to a1.
        s.unselect_all(&tags(&["a1", "a2", "a3"]));
        s.extend_to("a1", &all);
        assert_eq!(selected(&s), ["a1", "a2", "b1", "b2"]);
    }

    #[test]
    fn select_all_matching_keeps_what_the_filter_hides() {
        let mut s = Selection::new();
        s.toggle("other");
        let matching = tags(&["build-1", "build-2"]);
        assert!(!s.all_selected(&matching));
        s.toggle_all(&matching);
        assert!(s.all_selected(&matching));
        assert_eq!(selected(&s), ["build-1", "build-2", "other"]);
        // Every match selected: the header checkbox unselects only them.
        s.toggle_all(&matching);
        assert_eq!(selected(&s), ["other"]);
        // Some selected: the header checkbox selects the rest.
        s.toggle("build-1");
        s.toggle_all(&matching);
        assert_eq!(selected(&s), ["build-1", "build-2", "other"]);
        assert!(!s.all_selected(&[]));
    }

    #[test]
    fn clear_unselects_everything_and_keeps_the_anchor() {
        let order = tags(&["1", "2", "3", "4"]);
        let mut s = Selection::new();
        s.toggle("1");
        s.extend_to("3", &order);
        s.clear();
        assert!(s.is_empty());
        assert_eq!(s.len(), 0);
        s.extend_to("4", &order);
        assert_eq!(selected(&s), ["3", "4"]);
    }

    #[test]
    fn iteration_is_in_name_order() {
        let mut s = Selection::new();
        for t in ["b", "c", "a"] {
            s.toggle(t);
        }
        assert_eq!(selected(&s), ["a", "b", "c"]);
    }
}
