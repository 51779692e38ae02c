//! One pass over a board's events, grouped per card: the raw material of every metric.
//!
//! Key design decision: the event log is read once, in order (O(n) plus a hash lookup per
//! card and column id), into a compact record per event (card slot, kind, column, Unix
//! milliseconds) that also sizes each card's share of flat arrays; a second, cheap pass over
//! those records steps each card's state, writing its column visits and block intervals into
//! its share. Times are integer milliseconds from then on (chrono's date arithmetic dominated
//! the profile). Reading the log once and in order keeps a 100k-event board cache-friendly. Every metric then reads these per-card summaries
//! (flow-metrics.md, "When a card reached each column") and never rescans the log.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Range;

use crate::model::{Board, EventKind, Instant};
use chrono::{DateTime, NaiveDate};

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
    // 719_163: the days from 0001-01-01 (day 1 of the common era) to 1970-01-01, minus one.
    let days = (ms + i64::from(offset_secs) * 1000).div_euclid(86_400_000) + 719_163;
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .expect("a date of an Instant")
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
}

impl<'a> Histories<'a> {
    /// A card's column visits, in time order.
    pub fn visits(&self, h: &CardHistory<'a>) -> &[Visit] {
        &self.visits[h.visits.clone()]
    }

    /// A card's blocked intervals, in order of their opening events.
    pub fn blocks(&self, h: &CardHistory<'a>) -> &[BlockInterval<'a>] {
        &self.blocks[h.blocks.clone()]
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
    let cols: FxMap<Id<'_>, u16> = board
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < usize::from(NO_COLUMN))
        .map(|(i, c)| (Id::new(&c.id), i as u16))
        .collect();
    let col = |id: &str| cols.get(&Id::new(id)).copied().unwrap_or(NO_COLUMN);

    // Pass 1, over the log: a slot per card in order of first event, a record per event,
    // the sizes of each card's shares, what a missing `created` needs.
    let mut slot: FxMap<Id<'_>, u32> =
        FxMap::with_capacity_and_hasher(board.cards.len() + events.len() / 8, Default::default());
    let mut tracks: Vec<Track<'_>> = Vec::with_capacity(board.cards.len() + events.len() / 8);
    let mut recs: Vec<Rec> = Vec::with_capacity(events.len());
    // The last card seen and its slot: a card's events often come in a row.
    let mut last: (Id<'_>, u32) = (Id::new(""), u32::MAX);
    for (seq, ev) in events.iter().enumerate() {
        let id = Id::new(&ev.card);
        let s = if last.1 != u32::MAX && last.0 == id {
            last.1
        } else {
            let s = *slot.entry(id).or_insert_with(|| {
                tracks.push(Track::new(&ev.card, (ev.at, seq)));
                (tracks.len() - 1) as u32
            });
            last = (id, s);
            s
        };
        let t = &mut tracks[s as usize];
        t.has_created |= matches!(ev.kind, EventKind::Created { .. });
        // Whole milliseconds round down, so they order two moments unless they are equal.
        let ms = ev.at.timestamp_millis();
        let later = ms > as_of_ms || ms == as_of_ms && ev.at > as_of;
        let (kind, column) = if later {
            (Kind::Later, NO_COLUMN)
        } else {
            t.live = true;
            match &ev.kind {
                EventKind::Created { column, .. } => {
                    t.visits.end += 1;
                    (Kind::Enter, col(column))
                }
                EventKind::Moved { to, .. } => {
                    t.first_move.get_or_insert(seq);
                    t.visits.end += 1;
                    (Kind::Enter, col(to))
                }
                EventKind::Blocked { .. } => {
                    t.blocks.end += 1;
                    (Kind::Blocked, NO_COLUMN)
                }
                EventKind::Unblocked => (Kind::Unblocked, NO_COLUMN),
                EventKind::Deleted => (Kind::Deleted, NO_COLUMN),
            }
        };
        recs.push(Rec { ms, slot: s, column, kind });
    }
    // Cards without a `created` event enter their column at `created_at`.
    let mut synth: Vec<(usize, i64, u16)> = Vec::new();
    for (k, c) in board.cards.iter().enumerate() {
        let s = slot.get(&Id::new(&c.id)).map(|s| *s as usize);
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
        synth.push((s, c.created_at.timestamp_millis(), col(column)));
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
    let mut out = Flat {
        visits: vec![Visit { column: 0, from_ms: 0, to_ms: 0, days: 0.0 }; nv],
        blocks: vec![
            BlockInterval {
                reason: "",
                column: None,
                from_ms: 0,
                to_ms: 0,
                days: 0.0,
                seq: 0
            };
            nb
        ],
        backward: Vec::new(),
    };
    let step = Stepper {
        offset: board.timezone.local_minus_utc(),
        ncols,
        day: std::cell::Cell::new((0, None)),
    };
    for &(s, ms, column) in &synth {
        step.enter(&mut tracks[s], &mut out, column, ms);
    }
    // Pass 2, over the records.
    for (seq, r) in recs.iter().enumerate() {
        let (slot, t) = (r.slot as usize, &mut tracks[r.slot as usize]);
        match r.kind {
            Kind::Enter => {
                // A move leaves the column the card is in (the event's `from` names it too).
                if let (Some((Some(from), _)), true) = (t.here, r.column != NO_COLUMN) {
                    let to = usize::from(r.column);
                    if to < from {
                        out.backward.push(BackwardMove { from, to, seq, card: slot });
                    }
                }
                step.enter(t, &mut out, r.column, r.ms)
            }
            Kind::Blocked => {
                let reason = match &events[seq].kind {
                    EventKind::Blocked { reason, .. } => reason.as_str(),
                    _ => "",
                };
                let column = t.here.and_then(|(c, _)| c);
                out.blocks[t.blocks.end] =
                    BlockInterval { reason, column, from_ms: r.ms, to_ms: r.ms, days: 0.0, seq };
                t.blocks.end += 1;
            }
            Kind::Unblocked => t.close(&mut out, r.ms),
            Kind::Deleted => {
                t.close(&mut out, r.ms);
                t.deleted = true;
            }
            Kind::Later => {}
        }
    }
    let end = as_of_ms;
    let mut cards: Vec<CardHistory<'_>> = Vec::with_capacity(tracks.len());
    for (s, t) in tracks.iter_mut().enumerate() {
        if t.live {
            cards.push(t.finish(s, &mut out, end, ncols));
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
    }
}

/// The flat arrays being filled.
struct Flat<'a> {
    visits: Vec<Visit>,
    blocks: Vec<BlockInterval<'a>>,
    backward: Vec<BackwardMove>,
}

/// One card's state while the log is read.
struct Track<'a> {
    card: &'a str,
    first: (Instant, usize),
    reached: Vec<Option<NaiveDate>>,
    deleted: bool,
    /// In pass 1 the counts (`end`), then the card's share filled so far.
    visits: Range<usize>,
    blocks: Range<usize>,
    /// Blocks from here to `blocks.end` are still open.
    open: usize,
    /// The column the card is in (`None`: not a column of the board) and since when (ms).
    here: Option<(Option<usize>, i64)>,
    has_created: bool,
    /// The card's first move (its position in the log): a missing `created` puts the card
    /// in the column this move leaves.
    first_move: Option<usize>,
    /// Whether the card has anything up to the report's moment.
    live: bool,
}

impl<'a> Track<'a> {
    fn new(card: &'a str, first: (Instant, usize)) -> Self {
        Self {
            card,
            first,
            reached: Vec::new(),
            deleted: false,
            visits: 0..0,
            blocks: 0..0,
            open: 0,
            here: None,
            has_created: false,
            first_move: None,
            live: false,
        }
    }

