//! One pass over a board's events, grouped per card: the raw material of every metric.
//!
//! Key design decision: the event log is read once, in order (O(n) plus a hash lookup per
//! card and column id, see [`super::ids`]), into a compact record per event (card slot, kind,
//! column, Unix milliseconds) that also sizes each card's share of flat arrays; a second, cheap
//! pass over those records steps each card's state, writing its column visits and block
//! intervals into its share and its reached days into one flat array of day numbers. Times are
//! integer milliseconds and days integer day numbers from then on (chrono's date arithmetic
//! dominated the profile); dates are made once per day of the board's range ([`Dates`]).
//! Reading the log once and in order keeps a 100k-event board cache-friendly. Every metric
//! then reads these per-card summaries (flow-metrics.md, "When a card reached each column")
//! and never rescans the log.

use std::ops::Range;

use super::ids::{Id, Interner};

use crate::model::{Board, EventKind, Instant};
use chrono::{DateTime, NaiveDate, Timelike};

/// A stay of a card in one column, from entering it to leaving it (or to the report's moment).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Visit {
    /// Index of the column in the board's columns.
    pub column: usize,
    /// Unix milliseconds.
    pub from_ms: i64,
    /// Unix milliseconds, not before `from_ms`.
    pub to_ms: i64,
    /// `to - from` in days (hours / 24).
    pub days: f64,
}

impl Visit {
    pub fn from(&self) -> Instant {
        instant(self.from_ms)
    }

    pub fn to(&self) -> Instant {
        instant(self.to_ms)
    }
}

/// One blocked interval: opened by a `blocked` event, closed by the card's next `unblocked`
/// or `deleted` event, or still open at the report's moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockInterval<'a> {
    pub reason: &'a str,
    /// The column the card was in when it was blocked (`None`: not a column of the board).
    pub column: Option<usize>,
    /// Unix milliseconds.
    pub from_ms: i64,
    /// Unix milliseconds, not before `from_ms`.
    pub to_ms: i64,
    /// `to - from` in days (hours / 24).
    pub days: f64,
    /// Position of the opening event in the board's log, for first-occurrence ordering.
    pub seq: usize,
}

impl BlockInterval<'_> {
    pub fn from(&self) -> Instant {
        instant(self.from_ms)
    }

    pub fn to(&self) -> Instant {
        instant(self.to_ms)
    }
}

fn instant(ms: i64) -> Instant {
    DateTime::from_timestamp_millis(ms).expect("milliseconds of an Instant")
}

/// Days from `from` to `to` (Unix milliseconds), and `to` clamped to not before `from`.
fn until(from: i64, to: i64) -> (i64, f64) {
    let to = to.max(from);
    (to, (to - from) as f64 / 86_400_000.0)
}

/// The calendar date of a Unix-millisecond moment at a fixed offset (in seconds east).
pub fn local_day(ms: i64, offset_secs: i32) -> NaiveDate {
    date_of(day_number(ms, offset_secs)).expect("a date of an Instant")
}

/// A day as a number, counted as chrono's `num_days_from_ce` does (0001-01-01 is day 1): the
/// metrics do their day arithmetic on these and make dates only for the report.
pub(crate) type Day = i32;

/// Not a day: a column not reached.
pub(crate) const NO_DAY: Day = Day::MIN;

/// The day number of the calendar date of a Unix-millisecond moment at a fixed offset.
pub(crate) fn day_number(ms: i64, offset_secs: i32) -> Day {
    // 719_163: the days from 0001-01-01 (day 1 of the common era) to 1970-01-01, minus one.
    let days = (ms + i64::from(offset_secs) * 1000).div_euclid(86_400_000) + 719_163;
    Day::try_from(days).unwrap_or(NO_DAY)
}

/// The date of a day number (`None` for [`NO_DAY`]).
pub(crate) fn date_of(day: Day) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day)
}

/// The dates of a range of day numbers, made once: a card's reached days become dates by an
/// index, not by chrono's calendar arithmetic.
pub(crate) struct Dates {
    first: Day,
    dates: Vec<NaiveDate>,
}

