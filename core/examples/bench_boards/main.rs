//! Writes the boards of the browser benchmark (tests/bench) as local-storage
//! values: `cargo run -p board-core --release --example bench_boards -- <dir>`.
//!
//! Key design decision: the files are exactly what the app stores (the stored
//! form, `format::to_compact_string`) and are read back with the app's reader
//! (`format::read_stored`) before they are written, so the benchmark can seed
//! localStorage with them and measure the app, never a loader of its own. The
//! same board as a board file (`format::to_storage_string`, what the app
//! stored before) goes to `<name>.file.json` for the jKanban baseline, which
//! reads that format, and its size is printed alongside.

mod boards;

use std::{env, fs, path::PathBuf};

use board_core::{demo::demo_board, format, Board, Instant};

fn main() {
    let dir = PathBuf::from(env::args().nth(1).unwrap_or_else(|| "tests/bench/out/boards".into()));
    fs::create_dir_all(&dir).expect("the output folder can be created");
    let saved_at: Instant = "2026-12-01T12:00:00Z".parse().expect("a valid instant");
    let mut all: Vec<(String, Board)> = vec![("demo".into(), demo_board("demo", saved_at, 7))];
    for n in [500, 2_000, 10_000] {
        all.push((format!("cards-{n}"), boards::sized_board(n, n as u64)));
    }
    all.push(("events-100k".into(), boards::history_board(1_000, 100_000, 100)));
    for (name, board) in all {
        let boards = std::slice::from_ref(&board);
        let text = format::to_compact_string(boards, saved_at);
        let back = format::read_stored(&text).unwrap_or_else(|e| panic!("{name}: the app refuses it: {e}"));
        assert_eq!(back, boards, "{name}: the stored form reads back different");
        let path = dir.join(format!("{name}.json"));
        fs::write(&path, &text).expect("the stored value can be written");
        // The same board as a board file, for the jKanban baseline (which reads that format).
        let file = format::to_storage_string(boards, saved_at);
        fs::write(dir.join(format!("{name}.file.json")), &file).expect("the board file can be written");
        println!(
            "{name}: {} cards, {} events, {} chars stored ({} as a board file) -> {}",
            board.cards.len(),
            board.events.len(),
            text.chars().count(),
            file.chars().count(),
            path.display()
        );
    }
}
