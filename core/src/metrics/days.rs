//! Calendar days and percentiles, in both conventions of flow-metrics.md.
//!
//! Key design decision: the two conventions differ in exactly two rules (how many days lie
//! between two dates, and how a percentile is read off sorted values), so both rules live here
//! as plain functions of a [`Convention`] and every metric calls them; nothing else in the
//! metrics knows which convention is in force.

use chrono::{FixedOffset, NaiveDate};

use crate::model::{Convention, Instant};

/// The calendar date of `at` in a board's time zone (a day starts at local midnight).
pub fn local_date(at: Instant, tz: FixedOffset) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The time from `from` to `to` in days (hours / 24), to the millisecond.
pub fn span_days(from: Instant, to: Instant) -> f64 {
    (to - from).num_milliseconds() as f64 / 86_400_000.0
}

/// The median of unsorted values, reordering them (O(n), no full sort): the middle two
/// averaged when their number is even. `None` without values.
pub fn median_of(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (lower, upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        return Some(upper);
    }
    let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(below + 0.5 * (upper - below))
}

/// [`median_of`] of non-negative values given as their bits (`f64::to_bits`), which order as
/// the values do: the same median, found without a float comparison (a call, in a build
/// optimized for size) per step.
pub(crate) fn median_of_non_negative(bits: &mut [u64]) -> Option<f64> {
    let n = bits.len();
    if n == 0 {
        return None;
    }
    let (lower, upper, _) = bits.select_nth_unstable(n / 2);
    let upper = f64::from_bits(*upper);
    match lower.iter().max() {
        Some(below) if n.is_multiple_of(2) => {
            let below = f64::from_bits(*below);
            Some(below + 0.5 * (upper - below))
        }
        _ => Some(upper),
    }
}

/// Days between two dates: `end - start + 1` (`actionable-agile`: same day = 1 day) or
/// `end - start` (`jira-agile-metrics`: same day = 0 days).
pub fn days_between(convention: Convention, start: NaiveDate, end: NaiveDate) -> i64 {
    let d = (end - start).num_days();
    match convention {
        Convention::ActionableAgile => d + 1,
        Convention::JiraAgileMetrics => d,
    }
}

/// [`days_between`] of two day numbers (days from the common era, as chrono counts them).
pub(crate) fn day_count(convention: Convention, start: i32, end: i32) -> i64 {
    let d = i64::from(end) - i64::from(start);
    match convention {
        Convention::ActionableAgile => d + 1,
        Convention::JiraAgileMetrics => d,
    }
}

/// The `p` percentile (0 < p <= 1) of values sorted ascending; `None` when there are none.
///
/// `actionable-agile`: nearest rank, `v[ceil(p*n)]` (1-based). `jira-agile-metrics`: linear
/// interpolation between the 0-based ranks around `h = (n-1)p`.
pub fn percentile(convention: Convention, sorted: &[f64], p: f64) -> Option<f64> {
    match convention {
        Convention::ActionableAgile => nearest_rank(sorted, p),
        Convention::JiraAgileMetrics => interpolated(sorted, p),
    }
}

/// Nearest rank: `v[ceil(p*n)]`, 1-based, clamped to `1..=n`.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // A tiny slack keeps e.g. 0.85 * 20 = 17.000000000000004 at rank 17.
    let rank = ((p * n as f64) - 1e-9).ceil() as usize;
    Some(sorted[rank.clamp(1, n) - 1])
}

/// Linear interpolation: `h = (n-1)p`, `v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h])`.
pub fn interpolated(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The median of values sorted ascending, the middle two averaged when their number is even
/// (the interpolated 50th percentile). Used for `time_in_column.median_days` in both
/// conventions: the worked example gives the same medians in both.
pub fn median(sorted: &[f64]) -> Option<f64> {
    interpolated(sorted, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_unsorted_values_matches_the_interpolated_median() {
        for v in
            [vec![3.0], vec![4.0, 1.0], vec![5.0, 1.0, 3.0, 2.0], vec![9.0, 1.0, 7.0, 3.0, 5.0]]
        {
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            assert_eq!(median_of(&mut v.clone()), median(&sorted));
        }
        assert_eq!(median_of(&mut []), None);
    }

    #[test]
    fn the_median_of_non_negative_values_by_their_bits_is_the_median_of_the_values() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for n in 0..200 {
            // Non-negative values with ties, zeros and a wide range of magnitudes.
            let v: Vec<f64> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    match x % 5 {
                        0 => 0.0,
                        1 => (x >> 40) as f64 / 86_400_000.0,
                        2 => (x % 7) as f64,
                        _ => (x >> 11) as f64 / (x % 1000 + 1) as f64,
                    }
                })
                .collect();
            let mut bits: Vec<u64> = v.iter().map(|d| d.to_bits()).collect();
            let got = median_of_non_negative(&mut bits).map(f64::to_bits);
            assert_eq!(got, median_of(&mut v.clone()).map(f64::to_bits), "{v:?}");
        }
    }

    #[test]
    fn nearest_rank_of_exact_products_does_not_round_up() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(nearest_rank(&v, 0.85), Some(17.0));
        assert_eq!(nearest_rank(&v, 0.95), Some(19.0));
        assert_eq!(nearest_rank(&v, 0.5), Some(10.0));
    }
}
