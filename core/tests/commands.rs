//! Card commands of `board_core::command`: what each one does to the board,
//! which events it appends (with the fields of board-format.md), and what it
//! refuses.
//!
//! Key design decision: every test goes through two checking helpers, `ok`
//! (the command applies, and its `Undo` restores the board exactly) and
//! `refused` (the command fails, and the board is byte-for-byte what it was),
//! so each behaviour test also pins down undo and all-or-nothing application.

use board_core::template::ml_pipeline;
use board_core::*;
use chrono::{TimeZone, Utc};

fn t(s: i64) -> Instant {
    Utc.timestamp_opt(1_780_000_000 + s, 0).unwrap()
}

fn card(id: &str, column: &str, lane: &str) -> Card {
    Card::new(id, format!("Card {id}"), column, lane, t(-1_000))
}

/// Applies `cmd`, checks that its undo restores the board exactly, and returns its events.
fn ok(b: &mut Board, cmd: Command, now: Instant) -> Vec<Event> {
    let before = b.clone();
    let applied = apply(b, &cmd, now).unwrap_or_else(|e| panic!("{cmd:?} refused: {e}"));
    assert_eq!(b.events[before.events.len()..], applied.events[..], "returned events are the appended ones");
    let mut undone = b.clone();
    applied.undo.revert(&mut undone);
    assert_eq!(undone, before, "undo of {cmd:?} restores the board");
    applied.events
}

/// Applies `cmd` to a copy of `b`, expects a refusal and an untouched board.
fn refused(b: &Board, cmd: Command) -> CommandError {
    let mut copy = b.clone();
    let e = apply(&mut copy, &cmd, t(9_999)).expect_err("command should be refused");
    assert_eq!(&copy, b, "a refused {cmd:?} leaves the board unchanged");
    e
}

fn add(b: &mut Board, id: &str, column: &str, lane: &str, now: Instant) {
    ok(b, Command::AddCard { card: card(id, column, lane), before: None }, now);
}

fn cell(b: &Board, column: &str, lane: &str) -> Vec<String> {
    b.cell(column, lane).map(|c| c.id.clone()).collect()
}

fn ev(at: Instant, card: &str, kind: EventKind) -> Event {
    Event { at, card: card.into(), kind }
}

fn created(column: &str, lane: &str) -> EventKind {
    EventKind::Created { column: column.into(), lane: lane.into() }
}

fn mv(card: &str, column: &str, lane: &str, before: Option<&str>) -> Command {
    Command::MoveCard {
        id: card.into(),
        column: column.into(),
        lane: lane.into(),
        before: before.map(Into::into),
        override_reason: None,
    }
}

/// The ML template with cards a, b, c in (train, model), d in (train, data), e in (eval, model).
fn sample() -> Board {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model", t(1));
    add(&mut b, "d", "train", "data", t(2));
    add(&mut b, "b", "train", "model", t(3));
    add(&mut b, "e", "eval", "model", t(4));
    add(&mut b, "c", "train", "model", t(5));
    b
}

// ---------------------------------------------------------------- AddCard

#[test]
fn add_card_puts_it_last_in_its_cell_created_now_with_a_created_event() {
    let mut b = sample();
    let mut new = card("n", "train", "model");
    new.title = "  Try GBM  ".into();
    let events = ok(&mut b, Command::AddCard { card: new, before: None }, t(50));
    assert_eq!(events, vec![ev(t(50), "n", created("train", "model"))]);
    assert_eq!(cell(&b, "train", "model"), ["a", "b", "c", "n"]);
    let n = b.card("n").unwrap();
    assert_eq!(n.created_at, t(50), "created_at is the moment of the command");
    assert_eq!(n.title, "Try GBM", "title is trimmed");
    assert_eq!(b.events.last(), Some(&events[0]));
}

#[test]
fn add_card_before_a_card_of_the_cell_inserts_it_there() {
    let mut b = sample();
    ok(&mut b, Command::AddCard { card: card("n", "train", "model"), before: Some("b".into()) }, t(50));
    assert_eq!(cell(&b, "train", "model"), ["a", "n", "b", "c"]);
}

