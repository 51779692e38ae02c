//! App state: the boards, the active board, one undo history per board.
//!
//! Key design decision: signals hold whole domain values (`Vec<Board>`), never
//! the other way round; there is exactly one way to change a board,
//! [`AppState::dispatch`], which runs the command through the board's
//! `History` at [`now`] (the app's only clock read), tells the board view what
//! it touched ([`view::Dirty`]), and saves right after the next frame (so a key
//! press or a drop never waits for the save; a page being hidden or closed
//! saves at once). The board view reads the fine-grained signals of
//! [`view::BoardSignals`], so a change re-renders only the cells and cards it
//! touched.

use std::collections::HashMap;

use board_core::{demo, template, Board, Card, Command, CommandError, History, Instant};
use leptos::prelude::*;

use crate::{ids, storage};

mod paint;
mod persist;
mod view;
pub use persist::{OnClash, Sync};
pub use paint::Op;
pub use view::{cell_entries, fingerprint, window, BoardSignals, Dirty, Entry, Paint, Shown, WINDOW};

type Tasks = std::cell::RefCell<Vec<Box<dyn FnOnce()>>>;

thread_local! {
    static FRAME: Tasks = const { std::cell::RefCell::new(Vec::new()) };
    static AFTER_PAINT: Tasks = const { std::cell::RefCell::new(Vec::new()) };
}

/// Adds `f` to `queue`; whether it was empty (then whoever drains it must be scheduled).
fn enqueue(queue: &'static std::thread::LocalKey<Tasks>, f: impl FnOnce() + 'static) -> bool {
    queue.with_borrow_mut(|q| {
        q.push(Box::new(f));
        q.len() == 1
    })
}

/// Runs the tasks of `queue` in order (those they add run at the next turn).
fn drain(queue: &'static std::thread::LocalKey<Tasks>) {
    for task in queue.take() {
        task();
    }
}

/// Runs `f` in the next animation frame, before it paints. One frame callback serves
/// every task asked for before it: a card move asks for several (the headers, the focus,
/// the announcement, the save), and each frame callback the browser is asked for costs a
/// closure and a call across to JavaScript on the path of the key press.
pub fn next_frame(f: impl FnOnce() + 'static) {
    if enqueue(&FRAME, f) {
        request_animation_frame(|| drain(&FRAME));
    }
}

/// Runs `f` right after the next frame is painted (a task queued from the
/// frame's animation callback), off the path of the event that asked for it.
pub fn after_paint(f: impl FnOnce() + 'static) {
    if enqueue(&AFTER_PAINT, f) {
        next_frame(|| set_timeout(|| drain(&AFTER_PAINT), std::time::Duration::ZERO));
    }
}

/// The moment of a command: the only place the app reads the clock.
pub fn now() -> Instant {
    // `Date.now()`: one call across to JavaScript (chrono's `Utc::now` makes a `Date` and asks it).
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// What the filter bar asks for; empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub text: String,
    pub owner: String,
    pub card_type: String,
    pub tag: String,
    /// Only cards that are blocked now.
    pub blocked_only: bool,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !(self.text.trim().is_empty()
            && self.owner.is_empty()
            && self.card_type.is_empty()
            && self.tag.is_empty()
            && !self.blocked_only)
    }

    /// Text matches title, description, hypothesis or dataset, ignoring case.
    pub fn matches(&self, c: &Card) -> bool {
        let t = self.text.trim();
        if !t.is_empty() {
            let t = t.to_lowercase();
            let fields = [Some(&c.title), c.description.as_ref(), c.hypothesis.as_ref(), c.dataset.as_ref()];
            if !fields.iter().flatten().any(|s| s.to_lowercase().contains(&t)) {
                return false;
            }
        }
        if !self.owner.is_empty() && c.owner.as_deref() != Some(self.owner.as_str()) {
            return false;
        }
        if !self.card_type.is_empty() && c.card_type.as_str() != self.card_type {
            return false;
        }
        if !self.tag.is_empty() && !c.tags.contains(&self.tag) {
            return false;
        }
        if self.blocked_only && c.blocked.is_none() {
            return false;
        }
        true
    }
}

/// A destructive action waiting for the user's yes.
#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    DeleteCard { id: String, title: String },
    DeleteBoard { id: String, name: String },
    /// Remove every demo board (generated sample data).
    RemoveDemo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoardDialog {
    New,
    Rename,
}

/// One cell of the grid: a column in a lane.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    pub column: String,
    pub lane: String,
}

/// Where a dragged card would land.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DropAt {
    pub cell: Cell,
    pub before: Option<String>,
}

