//! One stable sort for every list in the app.
//!
//! The standard library's `sort_by` is compiled again for each element type
//! and each comparison closure: about 4 KB of WebAssembly a copy, 17 copies
//! in the page (sort code was 69 KB of its 1.9 MB). [`sort_by`] sorts
//! positions (`usize`) with the comparison passed by reference, so the sort
//! itself is compiled once; only the small reordering step is per type.

use std::cmp::Ordering;

/// The positions `0..len`, stably ordered by `cmp`.
pub fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|a, b| cmp(*a, *b));
    positions
}

/// `v.sort_by(cmp)`: stable, equal items keep their order.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let positions = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut items: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(positions.into_iter().filter_map(|i| items[i].take()));
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort(); v.dedup()`.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sorts_as_the_standard_library_does_and_keeps_equal_items_in_order() {
        // (key, original position): stability shows in the second field.
        let mut seed = 7u64;
        let items: Vec<(u8, usize)> = (0..500)
            .map(|i| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((seed >> 60) as u8, i)
            })
            .collect();
        let mut ours = items.clone();
        sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        let mut std_sorted = items.clone();
        std_sorted.sort_by_key(|a| a.0);
        assert_eq!(ours, std_sorted);
        assert!(ours
            .windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));

        let mut by_key = items.clone();
        sort_by_key(&mut by_key, |x| std::cmp::Reverse(x.0));
        assert_eq!(by_key.first().map(|x| x.0), items.iter().map(|x| x.0).max());

        let mut few: Vec<String> = ["b", "a", "b", "c", "a"].map(String::from).to_vec();
        sort_dedup(&mut few);
        assert_eq!(few, ["a", "b", "c"]);

        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}
