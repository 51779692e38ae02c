//! WIP limits that fit ML work: caps per column, lane, cell, person, card type
//! within a column, and total `compute` within a column.
//!
//! Key design decision: every limit is a key, a [`Limit`], and a card
//! *contributes* to a small, fixed set of keys (its column, lane, cell, owner,
//! type-in-column and compute-in-column), computed by one private function.
//! A [`Proposal`] is judged by the difference between one card's contributions
//! after and before the change; [`loads`] sums the same contributions in one
//! pass for column and lane headers; [`limit_history`] replays the events with
//! the same rule. So the three can never disagree on what counts where.
//!
//! What counts where (the board's [`WipPolicy`] applies to all of it):
//! - a blocked card counts toward every limit unless `count_blocked` is off;
//! - a **column** limit, a **cell** limit, a **type** limit and a **compute**
//!   limit count every card in that column (or cell), whatever the column's kind;
//! - a **lane** limit counts the lane's cards in `active` and `queue` columns
//!   only: work in progress, not the backlog and not finished work;
//! - a **person** limit counts the cards a person owns in `active` columns, plus
//!   `queue` columns when `queue_counts_for_person` is on. A named cap in
//!   `person_limits` overrides `person_limit`;
//! - **compute** is the sum of `card.compute` (absent = 0).
//!
//! A change "breaks" a limit when the limit's load after the change is above
//! the limit *and* higher than before: moving a card inside its column never
//! reports the column limit again, and a limit already exceeded is reported
//! only when the change adds to it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::command::Command;
use crate::model::*;

mod history;

pub use history::{limit_history, LimitHistory};

/// Tolerance for comparing compute sums (counts are exact).
const EPS: f64 = 1e-9;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LimitKind {
    Column,
    Lane,
    Cell,
    Person,
    Type,
    Compute,
}

/// One limit of a board, named by what it caps (ids, not display names).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Limit {
    /// Cards in a column, all lanes.
    Column(String),
    /// Cards of a lane in `active` and `queue` columns.
    Lane(String),
    Cell {
        column: String,
        lane: String,
    },
    /// Cards an owner holds in `active` (and maybe `queue`) columns.
    Person(String),
    /// Cards of one type in a column.
    Type {
        column: String,
        card_type: CardType,
    },
    /// Total `compute` of the cards in a column.
    Compute(String),
}

impl Limit {
    pub fn kind(&self) -> LimitKind {
        match self {
            Self::Column(_) => LimitKind::Column,
            Self::Lane(_) => LimitKind::Lane,
            Self::Cell { .. } => LimitKind::Cell,
            Self::Person(_) => LimitKind::Person,
            Self::Type { .. } => LimitKind::Type,
            Self::Compute(_) => LimitKind::Compute,
        }
    }

    /// The cap the board currently sets on this key, if any.
    pub fn cap(&self, board: &Board) -> Option<f64> {
        match self {
            Self::Column(c) => board.column(c)?.wip_limit.map(f64::from),
            Self::Lane(l) => board.lane(l)?.wip_limit.map(f64::from),
            Self::Cell { column, lane } => cell_limit(board, column, lane).map(f64::from),
            Self::Person(p) => person_limit(board, p).map(f64::from),
            Self::Type { column, card_type } => {
                board.column(column)?.type_limits.get(card_type).copied().map(f64::from)
            }
            Self::Compute(c) => board.column(c)?.compute_limit,
        }
    }

    /// A name for people: the column's or lane's name, "Column / Lane", or the owner.
    pub fn subject(&self, board: &Board) -> String {
        let col = |id: &str| board.column(id).map_or_else(|| id.to_owned(), |c| c.name.clone());
        let lane = |id: &str| board.lane(id).map_or_else(|| id.to_owned(), |l| l.name.clone());
        match self {
            Self::Column(c) | Self::Type { column: c, .. } | Self::Compute(c) => col(c),
            Self::Lane(l) => format!("{} lane", lane(l)),
            Self::Cell { column, lane: l } => format!("{} / {}", col(column), lane(l)),
            Self::Person(p) => p.clone(),
        }
    }