    fn close(&mut self, out: &mut Flat<'a>, at: i64) {
        for b in &mut out.blocks[self.open..self.blocks.end] {
            (b.to_ms, b.days) = until(b.from_ms, at);
        }
        self.open = self.blocks.end;
    }

    fn visit(&mut self, out: &mut Flat<'a>, column: usize, since: i64, now: i64) {
        let (to_ms, days) = until(since, now);
        out.visits[self.visits.end] = Visit { column, from_ms: since, to_ms, days };
        self.visits.end += 1;
    }

    /// Closes what is still open at the report's moment, and fills skipped columns.
    fn finish(
        &mut self,
        slot: usize,
        out: &mut Flat<'a>,
        end: i64,
        ncols: usize,
    ) -> CardHistory<'a> {
        self.close(out, end);
        if let Some((Some(c), since)) = self.here {
            self.visit(out, c, since, end);
        }
        let mut reached = std::mem::take(&mut self.reached);
        reached.resize(ncols, None);
        // Rule 3: a skipped column takes the date of the nearest reached column on its right.
        let mut carry = None;
        for r in reached.iter_mut().rev() {
            match r {
                Some(d) => carry = Some(*d),
                None => *r = carry,
            }
        }
        CardHistory {
            card: self.card,
            slot,
            first: self.first,
            reached,
            column: self.here.and_then(|(c, _)| c),
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
    /// The last local day computed, by its day number: events come in time order, so most
    /// days asked for are the one asked for last.
    day: std::cell::Cell<(i64, Option<NaiveDate>)>,
}

impl Stepper {
    fn local_day(&self, ms: i64) -> NaiveDate {
        let n = (ms + i64::from(self.offset) * 1000).div_euclid(86_400_000);
        match self.day.get() {
            (m, Some(d)) if m == n => d,
            _ => {
                let d = local_day(ms, self.offset);
                self.day.set((n, Some(d)));
                d
            }
        }
    }

