//! Property tests of `board_core::blockers` on random card histories.
//!
//! Key design decision: the histories are made by `command::apply` alone, so
//! they are the histories the app really writes, and the invariants compare
//! the report's views with one another and with the board itself: every
//! `blocked` event is one interval; per reason, per column and per week add up
//! to the same blocked days; the open intervals are exactly the cards blocked
//! now; the portfolio of one board repeats its report, and a board seen twice
//! overlaps itself.

use board_core::blockers::*;
use board_core::template::ml_pipeline;
use board_core::*;
use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::select;

const COLUMNS: &[&str] = &["backlog", "prep", "train", "approval", "monitor"];
const REASONS: &[&str] = &["compute", "labeling", "approval", "vendor-api"];

#[derive(Clone, Debug)]
enum Step {
    Add(usize, &'static str),
    Move(usize, &'static str),
    Block(usize, &'static str),
    Unblock(usize),
    Delete(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let card = 0usize..5;
    prop_oneof![
        2 => (card.clone(), select(COLUMNS)).prop_map(|(c, col)| Step::Add(c, col)),
        3 => (card.clone(), select(COLUMNS)).prop_map(|(c, col)| Step::Move(c, col)),
        3 => (card.clone(), select(REASONS)).prop_map(|(c, r)| Step::Block(c, r)),
        2 => card.clone().prop_map(Step::Unblock),
        1 => card.prop_map(Step::Delete),
    ]
}

/// A board from random steps at random gaps (0 to 60 hours); returns it and `now`.
fn history(steps: &[(Step, u32)], offset_minutes: i32, tail_hours: u32) -> (Board, Instant) {
    let mut b = ml_pipeline("p", "Props");
    let mut at = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    apply(&mut b, &Command::SetTimezone { offset_minutes }, at).unwrap();
    apply(&mut b, &Command::SetBlockerLabels { labels: vec!["vendor-api".into()] }, at).unwrap();
    for (s, gap) in steps {
        at += Duration::hours(i64::from(*gap));
        let id = |i: &usize| format!("c{i}");
        let cmd = match s {
            Step::Add(i, col) => Command::AddCard { card: Card::new(id(i), "Card", *col, "model", at), before: None },
            Step::Move(i, col) => Command::MoveCard {
                id: id(i),
                column: (*col).into(),
                lane: "model".into(),
                before: None,
                override_reason: None,
            },
            Step::Block(i, r) => Command::BlockCard { id: id(i), reason: (*r).into(), note: None },
            Step::Unblock(i) => Command::UnblockCard { id: id(i) },
            // Deleted ids come back with later adds: a reused id is a new card.
            Step::Delete(i) => Command::DeleteCard { id: id(i) },
        };
        let _ = apply(&mut b, &cmd, at); // refused steps change nothing
    }
    (b, at + Duration::hours(i64::from(tail_hours)))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_view_of_the_report_adds_up_to_the_same_blocks_and_days(
        steps in prop::collection::vec((step(), 0u32..60), 0..40),
        offset in prop::sample::select(vec![-570, -60, 0, 330, 780]),
        tail in 0u32..100,
    ) {
        let (b, now) = history(&steps, offset, tail);
        let ivs = intervals(&b, now);
        let blocked_events = b.events.iter().filter(|e| matches!(e.kind, EventKind::Blocked { .. })).count();
        prop_assert_eq!(ivs.len(), blocked_events);
        let total: f64 = ivs.iter().map(|iv| iv.days(now)).sum();

        let r = blocker_report(&b, now);
        let count = |v: Vec<usize>| v.into_iter().sum::<usize>();
        let days = |v: Vec<f64>| v.into_iter().sum::<f64>();
        prop_assert_eq!(count(r.by_reason.iter().map(|x| x.stats.count).collect()), ivs.len());
        prop_assert_eq!(count(r.by_column.iter().map(|x| x.stats.count).collect()), ivs.len());
        prop_assert_eq!(count(r.weekly.iter().map(|w| w.started).collect()), ivs.len());
        prop_assert!(close(days(r.by_reason.iter().map(|x| x.stats.days).collect()), total));
        prop_assert!(close(days(r.by_column.iter().map(|x| x.stats.days).collect()), total));
        prop_assert!(close(days(r.weekly.iter().map(|w| w.days).collect()), total));
        for x in r.by_reason.iter().map(|x| &x.stats).chain(r.by_column.iter().map(|x| &x.stats)) {
            prop_assert!(x.median_days <= x.days + 1e-9);
        }
        // A week is at most 7 days per block that was open in it.
        for w in &r.weekly {
            prop_assert!(w.days <= 7.0 * ivs.len() as f64 + 1e-9);
        }
        // Weeks are consecutive.
        prop_assert!(r.weekly.windows(2).all(|p| p[0].week < p[1].week));
    }

    #[test]
    fn the_open_blocks_are_exactly_the_cards_blocked_now_oldest_first(
        steps in prop::collection::vec((step(), 0u32..60), 0..40),
        tail in 0u32..100,
    ) {
        let (b, now) = history(&steps, 0, tail);
        let mut open: Vec<(String, Instant, String)> = intervals(&b, now)
            .into_iter()
            .filter(|iv| iv.end.is_none())
            .map(|iv| (iv.card, iv.start, iv.reason))
            .collect();
        open.sort();
        let r = blocker_report(&b, now);
        let mut listed: Vec<(String, Instant, String)> =
            r.blocked_now.iter().map(|x| (x.card.clone(), x.since, x.reason.clone())).collect();
        prop_assert!(r.blocked_now.windows(2).all(|p| p[0].since <= p[1].since));
        listed.sort();
        prop_assert_eq!(&open, &listed);
        prop_assert_eq!(listed.len(), b.cards.iter().filter(|c| c.blocked.is_some()).count());
        for x in &r.blocked_now {
            prop_assert!(close(x.days, (now - x.since).num_seconds() as f64 / 86_400.0));
        }
    }

    #[test]
    fn a_portfolio_of_one_board_repeats_its_report_and_a_board_seen_twice_overlaps_itself(
        steps in prop::collection::vec((step(), 0u32..60), 0..40),
        tail in 0u32..100,
    ) {
        let (b, now) = history(&steps, 0, tail);
        let r = blocker_report(&b, now);
        let p = portfolio(&[&b], now);
        prop_assert_eq!(p.causes.len(), r.by_reason.len());
        for c in &p.causes {
            let x = r.by_reason.iter().find(|x| x.reason == c.reason).unwrap();
            prop_assert_eq!(c.count, x.stats.count);
            prop_assert!(close(c.days, x.stats.days));
            prop_assert_eq!(c.at_once.overlapping, 0);
            prop_assert!(c.at_once.peak <= 1);
        }
        let mut twin = b.clone();
        twin.id = "twin".into();
        for c in portfolio(&[&b, &twin], now).causes {
            prop_assert_eq!(&c.boards, &vec!["p".to_owned(), "twin".to_owned()]);
            let blocked_a_while = c.days > 0.0;
            prop_assert_eq!(c.at_once.peak, if blocked_a_while { 2 } else { 0 });
            prop_assert_eq!(c.at_once.overlapping, if blocked_a_while { 2 } else { 0 });
        }
    }
}
