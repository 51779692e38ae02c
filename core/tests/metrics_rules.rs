//! Hand-worked checks of every rule of flow-metrics.md, one behaviour per test.

use board_core::metrics::{
    card_histories, compute, days_between, forecast_how_many, forecast_when, interpolated,
    nearest_rank, percentile, throughput_sample, HowMany, Options, Report, When,
};
use board_core::{
    Board, Card, Column, ColumnKind, Convention, Cycle, Event, EventKind, Instant, Lane,
};
use chrono::{FixedOffset, NaiveDate};

const AA: Convention = Convention::ActionableAgile;
const JAM: Convention = Convention::JiraAgileMetrics;

fn t(s: &str) -> Instant {
    s.parse().expect("RFC 3339")
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// backlog | dev (active) | wait (queue) | test (active) | done; cycle dev..done (the default).
fn board(events: Vec<Event>) -> Board {
    let mut b = Board::empty("b", "Board");
    b.columns = vec![
        Column::new("backlog", "Backlog", ColumnKind::Backlog),
        Column::new("dev", "Dev", ColumnKind::Active),
        Column::new("wait", "Wait", ColumnKind::Queue),
        Column::new("test", "Test", ColumnKind::Active),
        Column::new("done", "Done", ColumnKind::Done),
    ];
    b.lanes = vec![Lane::new("main", "Main")];
    b.events = events;
    b
}

fn ev(at: &str, card: &str, kind: EventKind) -> Event {
    Event { at: t(at), card: card.into(), kind }
}
fn created(at: &str, card: &str, column: &str) -> Event {
    ev(at, card, EventKind::Created { column: column.into(), lane: "main".into() })
}
fn moved(at: &str, card: &str, from: &str, to: &str) -> Event {
    let kind = EventKind::Moved {
        from: from.into(),
        to: to.into(),
        from_lane: None,
        to_lane: None,
        override_reason: None,
    };
    ev(at, card, kind)
}
fn blocked(at: &str, card: &str, reason: &str) -> Event {
    ev(at, card, EventKind::Blocked { reason: reason.into(), note: None })
}
fn unblocked(at: &str, card: &str) -> Event {
    ev(at, card, EventKind::Unblocked)
}
fn deleted(at: &str, card: &str) -> Event {
    ev(at, card, EventKind::Deleted)
}

fn report(b: &Board, at: &str, convention: Convention) -> Report {
    compute(b, &Options { convention, ..Options::for_board(b, t(at)) })
}

fn reached(r: &Report, card: &str) -> Vec<Option<NaiveDate>> {
    r.cards.iter().find(|c| c.card == card).expect("card in report").reached.clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---- When a card reached each column ----

#[test]
fn first_entry_wins_and_a_backward_move_erases_the_columns_right_of_it() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "c", "backlog"),
        moved("2026-03-02T10:00:00Z", "c", "backlog", "dev"),
        moved("2026-03-03T10:00:00Z", "c", "dev", "wait"),
        moved("2026-03-04T10:00:00Z", "c", "wait", "test"),
        moved("2026-03-05T10:00:00Z", "c", "test", "dev"), // back: wait and test forgotten
        moved("2026-03-06T10:00:00Z", "c", "dev", "wait"),
    ]);
    let r = report(&b, "2026-03-10T00:00:00Z", AA);
    let dev = Some(d("2026-03-02")); // first entry, not the re-entry of 03-05
    assert_eq!(
        reached(&r, "c"),
        vec![Some(d("2026-03-01")), dev, Some(d("2026-03-06")), None, None]
    );
    assert_eq!(r.rework.backward_moves, 1);
}

#[test]
fn a_skipped_column_takes_the_date_of_the_nearest_reached_column_on_its_right() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "c", "backlog"),
        moved("2026-03-02T10:00:00Z", "c", "backlog", "wait"),
        moved("2026-03-04T10:00:00Z", "c", "wait", "done"),
    ]);
    let r = report(&b, "2026-03-10T00:00:00Z", AA);
    let (m2, m4) = (Some(d("2026-03-02")), Some(d("2026-03-04")));
    assert_eq!(reached(&r, "c"), vec![Some(d("2026-03-01")), m2, m2, m4, m4]);
    assert_eq!(r.cards[0].started, m2);
    assert_eq!(r.cards[0].finished, m4);
}

