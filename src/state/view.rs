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
    /// Only the cards of these cells (a card command that touched `cards`); `labels`:
    /// whether the owners or tags of a card changed (or a card came or went), which the
    /// filter bar lists.
    Cells { cells: Vec<Cell>, cards: Vec<String>, labels: bool },
}

/// How many cards a long cell shows before a "Show more" button (plus the cards worked
/// on since the board was opened, wherever they are in the cell).
pub const WINDOW: usize = 50;

/// What a cell shows: its cards, and in place of each run of cards it leaves out, a
/// button counting them.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Card(Entry),
    /// `hidden` cards from the cell's `first`-th (0-based) on.
    More { first: usize, hidden: usize, first_id: String },
}

/// The window of a cell's list: everything when `expanded` or short (at most
/// [`WINDOW`] cards, or only a few more: hiding fewer than 10 saves nothing), else its
/// first [`WINDOW`] cards and the `pinned` ones (a card just moved, added or edited
/// stays in view wherever it lands), with each run of the others as one
/// [`Shown::More`].
pub fn window(entries: &[Entry], expanded: bool, pinned: impl Fn(&str) -> bool) -> Vec<Shown> {
    if expanded || entries.len() < WINDOW + 10 {
        return entries.iter().cloned().map(Shown::Card).collect();
    }
    let mut out = Vec::with_capacity(WINDOW + 4);
    let mut run: Option<(usize, usize)> = None;
    for (i, e) in entries.iter().enumerate() {
        if i < WINDOW || pinned(&e.card.id) {
            if let Some((first, hidden)) = run.take() {
                out.push(Shown::More { first, hidden, first_id: entries[first].card.id.clone() });
            }
            out.push(Shown::Card(e.clone()));
        } else {
            run = Some(run.map_or((i, 1), |(f, n)| (f, n + 1)));
        }
    }
    if let Some((first, hidden)) = run {
        out.push(Shown::More { first, hidden, first_id: entries[first].card.id.clone() });
    }
    out
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
    /// Changes when the owners or tags named on the active board's cards may have (not on
    /// a move: the filter bar's lists are not recomputed over every card for it).
    pub labels: RwSignal<u64>,
    /// The card list of each cell shown, created when the cell first asks.
    lists: StoredValue<HashMap<Cell, ArcRwSignal<Vec<Entry>>>>,
    /// The cards changed since the grid was built: shown even in a long cell's hidden part.
    pinned: StoredValue<std::collections::HashSet<String>>,
}

impl BoardSignals {
    pub(super) fn new() -> Self {
        Self {
            structure: RwSignal::new(0),
            cards: RwSignal::new(0),
            labels: RwSignal::new(0),
            lists: StoredValue::new(HashMap::new()),
            pinned: StoredValue::new(Default::default()),
        }
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
        self.pinned.update_value(std::collections::HashSet::clear);
    }

    /// Whether card `id` changed since the grid was built (see [`window`]).
    pub fn is_pinned(&self, id: &str) -> bool {
        self.pinned.with_value(|p| p.contains(id))
    }

    /// Brings the lists `dirty` names up to date with `board` (none: the board is gone).
    pub(super) fn refresh(&self, dirty: &Dirty, board: Option<&Board>, filter: &Filter) {
        if let Dirty::Cells { cards, .. } = dirty {
            self.pinned.update_value(|p| p.extend(cards.iter().cloned()));
        }
        let lists: Vec<(Cell, ArcRwSignal<Vec<Entry>>)> = self.lists.with_value(|m| match dirty {
            Dirty::All => m.iter().map(|(c, l)| (c.clone(), l.clone())).collect(),
            Dirty::Cells { cells, .. } => cells.iter().filter_map(|c| m.get(c).map(|l| (c.clone(), l.clone()))).collect(),
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
        if matches!(dirty, Dirty::All | Dirty::Cells { labels: true, .. }) {
            self.labels.update(|n| *n += 1);
        }
        self.cards.update(|n| *n += 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| {
                let card = Card::new(format!("c{i}"), "t", "train", "model", chrono::DateTime::UNIX_EPOCH);
                Entry { fp: fingerprint(&card), card }
            })
            .collect()
    }

    /// The window as text: card ids, and `+n@first` for a button.
    fn shape(s: &[Shown]) -> Vec<String> {
        s.iter()
            .map(|x| match x {
                Shown::Card(e) => e.card.id.clone(),
                Shown::More { first, hidden, first_id } => {
                    assert_eq!(*first_id, format!("c{first}"));
                    format!("+{hidden}@{first}")
                }
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn a_short_cell_shows_every_card() {
        let e = entries(WINDOW + 9);
        assert_eq!(window(&e, false, |_| false).len(), WINDOW + 9);
    }

    #[wasm_bindgen_test]
    fn a_long_cell_shows_its_first_cards_and_counts_the_rest() {
        let e = entries(WINDOW + 10);
        let s = shape(&window(&e, false, |_| false));
        assert_eq!(s.len(), WINDOW + 1);
        assert_eq!(s[WINDOW - 1], format!("c{}", WINDOW - 1));
        assert_eq!(s[WINDOW], format!("+10@{WINDOW}"));
        assert_eq!(window(&e, true, |_| false).len(), WINDOW + 10, "expanded: every card");
    }

    #[wasm_bindgen_test]
    fn a_card_worked_on_stays_in_view_where_it_is() {
        let e = entries(WINDOW + 10);
        let (mid, last) = (format!("c{}", WINDOW + 5), format!("c{}", WINDOW + 9));
        let s = shape(&window(&e, false, |id| id == mid || id == last));
        assert_eq!(s[WINDOW..], [format!("+5@{WINDOW}"), mid.clone(), format!("+3@{}", WINDOW + 6), last.clone()]);
        // Every card is either shown or counted, once.
        let counted: usize = window(&e, false, |id| id == mid)
            .iter()
            .map(|x| if let Shown::More { hidden, .. } = x { *hidden } else { 1 })
            .sum();
        assert_eq!(counted, e.len());
    }
}
