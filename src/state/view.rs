//! Fine-grained signals of the active board, for the board view.
//!
//! Key design decision: the board view never subscribes to the whole `boards`
//! signal, which every change notifies. Each change says what it touched
//! ([`Dirty`], from `Command::touched_cards`): only those cells' card lists are
//! recomputed, and only a list that differs by a card id or fingerprint is
//! painted, synchronously, by the painter the grid registered
//! (`components::cell_cards`, which keeps each card's node and moves it). Column
//! and lane headers follow [`BoardSignals::structure`]; counts and loads follow
//! [`BoardSignals::cards`]. So a move recomputes two cells and moves one node.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use board_core::{Board, Card};
use leptos::prelude::*;

use super::paint::{Op, Painted};
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

/// The cards a cell leaves out when it is drawn: none when it is short (at most
/// [`WINDOW`] cards, or only a few more: hiding fewer than 10 saves nothing), else those
/// after its first [`WINDOW`] that are not `pinned` (a card just moved, added or edited
/// stays in view wherever it lands).
///
/// Key design decision: the set is fixed when the cell is drawn (and when the whole board
/// is redrawn, [`Dirty::All`]), not recomputed from positions after each change: a card
/// leaving a long cell reveals no other card and a card arriving hides none, so a move
/// changes nothing in either cell but the card itself (no card face written, the "Show
/// more" button kept as it is).
pub fn hidden_at_first(entries: &[Entry], pinned: impl Fn(&str) -> bool) -> HashSet<String> {
    if entries.len() < WINDOW + 10 {
        return HashSet::new();
    }
    entries[WINDOW..].iter().map(|e| &e.card.id).filter(|id| !pinned(id)).cloned().collect()
}

