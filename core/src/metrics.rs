//! Flow metrics of a board, computed from its events alone (flow-metrics.md).
//!
//! Key design decision: [`compute`] reads the event log once, in order, grouping it per
//! card ([`history::card_histories`]), and derives every metric from those per-card
//! summaries; nothing rescans the log. The cost is O(n) in events plus O(k log k) sorts of
//! smaller lists (cycle times, blocks) and one row per day and column for the cumulative
//! flow. The two conventions (`actionable-agile`, `jira-agile-metrics`) differ only in the
//! helpers of [`days`]. Nothing reads a clock: the report's moment is an input, and so is the
//! seed of a [`forecast`].
//!
//! Choices where flow-metrics.md leaves room (all agree with the worked example):
//! - Lists of cards (cycle-time items, aging) follow the order of each card's first event;
//!   lists of reasons, columns and column pairs (blocked, rework) follow the order of their
//!   first event in the log.
//! - `time_in_column.median_days` is the median over cards of each card's total time in the
//!   column (visits summed per card), middle two averaged, in both conventions; columns
//!   without visits give 0.
//! - A blocked interval belongs to the column the card was in when it was blocked, for its
//!   whole length, even if the card moved while blocked. Two `blocked` events in a row open
//!   two intervals, both closed by the next `unblocked`.
//! - Flow efficiency counts every visit of a finished card to the columns from `cycle.start`
//!   up to (not including) `cycle.end`, including visits undone by a later backward move;
//!   blocked time is the union of the card's intervals; cards with no time there are left
//!   out of the mean.
//! - A backward move (rework, and rule 2 of the reached dates) is a move into a column left
//!   of the one the card was in, as tracked from its events.
//! - The first event day is that of the first event of a card kept (deleted cards are left
//!   out of it too); events after the report's moment are ignored.
//! - The optional window selects the finished cards (finished within it, inclusive) that
//!   make the cycle-time items, percentiles, pace and flow efficiency, and clips the time
//!   that decides the bottleneck. Throughput, CFD and WIP always span first event day..as_of.
//! - Empty metrics are empty lists, or `None` (JSON `null`): percentiles without finished
//!   cards, pace without finished cards, no bottleneck, no flow efficiency.

pub mod days;
pub mod forecast;
pub mod history;
mod ids;
pub mod json;

use days::{day_count, median_of_non_negative};
use history::{Day, NO_DAY};
pub(crate) use ids::FxMap;
use ids::Id;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

pub use days::{
    days_between, interpolated, local_date, median, median_of, nearest_rank, percentile, span_days,
};
pub use forecast::{
    forecast_how_many, forecast_when, throughput_sample, HowMany, When, DEFAULT_TRIALS,
    DEFAULT_WINDOW_DAYS,
};
pub use history::{card_histories, BackwardMove, BlockInterval, CardHistory, Histories, Visit};
pub use json::{report_file, report_json, MetricsFile};

use crate::model::{Board, ColumnKind, Convention, Cycle, Instant};

/// What a report is made of besides the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The report's moment: `as_of` is its date in the board's time zone; open visits and
    /// blocks run to it; later events are ignored.
    pub as_of_moment: Instant,
    pub convention: Convention,
    /// `None` (no active or no done column): the cycle-dependent metrics are empty.
    pub cycle: Option<Cycle>,
    /// Optional inclusive date window, see the module doc.
    pub window: Option<(NaiveDate, NaiveDate)>,
}

impl Options {
    /// The board's own convention and effective cycle, no window.
    pub fn for_board(board: &Board, as_of_moment: Instant) -> Self {
        Self {
            as_of_moment,
            convention: board.convention,
            cycle: board.effective_cycle(),
            window: None,
        }
    }
}

/// When one card reached each column, and where it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct CardFlow {
    pub card: String,
    /// One entry per board column, in board order.
    pub reached: Vec<Option<NaiveDate>>,
    pub started: Option<NaiveDate>,
    pub finished: Option<NaiveDate>,
    /// The card's column at the report's moment, as an index into the board's columns
    /// (`None`: not a column of the board).
    pub column: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleTimeItem {
    pub card: String,
    pub started: NaiveDate,
    pub finished: NaiveDate,
    pub days: i64,
}

