//! The synthetic boards of the metrics benchmark, shared by `benches/metrics.rs` and the
//! one-shot profiling driver `examples/metrics_once.rs` (so callgrind counts the very board
//! criterion times).

use board_core::template::ml_pipeline;
use board_core::{Board, Event, EventKind, Instant};
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

const REASONS: [&str; 4] = ["compute", "data-quality", "approval", "labeling"];

/// An ML pipeline board with about `n_events` events: cards flow left to right with
/// occasional backward moves, skipped columns, blocks, and a few deletions.
pub fn synthetic_board(n_events: usize, seed: u64) -> Board {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut b = ml_pipeline("bench", "Bench");
    let cols: Vec<String> = b.columns.iter().map(|c| c.id.clone()).collect();
    let start: Instant = "2025-01-01T00:00:00Z".parse().expect("valid");
    let mut events: Vec<Event> = Vec::with_capacity(n_events + 16);
    let mut card = 0usize;
    while events.len() < n_events {
        let id = format!("c{card}");
        // Cards arrive over two years, spread evenly.
        let mut at = start
            + Duration::minutes((card as i64 * 60 * 24 * 730) / (n_events as i64 / 10).max(1));
        let mut col = 0usize;
        let push = |events: &mut Vec<Event>, at: Instant, kind: EventKind| {
            events.push(Event { at, card: id.clone(), kind });
        };
        push(&mut events, at, EventKind::Created { column: cols[0].clone(), lane: "data".into() });
        let mut is_blocked = false;
        for _ in 0..rng.random_range(4..14u32) {
            at += Duration::minutes(rng.random_range(10..4_000));
            match rng.random_range(0..10u32) {
                0 if !is_blocked => {
                    let reason = REASONS[rng.random_range(0..REASONS.len() as u32) as usize];
                    push(&mut events, at, EventKind::Blocked { reason: reason.into(), note: None });
                    is_blocked = true;
                }
                1 if is_blocked => {
                    push(&mut events, at, EventKind::Unblocked);
                    is_blocked = false;
                }
                2 if col > 1 => {
                    let to = rng.random_range(0..col as u32) as usize;
                    push(&mut events, at, moved(&cols[col], &cols[to]));
                    col = to;
                }
                _ if col + 1 < cols.len() => {
                    let to = (col + rng.random_range(1..3u32) as usize).min(cols.len() - 1);
                    push(&mut events, at, moved(&cols[col], &cols[to]));
                    col = to;
                }
                _ => {}
            }
        }
        if rng.random_range(0..50u32) == 0 {
            push(&mut events, at + Duration::minutes(5), EventKind::Deleted);
        }
        card += 1;
    }
    // Stable: a card's own events keep their order. Re-allocated in log order, as a board read
    // from a file or built event by event is laid out in memory (the generator allocated card
    // by card).
    events.sort_by_key(|e| e.at);
    b.events = events.to_vec();
    b
}

fn moved(from: &str, to: &str) -> EventKind {
    EventKind::Moved {
        from: from.into(),
        to: to.into(),
        from_lane: None,
        to_lane: None,
        override_reason: None,
    }
}
