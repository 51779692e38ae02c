//! The blocker report of one board and the portfolio across boards, on boards
//! built with commands at explicit moments, plus the shared worked example.

use board_core::blockers::*;
use board_core::template::{blank, ml_pipeline};
use board_core::*;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};

/// A moment in March 2026 (UTC). March 2 is a Monday: ISO week 2026-W10.
fn t(day: u32, hour: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn run(b: &mut Board, cmd: Command, at: Instant) {
    apply(b, &cmd, at).unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
}

fn add(b: &mut Board, id: &str, column: &str, lane: &str, at: Instant) {
    run(b, Command::AddCard { card: Card::new(id, format!("Card {id}"), column, lane, at), before: None }, at);
}

fn mv(b: &mut Board, id: &str, column: &str, at: Instant) {
    let lane = b.card(id).unwrap().lane.clone();
    run(b, Command::MoveCard { id: id.into(), column: column.into(), lane, before: None, override_reason: None }, at);
}

fn block(b: &mut Board, id: &str, reason: &str, note: Option<&str>, at: Instant) {
    run(b, Command::BlockCard { id: id.into(), reason: reason.into(), note: note.map(str::to_owned) }, at);
}

fn unblock(b: &mut Board, id: &str, at: Instant) {
    run(b, Command::UnblockCard { id: id.into() }, at);
}

fn reason<'a>(r: &'a BlockerReport, name: &str) -> &'a BlockStats {
    &r.by_reason.iter().find(|x| x.reason == name).unwrap_or_else(|| panic!("no {name}")).stats
}

fn stats(count: usize, days: f64, median_days: f64) -> BlockStats {
    BlockStats { count, days, median_days }
}

#[test]
fn an_open_block_runs_to_now_and_the_card_is_listed_as_blocked_now() {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model", t(2, 0));
    block(&mut b, "a", "compute", Some("GPU quota"), t(2, 12));
    let r = blocker_report(&b, t(4, 12));
    assert_eq!(*reason(&r, "compute"), stats(1, 2.0, 2.0));
    assert_eq!(r.by_column.len(), 1);
    assert_eq!((r.by_column[0].column.as_str(), r.by_column[0].name.as_str()), ("train", "Training"));
    assert_eq!(
        r.blocked_now,
        [BlockedNow {
            card: "a".into(),
            title: "Card a".into(),
            column: "train".into(),
            reason: "compute".into(),
            note: Some("GPU quota".into()),
            since: t(2, 12),
            days: 2.0,
        }]
    );
}

#[test]
fn several_blocks_of_one_card_count_apart_in_the_column_where_each_began() {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "explore", "data", t(2, 0));
    block(&mut b, "a", "data-access", None, t(2, 6));
    unblock(&mut b, "a", t(2, 18)); // 0.5 day in explore
    mv(&mut b, "a", "train", t(3, 0));
    block(&mut b, "a", "compute", None, t(3, 0));
    unblock(&mut b, "a", t(4, 0)); // 1 day in train
    block(&mut b, "a", "compute", None, t(5, 0));
    mv(&mut b, "a", "eval", t(6, 0)); // moving while blocked: still counted where it began
    unblock(&mut b, "a", t(8, 0)); // 3 days
    let r = blocker_report(&b, t(10, 0));
    let reasons: Vec<(&str, &BlockStats)> = r.by_reason.iter().map(|x| (x.reason.as_str(), &x.stats)).collect();
    assert_eq!(reasons, [("compute", &stats(2, 4.0, 2.0)), ("data-access", &stats(1, 0.5, 0.5))]);
    let columns: Vec<(&str, &BlockStats)> = r.by_column.iter().map(|x| (x.column.as_str(), &x.stats)).collect();
    assert_eq!(columns, [("explore", &stats(1, 0.5, 0.5)), ("train", &stats(2, 4.0, 2.0))]);
    assert!(r.blocked_now.is_empty());
}