/// Transient view state: which dialog is open, where a card is being added or dropped.
#[derive(Clone, Copy)]
pub struct Ui {
    /// The card whose dialog is open.
    pub card: RwSignal<Option<String>>,
    pub column: RwSignal<Option<String>>,
    pub lane: RwSignal<Option<String>>,
    pub board: RwSignal<Option<BoardDialog>>,
    pub confirm: RwSignal<Option<Confirm>>,
    pub help: RwSignal<bool>,
    /// The cell whose quick-add input is open.
    pub adding: RwSignal<Option<Cell>>,
    pub drop: RwSignal<Option<DropAt>>,
    /// The card being dragged.
    pub dragging: RwSignal<Option<String>>,
    /// Presentation mode: every change is refused (see `components::present`).
    pub read_only: RwSignal<bool>,
}

impl Ui {
    fn new() -> Self {
        Self {
            card: RwSignal::new(None),
            column: RwSignal::new(None),
            lane: RwSignal::new(None),
            board: RwSignal::new(None),
            confirm: RwSignal::new(None),
            help: RwSignal::new(false),
            adding: RwSignal::new(None),
            drop: RwSignal::new(None),
            dragging: RwSignal::new(None),
            read_only: RwSignal::new(false),
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub boards: RwSignal<Vec<Board>>,
    pub active: RwSignal<String>,
    pub filter: RwSignal<Filter>,
    /// A lasting notice at the top (e.g. stored data could not be read).
    pub banner: RwSignal<Option<String>>,
    /// The text of the polite live region (moves, undo, redo).
    pub announce: RwSignal<String>,
    /// A refused command or failed save, shown as an alert.
    pub error: RwSignal<Option<String>>,
    pub ui: Ui,
    histories: StoredValue<HashMap<String, History>>,
    history_tick: RwSignal<u64>,
    /// False while stored data could not be read: it is never overwritten.
    persist: StoredValue<bool>,
    /// Save state: unsaved changes, protected data, what another tab stored.
    pub sync: Sync,
    /// What the board view subscribes to.
    pub view: BoardSignals,
    /// A save is scheduled for after the next frame.
    save_pending: StoredValue<bool>,
    /// Card changes are waiting to be told at the next frame (see [`Self::changed`]).
    notify_pending: StoredValue<bool>,
}

/// The seed of the demo board: the same demo every time (only `now` moves).
pub const DEMO_SEED: u64 = 2026;

/// The board a first visit sees.
pub fn first_board() -> Board {
    template::ml_pipeline(ids::new_id("board"), "ML pipeline")
}

impl AppState {
    /// State over `boards` (at least one), showing `active` if it exists.
    /// With `persist`, every change is saved to localStorage.
    pub fn new(boards: Vec<Board>, active: Option<String>, persist: bool) -> Self {
        let boards = if boards.is_empty() { vec![first_board()] } else { boards };
        let active = active.filter(|a| boards.iter().any(|b| b.id == *a)).unwrap_or_else(|| boards[0].id.clone());
        Self {
            boards: RwSignal::new(boards),
            active: RwSignal::new(active),
            filter: RwSignal::new(Filter::default()),
            banner: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            ui: Ui::new(),
            histories: StoredValue::new(HashMap::new()),
            history_tick: RwSignal::new(0),
            persist: StoredValue::new(persist),
            sync: Sync::new(),
            view: BoardSignals::new(),
            save_pending: StoredValue::new(false),
            notify_pending: StoredValue::new(false),
        }
    }

    /// Reads the active board, tracking only its structure (columns, lanes, settings).
    pub fn with_structure<R>(&self, f: impl FnOnce(&Board) -> R) -> Option<R> {
        self.view.structure.track();
        self.active.track();
        self.with_board_untracked(f)
    }

    /// Reads the active board, tracking its structure and the owners and tags of its
    /// cards (not their moves).
    pub fn with_labels<R>(&self, f: impl FnOnce(&Board) -> R) -> Option<R> {
        self.view.labels.track();
        self.with_structure(f)
    }

    /// Reads the active board, tracking its structure and its cards but not its
    /// other boards (a finer [`Self::with_board`] for the board view).
    pub fn with_cards<R>(&self, f: impl FnOnce(&Board) -> R) -> Option<R> {
        self.view.cards.track();
        self.with_structure(f)
    }

    /// Mounts `cell`: its card list is kept current from now on (see [`BoardSignals`]).
    /// Returns the element id the list must have, what it shows now and their element ids.
    pub fn mount_cell(&self, cell: &Cell) -> (String, Vec<Shown>, Vec<String>) {
        let entries = self
            .filter
            .with_untracked(|f| self.with_board_untracked(|b| cell_entries(b, cell, f)))
            .unwrap_or_default();
        self.view.mount(cell, entries)
    }

    /// Tells the board view what changed on the active board.
    pub fn touch(&self, dirty: Dirty) {
        self.filter.with_untracked(|f| {
            self.boards.with_untracked(|bs| {
                let id = self.active.get_untracked();
                self.view.refresh(&dirty, bs.iter().find(|b| b.id == id), f)
            })
        });
    }

    /// A new grid is being built: every cell asks for its list afresh.
    pub fn reset_cells(&self) {
        self.view.clear();
    }

    /// The cells of `cards` on the active board now (cards not on it are left out), and
    /// what the filter bar lists of them (owner and tags; `None` for a card not on it).
    #[allow(clippy::type_complexity)]
    fn cells_of(&self, cards: &Option<Vec<String>>) -> Option<(Vec<Cell>, Vec<Option<(Option<String>, Vec<String>)>>)> {
        let ids = cards.as_ref()?;
        self.with_board_untracked(|b| {
            let found: Vec<Option<&board_core::Card>> = ids.iter().map(|id| b.card(id)).collect();
            let cells = found.iter().flatten().map(|c| view::cell_of(c)).collect();
            let labels = found.iter().map(|c| c.map(|c| (c.owner.clone(), c.tags.clone()))).collect();
            (cells, labels)
        })
    }

    /// What a command will touch: its cards' cells before it runs, and after.
    fn dirty_around<T>(&self, cmd: Option<&Command>, run: impl FnOnce() -> T) -> (T, Dirty) {
        let cards: Option<Vec<String>> =
            cmd.and_then(Command::touched_cards).map(|ids| ids.into_iter().map(str::to_owned).collect());
        let before = self.cells_of(&cards);
        let out = run();
        let dirty = match (before, self.cells_of(&cards)) {
            (Some((mut cells, labels_before)), Some((after, labels_after))) => {
                for c in after {
                    if !cells.contains(&c) {
                        cells.push(c);
                    }
                }
                Dirty::Cells { cells, cards: cards.clone().unwrap_or_default(), labels: labels_before != labels_after }
            }
            _ => Dirty::All,
        };
        (out, dirty)
    }

    /// Reads the active board (tracked).
    pub fn with_board<R>(&self, f: impl FnOnce(&Board) -> R) -> Option<R> {
        let id = self.active.get();
        self.boards.with(|bs| bs.iter().find(|b| b.id == id).map(f))
    }

    /// Reads the active board without subscribing.
    pub fn with_board_untracked<R>(&self, f: impl FnOnce(&Board) -> R) -> Option<R> {
        let id = self.active.get_untracked();
        self.boards.with_untracked(|bs| bs.iter().find(|b| b.id == id).map(f))
    }

    /// Applies one command to the active board, records it for undo and saves.
    /// A refused command changes nothing and notifies no one.
    pub fn dispatch(&self, cmd: Command) -> Result<(), CommandError> {
        if self.ui.read_only.get_untracked() {
            return Err(CommandError::ReadOnly);
        }
        let id = self.active.get_untracked();
        let at = now();
        let touched = cmd.clone();
        let (res, dirty) = self.dirty_around(Some(&touched), || {
            self.boards.update_untracked(|bs| {
                let board = bs.iter_mut().find(|b| b.id == id)?;
                self.histories.try_update_value(|h| h.entry(id.clone()).or_default().execute(board, cmd, at))
            })
        });
        match res {
            Some(Ok(_)) => {
                self.changed(dirty);
                Ok(())
            }
            Some(Err(e)) => Err(e),
            None => Ok(()),
        }
    }

    /// A copy of the active board with only its first `n` cards and no history.
    pub fn sample_board(&self, n: usize) -> Option<Board> {
        self.with_board_untracked(|b| Board {
            id: b.id.clone(),
            name: b.name.clone(),
            timezone: b.timezone,
            columns: b.columns.clone(),
            lanes: b.lanes.clone(),
            cycle: b.cycle.clone(),
            convention: b.convention.clone(),
            cards: b.cards.iter().take(n).cloned().collect(),
            events: Vec::new(),
            wip: b.wip.clone(),
            blocker_labels: b.blocker_labels.clone(),
            demo: b.demo,
            extra: Default::default(),
        })
    }

    /// Runs `cmd` through [`Self::run`] on a throwaway state over `sample` (see
    /// `card::warm_up`): its own history and cell lists, painted by this state's painter
    /// into lists the page does not have (so nothing in it changes), never saved, disposed
    /// at once. Then puts one card of the page back where it is.
    pub fn rehearse(&self, sample: Board, cmd: Command) {
        let owner = Owner::new();
        owner.with(|| {
            let scratch = AppState::new(vec![sample], None, false);
            if let Some(paint) = self.view.painter() {
                scratch.view.set_painter(paint);
            }
            scratch.with_board_untracked(|b| {
                for column in &b.columns {
                    for lane in &b.lanes {
                        let cell = Cell { column: column.id.clone(), lane: lane.id.clone() };
                        let entries = cell_entries(b, &cell, &Filter::default());
                        scratch.view.mount(&cell, entries);
                    }
                }
            });
            scratch.run(cmd);
        });
        owner.cleanup();
        self.view.stay();
    }

    /// Like [`Self::dispatch`], showing a refusal as an alert.
    pub fn run(&self, cmd: Command) -> bool {
        match self.dispatch(cmd) {
            Ok(()) => true,
            Err(e) => {
                self.error.set(Some(capitalize(&e.to_string())));
                false
            }
        }
    }

    /// After a change: a card change paints the touched cells' lists at once and tells
    /// everything else that reads the board (headers, loads, counts, undo buttons, other
    /// pages) in the next animation frame, before it paints, once for any number of
    /// changes; a change of structure or settings tells everyone at once.
    fn changed(&self, dirty: Dirty) {
        let cards_only = matches!(dirty, Dirty::Cells { .. });
        self.touch(dirty);
        if cards_only {
            if !self.notify_pending.get_value() {
                self.notify_pending.set_value(true);
                let s = *self;
                next_frame(move || s.notify_now());
            }
        } else {
            self.notify_now();
        }
        self.save_soon();
    }

    /// Tells the readers of the boards about every change so far.
    fn notify_now(&self) {
        if self.notify_pending.try_get_value().is_none() {
            return; // the app is gone
        }
        self.notify_pending.set_value(false);
        self.view.notify_later();
        self.boards.try_update(|_| {});
        self.history_tick.try_update(|t| *t += 1);
    }

    /// Saves right after the next frame, once for any number of changes before it.
    pub fn save_soon(&self) {
        if !self.persists() || self.save_pending.get_value() {
            return;
        }
        self.save_pending.set_value(true);
        let s = *self;
        after_paint(move || s.flush_save());
    }

    /// Saves now if a save is scheduled (the page is being hidden or closed).
    pub fn flush_save(&self) {
        if self.save_pending.try_get_value() == Some(true) {
            self.save_pending.set_value(false);
            self.save();
        }
    }

    /// Whether a change is waiting for its save.
    pub fn save_is_pending(&self) -> bool {
        self.save_pending.get_value()
    }

    fn step(&self, redo: bool) -> Option<&'static str> {
        if self.ui.read_only.get_untracked() {
            return None;
        }
        let id = self.active.get_untracked();
        let next = self.histories.with_value(|h| {
            h.get(&id).and_then(|h| if redo { h.next_redo() } else { h.next_undo() }).cloned()
        });
        let (label, dirty) = self.dirty_around(next.as_ref(), || {
            self.boards.update_untracked(|bs| {
                let board = bs.iter_mut().find(|b| b.id == id)?;
                self.histories.try_update_value(|h| {
                    let h = h.entry(id.clone()).or_default();
                    if redo {
                        h.redo(board)
                    } else {
                        h.undo(board)
                    }
                })?
            })
        });
        if label.is_some() {
            self.changed(dirty);
        } else {
            self.history_tick.update(|t| *t += 1);
        }
        label
    }

    /// Undoes the last command on the active board and announces it.
    pub fn undo(&self) -> Option<&'static str> {
        let l = self.step(false);
        if let Some(l) = l {
            self.announce.set(format!("Undid {l}."));
        }
        l
    }

