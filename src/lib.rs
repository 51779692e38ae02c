//! The ML Kanban board: a Leptos 0.8 CSR shell around the pure `board-core`.
//!
//! Key design decision: this crate is a thin imperative shell. Every change to
//! a board is a `board_core::Command` passed to one function,
//! [`state::AppState::dispatch`], which applies it through the board's
//! `History` with the only clock read of the app ([`state::now`]) and saves at
//! once through the one module that touches localStorage ([`storage`]).
//! Components only render state and dispatch commands; domain types never hold
//! signals.

pub mod charts;
pub mod components;
pub mod files;
pub mod flow;
pub mod download;
pub mod form;
pub mod ids;
pub mod markup;
pub mod moves;
pub mod snapshot;
pub mod state;
pub mod storage;
pub mod timing;

pub use components::App;

/// Mounts the app on `<body>`, in place of the snapshot shown until then (see [`snapshot`]).
pub fn mount() {
    snapshot::remove_shown();
    leptos::mount::mount_to_body(App);
    timing::mark("app:mounted");
}

// Unit tests of the app crate run in headless Chromium like the tests in
// tests/web.rs (`cargo xtask test web`), not natively.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

