//! The views: they render [`AppState`] and dispatch commands, nothing more.
//!
//! Key design decision: the grid's columns and lanes are keyed `<For>`s; each
//! cell's card list is kept by hand (`cell_cards`), keyed by card across the
//! board, so a move moves one node and re-renders nothing.

mod age;
mod blockers;
mod board;
mod card;
mod cell_cards;
mod data;
mod dialogs;
mod metrics_page;
mod present;
mod report;
mod settings;
mod toolbar;
mod views;
mod wip;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::flow::FlowUi;
use crate::state::AppState;

pub use board::BoardView;
pub use metrics_page::MetricsPage;
pub use card::card_markup;
pub use data::{export_all, DataButtons};
pub use dialogs::Modal;
pub use toolbar::{FilterBar, Toolbar};

/// The app, with its state read from localStorage.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::from_storage();
    view! { <Shell state=state /> }
}

/// The whole page over a given state (tests mount it over a state that does not persist).
#[component]
pub fn Shell(state: AppState) -> impl IntoView {
    provide_context(state);
    let flow = FlowUi::new(state);
    provide_context(flow);
    age::provide_ages(state);
    present::install(state, flow);
    let handle = window_event_listener(ev::keydown, move |e| global_key(state, e));
    // A change saves after the next frame; a page being hidden or closed saves it now.
    let hide = window_event_listener_untyped("pagehide", move |_| state.flush_save());
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            state.flush_save();
        }
    });
    on_cleanup(move || {
        handle.remove();
        hide.remove();
        hidden.remove();
    });
    // After the save-on-hide above: a page being hidden saves, then copies itself.
    crate::snapshot::keep(state, flow);
    view! {
        <div class="app">
            <present::PresentBar />
            <Toolbar />
            <data::DataLayer />
            <DemoBanner />
            <views::ViewNav />
            <wip::WipWarning />
            <views::MainView />
            <div class="sr-only" role="status" aria-live="polite" data-testid="live">
                {move || state.announce.get()}
            </div>
            {move || {
                state
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <div class="toast" role="alert" data-testid="error">
                                <span>{e}</span>
                                <button
                                    type="button"
                                    class="icon-btn"
                                    aria-label="Dismiss message"
                                    on:click=move |_| state.error.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
            <dialogs::CardDialog />
            <dialogs::ColumnDialog />
            <dialogs::LaneDialog />
            <dialogs::BoardDialogView />
            <dialogs::ConfirmDialog />
            <dialogs::HelpDialog />
            <wip::OverrideDialog />
            <blockers::BlockDialog />
            <settings::BoardSettingsDialog />
        </div>
    }
}

/// A lasting notice while the demo board is shown: it is sample data, removable in one click.
#[component]
fn DemoBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = Memo::new(move |_| state.with_structure(|b| b.demo).unwrap_or(false));
    move || {
        shown.get().then(|| {
            view! {
                <div class="banner demo-banner" role="region" aria-label="Demo data" data-testid="demo-banner">
                    <strong class="demo-badge">"Demo data"</strong>
                    <span>
                        " This board is generated sample data (a year of simulated ML work), not yours. "
                    </span>
                    <button
                        type="button"
                        class="danger-text"
                        on:click=move |_| state.ui.confirm.set(Some(crate::state::Confirm::RemoveDemo))
                    >
                        "Remove demo board"
                    </button>
                </div>
            }
        })
    }
}

/// Whether a key press belongs to a text field (undo there is the field's own).
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
        })
}

fn dialog_open() -> bool {
    document().query_selector("dialog[open]").ok().flatten().is_some()
}

/// What the app does with a key from anywhere.
enum Shortcut {
    Undo,
    Redo,
    Help,
}

impl Shortcut {
    /// Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y redo, ? opens the help.
    fn of(e: &web_sys::KeyboardEvent) -> Option<Self> {
        let (ctrl, alt) = (e.ctrl_key() || e.meta_key(), e.alt_key());
        match e.key().as_str() {
            "z" | "Z" if ctrl && !alt => Some(if e.shift_key() { Self::Redo } else { Self::Undo }),
            "y" | "Y" if ctrl && !alt => Some(Self::Redo),
            "?" if !ctrl && !alt => Some(Self::Help),
            _ => None,
        }
    }
}

/// Undo, redo and help from anywhere but text fields and open dialogs.
fn global_key(state: AppState, e: web_sys::KeyboardEvent) {
    if e.default_prevented() {
        return;
    }
    // The key first: where the focus is and whether a dialog is open take a style
    // update and a search of the page, which every other key press would pay for
    // (measured at 2,000 cards: 0.5 ms a key press before, 0.02 ms after).
    let Some(shortcut) = Shortcut::of(&e) else { return };
    if typing(&e) || dialog_open() {
        return;
    }
    e.prevent_default();
    match shortcut {
        Shortcut::Undo => {
            state.undo();
        }
        Shortcut::Redo => {
            state.redo();
        }
        Shortcut::Help => state.ui.help.set(true),
    }
}

/// Puts the focus on card `id` once the DOM has caught up with the state.
pub fn focus_card(id: String) {
    focus_selector(format!("[data-card-id={}]", board::css_string(&id)));
}

/// Focuses the first element matching `selector` after the next render.
pub fn focus_selector(selector: String) {
    crate::state::next_frame(move || {
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            if document().active_element().as_ref() == Some(el.unchecked_ref()) {
                // Already focused (a card moved with its node): just keep it in view,
                // scrolling only when it is not (scrollIntoView costs a layout pass more).
                let r = el.get_bounding_client_rect();
                let w = window();
                let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(f64::MAX);
                let (vw, vh) = (size(w.inner_width()), size(w.inner_height()));
                if r.left() < 0.0 || r.top() < 0.0 || r.right() > vw || r.bottom() > vh {
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    opts.set_inline(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&opts);
                }
            } else {
                let _ = el.focus();
            }
        }
    });
}
