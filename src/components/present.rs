//! Presentation mode: the board, the metrics, the blockers and the report as
//! full-screen slides in large type, read-only, walked with the keyboard.
//!
//! Key design decision: presentation is a mode of the same views, not a
//! second set of them. Entering sets `ui.read_only` (the state then refuses
//! every command and undo, see `AppState::dispatch`), puts the class
//! `presenting` on `<html>` (the stylesheet enlarges the type and hides every
//! editing control) and asks for full screen. Listeners in the *capture*
//! phase on the window see keys, clicks and drags before any view does: they
//! walk the slides (arrows, Page Up/Down, Home/End, 1-4; a focused chart keeps
//! its own arrow keys), leave on Escape, and
//! swallow the gestures that would open an editor or start a drag, so no view
//! needs presentation-specific code. Full screen is a nicety: where the
//! browser refuses it, the mode works the same in the window, and leaving full
//! screen (the browser's own Escape) leaves the mode.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use super::{dialog_open, typing};
use crate::flow::{FlowUi, View};
use crate::state::AppState;

/// What a key does in presentation mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Next,
    Prev,
    First,
    Last,
    /// A slide by its position (0-based).
    Go(usize),
    Leave,
}

impl Nav {
    /// The action of `key` (with modifier keys held: none).
    pub fn from_key(key: &str, modified: bool) -> Option<Nav> {
        if modified {
            return None;
        }
        Some(match key {
            "ArrowRight" | "PageDown" => Nav::Next,
            "ArrowLeft" | "PageUp" => Nav::Prev,
            "Home" => Nav::First,
            "End" => Nav::Last,
            "Escape" => Nav::Leave,
            k if k.len() == 1 => {
                let d = k.chars().next()?.to_digit(10)? as usize;
                (1..=View::SLIDES.len()).contains(&d).then(|| Nav::Go(d - 1))?
            }
            _ => return None,
        })
    }

    /// The slide after this step from `current` (`None`: leave).
    pub fn target(self, current: View) -> Option<View> {
        let n = View::SLIDES.len();
        let at = View::SLIDES.iter().position(|v| *v == current).unwrap_or(0);
        Some(View::SLIDES[match self {
            Nav::Next => (at + 1).min(n - 1),
            Nav::Prev => at.saturating_sub(1),
            Nav::First => 0,
            Nav::Last => n - 1,
            Nav::Go(i) => i.min(n - 1),
            Nav::Leave => return None,
        }])
    }
}

fn html() -> Option<Element> {
    document().document_element()
}

/// Starts presenting from the current page (or the board, if the page is no slide).
pub fn enter(state: AppState, flow: FlowUi) {
    if state.ui.read_only.get_untracked() {
        return;
    }
    close_editors(state, flow);
    if !View::SLIDES.contains(&flow.view.get_untracked()) {
        flow.view.set(View::Board);
    }
    state.ui.read_only.set(true);
    if let Some(h) = html() {
        let _ = h.class_list().add_1("presenting");
        request_fullscreen(&h);
    }
    announce_slide(state, flow.view.get_untracked());
    super::focus_selector("#present-title".into());
}

/// Stops presenting: editing is back, full screen is left.
pub fn leave(state: AppState) {
    if !state.ui.read_only.get_untracked() {
        return;
    }
    state.ui.read_only.set(false);
    if let Some(h) = html() {
        let _ = h.class_list().remove_1("presenting");
    }
    if document().fullscreen_element().is_some() {
        document().exit_fullscreen();
    }
    state.announce.set("Left presentation mode: the board can be edited again.".into());
    super::focus_selector("#present-btn".into());
}

/// Asks for full screen; a refusal (no user gesture, not allowed) changes nothing.
fn request_fullscreen(el: &Element) {
    let Ok(f) = js_sys::Reflect::get(el, &"requestFullscreen".into()) else { return };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else { return };
    if let Ok(p) = f.call0(el) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            });
        }
    }
}

fn close_editors(state: AppState, flow: FlowUi) {
    let ui = state.ui;
    ui.card.set(None);
    ui.column.set(None);
    ui.lane.set(None);
    ui.board.set(None);
    ui.confirm.set(None);
    ui.adding.set(None);
    ui.drop.set(None);
    ui.dragging.set(None);
    flow.block.set(None);
    flow.settings.set(false);
    flow.pending.set(None);
}

fn announce_slide(state: AppState, v: View) {
    let at = View::SLIDES.iter().position(|s| *s == v).unwrap_or(0);
    state.announce.set(format!("Slide {} of {}: {}.", at + 1, View::SLIDES.len(), v.label()));
}

fn go(state: AppState, flow: FlowUi, nav: Nav) {
    match nav.target(flow.view.get_untracked()) {
        None => leave(state),
        Some(v) => {
            if v != flow.view.get_untracked() {
                flow.view.set(v);
                if let Some(el) = document().query_selector(".page-scroll, .board-page:not([hidden]) .board-scroll, .metrics-page").ok().flatten() {
                    el.set_scroll_top(0);
                }
            }
            announce_slide(state, v);
        }
    }
}

/// Whether an event happened on a card or on a control that opens an editor.
fn on_editor_trigger(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-card-id], .link-btn, .add-card, .icon-btn[aria-label*='settings']").ok().flatten())
        .is_some()
}