    /// What the load counts, for messages: "cards", "experiment cards", "compute".
    pub fn unit(&self) -> String {
        match self {
            Self::Type { card_type, .. } => format!("{} cards", card_type.as_str()),
            Self::Compute(_) => "compute".to_owned(),
            _ => "cards".to_owned(),
        }
    }
}

/// The cap on a cell: the smallest of the policy's entries for it.
fn cell_limit(board: &Board, column: &str, lane: &str) -> Option<u32> {
    board.wip.cell_limits.iter().filter(|l| l.column == column && l.lane == lane).map(|l| l.limit).min()
}

/// A person's cap: their own entry in `person_limits`, or the board-wide `person_limit`.
fn person_limit(board: &Board, person: &str) -> Option<u32> {
    board.wip.person_limits.get(person).copied().or(board.wip.person_limit)
}

/// A proposed change, judged before it is made.
#[derive(Clone, Debug, PartialEq)]
pub enum Proposal {
    /// Move an existing card into a cell.
    Move { card: String, column: String, lane: String },
    /// Add a new card (`blocked`: added as blocked, see [`Command::AddCard`]).
    Add {
        column: String,
        lane: String,
        owner: Option<String>,
        card_type: CardType,
        compute: Option<f64>,
        blocked: bool,
    },
}

impl Proposal {
    /// The proposal a command amounts to, for the commands that add or move
    /// cards (`AddCard`, `MoveCard`, `Retrain`); `None` for the others.
    pub fn from_command(board: &Board, cmd: &Command) -> Option<Proposal> {
        match cmd {
            Command::AddCard { card, .. } => Some(Proposal::Add {
                column: card.column.clone(),
                lane: card.lane.clone(),
                owner: card.owner.clone(),
                card_type: card.card_type,
                compute: card.compute,
                blocked: card.blocked.is_some(),
            }),
            Command::MoveCard { id, column, lane, .. } => {
                Some(Proposal::Move { card: id.clone(), column: column.clone(), lane: lane.clone() })
            }
            Command::Retrain { id, .. } => {
                let src = board.card(id)?;
                Some(Proposal::Add {
                    column: board.columns.first()?.id.clone(),
                    lane: src.lane.clone(),
                    owner: src.owner.clone(),
                    card_type: CardType::Retraining,
                    compute: src.compute,
                    blocked: false,
                })
            }
            _ => None,
        }
    }
}

/// A limit a change would break.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub limit: Limit,
    /// Display name of what is capped (see [`Limit::subject`]).
    pub subject: String,
    /// The cap.
    pub max: f64,
    /// The load after the change (above `max`).
    pub load: f64,
}

impl Violation {
    pub fn kind(&self) -> LimitKind {
        self.limit.kind()
    }
}

/// Shows a number without a needless fraction, and compute sums to 2 decimals.
fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    format!("{r}")
}

impl fmt::Display for Violation {
    /// "Training: 5 / 4 cards", "Training: 6.5 / 4 compute", "alice: 4 / 3 cards".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} / {} {}", self.subject, num(self.load), num(self.max), self.limit.unit())
    }
}

/// What a card contributes to limits: where it is and what it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item<'a> {
    pub column: &'a str,
    pub lane: &'a str,
    pub owner: Option<&'a str>,
    pub card_type: CardType,
    pub compute: f64,
    pub blocked: bool,
}

impl<'a> Item<'a> {
    pub(crate) fn of(card: &'a Card) -> Self {
        Item {
            column: &card.column,
            lane: &card.lane,
            owner: card.owner.as_deref(),
            card_type: card.card_type,
            compute: card.compute.unwrap_or(0.0),
            blocked: card.blocked.is_some(),
        }
    }
}

