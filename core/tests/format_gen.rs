//! Random valid boards for the file-format tests, built from a seed.
//!
//! Key design decision: one seeded generator builds a whole board that obeys
//! every rule of the format (cards sit where their last event put them, ids
//! are unique, limits >= 1) and exercises every field, including extras,
//! app-specific fields, tricky text and sub-second times. Property tests draw
//! seeds; the other format test files include this file with `#[path]`.
#![allow(dead_code)]

use board_core::*;
use chrono::{FixedOffset, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde_json::{json, Value};

/// Text that has broken JSON writers and HTML renderers before.
const TRICKY: [&str; 12] = [
    "",
    "plain",
    "with \"quotes\" and \\backslashes\\",
    "line\nbreak\ttab",
    "<script>alert(1)</script>",
    "emoji 🚀 and ümlauts",
    "\u{0}\u{1f} control",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "right-to-left \u{202e}txet",
    "  spaces  ",
    "a/b?c=d&e#f",
    "日本語のカード",
];

fn text(r: &mut Pcg64Mcg) -> String {
    let mut s = TRICKY[r.random_range(0..TRICKY.len())].to_owned();
    if r.random_bool(0.5) {
        s.push_str(&format!(" {}", r.random_range(0..1000)));
    }
    s
}

fn maybe<T>(r: &mut Pcg64Mcg, p: f64, f: impl FnOnce(&mut Pcg64Mcg) -> T) -> Option<T> {
    if r.random_bool(p) {
        Some(f(r))
    } else {
        None
    }
}

/// A number that JSON carries exactly (a short decimal).
fn number(r: &mut Pcg64Mcg) -> f64 {
    r.random_range(-100_000i32..100_000) as f64 / 1000.0
}

fn json_value(r: &mut Pcg64Mcg, depth: u32) -> Value {
    match r.random_range(0..if depth > 2 { 4 } else { 6 }) {
        0 => Value::Null,
        1 => json!(r.random_bool(0.5)),
        2 => json!(r.random_range(-1_000_000i64..1_000_000)),
        3 => json!(text(r)),
        4 => Value::Array((0..r.random_range(0..3)).map(|_| json_value(r, depth + 1)).collect()),
        _ => Value::Object((0..r.random_range(0..3)).map(|i| (format!("k{i}"), json_value(r, depth + 1))).collect()),
    }
}

/// Unknown fields, as a newer app or another tool might add them.
fn extra(r: &mut Pcg64Mcg) -> Extra {
    let mut e = Extra::new();
    if r.random_bool(0.3) {
        for i in 0..r.random_range(1..3) {
            e.insert(format!("x_future_{i}"), json_value(r, 0));
        }
    }
    e
}

fn limit(r: &mut Pcg64Mcg) -> u32 {
    if r.random_bool(0.1) {
        u32::MAX
    } else {
        r.random_range(1..10)
    }
}

/// A moment in 2026, sometimes with a fraction of a second.
fn instant(r: &mut Pcg64Mcg, base: &mut i64) -> Instant {
    *base += r.random_range(1..200_000);
    let nanos = if r.random_bool(0.2) { r.random_range(0..1_000_000_000) } else { 0 };
    Utc.timestamp_opt(*base, nanos).unwrap()
}

/// A board that obeys every rule of the format, built from `seed`.
pub fn board(seed: u64) -> Board {
    let r = &mut Pcg64Mcg::seed_from_u64(seed);
    let mut b = Board::empty(format!("board-{seed}"), text(r));
    let tz_minutes = r.random_range(-(24 * 60 - 1)..24 * 60);
    b.timezone = FixedOffset::east_opt(tz_minutes * 60).unwrap();
    let ncol = r.random_range(1..7);
    for i in 0..ncol {
        let kind = ColumnKind::ALL[r.random_range(0..4)];
        let mut c = Column::new(format!("col-{i}"), text(r), kind);
        c.wip_limit = maybe(r, 0.4, limit);
        c.compute_limit = maybe(r, 0.2, |r| r.random_range(1..64) as f64 / 4.0);
        if r.random_bool(0.2) {
            c.type_limits.insert(CardType::ALL[r.random_range(0..8)], limit(r));
        }
        c.extra = extra(r);
        b.columns.push(c);
    }
    let nlane = r.random_range(1..4);
    for i in 0..nlane {
        let mut l = Lane::new(format!("lane {i} ✓"), text(r));
        l.wip_limit = maybe(r, 0.3, limit);
        l.extra = extra(r);
        b.lanes.push(l);
    }
    if r.random_bool(0.5) {
        let s = r.random_range(0..ncol);
        let e = r.random_range(s..ncol);
        b.cycle = Some(Cycle { start: b.columns[s].id.clone(), end: b.columns[e].id.clone() });
    }
    b.convention = Convention::ALL[r.random_range(0..2)];
    if r.random_bool(0.3) {
        b.wip = WipPolicy {
            count_blocked: r.random_bool(0.5),
            queue_counts_for_person: r.random_bool(0.5),
            hard: r.random_bool(0.5),
            cell_limits: (0..r.random_range(0..3))
                .map(|_| CellLimit {
                    column: b.columns[r.random_range(0..ncol)].id.clone(),
                    lane: b.lanes[r.random_range(0..nlane)].id.clone(),
                    limit: limit(r),
                })
                .collect(),
            person_limit: maybe(r, 0.5, limit),
            person_limits: (0..r.random_range(0..3)).map(|i| (format!("Person {i}"), limit(r))).collect(),
        };
    }
    if r.random_bool(0.3) {
        b.blocker_labels = vec!["gpu-queue".into(), "legal review".into()];
    }
    b.demo = r.random_bool(0.1);
    b.extra = extra(r);

    let mut clock = 1_767_225_600; // 2026-01-01
    let ncards = r.random_range(0..12);
    for i in 0..ncards {
        let id = format!("card-{i}");
        let mut col = r.random_range(0..ncol);
        let mut lane = r.random_range(0..nlane);
        let created_at = instant(r, &mut clock);
        let has_history = r.random_bool(0.85);
        if has_history {
            b.events.push(Event {
                at: created_at,
                card: id.clone(),
                kind: EventKind::Created { column: b.columns[col].id.clone(), lane: b.lanes[lane].id.clone() },
            });
        }
        let mut blocked: Option<Block> = None;
        for _ in 0..if has_history { r.random_range(0..8) } else { 0 } {
            let at = instant(r, &mut clock);
            let kind = match r.random_range(0..4) {
                0 | 1 => {
                    let (from, from_lane) = (col, lane);
                    col = r.random_range(0..ncol);
                    let names_lanes = r.random_bool(0.6);
                    if names_lanes {
                        lane = r.random_range(0..nlane);
                    }
                    EventKind::Moved {
                        from: b.columns[from].id.clone(),
                        to: b.columns[col].id.clone(),
                        from_lane: names_lanes.then(|| b.lanes[from_lane].id.clone()),
                        to_lane: names_lanes.then(|| b.lanes[lane].id.clone()),
                        override_reason: maybe(r, 0.2, text),
                    }
                }
                2 if blocked.is_none() => {
                    let reason = if b.blocker_labels.is_empty() || r.random_bool(0.5) {
                        BLOCKER_REASONS[r.random_range(0..BLOCKER_REASONS.len())].to_owned()
                    } else {
                        b.blocker_labels[0].clone()
                    };
                    let note = maybe(r, 0.5, text);
                    blocked = Some(Block { reason: reason.clone(), note: note.clone(), since: at });
                    EventKind::Blocked { reason, note }
                }
                _ if blocked.is_some() => {
                    blocked = None;
                    EventKind::Unblocked
                }
                _ => continue,
            };
            b.events.push(Event { at, card: id.clone(), kind });
        }
        let deleted = has_history && r.random_bool(0.15);
        if deleted {
            b.events.push(Event { at: instant(r, &mut clock), card: id.clone(), kind: EventKind::Deleted });
            continue;
        }
        let mut c = Card::new(id, text(r), b.columns[col].id.clone(), b.lanes[lane].id.clone(), created_at);
        c.card_type = CardType::ALL[r.random_range(0..8)];
        c.owner = maybe(r, 0.5, text);
        c.tags = (0..r.random_range(0..3)).map(|_| text(r)).collect();
        c.description = maybe(r, 0.5, text);
        c.blocked = blocked;
        c.hypothesis = maybe(r, 0.3, text);
        c.dataset = maybe(r, 0.3, text);
        c.metric = maybe(r, 0.3, |r| Metric {
            name: text(r),
            target: maybe(r, 0.7, number),
            achieved: maybe(r, 0.5, number),
        });
        c.links = (0..r.random_range(0..2)).map(|i| format!("https://tracker.example/run/{i}?q=a&b=\"c\"")).collect();
        c.compute = maybe(r, 0.3, number);
        c.parent = maybe(r, 0.2, |_| "card-0".to_owned());
        c.extra = extra(r);
        // Insert at a random place: order within a cell is the order of `cards`.
        let at = r.random_range(0..=b.cards.len());
        b.cards.insert(at, c);
    }
    b
}

/// A few boards with distinct ids, as one export of "all boards".
pub fn boards(seed: u64) -> Vec<Board> {
    let r = &mut Pcg64Mcg::seed_from_u64(seed ^ 0x5eed);
    (0..r.random_range(1..4)).map(|i| board(seed.wrapping_mul(31).wrapping_add(i))).collect()
}

/// The moment files are exported at in tests.
pub fn exported_at() -> Instant {
    Utc.with_ymd_and_hms(2026, 12, 3, 16, 5, 0).unwrap()
}

#[test]
fn generated_boards_are_deterministic_per_seed() {
    assert_eq!(board(7), board(7));
    assert_ne!(board(7), board(8));
    let b = board(11);
    assert!(!b.columns.is_empty() && !b.lanes.is_empty());
}