#[test]
fn the_median_is_the_middle_block_or_the_mean_of_the_two_middle_ones() {
    let mut b = ml_pipeline("b", "ML");
    for id in ["c0", "c1", "c2"] {
        add(&mut b, id, "prep", "data", t(2, 0));
        block(&mut b, id, "labeling", None, t(2, 0));
    }
    unblock(&mut b, "c0", t(3, 0)); // 1 day
    unblock(&mut b, "c2", t(4, 0)); // 2 days
    unblock(&mut b, "c1", t(7, 0)); // 5 days
    assert_eq!(*reason(&blocker_report(&b, t(9, 0)), "labeling"), stats(3, 8.0, 2.0));
    add(&mut b, "c3", "prep", "data", t(9, 0));
    block(&mut b, "c3", "labeling", None, t(9, 0));
    // Blocks of 1, 2, 5 and (open) 4 days: median (2 + 4) / 2.
    assert_eq!(*reason(&blocker_report(&b, t(13, 0)), "labeling"), stats(4, 12.0, 3.0));
}

#[test]
fn a_card_deleted_while_blocked_keeps_its_block_in_history_but_is_not_blocked_now() {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "gone", "prep", "data", t(2, 0));
    add(&mut b, "stays", "prep", "data", t(2, 0));
    block(&mut b, "gone", "labeling", None, t(2, 0));
    block(&mut b, "stays", "labeling", Some("vendor late"), t(3, 0));
    run(&mut b, Command::DeleteCard { id: "gone".into() }, t(3, 12));
    let r = blocker_report(&b, t(6, 0));
    assert_eq!(*reason(&r, "labeling"), stats(2, 1.5 + 3.0, 2.25));
    assert_eq!(r.blocked_now.iter().map(|x| x.card.as_str()).collect::<Vec<_>>(), ["stays"]);
    let ivs = intervals(&b, t(6, 0));
    assert_eq!(ivs[0].end, Some(t(3, 12)), "deleting closes the open block");
}

#[test]
fn blocked_now_lists_the_oldest_block_first() {
    let mut b = ml_pipeline("b", "ML");
    for id in ["x", "y", "z"] {
        add(&mut b, id, "train", "model", t(2, 0));
    }
    block(&mut b, "y", "compute", None, t(3, 0));
    block(&mut b, "z", "approval", None, t(4, 0));
    block(&mut b, "x", "external", None, t(5, 0));
    let r = blocker_report(&b, t(6, 0));
    let order: Vec<(&str, f64)> = r.blocked_now.iter().map(|x| (x.card.as_str(), x.days)).collect();
    assert_eq!(order, [("y", 3.0), ("z", 2.0), ("x", 1.0)]);
}

#[test]
fn a_label_the_board_defines_is_reported_like_a_standard_reason() {
    let mut b = ml_pipeline("b", "ML");
    run(&mut b, Command::SetBlockerLabels { labels: vec!["vendor-api".into()] }, t(1, 0));
    add(&mut b, "a", "deploy", "ops", t(2, 0));
    add(&mut b, "c", "deploy", "ops", t(2, 0));
    block(&mut b, "a", "vendor-api", Some("rate limited"), t(2, 0));
    block(&mut b, "c", "compute", None, t(4, 0));
    let r = blocker_report(&b, t(5, 0));
    let reasons: Vec<&str> = r.by_reason.iter().map(|x| x.reason.as_str()).collect();
    assert_eq!(reasons, ["vendor-api", "compute"], "most blocked days first");
    assert_eq!(*reason(&r, "vendor-api"), stats(1, 3.0, 3.0));
    assert_eq!(r.blocked_now[0].note.as_deref(), Some("rate limited"));
}

