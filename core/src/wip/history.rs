//! How often, and for how long, each limit was exceeded: a replay of the events.
//!
//! Key design decision: the replay moves cards between cells exactly as the
//! events say, and judges every step with the same contribution rule as
//! [`super::violations`]; but events do not record changes of owner, type or
//! compute, nor changes of the limits or the column kinds. So the replay uses
//! what is true *now*: the board's current limits, policy and column kinds,
//! and each card's current owner, type and compute. A deleted card (no longer
//! on the board) counts toward column, lane and cell limits only: it is taken
//! as having no owner, type `other` and no compute.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{deltas, Ctx, Item, Limit, EPS};
use crate::model::*;

/// The record of one limit that is set on the board now.
#[derive(Clone, Debug, PartialEq)]
pub struct LimitHistory {
    pub limit: Limit,
    /// Display name of what is capped (see [`Limit::subject`]).
    pub subject: String,
    pub max: f64,
    /// Times the load went from at or under the limit to over it.
    pub breaches: u32,
    /// Total time over the limit, in hours; a breach still open runs to `now`.
    pub hours_over: f64,
    /// Whether the limit is exceeded at the end of the replay.
    pub over_now: bool,
    /// Moves with an override reason that took this limit's load up while over it.
    pub overrides: u32,
}

impl LimitHistory {
    pub fn days_over(&self) -> f64 {
        self.hours_over / 24.0
    }
}

/// Where a card is in the replay.
#[derive(Clone, Debug)]
struct Pos {
    column: String,
    lane: String,
    blocked: bool,
}

#[derive(Clone, Debug)]
struct Track {
    max: f64,
    load: f64,
    over_since: Option<Instant>,
    breaches: u32,
    ms_over: i64,
    overrides: u32,
}

/// Every limit set on the board now: columns (cards, compute, types), lanes,
/// cells, and people (each named cap, and the board-wide cap for every owner
/// of a card on the board).
fn set_limits(board: &Board) -> Vec<Limit> {
    let mut v = Vec::new();
    for c in &board.columns {
        if c.wip_limit.is_some() {
            v.push(Limit::Column(c.id.clone()));
        }
    }
    for l in &board.lanes {
        if l.wip_limit.is_some() {
            v.push(Limit::Lane(l.id.clone()));
        }
    }
    for l in &board.wip.cell_limits {
        v.push(Limit::Cell { column: l.column.clone(), lane: l.lane.clone() });
    }
    let mut people: Vec<String> = board.wip.person_limits.keys().cloned().collect();
    if board.wip.person_limit.is_some() {
        people.extend(board.owners());
    }
    crate::sort::sort(&mut people);
    people.dedup();
    v.extend(people.into_iter().map(Limit::Person));
    for c in &board.columns {
        for t in c.type_limits.keys() {
            v.push(Limit::Type { column: c.id.clone(), card_type: *t });
        }
    }
    for c in &board.columns {
        if c.compute_limit.is_some() {
            v.push(Limit::Compute(c.id.clone()));
        }
    }
    v.dedup();
    v
}

