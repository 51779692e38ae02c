//! Deterministic benchmark boards on the ML pipeline template (10 columns x 3 lanes).
//!
//! Key design decision: boards are built directly as domain values (no
//! `Command`s, which would check WIP on every step), with histories that agree
//! with where each card sits, so the core's own importer accepts them; every
//! random choice comes from one seeded `Pcg64`, so a size always gives the
//! same board, byte for byte.

use board_core::template::ml_pipeline;
use board_core::{Board, Card, CardType, Event, EventKind, Instant};
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

const OWNERS: [&str; 6] = ["Aisha", "Bruno", "Chen", "Dana", "Emeka", "Farah"];
const TAGS: [&str; 6] = ["churn", "fraud", "search", "gbm", "llm", "vision"];
const WORDS: [&str; 8] =
    ["Train", "Evaluate", "Clean", "Label", "Tune", "Deploy", "Monitor", "Explore"];
const THINGS: [&str; 6] = ["gradient boosting", "v3 features", "drift alerts", "the churn dataset", "a baseline", "embeddings"];

fn start() -> Instant {
    "2026-01-05T08:00:00Z".parse().expect("a valid instant")
}

/// One card with its history: created in Backlog, then moved one column at a
/// time up to column `col`; returns the card and its events (unsorted).
fn card_with_history(rng: &mut Pcg64, b: &Board, i: usize, col: usize, lane: usize, deleted: bool) -> (Card, Vec<Event>) {
    let id = format!("c{i}");
    let cols: Vec<&str> = b.columns.iter().map(|c| c.id.as_str()).collect();
    let lane_id = b.lanes[lane].id.clone();
    // Cards arrive ten minutes apart; each stage takes one to four days.
    let created = start() + Duration::minutes(10 * i as i64);
    let mut card = Card::new(
        id.clone(),
        format!("{} {} #{i}", WORDS[rng.random_range(0..WORDS.len())], THINGS[rng.random_range(0..THINGS.len())]),
        cols[col],
        lane_id.clone(),
        created,
    );
    card.card_type = CardType::ALL[rng.random_range(0..CardType::ALL.len())];
    card.owner = Some(OWNERS[rng.random_range(0..OWNERS.len())].to_owned());
    card.tags = (0..rng.random_range(0..3)).map(|k| TAGS[(i + k) % TAGS.len()].to_owned()).collect();
    let mut at = created;
    let mut events = vec![Event { at, card: id.clone(), kind: EventKind::Created { column: cols[0].into(), lane: lane_id } }];
    for c in 1..=col {
        at += Duration::hours(rng.random_range(24..96));
        events.push(Event {
            at,
            card: id.clone(),
            kind: EventKind::Moved { from: cols[c - 1].into(), to: cols[c].into(), from_lane: None, to_lane: None, override_reason: None },
        });
    }
    if deleted {
        at += Duration::hours(rng.random_range(24..96));
        events.push(Event { at, card: id, kind: EventKind::Deleted });
    }
    (card, events)
}

fn finish(mut b: Board, mut events: Vec<Event>) -> Board {
    // Stable: a card's own events keep their order at equal instants.
    events.sort_by_key(|e| e.at);
    b.events = events;
    b
}

/// A board of `n` cards spread evenly over the 30 cells, each created in
/// Backlog and moved step by step to its column (created + 0 to 9 moves).
pub fn sized_board(n: usize, seed: u64) -> Board {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut b = ml_pipeline(format!("bench-{n}"), format!("Bench: {n} cards"));
    let mut events = Vec::new();
    for i in 0..n {
        let (card, ev) = card_with_history(&mut rng, &b, i, i % 10, (i / 10) % 3, false);
        b.cards.push(card);
        events.extend(ev);
    }
    finish(b, events)
}

/// A board of `live` cards on the board plus finished, since deleted cards
/// (created, moved through all ten columns, deleted: 11 events each) until the
/// history holds about `n_events` events: a long-lived board whose done work
/// was cleared away, as the metrics page sees it.
pub fn history_board(live: usize, n_events: usize, seed: u64) -> Board {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut b = ml_pipeline(format!("bench-history-{n_events}"), format!("Bench: {n_events} events"));
    let mut events = Vec::new();
    let mut i = 0;
    while events.len() < n_events {
        let deleted = i >= live;
        let col = if deleted { 9 } else { i % 10 };
        let (card, ev) = card_with_history(&mut rng, &b, i, col, (i / 10) % 3, deleted);
        if !deleted {
            b.cards.push(card);
        }
        events.extend(ev);
        i += 1;
    }
    finish(b, events)
}
