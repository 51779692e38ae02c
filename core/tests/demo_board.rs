//! The demo board: deterministic, consistent with its own history, and rich
//! enough that every chart of the app has something to say.
//!
//! Statistical properties are checked over several seeds and moments, so a
//! lucky seed cannot hide a generator that only sometimes delivers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use board_core::demo::{demo_board, DEMO_NAME};
use board_core::metrics::{compute, Options};
use board_core::*;
use chrono::{Datelike, Duration, TimeZone, Utc};

fn now() -> Instant {
    Utc.with_ymd_and_hms(2026, 12, 3, 16, 5, 0).unwrap()
}

/// A few (moment, seed) pairs: a weekday afternoon, a Sunday night, a moment
/// with sub-second precision (as the browser's clock gives).
fn samples() -> Vec<(Instant, u64)> {
    let sunday = Utc.with_ymd_and_hms(2027, 3, 14, 23, 59, 59).unwrap();
    let precise = now() + Duration::nanoseconds(123_456_789);
    let mut v: Vec<(Instant, u64)> = (0..6).map(|s| (now(), s)).collect();
    v.extend([(sunday, 41), (precise, 7), (now(), u64::MAX)]);
    v
}

/// The sample boards, generated once for all tests.
fn boards() -> &'static [(Instant, Board)] {
    static BOARDS: OnceLock<Vec<(Instant, Board)>> = OnceLock::new();
    BOARDS.get_or_init(|| samples().into_iter().map(|(t, s)| (t, demo_board("demo", t, s))).collect())
}

fn kinds(b: &Board) -> HashMap<String, ColumnKind> {
    b.columns.iter().map(|c| (c.id.clone(), c.kind)).collect()
}

fn in_progress(b: &Board) -> Vec<&Card> {
    let k = kinds(b);
    b.cards.iter().filter(|c| matches!(k[&c.column], ColumnKind::Active | ColumnKind::Queue)).collect()
}

fn moves(b: &Board) -> impl Iterator<Item = (&Event, &str, &str, Option<&str>)> {
    b.events.iter().filter_map(|e| match &e.kind {
        EventKind::Moved { from, to, override_reason, .. } => {
            Some((e, from.as_str(), to.as_str(), override_reason.as_deref()))
        }
        _ => None,
    })
}

#[test]
fn same_moment_and_seed_give_the_same_board() {
    assert_eq!(demo_board("demo", now(), 42), demo_board("demo", now(), 42));
}

#[test]
fn another_seed_or_moment_gives_another_board() {
    let a = demo_board("demo", now(), 42);
    assert_ne!(a, demo_board("demo", now(), 43));
    assert_ne!(a.events, demo_board("demo", now() + Duration::days(1), 42).events);
}

#[test]
fn demo_board_is_marked_and_named_as_demo_data() {
    let b = demo_board("my-id", now(), 1);
    assert!(b.demo);
    assert_eq!(b.name, DEMO_NAME);
    assert_eq!(b.id, "my-id");
}

