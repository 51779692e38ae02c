//! Blocked work with root causes: the blocker report of one board, and the
//! portfolio view of which causes recur across boards.
//!
//! Key design decision: everything is computed from one list of block
//! *intervals*, replayed from the events alone ([`intervals`]). Each `blocked`
//! event opens an interval in the column the card was in at that moment (from
//! its `created` and `moved` events); the card's next `unblocked` or `deleted`
//! event closes it; one still open runs to `now`. A second `blocked` event on a
//! card already blocked (possible only in an imported file) closes the open
//! interval and opens a new one with the new reason. Deleted cards keep their
//! past blocks; only cards on the board can be "blocked now".
//!
//! Days are hours / 24; a median of an even count is the mean of the middle two.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveTime, TimeZone};

use crate::model::*;

mod portfolio;

pub use portfolio::{portfolio, BoardsAtOnce, Portfolio, RecurringCause, Strike};

/// One stretch of time a card was blocked.
#[derive(Clone, Debug, PartialEq)]
pub struct Interval {
    pub card: String,
    pub reason: String,
    pub note: Option<String>,
    /// Column id where the card was when it was blocked.
    pub column: String,
    pub start: Instant,
    /// `None`: still open.
    pub end: Option<Instant>,
}

impl Interval {
    /// Length in days (hours / 24), an open interval running to `now`; never negative.
    pub fn days(&self, now: Instant) -> f64 {
        let end = self.end.unwrap_or(now);
        ms_days((end - self.start).num_milliseconds().max(0))
    }
}

fn ms_days(ms: i64) -> f64 {
    ms as f64 / 86_400_000.0
}

/// Every block interval of the board, in order of start, up to `now`
/// (events after `now` are ignored). See the module doc for the rules.
pub fn intervals(board: &Board, now: Instant) -> Vec<Interval> {
    let mut order: Vec<usize> = (0..board.events.len()).filter(|&i| board.events[i].at <= now).collect();
    order.sort_by_key(|&i| (board.events[i].at, i));
    // Where a card is: its current column until a created/moved event says otherwise;
    // a card first seen in a move was in the move's `from` column.
    let mut column: HashMap<&str, &str> = HashMap::new();
    let mut first_from: HashMap<&str, &str> = HashMap::new();
    for e in &board.events {
        if let EventKind::Moved { from, .. } = &e.kind {
            first_from.entry(e.card.as_str()).or_insert(from.as_str());
        }
    }
    let mut open: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Interval> = Vec::new();
    for i in order {
        let e = &board.events[i];
        let card = e.card.as_str();
        match &e.kind {
            EventKind::Created { column: c, .. } => {
                column.insert(card, c);
            }
            EventKind::Moved { to, .. } => {
                column.insert(card, to);
            }
            EventKind::Blocked { reason, note } => {
                if let Some(j) = open.remove(card) {
                    out[j].end = Some(e.at);
                }
                let col = column
                    .get(card)
                    .or_else(|| first_from.get(card))
                    .copied()
                    .or_else(|| board.card(card).map(|c| c.column.as_str()))
                    .unwrap_or("");
                open.insert(card, out.len());
                out.push(Interval {
                    card: card.to_owned(),
                    reason: reason.clone(),
                    note: note.clone(),
                    column: col.to_owned(),
                    start: e.at,
                    end: None,
                });
            }
            EventKind::Unblocked | EventKind::Deleted => {
                if let Some(j) = open.remove(card) {
                    out[j].end = Some(e.at);
                }
            }
        }
    }
    out
}

/// Number, total and median length of a set of blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockStats {
    pub count: usize,
    pub days: f64,
    pub median_days: f64,
}

