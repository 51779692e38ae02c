//! One pass over a board's events, grouped per card: the raw material of every metric.
//!
//! Key design decision: the event log is walked exactly once (O(n) plus a hash map), giving
//! each card its column visits, block intervals and the dates it reached each column
//! (flow-metrics.md, "When a card reached each column"). Every metric then reads these
//! per-card summaries and never rescans the log.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{FixedOffset, NaiveDate};

use super::days::local_date;
use crate::model::{Board, Event, EventKind, Instant};

/// A stay of a card in one column, from entering it to leaving it (or to the report's moment).
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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

/// One backward move (rework): column indices, and the event's position in the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackwardMove {
    pub from: usize,
    pub to: usize,
    pub seq: usize,
}

/// What a card's events say about its flow. Borrows its ids from the board.
#[derive(Clone, Debug, PartialEq)]
pub struct CardHistory<'a> {
    pub card: &'a str,
    /// When the card's first event happened (ties broken by log position).
    pub first: (Instant, usize),
    /// `reached[c]`: the day the card reached column `c`, after all three rules.
    pub reached: Vec<Option<NaiveDate>>,
    /// The column the card is in at the report's moment.
    pub column: Option<usize>,
    /// In time order.
    pub visits: Vec<Visit>,
    /// In order of their opening events.
    pub blocks: Vec<BlockInterval<'a>>,
    /// Moves into a column left of the one the card was in.
    pub backward: Vec<BackwardMove>,
    pub deleted: bool,
}

/// Groups the events up to `as_of` per card, in order of each card's first event. A card of
/// `board.cards` without a `created` event is taken as created at its `created_at`, in the
/// column its first move leaves (or its current column). Events after `as_of` are ignored.
/// Deleted cards are kept, marked `deleted`; callers leave them out.
///
/// Two sequential passes over the log: the first gives each card a slot, the second steps
/// each card's state. Reading the log in order (not card by card) keeps a 100k-event board
/// cache-friendly: only the small per-card states are accessed at random.
pub fn card_histories(board: &Board, as_of: Instant) -> Vec<CardHistory<'_>> {
    let events = &board.events;
    let end = Stamp::of(as_of);
    let cols: FxMap<&str, usize> =
        board.columns.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let walker = Walker { cols: &cols, tz: board.timezone };

    // Pass 1: a slot per card, in order of first event; what a missing `created` needs.
    let mut slot: FxMap<&str, u32> =
        FxMap::with_capacity_and_hasher(board.cards.len() + events.len() / 8, Default::default());
    let mut tracks: Vec<Track<'_>> = Vec::new();
    let mut slot_of: Vec<u32> = Vec::with_capacity(events.len());
    for (seq, ev) in events.iter().enumerate() {
        let s = *slot.entry(ev.card.as_str()).or_insert_with(|| {
            tracks.push(Track::new(&ev.card, (ev.at, seq), board.columns.len()));
            (tracks.len() - 1) as u32
        });
        let t = &mut tracks[s as usize];
        match &ev.kind {
            EventKind::Created { .. } => {
                t.has_created = true;
                t.entries += 1;
            }
            EventKind::Moved { .. } => {
                if t.first_move.is_none() && ev.at <= as_of {
                    t.first_move = Some(seq);
                }
                t.entries += 1;
            }
            _ => {}
        }
        t.live |= ev.at <= as_of;
        slot_of.push(s);
    }
    // Cards without a `created` event enter their column at `created_at`.
    let mut any_synth = false;
    for (k, c) in board.cards.iter().enumerate() {
        let s = slot.get(c.id.as_str()).map(|s| *s as usize);
        if s.is_some_and(|s| tracks[s].has_created) || c.created_at > as_of {
            continue;
        }
        let s = s.unwrap_or_else(|| {
            tracks.push(Track::new(&c.id, (c.created_at, usize::MAX), board.columns.len()));
            tracks.len() - 1
        });
        let t = &mut tracks[s];
        let column = match t.first_move.map(|i| &events[i].kind) {
            Some(EventKind::Moved { from, .. }) => from.as_str(),
            _ => c.column.as_str(),
        };
        t.h.first = t.h.first.min((c.created_at, events.len() + k));
        t.live = true;
        walker.enter(t, walker.col(column), Stamp::of(c.created_at));
        any_synth = true;
    }
    for t in &mut tracks {
        t.h.visits.reserve_exact(t.entries + 1);
    }
    // Pass 2: every event up to `as_of`, in log order.
    for (seq, (ev, s)) in events.iter().zip(&slot_of).enumerate() {
        if ev.at <= as_of {
            walker.step(&mut tracks[*s as usize], seq, ev);
        }
    }
    let mut out: Vec<CardHistory<'_>> =
        tracks.into_iter().filter(|t| t.live).map(|t| Walker::finish(t, end)).collect();
    if any_synth {
        out.sort_by_key(|h| h.first);
    }
    out
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

