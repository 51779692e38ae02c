//! Benchmarks of the board file on the boards of the browser benchmark: reading a stored
//! board (`format::import_str`, what the app does on every page load) and writing it
//! (`format::to_storage_string`, what the app does on every change), at 500, 2,000 and 10,000
//! cards.
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
        let board = boards::sized_board(n, n as u64);
        let text = format::to_storage_string(std::slice::from_ref(&board), saved_at);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("import_str", n), &text, |b, t| {
            b.iter(|| format::import_str(black_box(t)).expect("the board is valid"))
        });
        let boards = vec![board];
        g.bench_with_input(BenchmarkId::new("to_storage_string", n), &boards, |b, bs| {
            b.iter(|| format::to_storage_string(black_box(bs), saved_at))
        });
    }
    g.finish();
}

criterion_group!(benches, file);
criterion_main!(benches);