impl Dates {
    /// The dates of the days `lo..=hi` (none if `lo > hi`; past a million days, made on demand).
    pub(crate) fn new(lo: Day, hi: Day) -> Self {
        let n = if lo <= hi { i64::from(hi) - i64::from(lo) + 1 } else { 0 };
        let dates = match date_of(lo) {
            Some(d) if n <= 1 << 20 => d.iter_days().take(n as usize).collect(),
            _ => Vec::new(),
        };
        Self { first: lo, dates }
    }

    pub(crate) fn get(&self, day: Day) -> Option<NaiveDate> {
        let i = i64::from(day) - i64::from(self.first);
        match usize::try_from(i).ok().and_then(|i| self.dates.get(i)) {
            Some(d) => Some(*d),
            None if day == NO_DAY => None,
            None => date_of(day),
        }
    }
}

/// One backward move (rework): a move into a column left of the one the card was in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackwardMove {
    pub from: usize,
    pub to: usize,
    /// The event's position in the board's log.
    pub seq: usize,
    /// The card's slot ([`CardHistory::slot`]).
    pub card: usize,
}

/// What a card's events say about its flow. Borrows its ids from the board; its visits and
/// blocks live in [`Histories`].
#[derive(Clone, Debug, PartialEq)]
pub struct CardHistory<'a> {
    pub card: &'a str,
    /// A number of its own, below [`Histories::slots`].
    pub slot: usize,
    /// When the card's first event happened (ties broken by log position).
    pub first: (Instant, usize),
    /// `reached[c]`: the day the card reached column `c`, after all three rules.
    pub reached: Vec<Option<NaiveDate>>,
    /// The column the card is in at the report's moment.
    pub column: Option<usize>,
    pub deleted: bool,
    visits: Range<usize>,
    blocks: Range<usize>,
}

/// Every card's history, in order of each card's first event, with their visits and blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Histories<'a> {
    pub cards: Vec<CardHistory<'a>>,
    /// Every backward move of every card (deleted ones too), in log order.
    pub backward: Vec<BackwardMove>,
    /// One more than the largest [`CardHistory::slot`].
    pub slots: usize,
    visits: Vec<Visit>,
    blocks: Vec<BlockInterval<'a>>,
    /// Each block's card slot and index in `blocks`, in order of the opening events.
    block_order: Vec<(u32, u32)>,
    /// Per slot, one entry per board column: the day number ([`day_number`]) the card reached
    /// it, or [`NO_DAY`]; the same days as [`CardHistory::reached`], for arithmetic.
    days: Vec<i32>,
    ncols: usize,
}

impl<'a> Histories<'a> {
    /// A card's reached days as day numbers ([`NO_DAY`]: not reached), one per board column.
    pub(crate) fn reached_days(&self, h: &CardHistory<'a>) -> &[i32] {
        &self.days[h.slot * self.ncols..(h.slot + 1) * self.ncols]
    }

    /// A card's column visits, in time order.
    pub fn visits(&self, h: &CardHistory<'a>) -> &[Visit] {
        &self.visits[h.visits.clone()]
    }

    /// A card's blocked intervals, in order of their opening events.
    pub fn blocks(&self, h: &CardHistory<'a>) -> &[BlockInterval<'a>] {
        &self.blocks[h.blocks.clone()]
    }

    /// Every blocked interval (of deleted cards too) with its card's slot, in order of the
    /// opening events in the log.
    pub fn blocks_in_log_order(&self) -> impl Iterator<Item = (usize, &BlockInterval<'a>)> {
        self.block_order.iter().map(|&(slot, i)| (slot as usize, &self.blocks[i as usize]))
    }
}

/// What pass 2 needs of an event.
#[derive(Clone, Copy)]
struct Rec {
    ms: i64,
    slot: u32,
    /// The column entered by a `created` or `moved` event (`NO_COLUMN`: not on the board).
    column: u16,
    kind: Kind,
}

const NO_COLUMN: u16 = u16::MAX;
/// Where a card is before its first `created` or `moved` event ([`Track::here`]).
const NOWHERE: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Enter,
    Blocked,
    Unblocked,
    Deleted,
    /// After the report's moment: ignored.
    Later,
}