#[test]
fn the_weekly_trend_splits_blocked_days_at_monday_midnight_and_keeps_quiet_weeks() {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model", t(1, 0));
    block(&mut b, "a", "compute", None, t(1, 12)); // Sunday of W09
    unblock(&mut b, "a", t(3, 12)); // Tuesday of W10
    let r = blocker_report(&b, t(17, 0)); // Tuesday of W12
    let weeks: Vec<(&str, usize, f64)> = r.weekly.iter().map(|w| (w.week.as_str(), w.started, w.days)).collect();
    assert_eq!(weeks, [("2026-W09", 1, 0.5), ("2026-W10", 0, 1.5), ("2026-W11", 0, 0.0), ("2026-W12", 0, 0.0)]);
}

#[test]
fn weeks_are_counted_in_the_boards_time_zone() {
    let mut b = ml_pipeline("b", "ML");
    run(&mut b, Command::SetTimezone { offset_minutes: -12 * 60 }, t(1, 0));
    add(&mut b, "a", "train", "model", t(1, 0));
    // Local: Sunday Mar 1 00:00 to Tuesday Mar 3 00:00; Monday starts at 12:00 UTC.
    block(&mut b, "a", "compute", None, t(1, 12));
    unblock(&mut b, "a", t(3, 12));
    let r = blocker_report(&b, t(3, 12));
    let weeks: Vec<(&str, usize, f64)> = r.weekly.iter().map(|w| (w.week.as_str(), w.started, w.days)).collect();
    assert_eq!(weeks, [("2026-W09", 1, 1.0), ("2026-W10", 0, 1.0)]);
}

#[test]
fn a_board_with_no_blocks_gives_an_empty_report() {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model", t(1, 0));
    let r = blocker_report(&b, t(3, 0));
    assert!(r.by_reason.is_empty() && r.by_column.is_empty() && r.weekly.is_empty() && r.blocked_now.is_empty());
}

#[test]
fn a_repeated_blocked_event_in_an_imported_history_closes_the_open_block() {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model", t(1, 0));
    block(&mut b, "a", "compute", None, t(1, 0));
    // Only an imported file can hold this: a second `blocked` without `unblocked`.
    b.events.push(Event {
        at: t(2, 0),
        card: "a".into(),
        kind: EventKind::Blocked { reason: "approval".into(), note: None },
    });
    let r = blocker_report(&b, t(5, 0));
    assert_eq!(*reason(&r, "compute"), stats(1, 1.0, 1.0));
    assert_eq!(*reason(&r, "approval"), stats(1, 3.0, 3.0));
}

// ---- portfolio ----

/// Board A (ML template), B (blank + a column "training " of its own id), C (blank).
fn three_boards() -> (Board, Board, Board) {
    let mut a = ml_pipeline("a", "Churn");
    add(&mut a, "a1", "train", "model", t(1, 0));
    block(&mut a, "a1", "compute", None, t(2, 0));
    unblock(&mut a, "a1", t(4, 0));

    let mut b = blank("b", "Fraud");
    run(&mut b, Command::AddColumn { column: Column::new("gpu", " training ", ColumnKind::Active), index: 2 }, t(1, 0));
    add(&mut b, "b1", "gpu", "main", t(1, 0));
    add(&mut b, "b2", "doing", "main", t(1, 0));
    block(&mut b, "b2", "approval", None, t(2, 0)); // open: 5 days at t(7, 0)
    block(&mut b, "b1", "compute", None, t(3, 0));
    unblock(&mut b, "b1", t(5, 0));

    let mut c = blank("c", "Ranking");
    add(&mut c, "c1", "doing", "main", t(1, 0));
    block(&mut c, "c1", "compute", None, t(5, 0)); // touches B's block, does not overlap
    unblock(&mut c, "c1", t(6, 0));
    (a, b, c)
}

