//! One card face: a static snapshot (rewritten when its fingerprint changes, see
//! `cell_cards`), draggable, focusable, movable from the keyboard.
//!
//! Key design decision: a face is written as markup and parsed by the browser in
//! one call (the `inner_html` of its slot), and it carries no listener or signal
//! of its own: the cell listens for its cards ([`on_keydown`], [`on_click`],
//! [`on_dragstart`]) and finds the card from the event's target, the grid marks
//! the dragged card and the drop position, and the age badge is rewritten in
//! place when the age changes. A board of thousands of cards is thousands of
//! parses, not hundreds of thousands of DOM calls, closures and effects. Every
//! text goes through [`escape`], so card text is always shown as text.

use std::fmt::Write as _;

use board_core::{Card, Instant};
use leptos::ev::{DragEvent, KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::age::{age_id, badge_markup, slot_id, CardAge};
use super::blockers::toggle_block;
use super::board::{announce_position, CARD_MIME};
use super::focus_card;
use crate::markup::escape;
use crate::flow::{self, guarded, FlowUi};
use crate::form::{card_label, metric_label};
use crate::moves::{step_command, Step};
use crate::state::AppState;

/// The face of `card` at `now` (how long it has been blocked), with its age if it has one.
pub fn card_markup(card: &Card, now: Instant, age: Option<&CardAge>) -> String {
    let id = escape(&card.id);
    let t = card.card_type.as_str();
    let blocked = card.blocked.as_ref();
    let mut o = String::with_capacity(640);
    let _ = write!(
        o,
        r#"<article class="card type-{t}{}" tabindex="0" draggable="true" data-card-id="{id}" data-testid="card" aria-label="{}" aria-describedby="{} card-keys-hint">"#,
        if blocked.is_some() { " is-blocked" } else { "" },
        escape(&card_label(card)),
        escape(&age_id(&card.id)),
    );
    let _ = write!(o, r#"<div class="card-top"><span class="badge type-badge type-{t}">{t}</span>"#);
    if card.parent.is_some() {
        o.push_str(r#"<span class="badge lineage-badge" title="Has a parent card">↻</span>"#);
    }
    let (title, text) = if blocked.is_some() { ("Unblock (B)", "Unblock") } else { ("Block (B)", "Block") };
    let _ = write!(
        o,
        r#"<button type="button" class="face-btn" tabindex="-1" title="{title}" aria-keyshortcuts="B">{text}</button><span class="age-slot" id="{}">{}</span></div>"#,
        escape(&slot_id(&card.id)),
        age.map_or_else(String::new, |a| badge_markup(&card.id, a)),
    );
    if let Some(b) = blocked {
        let days = (now - b.since).num_milliseconds().max(0) as f64 / 86_400_000.0;
        let _ = write!(
            o,
            r##"<p class="blocked-badge" data-testid="blocked-badge"><svg class="blocked-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="7" fill="currentColor"></circle><rect x="3.5" y="6.8" width="9" height="2.4" fill="#fff"></rect></svg>Blocked: {} · {}</p>"##,
            escape(&b.reason),
            escape(&flow::age(days)),
        );
    }
    let _ = write!(o, r#"<p class="card-title">{}</p>"#, escape(&card.title));
    let metric = card.metric.as_ref().map(metric_label);
    if card.owner.is_some() || metric.is_some() {
        o.push_str(r#"<div class="card-meta">"#);
        if let Some(owner) = &card.owner {
            let _ = write!(o, r#"<span class="owner">{}</span>"#, escape(owner));
        }
        if let Some(m) = &metric {
            let _ = write!(o, r#"<span class="metric">{}</span>"#, escape(m));
        }
        o.push_str("</div>");
    }
    if !card.tags.is_empty() {
        o.push_str(r#"<ul class="tags">"#);
        for tag in &card.tags {
            let _ = write!(o, r#"<li class="tag">{}</li>"#, escape(tag));
        }
        o.push_str("</ul>");
    }
    o.push_str("</article>");
    o
}

/// The card face an event happened in, and its card id.
pub fn card_at(target: Option<web_sys::EventTarget>) -> Option<(web_sys::Element, String)> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let card = el.closest("article[data-card-id]").ok()??;
    let id = card.get_attribute("data-card-id")?;
    Some((card, id))
}

/// The first card a "Show n more" button shows, when the event happened on one.
pub fn more_button_at(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    el.closest("button[data-more]").ok()??.get_attribute("data-more")
}

/// Whether the event happened on a card's block/unblock button.
fn on_face_button(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".face-btn").ok().flatten())
        .is_some()
}

/// A key on a card: Enter/Space open it, B blocks or unblocks it, Alt+arrows move it.
pub fn on_keydown(state: AppState, flow: FlowUi, ev: KeyboardEvent) {
    // Keys go to the focused card face itself (one attribute read), rarely to a node in it.
    let own = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.get_attribute("data-card-id"));
    let id = match own {
        Some(id) => id,
        None if on_face_button(ev.target()) => return,
        None => match card_at(ev.target()) {
            Some((_, id)) => id,
            None => return,
        },
    };
    let key = ev.key();
    let plain = !ev.alt_key() && !ev.ctrl_key() && !ev.meta_key();
    if (key == "Enter" || key == " ") && plain {
        ev.prevent_default();
        state.ui.card.set(Some(id));
        return;
    }
    if key.eq_ignore_ascii_case("b") && plain {
        ev.prevent_default();
        if toggle_block(state, flow, &id) {
            focus_card(id);
        }
        return;
    }
    let Some(step) = Step::from_key(&key, ev.alt_key(), ev.shift_key(), ev.ctrl_key() || ev.meta_key()) else {
        return;
    };
    ev.prevent_default();
    match state.with_board_untracked(|b| step_command(b, &id, step)).flatten() {
        Some(cmd) => {
            guarded(state, flow, cmd, move || {
                announce_position(state, &id);
                focus_card(id.clone());
            });
        }
        None => {
            state.announce.set("The card cannot move further that way.".into());
            focus_card(id);
        }
    }
}

/// Rehearses a keyboard move off the page: the same code as [`on_keydown`] on a
/// throwaway state over a copy of a few cards of the board (`AppState::rehearse`), a key
/// press that does nothing (Shift) on a card, and the page's side as one card put back
/// where it is.
///
/// Key design decision: the browser compiles WebAssembly (and the JavaScript glue it
/// calls) function by function as first called, so without this the user's first move
/// pays milliseconds of compilation and sets the move's 95th percentile (measured, the key
/// handler alone at 500 to 10,000 cards: the first move 4 to 7.4 ms without this, 0.9 to
/// 2.9 ms with it, the next ones 0.55 to 1.6 ms; rehearsing on the copy alone, without the
/// throwaway state, left 1.8 to 3.8 ms). Run when the page is idle; it changes nothing.
pub fn warm_up(state: AppState) {
    let Some(sample) = state.sample_board(4) else { return };
    let Some(id) = sample.cards.first().map(|c| c.id.clone()) else { return };
    let Some(cmd) = [Step::Right, Step::Left].into_iter().find_map(|s| step_command(&sample, &id, s)) else { return };
    let _ = crate::flow::judge(&sample, &cmd);
    state.rehearse(sample, cmd);
    if let Some(face) = document().query_selector("[data-card-id]").ok().flatten() {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Shift");
        init.set_shift_key(true);
        init.set_bubbles(true);
        if let Ok(ev) = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init) {
            let _ = face.dispatch_event(&ev);
        }
    }
}

/// A click on a card opens it; on its button, blocks or unblocks it.
pub fn on_click(state: AppState, flow: FlowUi, ev: MouseEvent) {
    let Some((_, id)) = card_at(ev.target()) else { return };
    if on_face_button(ev.target()) {
        ev.stop_propagation();
        if toggle_block(state, flow, &id) {
            focus_card(id);
        }
    } else {
        state.ui.card.set(Some(id));
    }
}

/// A card starts being dragged: it carries its id.
pub fn on_dragstart(state: AppState, ev: DragEvent) {
    let Some((_, id)) = card_at(ev.target()) else { return };
    if let Some(dt) = ev.data_transfer() {
        let _ = dt.set_data(CARD_MIME, &id);
        let _ = dt.set_data("text/plain", &id);
        dt.set_effect_allowed("move");
    }
    state.ui.dragging.set(Some(id));
}

/// Shows which card is dragged and where it would drop, on the faces themselves (they
/// have no signals of their own): follows `ui.dragging` and `ui.drop`.
pub fn mark_drag_and_drop(state: AppState) {
    let ui = state.ui;
    let face = |id: &str| document().query_selector(&format!("article[data-card-id={}]", super::board::css_string(id))).ok().flatten();
    Effect::watch(
        move || ui.dragging.get(),
        move |now, before, _| {
            if let Some(el) = before.cloned().flatten().and_then(|id| face(&id)) {
                let _ = el.class_list().remove_1("is-dragged");
            }
            if let Some(el) = now.as_deref().and_then(face) {
                let _ = el.class_list().add_1("is-dragged");
            }
        },
        false,
    );
    let before_of = move || ui.drop.with(|d| d.as_ref().and_then(|d| d.before.clone()));
    Effect::watch(
        before_of,
        move |now, before, _| {
            let slot = |id: &str| face(id).and_then(|f| f.parent_element());
            if let Some(el) = before.cloned().flatten().and_then(|id| slot(&id)) {
                let _ = el.class_list().remove_1("drop-before");
            }
            if let Some(el) = now.as_deref().and_then(slot) {
                let _ = el.class_list().add_1("drop-before");
            }
        },
        false,
    );
}