impl BlockStats {
    fn of(mut days: Vec<f64>) -> Self {
        crate::sort::sort_by(&mut days, f64::total_cmp);
        let n = days.len();
        let median_days = match n {
            0 => 0.0,
            _ if n % 2 == 1 => days[n / 2],
            _ => (days[n / 2 - 1] + days[n / 2]) / 2.0,
        };
        BlockStats { count: n, days: days.iter().sum(), median_days }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReasonStats {
    pub reason: String,
    pub stats: BlockStats,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnStats {
    /// Column id.
    pub column: String,
    /// The column's name, or its id when the board no longer has it.
    pub name: String,
    pub stats: BlockStats,
}

/// One ISO week (Monday to Sunday, in the board's time zone).
#[derive(Clone, Debug, PartialEq)]
pub struct WeekStats {
    /// "2026-W11".
    pub week: String,
    /// Blocks that started in this week.
    pub started: usize,
    /// Blocked days that fall within this week, over all blocks.
    pub days: f64,
}

/// A card that is blocked now.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockedNow {
    pub card: String,
    pub title: String,
    pub column: String,
    pub reason: String,
    pub note: Option<String>,
    pub since: Instant,
    pub days: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlockerReport {
    /// Reasons that blocked anything, most blocked days first (ties: by name).
    pub by_reason: Vec<ReasonStats>,
    /// Columns where blocks started, in board order; columns the board no
    /// longer has come last, by id.
    pub by_column: Vec<ColumnStats>,
    /// Every week from the first block's to `now`'s, in order, quiet weeks included.
    pub weekly: Vec<WeekStats>,
    /// Oldest block first (ties: by card id).
    pub blocked_now: Vec<BlockedNow>,
}

/// Blocked work of one board as of `now`: per reason, per column, per week,
/// and the cards blocked now. O(n log n) in the number of events, plus the
/// weeks each block spans.
pub fn blocker_report(board: &Board, now: Instant) -> BlockerReport {
    let ivs = intervals(board, now);

    let mut reasons: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut columns: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for iv in &ivs {
        let d = iv.days(now);
        reasons.entry(&iv.reason).or_default().push(d);
        columns.entry(&iv.column).or_default().push(d);
    }
    let mut by_reason: Vec<ReasonStats> =
        reasons.into_iter().map(|(r, d)| ReasonStats { reason: r.to_owned(), stats: BlockStats::of(d) }).collect();
    crate::sort::sort_by(&mut by_reason, |a, b| b.stats.days.total_cmp(&a.stats.days).then_with(|| a.reason.cmp(&b.reason)));
    let rank = |id: &str| board.column_index(id).unwrap_or(usize::MAX);
    let mut by_column: Vec<ColumnStats> = columns
        .into_iter()
        .map(|(c, d)| ColumnStats {
            column: c.to_owned(),
            name: board.column(c).map_or_else(|| c.to_owned(), |col| col.name.clone()),
            stats: BlockStats::of(d),
        })
        .collect();
    crate::sort::sort_by(&mut by_column, |a, b| rank(&a.column).cmp(&rank(&b.column)).then_with(|| a.column.cmp(&b.column)));

    let mut blocked_now: Vec<BlockedNow> = board
        .cards
        .iter()
        .filter_map(|c| {
            let b = c.blocked.as_ref()?;
            Some(BlockedNow {
                card: c.id.clone(),
                title: c.title.clone(),
                column: c.column.clone(),
                reason: b.reason.clone(),
                note: b.note.clone(),
                since: b.since,
                days: ms_days((now - b.since).num_milliseconds().max(0)),
            })
        })
        .collect();
    crate::sort::sort_by(&mut blocked_now, |a, b| a.since.cmp(&b.since).then_with(|| a.card.cmp(&b.card)));

    BlockerReport { by_reason, by_column, weekly: weekly(board.timezone, &ivs, now), blocked_now }
}

/// The Monday 00:00 (in `tz`) that starts the ISO week holding `t`.
fn week_start(tz: chrono::FixedOffset, t: Instant) -> Instant {
    let local = t.with_timezone(&tz).date_naive();
    let monday = local - Duration::days(i64::from(local.weekday().num_days_from_monday()));
    tz.from_local_datetime(&monday.and_time(NaiveTime::MIN))
        .single()
        .expect("a fixed offset maps every local time once")
        .to_utc()
}

fn week_label(tz: chrono::FixedOffset, t: Instant) -> String {
    let w = t.with_timezone(&tz).iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Blocks started and blocked days per ISO week, from the first block's week to `now`'s.
fn weekly(tz: chrono::FixedOffset, ivs: &[Interval], now: Instant) -> Vec<WeekStats> {
    let Some(first) = ivs.iter().map(|iv| iv.start).min() else { return Vec::new() };
    let origin = week_start(tz, first);
    let index = |t: Instant| ((t - origin).num_days() / 7) as usize;
    let week = Duration::days(7);
    let n = index(now.max(first)) + 1;
    let mut started = vec![0usize; n];
    let mut ms = vec![0i64; n];
    for iv in ivs {
        started[index(iv.start)] += 1;
        let end = iv.end.unwrap_or(now).min(now);
        let mut t = iv.start;
        while t < end {
            let w = index(t);
            let next = (origin + week * (w as i32 + 1)).min(end);
            ms[w] += (next - t).num_milliseconds();
            t = next;
        }
    }
    (0..n)
        .map(|w| WeekStats {
            week: week_label(tz, origin + week * w as i32),
            started: started[w],
            days: ms_days(ms[w]),
        })
        .collect()
}