/// Groups the events up to `as_of` per card, in order of each card's first event. A card of
/// `board.cards` without a `created` event is taken as created at its `created_at`, in the
/// column its first move leaves (or its current column). Events after `as_of` are ignored.
/// Deleted cards are kept, marked `deleted`; callers leave them out.
pub fn card_histories(board: &Board, as_of: Instant) -> Histories<'_> {
    let events = &board.events;
    let ncols = board.columns.len();
    let as_of_ms = as_of.timestamp_millis();
    // Column ids by number, and each number's column (the last of that id, as a map's insert
    // would have it).
    let mut cols = Columns { ids: Interner::with_capacity(ncols), index: Vec::new() };
    for (i, c) in board.columns.iter().enumerate().take(usize::from(NO_COLUMN)) {
        match cols.ids.intern(Id::new(&c.id)) {
            (_, true) => cols.index.push(i as u16),
            (n, false) => cols.index[n as usize] = i as u16,
        }
    }

    // Pass 1, over the log: a slot per card in order of first event, a record per event,
    // the sizes of each card's shares, what a missing `created` needs.
    let mut slot = Interner::with_capacity(board.cards.len() + events.len() / 8);
    let mut tracks: Vec<Track<'_>> = Vec::with_capacity(board.cards.len() + events.len() / 8);
    let mut recs = vec![Rec { ms: 0, slot: 0, column: NO_COLUMN, kind: Kind::Later }; events.len()];
    let recs_out = recs.as_mut_slice();
    let mut millis = Millis::default();
    // The last card seen and its slot: a card's events often come in a row.
    let mut last: (Id<'_>, u32) = (Id::new(""), u32::MAX);
    for (seq, ev) in events.iter().enumerate() {
        let id = Id::new(&ev.card);
        let s = if last.1 != u32::MAX && last.0 == id {
            last.1
        } else {
            let (s, new) = slot.intern(id);
            if new {
                tracks.push(Track::new(&ev.card, (ev.at, seq)));
            }
            last = (id, s);
            s
        };
        let t = &mut tracks[s as usize];
        let ms = millis.of(ev.at);
        // Whole milliseconds round down, so they order two moments unless they are equal.
        let later = ms > as_of_ms || ms == as_of_ms && ev.at > as_of;
        let (kind, column) = match &ev.kind {
            EventKind::Created { .. } if later => {
                t.has_created = true;
                (Kind::Later, NO_COLUMN)
            }
            _ if later => (Kind::Later, NO_COLUMN),
            EventKind::Created { column, .. } => {
                t.has_created = true;
                t.visits.end += 1;
                (Kind::Enter, column_of(&cols, column))
            }
            EventKind::Moved { to, .. } => {
                t.first_move.get_or_insert(seq);
                t.visits.end += 1;
                (Kind::Enter, column_of(&cols, to))
            }
            EventKind::Blocked { .. } => {
                t.blocks.end += 1;
                (Kind::Blocked, NO_COLUMN)
            }
            EventKind::Unblocked => (Kind::Unblocked, NO_COLUMN),
            EventKind::Deleted => (Kind::Deleted, NO_COLUMN),
        };
        t.live |= !later;
        recs_out[seq] = Rec { ms, slot: s, column, kind };
    }
    // Cards without a `created` event enter their column at `created_at`.
    let mut synth: Vec<(usize, i64, u16)> = Vec::new();
    for (k, c) in board.cards.iter().enumerate() {
        let s = slot.get(&Id::new(&c.id)).map(|s| s as usize);
        if s.is_some_and(|s| tracks[s].has_created) || c.created_at > as_of {
            continue;
        }
        let s = s.unwrap_or_else(|| {
            tracks.push(Track::new(&c.id, (c.created_at, usize::MAX)));
            tracks.len() - 1
        });
        let t = &mut tracks[s];
        let column = match t.first_move.map(|i| &events[i].kind) {
            Some(EventKind::Moved { from, .. }) => from.as_str(),
            _ => c.column.as_str(),
        };
        t.first = t.first.min((c.created_at, events.len() + k));
        t.live = true;
        t.visits.end += 1;
        synth.push((s, c.created_at.timestamp_millis(), column_of(&cols, column)));
    }
    // Each card's shares of the flat arrays: `visits` holds at most one visit per entry
    // (plus the current one), `blocks` one interval per `blocked` event.
    let (mut nv, mut nb) = (0, 0);
    for t in &mut tracks {
        let (v, b) = (t.visits.end + 1, t.blocks.end);
        t.visits = nv..nv;
        t.blocks = nb..nb;
        t.open = nb;
        nv += v;
        nb += b;
    }
    let no_block =
        BlockInterval { reason: "", column: None, from_ms: 0, to_ms: 0, days: 0.0, seq: 0 };
    let mut out = Flat {
        visits: vec![Visit { column: 0, from_ms: 0, to_ms: 0, days: 0.0 }; nv],
        blocks: vec![no_block; nb],
        backward: Vec::new(),
        block_order: Vec::new(),
        days: vec![NO_DAY; tracks.len() * ncols],
    };
    let mut step = Stepper {
        offset: board.timezone.local_minus_utc(),
        ncols,
        day: (1, 0, NO_DAY),
        lo: Day::MAX,
        hi: Day::MIN,
    };
    let (visits, blocks, days) =
        (out.visits.as_mut_slice(), out.blocks.as_mut_slice(), out.days.as_mut_slice());
    let tracks_now = tracks.as_mut_slice();
    for &(s, ms, column) in &synth {
        step.enter(&mut tracks_now[s], s, visits, days, column, ms);
    }
    // Pass 2, over the records.
    for (seq, r) in recs.iter().enumerate() {
        let (slot, t) = (r.slot as usize, &mut tracks_now[r.slot as usize]);
        match r.kind {
            Kind::Enter => {
                // A move leaves the column the card is in (the event's `from` names it too).
                let (from, to) = (t.here, u32::from(r.column));
                if to < from && from < u32::from(NO_COLUMN) {
                    let (from, to) = (from as usize, to as usize);
                    out.backward.push(BackwardMove { from, to, seq, card: slot });
                }
                step.enter(t, slot, visits, days, r.column, r.ms)
            }
            Kind::Blocked => {
                let reason = match &events[seq].kind {
                    EventKind::Blocked { reason, .. } => reason.as_str(),
                    _ => "",
                };
                t.block(blocks, &mut out.block_order, slot, reason, seq, r.ms);
            }
            Kind::Unblocked => t.close(blocks, r.ms),
            Kind::Deleted => {
                t.close(blocks, r.ms);
                t.deleted = true;
            }
            Kind::Later => {}
        }
    }
    let end = as_of_ms;
    let dates = Dates::new(step.lo, step.hi);
    let mut cards: Vec<CardHistory<'_>> = Vec::with_capacity(tracks_now.len());
    for (s, t) in tracks_now.iter_mut().enumerate() {
        if t.live {
            let reached = fill_skipped(&mut days[s * ncols..(s + 1) * ncols], &dates);
            cards.push(t.finish(s, visits, blocks, end, reached));
        }
    }
    if !synth.is_empty() {
        cards.sort_by_key(|h| h.first);
    }
    Histories {
        cards,
        backward: out.backward,
        slots: tracks.len(),
        visits: out.visits,
        blocks: out.blocks,
        block_order: out.block_order,
        days: out.days,
        ncols,
    }
}

