//! The stored form (`format::to_compact_string`, `format::read_stored`): its
//! size on the benchmark boards, exact times, the old stored form, and every
//! way a damaged or hand-edited stored value is refused.
//!
//! Key design decision: refusals are checked on one small stored value with
//! one JSON edit each, and the whole message is compared, as
//! `format_refusals.rs` does for files; random round trips and fuzzing live
//! in `format_roundtrip.rs` and `format_commands.rs`.

#[path = "../examples/bench_boards/boards.rs"]
#[allow(dead_code)]
mod boards;

use board_core::format::{export_string, read_stored, to_compact_string, to_storage_string, ImportError};
use board_core::*;
use chrono::{Duration, TimeZone, Utc};
use serde_json::{json, Value};

fn at(h: u32, m: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
}

/// A small board: card c1 created in Backlog and moved to Training (with
/// lanes, as the app writes them), c2 blocked, c3 created then deleted.
fn board() -> Board {
    let mut b = template::ml_pipeline("b", "Churn");
    let (backlog, train) = (b.columns[0].id.clone(), b.columns[5].id.clone());
    let lane = b.lanes[1].id.clone();
    let ev = |t: Instant, card: &str, kind: EventKind| Event { at: t, card: card.into(), kind };
    b.events = vec![
        ev(at(9, 0), "c1", EventKind::Created { column: backlog.clone(), lane: lane.clone() }),
        ev(at(9, 5), "c2", EventKind::Created { column: backlog.clone(), lane: lane.clone() }),
        ev(at(9, 6), "c3", EventKind::Created { column: backlog.clone(), lane: lane.clone() }),
        ev(
            at(10, 0),
            "c1",
            EventKind::Moved {
                from: backlog.clone(),
                to: train.clone(),
                from_lane: Some(lane.clone()),
                to_lane: Some(lane.clone()),
                override_reason: Some("urgent".into()),
            },
        ),
        ev(at(10, 30), "c2", EventKind::Blocked { reason: "compute".into(), note: Some("GPU quota".into()) }),
        ev(at(11, 0), "c3", EventKind::Deleted),
    ];
    let mut c1 = Card::new("c1", "GBM", train, lane.clone(), at(9, 0));
    c1.owner = Some("Aisha".into());
    c1.tags = vec!["gbm".into()];
    let mut c2 = Card::new("c2", "Labels", backlog, lane, at(9, 5));
    c2.blocked = Some(Block { reason: "compute".into(), note: Some("GPU quota".into()), since: at(10, 30) });
    b.cards = vec![c1, c2];
    b
}

fn stored() -> Value {
    serde_json::from_str(&to_compact_string(&[board()], at(12, 0))).unwrap()
}

/// The stored value with one edit at a JSON pointer.
fn edited(pointer: &str, value: Value) -> String {
    let mut v = stored();
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer} in the stored value")) = value;
    v.to_string()
}

fn refused(text: &str) -> ImportError {
    read_stored(text).expect_err("the stored value should be refused")
}

fn assert_refused_at(text: &str, path: &str, message: &str) {
    match refused(text) {
        ImportError::Invalid { path: p, message: m } => {
            assert_eq!(p, path, "message: {m}");
            assert!(m.contains(message), "at {p}: {m:?} does not contain {message:?}");
        }
        other => panic!("expected a refusal at {path}, got {other:?}"),
    }
}

// ------------------------------------------------------------ size and shape

#[test]
fn a_10000_card_benchmark_board_is_stored_in_at_most_1_25_million_chars_and_reads_back() {
    let b = boards::sized_board(10_000, 10_000);
    assert_eq!(b.events.len(), 55_000);
    let text = to_compact_string(std::slice::from_ref(&b), at(12, 0));
    let chars = text.chars().count();
    assert!(chars <= 1_250_000, "{chars} chars");
    assert_eq!(read_stored(&text).unwrap(), vec![b]);
}

