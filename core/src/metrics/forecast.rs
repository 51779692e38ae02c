//! Monte Carlo forecasts from daily throughput (flow-metrics.md, "Forecast").
//!
//! Key design decision: the generator is a `rand_pcg::Pcg32` seeded by the caller through
//! `seed_from_u64`, and days are drawn as `u32` indices, so the same seed gives the same answer
//! natively and in wasm32; the core never asks the OS for entropy. `Pcg32` steps a 64-bit
//! state: wasm32 multiplies 64-bit numbers natively but emulates `Pcg64`'s 128-bit multiply
//! (the two 10,000-trial forecasts of the metrics page took 11.6 ms in Chromium with it).

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg32;

use super::days::nearest_rank;
use super::DayCount;

/// Days of throughput history sampled by default.
pub const DEFAULT_WINDOW_DAYS: u32 = 90;
/// Trials run by default.
pub const DEFAULT_TRIALS: u32 = 10_000;
/// A *when* trial that has not finished the items within this many days (ten years) is
/// taken as never finishing; it keeps a forecast from a near-zero throughput finite.
pub const MAX_FORECAST_DAYS: u32 = 3_653;

const LEVELS: [f64; 3] = [0.5, 0.85, 0.95];

/// The daily counts of the last `window_days` days up to `as_of` (fewer if the history is
/// shorter), zero days included, oldest first.
pub fn throughput_sample(daily: &[DayCount], as_of: NaiveDate, window_days: u32) -> Vec<u32> {
    let from = as_of - Duration::days(i64::from(window_days)) + Duration::days(1);
    daily.iter().filter(|d| from <= d.date && d.date <= as_of).map(|d| d.count).collect()
}

/// *When* will N more cards be finished: days after `as_of` at 50, 85 and 95% confidence
/// (nearest rank of the trials' day counts). `None`: not within [`MAX_FORECAST_DAYS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    pub p50: Option<u32>,
    pub p85: Option<u32>,
    pub p95: Option<u32>,
}

impl When {
    /// The three forecasts as dates, counting from `as_of`.
    pub fn dates(&self, as_of: NaiveDate) -> [Option<NaiveDate>; 3] {
        [self.p50, self.p85, self.p95].map(|d| d.map(|d| as_of + Duration::days(i64::from(d))))
    }
}

/// *How many* cards will be finished by a date: the count that at least 50, 85 and 95% of
/// the trials reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HowMany {
    pub p50: u32,
    pub p85: u32,
    pub p95: u32,
}

/// Per trial, draws days from `daily` (with replacement) until their sum reaches `n_items`.
/// `None` when nothing can be forecast: no trials, or items to finish but no history or no
/// throughput in it.
pub fn forecast_when(daily: &[u32], n_items: u32, trials: u32, seed: u64) -> Option<When> {
    if n_items == 0 {
        return Some(When { p50: Some(0), p85: Some(0), p95: Some(0) });
    }
    if trials == 0 || daily.iter().all(|c| *c == 0) {
        return None;
    }
    let mut rng = Pcg32::seed_from_u64(seed);
    let len = daily.len() as u32;
    let mut runs: Vec<u32> = (0..trials)
        .map(|_| {
            let (mut days, mut done) = (0u32, 0u32);
            while done < n_items && days < MAX_FORECAST_DAYS {
                done += daily[rng.random_range(0..len) as usize];
                days += 1;
            }
            if done >= n_items {
                days
            } else {
                u32::MAX
            }
        })
        .collect();
    runs.sort_unstable();
    let at = |p| nearest_rank(&runs, p).filter(|d| *d != u32::MAX);
    Some(When { p50: at(LEVELS[0]), p85: at(LEVELS[1]), p95: at(LEVELS[2]) })
}

/// Per trial, sums draws from `daily` for each day after `as_of` up to `date`. `None` when
/// there are no trials, or days to forecast but no history.
pub fn forecast_how_many(
    daily: &[u32],
    as_of: NaiveDate,
    date: NaiveDate,
    trials: u32,
    seed: u64,
) -> Option<HowMany> {
    let days = (date - as_of).num_days().max(0);
    if trials == 0 || (days > 0 && daily.is_empty()) {
        return None;
    }
    let mut rng = Pcg32::seed_from_u64(seed);
    let len = daily.len() as u32;
    let mut sums: Vec<u32> = (0..trials)
        .map(|_| (0..days).map(|_| daily[rng.random_range(0..len) as usize]).sum())
        .collect();
    // Descending: the nearest rank at p is the largest count that a share p of trials reached.
    sums.sort_unstable_by(|a, b| b.cmp(a));
    let at = |p| nearest_rank(&sums, p).unwrap_or(0);
    Some(HowMany { p50: at(LEVELS[0]), p85: at(LEVELS[1]), p95: at(LEVELS[2]) })
}
