//! Browser tests of the app shell (wasm-bindgen-test in headless Chromium):
//! localStorage round trips, protection of unreadable data, the pure helpers
//! the views rely on, and the mounted board's DOM.

use board_core::{template, Block, Board, Card, CardType, Command, EventKind, History, Metric};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use leptos::prelude::*;
use ml_kanban::components::Shell;
use board_core::wip::{Limit, Status, Violation};
use ml_kanban::flow::{
    age, guarded, load_text, parse_amount, parse_limit, soft_override, status_text, with_override, FlowUi,
};
use ml_kanban::form::{self, CardForm};
use ml_kanban::moves::{describe_position, step_command, Step};
use ml_kanban::state::{AppState, Filter};
use ml_kanban::storage::{self, Loaded};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn at(day: u32, secs: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 9, 0, secs).unwrap() + chrono::Duration::milliseconds(123)
}

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// An ML board with a few cards in it, built through commands like the app does.
fn sample_board() -> Board {
    let mut b = template::ml_pipeline("b1", "Churn");
    let mut h = History::default();
    let mut card = Card::new("c1", "Try <b>GBM</b>", "train", "model", at(1, 0));
    card.card_type = CardType::Experiment;
    card.owner = Some("Aisha".into());
    card.tags = vec!["churn".into(), "gbm".into()];
    card.metric = Some(Metric { name: "AUC".into(), target: Some(0.85), achieved: Some(0.83) });
    card.links = vec!["https://tracker.example/run/1".into()];
    h.execute(&mut b, Command::AddCard { card, before: None }, at(1, 0)).unwrap();
    let second = Card::new("c2", "Label images", "backlog", "data", at(2, 0));
    h.execute(&mut b, Command::AddCard { card: second, before: None }, at(2, 5)).unwrap();
    let cmd = Command::MoveCard {
        id: "c2".into(),
        column: "explore".into(),
        lane: "data".into(),
        before: None,
        override_reason: None,
    };
    h.execute(&mut b, cmd, at(3, 7)).unwrap();
    b
}