#[test]
fn a_card_created_in_a_later_column_has_reached_every_column_left_of_it() {
    let b = board(vec![created("2026-03-03T10:00:00Z", "c", "test")]);
    let r = report(&b, "2026-03-10T00:00:00Z", AA);
    let m3 = Some(d("2026-03-03"));
    assert_eq!(reached(&r, "c"), vec![m3, m3, m3, m3, None]);
    assert_eq!(r.cfd.days[0].counts, vec![1, 1, 1, 1, 0]);
}

#[test]
fn a_card_started_and_finished_the_same_day_took_one_day_or_zero_days() {
    let b = board(vec![
        created("2026-03-01T08:00:00Z", "c", "dev"),
        moved("2026-03-01T17:00:00Z", "c", "dev", "done"),
    ]);
    assert_eq!(report(&b, "2026-03-02T00:00:00Z", AA).cycle_time.items[0].days, 1);
    assert_eq!(report(&b, "2026-03-02T00:00:00Z", JAM).cycle_time.items[0].days, 0);
    assert_eq!(days_between(AA, d("2026-03-01"), d("2026-03-08")), 8);
    assert_eq!(days_between(JAM, d("2026-03-01"), d("2026-03-08")), 7);
}

#[test]
fn a_move_at_2330_local_time_counts_on_that_local_day() {
    // 09:00Z on March 2nd is 23:30 on March 1st at -09:30.
    let mut b = board(vec![created("2026-03-02T09:00:00Z", "c", "dev")]);
    b.timezone = FixedOffset::west_opt(9 * 3600 + 1800).unwrap();
    let r = report(&b, "2026-03-05T00:00:00Z", AA);
    assert_eq!(r.cards[0].started, Some(d("2026-03-01")));
    assert_eq!(r.throughput.daily[0].date, d("2026-03-01"));
    // And as_of is the report moment's local date: 00:00Z on the 5th is the 4th there.
    assert_eq!(r.as_of, d("2026-03-04"));
    assert_eq!(r.aging[0].age_days, 4);
    // East of UTC, 22:30Z on March 1st is 00:30 on the 2nd at +02:00.
    let mut b = board(vec![created("2026-03-01T22:30:00Z", "c", "dev")]);
    b.timezone = FixedOffset::east_opt(2 * 3600).unwrap();
    assert_eq!(report(&b, "2026-03-05T00:00:00Z", AA).cards[0].started, Some(d("2026-03-02")));
}

#[test]
fn a_card_without_a_created_event_is_taken_as_created_at_its_created_at() {
    let mut b = board(vec![moved("2026-03-03T10:00:00Z", "c", "dev", "done")]);
    b.cards = vec![Card::new("c", "C", "done", "main", t("2026-03-01T10:00:00Z"))];
    let r = report(&b, "2026-03-10T00:00:00Z", AA);
    assert_eq!(r.cards[0].started, Some(d("2026-03-01")));
    assert_eq!(r.cycle_time.items[0].days, 3);
    assert_eq!(r.throughput.daily[0].date, d("2026-03-01"));
    // With no event at all, it sits in its current column since created_at.
    let mut b = board(vec![]);
    b.cards = vec![Card::new("c", "C", "test", "main", t("2026-03-01T10:00:00Z"))];
    let r = report(&b, "2026-03-01T22:00:00Z", AA);
    assert_eq!(r.time_in_column[3].visits, 1);
    assert!(close(r.time_in_column[3].total_days, 0.5));
}

#[test]
fn events_after_the_report_moment_are_ignored() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "c", "dev"),
        moved("2026-03-09T10:00:00Z", "c", "dev", "done"),
    ]);
    let r = report(&b, "2026-03-05T00:00:00Z", AA);
    assert!(r.cycle_time.items.is_empty());
    assert_eq!(r.aging.len(), 1);
    assert_eq!(r.throughput.daily.last().unwrap().date, d("2026-03-05"));
}

// ---- Deleted and empty ----