#[test]
fn lanes_are_projects_on_the_ml_pipeline_columns() {
    let b = demo_board("demo", now(), 1);
    let lanes: Vec<&str> = b.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(lanes, ["Churn model", "Fraud detection", "Demand forecast", "Search ranking"]);
    let template = template::ml_pipeline("t", "t");
    assert_eq!(
        b.columns.iter().map(|c| &c.id).collect::<Vec<_>>(),
        template.columns.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    assert_eq!(b.cycle, template.cycle);
    for l in &b.lanes {
        assert!(b.cards.iter().filter(|c| c.lane == l.id).count() >= 10, "lane {} has work", l.name);
    }
}

#[test]
fn every_card_sits_where_its_last_event_put_it() {
    for (_, b) in boards().iter() {
        for card in &b.cards {
            let mut place = None;
            let mut blocked = None;
            for e in b.events.iter().filter(|e| e.card == card.id) {
                match &e.kind {
                    EventKind::Created { column, lane } => place = Some((column.clone(), lane.clone())),
                    EventKind::Moved { to, to_lane, .. } => {
                        place = Some((to.clone(), to_lane.clone().expect("lane recorded")))
                    }
                    EventKind::Blocked { reason, .. } => blocked = Some((reason.clone(), e.at)),
                    EventKind::Unblocked => blocked = None,
                    EventKind::Deleted => panic!("deleted card {} is still on the board", card.id),
                }
            }
            assert_eq!(place, Some((card.column.clone(), card.lane.clone())), "card {}", card.id);
            assert_eq!(blocked, card.blocked.as_ref().map(|k| (k.reason.clone(), k.since)), "card {}", card.id);
        }
    }
}

#[test]
fn events_are_in_time_order_within_the_year_before_now() {
    for &(now, ref b) in boards().iter() {
        assert!(b.events.windows(2).all(|w| w[0].at <= w[1].at));
        let first = b.events.first().unwrap().at;
        let last = b.events.last().unwrap().at;
        assert!(last <= now);
        assert!(first >= now - Duration::days(366));
        assert!(first <= now - Duration::days(360), "history spans about a year");
        // Every card was created once, at its created_at, before its other events.
        for card in &b.cards {
            let own: Vec<&Event> = b.events.iter().filter(|e| e.card == card.id).collect();
            assert!(matches!(own[0].kind, EventKind::Created { .. }));
            assert_eq!(own[0].at, card.created_at);
            assert_eq!(own.iter().filter(|e| matches!(e.kind, EventKind::Created { .. })).count(), 1);
        }
    }
}

#[test]
fn a_couple_of_cards_were_deleted() {
    for (_, b) in boards().iter() {
        let deleted: Vec<&str> =
            b.events.iter().filter(|e| e.kind == EventKind::Deleted).map(|e| e.card.as_str()).collect();
        assert!((2..=5).contains(&deleted.len()), "{} deleted", deleted.len());
        assert!(deleted.iter().all(|id| b.card(id).is_none()));
    }
}

#[test]
fn experiments_loop_back_from_evaluation_to_training() {
    for (_, b) in boards().iter() {
        let loops = moves(b).filter(|(_, from, to, _)| *from == "eval" && *to == "train").count();
        assert!(loops >= 20, "{loops} eval -> train moves");
        let pairs: BTreeSet<(&str, &str)> = moves(b)
            .filter(|(_, from, to, _)| b.column_index(from) > b.column_index(to))
            .map(|(_, f, t, _)| (f, t))
            .collect();
        assert!(pairs.len() >= 2, "rework of more than one kind: {pairs:?}");
    }
}

#[test]
fn wip_limits_are_set_and_sometimes_knowingly_exceeded() {
    for (_, b) in boards().iter() {
        let train = b.column("train").unwrap();
        assert_eq!((train.wip_limit, train.compute_limit), (Some(4), Some(8.0)));
        assert_eq!(b.column("eval").unwrap().wip_limit, Some(3));
        let overrides: Vec<&str> = moves(b).filter_map(|(_, _, _, r)| r).collect();
        assert!((3..=60).contains(&overrides.len()), "{} overrides", overrides.len());
        assert!(overrides.iter().all(|r| !r.trim().is_empty()));
    }
}

#[test]
fn some_cards_are_blocked_now_and_blocks_have_varied_causes() {
    for &(now, ref b) in boards().iter() {
        let blocked: Vec<&Card> = in_progress(b).into_iter().filter(|c| c.blocked.is_some()).collect();
        assert!((2..=10).contains(&blocked.len()), "{} blocked now", blocked.len());
        let reasons: BTreeSet<&str> = b
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Blocked { reason, .. } => Some(reason.as_str()),
                _ => None,
            })
            .collect();
        for r in ["data-quality", "data-access", "labeling", "compute", "approval", "infrastructure", "external"] {
            assert!(reasons.contains(r), "no {r} blocker");
        }
        // Blocks end after hours to weeks.
        let mut open: HashMap<&str, Instant> = HashMap::new();
        let mut lengths = Vec::new();
        for e in &b.events {
            match e.kind {
                EventKind::Blocked { .. } => {
                    open.insert(&e.card, e.at);
                }
                EventKind::Unblocked => lengths.push(e.at - open.remove(e.card.as_str()).unwrap()),
                _ => {}
            }
        }
        assert!(lengths.iter().any(|d| *d < Duration::days(1)));
        assert!(lengths.iter().any(|d| *d > Duration::days(10)));
        assert!(blocked.iter().all(|c| c.blocked.as_ref().unwrap().since <= now));
    }
}

#[test]
fn retraining_cards_come_from_monitoring_cards() {
    for (_, b) in boards().iter() {
        let retrains: Vec<&Card> = b.cards.iter().filter(|c| c.card_type == CardType::Retraining).collect();
        assert!(retrains.len() >= 2, "{} retraining cards", retrains.len());
        for r in retrains {
            let parent = b.card(r.parent.as_deref().expect("a parent")).expect("parent on the board");
            assert_eq!(parent.card_type, CardType::Monitoring);
            assert_eq!(parent.lane, r.lane);
            assert!(r.tags.iter().any(|t| t == "drift"));
            assert_eq!(r.metric.as_ref().unwrap().target, parent.metric.as_ref().unwrap().target);
        }
    }
}

#[test]
fn cards_reach_monitoring_in_most_weeks() {
    for &(now, ref b) in boards().iter() {
        let weeks: BTreeSet<(i32, u32)> = moves(b)
            .filter(|(_, _, to, _)| *to == "monitor")
            .map(|(e, ..)| (e.at.iso_week().year(), e.at.iso_week().week()))
            .collect();
        // Full weeks of the year, the first one left out.
        let mut total = 0;
        let mut with_done = 0;
        let mut d = now - Duration::days(358);
        while d < now - Duration::days(7) {
            total += 1;
            with_done += usize::from(weeks.contains(&(d.iso_week().year(), d.iso_week().week())));
            d += Duration::days(7);
        }
        assert!(with_done * 100 >= total * 80, "{with_done} of {total} weeks");
        let finished = b.cards.iter().filter(|c| c.column == "monitor").count();
        assert!((100..=220).contains(&finished), "{finished} finished");
    }
}