#[test]
fn the_portfolio_ranks_causes_by_days_and_groups_columns_by_name_across_boards() {
    let (a, b, c) = three_boards();
    let p = portfolio(&[&a, &b, &c], t(7, 0));
    let order: Vec<(&str, usize, f64)> = p.causes.iter().map(|x| (x.reason.as_str(), x.count, x.days)).collect();
    assert_eq!(order, [("approval", 1, 5.0), ("compute", 3, 5.0)], "ties by name");
    let compute = &p.causes[1];
    assert_eq!(compute.boards, ["a", "b", "c"]);
    let cols: Vec<(&str, usize, f64)> =
        compute.by_column.iter().map(|s| (s.column.as_str(), s.count, s.days)).collect();
    assert_eq!(cols, [("Training", 2, 4.0), ("Doing", 1, 1.0)]);
    let kinds: Vec<(&str, usize, f64)> = compute.by_kind.iter().map(|s| (s.column.as_str(), s.count, s.days)).collect();
    assert_eq!(kinds, [("active", 3, 5.0)]);
    assert_eq!(p.causes[0].boards, ["b"]);
    assert_eq!(p.causes[0].by_column[0].column, "Doing");
}

#[test]
fn the_portfolio_tells_how_many_boards_a_cause_blocked_at_the_same_time() {
    let (a, b, c) = three_boards();
    let p = portfolio(&[&a, &b, &c], t(7, 0));
    let compute = p.causes.iter().find(|x| x.reason == "compute").unwrap();
    assert_eq!(compute.at_once, BoardsAtOnce { peak: 2, overlapping: 2 });
    let approval = p.causes.iter().find(|x| x.reason == "approval").unwrap();
    assert_eq!(approval.at_once, BoardsAtOnce { peak: 1, overlapping: 0 });
    // Two boards of one cause that never meet.
    let p = portfolio(&[&a, &c], t(7, 0));
    assert_eq!(p.causes[0].at_once, BoardsAtOnce { peak: 1, overlapping: 0 });
}

#[test]
fn a_portfolio_of_one_board_agrees_with_its_blocker_report() {
    let (_, b, _) = three_boards();
    let now = t(7, 0);
    let r = blocker_report(&b, now);
    let p = portfolio(&[&b], now);
    let mut from_p: Vec<(String, usize, f64)> = p.causes.iter().map(|c| (c.reason.clone(), c.count, c.days)).collect();
    let mut from_r: Vec<(String, usize, f64)> =
        r.by_reason.iter().map(|x| (x.reason.clone(), x.stats.count, x.stats.days)).collect();
    from_p.sort_by(|x, y| x.0.cmp(&y.0));
    from_r.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(from_p, from_r);
}

// ---- the worked example of the spec ----