/// What a cell with `entries` shows: every card but the `hidden` ones, each run of which
/// is one [`Shown::More`].
pub fn window(entries: &[Entry], hidden: impl Fn(&str) -> bool) -> Vec<Shown> {
    let mut out = Vec::with_capacity(entries.len().min(WINDOW + 4));
    let mut run: Option<(usize, usize)> = None;
    for (i, e) in entries.iter().enumerate() {
        if hidden(&e.card.id) {
            run = Some(run.map_or((i, 1), |(f, n)| (f, n + 1)));
        } else {
            if let Some((first, hidden)) = run.take() {
                out.push(Shown::More { first, hidden, first_id: entries[first].card.id.clone() });
            }
            out.push(Shown::Card(e.clone()));
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
    /// Shared: lists are rebuilt after every change, cards are not copied for it.
    pub card: Arc<Card>,
    pub fp: u64,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.fp == other.fp && self.card.id == other.card.id
    }
}

/// A cheap fingerprint of everything a card face shows, so a face is rewritten
/// exactly when something on it changed. Not where the card is: a moved card keeps
/// its face (and its node). (Hashed field by field: deriving it from `Debug` would
/// pull formatting code for every nested type into the wasm.)
pub fn fingerprint(card: &Card) -> u64 {
    let mut h = DefaultHasher::new();
    (&card.id, &card.title, card.card_type).hash(&mut h);
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
        .map(|c| Entry { card: Arc::new(c.clone()), fp: fingerprint(c) })
        .collect()
}

/// Like [`cell_entries`] after a change that touched only the cards `touched`: the
/// entries of the other cards are taken over from `old` (the list before the change, in
/// the same board order) instead of being cloned and fingerprinted again.
pub fn cell_entries_after(board: &Board, cell: &Cell, filter: &Filter, old: &[Entry], touched: &[String]) -> Vec<Entry> {
    let is_touched = |id: &str| touched.iter().any(|t| t == id);
    let mut old = old.iter().filter(|e| !is_touched(&e.card.id)).peekable();
    let mut out = Vec::with_capacity(old.size_hint().1.unwrap_or(0) + 1);
    out.extend(board.cell(&cell.column, &cell.lane).filter(|c| filter.matches(c)).map(|c| {
        match old.next_if(|e| !is_touched(&c.id) && e.card.id == c.id) {
            Some(e) => e.clone(),
            None => Entry { card: Arc::new(c.clone()), fp: fingerprint(c) },
        }
    }));
    out
}

/// The cell a card is in.
pub fn cell_of(card: &Card) -> Cell {
    Cell { column: card.column.clone(), lane: card.lane.clone() }
}

/// Applies changes to the page (see [`super::paint`]).
pub type Paint = Arc<dyn Fn(&[Op]) + Send + Sync>;

/// One mounted cell's cards (filtered, in board order) and how it shows them.
struct CellList {
    entries: Vec<Entry>,
    /// The cards left out (see [`hidden_at_first`]), unless pinned since.
    hidden: HashSet<String>,
    /// "Show n more" was pressed: every card is shown.
    expanded: bool,
    /// The element id of the cell's card list.
    dom_id: String,
}

/// A prefix for the element ids of one board view, unique in the page.
fn instance_prefix() -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!("b{}-", N.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
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
    /// The card list of each cell mounted, from when the cell mounts.
    lists: StoredValue<HashMap<Cell, CellList>>,
    /// The cards changed since the grid was built: shown even in a long cell's hidden part.
    pinned: StoredValue<HashSet<String>>,
    /// Writes changed lists into the page (set by the grid).
    paint: StoredValue<Option<Paint>>,
    /// What the page shows of the lists.
    painted: StoredValue<Painted>,
    /// Card changes not yet told to the readers of [`Self::cards`]: `Some(labels changed)`.
    later: StoredValue<Option<bool>>,
    /// Numbers the cells' list elements.
    mounted: StoredValue<u64>,
}

impl BoardSignals {
    pub(super) fn new() -> Self {
        Self {
            structure: RwSignal::new(0),
            cards: RwSignal::new(0),
            labels: RwSignal::new(0),
            lists: StoredValue::new(HashMap::new()),
            pinned: StoredValue::new(HashSet::new()),
            paint: StoredValue::new(None),
            painted: StoredValue::new(Painted::new(instance_prefix())),
            mounted: StoredValue::new(0),
            later: StoredValue::new(None),
        }
    }

    /// Sets what writes changed lists into the page.
    pub fn set_painter(&self, paint: Paint) {
        self.paint.set_value(Some(paint));
    }

    /// A cell mounts with `entries`: kept current by [`Self::refresh`] from now on. Returns
    /// the element id its card list must have, what it shows now, and their element ids.
    pub(super) fn mount(&self, cell: &Cell, entries: Vec<Entry>) -> (String, Vec<Shown>, Vec<String>) {
        let n = self.mounted.get_value() + 1;
        self.mounted.set_value(n);
        let dom_id = self.painted.with_value(|p| p.list_id(n));
        let hidden = self.pinned.with_value(|p| hidden_at_first(&entries, |id| p.contains(id)));
        let list = CellList { entries, hidden, expanded: false, dom_id };
        let shown = self.shown(&list);
        let id = list.dom_id.clone();
        let keys = self.painted.try_update_value(|p| p.mounted(&id, &shown)).unwrap_or_default();
        self.lists.update_value(|m| {
            m.insert(cell.clone(), list);
        });
        (id, shown, keys)
    }

    fn shown(&self, list: &CellList) -> Vec<Shown> {
        self.pinned.with_value(|p| window(&list.entries, |id| list.hidden.contains(id) && !p.contains(id)))
    }

    /// Shows every card of `cell` ("Show n more").
    pub fn expand(&self, cell: &Cell) {
        let job = self.lists.try_update_value(|m| {
            let list = m.get_mut(cell)?;
            list.expanded = true;
            list.hidden.clear();
            Some((list.dom_id.clone(), self.shown(list)))
        });
        self.paint_all(job.flatten().into_iter().collect());
    }

    fn paint_all(&self, jobs: Vec<(String, Vec<Shown>)>) {
        if jobs.is_empty() {
            return;
        }
        let ops = self.painted.try_update_value(|p| p.diff(jobs)).unwrap_or_default();
        if let Some(p) = self.paint.get_value() {
            p(&ops);
        }
    }

    /// What writes changed lists into the page, if set.
    pub(super) fn painter(&self) -> Option<Paint> {
        self.paint.get_value()
    }

    /// Puts one item of the page back where it is (a move that changes nothing).
    pub(super) fn stay(&self) {
        if let (Some(op), Some(paint)) = (self.painted.with_value(Painted::stay), self.paint.get_value()) {
            paint(&[op]);
        }
    }

    /// Forgets every list (a new grid mounts its cells afresh).
    pub(super) fn clear(&self) {
        self.lists.update_value(HashMap::clear);
        self.pinned.update_value(HashSet::clear);
        self.painted.update_value(Painted::clear);
    }

    /// Brings the lists `dirty` names up to date with `board` (none: the board is gone)
    /// and paints those that changed.
    pub(super) fn refresh(&self, dirty: &Dirty, board: Option<&Board>, filter: &Filter) {
        if let Dirty::Cells { cards, .. } = dirty {
            self.pinned.update_value(|p| p.extend(cards.iter().cloned()));
        }
        let jobs = self
            .lists
            .try_update_value(|m| {
                let mut jobs = Vec::new();
                let mut redo = |cell: &Cell, list: &mut CellList| {
                    let fresh = match (board, dirty) {
                        (Some(b), Dirty::Cells { cards, .. }) => {
                            cell_entries_after(b, cell, filter, &list.entries, cards)
                        }
                        (Some(b), Dirty::All) => cell_entries(b, cell, filter),
                        (None, _) => Vec::new(),
                    };
                    if list.entries != fresh {
                        // Other cards (another filter or board): the cell is drawn afresh.
                        // (The same cards keep what they hid: a redraw for a setting
                        // reveals nothing.)
                        if matches!(dirty, Dirty::All) && !list.expanded {
                            list.hidden = self.pinned.with_value(|p| hidden_at_first(&fresh, |id| p.contains(id)));
                        }
                        list.entries = fresh;
                        jobs.push((list.dom_id.clone(), self.shown(list)));
                    }
                };
                match dirty {
                    Dirty::All => m.iter_mut().for_each(|(c, l)| redo(c, l)),
                    Dirty::Cells { cells, .. } => {
                        for c in cells {
                            if let Some(l) = m.get_mut(c) {
                                redo(c, l);
                            }
                        }
                    }
                }
                jobs
            })
            .unwrap_or_default();
        self.paint_all(jobs);
        match dirty {
            Dirty::All => {
                self.structure.update(|n| *n += 1);
                self.labels.update(|n| *n += 1);
                self.cards.update(|n| *n += 1);
            }
            // Headers, loads and counts follow at the next frame (see `AppState::changed`).
            Dirty::Cells { labels, .. } => self.later.update_value(|l| *l = Some(l.unwrap_or(false) || *labels)),
        }
    }

    /// Tells the readers of the cards (and of their labels) about the changes since the
    /// last call; whether there were any.
    pub(super) fn notify_later(&self) -> bool {
        match self.later.try_update_value(Option::take).flatten() {
            Some(labels) => {
                if labels {
                    self.labels.try_update(|n| *n += 1);
                }
                self.cards.try_update(|n| *n += 1);
                true
            }
            None => false,
        }
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
                Entry { fp: fingerprint(&card), card: Arc::new(card) }
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

    fn none(_: &str) -> bool {
        false
    }

    /// What a cell of `e` shows when drawn, with `pinned` cards.
    fn drawn(e: &[Entry], pinned: impl Fn(&str) -> bool) -> Vec<Shown> {
        let hidden = hidden_at_first(e, pinned);
        window(e, |id| hidden.contains(id))
    }

    #[wasm_bindgen_test]
    fn a_short_cell_shows_every_card() {
        let e = entries(WINDOW + 9);
        assert!(hidden_at_first(&e, none).is_empty());
        assert_eq!(drawn(&e, none).len(), WINDOW + 9);
    }

    #[wasm_bindgen_test]
    fn a_long_cell_shows_its_first_cards_and_counts_the_rest() {
        let e = entries(WINDOW + 10);
        let s = shape(&drawn(&e, none));
        assert_eq!(s.len(), WINDOW + 1);
        assert_eq!(s[WINDOW - 1], format!("c{}", WINDOW - 1));
        assert_eq!(s[WINDOW], format!("+10@{WINDOW}"));
        assert_eq!(window(&e, none).len(), WINDOW + 10, "expanded: every card");
    }

    #[wasm_bindgen_test]
    fn a_card_worked_on_stays_in_view_where_it_is() {
        let e = entries(WINDOW + 10);
        let (mid, last) = (format!("c{}", WINDOW + 5), format!("c{}", WINDOW + 9));
        let s = shape(&drawn(&e, |id| id == mid || id == last));
        assert_eq!(s[WINDOW..], [format!("+5@{WINDOW}"), mid.clone(), format!("+3@{}", WINDOW + 6), last.clone()]);
        // Every card is either shown or counted, once.
        let counted: usize =
            drawn(&e, |id| id == mid).iter().map(|x| if let Shown::More { hidden, .. } = x { *hidden } else { 1 }).sum();
        assert_eq!(counted, e.len());
    }

    #[wasm_bindgen_test]
    fn a_move_between_long_cells_moves_the_card_and_nothing_else() {
        use super::super::paint::{Op, Painted};
        let mut a = entries(WINDOW + 30);
        let mut b: Vec<Entry> = entries(WINDOW + 40)[WINDOW + 30..].to_vec();
        b.extend(entries(WINDOW + 130)[WINDOW + 60..].iter().cloned()); // 80 cards: c80..c89, c110..c179
        let (ha, hb) = (hidden_at_first(&a, none), hidden_at_first(&b, none));
        let mut painted = Painted::default();
        painted.mounted("a", &window(&a, |id| ha.contains(id)));
        painted.mounted("b", &window(&b, |id| hb.contains(id)));
        // The first card of `a` (shown) goes to the top of `b`, above its window.
        let card = a.remove(0);
        b.insert(0, card);
        let (sa, sb) = (window(&a, |id| ha.contains(id)), window(&b, |id| hb.contains(id)));
        let ops = painted.diff(vec![("a".into(), sa.clone()), ("b".into(), sb.clone())]);
        assert_eq!(ops, [Op::Move { list: "b".into(), key: "slot-c0".into(), before: Some("slot-c80".into()) }]);
        assert_eq!((sa.len(), &sa[WINDOW - 1]), (WINDOW, &Shown::More { first: WINDOW - 1, hidden: 30, first_id: "c50".into() }));
        assert_eq!(sb[WINDOW + 1], Shown::More { first: WINDOW + 1, hidden: 30, first_id: "c150".into() });
        // A hidden card that is worked on (pinned) comes into view where it is: written with
        // the runs on each side of it.
        let sa = window(&a, |id| ha.contains(id) && id != "c55");
        let ops = painted.diff(vec![("a".into(), sa)]);
        let writes: Vec<&str> = ops.iter().filter_map(|o| if let Op::Write { key, .. } = o { Some(key.as_str()) } else { None }).collect();
        assert_eq!(writes, ["more-c50", "slot-c55", "more-c56"], "{ops:?}");
        assert!(!ops.iter().any(|o| matches!(o, Op::Remove { .. })), "{ops:?}");
    }
}