/// The board's column ids, numbered, and each number's column.
struct Columns<'a> {
    ids: Interner<'a>,
    index: Vec<u16>,
}

/// The index of the column `id` (`NO_COLUMN`: not a column of the board).
#[inline(always)]
fn column_of(cols: &Columns<'_>, id: &str) -> u16 {
    match cols.ids.get(&Id::new(id)) {
        Some(n) => cols.index.as_slice()[n as usize],
        None => NO_COLUMN,
    }
}

/// Rule 3 on a card's reached days: a skipped column takes the day of the nearest reached
/// column on its right. Returns them as dates.
fn fill_skipped(days: &mut [Day], dates: &Dates) -> Vec<Option<NaiveDate>> {
    let mut carry = NO_DAY;
    for d in days.iter_mut().rev() {
        if *d == NO_DAY {
            *d = carry;
        } else {
            carry = *d;
        }
    }
    days.iter().map(|d| dates.get(*d)).collect()
}

/// Unix milliseconds of instants, by the day: events come in time order, so most fall on the
/// UTC day of the one before, and its milliseconds are the day's plus the time of day (chrono's
/// `timestamp_millis` works the day out from the calendar every time).
#[derive(Default)]
struct Millis {
    /// The last UTC date asked about and the Unix milliseconds of its midnight.
    day: Option<(NaiveDate, i64)>,
}