#[test]
fn add_card_into_an_empty_cell_works() {
    let mut b = sample();
    let events = ok(&mut b, Command::AddCard { card: card("n", "monitor", "ops"), before: None }, t(50));
    assert_eq!(events, vec![ev(t(50), "n", created("monitor", "ops"))]);
    assert_eq!(cell(&b, "monitor", "ops"), ["n"]);
}

#[test]
fn add_card_given_as_blocked_is_blocked_now_with_a_blocked_event() {
    let mut b = sample();
    let mut new = card("n", "train", "model");
    new.blocked = Some(Block { reason: "compute".into(), note: Some(" GPU quota ".into()), since: t(-5) });
    let events = ok(&mut b, Command::AddCard { card: new, before: None }, t(50));
    assert_eq!(
        events,
        vec![
            ev(t(50), "n", created("train", "model")),
            ev(t(50), "n", EventKind::Blocked { reason: "compute".into(), note: Some("GPU quota".into()) }),
        ]
    );
    let block = b.card("n").unwrap().blocked.clone().unwrap();
    assert_eq!((block.since, block.note.as_deref()), (t(50), Some("GPU quota")));
}

#[test]
fn add_card_refuses_a_blocked_card_with_an_unknown_reason() {
    let b = sample();
    let mut new = card("n", "train", "model");
    new.blocked = Some(Block { reason: "bogus".into(), note: None, since: t(0) });
    assert_eq!(refused(&b, Command::AddCard { card: new, before: None }), CommandError::UnknownReason("bogus".into()));
}

#[test]
fn add_card_refuses_duplicate_and_empty_ids() {
    let b = sample();
    let add = |c: Card| Command::AddCard { card: c, before: None };
    assert_eq!(refused(&b, add(card("a", "train", "model"))), CommandError::DuplicateId("a".into()));
    assert_eq!(refused(&b, add(card("e", "backlog", "data"))), CommandError::DuplicateId("e".into()));
    assert_eq!(refused(&b, add(card("", "train", "model"))), CommandError::DuplicateId("".into()));
}

#[test]
fn add_card_refuses_unknown_column_or_lane() {
    let b = sample();
    let add = |c: Card| Command::AddCard { card: c, before: None };
    assert_eq!(refused(&b, add(card("n", "nope", "model"))), CommandError::UnknownColumn("nope".into()));
    assert_eq!(refused(&b, add(card("n", "train", "nope"))), CommandError::UnknownLane("nope".into()));
}

#[test]
fn add_card_refuses_an_empty_or_blank_title() {
    let b = sample();
    for title in ["", "   ", "\t\n"] {
        let mut c = card("n", "train", "model");
        c.title = title.into();
        assert_eq!(refused(&b, Command::AddCard { card: c, before: None }), CommandError::EmptyName);
    }
}

#[test]
fn add_card_refuses_an_insertion_point_outside_the_cell() {
    let b = sample();
    let add = |before: &str| Command::AddCard { card: card("n", "train", "model"), before: Some(before.into()) };
    assert_eq!(refused(&b, add("d")), CommandError::NotInCell("d".into()), "d is in another lane");
    assert_eq!(refused(&b, add("e")), CommandError::NotInCell("e".into()), "e is in another column");
    assert_eq!(refused(&b, add("zz")), CommandError::NotInCell("zz".into()), "zz does not exist");
}

// ---------------------------------------------------------------- EditCard

fn details() -> CardDetails {
    CardDetails {
        title: "  New title ".into(),
        card_type: CardType::Experiment,
        owner: Some("Aisha".into()),
        tags: vec!["churn".into(), "gbm".into()],
        description: Some("<b>text</b>".into()),
        hypothesis: Some("GBM beats LR".into()),
        dataset: Some("v3".into()),
        metric: Some(Metric { name: "AUC".into(), target: Some(0.85), achieved: Some(0.83) }),
        links: vec!["https://tracker/run/1".into()],
        compute: Some(2.0),
    }
}

