//! One pass over a board's events, grouped per card: the raw material of every metric.
//!
//! Key design decision: the event log is read in order, twice (O(n) plus a hash lookup per
//! event): the first pass gives each card a slot and sizes its share of flat arrays, the
//! second steps each card's state, writing its column visits and block intervals into its
//! share. Reading the log in order keeps a 100k-event board cache-friendly, and the flat
//! arrays spare a few allocations per card. Every metric then reads these per-card summaries
//! (flow-metrics.md, "When a card reached each column") and never rescans the log.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use chrono::{FixedOffset, NaiveDate};

use super::days::local_date;
use crate::model::{Board, Event, EventKind, Instant};

/// A stay of a card in one column, from entering it to leaving it (or to the report's moment).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Visit {
    /// Index of the column in the board's columns.
    pub column: usize,
    pub from: Instant,
    pub to: Instant,
    /// `to - from` in days (hours / 24).
    pub days: f64,
}

/// One blocked interval: opened by a `blocked` event, closed by the card's next `unblocked`
/// or `deleted` event, or still open at the report's moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockInterval<'a> {
    pub reason: &'a str,
    /// The column the card was in when it was blocked (`None`: not a column of the board).
    pub column: Option<usize>,
    pub from: Instant,
    pub to: Instant,
    /// `to - from` in days (hours / 24).
    pub days: f64,
    /// Position of the opening event in the board's log, for first-occurrence ordering.
    pub seq: usize,
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

/// Groups the events up to `as_of` per card, in order of each card's first event. A card of
/// `board.cards` without a `created` event is taken as created at its `created_at`, in the
/// column its first move leaves (or its current column). Events after `as_of` are ignored.
/// Deleted cards are kept, marked `deleted`; callers leave them out.
pub fn card_histories(board: &Board, as_of: Instant) -> Histories<'_> {
    let events = &board.events;
    let ncols = board.columns.len();
    let cols: FxMap<&str, usize> =
        board.columns.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let walker = Walker { cols: &cols, tz: board.timezone, ncols };

    // Pass 1: a slot per card, in order of first event; the sizes of its shares; what a
    // missing `created` needs.
    let mut slot: FxMap<&str, u32> =
        FxMap::with_capacity_and_hasher(board.cards.len() + events.len() / 8, Default::default());
    let mut tracks: Vec<Track<'_>> = Vec::with_capacity(board.cards.len() + events.len() / 8);
    let mut slot_of: Vec<u32> = Vec::with_capacity(events.len());
    for (seq, ev) in events.iter().enumerate() {
        let s = *slot.entry(ev.card.as_str()).or_insert_with(|| {
            tracks.push(Track::new(&ev.card, (ev.at, seq)));
            (tracks.len() - 1) as u32
        });
        let t = &mut tracks[s as usize];
        if ev.at <= as_of {
            t.live = true;
            match &ev.kind {
                EventKind::Created { .. } => t.visits.end += 1,
                EventKind::Moved { .. } => {
                    t.first_move.get_or_insert(seq);
                    t.visits.end += 1;
                }
                EventKind::Blocked { .. } => t.blocks.end += 1,
                _ => {}
            }
        }
        t.has_created |= matches!(ev.kind, EventKind::Created { .. });
        slot_of.push(s);
    }
    // Cards without a `created` event enter their column at `created_at`.
    let mut synth: Vec<(usize, Instant, &str)> = Vec::new();
    for (k, c) in board.cards.iter().enumerate() {
        let s = slot.get(c.id.as_str()).map(|s| *s as usize);
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
        synth.push((s, c.created_at, column));
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
        visits: vec![Visit { column: 0, from: as_of, to: as_of, days: 0.0 }; nv],
        blocks: vec![
            BlockInterval {
                reason: "",
                column: None,
                from: as_of,
                to: as_of,
                days: 0.0,
                seq: 0
            };
            nb
        ],
        backward: Vec::new(),
    };
    for &(s, at, column) in &synth {
        walker.enter(&mut tracks[s], &mut out, walker.col(column), Stamp::of(at));
    }
    // Pass 2: every event up to `as_of`, in log order.
    for (seq, (ev, s)) in events.iter().zip(&slot_of).enumerate() {
        if ev.at <= as_of {
            walker.step(&mut tracks[*s as usize], *s as usize, &mut out, seq, ev);
        }
    }
    let end = Stamp::of(as_of);
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