#[test]
fn deleted_cards_are_left_out_of_every_metric() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "gone", "dev"),
        created("2026-03-02T10:00:00Z", "kept", "dev"),
        blocked("2026-03-02T11:00:00Z", "gone", "compute"),
        moved("2026-03-03T10:00:00Z", "gone", "dev", "done"),
        moved("2026-03-03T11:00:00Z", "gone", "done", "dev"),
        deleted("2026-03-04T10:00:00Z", "gone"),
    ]);
    let r = report(&b, "2026-03-05T00:00:00Z", AA);
    assert_eq!(r.cards.iter().map(|c| c.card.as_str()).collect::<Vec<_>>(), ["kept"]);
    assert_eq!(r.throughput.daily.first().unwrap().date, d("2026-03-02"));
    assert_eq!(r.cfd.days.last().unwrap().counts, vec![1, 1, 0, 0, 0]);
    assert!(r.blocked.by_reason.is_empty());
    assert_eq!(r.rework.backward_moves, 0);
    assert_eq!(r.time_in_column[1].visits, 1);
    assert_eq!(r.aging.len(), 1);
}

#[test]
fn an_empty_board_gives_empty_metrics() {
    for b in [board(vec![]), Board::empty("e", "Empty")] {
        for conv in [AA, JAM] {
            let r = report(&b, "2026-03-05T00:00:00Z", conv);
            assert!(r.cards.is_empty() && r.cycle_time.items.is_empty());
            assert_eq!(r.cycle_time.percentiles.p50, None);
            assert!(r.throughput.daily.is_empty() && r.throughput.weekly.is_empty());
            assert!(r.cfd.days.is_empty() && r.wip.is_empty() && r.aging.is_empty());
            assert_eq!(r.bottleneck, None);
            assert_eq!(r.flow_efficiency, None);
            assert!(r.blocked.by_reason.is_empty() && r.blocked.by_column.is_empty());
            assert_eq!(r.rework.backward_moves, 0);
            assert!(r.time_in_column.iter().all(|c| c.visits == 0 && c.median_days == 0.0));
        }
    }
}

// ---- Throughput, CFD, WIP, aging ----

#[test]
fn a_card_in_progress_ages_counts_in_wip_and_is_not_in_cycle_time() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "a", "dev"),
        moved("2026-03-03T10:00:00Z", "a", "dev", "done"), // 3 days (AA), 2 (JAM)
        created("2026-03-02T10:00:00Z", "b", "backlog"),
        moved("2026-03-04T10:00:00Z", "b", "backlog", "wait"),
    ]);
    let r = report(&b, "2026-03-06T12:00:00Z", AA);
    assert_eq!(r.cycle_time.items.len(), 1);
    assert_eq!(r.aging.len(), 1);
    let a = &r.aging[0];
    assert_eq!((a.card.as_str(), a.column.as_str(), a.age_days), ("b", "wait", 3));
    assert_eq!(a.pace, Some(1.0)); // 3 days: at most as old as the one finished card
    let wip: Vec<u32> = r.wip.iter().map(|w| w.count).collect();
    assert_eq!(wip, vec![1, 1, 0, 1, 1, 1]); // March 1..6
    let jam = report(&b, "2026-03-06T12:00:00Z", JAM);
    assert_eq!(jam.aging[0].age_days, 2);
    assert_eq!(jam.aging[0].pace, Some(1.0));
    let young = report(&b, "2026-03-04T12:00:00Z", AA);
    assert_eq!(young.aging[0].age_days, 1);
    assert_eq!(young.aging[0].pace, Some(0.0));
}

