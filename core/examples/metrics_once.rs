//! One call of a metrics function on the benchmark's synthetic board, for instruction counts
//! that do not depend on the machine's load (criterion's timings do):
//!
//! ```sh
//! cargo build --release -p board-core --example metrics_once
//! valgrind --tool=callgrind --toggle-collect='metrics_once::run_*' \
//!     target/release/examples/metrics_once compute 100000
//! ```
//!
//! `compute`, `when` and `how_many` run one report (after a first one, dropped; `compute-cold`:
//! the first), one *when* forecast (100 items) or one
//! *how many* forecast (90 days) at 10,000 trials; `digest` prints hashes of the report (its
//! JSON file, and its `Debug` form, which has the per-card reached dates too) and both
//! forecasts, to check that a change of the code changed no result.
//!
//! Key design decision: the measured calls sit in `#[inline(never)]` functions named `run_*`,
//! so callgrind's `--toggle-collect` counts them alone (not the board's generation), whatever
//! LTO inlines.

#[path = "../benches/synthetic/board.rs"]
mod synthetic;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;

use board_core::metrics::{
    compute, forecast_how_many, forecast_when, report_json, throughput_sample, HowMany, Options,
    Report, When,
};
use board_core::{Board, Convention};
use chrono::Duration;

#[inline(never)]
fn run_compute(board: &Board, opts: &Options) -> Report {
    compute(black_box(board), black_box(opts))
}

#[inline(never)]
fn run_when(daily: &[u32]) -> Option<When> {
    forecast_when(black_box(daily), 100, 10_000, 42)
}

#[inline(never)]
fn run_how_many(daily: &[u32], r: &Report) -> Option<HowMany> {
    forecast_how_many(black_box(daily), r.as_of, r.as_of + Duration::days(90), 10_000, 42)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "compute".into());
    let n: usize = args.next().map_or(100_000, |s| s.parse().expect("a number of events"));
    let board = synthetic::synthetic_board(n, 7);
    let at = board.events.last().expect("events").at + Duration::days(1);
    let opts = Options::for_board(&board, at);
    match what.as_str() {
        "compute" => {
            // A first report, dropped, leaves the heap as criterion's loop does (glibc's
            // malloc otherwise spends ~20 M instructions consolidating the generator's frees).
            drop(black_box(compute(&board, &opts)));
            black_box(run_compute(&board, &opts));
        }
        "compute-cold" => {
            black_box(run_compute(&board, &opts));
        }
        "when" | "how_many" | "digest" => {
            let r = compute(&board, &opts);
            let daily = throughput_sample(&r.throughput.daily, r.as_of, 90);
            match what.as_str() {
                "when" => {
                    black_box(run_when(&daily));
                }
                "how_many" => {
                    black_box(run_how_many(&daily, &r));
                }
                _ => {
                    let hash = |s: &str| {
                        let mut h = DefaultHasher::new();
                        s.hash(&mut h);
                        h.finish()
                    };
                    let json = report_json(&r, &board, at);
                    println!("report JSON: {} bytes, hash {:016x}", json.len(), hash(&json));
                    let debug = format!("{r:?}");
                    println!("report Debug: {} bytes, hash {:016x}", debug.len(), hash(&debug));
                    // The other convention, with a window (the last 200 days but 30).
                    let window =
                        Some((r.as_of - Duration::days(200), r.as_of - Duration::days(30)));
                    let other = Options {
                        convention: Convention::JiraAgileMetrics,
                        window,
                        ..opts.clone()
                    };
                    let debug = format!("{:?}", compute(&board, &other));
                    println!("jira, window: {} bytes, hash {:016x}", debug.len(), hash(&debug));
                    println!("when: {:?}", run_when(&daily));
                    println!("how many: {:?}", run_how_many(&daily, &r));
                }
            }
        }
        _ => panic!("unknown mode {what}: compute, when, how_many or digest"),
    }
}