#[test]
fn edit_card_replaces_every_editable_field_without_events_or_moving_it() {
    let mut b = sample();
    let events = ok(&mut b, Command::EditCard { id: "b".into(), details: details() }, t(50));
    assert!(events.is_empty());
    let c = b.card("b").unwrap();
    let mut want = details();
    want.title = "New title".into();
    assert_eq!(c.details(), want);
    assert_eq!((c.column.as_str(), c.lane.as_str()), ("train", "model"));
    assert_eq!(cell(&b, "train", "model"), ["a", "b", "c"]);
}

#[test]
fn edit_card_with_unchanged_details_changes_nothing() {
    let mut b = sample();
    let before = b.clone();
    let d = b.card("a").unwrap().details();
    assert!(ok(&mut b, Command::EditCard { id: "a".into(), details: d }, t(50)).is_empty());
    assert_eq!(b, before);
}

#[test]
fn edit_card_refuses_an_unknown_card_and_an_empty_title() {
    let b = sample();
    assert_eq!(
        refused(&b, Command::EditCard { id: "zz".into(), details: details() }),
        CommandError::UnknownCard("zz".into())
    );
    let blank = CardDetails { title: "  ".into(), ..details() };
    assert_eq!(refused(&b, Command::EditCard { id: "a".into(), details: blank }), CommandError::EmptyName);
}

// ---------------------------------------------------------------- MoveCard

#[test]
fn move_within_a_cell_before_another_card_reorders_without_an_event() {
    let mut b = sample();
    assert!(ok(&mut b, mv("c", "train", "model", Some("a")), t(50)).is_empty());
    assert_eq!(cell(&b, "train", "model"), ["c", "a", "b"]);
    assert!(ok(&mut b, mv("c", "train", "model", Some("b")), t(51)).is_empty());
    assert_eq!(cell(&b, "train", "model"), ["a", "c", "b"]);
    assert_eq!(b.events.len(), 5, "only the five created events");
}

#[test]
fn move_within_a_cell_to_last_reorders_without_an_event() {
    let mut b = sample();
    assert!(ok(&mut b, mv("a", "train", "model", None), t(50)).is_empty());
    assert_eq!(cell(&b, "train", "model"), ["b", "c", "a"]);
    let c = b.card("a").unwrap();
    assert_eq!((c.column.as_str(), c.lane.as_str()), ("train", "model"));
}

#[test]
fn move_to_another_column_emits_moved_with_columns_and_lanes() {
    let mut b = sample();
    let events = ok(&mut b, mv("b", "eval", "model", None), t(50));
    assert_eq!(
        events,
        vec![ev(
            t(50),
            "b",
            EventKind::Moved {
                from: "train".into(),
                to: "eval".into(),
                from_lane: Some("model".into()),
                to_lane: Some("model".into()),
                override_reason: None,
            }
        )]
    );
    assert_eq!(cell(&b, "train", "model"), ["a", "c"]);
    assert_eq!(cell(&b, "eval", "model"), ["e", "b"]);
}

#[test]
fn move_to_another_column_before_a_card_places_it_there() {
    let mut b = sample();
    ok(&mut b, mv("c", "eval", "model", Some("e")), t(50));
    assert_eq!(cell(&b, "eval", "model"), ["c", "e"]);
}

#[test]
fn move_to_another_lane_of_the_same_column_emits_moved_with_from_equal_to() {
    let mut b = sample();
    let events = ok(&mut b, mv("a", "train", "data", Some("d")), t(50));
    assert_eq!(
        events,
        vec![ev(
            t(50),
            "a",
            EventKind::Moved {
                from: "train".into(),
                to: "train".into(),
                from_lane: Some("model".into()),
                to_lane: Some("data".into()),
                override_reason: None,
            }
        )]
    );
    assert_eq!(cell(&b, "train", "data"), ["a", "d"]);
    assert_eq!(cell(&b, "train", "model"), ["b", "c"]);
}

