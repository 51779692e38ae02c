//! Benchmarks of what local storage holds, on the boards of the browser benchmark: reading
//! it (what the app does on every page load) and writing it (on every change), at 500, 2,000
//! and 10,000 cards, in the stored form the app uses (`format::read_stored`,
//! `format::to_compact_string`) and as the board file it stored before
//! (`format::import_str`, `format::to_storage_string`).
//!
//! Key design decision: the boards come from the same generator as the browser benchmark
//! (`examples/bench_boards/boards.rs`, included by path), so native and browser figures are
//! about the same bytes. Run briefly with
//! `cargo bench -p board-core --bench import -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use board_core::{format, Instant};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../examples/bench_boards/boards.rs"]
#[allow(dead_code)]
mod boards;

fn file(c: &mut Criterion) {
    let saved_at: Instant = "2026-12-01T12:00:00Z".parse().expect("a valid instant");
    let mut g = c.benchmark_group("format");
    g.sample_size(10);
    for n in [500usize, 2_000, 10_000] {
        let boards = vec![boards::sized_board(n, n as u64)];
        let text = format::to_storage_string(&boards, saved_at);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("import_str", n), &text, |b, t| {
            b.iter(|| format::import_str(black_box(t)).expect("the board is valid"))
        });
        g.bench_with_input(BenchmarkId::new("to_storage_string", n), &boards, |b, bs| {
            b.iter(|| format::to_storage_string(black_box(bs), saved_at))
        });
        let stored = format::to_compact_string(&boards, saved_at);
        g.throughput(Throughput::Bytes(stored.len() as u64));
        g.bench_with_input(BenchmarkId::new("read_stored", n), &stored, |b, t| {
            b.iter(|| format::read_stored(black_box(t)).expect("the board is valid"))
        });
        g.bench_with_input(BenchmarkId::new("to_compact_string", n), &boards, |b, bs| {
            b.iter(|| format::to_compact_string(black_box(bs), saved_at))
        });
    }
    g.finish();
}

criterion_group!(benches, file);
criterion_main!(benches);
