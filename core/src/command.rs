//! The one way to change a board.
//!
//! Every change is a [`Command`] applied by [`apply`], which checks the whole
//! command first (a refused command changes nothing), then changes the board,
//! appends the events the change produced to the board's history, and returns
//! them with an [`Undo`] that restores the board exactly. [`History`] keeps the
//! undo and redo stacks on top of that.

use std::collections::BTreeMap;
use std::fmt;

use chrono::FixedOffset;

use crate::model::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds a card in its `column` and `lane`, before the card `before` of that
    /// cell, or last. Its `created_at` becomes the moment of the command; a card
    /// given as blocked is blocked from that moment too (a `blocked` event follows `created`).
    AddCard { card: Card, before: Option<String> },
    /// Replaces every editable field of a card.
    EditCard { id: String, details: CardDetails },
    /// Moves a card into a cell, before the card `before` of that cell, or last.
    /// `override_reason` records why a WIP limit was knowingly exceeded.
    MoveCard {
        id: String,
        column: String,
        lane: String,
        before: Option<String>,
        override_reason: Option<String>,
    },
    DeleteCard { id: String },
    BlockCard { id: String, reason: String, note: Option<String> },
    UnblockCard { id: String },
    /// Creates a `retraining` card `new_id` from card `id`, at the start of the
    /// flow in the same lane, with its parent, dataset and metric target carried over.
    Retrain { id: String, new_id: String },

    AddColumn { column: Column, index: usize },
    RenameColumn { id: String, name: String },
    MoveColumn { id: String, index: usize },
    /// Refused while the column holds cards.
    DeleteColumn { id: String },
    SetColumnKind { id: String, kind: ColumnKind },
    SetColumnLimits {
        id: String,
        wip_limit: Option<u32>,
        compute_limit: Option<f64>,
        type_limits: BTreeMap<CardType, u32>,
    },

    AddLane { lane: Lane, index: usize },
    RenameLane { id: String, name: String },
    MoveLane { id: String, index: usize },
    /// Refused while the lane holds cards.
    DeleteLane { id: String },
    SetLaneLimit { id: String, wip_limit: Option<u32> },

    RenameBoard { name: String },
    SetCycle { cycle: Option<Cycle> },
    SetConvention { convention: Convention },
    SetTimezone { offset_minutes: i32 },
    SetWipPolicy { policy: WipPolicy },
    /// Sets the board's own blocker labels (trimmed, without blanks, duplicates
    /// and standard reasons). A label that a blocked card still carries is kept.
    SetBlockerLabels { labels: Vec<String> },
}