/// One step of the replay: a recorded event, or the implied creation of a card
/// on the board that has no `created` event (at its `created_at`, in the
/// column it left by its first move, or else its current one).
enum Step<'a> {
    Event(&'a Event),
    Implied(&'a Card, &'a str, &'a str),
}

/// For each limit set on the board now, how often and how long it was
/// exceeded, replaying the events up to `now` (see the module doc for what the
/// replay assumes). Sorting the events makes it O(n log n) in their number.
pub fn limit_history(board: &Board, now: Instant) -> Vec<LimitHistory> {
    let limits = set_limits(board);
    let mut tracks: BTreeMap<Limit, Track> = limits
        .into_iter()
        .filter_map(|l| {
            let max = l.cap(board)?;
            Some((l, Track { max, load: 0.0, over_since: None, breaches: 0, ms_over: 0, overrides: 0 }))
        })
        .collect();
    let cards: HashMap<&str, &Card> = board.cards.iter().map(|c| (c.id.as_str(), c)).collect();

    // Implied creations of cards without a `created` event.
    let mut created: HashSet<&str> = HashSet::new();
    let mut first_move: HashMap<&str, (&str, Option<&str>)> = HashMap::new();
    for e in &board.events {
        match &e.kind {
            EventKind::Created { .. } => {
                created.insert(&e.card);
            }
            EventKind::Moved { from, from_lane, .. } => {
                first_move.entry(&e.card).or_insert((from, from_lane.as_deref()));
            }
            _ => {}
        }
    }
    let mut steps: Vec<(Instant, usize, Step<'_>)> = Vec::with_capacity(board.events.len());
    for c in &board.cards {
        if !created.contains(c.id.as_str()) {
            let (col, lane) = match first_move.get(c.id.as_str()) {
                Some((f, fl)) => (*f, fl.unwrap_or(&c.lane)),
                None => (c.column.as_str(), c.lane.as_str()),
            };
            steps.push((c.created_at, 0, Step::Implied(c, col, lane)));
        }
    }
    for (i, e) in board.events.iter().enumerate() {
        steps.push((e.at, i + 1, Step::Event(e)));
    }
    steps.sort_by_key(|(at, i, _)| (*at, *i));

    let ctx = Ctx::new(board);
    let mut pos: HashMap<&str, Pos> = HashMap::new();
    let item = |id: &str, p: &Pos| -> Vec<(Limit, f64)> {
        let it = match cards.get(id) {
            Some(c) => Item { column: &p.column, lane: &p.lane, blocked: p.blocked, ..Item::of(c) },
            None => Item {
                column: &p.column,
                lane: &p.lane,
                owner: None,
                card_type: CardType::Other,
                compute: 0.0,
                blocked: p.blocked,
            },
        };
        ctx.contributions(&it)
    };

    for (at, _, step) in steps.into_iter().filter(|(at, _, _)| *at <= now) {
        let (id, override_move): (&str, bool) = match &step {
            Step::Implied(c, ..) => (&c.id, false),
            Step::Event(e) => (&e.card, matches!(&e.kind, EventKind::Moved { override_reason: Some(_), .. })),
        };
        let before = pos.get(id).map(|p| item(id, p)).unwrap_or_default();
        let old = pos.get(id).cloned();
        let new: Option<Pos> = match &step {
            Step::Implied(_, col, lane) => {
                Some(Pos { column: (*col).to_owned(), lane: (*lane).to_owned(), blocked: false })
            }
            Step::Event(e) => match &e.kind {
                EventKind::Created { column, lane } => {
                    Some(Pos { column: column.clone(), lane: lane.clone(), blocked: false })
                }
                EventKind::Moved { from, to, from_lane, to_lane, .. } => {
                    // A card moved without being seen before was in `from`.
                    let base = old.clone().unwrap_or(Pos {
                        column: from.clone(),
                        lane: from_lane.clone().or_else(|| cards.get(id).map(|c| c.lane.clone())).unwrap_or_default(),
                        blocked: false,
                    });
                    let lane = to_lane.clone().unwrap_or_else(|| base.lane.clone());
                    Some(Pos { column: to.clone(), lane, ..base })
                }
                EventKind::Blocked { .. } => old.clone().map(|p| Pos { blocked: true, ..p }),
                EventKind::Unblocked => old.clone().map(|p| Pos { blocked: false, ..p }),
                EventKind::Deleted => None,
            },
        };
        let after = new.as_ref().map(|p| item(id, p)).unwrap_or_default();
        match new {
            Some(p) => {
                pos.insert(id, p);
            }
            None => {
                pos.remove(id);
            }
        }
        for (k, d) in deltas(before, after) {
            if d.abs() <= EPS {
                continue;
            }
            let Some(t) = tracks.get_mut(&k) else { continue };
            let was_over = t.load > t.max + EPS;
            t.load += d;
            let is_over = t.load > t.max + EPS;
            if !was_over && is_over {
                t.breaches += 1;
                t.over_since = Some(at);
            } else if was_over && !is_over {
                if let Some(s) = t.over_since.take() {
                    t.ms_over += (at - s).num_milliseconds();
                }
            }
            if override_move && d > 0.0 && is_over {
                t.overrides += 1;
            }
        }
    }

    tracks
        .into_iter()
        .map(|(limit, t)| {
            let open = t.over_since.map_or(0, |s| (now - s).num_milliseconds().max(0));
            LimitHistory {
                subject: limit.subject(board),
                limit,
                max: t.max,
                breaches: t.breaches,
                hours_over: (t.ms_over + open) as f64 / 3_600_000.0,
                over_now: t.over_since.is_some(),
                overrides: t.overrides,
            }
        })
        .collect()
}
