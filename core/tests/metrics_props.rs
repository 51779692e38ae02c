//! Properties of the flow metrics over random histories: whatever the events, the report is
//! internally consistent.

use board_core::metrics::{ages, compute, Options};
use board_core::template::ml_pipeline;
use board_core::{Board, Convention, Event, EventKind, Instant};
use chrono::{Duration, FixedOffset};
use proptest::prelude::*;

/// One step of a card's random history.
#[derive(Clone, Debug)]
enum Step {
    Move(usize),
    Block,
    Unblock,
    Delete,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..10).prop_map(Step::Move),
        1 => Just(Step::Block),
        1 => Just(Step::Unblock),
        1 => Just(Step::Delete),
    ]
}

/// Cards: (start column, minutes between steps, steps); a random time zone.
fn board_strategy() -> impl Strategy<Value = Board> {
    let card = (0usize..10, prop::collection::vec((1i64..3000, step()), 0..12));
    (prop::collection::vec(card, 0..12), -47i32..56).prop_map(|(cards, q)| {
        let mut b = ml_pipeline("p", "Props");
        b.timezone = FixedOffset::east_opt(q * 900).expect("offset in range");
        let ids: Vec<String> = b.columns.iter().map(|c| c.id.clone()).collect();
        let t0: Instant = "2026-01-01T00:00:00Z".parse().expect("valid");
        let mut events = Vec::new();
        for (i, (start, steps)) in cards.into_iter().enumerate() {
            let card = format!("c{i}");
            let mut at = t0 + Duration::minutes(i as i64 * 397);
            let mut col = start;
            let ev = |at, kind| Event { at, card: card.clone(), kind };
            events
                .push(ev(at, EventKind::Created { column: ids[col].clone(), lane: "data".into() }));
            for (gap, s) in steps {
                at += Duration::minutes(gap);
                let kind = match s {
                    Step::Move(to) if to != col => {
                        let kind = EventKind::Moved {
                            from: ids[col].clone(),
                            to: ids[to].clone(),
                            from_lane: None,
                            to_lane: None,
                            override_reason: None,
                        };
                        col = to;
                        kind
                    }
                    Step::Move(_) => continue,
                    Step::Block => EventKind::Blocked { reason: "compute".into(), note: None },
                    Step::Unblock => EventKind::Unblocked,
                    Step::Delete => {
                        events.push(ev(at, EventKind::Deleted));
                        break;
                    }
                };
                events.push(ev(at, kind));
            }
        }
        events.sort_by_key(|e| e.at);
        b.events = events;
        b
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn reports_of_random_histories_are_consistent(board in board_strategy(), conv_aa in any::<bool>()) {
        let moment: Instant = "2026-03-15T12:00:00Z".parse().unwrap();
        let convention = if conv_aa { Convention::ActionableAgile } else { Convention::JiraAgileMetrics };
        let r = compute(&board, &Options { convention, ..Options::for_board(&board, moment) });

        // A card has reached a prefix of the columns, on non-decreasing days.
        for c in &r.cards {
            let set: Vec<bool> = c.reached.iter().map(Option::is_some).collect();
            prop_assert!(set.windows(2).all(|w| w[0] || !w[1]), "{:?}", c);
            let days: Vec<_> = c.reached.iter().flatten().collect();
            prop_assert!(days.windows(2).all(|w| w[0] <= w[1]), "{:?}", c);
        }
        // Cumulative flow: never more cards in a column than in the one on its left, never
        // fewer than the day before.
        for d in &r.cfd.days {
            prop_assert!(d.counts.windows(2).all(|w| w[0] >= w[1]), "{:?}", d);
        }
        for w in r.cfd.days.windows(2) {
            prop_assert!(w[0].counts.iter().zip(&w[1].counts).all(|(a, b)| a <= b));
        }
        // Every finished card is counted once by throughput, daily and weekly.
        let daily: u32 = r.throughput.daily.iter().map(|d| d.count).sum();
        let weekly: u32 = r.throughput.weekly.iter().map(|w| w.count).sum();
        prop_assert_eq!(daily as usize, r.cycle_time.items.len());
        prop_assert_eq!(weekly, daily);
        // Same-day cards: 1 day or 0 days, never less.
        let least = if conv_aa { 1 } else { 0 };
        prop_assert!(r.cycle_time.items.iter().all(|i| i.days >= least));
        let p = &r.cycle_time.percentiles;
        if let (Some(a), Some(b), Some(c)) = (p.p50, p.p85, p.p95) {
            prop_assert!(a <= b && b <= c);
        }
        // Time in columns adds up to each kept card's life from its first event.
        let total: f64 = r.time_in_column.iter().map(|c| c.total_days).sum();
        let deleted: Vec<&str> = board
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Deleted)
            .map(|e| e.card.as_str())
            .collect();
        let mut lives = 0.0;
        for c in &r.cards {
            prop_assert!(!deleted.contains(&c.card.as_str()));
            let first = board.events.iter().find(|e| e.card == c.card).unwrap().at;
            lives += (moment - first).num_milliseconds() as f64 / 86_400_000.0;
        }
        prop_assert!((total - lives).abs() < 1e-6, "{} != {}", total, lives);
        if let Some(e) = r.flow_efficiency {
            prop_assert!((0.0..=1.0).contains(&e), "{}", e);
        }
        for a in &r.aging {
            prop_assert!(a.pace.is_none_or(|p| (0.0..=1.0).contains(&p)));
        }
        prop_assert_eq!(r.wip.len(), r.cfd.days.len());
    }

    /// The age badges' cheap computation gives exactly the report's aging and p85, with or
    /// without a window.
    #[test]
    fn ages_are_the_reports_aging_and_p85(board in board_strategy(), conv_aa in any::<bool>(), windowed in any::<bool>()) {
        let moment: Instant = "2026-03-15T12:00:00Z".parse().unwrap();
        let convention = if conv_aa { Convention::ActionableAgile } else { Convention::JiraAgileMetrics };
        let mut opts = Options { convention, ..Options::for_board(&board, moment) };
        if windowed {
            opts.window = Some(("2026-01-20".parse().unwrap(), "2026-02-20".parse().unwrap()));
        }
        let r = compute(&board, &opts);
        let a = ages(&board, &opts);
        prop_assert_eq!(a.aging, r.aging);
        prop_assert_eq!(a.p85, r.cycle_time.percentiles.p85);
    }
}