#[test]
fn throughput_counts_zero_days_and_groups_iso_weeks_across_a_year_end() {
    let b = board(vec![
        created("2026-12-27T10:00:00Z", "a", "dev"), // Sunday of 2026-W52
        moved("2026-12-31T10:00:00Z", "a", "dev", "done"), // 2026-W53
        created("2027-01-01T10:00:00Z", "b", "dev"),
        moved("2027-01-04T10:00:00Z", "b", "dev", "done"), // Monday of 2027-W01
    ]);
    let r = report(&b, "2027-01-05T00:00:00Z", AA);
    let daily: Vec<u32> = r.throughput.daily.iter().map(|x| x.count).collect();
    assert_eq!(daily, vec![0, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    let weekly: Vec<(&str, u32)> =
        r.throughput.weekly.iter().map(|w| (w.week.as_str(), w.count)).collect();
    assert_eq!(weekly, vec![("2026-W52", 0), ("2026-W53", 1), ("2027-W01", 1)]);
}

// ---- Percentiles ----

#[test]
fn percentiles_of_one_two_and_ten_values_in_both_conventions() {
    let p = |conv, v: &[f64]| [0.5, 0.85, 0.95].map(|q| percentile(conv, v, q).unwrap());
    assert_eq!(p(AA, &[7.0]), [7.0, 7.0, 7.0]);
    assert_eq!(p(JAM, &[7.0]), [7.0, 7.0, 7.0]);
    assert_eq!(p(AA, &[3.0, 8.0]), [3.0, 8.0, 8.0]);
    let j2 = p(JAM, &[3.0, 8.0]);
    assert!(close(j2[0], 5.5) && close(j2[1], 7.25) && close(j2[2], 7.75), "{j2:?}");
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(p(AA, &ten), [5.0, 9.0, 10.0]);
    let j10 = p(JAM, &ten);
    assert!(close(j10[0], 5.5) && close(j10[1], 8.65) && close(j10[2], 9.55), "{j10:?}");
    assert_eq!(nearest_rank::<f64>(&[], 0.5), None);
    assert_eq!(interpolated(&[], 0.5), None);
}

#[test]
fn cycle_time_percentiles_follow_the_boards_convention() {
    // Cycle times 1, 2, 3, 4 days (AA) / 0, 1, 2, 3 (JAM).
    let mut events = Vec::new();
    for (i, fin) in ["01", "02", "03", "04"].iter().enumerate() {
        let id = format!("c{i}");
        events.push(created("2026-03-01T10:00:00Z", &id, "dev"));
        events.push(moved(&format!("2026-03-{fin}T12:00:00Z"), &id, "dev", "done"));
    }
    let b = board(events);
    let aa = report(&b, "2026-03-05T00:00:00Z", AA).cycle_time.percentiles;
    assert_eq!((aa.p50, aa.p85, aa.p95), (Some(2.0), Some(4.0), Some(4.0)));
    let jam = report(&b, "2026-03-05T00:00:00Z", JAM).cycle_time.percentiles;
    assert!(
        close(jam.p50.unwrap(), 1.5)
            && close(jam.p85.unwrap(), 2.55)
            && close(jam.p95.unwrap(), 2.85)
    );
}

#[test]
fn a_window_keeps_the_cards_finished_within_it() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "a", "dev"),
        moved("2026-03-02T10:00:00Z", "a", "dev", "done"),
        created("2026-03-01T10:00:00Z", "b", "dev"),
        moved("2026-03-09T10:00:00Z", "b", "dev", "done"),
    ]);
    let opts = Options {
        window: Some((d("2026-03-05"), d("2026-03-09"))),
        ..Options::for_board(&b, t("2026-03-10T00:00:00Z"))
    };
    let r = compute(&b, &opts);
    assert_eq!(r.cycle_time.items.len(), 1);
    assert_eq!(r.cycle_time.items[0].card, "b");
    assert_eq!(r.throughput.daily.iter().map(|x| x.count).sum::<u32>(), 2);
}

// ---- Time in column, bottleneck ----

#[test]
fn time_in_column_sums_visits_and_a_current_visit_runs_to_the_report_moment() {
    let b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "dev"),
        moved("2026-03-01T12:00:00Z", "a", "dev", "wait"), // dev 0.5
        moved("2026-03-02T12:00:00Z", "a", "wait", "dev"), // wait 1
        moved("2026-03-03T00:00:00Z", "a", "dev", "done"), // dev 0.5 more
        created("2026-03-01T00:00:00Z", "b", "dev"),
        moved("2026-03-04T00:00:00Z", "b", "dev", "wait"), // dev 3, wait runs to the 6th: 2
    ]);
    let r = report(&b, "2026-03-06T00:00:00Z", AA);
    let dev = &r.time_in_column[1];
    assert_eq!(dev.visits, 3);
    assert!(close(dev.total_days, 4.0));
    assert!(close(dev.median_days, 2.0)); // per card: a 1.0, b 3.0
    let wait = &r.time_in_column[2];
    assert_eq!(wait.visits, 2);
    assert!(close(wait.total_days, 3.0));
    assert!(close(r.time_in_column[4].total_days, 3.0)); // a in done since the 3rd
    assert_eq!(r.bottleneck.as_deref(), Some("dev")); // done is not a candidate
}

