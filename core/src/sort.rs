//! Stable sorting with one copy of the sorting code in the binary.
//!
//! Key design decision: std's `sort_by` is compiled anew for every element type
//! and comparator, about 4 KB of wasm per call site (the app had 29 copies, 114 KB
//! of code before wasm-opt). Here a merge sort runs once, over positions, with a
//! `dyn` comparator; only the final permutation is generic, a few dozen bytes
//! per type. It is meant for the short lists that reports and views sort (tens
//! to thousands of rows); hot loops over every event keep std's sort.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let perm = {
        let v = &*v;
        order(v.len(), &mut |a, b| cmp(&v[a], &v[b]))
    };
    permute(v, perm);
}

/// Sorts `v` stably by the key `f` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` stably, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions `0..n` in stable sorted order (bottom-up merge sort).
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // The left run wins ties: stable.
                let take_left = j >= end || (i < mid && cmp(a[j], a[i]) != Ordering::Less);
                if take_left {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Rearranges `v` so that the new `v[i]` is the old `v[perm[i]]`, following cycles.
fn permute<T>(v: &mut [T], mut perm: Vec<usize>) {
    for i in 0..v.len() {
        let mut j = i;
        while perm[j] != j {
            let k = perm[j];
            perm[j] = j;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std_and_keeps_ties_in_order() {
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 7, 8, 9, 31, 100, 257] {
            let mut v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            sort_by_key(&mut v, |x| x.0);
            assert_eq!(v, want, "n = {n}");
        }
    }

    #[test]
    fn descending_comparators_and_plain_sort() {
        let mut v = vec![3.5, -1.0, 9.25, 0.0, 3.5];
        sort_by(&mut v, |a: &f64, b| b.total_cmp(a));
        assert_eq!(v, [9.25, 3.5, 3.5, 0.0, -1.0]);
        let mut s = vec!["b", "c", "a", "b"];
        sort(&mut s);
        assert_eq!(s, ["a", "b", "b", "c"]);
    }

    proptest::proptest! {
        #[test]
        fn any_list_sorts_exactly_as_std_stable_sort(v in proptest::collection::vec((0u8..6, 0u16..1000), 0..300)) {
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            let mut got = v;
            sort_by_key(&mut got, |x| x.0);
            proptest::prop_assert_eq!(got, want);
        }
    }
}