impl Command {
    /// A short description for undo/redo labels and status messages.
    pub fn label(&self) -> &'static str {
        match self {
            Self::AddCard { .. } => "add card",
            Self::EditCard { .. } => "edit card",
            Self::MoveCard { .. } => "move card",
            Self::DeleteCard { .. } => "delete card",
            Self::BlockCard { .. } => "block card",
            Self::UnblockCard { .. } => "unblock card",
            Self::Retrain { .. } => "retrain",
            Self::AddColumn { .. } => "add column",
            Self::RenameColumn { .. } => "rename column",
            Self::MoveColumn { .. } => "move column",
            Self::DeleteColumn { .. } => "delete column",
            Self::SetColumnKind { .. } => "set column kind",
            Self::SetColumnLimits { .. } => "set column limits",
            Self::AddLane { .. } => "add lane",
            Self::RenameLane { .. } => "rename lane",
            Self::MoveLane { .. } => "move lane",
            Self::DeleteLane { .. } => "delete lane",
            Self::SetLaneLimit { .. } => "set lane limit",
            Self::RenameBoard { .. } => "rename board",
            Self::SetCycle { .. } => "set cycle",
            Self::SetConvention { .. } => "set convention",
            Self::SetTimezone { .. } => "set time zone",
            Self::SetWipPolicy { .. } => "set WIP policy",
            Self::SetBlockerLabels { .. } => "set blocker labels",
        }
    }

    /// The cards this command can change (add, edit, move, delete, block), or
    /// `None` when it changes the board's structure or settings, which every
    /// card's view may depend on. Views re-render just these cards' cells.
    pub fn touched_cards(&self) -> Option<Vec<&str>> {
        match self {
            Self::AddCard { card, .. } => Some(vec![card.id.as_str()]),
            Self::EditCard { id, .. }
            | Self::MoveCard { id, .. }
            | Self::DeleteCard { id }
            | Self::BlockCard { id, .. }
            | Self::UnblockCard { id } => Some(vec![id.as_str()]),
            Self::Retrain { id, new_id } => Some(vec![id.as_str(), new_id.as_str()]),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum CommandError {
    UnknownCard(String),
    UnknownColumn(String),
    UnknownLane(String),
    DuplicateId(String),
    /// The card named as the insertion point is not in the target cell.
    NotInCell(String),
    EmptyName,
    /// A column or lane still holds this many cards.
    NotEmpty { name: String, cards: usize },
    /// A board keeps at least one column and one lane.
    LastOne(&'static str),
    AlreadyBlocked(String),
    NotBlocked(String),
    UnknownReason(String),
    InvalidLimit,
    InvalidTimezone(i32),
    /// The cycle's start lies right of its end.
    InvalidCycle,
    /// The shell refuses every change for now (e.g. while a board is presented).
    ReadOnly,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownCard(id) => write!(f, "there is no card \"{id}\""),
            Self::UnknownColumn(id) => write!(f, "there is no column \"{id}\""),
            Self::UnknownLane(id) => write!(f, "there is no lane \"{id}\""),
            Self::DuplicateId(id) => write!(f, "the id \"{id}\" is already taken"),
            Self::NotInCell(id) => write!(f, "card \"{id}\" is not in the target cell"),
            Self::EmptyName => write!(f, "a name cannot be empty"),
            Self::NotEmpty { name, cards } => write!(
                f,
                "\"{name}\" still holds {cards} card{}: move {} first",
                if *cards == 1 { "" } else { "s" },
                if *cards == 1 { "it" } else { "them" }
            ),
            Self::LastOne(what) => write!(f, "a board needs at least one {what}"),
            Self::AlreadyBlocked(id) => write!(f, "card \"{id}\" is already blocked"),
            Self::NotBlocked(id) => write!(f, "card \"{id}\" is not blocked"),
            Self::UnknownReason(r) => write!(f, "\"{r}\" is not a blocker label of this board"),
            Self::InvalidLimit => write!(f, "a limit must be at least 1"),
            Self::InvalidTimezone(m) => write!(f, "{m} minutes is not a valid UTC offset"),
            Self::InvalidCycle => write!(f, "the cycle must start left of or at its end"),
            Self::ReadOnly => write!(f, "the board is read-only while it is presented (press Escape to edit)"),
        }
    }
}

impl std::error::Error for CommandError {}

/// The inverse of a card-list change, applied in reverse order on undo.
#[derive(Clone, Debug, PartialEq)]
enum CardOp {
    Insert(usize, Card),
    Remove(usize),
    Replace(usize, Card),
    /// The card at `at` goes back to index `to`, into cell (`column`, `lane`).
    Move { at: usize, to: usize, column: String, lane: String },
}

/// Everything of a board but its cards and events: what structural commands change.
#[derive(Clone, Debug, PartialEq)]
struct Structure {
    name: String,
    timezone: FixedOffset,
    columns: Vec<Column>,
    lanes: Vec<Lane>,
    cycle: Option<Cycle>,
    convention: Convention,
    wip: WipPolicy,
    blocker_labels: Vec<String>,
}

impl Structure {
    fn of(b: &Board) -> Self {
        Self {
            name: b.name.clone(),
            timezone: b.timezone,
            columns: b.columns.clone(),
            lanes: b.lanes.clone(),
            cycle: b.cycle.clone(),
            convention: b.convention,
            wip: b.wip.clone(),
            blocker_labels: b.blocker_labels.clone(),
        }
    }

    fn restore(self, b: &mut Board) {
        b.name = self.name;
        b.timezone = self.timezone;
        b.columns = self.columns;
        b.lanes = self.lanes;
        b.cycle = self.cycle;
        b.convention = self.convention;
        b.wip = self.wip;
        b.blocker_labels = self.blocker_labels;
    }
}

/// What it takes to undo one applied command exactly: small for card commands
/// (the touched cards only), a copy of the structure for structural ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    events_len: usize,
    ops: Vec<CardOp>,
    structure: Option<Box<Structure>>,
}