#[test]
fn fifteen_to_thirty_cards_are_in_progress_some_of_them_aging() {
    for &(now, ref b) in boards().iter() {
        let wip = in_progress(b);
        assert!((15..=30).contains(&wip.len()), "{} in progress", wip.len());
        let columns: BTreeSet<&str> = wip.iter().map(|c| c.column.as_str()).collect();
        assert!(columns.len() >= 5, "spread over columns: {columns:?}");
        let last_move = |id: &str| {
            b.events
                .iter()
                .rev()
                .find(|e| e.card == id && e.kind.name() != "blocked" && e.kind.name() != "unblocked")
                .unwrap()
                .at
        };
        assert!(wip.iter().any(|c| now - last_move(&c.id) > Duration::days(14)), "a card stuck for weeks");
        assert!(b.cards.iter().any(|c| c.column == "backlog"));
    }
}

#[test]
fn cards_carry_ml_fields_owners_and_tags() {
    let b = demo_board("demo", now(), 3);
    let types: BTreeSet<CardType> = b.cards.iter().map(|c| c.card_type).collect();
    assert!(types.len() >= 6, "{types:?}");
    let owners = b.owners();
    assert!((5..=6).contains(&owners.len()), "{owners:?}");
    assert!(b.tags().len() >= 10);
    assert!(b.cards.iter().all(|c| !c.tags.is_empty()));
    assert!(b.cards.iter().all(|c| c.dataset.as_deref().is_some_and(|d| d.contains("-v"))));
    let trained: Vec<&Card> = b
        .cards
        .iter()
        .filter(|c| matches!(c.card_type, CardType::Experiment | CardType::Model | CardType::Retraining))
        .filter(|c| {
            b.events.iter().any(|e| e.card == c.id && matches!(&e.kind, EventKind::Moved { to, .. } if to == "train"))
        })
        .collect();
    assert!(trained.len() >= 20);
    for c in &trained {
        assert!(c.compute.is_some_and(|g| g > 0.0), "{} has compute", c.id);
        assert!(c.links.iter().any(|l| l.starts_with("https://mlflow.example/")), "{} links a run", c.id);
    }
    let measured =
        b.cards.iter().filter_map(|c| c.metric.as_ref()).filter(|m| m.target.is_some() && m.achieved.is_some()).count();
    assert!(measured >= 30);
    assert!(b.cards.iter().filter(|c| c.hypothesis.is_some()).count() >= 30);
}

#[test]
fn the_app_can_keep_working_on_the_demo_board() {
    let mut b = demo_board("demo", now(), 5);
    let later = now() + Duration::minutes(1);
    let id = in_progress(&b)[0].id.clone();
    let lane = b.card(&id).unwrap().lane.clone();
    let cmd = Command::MoveCard { id: id.clone(), column: "monitor".into(), lane, before: None, override_reason: None };
    let before = b.clone();
    let applied = apply(&mut b, &cmd, later).unwrap();
    assert_eq!(b.card(&id).unwrap().column, "monitor");
    applied.undo.revert(&mut b);
    assert_eq!(b, before);
}

#[test]
fn demo_board_survives_export_and_import_unchanged() {
    for (now, b) in boards().iter().take(3) {
        let text = format::export_string(std::slice::from_ref(b), *now);
        assert_eq!(format::import_str(&text).unwrap(), vec![b.clone()]);
    }
}

#[test]
fn flow_metrics_of_the_demo_board_tell_a_story() {
    for &(now, ref b) in boards().iter() {
        let r = compute(b, &Options::for_board(b, now));
        let recent: u32 = r.throughput.daily.iter().rev().take(90).map(|d| d.count).sum();
        assert!(recent >= 15, "{recent} finished in the last 90 days");
        let p = &r.cycle_time.percentiles;
        let (p50, p85, p95) = (p.p50.unwrap(), p.p85.unwrap(), p.p95.unwrap());
        assert!(1.0 < p50 && p50 < p85 && p85 <= p95, "{p50} {p85} {p95}");
        assert!(r.bottleneck.is_some());
        let reasons: BTreeMap<&str, f64> = r.blocked.by_reason.iter().map(|x| (x.reason.as_str(), x.days)).collect();
        assert!(reasons.len() >= 6 && reasons.values().all(|d| *d > 0.5), "{reasons:?}");
        assert!(r.rework.backward_moves >= 20);
        assert!(r.rework.by_pair.iter().any(|p| p.from == "eval" && p.to == "train"));
        let fe = r.flow_efficiency.unwrap();
        assert!(0.2 < fe && fe < 0.95, "{fe}");
        assert!(r.aging.len() >= 6);
        let wip_now = r.wip.last().unwrap().count;
        assert!(wip_now >= 8, "{wip_now} between Experiment design and Monitoring");
    }
}
