//! The stakeholder report: its figures are the pages' figures, its trend and
//! remaining work are counted as documented, and its Markdown shows user text
//! literally.

use board_core::blockers::blocker_report;
use board_core::demo::demo_board;
use board_core::metrics::{compute, forecast_when, throughput_sample, Options, DEFAULT_TRIALS, DEFAULT_WINDOW_DAYS};
use board_core::report::{board_seed, days_text, fmt_num, md_text, stakeholder_report, Trend};
use board_core::template::blank;
use board_core::wip::limit_history;
use board_core::{apply, Board, Card, Command, Instant};
use chrono::{Duration, NaiveDate};

fn t(s: &str) -> Instant {
    s.parse().expect("RFC 3339")
}

fn example_board() -> Board {
    let text = std::fs::read_to_string("/work/shared/spec/examples/board.json").expect("example board");
    board_core::format::import_str(&text).expect("the example imports").remove(0)
}

fn run(b: &mut Board, cmd: Command, at: Instant) {
    apply(b, &cmd, at).expect("command applies");
}

fn add(b: &mut Board, id: &str, column: &str, at: Instant) {
    run(b, Command::AddCard { card: Card::new(id, format!("Card {id}"), column, "main", at), before: None }, at);
}

fn move_to(b: &mut Board, id: &str, column: &str, at: Instant) {
    let cmd =
        Command::MoveCard { id: id.into(), column: column.into(), lane: "main".into(), before: None, override_reason: None };
    run(b, cmd, at);
}

/// A blank board (To do, Doing, Done) where card `i` of `finished_days` is
/// finished on that day (days before `now`).
fn board_finishing_on(now: Instant, finished_days: &[i64]) -> Board {
    // Commands take their moments in order (a command never goes back in time), so
    // every step is listed first, then applied by time.
    let mut steps: Vec<(Instant, usize, &str)> = Vec::new();
    for (i, back) in finished_days.iter().enumerate() {
        let start = now - Duration::days(back + 1);
        steps.push((start, i, "todo"));
        steps.push((start + Duration::hours(1), i, "doing"));
        steps.push((now - Duration::days(*back) - Duration::minutes(i as i64 + 1), i, "done"));
    }
    steps.sort();
    let mut b = blank("trend", "Trend");
    for (at, i, column) in steps {
        let id = format!("c{i}");
        if column == "todo" {
            add(&mut b, &id, column, at);
        } else {
            move_to(&mut b, &id, column, at);
        }
    }
    b
}

#[test]
fn the_figures_are_the_metrics_pages_figures_on_the_spec_example() {
    let b = example_board();
    let now = t("2026-11-25T12:00:00Z");
    let rep = stakeholder_report(&b, now);
    let m = compute(&b, &Options::for_board(&b, now));
    assert_eq!(rep.as_of, m.as_of);
    assert_eq!(rep.cycle_time, m.cycle_time.percentiles);
    assert_eq!(rep.finished as usize, m.cycle_time.items.len());
    let want_bottleneck = m.bottleneck.as_deref().map(|id| b.column(id).expect("column").name.clone());
    assert_eq!(rep.bottleneck.as_ref().map(|x| x.column.clone()), want_bottleneck);
    let tail = &m.throughput.weekly[m.throughput.weekly.len().saturating_sub(12)..];
    assert_eq!(rep.weeks, tail);

    // The forecast is the metrics page's "when" for the remaining cards, same sample and seed.
    let sample = throughput_sample(&m.throughput.daily, m.as_of, DEFAULT_WINDOW_DAYS);
    let n = rep.remaining.total();
    match forecast_when(&sample, n, DEFAULT_TRIALS, board_seed(&b.id)) {
        Some(w) if n > 0 => assert_eq!(rep.forecast.expect("forecast").dates, w.dates(m.as_of)),
        _ => assert!(rep.forecast.is_none()),
    }
}

#[test]
fn blockers_and_breaches_come_from_the_blocker_and_wip_pages() {
    let now = t("2026-12-03T16:05:00Z");
    let b = demo_board("demo", now, 2026);
    let rep = stakeholder_report(&b, now);
    let br = blocker_report(&b, now);
    assert_eq!(rep.blocker_causes, br.by_reason.len());
    assert_eq!(rep.top_blockers, br.by_reason.iter().take(5).cloned().collect::<Vec<_>>());
    assert_eq!(rep.blocked_now, br.blocked_now.len());
    assert!(!rep.top_blockers.is_empty(), "the demo board has blockers");

    let hist = limit_history(&b, now);
    assert_eq!(rep.limits_set, hist.len());
    let breached: Vec<_> = hist.iter().filter(|h| h.breaches > 0 || h.over_now).collect();
    assert_eq!(rep.limits_breached, breached.len());
    assert!(!rep.breaches.is_empty(), "the demo board breaches limits");
    assert!(rep.breaches.windows(2).all(|w| w[0].hours_over >= w[1].hours_over), "most days over first");
    assert!(rep.breaches.iter().all(|h| breached.contains(&h)));

    // Every section has something to say on the demo board.
    assert!(rep.forecast.is_some());
    assert!(rep.bottleneck.is_some());
    assert!(rep.cycle_time.p50.is_some());
    assert!(rep.demo);
}