/// Percentiles 50, 85, 95 (`None` without values). Serialized as `{"50": .., "85": .., "95": ..}`,
/// whole numbers in `actionable-agile` (nearest rank picks a value), floats otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p85: Option<f64>,
    pub p95: Option<f64>,
    pub convention: Convention,
}

impl Percentiles {
    pub fn of(convention: Convention, sorted: &[f64]) -> Self {
        let p = |q| percentile(convention, sorted, q);
        Self { p50: p(0.5), p85: p(0.85), p95: p(0.95), convention }
    }
}

impl Serialize for Percentiles {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        for (k, v) in [("50", self.p50), ("85", self.p85), ("95", self.p95)] {
            match v {
                Some(x) if self.convention == Convention::ActionableAgile && x.fract() == 0.0 => {
                    m.serialize_entry(k, &(x as i64))?
                }
                _ => m.serialize_entry(k, &v)?,
            }
        }
        m.end()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleTime {
    /// Finished cards (within the window, if any), in order of their first event.
    pub items: Vec<CycleTimeItem>,
    pub percentiles: Percentiles,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekCount {
    /// ISO week, e.g. `2026-W03`.
    pub week: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Throughput {
    /// One entry per day from the first event day to `as_of`, zero days included.
    pub daily: Vec<DayCount>,
    /// One entry per ISO week (Monday to Sunday) touching that range.
    pub weekly: Vec<WeekCount>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CfdDay {
    pub date: NaiveDate,
    /// Per column, in board order: cards that had reached it by the end of `date`.
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cfd {
    pub columns: Vec<String>,
    pub days: Vec<CfdDay>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgingItem {
    pub card: String,
    pub column: String,
    pub age_days: i64,
    /// Share of finished cards whose cycle time is at most `age_days` (`None`: none finished).
    pub pace: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnTime {
    pub column: String,
    pub visits: u32,
    pub total_days: f64,
    /// Median over cards of each card's total days in the column (0 without visits).
    pub median_days: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReasonBlocked {
    pub reason: String,
    pub count: u32,
    pub days: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnBlocked {
    pub column: String,
    pub count: u32,
    pub days: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocked {
    pub by_reason: Vec<ReasonBlocked>,
    pub by_column: Vec<ColumnBlocked>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairCount {
    pub from: String,
    pub to: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rework {
    pub backward_moves: u32,
    pub by_pair: Vec<PairCount>,
}

/// Every metric of a board at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub as_of_moment: Instant,
    /// The date of the report's moment in the board's time zone.
    pub as_of: NaiveDate,
    pub convention: Convention,
    pub cycle: Option<Cycle>,
    /// Non-deleted cards with events, in order of their first event.
    pub cards: Vec<CardFlow>,
    pub cycle_time: CycleTime,
    pub throughput: Throughput,
    pub cfd: Cfd,
    pub wip: Vec<DayCount>,
    pub aging: Vec<AgingItem>,
    pub time_in_column: Vec<ColumnTime>,
    pub bottleneck: Option<String>,
    pub blocked: Blocked,
    pub flow_efficiency: Option<f64>,
    pub rework: Rework,
}

const MS_PER_DAY: f64 = 86_400_000.0;

/// Computes every metric of `board` (deleted cards left out) as `opts` says.
pub fn compute(board: &Board, opts: &Options) -> Report {
    let conv = opts.convention;
    let tz = board.timezone;
    let as_of = local_date(opts.as_of_moment, tz);
    let mut hist = card_histories(board, opts.as_of_moment);
    let mut deleted = vec![false; hist.slots];
    hist.cards.iter().filter(|h| h.deleted).for_each(|h| deleted[h.slot] = true);
    hist.cards.retain(|h| !h.deleted);
    let col_ids: Vec<String> = board.columns.iter().map(|c| c.id.clone()).collect();
    let cycle = opts
        .cycle
        .as_ref()
        .and_then(|c| Some((board.column_index(&c.start)?, board.column_index(&c.end)?)))
        .filter(|(s, e)| s <= e);
    let as_of_day = as_of.num_days_from_ce();
    let window = opts.window.map(|(from, to)| (from.num_days_from_ce(), to.num_days_from_ce()));
    let in_window = |d: Day| window.is_none_or(|(from, to)| from <= d && d <= to);

    // The reached dates move from the histories into the report's card flows.
    let flows: Vec<CardFlow> = hist
        .cards
        .iter_mut()
        .map(|h| CardFlow {
            card: h.card.to_string(),
            started: cycle.and_then(|(s, _)| h.reached[s]),
            finished: cycle.and_then(|(_, e)| h.reached[e]),
            reached: std::mem::take(&mut h.reached),
            column: h.column,
        })
        .collect();
    let hist = &hist;
    let cards: Vec<&CardHistory> = hist.cards.iter().collect();
    // Each card's started and finished days as day numbers (`NO_DAY`: not yet), for arithmetic.
    let spans: Vec<(Day, Day)> = cards
        .iter()
        .map(|h| {
            let days = hist.reached_days(h);
            cycle.map_or((NO_DAY, NO_DAY), |(s, e)| (days[s], days[e]))
        })
        .collect();

    // Cycle time.
    let mut items: Vec<CycleTimeItem> = Vec::new();
    for (f, &(start, end)) in flows.iter().zip(&spans) {
        if let (Some(started), Some(finished)) = (f.started, f.finished) {
            if in_window(end) {
                let days = day_count(conv, start, end);
                items.push(CycleTimeItem { card: f.card.clone(), started, finished, days });
            }
        }
    }
    let mut sorted_days: Vec<f64> = items.iter().map(|i| i.days as f64).collect();
    sorted_days.sort_by(f64::total_cmp);
    let cycle_time = CycleTime { percentiles: Percentiles::of(conv, &sorted_days), items };

    // Day range: first event day (of the cards kept) to as_of.
    let first_day = cards.iter().map(|h| h.first.0).min().map(|t| local_date(t, tz));
    let day_list: Vec<NaiveDate> = match first_day {
        Some(d0) if d0 <= as_of => d0.iter_days().take_while(|d| *d <= as_of).collect(),
        _ => Vec::new(),
    };
    let day0 = first_day.map_or(0, |d| d.num_days_from_ce());
    let ndays = day_list.len();

    // Throughput.
    let mut per_day = vec![0u32; ndays];
    for &(_, end) in &spans {
        if end != NO_DAY {
            if let Some(c) = per_day.get_mut(day_index(end, day0)) {
                *c += 1;
            }
        }
    }
    let daily: Vec<DayCount> =
        day_list.iter().zip(&per_day).map(|(d, c)| DayCount { date: *d, count: *c }).collect();
    let weekly = iso_weeks(&daily);

    // Cumulative flow: per column, +1 on the day each card reached it, then running sums.
    let ncols = col_ids.len();
    let cfd_days = cumulative_flow(hist, &cards, &day_list, day0, ncols);

    // WIP.
    let wip: Vec<DayCount> = cfd_days
        .iter()
        .map(|day| DayCount {
            date: day.date,
            count: cycle.map_or(0, |(s, e)| day.counts[s].saturating_sub(day.counts[e])),
        })
        .collect();

    // Aging, with pace against the cycle times.
    let mut aging: Vec<AgingItem> = Vec::new();
    for (f, &(start, end)) in flows.iter().zip(&spans) {
        if let (NO_DAY, Some(_), Some(column)) = (end, f.started, f.column) {
            let age = day_count(conv, start, as_of_day);
            let pace = (!sorted_days.is_empty()).then(|| {
                sorted_days.partition_point(|d| *d <= age as f64) as f64 / sorted_days.len() as f64
            });
            let (card, column) = (f.card.clone(), col_ids[column].clone());
            aging.push(AgingItem { card, column, age_days: age, pace });
        }
    }

    // Time in column and bottleneck.
    let window_span = opts.window.map(|(from, to)| {
        let start = |d: NaiveDate| {
            d.and_time(NaiveTime::MIN)
                .and_local_timezone(tz)
                .single()
                .map(|t| t.to_utc().timestamp_millis())
        };
        (start(from), start(to + Duration::days(1)))
    });
    let (time_in_column, windowed) = time_in_columns(hist, &cards, &col_ids, window_span);
    let bottleneck = cycle.and_then(|(s, e)| {
        (s..e)
            .filter(|c| windowed[*c] > 0.0)
            .fold(None, |best: Option<usize>, c| match best {
                Some(b) if windowed[b] >= windowed[c] => Some(b),
                _ => Some(c),
            })
            .map(|c| col_ids[c].clone())
    });

    // Blocked time, grouped in order of first occurrence in the log.
    let blocked = blocked_time(hist, &deleted, &col_ids);

    // Flow efficiency: mean over finished cards (in the window).
    let active: Vec<bool> = board.columns.iter().map(|c| c.kind == ColumnKind::Active).collect();
    let mut merged = Vec::new();
    let effs: Vec<f64> = match cycle {
        None => Vec::new(),
        Some(cycle) => cards
            .iter()
            .zip(&spans)
            .filter(|(_, (start, end))| *start != NO_DAY && *end != NO_DAY && in_window(*end))
            .filter_map(|(h, _)| {
                efficiency(hist.visits(h), hist.blocks(h), cycle, &active, &mut merged)
            })
            .collect(),
    };
    let flow_efficiency = (!effs.is_empty()).then(|| effs.iter().sum::<f64>() / effs.len() as f64);

    let rework = rework(&hist.backward, &deleted, &col_ids);
    Report {
        as_of_moment: opts.as_of_moment,
        as_of,
        convention: conv,
        cycle: opts.cycle.clone(),
        cards: flows,
        cycle_time,
        throughput: Throughput { daily, weekly },
        cfd: Cfd { columns: col_ids, days: cfd_days },
        wip,
        aging,
        time_in_column,
        bottleneck,
        blocked,
        flow_efficiency,
        rework,
    }
}

/// The ages of the cards in progress and the 85th percentile cycle time they are judged
/// against: what the board's age badges show.
#[derive(Clone, Debug, PartialEq)]
pub struct Ages {
    /// As [`Report::aging`].
    pub aging: Vec<AgingItem>,
    /// As `Report::cycle_time.percentiles.p85`.
    pub p85: Option<f64>,
}

/// [`Report::aging`] and the 85th percentile cycle time of `compute(board, opts)`, without
/// the rest of the report (no cumulative flow, throughput, time in column or blocked time):
/// the board recomputes this after every change, so it reads each card's reached days and
/// nothing else.
pub fn ages(board: &Board, opts: &Options) -> Ages {
    let conv = opts.convention;
    let as_of_day = local_date(opts.as_of_moment, board.timezone).num_days_from_ce();
    let mut hist = card_histories(board, opts.as_of_moment);
    hist.cards.retain(|h| !h.deleted);
    let Some((s, e)) = opts
        .cycle
        .as_ref()
        .and_then(|c| Some((board.column_index(&c.start)?, board.column_index(&c.end)?)))
        .filter(|(s, e)| s <= e)
    else {
        return Ages { aging: Vec::new(), p85: None };
    };
    let window = opts.window.map(|(from, to)| (from.num_days_from_ce(), to.num_days_from_ce()));
    let mut sorted_days: Vec<f64> = Vec::new();
    let mut open: Vec<(usize, Day)> = Vec::new();
    for (i, h) in hist.cards.iter().enumerate() {
        let days = hist.reached_days(h);
        let (start, end) = (days[s], days[e]);
        if start == NO_DAY {
            continue;
        }
        if end != NO_DAY {
            if window.is_none_or(|(from, to)| from <= end && end <= to) {
                sorted_days.push(day_count(conv, start, end) as f64);
            }
        } else if h.column.is_some() {
            open.push((i, start));
        }
    }
    sorted_days.sort_by(f64::total_cmp);
    let aging = open
        .into_iter()
        .map(|(i, start)| {
            let h = &hist.cards[i];
            let age = day_count(conv, start, as_of_day);
            let pace = (!sorted_days.is_empty()).then(|| {
                sorted_days.partition_point(|d| *d <= age as f64) as f64 / sorted_days.len() as f64
            });
            let column = board.columns[h.column.expect("kept above")].id.clone();
            AgingItem { card: h.card.to_string(), column, age_days: age, pace }
        })
        .collect();
    Ages { aging, p85: Percentiles::of(conv, &sorted_days).p85 }
}

/// ISO weeks (Monday to Sunday) of consecutive days, with their summed counts.
fn iso_weeks(daily: &[DayCount]) -> Vec<WeekCount> {
    let mut weekly: Vec<WeekCount> = Vec::new();
    let mut last_week = None;
    for dc in daily {
        let w = dc.date.iso_week();
        if last_week == Some(w) {
            weekly.last_mut().expect("a week was pushed").count += dc.count;
        } else {
            weekly.push(WeekCount {
                week: format!("{:04}-W{:02}", w.year(), w.week()),
                count: dc.count,
            });
            last_week = Some(w);
        }
    }
    weekly
}

/// The index of a day in the report's days, which start with day number `day0` (days before
/// it count on the first).
fn day_index(day: Day, day0: Day) -> usize {
    (day - day0).max(0) as usize
}

/// Per day and column, the cards that had reached the column by the end of the day: +1 on
/// the day each card reached each column, then running sums.
fn cumulative_flow(
    hist: &Histories,
    cards: &[&CardHistory],
    day_list: &[NaiveDate],
    day0: Day,
    ncols: usize,
) -> Vec<CfdDay> {
    let ndays = day_list.len();
    let mut delta = vec![0u32; ndays * ncols];
    for h in cards {
        for (c, &d) in hist.reached_days(h).iter().enumerate() {
            if d != NO_DAY {
                if let Some(x) = delta.get_mut(day_index(d, day0) * ncols + c) {
                    *x += 1;
                }
            }
        }
    }
    let mut running = vec![0u32; ncols];
    let cfd_days: Vec<CfdDay> = day_list
        .iter()
        .enumerate()
        .map(|(i, d)| {
            for (c, r) in running.iter_mut().enumerate() {
                *r += delta[i * ncols + c];
            }
            CfdDay { date: *d, counts: running.clone() }
        })
        .collect();

    cfd_days
}

/// Visits, total and median days per column; and the days per column within the window
/// (`[from, to)` in Unix ms; `None`: all time), which decide the bottleneck.
fn time_in_columns(
    hist: &Histories,
    cards: &[&CardHistory],
    col_ids: &[String],
    window_span: Option<(Option<i64>, Option<i64>)>,
) -> (Vec<ColumnTime>, Vec<f64>) {
    /// One column's sums so far.
    #[derive(Clone, Copy)]
    struct Sums {
        visits: u32,
        total: f64,
        windowed: f64,
        /// The current card's time in the column, and the card's position (`usize::MAX`: none).
        card: f64,
        card_at: usize,
        /// Cards that have been in the column.
        cards: usize,
    }
    let (ncols, ncards) = (col_ids.len(), cards.len());
    let zero =
        Sums { visits: 0, total: 0.0, windowed: 0.0, card: 0.0, card_at: usize::MAX, cards: 0 };
    let mut sums = vec![zero; ncols];
    let sums = sums.as_mut_slice();
    // Column c's share `c * ncards..`: each card's total time in the column, as the bits of a
    // non-negative float (they order as the values do), for the median.
    let mut per_card = vec![0u64; ncols * ncards];
    // The columns the current card has been in.
    let mut touched = vec![0usize; ncols];
    for (i, h) in cards.iter().enumerate() {
        let mut k = 0;
        for v in hist.visits(h) {
            let d = v.days;
            let s = &mut sums[v.column];
            if s.card_at != i {
                s.card_at = i;
                touched[k] = v.column;
                k += 1;
            }
            s.visits += 1;
            s.total += d;
            s.card += d;
            s.windowed += match window_span {
                None => d,
                Some((ws, we)) => {
                    let from = ws.map_or(v.from_ms, |w| w.max(v.from_ms));
                    let to = we.map_or(v.to_ms, |w| w.min(v.to_ms));
                    (to - from).max(0) as f64 / MS_PER_DAY
                }
            };
        }
        for &c in &touched[..k] {
            let s = &mut sums[c];
            per_card[c * ncards + s.cards] = std::mem::take(&mut s.card).to_bits();
            s.cards += 1;
        }
    }
    let time_in_column: Vec<ColumnTime> = (0..ncols)
        .map(|c| ColumnTime {
            column: col_ids[c].clone(),
            visits: sums[c].visits,
            total_days: sums[c].total,
            median_days: median_of_non_negative(&mut per_card[c * ncards..][..sums[c].cards])
                .unwrap_or(0.0),
        })
        .collect();
    (time_in_column, sums.iter().map(|s| s.windowed).collect())
}

/// Blocked intervals per reason and per column, in order of first occurrence in the log.
fn blocked_time(hist: &Histories, deleted: &[bool], col_ids: &[String]) -> Blocked {
    let mut by_reason: Vec<ReasonBlocked> = Vec::new();
    let mut by_column: Vec<ColumnBlocked> = Vec::new();
    let mut reason_at: FxMap<Id, usize> = FxMap::default();
    let mut column_at = vec![usize::MAX; col_ids.len()];
    for b in hist.blocks_in_log_order().filter(|(slot, _)| !deleted[*slot]).map(|(_, b)| b) {
        let d = b.days;
        let i = *reason_at.entry(Id::new(b.reason)).or_insert_with(|| {
            by_reason.push(ReasonBlocked { reason: b.reason.to_string(), count: 0, days: 0.0 });
            by_reason.len() - 1
        });
        by_reason[i].count += 1;
        by_reason[i].days += d;
        if let Some(c) = b.column {
            if column_at[c] == usize::MAX {
                column_at[c] = by_column.len();
                by_column.push(ColumnBlocked { column: col_ids[c].clone(), count: 0, days: 0.0 });
            }
            let i = column_at[c];
            by_column[i].count += 1;
            by_column[i].days += d;
        }
    }
    Blocked { by_reason, by_column }
}

/// A card's flow efficiency: time in `active` columns of `s..e` not blocked, over all its time
/// in `s..e`. `None` when it spent no time there. `merged` is room for the card's blocked spans.
fn efficiency(
    visits: &[Visit],
    blocks: &[BlockInterval],
    (s, e): (usize, usize),
    active: &[bool],
    merged: &mut Vec<(i64, i64)>,
) -> Option<f64> {
    // Blocked intervals merged into disjoint, sorted spans.
    merged.clear();
    if !blocks.is_empty() {
        let mut spans: Vec<(i64, i64)> = blocks.iter().map(|b| (b.from_ms, b.to_ms)).collect();
        spans.sort_unstable();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
    }
    let (mut total, mut working) = (0.0, 0.0);
    let mut k = 0; // first merged span that may overlap the current visit (visits are in time order)
    for v in visits {
        if v.column < s || v.column >= e {
            continue;
        }
        let d = v.days;
        total += d;
        if !active[v.column] {
            continue;
        }
        while k < merged.len() && merged[k].1 <= v.from_ms {
            k += 1;
        }
        let mut blocked = 0.0;
        for &(a, b) in merged[k..].iter().take_while(|(a, _)| *a < v.to_ms) {
            let (from, to) = (a.max(v.from_ms), b.min(v.to_ms));
            blocked += (to - from).max(0) as f64 / MS_PER_DAY;
        }
        working += d - blocked;
    }
    (total > 0.0).then(|| working / total)
}

/// Backward moves of the cards kept, per (from, to) pair in order of first occurrence.
fn rework(backward: &[BackwardMove], deleted: &[bool], col_ids: &[String]) -> Rework {
    let moves: Vec<&BackwardMove> = backward.iter().filter(|m| !deleted[m.card]).collect();
    let mut by_pair: Vec<PairCount> = Vec::new();
    let mut at: FxMap<(usize, usize), usize> = FxMap::default();
    for m in &moves {
        let i = *at.entry((m.from, m.to)).or_insert_with(|| {
            by_pair.push(PairCount {
                from: col_ids[m.from].clone(),
                to: col_ids[m.to].clone(),
                count: 0,
            });
            by_pair.len() - 1
        });
        by_pair[i].count += 1;
    }
    Rework { backward_moves: moves.len() as u32, by_pair }
}