#[test]
fn move_records_an_override_reason_and_drops_a_blank_one() {
    let mut b = sample();
    let with = |id: &str, reason: &str| Command::MoveCard {
        id: id.into(),
        column: "eval".into(),
        lane: "model".into(),
        before: None,
        override_reason: Some(reason.into()),
    };
    let e = ok(&mut b, with("a", "release blocker"), t(50));
    assert!(matches!(&e[0].kind, EventKind::Moved { override_reason: Some(r), .. } if r == "release blocker"));
    let e = ok(&mut b, with("b", "   "), t(51));
    assert!(matches!(&e[0].kind, EventKind::Moved { override_reason: None, .. }));
}

#[test]
fn move_with_an_override_inside_the_cell_still_emits_nothing() {
    let mut b = sample();
    let cmd = Command::MoveCard {
        id: "a".into(),
        column: "train".into(),
        lane: "model".into(),
        before: None,
        override_reason: Some("why not".into()),
    };
    assert!(ok(&mut b, cmd, t(50)).is_empty());
}

#[test]
fn move_before_itself_is_refused() {
    let b = sample();
    assert_eq!(refused(&b, mv("b", "train", "model", Some("b"))), CommandError::NotInCell("b".into()));
    assert_eq!(refused(&b, mv("b", "eval", "model", Some("b"))), CommandError::NotInCell("b".into()));
}

#[test]
fn move_to_where_the_card_already_is_changes_nothing() {
    let b = sample();
    for cmd in [
        mv("c", "train", "model", None),
        mv("a", "train", "model", Some("b")),
        mv("b", "train", "model", Some("c")),
        mv("d", "train", "data", None),
        mv("e", "eval", "model", None),
    ] {
        let mut after = b.clone();
        let applied = apply(&mut after, &cmd, t(50)).unwrap();
        assert!(applied.events.is_empty(), "{cmd:?} emits no event");
        assert_eq!(after, b, "{cmd:?} changes nothing");
    }
}

#[test]
fn move_to_where_the_card_already_is_keeps_the_card_list_even_with_other_cells_between() {
    // The card list interleaves cells: a (train, model), d (train, data), b (train, model)...
    // "Last in its cell" for b, or "a before b", must not reshuffle the list.
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model", t(1));
    add(&mut b, "x", "backlog", "data", t(2));
    add(&mut b, "b", "train", "model", t(3));
    add(&mut b, "y", "backlog", "data", t(4));
    for cmd in [mv("b", "train", "model", None), mv("a", "train", "model", Some("b"))] {
        let mut after = b.clone();
        let applied = apply(&mut after, &cmd, t(50)).unwrap();
        assert!(applied.events.is_empty());
        assert_eq!(after, b, "{cmd:?} changes nothing");
    }
}

#[test]
fn move_refuses_unknown_card_column_lane_and_insertion_point() {
    let b = sample();
    assert_eq!(refused(&b, mv("zz", "eval", "model", None)), CommandError::UnknownCard("zz".into()));
    assert_eq!(refused(&b, mv("a", "nope", "model", None)), CommandError::UnknownColumn("nope".into()));
    assert_eq!(refused(&b, mv("a", "eval", "nope", None)), CommandError::UnknownLane("nope".into()));
    assert_eq!(refused(&b, mv("a", "eval", "model", Some("b"))), CommandError::NotInCell("b".into()));
    assert_eq!(refused(&b, mv("a", "eval", "model", Some("zz"))), CommandError::NotInCell("zz".into()));
}

#[test]
fn a_moved_card_keeps_its_blocked_state() {
    let mut b = sample();
    ok(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(10));
    ok(&mut b, mv("a", "eval", "model", None), t(11));
    assert!(b.card("a").unwrap().blocked.is_some());
}

// ---------------------------------------------------------------- DeleteCard