#[wasm_bindgen_test]
fn boards_saved_to_local_storage_load_back_equal() {
    local().clear().unwrap();
    let boards = vec![sample_board(), template::blank("b2", "Scratch")];
    storage::save(&boards, at(4, 0)).unwrap();
    match storage::load() {
        Loaded::Boards(loaded) => assert_eq!(loaded, boards),
        other => panic!("expected boards, got {other:?}"),
    }
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn nothing_stored_is_a_first_visit_that_gets_one_ml_pipeline_board() {
    local().clear().unwrap();
    assert!(matches!(storage::load(), Loaded::Empty));
    let state = AppState::from_storage();
    let names = state.boards.with_untracked(|b| b.iter().map(|b| b.name.clone()).collect::<Vec<_>>());
    assert_eq!(names, ["ML pipeline"]);
    assert!(matches!(storage::load(), Loaded::Boards(b) if b.len() == 1 && b[0].columns.len() == 10));
    assert_eq!(storage::load_active(), Some(state.active.get_untracked()));
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn unreadable_stored_data_is_reported_and_never_overwritten() {
    local().clear().unwrap();
    local().set_item(storage::BOARDS_KEY, "{\"format\": \"not-ours\"}").unwrap();
    let state = AppState::from_storage();
    assert!(state.banner.get_untracked().is_some_and(|b| b.contains("could not be read")));
    assert!(!state.persists());
    let (column, lane) = state.with_board_untracked(|b| (b.columns[0].id.clone(), b.lanes[0].id.clone())).unwrap();
    let card = Card::new("n1", "Not saved", column, lane, at(1, 0));
    state.dispatch(Command::AddCard { card, before: None }).unwrap();
    assert_eq!(local().get_item(storage::BOARDS_KEY).unwrap().as_deref(), Some("{\"format\": \"not-ours\"}"));
    local().clear().unwrap();
}

/// Resolves after the next frame has been painted and one more task (when a scheduled save has run).
async fn after_next_frame() {
    let p = js_sys::Promise::new(&mut |done, _| {
        let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&done, 1).unwrap();
        });
        web_sys::window().unwrap().request_animation_frame(frame.unchecked_ref()).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits until the page shows a change: the card lists follow at once, headers, counts
/// and filter lists at the next frame (`AppState::changed`).
async fn settle() {
    leptos::task::tick().await;
    after_next_frame().await;
}

#[wasm_bindgen_test]
async fn a_change_is_saved_after_the_next_frame_or_at_once_when_the_page_hides() {
    local().clear().unwrap();
    let state = AppState::new(vec![sample_board()], None, true);
    state.dispatch(Command::RenameBoard { name: "Churn v2".into() }).unwrap();
    state.dispatch(Command::RenameBoard { name: "Churn v3".into() }).unwrap();
    assert!(state.save_is_pending(), "the key press or drop does not wait for the save");
    assert!(matches!(storage::load(), Loaded::Empty));
    after_next_frame().await;
    assert!(!state.save_is_pending());
    assert!(matches!(storage::load(), Loaded::Boards(b) if b[0].name == "Churn v3"));

    // A page being hidden or closed saves a pending change at once. (One test with the
    // above: async tests interleave, and both use the one localStorage.)
    local().clear().unwrap();
    let root = container();
    let state = AppState::new(vec![sample_board()], None, true);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Shell state=state /> });
    leptos::task::tick().await;
    state.dispatch(Command::RenameBoard { name: "Closing".into() }).unwrap();
    assert!(state.save_is_pending());
    web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
    assert!(!state.save_is_pending());
    assert!(matches!(storage::load(), Loaded::Boards(b) if b[0].name == "Closing"));
    root.remove();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn dispatch_saves_and_undo_redo_restore_the_board() {
    local().clear().unwrap();
    let state = AppState::new(vec![sample_board()], None, true);
    let before = state.boards.get_untracked();
    state.dispatch(Command::RenameBoard { name: "Churn v2".into() }).unwrap();
    state.flush_save();
    assert!(matches!(storage::load(), Loaded::Boards(b) if b[0].name == "Churn v2"));
    assert!(state.can_undo() && !state.can_redo());
    assert_eq!(state.undo(), Some("rename board"));
    assert_eq!(state.boards.get_untracked(), before);
    state.flush_save();
    assert!(matches!(storage::load(), Loaded::Boards(b) if b[0].name == "Churn"));
    assert_eq!(state.redo(), Some("rename board"));
    assert_eq!(state.with_board_untracked(|b| b.name.clone()).unwrap(), "Churn v2");
    // A refused command changes nothing and leaves no undo step.
    assert!(state.dispatch(Command::DeleteColumn { id: "train".into() }).is_err());
    state.undo();
    assert_eq!(state.boards.get_untracked(), before);
    assert!(!state.can_undo());
    // No save of this test may land in the next one's storage.
    state.flush_save();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn boards_are_created_duplicated_and_deleted_but_never_the_last() {
    local().clear().unwrap();
    let state = AppState::new(vec![sample_board()], None, false);
    let blank = state.create_board("Scratch", false);
    assert_eq!(state.active.get_untracked(), blank);
    assert_eq!(state.with_board_untracked(|b| b.columns.len()).unwrap(), 3);
    state.switch("b1");
    let copy = state.duplicate_board().unwrap();
    assert_eq!(state.with_board_untracked(|b| (b.name.clone(), b.cards.len())).unwrap(), ("Churn (copy)".into(), 2));
    assert!(state.delete_board(&copy));
    assert!(state.delete_board(&blank));
    assert!(!state.delete_board("b1"));
    assert_eq!(state.boards.with_untracked(Vec::len), 1);
}

#[wasm_bindgen_test]
fn demo_board_is_created_once_marked_and_removed_leaving_a_board() {
    local().clear().unwrap();
    let state = AppState::new(vec![sample_board()], None, false);
    assert!(!state.has_demo());
    let demo = state.create_demo_board();
    assert_eq!(state.active.get_untracked(), demo);
    assert!(state.with_board_untracked(|b| b.demo && b.cards.len() > 20).unwrap());
    state.switch("b1");
    assert_eq!(state.create_demo_board(), demo, "a second click shows the same demo board");
    assert_eq!(state.boards.with_untracked(Vec::len), 2);
    assert!(state.delete_board("b1"));
    assert_eq!(state.remove_demo_boards(), 1);
    assert!(!state.has_demo());
    let left = state.boards.get_untracked();
    assert_eq!(left.len(), 1, "the last board removed is replaced by a fresh one");
    assert!(!left[0].demo);
    assert_eq!(state.active.get_untracked(), left[0].id);
    assert_eq!(state.remove_demo_boards(), 0);
}

#[wasm_bindgen_test]
fn card_form_round_trips_a_card_and_names_a_bad_number() {
    let b = sample_board();
    let card = b.card("c1").unwrap();
    let f = CardForm::of(card);
    assert_eq!(f.tags, "churn, gbm");
    assert_eq!(f.details().unwrap(), card.details());
    let bad = CardForm { metric_target: "high".into(), ..f.clone() };
    assert_eq!(bad.details().unwrap_err(), "Metric target must be a number.");
    assert_eq!(form::tags(" a, b,,a , c"), ["a", "b", "c"]);
    assert_eq!(form::metric_label(card.metric.as_ref().unwrap()), "AUC 0.83 / 0.85");
    assert!(form::is_web_link("https://x.example/run"));
    assert!(!form::is_web_link("javascript:alert(1)"));
    assert!(!form::is_web_link("https://"));
}

#[wasm_bindgen_test]
fn keyboard_steps_become_move_commands_and_stop_at_edges() {
    let mut b = sample_board();
    let right = step_command(&b, "c1", Step::Right).unwrap();
    assert!(matches!(&right, Command::MoveCard { column, lane, before: None, .. } if column == "eval" && lane == "model"));
    board_core::apply(&mut b, &right, at(5, 0)).unwrap();
    assert_eq!(describe_position(&b, "c1").unwrap(), "Evaluation, Modeling, position 1 of 1");
    assert!(step_command(&b, "c1", Step::Up).is_none());
    assert!(step_command(&b, "c1", Step::Down).is_none());
    assert!(step_command(&b, "c2", Step::LaneUp).is_none());
    assert!(matches!(step_command(&b, "c2", Step::LaneDown), Some(Command::MoveCard { lane, .. }) if lane == "model"));
    assert_eq!(Step::from_key("ArrowUp", true, true, false), Some(Step::LaneUp));
    assert_eq!(Step::from_key("ArrowUp", false, false, false), None);
}

#[wasm_bindgen_test]
fn filter_matches_text_owner_type_and_tag() {
    let b = sample_board();
    let c1 = b.card("c1").unwrap();
    let f = |text: &str, owner: &str, t: &str, tag: &str| Filter {
        text: text.into(),
        owner: owner.into(),
        card_type: t.into(),
        tag: tag.into(),
        blocked_only: false,
    };
    assert!(f("gbm", "", "", "").matches(c1));
    assert!(f("", "Aisha", "experiment", "churn").matches(c1));
    assert!(!f("", "Mei", "", "").matches(c1));
    assert!(!f("", "", "data", "").matches(c1));
    assert!(!f("", "", "", "cnn").matches(c1));
}

#[wasm_bindgen_test]
fn blocked_only_filter_keeps_blocked_cards_only() {
    let b = sample_board();
    let mut c = b.card("c1").unwrap().clone();
    let only = Filter { blocked_only: true, ..Filter::default() };
    assert!(only.is_active());
    assert!(!only.matches(&c));
    c.blocked = Some(Block { reason: "compute".into(), note: None, since: at(1, 0) });
    assert!(only.matches(&c));
}

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn mounted_board_renders_the_grid_and_follows_commands() {
    let root = container();
    let state = AppState::new(vec![sample_board()], None, false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Shell state=state /> });
    settle().await;

    assert_eq!(texts(&root, ".col-name").len(), 10);
    assert_eq!(texts(&root, ".lane-name"), ["Data", "Modeling", "MLOps"]);
    let card = root.query_selector("[data-card-id=\"c1\"]").unwrap().expect("card c1 is shown");
    let face = card.text_content().unwrap();
    assert!(face.contains("Try <b>GBM</b>"), "user text is shown as text: {face}");
    assert!(face.contains("AUC 0.83 / 0.85") && face.contains("Aisha"));
    assert!(card.query_selector("b").unwrap().is_none(), "user text never becomes markup");
    assert_eq!(card.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(card.get_attribute("aria-label").unwrap().starts_with("Try <b>GBM</b>, experiment"));
    assert_eq!(texts(&root, "[data-testid=card-count]"), ["2 of 2 cards"]);
    assert_eq!(texts(&root, "[data-testid=column-load]")[5], "1 card", "Training holds c1, no limit");

    let train_model = "[data-column=\"train\"][data-lane=\"model\"] [data-card-id]";
    let eval_model = "[data-column=\"eval\"][data-lane=\"model\"] [data-card-id]";
    assert_eq!(root.query_selector_all(train_model).unwrap().length(), 1);
    state.dispatch(step_command(&state.boards.get_untracked()[0], "c1", Step::Right).unwrap()).unwrap();
    settle().await;
    assert_eq!(root.query_selector_all(train_model).unwrap().length(), 0);
    assert_eq!(root.query_selector_all(eval_model).unwrap().length(), 1);

    state.filter.set(Filter { owner: "Aisha".into(), ..Filter::default() });
    settle().await;
    assert_eq!(texts(&root, "[data-testid=card-count]"), ["1 of 2 cards"]);
    assert_eq!(root.query_selector_all("[data-card-id]").unwrap().length(), 1);

    state.undo();
    state.filter.set(Filter::default());
    settle().await;
    assert_eq!(root.query_selector_all(train_model).unwrap().length(), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_filter_lists_follow_owners_and_tags_through_edits_adds_deletes_and_undo() {
    let root = container();
    let state = AppState::new(vec![sample_board()], None, false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Shell state=state /> });
    settle().await;
    let owners = || texts(&root, "[aria-label='Filter cards'] select option");
    let has = |o: &[String], name: &str| o.iter().any(|x| x == name);
    assert!(has(&owners(), "Aisha"), "{:?}", owners());

    // A move changes no owner or tag: the lists stay as they are.
    state.dispatch(step_command(&state.boards.get_untracked()[0], "c1", Step::Right).unwrap()).unwrap();
    settle().await;
    assert!(has(&owners(), "Aisha"));

    // An edit that names a new owner and tag shows both.
    let mut details = state.boards.get_untracked()[0].card("c1").unwrap().details();
    details.owner = Some("Mei".into());
    details.tags = vec!["cnn".into()];
    state.dispatch(Command::EditCard { id: "c1".into(), details }).unwrap();
    settle().await;
    let o = owners();
    assert!(has(&o, "Mei") && has(&o, "cnn") && !has(&o, "Aisha"), "{o:?}");

    // A new card with an owner adds it; deleting it takes it away; undo brings it back.
    let mut card = Card::new("c9", "New", "backlog", "data", at(2, 0));
    card.owner = Some("Ravi".into());
    state.dispatch(Command::AddCard { card, before: None }).unwrap();
    settle().await;
    assert!(has(&owners(), "Ravi"));
    state.dispatch(Command::DeleteCard { id: "c9".into() }).unwrap();
    settle().await;
    assert!(!has(&owners(), "Ravi"));
    state.undo();
    settle().await;
    assert!(has(&owners(), "Ravi"), "{:?}", owners());
    root.remove();
}

// WIP and blocker text helpers (src/flow.rs).

fn violation(subject: &str, load: f64, max: f64) -> Violation {
    Violation { limit: Limit::Column("train".into()), subject: subject.into(), max, load }
}

#[wasm_bindgen_test]
fn soft_override_names_every_broken_limit() {
    let v = [violation("Training", 5.0, 4.0), violation("Training", 9.0, 8.0)];
    assert_eq!(soft_override(&v), "over limit: Training: 5 / 4 cards; Training: 9 / 8 cards");
}

#[wasm_bindgen_test]
fn with_override_sets_the_reason_of_moves_only() {
    let mv = Command::MoveCard {
        id: "c".into(),
        column: "a".into(),
        lane: "l".into(),
        before: None,
        override_reason: None,
    };
    match with_override(mv, Some("why".into())) {
        Command::MoveCard { override_reason, .. } => assert_eq!(override_reason.as_deref(), Some("why")),
        _ => panic!("still a move"),
    }
    let other = Command::UnblockCard { id: "c".into() };
    assert_eq!(with_override(other.clone(), Some("why".into())), other);
}

#[wasm_bindgen_test]
fn status_text_says_at_limit_and_by_how_much_over() {
    assert_eq!(status_text(3.0, Some(4.0), Status::Under), None);
    assert_eq!(status_text(4.0, Some(4.0), Status::AtLimit).as_deref(), Some("at limit"));
    assert_eq!(status_text(5.0, Some(4.0), Status::Over).as_deref(), Some("over by 1"));
    assert_eq!(status_text(6.5, Some(4.0), Status::Over).as_deref(), Some("over by 2.5"));
}

#[wasm_bindgen_test]
fn limits_parse_blank_as_none_and_refuse_zero() {
    assert_eq!(parse_limit(" ", "WIP"), Ok(None));
    assert_eq!(parse_limit("4", "WIP"), Ok(Some(4)));
    assert!(parse_limit("0", "WIP").is_err());
    assert!(parse_limit("2.5", "WIP").is_err());
    assert_eq!(parse_amount("7.5", "GPU"), Ok(Some(7.5)));
    assert!(parse_amount("-1", "GPU").is_err());
    assert_eq!(parse_amount("", "GPU"), Ok(None));
}

#[wasm_bindgen_test]
fn age_is_short_hours_or_days() {
    assert_eq!(age(0.01), "<1h");
    assert_eq!(age(5.5 / 24.0), "5h");
    assert_eq!(age(3.7), "3d");
    assert_eq!(load_text(6.0, Some(8.0)), "6 / 8");
    assert_eq!(load_text(2.0, None), "2");
}

fn move_to_training(id: &str) -> Command {
    Command::MoveCard {
        id: id.into(),
        column: "train".into(),
        lane: "model".into(),
        before: None,
        override_reason: None,
    }
}

#[wasm_bindgen_test]
fn guarded_moves_over_a_soft_limit_run_warn_and_record_the_override() {
    let mut b = sample_board();
    b.columns.iter_mut().find(|c| c.id == "train").unwrap().wip_limit = Some(1);
    let state = AppState::new(vec![b], None, false);
    let flow = FlowUi::new(state);
    let done = Arc::new(AtomicBool::new(false));
    let d = done.clone();
    assert!(guarded(state, flow, move_to_training("c2"), move || d.store(true, Ordering::SeqCst)));
    assert!(done.load(Ordering::SeqCst), "the follow-up runs once the move is made");
    let board = state.boards.get_untracked().remove(0);
    assert_eq!(board.card("c2").unwrap().column, "train");
    match &board.events.last().unwrap().kind {
        EventKind::Moved { override_reason, .. } => {
            assert_eq!(override_reason.as_deref(), Some("over limit: Training: 2 / 1 cards"))
        }
        other => panic!("expected a move, got {other:?}"),
    }
    assert_eq!(flow.warning.get_untracked(), Some((vec!["Training: 2 / 1 cards".to_owned()], true)));
}

#[wasm_bindgen_test]
fn guarded_moves_over_a_hard_limit_wait_for_a_reason_and_change_nothing() {
    let mut b = sample_board();
    b.columns.iter_mut().find(|c| c.id == "train").unwrap().wip_limit = Some(1);
    b.wip.hard = true;
    let state = AppState::new(vec![b.clone()], None, false);
    let flow = FlowUi::new(state);
    assert!(!guarded(state, flow, move_to_training("c2"), || {}));
    assert_eq!(state.boards.get_untracked()[0], b, "nothing changes before the reason");
    let pending = flow.pending.get_untracked().expect("waits for a reason");
    assert_eq!(pending.found, ["Training: 2 / 1 cards"]);
    assert!(!state.can_undo());
    // Within the limit, the same function simply runs the move.
    assert!(guarded(state, flow, move_to_training("c1"), || {}));
}

#[wasm_bindgen_test]
fn a_card_face_keeps_hostile_text_as_text_in_every_field_and_attribute() {
    let evil = r#""><img src=x onerror=alert(1)>'&amp;<script>x</script>"#;
    let mut card = Card::new(format!("id{evil}"), evil, "train", "model", at(1, 0));
    card.owner = Some(evil.into());
    card.tags = vec![evil.into()];
    card.blocked = Some(Block { reason: evil.into(), note: None, since: at(1, 0) });
    card.metric = Some(Metric { name: evil.into(), target: Some(0.8), achieved: None });
    let root = container();
    root.set_inner_html(&ml_kanban::components::card_markup(&card, at(3, 0), None));
    assert!(root.query_selector("img, script").unwrap().is_none(), "no markup from card text");
    let face = root.query_selector("article").unwrap().unwrap();
    assert_eq!(face.get_attribute("data-card-id").unwrap(), card.id);
    assert!(face.get_attribute("aria-label").unwrap().starts_with(evil));
    assert_eq!(texts(&root, ".card-title"), [evil]);
    assert_eq!(texts(&root, ".owner"), [evil]);
    assert_eq!(texts(&root, ".tag"), [evil]);
    assert!(texts(&root, ".blocked-badge")[0].contains(evil));
    assert!(texts(&root, ".metric")[0].starts_with(evil));
    assert_eq!(root.query_selector("article").unwrap().unwrap().children().length(), 5, "top, blocked, title, meta, tags");
}
