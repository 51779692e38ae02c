//! The grid: column headers, lanes, cells, quick-add and drop targets.

use board_core::{Card, ColumnKind, Command};
use leptos::ev::{DragEvent, KeyboardEvent};
use leptos::html;
use leptos::prelude::*;

use super::age::Ages;
use super::{card, cell_cards, focus_card, focus_selector};
use super::wip::{CellLoadView, ColumnLoadView, LaneLoadView};
use crate::flow::{guarded, FlowUi};
use crate::ids;
use crate::moves::describe_position;
use crate::state::{AppState, Cell, DropAt};

/// The MIME type under which a dragged card carries its id.
pub const CARD_MIME: &str = "application/x-ml-kanban-card";

/// `s` as a quoted CSS string (for attribute selectors).
pub fn css_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\a "))
}

/// The selector of a cell's "Add card" button (where focus goes back to).
pub fn add_button_selector(cell: &Cell) -> String {
    format!(
        "[data-testid=cell][data-column={}][data-lane={}] .add-card",
        css_string(&cell.column),
        css_string(&cell.lane)
    )
}

pub fn kind_label(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Backlog => "Backlog",
        ColumnKind::Active => "Active",
        ColumnKind::Queue => "Queue",
        ColumnKind::Done => "Done",
    }
}

/// Whether a drag carries one of our cards (other drags are not drop targets).
pub fn carries_card(ev: &DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| dt.types().includes(&CARD_MIME.into(), 0))
}

/// Moves the dragged card to `cell`, before `before` or last, and keeps focus on it.
pub fn drop_card(state: AppState, flow: FlowUi, ev: &DragEvent, cell: &Cell, before: Option<String>) {
    state.ui.drop.set(None);
    state.ui.dragging.set(None);
    let Some(id) = ev.data_transfer().and_then(|dt| dt.get_data(CARD_MIME).ok()).filter(|s| !s.is_empty())
    else {
        return;
    };
    if before.as_deref() == Some(id.as_str()) {
        return;
    }
    let cmd = Command::MoveCard {
        id: id.clone(),
        column: cell.column.clone(),
        lane: cell.lane.clone(),
        before,
        override_reason: None,
    };
    guarded(state, flow, cmd, move || {
        announce_position(state, &id);
        focus_card(id.clone());
    });
}

/// Says where card `id` now is, in the live region, at the next frame (off the path of
/// the move itself).
pub fn announce_position(state: AppState, id: &str) {
    let id = id.to_owned();
    crate::state::next_frame(move || {
        if let Some((title, pos)) =
            state.with_board_untracked(|b| b.card(&id).map(|c| c.title.clone()).zip(describe_position(b, &id))).flatten()
        {
            state.announce.set(format!("Moved \u{201c}{title}\u{201d} to {pos}."));
        }
    });
}

#[component]
pub fn BoardView() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <main
            class="board-scroll"
            aria-label=move || state.with_structure(|b| format!("Board {}", b.name)).unwrap_or_default()
            on:dragover=move |_| state.ui.drop.set(None)
        >
            <p id="card-keys-hint" class="sr-only">
                "Enter opens the card. Alt plus arrow keys move it; Alt plus Shift plus up or down moves it to another lane. B blocks or unblocks it."
            </p>
            {move || {
                let _board = state.active.get();
                view! { <Grid /> }
            }}
        </main>
    }
}

