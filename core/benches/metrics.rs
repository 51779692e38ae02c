//! Benchmarks of the flow metrics: every metric of synthetic boards of 1k, 10k and 100k
//! events, and Monte Carlo forecasts at 10,000 trials.
//!
//! Key design decision: the boards are generated deterministically (a seeded PCG), so figures
//! are comparable from run to run. Run briefly with
//! `cargo bench -p board-core --bench metrics -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use board_core::metrics::{compute, forecast_how_many, forecast_when, throughput_sample, Options};
use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "synthetic/board.rs"]
mod synthetic;
use synthetic::synthetic_board;

fn bench_compute(c: &mut Criterion) {
    let mut group = c.benchmark_group("metrics/compute");
    for n in [1_000usize, 10_000, 100_000] {
        let board = synthetic_board(n, 7);
        let at = board.events.last().expect("events").at + Duration::days(1);
        let opts = Options::for_board(&board, at);
        group.throughput(Throughput::Elements(board.events.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &board, |bench, board| {
            bench.iter(|| compute(black_box(board), black_box(&opts)))
        });
    }
    group.finish();
}

fn bench_forecast(c: &mut Criterion) {
    let board = synthetic_board(100_000, 7);
    let at = board.events.last().expect("events").at + Duration::days(1);
    let report = compute(&board, &Options::for_board(&board, at));
    let daily = throughput_sample(&report.throughput.daily, report.as_of, 90);
    let mut group = c.benchmark_group("metrics/forecast");
    group.bench_function("when_100_items_10000_trials", |bench| {
        bench.iter(|| forecast_when(black_box(&daily), 100, 10_000, 42))
    });
    let until: NaiveDate = report.as_of + Duration::days(90);
    group.bench_function("how_many_90_days_10000_trials", |bench| {
        bench.iter(|| forecast_how_many(black_box(&daily), report.as_of, until, 10_000, 42))
    });
    group.finish();
}

criterion_group!(benches, bench_compute, bench_forecast);
criterion_main!(benches);