impl Millis {
    #[inline(always)]
    fn of(&mut self, at: Instant) -> i64 {
        let utc = at.naive_utc();
        let time = utc.time();
        // `nanosecond` exceeds a second within a leap second, as in `timestamp_millis`.
        let of_day = i64::from(time.num_seconds_from_midnight()) * 1000
            + i64::from(time.nanosecond() / 1_000_000);
        match self.day {
            Some((date, midnight)) if date == utc.date() => midnight + of_day,
            _ => {
                let ms = at.timestamp_millis();
                self.day = Some((utc.date(), ms - of_day));
                ms
            }
        }
    }
}

/// The flat arrays being filled.
struct Flat<'a> {
    visits: Vec<Visit>,
    blocks: Vec<BlockInterval<'a>>,
    backward: Vec<BackwardMove>,
    block_order: Vec<(u32, u32)>,
    /// [`Histories::days`].
    days: Vec<Day>,
}

/// One card's state while the log is read.
struct Track<'a> {
    card: &'a str,
    first: (Instant, usize),
    /// In pass 1 the counts (`end`), then the card's share filled so far.
    visits: Range<usize>,
    blocks: Range<usize>,
    /// Blocks from here to `blocks.end` are still open.
    open: usize,
    /// The column the card is in (`NO_COLUMN`: not a column of the board; `NOWHERE`: no
    /// column yet) and since when (ms).
    here: u32,
    since: i64,
    /// The card's first move (its position in the log): a missing `created` puts the card
    /// in the column this move leaves.
    first_move: Option<usize>,
    has_created: bool,
    /// Whether the card has anything up to the report's moment.
    live: bool,
    deleted: bool,
}

impl<'a> Track<'a> {
    fn new(card: &'a str, first: (Instant, usize)) -> Self {
        Self {
            card,
            first,
            visits: 0..0,
            blocks: 0..0,
            open: 0,
            here: NOWHERE,
            since: 0,
            first_move: None,
            has_created: false,
            live: false,
            deleted: false,
        }
    }

