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

/// Days between two dates: `end - start + 1` (`actionable-agile`: same day = 1 day) or
/// `end - start` (`jira-agile-metrics`: same day = 0 days).
pub fn days_between(convention: Convention, start: NaiveDate, end: NaiveDate) -> i64 {
    let d = (end - start).num_days();
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
    fn nearest_rank_of_exact_products_does_not_round_up() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(nearest_rank(&v, 0.85), Some(17.0));
        assert_eq!(nearest_rank(&v, 0.95), Some(19.0));
        assert_eq!(nearest_rank(&v, 0.5), Some(10.0));
    }
}