#[test]
fn delete_card_removes_it_and_appends_deleted_keeping_its_history() {
    let mut b = sample();
    let events = ok(&mut b, Command::DeleteCard { id: "b".into() }, t(50));
    assert_eq!(events, vec![ev(t(50), "b", EventKind::Deleted)]);
    assert!(b.card("b").is_none());
    assert_eq!(cell(&b, "train", "model"), ["a", "c"]);
    assert_eq!(b.events.iter().filter(|e| e.card == "b").count(), 2, "created and deleted stay");
}

#[test]
fn delete_card_refuses_an_unknown_card() {
    assert_eq!(refused(&sample(), Command::DeleteCard { id: "zz".into() }), CommandError::UnknownCard("zz".into()));
}

// ---------------------------------------------------------------- BlockCard / UnblockCard

#[test]
fn block_card_sets_reason_note_and_since_with_a_blocked_event() {
    let mut b = sample();
    let cmd = Command::BlockCard { id: "a".into(), reason: "data-access".into(), note: Some("  no S3 creds ".into()) };
    let events = ok(&mut b, cmd, t(50));
    assert_eq!(
        events,
        vec![ev(t(50), "a", EventKind::Blocked { reason: "data-access".into(), note: Some("no S3 creds".into()) })]
    );
    assert_eq!(
        b.card("a").unwrap().blocked,
        Some(Block { reason: "data-access".into(), note: Some("no S3 creds".into()), since: t(50) })
    );
}

#[test]
fn block_card_without_a_note_or_with_a_blank_one_records_none() {
    let mut b = sample();
    let e = ok(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(50));
    assert_eq!(e[0].kind, EventKind::Blocked { reason: "compute".into(), note: None });
    let e = ok(&mut b, Command::BlockCard { id: "b".into(), reason: "labeling".into(), note: Some("  ".into()) }, t(51));
    assert_eq!(e[0].kind, EventKind::Blocked { reason: "labeling".into(), note: None });
}

#[test]
fn block_card_accepts_every_builtin_reason_and_the_boards_own_labels() {
    let mut b = sample();
    ok(&mut b, Command::SetBlockerLabels { labels: vec!["vendor".into()] }, t(10));
    for (i, reason) in BLOCKER_REASONS.iter().copied().chain(["vendor"]).enumerate() {
        let mut copy = b.clone();
        ok(&mut copy, Command::BlockCard { id: "a".into(), reason: reason.into(), note: None }, t(20 + i as i64));
        assert_eq!(copy.card("a").unwrap().blocked.as_ref().unwrap().reason, reason);
    }
}

#[test]
fn block_card_refuses_unknown_card_already_blocked_and_unknown_reason() {
    let mut b = sample();
    let block = |id: &str, reason: &str| Command::BlockCard { id: id.into(), reason: reason.into(), note: None };
    assert_eq!(refused(&b, block("zz", "compute")), CommandError::UnknownCard("zz".into()));
    assert_eq!(refused(&b, block("a", "bogus")), CommandError::UnknownReason("bogus".into()));
    assert_eq!(refused(&b, block("a", "")), CommandError::UnknownReason("".into()));
    ok(&mut b, block("a", "compute"), t(50));
    assert_eq!(refused(&b, block("a", "approval")), CommandError::AlreadyBlocked("a".into()));
}

#[test]
fn unblock_card_clears_the_block_with_an_unblocked_event() {
    let mut b = sample();
    ok(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(50));
    let events = ok(&mut b, Command::UnblockCard { id: "a".into() }, t(60));
    assert_eq!(events, vec![ev(t(60), "a", EventKind::Unblocked)]);
    assert_eq!(b.card("a").unwrap().blocked, None);
}

#[test]
fn unblock_card_refuses_unknown_and_not_blocked_cards() {
    let b = sample();
    assert_eq!(refused(&b, Command::UnblockCard { id: "zz".into() }), CommandError::UnknownCard("zz".into()));
    assert_eq!(refused(&b, Command::UnblockCard { id: "a".into() }), CommandError::NotBlocked("a".into()));
}

// ---------------------------------------------------------------- Retrain