    /// Redoes the last undone command on the active board and announces it.
    pub fn redo(&self) -> Option<&'static str> {
        let l = self.step(true);
        if let Some(l) = l {
            self.announce.set(format!("Redid {l}."));
        }
        l
    }

    pub fn can_undo(&self) -> bool {
        self.history_tick.track();
        let id = self.active.get();
        self.histories.with_value(|h| h.get(&id).is_some_and(History::can_undo))
    }

    pub fn can_redo(&self) -> bool {
        self.history_tick.track();
        let id = self.active.get();
        self.histories.with_value(|h| h.get(&id).is_some_and(History::can_redo))
    }

    /// Shows board `id`.
    pub fn switch(&self, id: &str) {
        if self.boards.with_untracked(|bs| bs.iter().any(|b| b.id == id)) {
            self.close_transient();
            self.active.set(id.to_owned());
            self.filter.set(Filter::default());
            self.touch(Dirty::All);
            storage_active(self);
        }
    }

    fn close_transient(&self) {
        self.ui.adding.set(None);
        self.ui.drop.set(None);
        self.ui.card.set(None);
    }

    fn taken_board_id(&self, id: &str) -> bool {
        self.boards.with_untracked(|bs| bs.iter().any(|b| b.id == id))
    }

    /// Adds a board (ML pipeline template or blank), shows it and returns its id.
    pub fn create_board(&self, name: &str, ml_template: bool) -> String {
        let id = ids::fresh_id("board", |i| self.taken_board_id(i));
        let name = name.trim();
        let board = if ml_template {
            template::ml_pipeline(id.clone(), if name.is_empty() { "ML pipeline" } else { name })
        } else {
            template::blank(id.clone(), if name.is_empty() { "Untitled board" } else { name })
        };
        self.boards.update(|bs| bs.push(board));
        self.switch(&id);
        self.save();
        self.announce.set("Board created.".into());
        id
    }

    /// Copies the active board (cards, history and all) under a new id and shows the copy.
    pub fn duplicate_board(&self) -> Option<String> {
        let mut copy = self.with_board_untracked(Board::clone)?;
        let id = ids::fresh_id("board", |i| self.taken_board_id(i));
        copy.id = id.clone();
        copy.name = format!("{} (copy)", copy.name);
        let at = self.boards.with_untracked(|bs| bs.iter().position(|b| b.id == self.active.get_untracked()));
        self.boards.update(|bs| bs.insert(at.map_or(bs.len(), |i| i + 1), copy));
        self.switch(&id);
        self.save();
        self.announce.set("Board duplicated.".into());
        Some(id)
    }

    /// Shows the demo board, generating it first (a year of history ending
    /// now, from [`DEMO_SEED`]) unless one exists. Returns its id.
    pub fn create_demo_board(&self) -> String {
        if let Some(id) = self.boards.with_untracked(|bs| bs.iter().find(|b| b.demo).map(|b| b.id.clone())) {
            self.switch(&id);
            self.announce.set("The demo board is shown.".into());
            return id;
        }
        let id = ids::fresh_id("demo", |i| self.taken_board_id(i));
        let board = demo::demo_board(&id, now(), DEMO_SEED);
        self.boards.update(|bs| bs.push(board));
        self.switch(&id);
        self.save();
        self.announce.set("Demo board created.".into());
        id
    }

    /// Whether any board is demo data (tracked).
    pub fn has_demo(&self) -> bool {
        self.boards.with(|bs| bs.iter().any(|b| b.demo))
    }

    /// Removes every demo board; if none is left, a fresh ML pipeline board
    /// takes their place. Returns how many were removed.
    pub fn remove_demo_boards(&self) -> usize {
        let demo_ids: Vec<String> =
            self.boards.with_untracked(|bs| bs.iter().filter(|b| b.demo).map(|b| b.id.clone()).collect());
        if demo_ids.is_empty() {
            return 0;
        }
        let was_active = demo_ids.contains(&self.active.get_untracked());
        self.boards.update(|bs| {
            bs.retain(|b| !b.demo);
            if bs.is_empty() {
                bs.push(first_board());
            }
        });
        self.histories.update_value(|h| h.retain(|id, _| !demo_ids.contains(id)));
        if was_active {
            let next = self.boards.with_untracked(|bs| bs[0].id.clone());
            self.switch(&next);
        }
        self.save();
        self.announce.set("Demo board removed.".into());
        demo_ids.len()
    }

    /// Deletes board `id`; the last board is never deleted.
    pub fn delete_board(&self, id: &str) -> bool {
        let Some(i) = self.boards.with_untracked(|bs| bs.iter().position(|b| b.id == id)) else {
            return false;
        };
        if self.boards.with_untracked(Vec::len) < 2 {
            return false;
        }
        self.boards.update(|bs| {
            bs.remove(i);
        });
        self.histories.update_value(|h| {
            h.remove(id);
        });
        if self.active.get_untracked() == id {
            let next = self.boards.with_untracked(|bs| bs[i.min(bs.len() - 1)].id.clone());
            self.switch(&next);
        }
        self.save();
        self.announce.set("Board deleted.".into());
        true
    }
}

fn storage_active(s: &AppState) {
    if s.persists() {
        storage::save_active(&s.active.get_untracked());
    }
}

/// "there is no card" -> "There is no card."
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    let mut out = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
