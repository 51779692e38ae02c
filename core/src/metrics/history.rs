//! One pass over a board's events, grouped per card: the raw material of every metric.
//!
//! Key design decision: the event log is walked exactly once (O(n) plus a hash map), giving
//! each card its column visits, block intervals and the dates it reached each column
//! (flow-metrics.md, "When a card reached each column"). Every metric then reads these
//! per-card summaries and never rescans the log.

use std::collections::{HashMap, HashSet};

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
}

/// One blocked interval: opened by a `blocked` event, closed by the card's next `unblocked`
/// or `deleted` event, or still open at the report's moment.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockInterval {
    pub reason: String,
    /// The column the card was in when it was blocked (`None`: not a column of the board).
    pub column: Option<usize>,
    pub from: Instant,
    pub to: Instant,
    /// Position of the opening event in the board's log, for first-occurrence ordering.
    pub seq: usize,
}

/// What a card's events say about its flow.
#[derive(Clone, Debug, PartialEq)]
pub struct CardHistory {
    pub card: String,
    /// When the card's first event happened (ties broken by log position).
    pub first: (Instant, usize),
    /// `reached[c]`: the day the card reached column `c`, after all three rules.
    pub reached: Vec<Option<NaiveDate>>,
    /// The column the card is in at the report's moment.
    pub column: Option<usize>,
    pub visits: Vec<Visit>,
    pub blocks: Vec<BlockInterval>,
    pub deleted: bool,
}

/// Groups the events up to `as_of` per card, in order of each card's first event. A card of
/// `board.cards` without a `created` event is taken as created at its `created_at`, in the
/// column its first move leaves (or its current column). Events after `as_of` are ignored.
/// Deleted cards are kept, marked `deleted`; callers leave them out.
pub fn card_histories(board: &Board, as_of: Instant) -> Vec<CardHistory> {
    let mut slot: HashMap<&str, usize> = HashMap::new();
    let mut grouped: Vec<(&str, Vec<(usize, &Event)>)> = Vec::new();
    for (seq, ev) in board.events.iter().enumerate().filter(|(_, e)| e.at <= as_of) {
        let i = *slot.entry(ev.card.as_str()).or_insert_with(|| {
            grouped.push((ev.card.as_str(), Vec::new()));
            grouped.len() - 1
        });
        grouped[i].1.push((seq, ev));
    }
    let created: HashSet<&str> = board
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Created { .. }))
        .map(|e| e.card.as_str())
        .collect();
    let cols: HashMap<&str, usize> =
        board.columns.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let walker = Walker { cols: &cols, n: board.columns.len(), tz: board.timezone, as_of };
    // Cards of the board that never got a `created` event, by id: (created_at, tie-break, card).
    let uncreated: HashMap<&str, (Instant, usize, &str)> = board
        .cards
        .iter()
        .enumerate()
        .filter(|(_, c)| !created.contains(c.id.as_str()) && c.created_at <= as_of)
        .map(|(k, c)| (c.id.as_str(), (c.created_at, board.events.len() + k, c.column.as_str())))
        .collect();
    let mut out: Vec<CardHistory> = grouped
        .iter()
        .map(|(card, evs)| walker.walk(card, synth(&uncreated, card, evs), evs))
        .collect();
    out.extend(
        board
            .cards
            .iter()
            .filter(|c| uncreated.contains_key(c.id.as_str()) && !slot.contains_key(c.id.as_str()))
            .map(|c| walker.walk(&c.id, synth(&uncreated, &c.id, &[]), &[])),
    );
    out.sort_by_key(|h| h.first);
    out
}

/// The leading `created` (at, seq, column) of a card that has none in the log.
fn synth<'a>(
    uncreated: &HashMap<&str, (Instant, usize, &'a str)>,
    card: &str,
    evs: &[(usize, &'a Event)],
) -> Option<(Instant, usize, &'a str)> {
    uncreated.get(card).map(|&(at, seq, current)| {
        let column = evs
            .iter()
            .find_map(|(_, e)| match &e.kind {
                EventKind::Moved { from, .. } => Some(from.as_str()),
                _ => None,
            })
            .unwrap_or(current);
        (at, seq, column)
    })
}

struct Walker<'a> {
    cols: &'a HashMap<&'a str, usize>,
    n: usize,
    tz: FixedOffset,
    as_of: Instant,
}

impl Walker<'_> {
    /// Walks one card's events in order; `synth` is a leading `created` (at, seq, column).
    fn walk(
        &self,
        card: &str,
        synth: Option<(Instant, usize, &str)>,
        evs: &[(usize, &Event)],
    ) -> CardHistory {
        let mut h = CardHistory {
            card: card.to_string(),
            first: evs.first().map(|(s, e)| (e.at, *s)).unwrap_or((self.as_of, usize::MAX)),
            reached: vec![None; self.n],
            column: None,
            visits: Vec::new(),
            blocks: Vec::new(),
            deleted: false,
        };
        // The column the card is in (None before its first entry or in an unknown column),
        // and since when.
        let mut here: Option<(Option<usize>, Instant)> = None;
        let mut open: Vec<(String, Option<usize>, Instant, usize)> = Vec::new();
        if let Some((at, seq, column)) = synth {
            h.first = h.first.min((at, seq));
            self.enter(&mut h, &mut here, column, at);
        }
        for &(seq, ev) in evs {
            match &ev.kind {
                EventKind::Created { column, .. } => self.enter(&mut h, &mut here, column, ev.at),
                EventKind::Moved { to, .. } => self.enter(&mut h, &mut here, to, ev.at),
                EventKind::Blocked { reason, .. } => {
                    open.push((reason.clone(), here.and_then(|(c, _)| c), ev.at, seq))
                }
                EventKind::Unblocked => close(&mut h, &mut open, ev.at),
                EventKind::Deleted => {
                    close(&mut h, &mut open, ev.at);
                    h.deleted = true;
                }
            }
        }
        close(&mut h, &mut open, self.as_of);
        if let Some((Some(c), since)) = here {
            h.visits.push(Visit { column: c, from: since, to: self.as_of.max(since) });
        }
        h.column = here.and_then(|(c, _)| c);
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

    fn enter(
        &self,
        h: &mut CardHistory,
        here: &mut Option<(Option<usize>, Instant)>,
        column: &str,
        at: Instant,
    ) {
        let to = self.cols.get(column).copied();
        if let Some((Some(prev), since)) = *here {
            h.visits.push(Visit { column: prev, from: since, to: at.max(since) });
        }
        if let Some(c) = to {
            // Rule 2: a backward move forgets every column right of the one entered.
            if let Some((Some(prev), _)) = *here {
                if c < prev {
                    h.reached[c + 1..].iter_mut().for_each(|r| *r = None);
                }
            }
            // Rule 1: first entry wins.
            h.reached[c].get_or_insert(local_date(at, self.tz));
        }
        *here = Some((to, at));
    }
}

fn close(h: &mut CardHistory, open: &mut Vec<(String, Option<usize>, Instant, usize)>, at: Instant) {
    for (reason, column, from, seq) in open.drain(..) {
        h.blocks.push(BlockInterval { reason, column, from, to: at.max(from), seq });
    }
}
