//! The top bar (boards, undo/redo, help) and the filter bar.

use board_core::{CardType, Column, ColumnKind, Command, Lane};
use leptos::prelude::*;

use crate::ids;
use crate::state::{AppState, BoardDialog, Confirm, Filter};

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let options = Memo::new(move |_| {
        state.boards.with(|bs| bs.iter().map(|b| (b.id.clone(), b.name.clone())).collect::<Vec<_>>())
    });
    let single = move || options.with(|o| o.len() < 2);
    let ask_delete = move |_| {
        if let Some((id, name)) = state.with_board_untracked(|b| (b.id.clone(), b.name.clone())) {
            ui.confirm.set(Some(Confirm::DeleteBoard { id, name }));
        }
    };
    view! {
        <header class="topbar">
            <h1 class="brand">"ML Board"</h1>
            <div class="board-switch">
                <label for="board-select">"Board"</label>
                <select
                    id="board-select"
                    on:change=move |ev| state.switch(&event_target_value(&ev))
                >
                    <For
                        each=move || options.get()
                        key=|o| o.clone()
                        children=move |(id, name)| {
                            let value = id.clone();
                            view! {
                                <option value=value prop:selected=move || state.active.get() == id>
                                    {name}
                                </option>
                            }
                        }
                    />
                </select>
            </div>
            <div class="btn-group" role="group" aria-label="Board actions">
                <button type="button" on:click=move |_| ui.board.set(Some(BoardDialog::New))>
                    "New board"
                </button>
                <button type="button" on:click=move |_| ui.board.set(Some(BoardDialog::Rename))>
                    "Rename"
                </button>
                <button
                    type="button"
                    on:click=move |_| {
                        state.duplicate_board();
                    }
                >
                    "Duplicate"
                </button>
                <button
                    type="button"
                    class="danger-text"
                    disabled=single
                    title=move || if single() { "The last board cannot be deleted" } else { "" }
                    on:click=ask_delete
                >
                    "Delete board"
                </button>
                {move || {
                    if state.has_demo() {
                        view! {
                            <button
                                type="button"
                                class="danger-text"
                                on:click=move |_| ui.confirm.set(Some(Confirm::RemoveDemo))
                            >
                                "Remove demo board"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                title="Adds a generated board with a year of sample history"
                                on:click=move |_| {
                                    state.create_demo_board();
                                }
                            >
                                "Create demo board"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
            <super::DataButtons />
            <div class="spacer"></div>
            <div class="btn-group" role="group" aria-label="History">
                <button
                    type="button"
                    aria-keyshortcuts="Control+Z"
                    title="Undo (Ctrl+Z)"
                    disabled=move || !state.can_undo()
                    on:click=move |_| {
                        state.undo();
                    }
                >
                    "↶ Undo"
                </button>
                <button
                    type="button"
                    aria-keyshortcuts="Control+Shift+Z Control+Y"
                    title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
                    disabled=move || !state.can_redo()
                    on:click=move |_| {
                        state.redo();
                    }
                >
                    "↷ Redo"
                </button>
            </div>
            <button type="button" aria-keyshortcuts="?" on:click=move |_| ui.help.set(true)>
                "Keyboard shortcuts"
            </button>
        </header>
    }
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = state.filter;
    let owners = Memo::new(move |_| state.with_labels(|b| b.owners()).unwrap_or_default());
    let tags = Memo::new(move |_| state.with_labels(|b| b.tags()).unwrap_or_default());
    let counts = Memo::new(move |_| {
        filter.with(|f| {
            state
                .with_cards(|b| {
                    let shown = if f.is_active() { b.cards.iter().filter(|c| f.matches(c)).count() } else { b.cards.len() };
                    (shown, b.cards.len())
                })
                .unwrap_or((0, 0))
        })
    });
    let add_column = move |_| {
        let Some((n, taken)) =
            state.with_board_untracked(|b| (b.columns.len(), b.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>()))
        else {
            return;
        };
        let id = ids::fresh_id("col", |i| taken.iter().any(|t| t == i));
        let column = Column::new(id.clone(), "New column", ColumnKind::Active);
        if state.run(Command::AddColumn { column, index: n }) {
            state.announce.set("Column added at the right end.".into());
            state.ui.column.set(Some(id));
        }
    };
    let add_lane = move |_| {
        let Some((n, taken)) =
            state.with_board_untracked(|b| (b.lanes.len(), b.lanes.iter().map(|l| l.id.clone()).collect::<Vec<_>>()))
        else {
            return;
        };
        let id = ids::fresh_id("lane", |i| taken.iter().any(|t| t == i));
        if state.run(Command::AddLane { lane: Lane::new(id.clone(), "New lane"), index: n }) {
            state.announce.set("Lane added at the bottom.".into());
            state.ui.lane.set(Some(id));
        }
    };
    view! {
        <div class="filterbar" role="search" aria-label="Filter cards">
            <div class="field search">
                <label for="filter-text">"Search"</label>
                <input
                    id="filter-text"
                    type="search"
                    placeholder="Title, description, hypothesis, dataset"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="filter-owner">"Owner"</label>
                <select
                    id="filter-owner"
                    on:change=move |ev| filter.update(|f| f.owner = event_target_value(&ev))
                >
                    <option value="" prop:selected=move || filter.with(|f| f.owner.is_empty())>
                        "Any owner"
                    </option>
                    <For
                        each=move || owners.get()
                        key=|o| o.clone()
                        children=move |o| {
                            let v = o.clone();
                            let label = o.clone();
                            view! {
                                <option value=v prop:selected=move || filter.with(|f| f.owner == o)>
                                    {label}
                                </option>
                            }
                        }
                    />
                </select>
            </div>
            <div class="field">
                <label for="filter-type">"Type"</label>
                <select
                    id="filter-type"
                    on:change=move |ev| filter.update(|f| f.card_type = event_target_value(&ev))
                >
                    <option value="" prop:selected=move || filter.with(|f| f.card_type.is_empty())>
                        "Any type"
                    </option>
                    {CardType::ALL
                        .iter()
                        .map(|t| {
                            let s = t.as_str();
                            view! {
                                <option value=s prop:selected=move || filter.with(|f| f.card_type == s)>
                                    {s}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-tag">"Tag"</label>
                <select
                    id="filter-tag"
                    on:change=move |ev| filter.update(|f| f.tag = event_target_value(&ev))
                >
                    <option value="" prop:selected=move || filter.with(|f| f.tag.is_empty())>
                        "Any tag"
                    </option>
                    <For
                        each=move || tags.get()
                        key=|t| t.clone()
                        children=move |t| {
                            let v = t.clone();
                            let label = t.clone();
                            view! {
                                <option value=v prop:selected=move || filter.with(|f| f.tag == t)>
                                    {label}
                                </option>
                            }
                        }
                    />
                </select>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || filter.with(|f| f.blocked_only)
                    on:change=move |ev| filter.update(|f| f.blocked_only = event_target_checked(&ev))
                />
                " Blocked only"
            </label>
            <span class="count-note" data-testid="card-count">
                {move || {
                    let (shown, total) = counts.get();
                    format!("{shown} of {total} cards")
                }}
            </span>
            <button
                type="button"
                disabled=move || !filter.with(Filter::is_active)
                on:click=move |_| filter.set(Filter::default())
            >
                "Clear filters"
            </button>
            <div class="spacer"></div>
            <button type="button" on:click=add_column>
                "Add column"
            </button>
            <button type="button" on:click=add_lane>
                "Add lane"
            </button>
        </div>
    }
}