#[component]
fn Grid() -> impl IntoView {
    let state = expect_context::<AppState>();
    state.reset_cells();
    state.view.set_painter(cell_cards::painter());
    card::mark_drag_and_drop(state);
    // The card faces are written with their ages.
    if let Some(ages) = use_context::<Ages>() {
        ages.prime();
    }
    // Once the board is drawn and the page idle, so the user's first move is as fast as the next.
    request_idle_callback(move || card::warm_up(state));
    // A new filter can change every cell.
    Effect::watch(move || state.filter.track(), move |_, _, _| state.touch(crate::state::Dirty::All), false);
    let columns = Memo::new(move |_| {
        state.with_structure(|b| b.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>()).unwrap_or_default()
    });
    let lanes = Memo::new(move |_| {
        state.with_structure(|b| b.lanes.iter().map(|l| l.id.clone()).collect::<Vec<_>>()).unwrap_or_default()
    });
    view! {
        <div class="board" style=("--ncols", move || columns.with(Vec::len).to_string())>
            <div class="row col-heads">
                <For
                    each=move || columns.get()
                    key=|id| id.clone()
                    children=move |id| view! { <ColumnHead id=id /> }
                />
            </div>
            <For
                each=move || lanes.get()
                key=|id| id.clone()
                children=move |lane| view! { <LaneRow lane=lane columns=columns /> }
            />
        </div>
    }
}

#[component]
fn ColumnHead(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let info = Memo::new(move |_| state.with_structure(|b| b.column(&key).map(|c| (c.name.clone(), c.kind))).flatten());
    let name = move || info.with(|i| i.as_ref().map(|i| i.0.clone()).unwrap_or_default());
    let kind = move || info.with(|i| i.as_ref().map(|i| i.1).unwrap_or(ColumnKind::Active));
    let load_id = id.clone();
    view! {
        <div class="col-head" data-testid="column-header">
            <div class="col-title">
                <h2 class="col-name">{name}</h2>
                <button
                    type="button"
                    class="icon-btn"
                    aria-label=move || format!("Column settings: {}", name())
                    on:click=move |_| state.ui.column.set(Some(id.clone()))
                >
                    "⋯"
                </button>
            </div>
            <div class="col-sub">
                <span class=move || {
                    format!("kind kind-{}", kind().as_str())
                }>{move || kind_label(kind())}</span>
                <ColumnLoadView id=load_id />
            </div>
        </div>
    }
}

#[component]
fn LaneRow(lane: String, columns: Memo<Vec<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = lane.clone();
    let info = Memo::new(move |_| state.with_structure(|b| b.lane(&key).map(|l| l.name.clone())).flatten());
    let name = move || info.get().unwrap_or_default();
    let open = lane.clone();
    view! {
        <section class="lane" aria-label=move || format!("Lane {}", name()) data-testid="lane">
            <div class="lane-head">
                <div class="lane-head-inner">
                    <h2 class="lane-name">{name}</h2>
                    <LaneLoadView id=lane.clone() />
                    <button
                        type="button"
                        class="icon-btn"
                        aria-label=move || format!("Lane settings: {}", name())
                        on:click=move |_| state.ui.lane.set(Some(open.clone()))
                    >
                        "⋯"
                    </button>
                </div>
            </div>
            <div class="row cells">
                <For
                    each=move || columns.get()
                    key=|c| c.clone()
                    children=move |column| {
                        view! { <CellView cell=Cell { column, lane: lane.clone() } /> }
                    }
                />
            </div>
        </section>
    }
}