/// The board's column kinds by id, looked up once.
pub(crate) struct Ctx<'a> {
    pub board: &'a Board,
    kinds: HashMap<&'a str, ColumnKind>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(board: &'a Board) -> Self {
        Ctx { board, kinds: board.columns.iter().map(|c| (c.id.as_str(), c.kind)).collect() }
    }

    /// The keys an item adds load to, with the amount (1 card, or its compute).
    /// Every key is listed, whether or not a limit is set on it.
    pub(crate) fn contributions(&self, it: &Item<'_>) -> Vec<(Limit, f64)> {
        let policy = &self.board.wip;
        if it.blocked && !policy.count_blocked {
            return Vec::new();
        }
        let kind = self.kinds.get(it.column).copied();
        let wip = matches!(kind, Some(ColumnKind::Active | ColumnKind::Queue));
        let personal = match kind {
            Some(ColumnKind::Active) => true,
            Some(ColumnKind::Queue) => policy.queue_counts_for_person,
            _ => false,
        };
        let mut v = Vec::with_capacity(6);
        v.push((Limit::Column(it.column.to_owned()), 1.0));
        if wip {
            v.push((Limit::Lane(it.lane.to_owned()), 1.0));
        }
        v.push((Limit::Cell { column: it.column.to_owned(), lane: it.lane.to_owned() }, 1.0));
        if let (true, Some(o)) = (personal, it.owner) {
            v.push((Limit::Person(o.to_owned()), 1.0));
        }
        v.push((Limit::Type { column: it.column.to_owned(), card_type: it.card_type }, 1.0));
        if it.compute != 0.0 {
            v.push((Limit::Compute(it.column.to_owned()), it.compute));
        }
        v
    }
}

/// Adds `after` and subtracts `before` per key.
pub(crate) fn deltas(before: Vec<(Limit, f64)>, after: Vec<(Limit, f64)>) -> BTreeMap<Limit, f64> {
    let mut d: BTreeMap<Limit, f64> = BTreeMap::new();
    for (k, x) in after {
        *d.entry(k).or_default() += x;
    }
    for (k, x) in before {
        *d.entry(k).or_default() -= x;
    }
    d
}

/// Whether any WIP limit is set on `board` (column, compute, card type, lane, cell, person).
pub fn has_limits(board: &Board) -> bool {
    let w = &board.wip;
    board.columns.iter().any(|c| c.wip_limit.is_some() || c.compute_limit.is_some() || !c.type_limits.is_empty())
        || board.lanes.iter().any(|l| l.wip_limit.is_some())
        || !w.cell_limits.is_empty()
        || w.person_limit.is_some()
        || !w.person_limits.is_empty()
}

/// The limits `change` would break: set limits whose load after the change is
/// above the limit and higher than before. Empty when the change is unknown
/// (a card that is not on the board) or breaks nothing. Ordered by kind, then key.
pub fn violations(board: &Board, change: &Proposal) -> Vec<Violation> {
    // No limit set anywhere: nothing to break (and nothing to count, on every move).
    if !has_limits(board) {
        return Vec::new();
    }
    let ctx = Ctx::new(board);
    let (before, after) = match change {
        Proposal::Move { card, column, lane } => {
            let Some(c) = board.card(card) else { return Vec::new() };
            let from = Item::of(c);
            let to = Item { column, lane, ..from };
            (ctx.contributions(&from), ctx.contributions(&to))
        }
        Proposal::Add { column, lane, owner, card_type, compute, blocked } => {
            let it = Item {
                column,
                lane,
                owner: owner.as_deref(),
                card_type: *card_type,
                compute: compute.unwrap_or(0.0),
                blocked: *blocked,
            };
            (Vec::new(), ctx.contributions(&it))
        }
    };
    let rising: BTreeMap<Limit, (f64, f64)> = deltas(before, after)
        .into_iter()
        .filter(|(_, d)| *d > EPS)
        .filter_map(|(k, d)| k.cap(board).map(|m| (k, (d, m))))
        .collect();
    if rising.is_empty() {
        return Vec::new();
    }
    let mut load: BTreeMap<&Limit, f64> = rising.keys().map(|k| (k, 0.0)).collect();
    for c in &board.cards {
        for (k, x) in ctx.contributions(&Item::of(c)) {
            if let Some(l) = load.get_mut(&k) {
                *l += x;
            }
        }
    }
    rising
        .iter()
        .filter_map(|(k, (d, max))| {
            let after = load[k] + d;
            (after > max + EPS).then(|| Violation {
                limit: k.clone(),
                subject: k.subject(board),
                max: *max,
                load: after,
            })
        })
        .collect()
}