#[test]
fn the_bottleneck_counts_only_time_within_the_window() {
    let b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "dev"),
        moved("2026-03-05T00:00:00Z", "a", "dev", "wait"),
        moved("2026-03-07T00:00:00Z", "a", "wait", "done"),
    ]);
    let r = report(&b, "2026-03-10T00:00:00Z", AA);
    assert_eq!(r.bottleneck.as_deref(), Some("dev"));
    let opts = Options {
        window: Some((d("2026-03-04"), d("2026-03-09"))),
        ..Options::for_board(&b, t("2026-03-10T00:00:00Z"))
    };
    assert_eq!(compute(&b, &opts).bottleneck.as_deref(), Some("wait")); // dev 1 day, wait 2
}

// ---- Blocked time, flow efficiency, rework ----

#[test]
fn blocked_intervals_add_up_per_reason_and_per_column_and_an_open_one_runs_to_the_moment() {
    let b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "dev"),
        blocked("2026-03-01T00:00:00Z", "a", "compute"),
        unblocked("2026-03-01T12:00:00Z", "a"),
        moved("2026-03-02T00:00:00Z", "a", "dev", "wait"),
        blocked("2026-03-02T00:00:00Z", "a", "approval"),
        moved("2026-03-03T00:00:00Z", "a", "wait", "test"), // still blocked: stays wait's
        unblocked("2026-03-04T00:00:00Z", "a"),
        blocked("2026-03-05T00:00:00Z", "a", "compute"), // open at the moment
    ]);
    let r = report(&b, "2026-03-06T00:00:00Z", AA);
    let by_reason: Vec<(&str, u32, f64)> =
        r.blocked.by_reason.iter().map(|x| (x.reason.as_str(), x.count, x.days)).collect();
    assert_eq!(by_reason, vec![("compute", 2, 1.5), ("approval", 1, 2.0)]);
    let by_column: Vec<(&str, u32, f64)> =
        r.blocked.by_column.iter().map(|x| (x.column.as_str(), x.count, x.days)).collect();
    assert_eq!(by_column, vec![("dev", 1, 0.5), ("wait", 1, 2.0), ("test", 1, 1.0)]);
}

#[test]
fn a_card_deleted_while_blocked_closes_its_block_and_leaves_the_report() {
    let b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "dev"),
        blocked("2026-03-01T00:00:00Z", "a", "compute"),
        deleted("2026-03-01T06:00:00Z", "a"),
    ]);
    let h = card_histories(&b, t("2026-03-06T00:00:00Z"));
    assert!(h.cards[0].deleted);
    assert_eq!(h.blocks(&h.cards[0])[0].to(), t("2026-03-01T06:00:00Z"));
    assert!(report(&b, "2026-03-06T00:00:00Z", AA).blocked.by_reason.is_empty());
}

#[test]
fn flow_efficiency_is_unblocked_active_time_over_cycle_time_averaged_over_finished_cards() {
    let b = board(vec![
        // a: dev 2 days (1 blocked), wait 1 day, test 1 day: (1 + 1) / 4.
        created("2026-03-01T00:00:00Z", "a", "dev"),
        blocked("2026-03-01T12:00:00Z", "a", "compute"),
        unblocked("2026-03-02T12:00:00Z", "a"),
        moved("2026-03-03T00:00:00Z", "a", "dev", "wait"),
        moved("2026-03-04T00:00:00Z", "a", "wait", "test"),
        moved("2026-03-05T00:00:00Z", "a", "test", "done"),
        // b: backlog time is outside the cycle; dev 1 day, never blocked: 1.
        created("2026-02-20T00:00:00Z", "b", "backlog"),
        moved("2026-03-01T00:00:00Z", "b", "backlog", "dev"),
        moved("2026-03-02T00:00:00Z", "b", "dev", "done"),
        // c: unfinished, left out.
        created("2026-03-01T00:00:00Z", "c", "wait"),
    ]);
    let r = report(&b, "2026-03-06T00:00:00Z", AA);
    assert!(close(r.flow_efficiency.unwrap(), (0.5 + 1.0) / 2.0), "{:?}", r.flow_efficiency);
}