    /// The card enters `column` (`NO_COLUMN`: not a column of the board) at `now` (ms).
    fn enter<'a>(&self, t: &mut Track<'a>, out: &mut Flat<'a>, column: u16, now: i64) {
        if let Some((Some(prev), since)) = t.here {
            t.visit(out, prev, since, now);
        }
        let to = (column != NO_COLUMN).then_some(usize::from(column));
        if let Some(c) = to {
            if t.reached.is_empty() {
                t.reached = vec![None; self.ncols];
            }
            // Rule 2: a backward move forgets every column right of the one entered.
            if let Some((Some(prev), _)) = t.here {
                if c < prev {
                    t.reached[c + 1..].iter_mut().for_each(|r| *r = None);
                }
            }
            // Rule 1: first entry wins.
            t.reached[c].get_or_insert_with(|| self.local_day(now));
        }
        t.here = Some((to, now));
    }
}

/// A hash map with a fast, non-cryptographic hasher (the Fx hash of rustc): keys are the
/// board's own ids, so there is no attacker to guard against, and SipHash dominated the
/// profile of a 100k-event report.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // The length keeps keys that differ only by trailing zero bytes apart.
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let (lo, hi) = short_words(rest);
            self.add(lo | hi << 32);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (hashbrown's bucket index) weak; as rustc-hash 2
        // does, rotate the well-mixed high bits down.
        self.hash.rotate_left(26)
    }
}

/// A card or column id as a hash-map key. Ids are short (`c1234`, `training`): up to 16
/// bytes, two machine words read once from the id's two ends determine it, so it is hashed and
/// compared without a loop or a `memcmp` call (together they were a fifth of the profile of a
/// 100k-event report). Longer ids are hashed and compared in full.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Id<'a> {
    text: &'a str,
    words: (u64, u64),
}

impl<'a> Id<'a> {
    #[inline(always)]
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, words: short_words(text.as_bytes()) }
    }
}

/// Two words that, with the length, determine a slice of at most 16 bytes: its first and last
/// eight bytes (overlapping below 16), four below 8, or three single bytes below 4 (and of a
/// longer slice, its first and last eight). Byte by byte, as the optimizer for size leaves
/// `first_chunk` and the like as calls; it merges these reads into one.
#[inline(always)]
fn short_words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let at = |i: usize| u64::from(b[i]);
    if n >= 8 {
        (le8(b, 0), le8(b, n - 8))
    } else if n >= 4 {
        (le4(b, 0), le4(b, n - 4))
    } else if n > 0 {
        (at(0) | at(n / 2) << 8 | at(n - 1) << 16, 0)
    } else {
        (0, 0)
    }
}

#[inline(always)]
fn le8(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]])
}

#[inline(always)]
fn le4(b: &[u8], i: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]))
}

impl Hash for Id<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        if self.text.len() <= 16 {
            state.write_u64(self.words.0 ^ (self.text.len() as u64) << 59);
            state.write_u64(self.words.1);
        } else {
            state.write(self.text.as_bytes());
        }
    }
}

impl PartialEq for Id<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        let n = self.text.len();
        self.words == other.words && n == other.text.len() && (n <= 16 || self.text == other.text)
    }
}

impl Eq for Id<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::days::local_date;
    use chrono::FixedOffset;

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

    #[test]
    fn the_fx_hash_of_a_short_key_depends_on_every_byte() {
        use std::hash::BuildHasher;
        let h = |s: &str| BuildHasherDefault::<FxHasher>::default().hash_one(s);
        assert_ne!(h("c12"), h("c13"));
        assert_ne!(h("c1"), h("c1\0"));
        assert_ne!(h("abcdefghi"), h("abcdefghj"));
        assert_ne!(h("abcdefghijklm"), h("abcdefghijklx"));
    }

    #[test]
    fn ids_are_equal_exactly_when_their_text_is() {
        let ids = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "aa",
            "abc",
            "acb",
            "abcd",
            "abce",
            "abcde",
            "abdde",
            "c1234",
            "c1243",
            "training",
            "trainin",
            "trainingx",
            "evaluation",
            "evaluatiom",
            "0123456789abcdef",
            "0123456789abcdeg",
            "1123456789abcdef",
            "0123456789abcdefg",
            "0123456789abcdefh",
            "0123456789xbcdefg",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(Id::new(a) == Id::new(b), a == b, "{a:?} {b:?}");
            }
        }
        use std::hash::BuildHasher;
        let h = |s: &str| BuildHasherDefault::<FxHasher>::default().hash_one(Id::new(s));
        assert_eq!(h(&String::from("c1234")), h("c1234"));
        assert_ne!(h("c1234"), h("c1243"));
        assert_ne!(h("a"), h("a\0"));
    }
}