impl Undo {
    /// Restores `board` to what it was before the command. Must be given the
    /// board the command produced (undo in reverse order of application).
    pub fn revert(self, board: &mut Board) {
        board.events.truncate(self.events_len);
        for op in self.ops.into_iter().rev() {
            match op {
                CardOp::Insert(i, c) => board.cards.insert(i, c),
                CardOp::Remove(i) => {
                    board.cards.remove(i);
                }
                CardOp::Replace(i, c) => board.cards[i] = c,
                CardOp::Move { at, to, column, lane } => {
                    let card = move_within(&mut board.cards, at, to);
                    card.column = column;
                    card.lane = lane;
                }
            }
        }
        if let Some(s) = self.structure {
            s.restore(board);
        }
    }
}

/// The result of a command: the events it appended, and its inverse.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub events: Vec<Event>,
    pub undo: Undo,
}

/// Records the inverse of each card-list change as it is made.
struct Tx<'a> {
    board: &'a mut Board,
    now: Instant,
    undo: Undo,
}

impl Tx<'_> {
    fn insert(&mut self, i: usize, card: Card) {
        self.board.cards.insert(i, card);
        self.undo.ops.push(CardOp::Remove(i));
    }

    fn remove(&mut self, i: usize) -> Card {
        let card = self.board.cards.remove(i);
        self.undo.ops.push(CardOp::Insert(i, card.clone()));
        card
    }

    /// Moves the card at `from` to index `to` (of the list without it) in cell (`column`,
    /// `lane`): the cards between shift by one, nothing is cloned.
    fn move_card(&mut self, from: usize, to: usize, column: &str, lane: &str) {
        let card = move_within(&mut self.board.cards, from, to);
        let column = std::mem::replace(&mut card.column, column.to_owned());
        let lane = std::mem::replace(&mut card.lane, lane.to_owned());
        self.undo.ops.push(CardOp::Move { at: to, to: from, column, lane });
    }

    fn replace(&mut self, i: usize, card: Card) {
        let old = std::mem::replace(&mut self.board.cards[i], card);
        self.undo.ops.push(CardOp::Replace(i, old));
    }

    fn event(&mut self, card: &str, kind: EventKind) {
        self.board.events.push(Event { at: self.now, card: card.to_owned(), kind });
    }

    fn save_structure(&mut self) {
        if self.undo.structure.is_none() {
            self.undo.structure = Some(Box::new(Structure::of(self.board)));
        }
    }
}

fn card_index(b: &Board, id: &str) -> Result<usize, CommandError> {
    b.card_index(id).ok_or_else(|| CommandError::UnknownCard(id.to_owned()))
}

fn column_index(b: &Board, id: &str) -> Result<usize, CommandError> {
    b.column_index(id).ok_or_else(|| CommandError::UnknownColumn(id.to_owned()))
}

fn lane_index(b: &Board, id: &str) -> Result<usize, CommandError> {
    b.lane_index(id).ok_or_else(|| CommandError::UnknownLane(id.to_owned()))
}

fn non_empty(name: &str) -> Result<String, CommandError> {
    let t = name.trim();
    if t.is_empty() {
        Err(CommandError::EmptyName)
    } else {
        Ok(t.to_owned())
    }
}

fn check_limit(l: Option<u32>) -> Result<(), CommandError> {
    match l {
        Some(0) => Err(CommandError::InvalidLimit),
        _ => Ok(()),
    }
}

