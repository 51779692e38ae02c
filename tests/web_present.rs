//! Browser tests of presentation mode and the stakeholder report page
//! (wasm-bindgen-test in headless Chromium): the read-only state, the
//! capture-phase keys over the mounted shell, and the report's DOM.

use board_core::{template, Card, Command, CommandError, History};
use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use ml_kanban::components::Shell;
use ml_kanban::state::AppState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn board() -> board_core::Board {
    let mut b = template::ml_pipeline("p1", "Churn <i>v2</i> | Q3");
    let mut h = History::default();
    let at = |d| Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap();
    h.execute(&mut b, Command::AddCard { card: Card::new("c1", "Try GBM", "train", "model", at(1)), before: None }, at(1))
        .unwrap();
    b
}

fn container() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn key(k: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(k);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().body().unwrap().dispatch_event(&ev).unwrap();
}

fn exists(root: &web_sys::HtmlElement, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

fn presenting() -> bool {
    document().document_element().unwrap().class_list().contains("presenting")
}

#[wasm_bindgen_test]
fn read_only_refuses_every_command_and_undo() {
    let state = AppState::new(vec![board()], None, false);
    state.dispatch(Command::RenameBoard { name: "Before".into() }).unwrap();
    let before = state.boards.get_untracked();
    state.ui.read_only.set(true);
    assert_eq!(state.dispatch(Command::RenameBoard { name: "After".into() }), Err(CommandError::ReadOnly));
    assert_eq!(state.undo(), None);
    assert!(!state.run(Command::DeleteCard { id: "c1".into() }));
    assert!(state.error.get_untracked().unwrap().contains("read-only while it is presented"));
    assert_eq!(state.boards.get_untracked(), before);
    state.ui.read_only.set(false);
    assert_eq!(state.undo(), Some("rename board"));
}

#[wasm_bindgen_test]
async fn present_walks_the_slides_with_keys_and_escape_leaves() {
    let root = container();
    let state = AppState::new(vec![board()], None, false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Shell state=state /> });
    leptos::task::tick().await;

    let btn: web_sys::HtmlElement = root.query_selector("#present-btn").unwrap().expect("Present button").unchecked_into();
    btn.click();
    leptos::task::tick().await;
    assert!(state.ui.read_only.get_untracked() && presenting());
    assert!(exists(&root, "[data-testid=present-bar]"));
    assert!(exists(&root, "[data-card-id=c1]"), "the board is the first slide");

    key("ArrowRight");
    leptos::task::tick().await;
    assert!(exists(&root, ".metrics-page"), "second slide: metrics");
    key("3");
    leptos::task::tick().await;
    assert!(exists(&root, "[data-testid=blockers-page]"), "third slide: blockers");
    key("End");
    leptos::task::tick().await;
    assert!(exists(&root, "[data-testid=report-page]"), "last slide: report");
    key("ArrowRight");
    leptos::task::tick().await;
    assert!(exists(&root, "[data-testid=report-page]"), "the last slide stays");
    assert_eq!(state.announce.get_untracked(), "Slide 4 of 4: Report.");

    key("Escape");
    leptos::task::tick().await;
    assert!(!state.ui.read_only.get_untracked() && !presenting());
    assert!(!exists(&root, "[data-testid=present-bar]"));
    root.remove();
}

#[wasm_bindgen_test]
async fn report_page_shows_user_text_as_text() {
    let root = container();
    let state = AppState::new(vec![board()], None, false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Shell state=state /> });
    leptos::task::tick().await;
    let report_tab = (0..root.query_selector_all(".view-tab").unwrap().length())
        .filter_map(|i| root.query_selector_all(".view-tab").unwrap().item(i))
        .find(|n| n.text_content().as_deref() == Some("Report"))
        .expect("a Report tab");
    report_tab.unchecked_into::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    let title = root.query_selector("#report-title").unwrap().expect("report title").text_content().unwrap();
    assert!(title.contains("Churn <i>v2</i> | Q3"), "{title}");
    assert!(root.query_selector("#report-title i").unwrap().is_none(), "user text never becomes markup");
    let remaining = root.query_selector("[data-testid=rep-remaining]").unwrap().unwrap().text_content().unwrap();
    assert_eq!(remaining, "1 card not finished: 1 started, 0 not started.");
    root.remove();
}