fn model_card() -> Card {
    let mut c = card("m", "monitor", "model");
    c.title = "Churn GBM".into();
    c.card_type = CardType::Model;
    c.dataset = Some("v3".into());
    c.metric = Some(Metric { name: "AUC".into(), target: Some(0.85), achieved: Some(0.87) });
    c.owner = Some("Aisha".into());
    c
}

#[test]
fn retrain_creates_a_retraining_card_first_in_the_first_column_of_the_same_lane() {
    let mut b = sample();
    add(&mut b, "old1", "backlog", "model", t(6));
    add(&mut b, "old2", "backlog", "model", t(7));
    add(&mut b, "other", "backlog", "data", t(8));
    ok(&mut b, Command::AddCard { card: model_card(), before: None }, t(9));
    let events = ok(&mut b, Command::Retrain { id: "m".into(), new_id: "r".into() }, t(50));
    assert_eq!(events, vec![ev(t(50), "r", created("backlog", "model"))]);
    assert_eq!(cell(&b, "backlog", "model"), ["r", "old1", "old2"]);
    assert_eq!(cell(&b, "backlog", "data"), ["other"]);
    let r = b.card("r").unwrap();
    assert_eq!(r.card_type, CardType::Retraining);
    assert_eq!(r.parent.as_deref(), Some("m"));
    assert_eq!(r.dataset.as_deref(), Some("v3"));
    assert_eq!(r.metric, Some(Metric { name: "AUC".into(), target: Some(0.85), achieved: None }));
    assert_eq!((r.column.as_str(), r.lane.as_str()), ("backlog", "model"));
    assert_eq!(r.created_at, t(50));
    assert_eq!(r.blocked, None);
    assert!(!r.title.trim().is_empty());
    assert!(b.card("m").is_some(), "the source card stays");
    assert_eq!(b.card("m").unwrap().metric.as_ref().unwrap().achieved, Some(0.87), "source untouched");
}

#[test]
fn retrain_into_an_empty_first_cell() {
    let mut b = sample();
    ok(&mut b, Command::AddCard { card: model_card(), before: None }, t(9));
    ok(&mut b, Command::Retrain { id: "m".into(), new_id: "r".into() }, t(50));
    assert_eq!(cell(&b, "backlog", "model"), ["r"]);
}

#[test]
fn retrain_uses_the_current_first_column() {
    let mut b = sample();
    ok(&mut b, Command::MoveColumn { id: "explore".into(), index: 0 }, t(8));
    ok(&mut b, Command::AddCard { card: model_card(), before: None }, t(9));
    let events = ok(&mut b, Command::Retrain { id: "m".into(), new_id: "r".into() }, t(50));
    assert_eq!(events, vec![ev(t(50), "r", created("explore", "model"))]);
}

#[test]
fn retrain_of_a_card_without_ml_fields_carries_nothing_over() {
    let mut b = sample();
    ok(&mut b, Command::Retrain { id: "d".into(), new_id: "r".into() }, t(50));
    let r = b.card("r").unwrap();
    assert_eq!((r.dataset.clone(), r.metric.clone(), r.parent.as_deref()), (None, None, Some("d")));
    assert_eq!(r.lane, "data");
}

#[test]
fn retrain_refuses_unknown_source_and_taken_or_empty_new_ids() {
    let b = sample();
    let retrain = |id: &str, new_id: &str| Command::Retrain { id: id.into(), new_id: new_id.into() };
    assert_eq!(refused(&b, retrain("zz", "r")), CommandError::UnknownCard("zz".into()));
    assert_eq!(refused(&b, retrain("a", "b")), CommandError::DuplicateId("b".into()));
    assert_eq!(refused(&b, retrain("a", "a")), CommandError::DuplicateId("a".into()));
    assert_eq!(refused(&b, retrain("a", "")), CommandError::DuplicateId("".into()));
}

// ---------------------------------------------------------------- time order