/// The limits of a column: counts at least 1, compute a positive finite number.
fn check_column_limits(
    wip_limit: Option<u32>,
    compute_limit: Option<f64>,
    type_limits: &BTreeMap<CardType, u32>,
) -> Result<(), CommandError> {
    check_limit(wip_limit)?;
    if compute_limit.is_some_and(|c| !(c > 0.0 && c.is_finite())) || type_limits.values().any(|v| *v == 0) {
        return Err(CommandError::InvalidLimit);
    }
    Ok(())
}

/// Moves `cards[from]` to index `to` (its index once there), shifting the cards between;
/// returns it.
fn move_within(cards: &mut [Card], from: usize, to: usize) -> &mut Card {
    if from < to {
        cards[from..=to].rotate_left(1);
    } else {
        cards[to..=from].rotate_right(1);
    }
    &mut cards[to]
}

/// A blocker note, trimmed; blank is none.
fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned)
}

/// Where a card goes in `cards` to sit before `before` in cell (column, lane),
/// or last in that cell. `cards` must not hold the card being placed.
fn insertion_index(
    cards: &[Card],
    column: &str,
    lane: &str,
    before: Option<&str>,
) -> Result<usize, CommandError> {
    match before {
        Some(b) => cards
            .iter()
            .position(|c| c.id == b && c.column == column && c.lane == lane)
            .ok_or_else(|| CommandError::NotInCell(b.to_owned())),
        None => Ok(cards
            .iter()
            .rposition(|c| c.column == column && c.lane == lane)
            .map_or(cards.len(), |i| i + 1)),
    }
}

/// Applies one command to a board at moment `now`. A refused command leaves the
/// board untouched; an applied one returns the events it appended and its undo.
///
/// The history stays oldest first: a `now` earlier than the board's last event
/// (a clock set back, a redo replayed after other changes) counts as the moment
/// of that last event.
pub fn apply(board: &mut Board, cmd: &Command, now: Instant) -> Result<Applied, CommandError> {
    let now = board.events.last().map_or(now, |e| e.at.max(now));
    let events_len = board.events.len();
    let mut tx = Tx { board, now, undo: Undo { events_len, ops: Vec::new(), structure: None } };
    run(&mut tx, cmd)?;
    let events = tx.board.events[events_len..].to_vec();
    Ok(Applied { events, undo: tx.undo })
}