#[test]
fn rework_counts_backward_moves_per_pair_in_order_of_first_occurrence() {
    let b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "dev"),
        moved("2026-03-01T01:00:00Z", "a", "dev", "test"),
        moved("2026-03-01T02:00:00Z", "a", "test", "dev"),
        created("2026-03-01T03:00:00Z", "b", "wait"),
        moved("2026-03-01T04:00:00Z", "b", "wait", "backlog"),
        moved("2026-03-01T05:00:00Z", "a", "dev", "test"),
        moved("2026-03-01T06:00:00Z", "a", "test", "dev"),
    ]);
    let r = report(&b, "2026-03-02T00:00:00Z", AA);
    assert_eq!(r.rework.backward_moves, 3);
    let pairs: Vec<(&str, &str, u32)> =
        r.rework.by_pair.iter().map(|p| (p.from.as_str(), p.to.as_str(), p.count)).collect();
    assert_eq!(pairs, vec![("test", "dev", 2), ("wait", "backlog", 1)]);
}

#[test]
fn an_explicit_cycle_overrides_the_boards_default() {
    let mut b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "backlog"),
        moved("2026-03-03T00:00:00Z", "a", "backlog", "dev"),
        moved("2026-03-04T00:00:00Z", "a", "dev", "done"),
    ]);
    b.cycle = Some(Cycle { start: "backlog".into(), end: "done".into() });
    assert_eq!(report(&b, "2026-03-05T00:00:00Z", AA).cycle_time.items[0].days, 4);
    let opts = Options {
        cycle: Some(Cycle { start: "dev".into(), end: "done".into() }),
        ..Options::for_board(&b, t("2026-03-05T00:00:00Z"))
    };
    assert_eq!(compute(&b, &opts).cycle_time.items[0].days, 2);
}

// ---- Forecast ----

#[test]
fn forecasts_are_deterministic_for_a_seed() {
    let daily = [0, 1, 0, 2, 0, 0, 3, 1, 0, 0];
    let w1 = forecast_when(&daily, 20, 10_000, 42);
    assert_eq!(w1, forecast_when(&daily, 20, 10_000, 42));
    let h1 = forecast_how_many(&daily, d("2026-03-01"), d("2026-03-31"), 10_000, 7);
    assert_eq!(h1, forecast_how_many(&daily, d("2026-03-01"), d("2026-03-31"), 10_000, 7));
    let w = w1.unwrap();
    assert!(w.p50 <= w.p85 && w.p85 <= w.p95);
    let h = h1.unwrap();
    assert!(h.p50 >= h.p85 && h.p85 >= h.p95);
    // Mean 0.7 a day: 20 items take about 29 days, 30 days give about 21 items.
    assert!((20..40).contains(&w.p50.unwrap()), "{w:?}");
    assert!((15..28).contains(&h.p50), "{h:?}");
}

#[test]
fn forecasts_of_a_constant_throughput_are_exact() {
    assert_eq!(
        forecast_when(&[2, 2, 2], 7, 1_000, 1),
        Some(When { p50: Some(4), p85: Some(4), p95: Some(4) })
    );
    assert_eq!(
        forecast_how_many(&[2, 2], d("2026-03-01"), d("2026-03-11"), 1_000, 1),
        Some(HowMany { p50: 20, p85: 20, p95: 20 })
    );
    let dates = When { p50: Some(4), p85: Some(5), p95: None }.dates(d("2026-03-30"));
    assert_eq!(dates, [Some(d("2026-04-03")), Some(d("2026-04-04")), None]);
}