/// A moment with its Unix milliseconds, computed once per event (chrono's date arithmetic
/// dominated the profile when durations were taken as `to - from`).
#[derive(Clone, Copy)]
struct Stamp {
    at: Instant,
    ms: i64,
}

impl Stamp {
    fn of(at: Instant) -> Self {
        Self { at, ms: at.timestamp_millis() }
    }

    /// Days from `self` to `to` (at least 0), and `to` clamped to not before `self`.
    fn until(self, to: Stamp) -> (Instant, f64) {
        if to.ms <= self.ms {
            (self.at, 0.0)
        } else {
            (to.at, (to.ms - self.ms) as f64 / 86_400_000.0)
        }
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
    /// The column the card is in (`None`: not a column of the board) and since when.
    here: Option<(Option<usize>, Stamp)>,
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

    fn close(&mut self, out: &mut Flat<'a>, at: Stamp) {
        for b in &mut out.blocks[self.open..self.blocks.end] {
            let from = Stamp { at: b.from, ms: b.from.timestamp_millis() };
            (b.to, b.days) = from.until(at);
        }
        self.open = self.blocks.end;
    }

    fn visit(&mut self, out: &mut Flat<'a>, column: usize, since: Stamp, now: Stamp) {
        let (to, days) = since.until(now);
        out.visits[self.visits.end] = Visit { column, from: since.at, to, days };
        self.visits.end += 1;
    }

    /// Closes what is still open at the report's moment, and fills skipped columns.
    fn finish(
        &mut self,
        slot: usize,
        out: &mut Flat<'a>,
        end: Stamp,
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

struct Walker<'a, 'm> {
    cols: &'m FxMap<&'a str, usize>,
    tz: FixedOffset,
    ncols: usize,
}

impl<'a> Walker<'a, '_> {
    fn col(&self, id: &str) -> Option<usize> {
        self.cols.get(id).copied()
    }

    /// Applies one event (at position `seq` in the log) to its card's state.
    fn step(&self, t: &mut Track<'a>, slot: usize, out: &mut Flat<'a>, seq: usize, ev: &'a Event) {
        let now = Stamp::of(ev.at);
        match &ev.kind {
            EventKind::Created { column, .. } => self.enter(t, out, self.col(column), now),
            EventKind::Moved { to, .. } => {
                let to = self.col(to);
                // A move leaves the column the card is in (the event's `from` names it too).
                if let (Some((Some(from), _)), Some(to)) = (t.here, to) {
                    if to < from {
                        out.backward.push(BackwardMove { from, to, seq, card: slot });
                    }
                }
                self.enter(t, out, to, now)
            }
            EventKind::Blocked { reason, .. } => {
                let column = t.here.and_then(|(c, _)| c);
                out.blocks[t.blocks.end] =
                    BlockInterval { reason, column, from: now.at, to: now.at, days: 0.0, seq };
                t.blocks.end += 1;
            }
            EventKind::Unblocked => t.close(out, now),
            EventKind::Deleted => {
                t.close(out, now);
                t.deleted = true;
            }
        }
    }

    /// The card enters column `to` (`None`: not a column of the board) at `now`.
    fn enter(&self, t: &mut Track<'a>, out: &mut Flat<'a>, to: Option<usize>, now: Stamp) {
        if let Some((Some(prev), since)) = t.here {
            t.visit(out, prev, since, now);
        }
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
            t.reached[c].get_or_insert_with(|| local_date(now.at, self.tz));
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
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
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