/// One card's state while the log is read.
struct Track<'a> {
    h: CardHistory<'a>,
    /// The column the card is in (`None`: not a column of the board) and since when.
    here: Option<(Option<usize>, Stamp)>,
    /// Blocks not yet closed: (reason, column, since, position of the event).
    open: Vec<(&'a str, Option<usize>, Stamp, usize)>,
    has_created: bool,
    /// The card's first move (its position in the log): a missing `created` puts the card
    /// in the column this move leaves.
    first_move: Option<usize>,
    /// Whether the card has anything up to the report's moment.
    live: bool,
    /// Its `created` and `moved` events: an upper bound of its visits.
    entries: usize,
}

impl<'a> Track<'a> {
    fn new(card: &'a str, first: (Instant, usize), columns: usize) -> Self {
        Self {
            h: CardHistory {
                card,
                first,
                reached: vec![None; columns],
                column: None,
                visits: Vec::new(),
                blocks: Vec::new(),
                backward: Vec::new(),
                deleted: false,
            },
            here: None,
            open: Vec::new(),
            has_created: false,
            first_move: None,
            live: false,
            entries: 0,
        }
    }

    fn close(&mut self, at: Stamp) {
        for (reason, column, from, seq) in self.open.drain(..) {
            let (to, days) = from.until(at);
            self.h.blocks.push(BlockInterval { reason, column, from: from.at, to, days, seq });
        }
    }
}

struct Walker<'a, 'm> {
    cols: &'m FxMap<&'a str, usize>,
    tz: FixedOffset,
}

impl<'a> Walker<'a, '_> {
    fn col(&self, id: &str) -> Option<usize> {
        self.cols.get(id).copied()
    }

    /// Applies one event (at position `seq` in the log) to its card's state.
    fn step(&self, t: &mut Track<'a>, seq: usize, ev: &'a Event) {
        let now = Stamp::of(ev.at);
        match &ev.kind {
            EventKind::Created { column, .. } => self.enter(t, self.col(column), now),
            EventKind::Moved { to, .. } => {
                let to = self.col(to);
                // A move leaves the column the card is in (the event's `from` names it too).
                let from = t.here.and_then(|(c, _)| c);
                if let (Some(from), Some(to)) = (from, to) {
                    if to < from {
                        t.h.backward.push(BackwardMove { from, to, seq });
                    }
                }
                self.enter(t, to, now)
            }
            EventKind::Blocked { reason, .. } => {
                let column = t.here.and_then(|(c, _)| c);
                t.open.push((reason.as_str(), column, now, seq))
            }
            EventKind::Unblocked => t.close(now),
            EventKind::Deleted => {
                t.close(now);
                t.h.deleted = true;
            }
        }
    }

    /// The card enters column `to` (`None`: not a column of the board) at `now`.
    fn enter(&self, t: &mut Track<'a>, to: Option<usize>, now: Stamp) {
        if let Some((Some(prev), since)) = t.here {
            let (end, days) = since.until(now);
            t.h.visits.push(Visit { column: prev, from: since.at, to: end, days });
        }
        if let Some(c) = to {
            // Rule 2: a backward move forgets every column right of the one entered.
            if let Some((Some(prev), _)) = t.here {
                if c < prev {
                    t.h.reached[c + 1..].iter_mut().for_each(|r| *r = None);
                }
            }
            // Rule 1: first entry wins.
            t.h.reached[c].get_or_insert_with(|| local_date(now.at, self.tz));
        }
        t.here = Some((to, now));
    }

    /// Closes what is still open at the report's moment, and fills skipped columns.
    fn finish(mut t: Track<'a>, end: Stamp) -> CardHistory<'a> {
        t.close(end);
        let mut h = t.h;
        if let Some((Some(c), since)) = t.here {
            let (to, days) = since.until(end);
            h.visits.push(Visit { column: c, from: since.at, to, days });
        }
        h.column = t.here.and_then(|(c, _)| c);
        // Rule 3: a skipped column takes the date of the nearest reached column on its right.
        let mut carry = None;
        for r in h.reached.iter_mut().rev() {
            match r {
                Some(d) => carry = Some(*d),
                None => *r = carry,
            }
        }
        h
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