    /// Opens a block by the event at `seq` (out of line: most events move cards).
    #[inline(never)]
    fn block(
        &mut self,
        blocks: &mut [BlockInterval<'a>],
        order: &mut Vec<(u32, u32)>,
        slot: usize,
        reason: &'a str,
        seq: usize,
        ms: i64,
    ) {
        let column = self.column();
        blocks[self.blocks.end] =
            BlockInterval { reason, column, from_ms: ms, to_ms: ms, days: 0.0, seq };
        order.push((slot as u32, self.blocks.end as u32));
        self.blocks.end += 1;
    }

    fn close(&mut self, blocks: &mut [BlockInterval<'a>], at: i64) {
        for b in &mut blocks[self.open..self.blocks.end] {
            (b.to_ms, b.days) = until(b.from_ms, at);
        }
        self.open = self.blocks.end;
    }

    /// The column of the board the card is in.
    #[inline(always)]
    fn column(&self) -> Option<usize> {
        (self.here < u32::from(NO_COLUMN)).then_some(self.here as usize)
    }

    /// Ends the visit to the column the card is in, if it is in one of the board.
    #[inline(always)]
    fn leave(&mut self, visits: &mut [Visit], now: i64) {
        if let Some(column) = self.column() {
            let (to_ms, days) = until(self.since, now);
            visits[self.visits.end] = Visit { column, from_ms: self.since, to_ms, days };
            self.visits.end += 1;
        }
    }

    /// Closes what is still open at the report's moment.
    fn finish(
        &mut self,
        slot: usize,
        visits: &mut [Visit],
        blocks: &mut [BlockInterval<'a>],
        end: i64,
        reached: Vec<Option<NaiveDate>>,
    ) -> CardHistory<'a> {
        self.close(blocks, end);
        self.leave(visits, end);
        CardHistory {
            card: self.card,
            slot,
            first: self.first,
            reached,
            column: self.column(),
            deleted: self.deleted,
            visits: self.visits.clone(),
            blocks: self.blocks.clone(),
        }
    }
}

struct Stepper {
    /// The board's UTC offset, seconds east.
    offset: i32,
    ncols: usize,
    /// The last local day computed, `[from, to)` in ms and its number: events come in time
    /// order, so most moments asked about fall on the day asked about last.
    day: (i64, i64, Day),
    /// The first and last day reached.
    lo: Day,
    hi: Day,
}

impl Stepper {
    #[inline(always)]
    fn local_day(&mut self, ms: i64) -> Day {
        let (from, to, day) = self.day;
        if from <= ms && ms < to {
            return day;
        }
        let day = day_number(ms, self.offset);
        // The day's first moment: ms, less its time since local midnight.
        let from = ms - (ms + i64::from(self.offset) * 1000).rem_euclid(86_400_000);
        self.day = (from, from + 86_400_000, day);
        day
    }

    /// The card in `slot` enters `column` (`NO_COLUMN`: not a column of the board) at `now`
    /// (ms).
    #[inline(always)]
    fn enter(
        &mut self,
        t: &mut Track<'_>,
        slot: usize,
        visits: &mut [Visit],
        days: &mut [Day],
        column: u16,
        now: i64,
    ) {
        t.leave(visits, now);
        if column != NO_COLUMN {
            let (row, c) = (slot * self.ncols, usize::from(column));
            // Rule 2: a backward move forgets every column right of the one entered.
            if u32::from(column) < t.here && t.here < u32::from(NO_COLUMN) {
                days[row + c + 1..row + self.ncols].iter_mut().for_each(|r| *r = NO_DAY);
            }
            // Rule 1: first entry wins.
            if days[row + c] == NO_DAY {
                let day = self.local_day(now);
                days[row + c] = day;
                self.lo = self.lo.min(day);
                self.hi = self.hi.max(day);
            }
        }
        (t.here, t.since) = (u32::from(column), now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::days::local_date;
    use chrono::FixedOffset;

    #[test]
    fn milliseconds_by_the_day_match_chrono() {
        use chrono::{NaiveDateTime, TimeZone, Utc};
        let leap = NaiveDateTime::parse_from_str("2016-12-31 23:59:60.250", "%Y-%m-%d %H:%M:%S%.f");
        let mut moments: Vec<Instant> = [
            "1969-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00Z",
            "2026-03-01T00:00:00.000999Z",
            "2026-03-01T12:30:00.5Z",
            "2026-03-01T23:59:59.999999999Z",
            "2026-03-02T00:00:00Z",
            "1900-02-28T13:00:00.001Z",
        ]
        .iter()
        .map(|m| m.parse().unwrap())
        .collect();
        moments.push(Utc.from_utc_datetime(&leap.unwrap()));
        let mut millis = Millis::default();
        for _ in 0..2 {
            for at in &moments {
                assert_eq!(millis.of(*at), at.timestamp_millis(), "{at}");
            }
        }
    }

    #[test]
    fn local_day_from_milliseconds_matches_chrono() {
        let offsets = [-34_200, -3_600, 0, 1_800, 20_700, 50_400];
        let moments = [
            "1970-01-01T00:00:00Z",
            "2026-03-01T23:30:00Z",
            "2026-12-31T14:59:59.999Z",
            "1969-12-31T23:59:59Z",
            "2400-02-29T12:00:00Z",
        ];
        for m in moments {
            let at: Instant = m.parse().unwrap();
            for off in offsets {
                let tz = FixedOffset::east_opt(off).unwrap();
                assert_eq!(local_day(at.timestamp_millis(), off), local_date(at, tz), "{m} {off}");
            }
        }
    }
}
