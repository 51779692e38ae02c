//! Browser tests of saving that never loses a board (wasm-bindgen-test in
//! headless Chromium): a write by another tab is taken in before saving, a
//! board both tabs changed is kept twice, a `storage` event is adopted, and
//! "start fresh" backs unreadable data up before anything is written; boards
//! stored by an earlier version (as a board file) load and are saved on in the
//! compact stored form.

use board_core::{template, Board, Card, Command};
use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use ml_kanban::state::AppState;
use ml_kanban::storage::{self, Loaded};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn two_boards() -> Vec<Board> {
    vec![template::ml_pipeline("a", "Alpha"), template::ml_pipeline("b", "Beta")]
}

fn stored() -> Vec<Board> {
    match storage::load() {
        Loaded::Boards(b) => b,
        other => panic!("expected boards, found {other:?}"),
    }
}

fn names(bs: &[Board]) -> Vec<String> {
    bs.iter().map(|b| b.name.clone()).collect()
}

/// Another tab's write: the stored boards with one renamed.
fn write_as_other_tab(id: &str, name: &str) -> String {
    let mut bs = stored();
    bs.iter_mut().find(|b| b.id == id).unwrap().name = name.into();
    let text = board_core::format::to_compact_string(&bs, Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
    storage::save_text(&text).unwrap();
    text
}

fn add_card(state: &AppState, id: &str) {
    let card = Card::new(id, id, "backlog", "data", Utc::now());
    state.dispatch(Command::AddCard { card, before: None }).unwrap();
    // As when the page is hidden; the scheduled save does the same a frame later.
    state.flush_save();
}

fn fresh_state() -> AppState {
    local().clear().unwrap();
    storage::save(&two_boards(), Utc::now()).unwrap();
    storage::save_active("a");
    AppState::from_storage()
}

#[wasm_bindgen_test]
fn a_write_by_another_tab_is_taken_in_before_saving_not_overwritten() {
    let state = fresh_state();
    write_as_other_tab("b", "Beta renamed elsewhere");
    add_card(&state, "here");
    let after = stored();
    assert_eq!(names(&after), ["Alpha", "Beta renamed elsewhere"]);
    assert!(after[0].card("here").is_some());
    assert_eq!(names(&state.boards.get_untracked()), ["Alpha", "Beta renamed elsewhere"]);
    assert!(state.error.get_untracked().is_none());
}

#[wasm_bindgen_test]
fn a_board_both_tabs_changed_is_kept_twice_and_the_user_is_told() {
    let state = fresh_state();
    write_as_other_tab("a", "Alpha renamed elsewhere");
    add_card(&state, "here");
    let after = stored();
    assert_eq!(names(&after), ["Alpha renamed elsewhere", "Alpha (this tab's version)", "Beta"]);
    assert!(after[1].card("here").is_some());
    assert!(after[0].card("here").is_none());
    assert_eq!(state.active.get_untracked(), after[1].id);
    assert!(state.error.get_untracked().is_some_and(|e| e.contains("Both versions are kept")));
}

#[wasm_bindgen_test]
fn a_storage_event_from_another_tab_is_adopted_without_writing() {
    let state = fresh_state();
    let text = write_as_other_tab("b", "Beta from the other tab");
    state.stored_elsewhere(Some(text.clone()));
    assert_eq!(names(&state.boards.get_untracked()), ["Alpha", "Beta from the other tab"]);
    assert_eq!(local().get_item(storage::BOARDS_KEY).unwrap().as_deref(), Some(text.as_str()));
}

#[wasm_bindgen_test]
fn start_fresh_backs_the_unreadable_data_up_before_saving() {
    local().clear().unwrap();
    let junk = "{\"format\": \"ml-kanban-board\", \"version\": 9}";
    local().set_item(storage::BOARDS_KEY, junk).unwrap();
    let state = AppState::from_storage();
    assert!(state.sync.unreadable.get_untracked());
    assert!(state.banner.get_untracked().is_some_and(|b| b.contains("version 9")));
    add_card(&state, "session");
    assert_eq!(local().get_item(storage::BOARDS_KEY).unwrap().as_deref(), Some(junk));

    let key = state.start_fresh().unwrap();
    assert!(key.starts_with(storage::BACKUP_PREFIX));
    assert_eq!(local().get_item(&key).unwrap().as_deref(), Some(junk));
    assert!(stored()[0].card("session").is_some());
    assert!(state.banner.get_untracked().is_none() && state.persists());
}

#[wasm_bindgen_test]
fn boards_an_earlier_version_stored_as_a_board_file_load_and_are_saved_in_the_stored_form() {
    local().clear().unwrap();
    let old = board_core::format::to_storage_string(&two_boards(), Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
    local().set_item(storage::BOARDS_KEY, &old).unwrap();
    let state = AppState::from_storage();
    assert_eq!(names(&state.boards.get_untracked()), ["Alpha", "Beta"]);
    assert!(state.persists() && state.banner.get_untracked().is_none());
    add_card(&state, "after upgrade");
    let text = local().get_item(storage::BOARDS_KEY).unwrap().unwrap();
    assert!(text.starts_with(&format!("{{\"format\":\"{}\"", board_core::format::STORE_FORMAT_NAME)), "{}", &text[..60]);
    let after = stored();
    assert_eq!(names(&after), ["Alpha", "Beta"]);
    assert!(after[0].card("after upgrade").is_some());
}
