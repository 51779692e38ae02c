//! Fine-grained signals of the active board, for the board view.
//!
//! Key design decision: the board view never subscribes to the whole `boards`
//! signal, which every change notifies. Each change says what it touched
//! ([`Dirty`], from `Command::touched_cards`): only those cells' card lists are
//! recomputed, and a list is set only when a card in it differs by id or
//! fingerprint. Column and lane headers follow [`BoardSignals::structure`];
//! counts and loads follow [`BoardSignals::cards`]. So a move recomputes two
//! cells and the loads, not every cell of the board, and re-renders one card.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use board_core::{Board, Card};
use leptos::prelude::*;

use super::{Cell, Filter};

/// What a change touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dirty {
    /// Anything: structure, settings, another board, a filter.
    All,
    /// Only the cards of these cells (a card command).
    Cells(Vec<Cell>),
}

/// One card of a cell's list; equal when the card's id and fingerprint are.
#[derive(Clone, Debug)]
pub struct Entry {
    pub card: Card,
    pub fp: u64,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.fp == other.fp && self.card.id == other.card.id
    }
}

/// A cheap fingerprint of everything a card face and its keys show: part of
/// its `<For>` key, so a card re-renders exactly when something on it changed.
/// (Hashed field by field: deriving it from `Debug` would pull formatting code
/// for every nested type into the wasm.)
pub fn fingerprint(card: &Card) -> u64 {
    let mut h = DefaultHasher::new();
    (&card.id, &card.title, card.card_type, &card.column, &card.lane).hash(&mut h);
    (&card.owner, &card.tags, &card.description, &card.hypothesis, &card.dataset).hash(&mut h);
    (&card.links, card.compute.map(f64::to_bits), &card.parent).hash(&mut h);
    card.blocked.as_ref().map(|b| (&b.reason, &b.note, b.since)).hash(&mut h);
    card.metric.as_ref().map(|m| (&m.name, m.target.map(f64::to_bits), m.achieved.map(f64::to_bits))).hash(&mut h);
    h.finish()
}

/// The cards of `cell` that pass `filter`, in board order.
pub fn cell_entries(board: &Board, cell: &Cell, filter: &Filter) -> Vec<Entry> {
    board
        .cell(&cell.column, &cell.lane)
        .filter(|c| filter.matches(c))
        .map(|c| Entry { card: c.clone(), fp: fingerprint(c) })
        .collect()
}

/// The cell a card is in.
pub fn cell_of(card: &Card) -> Cell {
    Cell { column: card.column.clone(), lane: card.lane.clone() }
}

/// The signals the board view reads instead of the boards themselves.
#[derive(Clone, Copy)]
pub struct BoardSignals {
    /// Changes with the columns, lanes and settings of the active board (and on switching boards).
    pub structure: RwSignal<u64>,
    /// Changes whenever a card of the active board does.
    pub cards: RwSignal<u64>,
    /// The card list of each cell shown, created when the cell first asks.
    lists: StoredValue<HashMap<Cell, ArcRwSignal<Vec<Entry>>>>,
}

impl BoardSignals {
    pub(super) fn new() -> Self {
        Self { structure: RwSignal::new(0), cards: RwSignal::new(0), lists: StoredValue::new(HashMap::new()) }
    }

    /// The list of `cell`, kept current by [`Self::refresh`] from now on.
    pub(super) fn list(&self, cell: &Cell, fresh: impl FnOnce() -> Vec<Entry>) -> ArcRwSignal<Vec<Entry>> {
        if let Some(l) = self.lists.with_value(|m| m.get(cell).cloned()) {
            return l;
        }
        let l = ArcRwSignal::new(fresh());
        self.lists.update_value(|m| {
            m.insert(cell.clone(), l.clone());
        });
        l
    }

    /// Forgets every list (a new grid asks again).
    pub(super) fn clear(&self) {
        self.lists.update_value(HashMap::clear);
    }

    /// Brings the lists `dirty` names up to date with `board` (none: the board is gone).
    pub(super) fn refresh(&self, dirty: &Dirty, board: Option<&Board>, filter: &Filter) {
        let lists: Vec<(Cell, ArcRwSignal<Vec<Entry>>)> = self.lists.with_value(|m| match dirty {
            Dirty::All => m.iter().map(|(c, l)| (c.clone(), l.clone())).collect(),
            Dirty::Cells(cells) => cells.iter().filter_map(|c| m.get(c).map(|l| (c.clone(), l.clone()))).collect(),
        });
        for (cell, list) in lists {
            let fresh = board.map(|b| cell_entries(b, &cell, filter)).unwrap_or_default();
            if list.with_untracked(|old| *old != fresh) {
                list.set(fresh);
            }
        }
        if *dirty == Dirty::All {
            self.structure.update(|n| *n += 1);
        }
        self.cards.update(|n| *n += 1);
    }
}