fn instant(s: &str) -> Instant {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// Reads the shared example board with just enough of the format for blocks.
fn example_board() -> Board {
    // The same file as shared/spec/examples/board.json.
    let v: serde_json::Value = serde_json::from_str(include_str!("fixtures/v1-example.json")).unwrap();
    let j = &v["boards"][0];
    let s = |x: &serde_json::Value| x.as_str().unwrap().to_owned();
    let mut b = Board::empty(s(&j["id"]), s(&j["name"]));
    let tz = j["timezone"].as_str().unwrap();
    let sign = if tz.starts_with('-') { -1 } else { 1 };
    let minutes = tz[1..3].parse::<i32>().unwrap() * 60 + tz[4..6].parse::<i32>().unwrap();
    b.timezone = FixedOffset::east_opt(sign * minutes * 60).unwrap();
    for c in j["columns"].as_array().unwrap() {
        b.columns.push(Column::new(
            s(&c["id"]),
            s(&c["name"]),
            ColumnKind::parse(c["kind"].as_str().unwrap()).unwrap(),
        ));
    }
    for l in j["lanes"].as_array().unwrap() {
        b.lanes.push(Lane::new(s(&l["id"]), s(&l["name"])));
    }
    for c in j["cards"].as_array().unwrap() {
        let mut card = Card::new(
            s(&c["id"]),
            s(&c["title"]),
            s(&c["column"]),
            s(&c["lane"]),
            instant(c["created_at"].as_str().unwrap()),
        );
        if let Some(bl) = c.get("blocked").filter(|x| !x.is_null()) {
            card.blocked = Some(Block {
                reason: s(&bl["reason"]),
                note: bl.get("note").and_then(|n| n.as_str()).map(str::to_owned),
                since: instant(bl["since"].as_str().unwrap()),
            });
        }
        b.cards.push(card);
    }
    for e in j["events"].as_array().unwrap() {
        let opt = |k: &str| e.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let kind = match e["kind"].as_str().unwrap() {
            "created" => EventKind::Created { column: s(&e["column"]), lane: s(&e["lane"]) },
            "moved" => EventKind::Moved {
                from: s(&e["from"]),
                to: s(&e["to"]),
                from_lane: opt("from_lane"),
                to_lane: opt("to_lane"),
                override_reason: opt("override"),
            },
            "blocked" => EventKind::Blocked { reason: s(&e["reason"]), note: opt("note") },
            "unblocked" => EventKind::Unblocked,
            "deleted" => EventKind::Deleted,
            k => panic!("unknown event kind {k}"),
        };
        b.events.push(Event { at: instant(e["at"].as_str().unwrap()), card: s(&e["card"]), kind });
    }
    b
}

#[test]
fn the_block_intervals_reproduce_the_blocked_time_of_the_spec_example() {
    // The metrics report leaves deleted cards out of every metric; the blocker
    // report keeps their past blocks. Without those, the intervals must give
    // the example's `blocked` figures exactly.
    let b = example_board();
    let now = instant("2026-11-25T12:00:00Z");
    // `blocked` of shared/spec/examples/metrics-actionable-agile.json (the same in both conventions).
    let by_reason: [(&str, usize, f64); 7] = [
        ("data-access", 1, 0.39564814814814814),
        ("approval", 2, 296.74607638888887),
        ("external", 2, 224.3659027777778),
        ("compute", 1, 0.6633101851851851),
        ("labeling", 5, 450.59576388888894),
        ("other", 3, 238.19554398148148),
        ("data-quality", 1, 0.1463310185185185),
    ];
    let by_column: [(&str, usize, f64); 5] = [
        ("features", 6, 255.89755787037038),
        ("eval", 2, 520.0867361111111),
        ("prep", 2, 9.91662037037037),
        ("approval", 4, 234.27047453703705),
        ("explore", 1, 190.9371875),
    ];
    let deleted: Vec<&str> =
        b.events.iter().filter(|e| e.kind == EventKind::Deleted).map(|e| e.card.as_str()).collect();
    let ivs: Vec<Interval> = intervals(&b, now).into_iter().filter(|iv| !deleted.contains(&iv.card.as_str())).collect();
    for (by_reason, want) in [(true, &by_reason[..]), (false, &by_column[..])] {
        for (name, count, days) in want {
            let mine: Vec<&Interval> =
                ivs.iter().filter(|iv| if by_reason { iv.reason == *name } else { iv.column == *name }).collect();
            assert_eq!(mine.len(), *count, "{name}");
            let sum: f64 = mine.iter().map(|iv| iv.days(now)).sum();
            assert!((sum - days).abs() < 1e-9, "{name}: {sum} days, not {days}");
        }
    }
    assert_eq!(ivs.len(), 15);
    // With deleted cards, the report has one block more (a data-quality one).
    let r = blocker_report(&b, now);
    assert_eq!(r.by_reason.iter().map(|x| x.stats.count).sum::<usize>(), 16);
    assert_eq!(reason(&r, "data-quality").count, 2);
    // Cards blocked now, oldest first, match the cards' own `blocked` fields.
    let mut since: Vec<Instant> = b.cards.iter().filter_map(|c| c.blocked.as_ref().map(|x| x.since)).collect();
    since.sort();
    assert_eq!(r.blocked_now.iter().map(|x| x.since).collect::<Vec<_>>(), since);
}