#[test]
fn the_stored_form_is_one_line_of_json_with_its_own_header() {
    let text = to_compact_string(&[board()], at(12, 0));
    assert!(text.starts_with(r#"{"format":"ml-kanban-store","version":1,"saved_at":"2026-03-02T12:00:00Z","#));
    assert!(!text.contains('\n'));
    let v = stored();
    // Whole minutes, counted from the first event. The deleted card c3 is
    // card 2 + 2 (past the 2 cards, string 2). c1's move leaves `from` to
    // where it was, keeps its lane (flags 16 + 64) and names an override
    // (256, string 3).
    let b = &v["boards"][0];
    assert_eq!(b["unit"], "min");
    assert_eq!(b["strings"], json!(["Aisha", "gbm", "c3", "urgent", "compute", "GPU quota"]));
    assert_eq!(b["cards"]["column"], json!([5, 0]));
    assert_eq!(b["cards"]["owner"], json!([1, 0]));
    assert_eq!(b["cards"]["tags"], json!([[1], []]));
    assert_eq!(b["cards"]["created"], json!([0, 0]));
    assert_eq!(b["cards"]["more"][0]["card"], 1);
    #[rustfmt::skip]
    let events = json!([
        0, 0, 0, 0, 1,
        0, 5, 1, 0, 1,
        0, 1, 4, 0, 1,
        1 + 16 + 64 + 256, 54, 0, 5, 3,
        2 + 8, 30, 1, 4, 5,
        4, 30, 4,
    ]);
    assert_eq!(b["events"], events);
}

#[test]
fn boards_in_the_old_stored_form_and_export_files_read_back_equal() {
    let bs = vec![board(), demo::demo_board("demo", at(12, 0), 3)];
    assert_eq!(read_stored(&to_storage_string(&bs, at(12, 0))).unwrap(), bs);
    assert_eq!(read_stored(&export_string(&bs, at(12, 0))).unwrap(), bs);
    assert_eq!(read_stored(&format!("\u{feff}{}", to_compact_string(&bs, at(12, 0)))).unwrap(), bs);
}

#[test]
fn times_keep_every_nanosecond_in_the_unit_they_need() {
    for (nanos, unit) in [(0, "s"), (5_000_000, "ms"), (7_000, "us"), (123_456_789, "ns")] {
        let mut b = board();
        b.events[5].at = Utc.timestamp_opt(at(11, 0).timestamp() + 1, nanos).unwrap();
        let text = to_compact_string(std::slice::from_ref(&b), at(12, 0));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["boards"][0]["unit"], unit);
        assert_eq!(read_stored(&text).unwrap(), vec![b]);
    }
}

#[test]
fn a_board_without_events_or_cards_and_times_far_apart_are_stored_exactly() {
    let empty = template::blank("e", "Empty");
    let mut far = board();
    far.cards[1].created_at = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap() + Duration::nanoseconds(1);
    far.events[5].at = Utc.with_ymd_and_hms(2200, 1, 1, 0, 0, 0).unwrap();
    let bs = vec![empty, far];
    let text = to_compact_string(&bs, at(12, 0));
    assert!(text.starts_with(r#"{"format":"ml-kanban-store""#));
    assert_eq!(read_stored(&text).unwrap(), bs);
}

#[test]
fn a_board_with_a_leap_second_is_stored_as_a_board_file_and_reads_back_equal() {
    let mut b = board();
    let leap = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_milli_opt(11, 59, 59, 1_500).unwrap();
    b.events[5].at = leap.and_utc();
    let text = to_compact_string(std::slice::from_ref(&b), at(12, 0));
    assert!(text.starts_with(r#"{"format":"ml-kanban-board""#), "{}", &text[..40]);
    assert_eq!(read_stored(&text).unwrap(), vec![b]);
}

#[test]
fn ids_no_longer_on_the_board_are_kept_as_strings() {
    let mut b = board();
    b.events[0].kind = EventKind::Created { column: "gone-col".into(), lane: "gone-lane".into() };
    b.events[3].kind = EventKind::Moved {
        from: "gone-col".into(),
        to: b.columns[5].id.clone(),
        from_lane: Some("gone-lane".into()),
        to_lane: Some(b.lanes[1].id.clone()),
        override_reason: None,
    };
    let text = to_compact_string(std::slice::from_ref(&b), at(12, 0));
    assert_eq!(read_stored(&text).unwrap(), vec![b]);
}

// ------------------------------------------------------------ refusals

#[test]
fn a_stored_value_that_is_not_json_or_not_ours_is_refused_as_before() {
    assert!(matches!(refused("{\"format\":\"ml-kanban-store\",\"version\":1,"), ImportError::NotJson { .. }));
    assert!(matches!(refused("{\"format\": \"not-ours\"}"), ImportError::NotBoardFile { .. }));
    assert!(matches!(refused(""), ImportError::NotJson { .. }));
}

#[test]
fn a_newer_stored_form_is_refused_naming_both_versions_whatever_its_shape() {
    let e = refused(r#"{"format":"ml-kanban-store","version":2,"boards":"elsewhere"}"#);
    assert_eq!(e, ImportError::FutureVersion { found: 2, supported: 1 });
    let mut v = stored();
    v["version"] = json!(3);
    assert_eq!(refused(&v.to_string()), ImportError::FutureVersion { found: 3, supported: 1 });
    v["version"] = json!(0);
    assert_refused_at(&v.to_string(), "version", "there is no version 0");
}

#[test]
fn a_value_of_the_wrong_type_is_refused_with_serdes_reason() {
    assert_refused_at(
        &edited("/boards/0/events/1", json!("x")),
        "$",
        "not in the shape of the stored form: invalid type",
    );
    assert_refused_at(&edited("/boards/0/cards/type/0", json!(300)), "$", "invalid value: integer `300`");
    assert_refused_at(&edited("/boards/0/t0", json!("yesterday")), "$", "is not an RFC 3339 time");
    assert_refused_at(&edited("/boards/0/unit", json!("h")), "$", "unknown variant `h`");
    assert_refused_at(&edited("/boards/0/timezone", json!("+25:00")), "$", "is not a UTC offset");
}

#[test]
fn references_past_the_strings_are_refused_with_the_event_or_card_field() {
    assert_refused_at(&edited("/boards/0/events/2", json!(99)), "boards[0].events[0].card", "there is no card 99");
    assert_refused_at(&edited("/boards/0/events/3", json!(99)), "boards[0].events[0].column", "there is no column 99");
    assert_refused_at(&edited("/boards/0/events/4", json!(-1)), "boards[0].events[0]", "-1 is not an index");
    assert_refused_at(&edited("/boards/0/cards/owner/0", json!(9)), "boards[0].cards[0].owner", "there is no string 8");
    assert_refused_at(
        &edited("/boards/0/cards/tags/0", json!([50])),
        "boards[0].cards[0].tags",
        "there is no string 50",
    );
    assert_refused_at(&edited("/boards/0/cards/lane/1", json!(70)), "boards[0].cards[1].lane", "there is no lane 70");
    // Past the board's lanes but a string: an id no longer on the board, where no card may be.
    assert_refused_at(&edited("/boards/0/cards/lane/1", json!(7)), "boards[0].cards[1].lane", "no lane \"compute\"");
    assert_refused_at(
        &edited("/boards/0/cards/type/1", json!(8)),
        "boards[0].cards[1].type",
        "there is no card type 8 (types are numbered 0 to 7)",
    );
}

#[test]
fn broken_event_heads_and_a_cut_event_list_are_refused() {
    for head in [5, 7, -3, 2 + 16, 1 + 16 + 32, 1 + 64 + 128, 1 + 512] {
        assert_refused_at(&edited("/boards/0/events/0", json!(head)), "boards[0].events[0]", "is not an event head");
    }
    let mut v = stored();
    v["boards"][0]["events"].as_array_mut().unwrap().pop();
    assert_refused_at(&v.to_string(), "boards[0].events[5]", "the event list ends inside this event");
    // A move that leaves `from` to the card's column, for a card not created yet.
    let events = json!([1, 0, 0, 5]);
    assert_refused_at(&edited("/boards/0/events", events), "boards[0].events[0].from", "the card has no column yet");
    let events = json!([1 + 8 + 16, 0, 0, 0, 5]);
    assert_refused_at(&edited("/boards/0/events", events), "boards[0].events[0].from_lane", "no lane yet");
}

#[test]
fn times_out_of_range_are_refused() {
    assert_refused_at(&edited("/boards/0/events/1", json!(i64::MAX)), "boards[0].events[0].at", "out of range");
    assert_refused_at(
        &edited("/boards/0/cards/created/1", json!(i64::MIN)),
        "boards[0].cards[1].created_at",
        "out of range",
    );
}

#[test]
fn card_lists_of_different_lengths_and_misplaced_extras_are_refused() {
    assert_refused_at(
        &edited("/boards/0/cards/lane", json!([1])),
        "boards[0].cards.lane",
        "holds 1 values for 2 cards",
    );
    assert_refused_at(&edited("/boards/0/cards/more/0/card", json!(2)), "boards[0].cards.more[0].card", "there is no card 2");
    let mut v = stored();
    let more = v["boards"][0]["cards"]["more"][0].clone();
    v["boards"][0]["cards"]["more"].as_array_mut().unwrap().push(more);
    assert_refused_at(&v.to_string(), "boards[0].cards.more[1].card", "is not after the card before it");
}

#[test]
fn a_stored_value_breaking_a_rule_of_the_format_gets_the_importers_message() {
    // c1 in Backlog (column 0), though its last move put it in Training.
    assert_refused_at(
        &edited("/boards/0/cards/column/0", json!(0)),
        "boards[0].cards[0].column",
        "card \"c1\" is in column \"backlog\", but its last created/moved event (boards[0].events[3]) put it in \"train\"",
    );
    assert_refused_at(&edited("/boards/0/cards/id/1", json!("")), "boards[0].cards[1].id", "an id cannot be empty");
    assert_refused_at(&edited("/boards/0/cards/id/1", json!("c1")), "boards[0].cards[1].id", "is already used by");
    let column = json!({ "id": "explore", "name": "Explore", "kind": "active", "wip_limit": 0 });
    assert_refused_at(&edited("/boards/0/columns/1", column), "boards[0].columns[1].wip_limit", "at least 1");
    assert_refused_at(&edited("/boards/0/lanes", json!([])), "boards[0].lanes", "a board needs at least one lane");
    assert_refused_at(&edited("/boards", json!([])), "boards", "a file holds at least one board");
    // A time going back: the second event 10 minutes before the first.
    assert_refused_at(
        &edited("/boards/0/events/6", json!(-10)),
        "boards[0].events[1].at",
        "older than the one before it",
    );
}

#[test]
fn a_stored_value_over_the_size_limit_is_refused_before_parsing() {
    let text = format!("{{\"format\":\"ml-kanban-store\",\"version\":1{}}}", " ".repeat(format::MAX_IMPORT_BYTES));
    assert!(matches!(refused(&text), ImportError::TooLarge { .. }));
}