fn run(tx: &mut Tx<'_>, cmd: &Command) -> Result<(), CommandError> {
    use Command::*;
    let b = &*tx.board;
    match cmd {
        AddCard { card, before } => {
            if card.id.is_empty() || b.card_index(&card.id).is_some() {
                return Err(CommandError::DuplicateId(card.id.clone()));
            }
            column_index(b, &card.column)?;
            lane_index(b, &card.lane)?;
            let mut card = card.clone();
            card.title = non_empty(&card.title)?;
            card.created_at = tx.now;
            // A card given as blocked is blocked from now on, with its event,
            // so that its state agrees with its history.
            let blocked = match card.blocked.as_mut() {
                Some(block) => {
                    if !b.reasons().any(|r| r == block.reason) {
                        return Err(CommandError::UnknownReason(block.reason.clone()));
                    }
                    block.note = clean_note(block.note.as_deref());
                    block.since = tx.now;
                    Some(EventKind::Blocked { reason: block.reason.clone(), note: block.note.clone() })
                }
                None => None,
            };
            let i = insertion_index(&b.cards, &card.column, &card.lane, before.as_deref())?;
            let kind = EventKind::Created { column: card.column.clone(), lane: card.lane.clone() };
            let id = card.id.clone();
            tx.insert(i, card);
            tx.event(&id, kind);
            if let Some(kind) = blocked {
                tx.event(&id, kind);
            }
        }
        EditCard { id, details } => {
            let i = card_index(b, id)?;
            let mut details = details.clone();
            details.title = non_empty(&details.title)?;
            let mut card = b.cards[i].clone();
            card.set_details(details);
            if card != b.cards[i] {
                tx.replace(i, card);
            }
        }
        MoveCard { id, column, lane, before, override_reason } => {
            let i = card_index(b, id)?;
            column_index(b, column)?;
            lane_index(b, lane)?;
            if before.as_deref() == Some(id.as_str()) {
                return Err(CommandError::NotInCell(id.clone()));
            }
            let old = &b.cards[i];
            let (from, from_lane) = (old.column.clone(), old.lane.clone());
            // The insertion point, as an index into the list without the card.
            let adjust = |p: usize| if p > i { p - 1 } else { p };
            let in_target = |c: &Card| c.column == *column && c.lane == *lane;
            let target = match before.as_deref() {
                Some(bid) => adjust(
                    b.cards
                        .iter()
                        .position(|c| c.id == bid && in_target(c))
                        .ok_or_else(|| CommandError::NotInCell(bid.to_owned()))?,
                ),
                None => b
                    .cards
                    .iter()
                    .enumerate()
                    .rposition(|(j, c)| j != i && in_target(c))
                    .map_or(b.cards.len() - 1, |q| adjust(q) + 1),
            };
            // Already there (the same cell, before the same next card of that
            // cell): nothing changes, not even the order of the card list.
            if from == *column && from_lane == *lane {
                let next = b.cards[i + 1..].iter().find(|c| in_target(c)).map(|c| c.id.as_str());
                if next == before.as_deref() {
                    return Ok(());
                }
            }
            tx.move_card(i, target, column, lane);
            if from != *column || from_lane != *lane {
                tx.event(
                    id,
                    EventKind::Moved {
                        from,
                        to: column.clone(),
                        from_lane: Some(from_lane),
                        to_lane: Some(lane.clone()),
                        override_reason: override_reason.clone().filter(|r| !r.trim().is_empty()),
                    },
                );
            }
        }
        DeleteCard { id } => {
            let i = card_index(b, id)?;
            tx.remove(i);
            tx.event(id, EventKind::Deleted);
        }
        BlockCard { id, reason, note } => {
            let i = card_index(b, id)?;
            if b.cards[i].blocked.is_some() {
                return Err(CommandError::AlreadyBlocked(id.clone()));
            }
            if !b.reasons().any(|r| r == reason) {
                return Err(CommandError::UnknownReason(reason.clone()));
            }
            let note = clean_note(note.as_deref());
            let mut card = b.cards[i].clone();
            card.blocked = Some(Block { reason: reason.clone(), note: note.clone(), since: tx.now });
            tx.replace(i, card);
            tx.event(id, EventKind::Blocked { reason: reason.clone(), note });
        }
        UnblockCard { id } => {
            let i = card_index(b, id)?;
            if b.cards[i].blocked.is_none() {
                return Err(CommandError::NotBlocked(id.clone()));
            }
            let mut card = b.cards[i].clone();
            card.blocked = None;
            tx.replace(i, card);
            tx.event(id, EventKind::Unblocked);
        }
        Retrain { id, new_id } => {
            let src = &b.cards[card_index(b, id)?];
            if new_id.is_empty() || b.card_index(new_id).is_some() {
                return Err(CommandError::DuplicateId(new_id.clone()));
            }
            let first = b.columns.first().ok_or(CommandError::LastOne("column"))?;
            let mut card = Card::new(
                new_id.clone(),
                format!("Retrain: {}", src.title),
                first.id.clone(),
                src.lane.clone(),
                tx.now,
            );
            card.card_type = CardType::Retraining;
            card.parent = Some(src.id.clone());
            card.owner = src.owner.clone();
            card.tags = src.tags.clone();
            card.hypothesis = src.hypothesis.clone();
            card.dataset = src.dataset.clone();
            card.metric = src
                .metric
                .as_ref()
                .map(|m| Metric { name: m.name.clone(), target: m.target, achieved: None });
            card.compute = src.compute;
            let first_in_cell = b.cards.iter().position(|c| c.column == card.column && c.lane == card.lane);
            let i = first_in_cell.unwrap_or(b.cards.len());
            let kind = EventKind::Created { column: card.column.clone(), lane: card.lane.clone() };
            tx.insert(i, card);
            tx.event(new_id, kind);
        }

        AddColumn { column, index } => {
            if column.id.is_empty() || b.column_index(&column.id).is_some() {
                return Err(CommandError::DuplicateId(column.id.clone()));
            }
            let mut column = column.clone();
            column.name = non_empty(&column.name)?;
            check_column_limits(column.wip_limit, column.compute_limit, &column.type_limits)?;
            let index = (*index).min(b.columns.len());
            tx.save_structure();
            tx.board.columns.insert(index, column);
        }
        RenameColumn { id, name } => {
            let i = column_index(b, id)?;
            let name = non_empty(name)?;
            tx.save_structure();
            tx.board.columns[i].name = name;
        }
        MoveColumn { id, index } => {
            let i = column_index(b, id)?;
            let index = (*index).min(b.columns.len() - 1);
            tx.save_structure();
            let c = tx.board.columns.remove(i);
            tx.board.columns.insert(index, c);
            fix_cycle(tx.board);
        }
        DeleteColumn { id } => {
            let i = column_index(b, id)?;
            if b.columns.len() == 1 {
                return Err(CommandError::LastOne("column"));
            }
            let held = b.cards.iter().filter(|c| c.column == *id).count();
            if held > 0 {
                return Err(CommandError::NotEmpty { name: b.columns[i].name.clone(), cards: held });
            }
            tx.save_structure();
            let board = &mut *tx.board;
            board.columns.remove(i);
            board.wip.cell_limits.retain(|l| l.column != *id);
            if board.cycle.as_ref().is_some_and(|c| c.start == *id || c.end == *id) {
                board.cycle = None;
            }
        }
        SetColumnKind { id, kind } => {
            let i = column_index(b, id)?;
            tx.save_structure();
            tx.board.columns[i].kind = *kind;
        }
        SetColumnLimits { id, wip_limit, compute_limit, type_limits } => {
            let i = column_index(b, id)?;
            check_column_limits(*wip_limit, *compute_limit, type_limits)?;
            tx.save_structure();
            let c = &mut tx.board.columns[i];
            c.wip_limit = *wip_limit;
            c.compute_limit = *compute_limit;
            c.type_limits = type_limits.clone();
        }

        AddLane { lane, index } => {
            if lane.id.is_empty() || b.lane_index(&lane.id).is_some() {
                return Err(CommandError::DuplicateId(lane.id.clone()));
            }
            let mut lane = lane.clone();
            lane.name = non_empty(&lane.name)?;
            check_limit(lane.wip_limit)?;
            let index = (*index).min(b.lanes.len());
            tx.save_structure();
            tx.board.lanes.insert(index, lane);
        }
        RenameLane { id, name } => {
            let i = lane_index(b, id)?;
            let name = non_empty(name)?;
            tx.save_structure();
            tx.board.lanes[i].name = name;
        }
        MoveLane { id, index } => {
            let i = lane_index(b, id)?;
            let index = (*index).min(b.lanes.len() - 1);
            tx.save_structure();
            let l = tx.board.lanes.remove(i);
            tx.board.lanes.insert(index, l);
        }
        DeleteLane { id } => {
            let i = lane_index(b, id)?;
            if b.lanes.len() == 1 {
                return Err(CommandError::LastOne("lane"));
            }
            let held = b.cards.iter().filter(|c| c.lane == *id).count();
            if held > 0 {
                return Err(CommandError::NotEmpty { name: b.lanes[i].name.clone(), cards: held });
            }
            tx.save_structure();
            tx.board.lanes.remove(i);
            tx.board.wip.cell_limits.retain(|l| l.lane != *id);
        }
        SetLaneLimit { id, wip_limit } => {
            let i = lane_index(b, id)?;
            check_limit(*wip_limit)?;
            tx.save_structure();
            tx.board.lanes[i].wip_limit = *wip_limit;
        }

        RenameBoard { name } => {
            let name = non_empty(name)?;
            tx.save_structure();
            tx.board.name = name;
        }
        SetCycle { cycle } => {
            if let Some(c) = cycle {
                let s = column_index(b, &c.start)?;
                let e = column_index(b, &c.end)?;
                if s > e {
                    return Err(CommandError::InvalidCycle);
                }
            }
            tx.save_structure();
            tx.board.cycle = cycle.clone();
        }
        SetConvention { convention } => {
            tx.save_structure();
            tx.board.convention = *convention;
        }
        SetTimezone { offset_minutes } => {
            let tz = offset_minutes
                .checked_mul(60)
                .and_then(FixedOffset::east_opt)
                .filter(|_| offset_minutes.abs() < 24 * 60)
                .ok_or(CommandError::InvalidTimezone(*offset_minutes))?;
            tx.save_structure();
            tx.board.timezone = tz;
        }
        SetWipPolicy { policy } => {
            check_limit(policy.person_limit)?;
            if policy.cell_limits.iter().any(|l| l.limit == 0)
                || policy.person_limits.values().any(|v| *v == 0)
            {
                return Err(CommandError::InvalidLimit);
            }
            for l in &policy.cell_limits {
                column_index(b, &l.column)?;
                lane_index(b, &l.lane)?;
            }
            tx.save_structure();
            tx.board.wip = policy.clone();
        }
        SetBlockerLabels { labels } => {
            let mut clean: Vec<String> = Vec::new();
            for l in labels {
                let l = l.trim().to_owned();
                if !l.is_empty() && !BLOCKER_REASONS.contains(&l.as_str()) && !clean.contains(&l) {
                    clean.push(l);
                }
            }
            // A label a blocked card still carries stays defined: every reason
            // in use must be one the board knows (board-format.md).
            for c in &b.cards {
                if let Some(bl) = &c.blocked {
                    if !BLOCKER_REASONS.contains(&bl.reason.as_str()) && !clean.contains(&bl.reason) {
                        clean.push(bl.reason.clone());
                    }
                }
            }
            tx.save_structure();
            tx.board.blocker_labels = clean;
        }
    }
    Ok(())
}