#[test]
fn a_command_at_a_moment_before_the_last_event_is_stamped_at_that_event_so_history_stays_in_order() {
    let mut b = sample(); // last event at t(5)
    let events = ok(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(2));
    assert_eq!(events[0].at, t(5));
    assert_eq!(b.card("a").unwrap().blocked.as_ref().unwrap().since, t(5), "the block agrees with its event");
    ok(&mut b, Command::AddCard { card: card("n", "train", "model"), before: None }, t(0));
    assert_eq!(b.card("n").unwrap().created_at, t(5));
    assert!(b.events.windows(2).all(|w| w[0].at <= w[1].at));
}

#[test]
fn a_redo_replayed_after_later_changes_keeps_the_history_in_order() {
    let mut b = sample();
    let mut h = History::default();
    h.execute(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(10)).unwrap();
    h.undo(&mut b);
    // Another tab moves a card later on.
    apply(&mut b, &mv("d", "eval", "data", None), t(60)).unwrap();
    assert_eq!(h.redo(&mut b), Some("block card"));
    assert!(b.events.windows(2).all(|w| w[0].at <= w[1].at), "{:?}", b.events);
}

// ---------------------------------------------------------------- History

#[test]
fn history_undoes_and_redoes_with_labels_and_redo_gives_back_the_same_board() {
    let mut b = sample();
    let start = b.clone();
    let mut h = History::default();
    assert!(!h.can_undo() && !h.can_redo());
    h.execute(&mut b, mv("a", "eval", "model", None), t(50)).unwrap();
    h.execute(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(60)).unwrap();
    let end = b.clone();
    assert_eq!(h.undo(&mut b), Some("block card"));
    assert_eq!(h.undo(&mut b), Some("move card"));
    assert_eq!(h.undo(&mut b), None);
    assert_eq!(b, start);
    assert!(h.can_redo());
    assert_eq!(h.redo(&mut b), Some("move card"));
    assert_eq!(h.redo(&mut b), Some("block card"));
    assert_eq!(h.redo(&mut b), None);
    assert_eq!(b, end, "redo replays at the original moments");
}

#[test]
fn history_refused_command_is_not_recorded_and_a_new_command_drops_redo() {
    let mut b = sample();
    let mut h = History::default();
    assert!(h.execute(&mut b, Command::DeleteCard { id: "zz".into() }, t(50)).is_err());
    assert!(!h.can_undo());
    h.execute(&mut b, Command::DeleteCard { id: "a".into() }, t(50)).unwrap();
    h.undo(&mut b);
    assert!(h.can_redo());
    h.execute(&mut b, Command::DeleteCard { id: "b".into() }, t(51)).unwrap();
    assert!(!h.can_redo());
}

#[test]
fn history_redo_that_no_longer_fits_is_dropped_without_changing_the_board() {
    let mut b = sample();
    let mut h = History::default();
    h.execute(&mut b, Command::DeleteCard { id: "a".into() }, t(50)).unwrap();
    h.undo(&mut b);
    // The board changes outside this history (another tab deleted the card).
    apply(&mut b, &Command::DeleteCard { id: "a".into() }, t(55)).unwrap();
    let before = b.clone();
    assert_eq!(h.redo(&mut b), None);
    assert_eq!(b, before);
    assert!(!h.can_redo());
}

#[test]
fn history_keeps_at_most_history_depth_steps() {
    let mut b = sample();
    let mut h = History::default();
    for i in 0..(command::HISTORY_DEPTH + 5) {
        let name = format!("name {i}");
        h.execute(&mut b, Command::RenameBoard { name }, t(100 + i as i64)).unwrap();
    }
    let undone = std::iter::from_fn(|| h.undo(&mut b)).count();
    assert_eq!(undone, command::HISTORY_DEPTH);
    assert_eq!(b.name, "name 4");
}

#[test]
fn every_command_has_a_non_empty_label() {
    let cmds = [
        Command::AddCard { card: card("n", "train", "model"), before: None },
        Command::DeleteCard { id: "a".into() },
        Command::Retrain { id: "a".into(), new_id: "r".into() },
        Command::SetTimezone { offset_minutes: 0 },
    ];
    for c in cmds {
        assert!(!c.label().is_empty());
    }
}