#[test]
fn forecasts_without_throughput_say_so() {
    assert_eq!(forecast_when(&[0, 0, 0], 3, 100, 1), None);
    assert_eq!(forecast_when(&[], 3, 100, 1), None);
    assert_eq!(
        forecast_when(&[], 0, 100, 1),
        Some(When { p50: Some(0), p85: Some(0), p95: Some(0) })
    );
    assert_eq!(forecast_how_many(&[], d("2026-03-01"), d("2026-03-05"), 100, 1), None);
    let past = forecast_how_many(&[1], d("2026-03-05"), d("2026-03-01"), 100, 1);
    assert_eq!(past, Some(HowMany { p50: 0, p85: 0, p95: 0 }));
}

#[test]
fn the_forecast_samples_the_last_window_days_up_to_as_of() {
    let mut events = vec![created("2026-01-01T00:00:00Z", "a", "dev")];
    events.push(moved("2026-03-01T00:00:00Z", "a", "dev", "done"));
    let b = board(events);
    let r = report(&b, "2026-03-31T12:00:00Z", AA);
    let s = throughput_sample(&r.throughput.daily, r.as_of, 90);
    assert_eq!(s.len(), 90);
    assert_eq!(s.iter().sum::<u32>(), 1);
    assert_eq!(throughput_sample(&r.throughput.daily, r.as_of, 1000).len(), 90); // Jan 1 .. Mar 31
    assert_eq!(throughput_sample(&r.throughput.daily, r.as_of, 30), vec![0; 30]);
}

#[test]
fn two_blocks_in_a_row_are_two_intervals_closed_by_one_unblock() {
    let b = board(vec![
        created("2026-03-01T00:00:00Z", "a", "dev"),
        blocked("2026-03-01T00:00:00Z", "a", "compute"),
        blocked("2026-03-01T12:00:00Z", "a", "external"),
        unblocked("2026-03-02T00:00:00Z", "a"),
        moved("2026-03-03T00:00:00Z", "a", "dev", "done"),
    ]);
    let r = report(&b, "2026-03-04T00:00:00Z", AA);
    let by_reason: Vec<(&str, u32, f64)> =
        r.blocked.by_reason.iter().map(|x| (x.reason.as_str(), x.count, x.days)).collect();
    assert_eq!(by_reason, vec![("compute", 1, 1.0), ("external", 1, 0.5)]);
    // Flow efficiency counts the overlap once: 1 of 2 days blocked.
    assert!(close(r.flow_efficiency.unwrap(), 0.5));
}

#[test]
fn an_empty_report_writes_nulls_and_empty_lists() {
    let b = board(vec![]);
    let r = report(&b, "2026-03-05T00:00:00Z", JAM);
    let v: serde_json::Value =
        serde_json::from_str(&board_core::metrics::report_json(&r, &b, t("2026-03-05T00:00:00Z")))
            .unwrap();
    assert_eq!(v["as_of"], "2026-03-05");
    assert_eq!(v["convention"], "jira-agile-metrics");
    assert_eq!(v["cycle_time"]["percentiles"]["50"], serde_json::Value::Null);
    assert_eq!(v["bottleneck"], serde_json::Value::Null);
    assert_eq!(v["flow_efficiency"], serde_json::Value::Null);
    assert_eq!(v["cfd"]["columns"].as_array().unwrap().len(), 5);
    assert!(v["cfd"]["days"].as_array().unwrap().is_empty());
}

#[test]
fn jira_percentiles_are_written_as_floats_and_actionable_agile_ones_as_integers() {
    let b = board(vec![
        created("2026-03-01T10:00:00Z", "a", "dev"),
        moved("2026-03-03T10:00:00Z", "a", "dev", "done"),
    ]);
    let at = t("2026-03-05T00:00:00Z");
    let json =
        |conv| board_core::metrics::report_json(&report(&b, "2026-03-05T00:00:00Z", conv), &b, at);
    assert!(json(AA).contains("\"50\": 3,"), "{}", json(AA));
    assert!(json(JAM).contains("\"50\": 2.0,"), "{}", json(JAM));
}