/// A reordering can put a custom cycle's start right of its end; fall back to
/// the default cycle then.
fn fix_cycle(board: &mut Board) {
    if let Some(c) = &board.cycle {
        let (s, e) = (board.column_index(&c.start), board.column_index(&c.end));
        if !matches!((s, e), (Some(s), Some(e)) if s <= e) {
            board.cycle = None;
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Done {
    cmd: Command,
    now: Instant,
    undo: Undo,
}

/// Undo and redo stacks of one board. Redo applies the command again at its
/// original moment, so it gives back exactly the state undo took away.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    done: Vec<Done>,
    undone: Vec<(Command, Instant)>,
}

/// How many steps of undo a board keeps.
pub const HISTORY_DEPTH: usize = 200;

impl History {
    pub fn execute(&mut self, board: &mut Board, cmd: Command, now: Instant) -> Result<Vec<Event>, CommandError> {
        let applied = apply(board, &cmd, now)?;
        self.done.push(Done { cmd, now, undo: applied.undo });
        if self.done.len() > HISTORY_DEPTH {
            self.done.remove(0);
        }
        self.undone.clear();
        Ok(applied.events)
    }

    /// Undoes the last command; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, board: &mut Board) -> Option<&'static str> {
        let d = self.done.pop()?;
        let label = d.cmd.label();
        d.undo.revert(board);
        self.undone.push((d.cmd, d.now));
        Some(label)
    }

    /// Redoes the last undone command; returns its label.
    pub fn redo(&mut self, board: &mut Board) -> Option<&'static str> {
        let (cmd, now) = self.undone.pop()?;
        match apply(board, &cmd, now) {
            Ok(applied) => {
                let label = cmd.label();
                self.done.push(Done { cmd, now, undo: applied.undo });
                Some(label)
            }
            // The board changed under us (another tab): the redo no longer fits.
            Err(_) => {
                self.undone.clear();
                None
            }
        }
    }

    /// The command [`Self::undo`] would take back.
    pub fn next_undo(&self) -> Option<&Command> {
        self.done.last().map(|d| &d.cmd)
    }

    /// The command [`Self::redo`] would apply again.
    pub fn next_redo(&self) -> Option<&Command> {
        self.undone.last().map(|(c, _)| c)
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}