/// Whether the change that gave `found` must ask for an override reason: the
/// board's limits are hard and the change breaks one. Soft limits only warn.
pub fn requires_override(board: &Board, found: &[Violation]) -> bool {
    board.wip.hard && !found.is_empty()
}

/// Where a load stands against its limit. No limit: always `Under`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Under,
    AtLimit,
    Over,
}

impl Status {
    pub fn of(load: f64, max: Option<f64>) -> Status {
        match max {
            Some(m) if load > m + EPS => Status::Over,
            Some(m) if load >= m - EPS => Status::AtLimit,
            _ => Status::Under,
        }
    }
}

/// A count of cards against an optional cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub load: u32,
    pub limit: Option<u32>,
    pub status: Status,
}

impl Count {
    fn new(load: u32, limit: Option<u32>) -> Self {
        Count { load, limit, status: Status::of(f64::from(load), limit.map(f64::from)) }
    }
}

/// A compute sum against an optional cap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amount {
    pub load: f64,
    pub limit: Option<f64>,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnLoad {
    pub column: String,
    pub cards: Count,
    pub compute: Amount,
    /// Every type present in the column or capped there.
    pub types: BTreeMap<CardType, Count>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneLoad {
    pub lane: String,
    pub cards: Count,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CellLoad {
    pub column: String,
    pub lane: String,
    pub cards: Count,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersonLoad {
    pub person: String,
    pub cards: Count,
}

/// Every load of a board, for column, lane and cell headers and the people view.
#[derive(Clone, Debug, PartialEq)]
pub struct Loads {
    /// In board order.
    pub columns: Vec<ColumnLoad>,
    /// In board order.
    pub lanes: Vec<LaneLoad>,
    /// Every cell, column by column, lanes in board order within a column.
    pub cells: Vec<CellLoad>,
    /// Every owner of a card on the board and every person with a named cap, sorted by name.
    pub people: Vec<PersonLoad>,
}

impl Loads {
    pub fn column(&self, id: &str) -> Option<&ColumnLoad> {
        self.columns.iter().find(|c| c.column == id)
    }

    pub fn lane(&self, id: &str) -> Option<&LaneLoad> {
        self.lanes.iter().find(|l| l.lane == id)
    }

    pub fn cell(&self, column: &str, lane: &str) -> Option<&CellLoad> {
        self.cells.iter().find(|c| c.column == column && c.lane == lane)
    }

    pub fn person(&self, name: &str) -> Option<&PersonLoad> {
        self.people.iter().find(|p| p.person == name)
    }

    /// Every limit that is exceeded now, as violations (for a board-wide warning).
    pub fn over(&self, board: &Board) -> Vec<Violation> {
        let mut v = Vec::new();
        let mut push = |limit: Limit, load: f64, max: Option<f64>, status: Status| {
            if let (Status::Over, Some(max)) = (status, max) {
                v.push(Violation { subject: limit.subject(board), limit, max, load });
            }
        };
        let count = |c: &Count| (f64::from(c.load), c.limit.map(f64::from), c.status);
        for c in &self.columns {
            let (l, m, s) = count(&c.cards);
            push(Limit::Column(c.column.clone()), l, m, s);
        }
        for c in &self.lanes {
            let (l, m, s) = count(&c.cards);
            push(Limit::Lane(c.lane.clone()), l, m, s);
        }
        for c in &self.cells {
            let (l, m, s) = count(&c.cards);
            push(Limit::Cell { column: c.column.clone(), lane: c.lane.clone() }, l, m, s);
        }
        for p in &self.people {
            let (l, m, s) = count(&p.cards);
            push(Limit::Person(p.person.clone()), l, m, s);
        }
        for c in &self.columns {
            for (t, n) in &c.types {
                let (l, m, s) = count(n);
                push(Limit::Type { column: c.column.clone(), card_type: *t }, l, m, s);
            }
        }
        for c in &self.columns {
            push(Limit::Compute(c.column.clone()), c.compute.load, c.compute.limit, c.compute.status);
        }
        v
    }
}

/// Every load of the board against its limits, in one pass over the cards.
/// Cards in a column or lane the board does not have are left out.
pub fn loads(board: &Board) -> Loads {
    let (nc, nl) = (board.columns.len(), board.lanes.len());
    let col_ix: HashMap<&str, usize> = board.columns.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let lane_ix: HashMap<&str, usize> = board.lanes.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let policy = &board.wip;
    let mut col = vec![0u32; nc];
    let mut compute = vec![0f64; nc];
    let mut types = vec![[0u32; CardType::ALL.len()]; nc];
    let mut lane = vec![0u32; nl];
    let mut cell = vec![0u32; nc * nl];
    let mut people: BTreeMap<&str, u32> = policy.person_limits.keys().map(|p| (p.as_str(), 0)).collect();
    for card in &board.cards {
        if let Some(o) = card.owner.as_deref() {
            people.entry(o).or_default();
        }
        if card.blocked.is_some() && !policy.count_blocked {
            continue;
        }
        let (Some(&ci), Some(&li)) = (col_ix.get(card.column.as_str()), lane_ix.get(card.lane.as_str())) else {
            continue;
        };
        let kind = board.columns[ci].kind;
        col[ci] += 1;
        compute[ci] += card.compute.unwrap_or(0.0);
        types[ci][card.card_type as usize] += 1;
        cell[ci * nl + li] += 1;
        if matches!(kind, ColumnKind::Active | ColumnKind::Queue) {
            lane[li] += 1;
        }
        let personal = kind == ColumnKind::Active || (kind == ColumnKind::Queue && policy.queue_counts_for_person);
        if let (true, Some(o)) = (personal, card.owner.as_deref()) {
            *people.entry(o).or_default() += 1;
        }
    }
    let columns = board
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| ColumnLoad {
            column: c.id.clone(),
            cards: Count::new(col[i], c.wip_limit),
            compute: Amount {
                load: compute[i],
                limit: c.compute_limit,
                status: Status::of(compute[i], c.compute_limit),
            },
            types: CardType::ALL
                .iter()
                .filter_map(|t| {
                    let n = types[i][*t as usize];
                    let limit = c.type_limits.get(t).copied();
                    (n > 0 || limit.is_some()).then(|| (*t, Count::new(n, limit)))
                })
                .collect(),
        })
        .collect();
    let lanes = board
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| LaneLoad { lane: l.id.clone(), cards: Count::new(lane[i], l.wip_limit) })
        .collect();
    let cells = board
        .columns
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| board.lanes.iter().enumerate().map(move |(li, l)| (ci, c, li, l)))
        .map(|(ci, c, li, l)| CellLoad {
            column: c.id.clone(),
            lane: l.id.clone(),
            cards: Count::new(cell[ci * nl + li], cell_limit(board, &c.id, &l.id)),
        })
        .collect();
    let people = people
        .into_iter()
        .map(|(p, n)| PersonLoad { person: p.to_owned(), cards: Count::new(n, person_limit(board, p)) })
        .collect();
    Loads { columns, lanes, cells, people }
}