#[component]
fn CellView(cell: Cell) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let ui = state.ui;
    // The card list is written once here and kept current by the painter (cell_cards): a
    // long cell shows its first cards and the ones worked on, a button for the rest.
    let (list_id, shown, keys) = state.mount_cell(&cell);
    let list_markup = cell_cards::list_markup(&shown, &keys, use_context::<Ages>());
    let c = cell.clone();
    let label = Memo::new(move |_| {
        state
            .with_structure(|b| {
                let col = b.column(&c.column).map(|x| x.name.clone()).unwrap_or_default();
                let lane = b.lane(&c.lane).map(|x| x.name.clone()).unwrap_or_default();
                format!("{col}, {lane}")
            })
            .unwrap_or_default()
    });
    let c = cell.clone();
    let drop_here = move || ui.drop.with(|d| d.as_ref().is_some_and(|d| d.cell == c && d.before.is_none()));
    let c = cell.clone();
    let adding = move || ui.adding.with(|a| a.as_ref() == Some(&c));
    let c = cell.clone();
    let on_dragover = move |ev: DragEvent| {
        if !carries_card(&ev) {
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(dt) = ev.data_transfer() {
            dt.set_drop_effect("move");
        }
        // Over a card: before it; over itself a card is no target (nothing would change).
        let before = card::card_at(ev.target()).map(|(_, id)| id);
        let own = before.is_some() && ui.dragging.with_untracked(|d| *d == before);
        let at = (!own).then(|| DropAt { cell: c.clone(), before });
        if ui.drop.with_untracked(|d| *d != at) {
            ui.drop.set(at);
        }
    };
    let c = cell.clone();
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        let before = card::card_at(ev.target()).map(|(_, id)| id);
        drop_card(state, flow, &ev, &c, before);
    };
    let c = cell.clone();
    let open_add = move |_| ui.adding.set(Some(c.clone()));
    let more_cell = cell.clone();
    let c = cell.clone();
    view! {
        <div
            class="cell"
            class:drop-end=drop_here
            role="group"
            aria-label=move || label.get()
            data-testid="cell"
            data-column=cell.column.clone()
            data-lane=cell.lane.clone()
            on:dragover=on_dragover
            on:drop=on_drop
        >
            <CellLoadView column=cell.column.clone() lane=cell.lane.clone() />
            <ul
                id=list_id
                class="cards"
                aria-label=move || format!("Cards in {}", label.get())
                inner_html=list_markup
                on:keydown=move |ev| card::on_keydown(state, flow, ev)
                on:click=move |ev| {
                    if let Some(first) = card::more_button_at(ev.target()) {
                        state.view.expand(&more_cell);
                        focus_card(first);
                    } else {
                        card::on_click(state, flow, ev);
                    }
                }
                on:dragstart=move |ev| card::on_dragstart(state, ev)
                on:dragend=move |_| {
                    ui.drop.set(None);
                    ui.dragging.set(None);
                }
            ></ul>
            <Show
                when=adding
                fallback=move || {
                    let open_add = open_add.clone();
                    view! {
                        <button
                            type="button"
                            class="add-card"
                            aria-label=move || format!("Add card to {}", label.get())
                            on:click=open_add
                        >
                            "+ Add card"
                        </button>
                    }
                }
            >
                <QuickAdd cell=c.clone() label=label />
            </Show>
        </div>
    }
}

#[component]
fn QuickAdd(cell: Cell, label: Memo<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let ui = state.ui;
    let input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
        }
    });
    let add_button = add_button_selector(&cell);
    let close = move |refocus: bool| {
        ui.adding.set(None);
        if refocus {
            focus_selector(add_button.clone());
        }
    };
    let close2 = close.clone();
    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            let Some(el) = input.get() else { return };
            let title = el.value();
            if title.trim().is_empty() {
                return;
            }
            let taken = |i: &str| state.with_board_untracked(|b| b.card(i).is_some()).unwrap_or(false);
            let id = ids::fresh_id("card", taken);
            let card = Card::new(id, title.trim(), &cell.column, &cell.lane, chrono::DateTime::UNIX_EPOCH);
            let title = title.trim().to_owned();
            guarded(state, flow, Command::AddCard { card, before: None }, move || {
                if let Some(el) = input.get_untracked() {
                    el.set_value("");
                }
                state.announce.set(format!("Added \u{201c}{title}\u{201d} to {}.", label.get_untracked()));
            });
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            close(true);
        }
        _ => {}
    };
    view! {
        <div class="quick-add">
            <input
                node_ref=input
                type="text"
                aria-label=move || format!("New card title in {}", label.get())
                placeholder="Title, then Enter (Esc to close)"
                on:keydown=on_key
                on:blur=move |_| {
                    // Also fires while the field is being removed (after Escape): then the
                    // node ref is gone and there is nothing to do.
                    if input.try_get_untracked().flatten().is_some_and(|i| i.value().trim().is_empty()) {
                        close2(false);
                    }
                }
            />
        </div>
    }
}