fn on_key(state: AppState, flow: FlowUi, e: KeyboardEvent) {
    if !state.ui.read_only.get_untracked() || dialog_open() {
        return;
    }
    let modified = e.ctrl_key() || e.meta_key() || e.alt_key() || e.shift_key();
    let key = e.key();
    // In a field (the forecast's inputs), keys are the field's own, but for Escape.
    if typing(&e) && key != "Escape" {
        return;
    }
    // A focused chart walks its marks with the arrow keys; Page Up/Down still change slides.
    let in_chart = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("svg.chart").ok().flatten())
        .is_some();
    if in_chart && key.starts_with("Arrow") {
        return;
    }
    if let Some(nav) = Nav::from_key(&key, modified) {
        e.prevent_default();
        e.stop_propagation();
        go(state, flow, nav);
    } else if on_editor_trigger(&e) && (key == "Enter" || key == " " || key.eq_ignore_ascii_case("b")) {
        // Opening or blocking a card would edit it.
        e.prevent_default();
        e.stop_propagation();
    }
}

/// Installs the exit on leaving full screen, and the capture-phase listeners while
/// presenting (not before: every key press and click on the board would pay for them);
/// they are removed with the owner.
pub fn install(state: AppState, flow: FlowUi) {
    let key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| on_key(state, flow, e));
    let swallow = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        if state.ui.read_only.get_untracked() && (e.type_() == "dragstart" || on_editor_trigger(&e)) {
            e.prevent_default();
            e.stop_propagation();
        }
    });
    let fs = Closure::<dyn Fn(Event)>::new(move |_: Event| {
        if document().fullscreen_element().is_none() {
            leave(state);
        }
    });
    let _ = document().add_event_listener_with_callback("fullscreenchange", fs.as_ref().unchecked_ref());
    // The closures live in the owner (thread-local values: the app is single-threaded).
    let handles = StoredValue::new_local((key, swallow, fs));
    let capture = move |on: bool| {
        handles.try_with_value(|(key, swallow, _)| {
            let win = window();
            let (key, swallow) = (key.as_ref().unchecked_ref(), swallow.as_ref().unchecked_ref());
            let types = [("keydown", key), ("click", swallow), ("dblclick", swallow), ("dragstart", swallow)];
            for (t, f) in types {
                let _ = if on {
                    win.add_event_listener_with_callback_and_bool(t, f, true)
                } else {
                    win.remove_event_listener_with_callback_and_bool(t, f, true)
                };
            }
        });
    };
    Effect::new(move |_| capture(state.ui.read_only.get()));
    on_cleanup(move || {
        capture(false);
        handles.with_value(|(_, _, fs)| {
            let _ = document().remove_event_listener_with_callback("fullscreenchange", fs.as_ref().unchecked_ref());
        });
        if let Some(h) = html() {
            let _ = h.class_list().remove_1("presenting");
        }
    });
}

/// The button that starts presenting (in the page navigation).
#[component]
pub fn PresentButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    view! {
        <button
            type="button"
            id="present-btn"
            title="Full screen, large type, read-only; arrow keys move between board, metrics, blockers and report"
            on:click=move |_| enter(state, flow)
        >
            "Present"
        </button>
    }
}

/// The slim bar shown while presenting: where we are, the slides, how to leave.
#[component]
pub fn PresentBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let name = Memo::new(move |_| state.with_structure(|b| b.name.clone()).unwrap_or_default());
    move || {
        state.ui.read_only.get().then(|| {
            let at = move || View::SLIDES.iter().position(|v| *v == flow.view.get()).unwrap_or(0);
            view! {
                <div class="present-bar" role="region" aria-label="Presentation" data-testid="present-bar">
                    <h1 id="present-title" class="present-title" tabindex="-1">
                        {move || name.get()}
                        <span class="sr-only">
                            {move || format!(", slide {} of {}", at() + 1, View::SLIDES.len())}
                        </span>
                    </h1>
                    <nav class="present-slides" aria-label="Slides">
                        {View::SLIDES
                            .iter()
                            .enumerate()
                            .map(|(i, v)| {
                                let v = *v;
                                view! {
                                    <button
                                        type="button"
                                        class="present-slide"
                                        aria-current=move || (flow.view.get() == v).then_some("page")
                                        aria-keyshortcuts=(i + 1).to_string()
                                        on:click=move |_| go(state, flow, Nav::Go(i))
                                    >
                                        {format!("{} {}", i + 1, v.label())}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </nav>
                    <span class="present-hint" aria-hidden="true">
                        "← → or Page Up/Down: slides · Esc leaves"
                    </span>
                    <button type="button" aria-keyshortcuts="Escape" on:click=move |_| leave(state)>
                        "Leave presentation"
                    </button>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn keys_walk_the_slides_and_stop_at_the_ends() {
        assert_eq!(Nav::from_key("ArrowRight", false), Some(Nav::Next));
        assert_eq!(Nav::from_key("PageUp", false), Some(Nav::Prev));
        assert_eq!(Nav::from_key("3", false), Some(Nav::Go(2)));
        assert_eq!(Nav::from_key("5", false), None);
        assert_eq!(Nav::from_key("0", false), None);
        assert_eq!(Nav::from_key("ArrowRight", true), None, "Alt+arrow is a card move, not a slide");
        assert_eq!(Nav::from_key("Escape", false), Some(Nav::Leave));
        assert_eq!(Nav::Next.target(View::Board), Some(View::Metrics));
        assert_eq!(Nav::Next.target(View::Report), Some(View::Report));
        assert_eq!(Nav::Prev.target(View::Board), Some(View::Board));
        assert_eq!(Nav::Last.target(View::Board), Some(View::Report));
        assert_eq!(Nav::Go(2).target(View::Board), Some(View::Blockers));
        assert_eq!(Nav::Leave.target(View::Metrics), None);
    }
}