#[test]
fn the_trend_compares_the_last_28_days_with_the_28_before() {
    let now = t("2026-06-30T18:00:00Z");
    // Day 0 is today; 27 is the oldest day of the recent period; 28..55 the earlier one; 56 neither.
    let b = board_finishing_on(now, &[0, 3, 27, 28, 40, 55, 56, 80]);
    let rep = stakeholder_report(&b, now);
    assert_eq!(rep.trend, Trend { recent: 3, earlier: 3 });
    assert_eq!(rep.trend.direction(), "level");
    assert_eq!(Trend { recent: 5, earlier: 4 }.direction(), "up 25%");
    assert_eq!(Trend { recent: 3, earlier: 4 }.direction(), "down 25%");
    assert_eq!(Trend { recent: 2, earlier: 0 }.direction(), "new");
    assert_eq!(Trend { recent: 0, earlier: 0 }.direction(), "none");
    assert_eq!(rep.finished, 8);
    assert!(rep.weeks.len() <= 12);
    assert_eq!(rep.weeks.last().map(|w| w.week.as_str()), Some("2026-W27"));
}

#[test]
fn remaining_counts_cards_outside_done_columns_and_forecasts_them() {
    let now = t("2026-06-30T18:00:00Z");
    let mut b = board_finishing_on(now, &[1, 2, 5, 9, 12]);
    add(&mut b, "w1", "todo", now - Duration::hours(3));
    add(&mut b, "w2", "todo", now - Duration::hours(2));
    add(&mut b, "w3", "todo", now - Duration::hours(1));
    move_to(&mut b, "w3", "doing", now - Duration::minutes(30));
    let rep = stakeholder_report(&b, now);
    assert_eq!((rep.remaining.started, rep.remaining.not_started), (1, 2));
    let f = rep.forecast.expect("throughput to sample");
    // The sample starts at the board's first day (13 days ago), as on the metrics page.
    assert_eq!((f.sample_days, f.sample_finished, f.trials), (14, 5, DEFAULT_TRIALS));
    let [p50, p85, p95] = f.dates;
    assert!(p50 <= p85 && p85 <= p95, "{:?}", f.dates);
    assert!(p50.expect("a date") > NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
}

#[test]
fn an_empty_board_says_so_in_every_section() {
    let b = blank("empty", "Empty");
    let rep = stakeholder_report(&b, t("2026-06-30T18:00:00Z"));
    assert_eq!(rep.remaining.total(), 0);
    assert!(rep.forecast.is_none());
    assert!(rep.bottleneck.is_none());
    let md = rep.to_markdown();
    for s in ["No card has finished yet.", "Nothing remains to forecast.", "No time in the cycle yet.", "Nothing has been blocked.", "No WIP limits are set on this board."] {
        assert!(md.contains(s), "missing {s:?} in\n{md}");
    }
}

#[test]
fn markdown_has_every_section_and_the_pages_numbers() {
    let now = t("2026-12-03T16:05:00Z");
    let b = demo_board("demo", now, 2026);
    let rep = stakeholder_report(&b, now);
    let md = rep.to_markdown();
    for h in ["# Stakeholder report: ", "## Throughput", "## Cycle time", "## Forecast for the remaining work", "## Bottleneck", "## Top blockers", "## WIP limit breaches"] {
        assert!(md.contains(h), "missing {h}");
    }
    assert!(md.contains("Demo data"));
    assert!(md.contains(&format!("| 50th | {} |", fmt_num(rep.cycle_time.p50.unwrap()))));
    let b0 = &rep.top_blockers[0];
    assert!(md.contains(&format!("| {} | {} | {:.1} |", md_text(&b0.reason), b0.stats.count, b0.stats.days)));
    assert!(md.contains(&rep.bottleneck.as_ref().unwrap().column));
    assert_eq!(md, stakeholder_report(&b, now).to_markdown(), "deterministic");
}

#[test]
fn user_text_in_markdown_is_literal() {
    assert_eq!(md_text("a|b"), "a\\|b");
    assert_eq!(md_text("<script>alert(1)</script>"), "\\<script\\>alert\\(1\\)\\</script\\>");
    assert_eq!(md_text("# not a heading\n| x |"), "\\# not a heading \\| x \\|");
    assert_eq!(md_text("data-quality, v1.2!"), "data-quality, v1.2!");
    assert_eq!(md_text("- item"), "\\- item");
    assert_eq!(md_text("[link](http://x)"), "\\[link\\]\\(http://x\\)");
    assert_eq!(md_text("plain words"), "plain words");

    let mut b = blank("b", "Board | <b>bold</b>\n# evil");
    let now = t("2026-06-30T18:00:00Z");
    add(&mut b, "x", "todo", now);
    let md = stakeholder_report(&b, now).to_markdown();
    let first = md.lines().next().unwrap();
    assert_eq!(first, "# Stakeholder report: Board \\| \\<b\\>bold\\</b\\> # evil");
    assert_eq!(md.lines().filter(|l| l.starts_with("# ")).count(), 1);
}

#[test]
fn numbers_read_as_the_pages_show_them() {
    assert_eq!(fmt_num(4.0), "4");
    assert_eq!(fmt_num(2.5), "2.5");
    assert_eq!(fmt_num(1.0 / 3.0), "0.33");
    assert_eq!(fmt_num(-0.001), "0");
    assert_eq!(days_text(1.0), "1 day");
    assert_eq!(days_text(2.25), "2.25 days");
}

#[test]
fn board_seed_is_fnv1a_of_the_id() {
    assert_eq!(board_seed(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(board_seed("a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(board_seed("churn"), board_seed("churn2"));
}
