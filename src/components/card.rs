//! One card face: a static snapshot (a changed card gets a new `<For>` key),
//! draggable, focusable, movable from the keyboard.

use board_core::Card;
use leptos::ev::{DragEvent, KeyboardEvent};
use leptos::prelude::*;

use super::board::{announce_position, carries_card, drop_card, CARD_MIME};
use super::age::age_id;
use super::blockers::toggle_block;
use super::{focus_card, AgeBadge};
use crate::flow::{age, guarded, FlowUi};
use crate::form::{card_label, metric_label};
use crate::moves::{step_command, Step};
use crate::state::{AppState, Cell, DropAt};

#[component]
pub fn CardFace(card: Card) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let ui = state.ui;
    let id = card.id.clone();
    let cell = Cell { column: card.column.clone(), lane: card.lane.clone() };

    let i = id.clone();
    let drop_before = move || ui.drop.with(|d| d.as_ref().is_some_and(|d| d.before.as_deref() == Some(i.as_str())));
    let i = id.clone();
    let on_dragstart = move |ev: DragEvent| {
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data(CARD_MIME, &i);
            let _ = dt.set_data("text/plain", &i);
            dt.set_effect_allowed("move");
        }
        ui.dragging.set(Some(i.clone()));
    };
    let (i, c) = (id.clone(), cell.clone());
    let on_dragover = move |ev: DragEvent| {
        if !carries_card(&ev) {
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(dt) = ev.data_transfer() {
            dt.set_drop_effect("move");
        }
        // Over itself a card is no target: nothing would change.
        let own = ui.dragging.with_untracked(|d| d.as_deref() == Some(i.as_str()));
        let at = (!own).then(|| DropAt { cell: c.clone(), before: Some(i.clone()) });
        if ui.drop.with_untracked(|d| *d != at) {
            ui.drop.set(at);
        }
    };
    let (i, c) = (id.clone(), cell.clone());
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        drop_card(state, flow, &ev, &c, Some(i.clone()));
    };
    let i = id.clone();
    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if (key == "Enter" || key == " ") && !ev.alt_key() && !ev.ctrl_key() && !ev.meta_key() {
            ev.prevent_default();
            ui.card.set(Some(i.clone()));
            return;
        }
        if key.eq_ignore_ascii_case("b") && !ev.alt_key() && !ev.ctrl_key() && !ev.meta_key() {
            ev.prevent_default();
            if toggle_block(state, flow, &i) {
                focus_card(i.clone());
            }
            return;
        }
        let Some(step) = Step::from_key(&key, ev.alt_key(), ev.shift_key(), ev.ctrl_key() || ev.meta_key())
        else {
            return;
        };
        ev.prevent_default();
        match state.with_board_untracked(|b| step_command(b, &i, step)).flatten() {
            Some(cmd) => {
                let id = i.clone();
                guarded(state, flow, cmd, move || {
                    announce_position(state, &id);
                    focus_card(id.clone());
                });
            }
            None => {
                state.announce.set("The card cannot move further that way.".into());
                focus_card(i.clone());
            }
        }
    };
    let i = id.clone();
    let open = move |_| ui.card.set(Some(i.clone()));
    let i = id.clone();
    let is_dragged = move || ui.dragging.with(|d| d.as_deref() == Some(i.as_str()));
    let block_id = id.clone();

    let type_name = card.card_type.as_str();
    let label = card_label(&card);
    let metric = card.metric.as_ref().map(metric_label);
    let blocked = card.blocked.as_ref().map(|b| {
        let days = (crate::state::now() - b.since).num_milliseconds().max(0) as f64 / 86_400_000.0;
        (b.reason.clone(), age(days))
    });
    let retrain = card.parent.is_some();
    let is_blocked = blocked.is_some();
    view! {
        <li class="card-slot" class:drop-before=drop_before>
            <article
                class=format!("card type-{type_name}")
                class:is-blocked=is_blocked
                tabindex="0"
                draggable="true"
                data-card-id=id.clone()
                data-testid="card"
                aria-label=label
                aria-describedby=format!("{} card-keys-hint", age_id(&id))
                on:dragstart=on_dragstart
                class:is-dragged=is_dragged
                on:dragend=move |_| {
                    ui.drop.set(None);
                    ui.dragging.set(None);
                }
                on:dragover=on_dragover
                on:drop=on_drop
                on:keydown=on_keydown
                on:click=open
            >
                <div class="card-top">
                    <span class=format!("badge type-badge type-{type_name}")>{type_name}</span>
                    {retrain.then(|| view! { <span class="badge lineage-badge" title="Has a parent card">"↻"</span> })}
                    <button
                        type="button"
                        class="face-btn"
                        tabindex="-1"
                        title=if is_blocked { "Unblock (B)" } else { "Block (B)" }
                        aria-keyshortcuts="B"
                        on:click=move |ev| {
                            ev.stop_propagation();
                            if toggle_block(state, flow, &block_id) {
                                focus_card(block_id.clone());
                            }
                        }
                        on:keydown=|ev| ev.stop_propagation()
                    >
                        {if is_blocked { "Unblock" } else { "Block" }}
                    </button>
                    <AgeBadge card=id.clone() />
                </div>
                {blocked
                    .map(|(r, d)| {
                        view! {
                            <p class="blocked-badge" data-testid="blocked-badge">
                                <super::blockers::BlockedIcon />
                                "Blocked: "
                                {r}
                                " · "
                                {d}
                            </p>
                        }
                    })}
                <p class="card-title">{card.title.clone()}</p>
                {(card.owner.is_some() || metric.is_some())
                    .then(|| {
                        view! {
                            <div class="card-meta">
                                {card.owner.clone().map(|o| view! { <span class="owner">{o}</span> })}
                                {metric.map(|m| view! { <span class="metric">{m}</span> })}
                            </div>
                        }
                    })}
                {(!card.tags.is_empty())
                    .then(|| {
                        view! {
                            <ul class="tags">
                                {card.tags.iter().map(|t| view! { <li class="tag">{t.clone()}</li> }).collect_view()}
                            </ul>
                        }
                    })}
            </article>
        </li>
    }
}
