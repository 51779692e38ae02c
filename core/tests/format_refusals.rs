//! Every way a file is refused, with the message and the JSON path it names;
//! and the lenient cases a reader must accept.
//!
//! Key design decision: each test starts from one small valid file, breaks one
//! thing with a JSON edit, and checks the whole error (path and message), so a
//! refusal that moves to another path or loses its wording fails a test.

use board_core::format::{import_str, ImportError, CURRENT_VERSION};
use board_core::*;
use chrono::{FixedOffset, TimeZone, Utc};
use serde_json::{json, Value};

fn valid() -> Value {
    json!({
        "format": "ml-kanban-board",
        "version": 1,
        "exported_at": "2026-12-03T16:05:00Z",
        "boards": [{
            "id": "b",
            "name": "Churn",
            "timezone": "+08:00",
            "columns": [
                { "id": "backlog", "name": "Backlog", "kind": "backlog" },
                { "id": "train", "name": "Training", "kind": "active", "wip_limit": 2 },
                { "id": "done", "name": "Done", "kind": "done" }
            ],
            "lanes": [ { "id": "data", "name": "Data" }, { "id": "model", "name": "Model", "wip_limit": 5 } ],
            "cycle": { "start": "train", "end": "done" },
            "convention": "actionable-agile",
            "cards": [
                { "id": "c1", "title": "GBM", "type": "experiment", "column": "train", "lane": "model",
                  "created_at": "2026-03-02T09:30:00Z", "tags": ["gbm"] },
                { "id": "c2", "title": "Labels", "column": "backlog", "lane": "data",
                  "created_at": "2026-03-02T10:00:00Z",
                  "blocked": { "reason": "compute", "note": "GPU quota", "since": "2026-03-04T10:00:00Z" } }
            ],
            "events": [
                { "at": "2026-03-02T09:30:00Z", "card": "c1", "kind": "created", "column": "backlog", "lane": "model" },
                { "at": "2026-03-02T10:00:00Z", "card": "c2", "kind": "created", "column": "backlog", "lane": "data" },
                { "at": "2026-03-03T11:00:00Z", "card": "c1", "kind": "moved", "from": "backlog", "to": "train" },
                { "at": "2026-03-04T10:00:00Z", "card": "c2", "kind": "blocked", "reason": "compute", "note": "GPU quota" }
            ]
        }]
    })
}

/// The valid file with one edit applied at a JSON pointer (`None` removes the value there).
fn edited(pointer: &str, value: Option<Value>) -> Value {
    let mut v = valid();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = v.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent} in the valid file"));
    match (target, value) {
        (Value::Object(m), Some(x)) => {
            m.insert(key.to_owned(), x);
        }
        (Value::Object(m), None) => {
            m.remove(key);
        }
        (Value::Array(a), Some(x)) => a[key.parse::<usize>().unwrap()] = x,
        (Value::Array(a), None) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("cannot edit {pointer}"),
    }
    v
}

fn refusal(v: &Value) -> ImportError {
    match import_str(&v.to_string()) {
        Ok(_) => panic!("the file was accepted"),
        Err(e) => e,
    }
}

#[track_caller]
fn assert_refused_at(v: Value, path: &str, message_part: &str) {
    let e = refusal(&v);
    assert_eq!(e.path(), Some(path), "wrong path in: {e}");
    let text = e.to_string();
    assert!(text.starts_with(&format!("{path}: ")), "message does not start with the path: {text}");
    assert!(text.contains(message_part), "message {text:?} lacks {message_part:?}");
}

#[test]
fn the_valid_file_of_these_tests_imports() {
    let boards = import_str(&valid().to_string()).unwrap();
    assert_eq!(boards[0].cards.len(), 2);
    assert_eq!(boards[0].events.len(), 4);
}

// ------------------------------------------------------------ not a board file

#[test]
fn text_that_is_not_json_is_refused_as_not_json() {
    let e = import_str("{\"format\": ").unwrap_err();
    assert!(matches!(e, ImportError::NotJson { .. }));
    assert!(e.to_string().starts_with("not a JSON file: "), "{e}");
    assert!(e.to_string().contains("line 1"), "{e}");
}

#[test]
fn empty_text_is_refused_as_not_json() {
    assert!(matches!(import_str("").unwrap_err(), ImportError::NotJson { .. }));
}

#[test]
fn json_that_is_not_an_object_is_not_a_board_file() {
    let e = import_str("[1, 2]").unwrap_err();
    assert_eq!(e.to_string(), "not a board file: the file holds a list, not an object");
}

#[test]
fn another_format_is_not_a_board_file() {
    let e = refusal(&edited("/format", Some(json!("trello-export"))));
    assert_eq!(e.to_string(), "not a board file: its format is \"trello-export\", not \"ml-kanban-board\"");
}

#[test]
fn a_missing_format_is_not_a_board_file() {
    let e = refusal(&edited("/format", None));
    assert_eq!(e.to_string(), "not a board file: it has no \"format\": \"ml-kanban-board\"");
}

#[test]
fn a_format_that_is_not_a_string_is_not_a_board_file() {
    let e = refusal(&edited("/format", Some(json!(1))));
    assert!(matches!(e, ImportError::NotBoardFile { .. }), "{e}");
}

// ------------------------------------------------------------ version

#[test]
fn a_newer_version_is_refused_naming_both_versions() {
    let e = refusal(&edited("/version", Some(json!(3))));
    assert_eq!(e, ImportError::FutureVersion { found: 3, supported: CURRENT_VERSION });
    assert!(e.to_string().starts_with("this file is version 3; this app reads up to version 1"), "{e}");
}

#[test]
fn a_missing_version_is_refused_at_version() {
    assert_refused_at(edited("/version", None), "version", "missing");
}

#[test]
fn a_version_written_as_text_is_refused() {
    assert_refused_at(edited("/version", Some(json!("1"))), "version", "expected a whole number, found a string");
}

#[test]
fn a_fractional_version_is_refused() {
    assert_refused_at(edited("/version", Some(json!(1.5))), "version", "expected a whole number, found 1.5");
}

#[test]
fn version_zero_does_not_exist() {
    assert_refused_at(edited("/version", Some(json!(0))), "version", "there is no version 0");
}

#[test]
fn a_huge_version_is_a_future_version_not_a_crash() {
    let e = refusal(&edited("/version", Some(json!(u64::MAX))));
    assert!(matches!(e, ImportError::FutureVersion { .. }), "{e}");
}

// ------------------------------------------------------------ shape

#[test]
fn a_file_without_boards_is_refused() {
    assert_refused_at(edited("/boards", None), "boards", "missing");
}

#[test]
fn a_file_with_an_empty_board_list_is_refused() {
    assert_refused_at(edited("/boards", Some(json!([]))), "boards", "at least one board");
}

#[test]
fn a_board_that_is_not_an_object_is_refused() {
    assert_refused_at(edited("/boards/0", Some(json!("b"))), "boards[0]", "expected an object, found a string");
}

#[test]
fn a_board_without_columns_is_refused() {
    assert_refused_at(edited("/boards/0/columns", Some(json!([]))), "boards[0].columns", "at least one column");
}

#[test]
fn a_board_without_lanes_is_refused() {
    assert_refused_at(edited("/boards/0/lanes", Some(json!([]))), "boards[0].lanes", "at least one lane");
}

#[test]
fn a_board_missing_its_lanes_field_is_refused() {
    assert_refused_at(edited("/boards/0/lanes", None), "boards[0].lanes", "missing");
}

#[test]
fn a_card_missing_its_title_is_refused() {
    assert_refused_at(edited("/boards/0/cards/0/title", None), "boards[0].cards[0].title", "missing");
}

#[test]
fn a_card_missing_its_created_at_is_refused() {
    assert_refused_at(edited("/boards/0/cards/1/created_at", None), "boards[0].cards[1].created_at", "missing");
}

#[test]
fn a_card_that_is_not_an_object_is_refused() {
    assert_refused_at(edited("/boards/0/cards/1", Some(json!(7))), "boards[0].cards[1]", "found a number");
}

#[test]
fn a_tag_that_is_not_text_is_refused_at_its_index() {
    assert_refused_at(
        edited("/boards/0/cards/0/tags", Some(json!(["ok", 3]))),
        "boards[0].cards[0].tags[1]",
        "expected a string, found a number",
    );
}

#[test]
fn tags_that_are_not_a_list_are_refused() {
    assert_refused_at(edited("/boards/0/cards/0/tags", Some(json!("gbm"))), "boards[0].cards[0].tags", "expected a list");
}

#[test]
fn a_moved_event_without_to_is_refused() {
    assert_refused_at(edited("/boards/0/events/2/to", None), "boards[0].events[2].to", "missing");
}

#[test]
fn a_created_event_without_lane_is_refused() {
    assert_refused_at(edited("/boards/0/events/0/lane", None), "boards[0].events[0].lane", "missing");
}

#[test]
fn a_blocked_event_without_reason_is_refused() {
    assert_refused_at(edited("/boards/0/events/3/reason", None), "boards[0].events[3].reason", "missing");
}

#[test]
fn a_demo_flag_that_is_not_a_boolean_is_refused() {
    assert_refused_at(edited("/boards/0/demo", Some(json!("yes"))), "boards[0].demo", "expected true or false");
}

// ------------------------------------------------------------ ids

#[test]
fn an_empty_column_id_is_refused() {
    assert_refused_at(edited("/boards/0/columns/1/id", Some(json!(""))), "boards[0].columns[1].id", "an id cannot be empty");
}

#[test]
fn an_empty_card_id_is_refused() {
    assert_refused_at(edited("/boards/0/cards/0/id", Some(json!(""))), "boards[0].cards[0].id", "an id cannot be empty");
}

#[test]
fn an_empty_event_card_is_refused() {
    assert_refused_at(edited("/boards/0/events/2/card", Some(json!(""))), "boards[0].events[2].card", "an id cannot be empty");
}

#[test]
fn a_duplicate_column_id_is_refused_naming_the_first_use() {
    assert_refused_at(
        edited("/boards/0/columns/2/id", Some(json!("backlog"))),
        "boards[0].columns[2].id",
        "column id \"backlog\" is already used by boards[0].columns[0]",
    );
}

#[test]
fn a_duplicate_lane_id_is_refused() {
    assert_refused_at(
        edited("/boards/0/lanes/1/id", Some(json!("data"))),
        "boards[0].lanes[1].id",
        "lane id \"data\" is already used by boards[0].lanes[0]",
    );
}

#[test]
fn a_duplicate_card_id_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/1/id", Some(json!("c1"))),
        "boards[0].cards[1].id",
        "card id \"c1\" is already used by boards[0].cards[0]",
    );
}

#[test]
fn a_column_and_a_lane_may_share_an_id() {
    let v = edited("/boards/0/lanes/1", Some(json!({ "id": "done", "name": "Done lane" })));
    let v = {
        let mut v = v;
        v["boards"][0]["cards"][0]["lane"] = json!("data");
        v["boards"][0]["events"][0]["lane"] = json!("data");
        v
    };
    assert!(import_str(&v.to_string()).is_ok());
}

#[test]
fn two_boards_with_one_id_in_a_file_are_refused() {
    let mut v = valid();
    let b = v["boards"][0].clone();
    v["boards"].as_array_mut().unwrap().push(b);
    assert_refused_at(v, "boards[1].id", "board id \"b\" appears twice in this file");
}

// ------------------------------------------------------------ references

#[test]
fn a_card_in_an_unknown_column_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/1/column", Some(json!("nowhere"))),
        "boards[0].cards[1].column",
        "there is no column \"nowhere\" on this board",
    );
}

#[test]
fn a_card_in_an_unknown_lane_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/1/lane", Some(json!("ops"))),
        "boards[0].cards[1].lane",
        "there is no lane \"ops\" on this board",
    );
}

#[test]
fn history_may_name_columns_and_lanes_no_longer_on_the_board() {
    // As after deleting an emptied column and lane: the history stays.
    let mut v = valid();
    let events = v["boards"][0]["events"].as_array_mut().unwrap();
    events.push(json!({ "at": "2026-03-05T10:00:00Z", "card": "c1", "kind": "moved", "from": "train", "to": "old-col",
        "from_lane": "model", "to_lane": "old-lane" }));
    events.push(json!({ "at": "2026-03-06T10:00:00Z", "card": "c1", "kind": "moved", "from": "old-col", "to": "train",
        "from_lane": "old-lane", "to_lane": "model" }));
    events.push(json!({ "at": "2026-03-07T10:00:00Z", "card": "gone", "kind": "created", "column": "old-col", "lane": "old-lane" }));
    events.push(json!({ "at": "2026-03-08T10:00:00Z", "card": "gone", "kind": "deleted" }));
    assert_eq!(import_str(&v.to_string()).unwrap()[0].events.len(), 8);
}

#[test]
fn a_card_whose_last_move_names_a_column_no_longer_on_the_board_is_refused_at_its_column() {
    assert_refused_at(
        edited("/boards/0/events/2/to", Some(json!("gone"))),
        "boards[0].cards[0].column",
        "its last created/moved event (boards[0].events[2]) put it in \"gone\"",
    );
}

#[test]
fn a_cycle_starting_at_an_unknown_column_is_refused() {
    assert_refused_at(
        edited("/boards/0/cycle/start", Some(json!("gone"))),
        "boards[0].cycle.start",
        "there is no column \"gone\"",
    );
}

#[test]
fn a_cycle_starting_right_of_its_end_is_refused() {
    assert_refused_at(
        edited("/boards/0/cycle", Some(json!({ "start": "done", "end": "train" }))),
        "boards[0].cycle",
        "the cycle starts at \"done\", right of where it ends, \"train\"",
    );
}

#[test]
fn a_cycle_starting_and_ending_in_one_column_is_accepted() {
    let v = edited("/boards/0/cycle", Some(json!({ "start": "train", "end": "train" })));
    assert!(import_str(&v.to_string()).is_ok());
}

#[test]
fn a_cycle_without_an_end_is_refused() {
    assert_refused_at(edited("/boards/0/cycle/end", None), "boards[0].cycle.end", "missing");
}

#[test]
fn a_cell_limit_on_an_unknown_column_is_refused() {
    assert_refused_at(
        edited("/boards/0/wip", Some(json!({ "cell_limits": [{ "column": "gone", "lane": "data", "limit": 2 }] }))),
        "boards[0].wip.cell_limits[0].column",
        "there is no column \"gone\"",
    );
}

// ------------------------------------------------------------ position vs history

#[test]
fn a_card_elsewhere_than_its_last_move_is_refused_naming_the_event() {
    assert_refused_at(
        edited("/boards/0/cards/0/column", Some(json!("done"))),
        "boards[0].cards[0].column",
        "card \"c1\" is in column \"done\", but its last created/moved event (boards[0].events[2]) put it in \"train\"",
    );
}

#[test]
fn a_card_in_another_lane_than_its_created_event_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/1/lane", Some(json!("model"))),
        "boards[0].cards[1].lane",
        "card \"c2\" is in lane \"model\", but its last created/moved event (boards[0].events[1]) put it in \"data\"",
    );
}

#[test]
fn a_move_without_lanes_keeps_the_lane_of_the_event_before() {
    // c1 was created in lane "model" and moved without naming lanes: "data" disagrees.
    assert_refused_at(
        edited("/boards/0/cards/0/lane", Some(json!("data"))),
        "boards[0].cards[0].lane",
        "put it in \"model\"",
    );
}

#[test]
fn a_move_naming_its_lane_sets_the_lane_the_card_must_be_in() {
    let mut v = edited("/boards/0/events/2/to_lane", Some(json!("data")));
    v["boards"][0]["events"][2]["from_lane"] = json!("model");
    assert!(refusal(&v).to_string().contains("put it in \"data\""));
    v["boards"][0]["cards"][0]["lane"] = json!("data");
    assert_eq!(import_str(&v.to_string()).unwrap()[0].cards[0].lane, "data");
}

#[test]
fn a_card_without_history_is_taken_as_created_where_it_is() {
    let mut v = valid();
    v["boards"][0]["events"] = json!([]);
    v["boards"][0]["cards"][0]["column"] = json!("done");
    assert!(import_str(&v.to_string()).is_ok());
}

#[test]
fn an_event_older_than_the_one_before_it_is_refused() {
    assert_refused_at(
        edited("/boards/0/events/2/at", Some(json!("2026-03-02T09:59:59Z"))),
        "boards[0].events[2].at",
        "events are listed oldest first, but this one (2026-03-02T09:59:59Z) is older than the one before it (2026-03-02T10:00:00Z)",
    );
}

#[test]
fn events_at_the_same_moment_are_in_order() {
    let v = edited("/boards/0/events/2/at", Some(json!("2026-03-02T10:00:00Z")));
    assert!(import_str(&v.to_string()).is_ok());
}

#[test]
fn event_order_compares_instants_not_text() {
    // 18:00+08:00 is 10:00Z: the same moment as the event before it.
    let v = edited("/boards/0/events/2/at", Some(json!("2026-03-02T18:00:00+08:00")));
    assert!(import_str(&v.to_string()).is_ok());
}

#[test]
fn events_may_name_cards_that_were_deleted() {
    let mut v = valid();
    let events = v["boards"][0]["events"].as_array_mut().unwrap();
    events.push(json!({ "at": "2026-03-05T10:00:00Z", "card": "old", "kind": "created", "column": "backlog", "lane": "data" }));
    events.push(json!({ "at": "2026-03-06T10:00:00Z", "card": "old", "kind": "deleted" }));
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert_eq!(b.events.len(), 6);
    assert_eq!(b.events[5].kind, EventKind::Deleted);
}

// ------------------------------------------------------------ enums

#[test]
fn an_unknown_column_kind_is_refused_listing_the_known_ones() {
    assert_refused_at(
        edited("/boards/0/columns/1/kind", Some(json!("doing"))),
        "boards[0].columns[1].kind",
        "unknown column kind \"doing\"; expected one of \"backlog\", \"active\", \"queue\", \"done\"",
    );
}

#[test]
fn an_unknown_card_type_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/0/type", Some(json!("bug"))),
        "boards[0].cards[0].type",
        "unknown card type \"bug\"",
    );
}

#[test]
fn an_unknown_convention_is_refused() {
    assert_refused_at(
        edited("/boards/0/convention", Some(json!("kanban"))),
        "boards[0].convention",
        "unknown convention \"kanban\"",
    );
}

#[test]
fn an_unknown_event_kind_is_refused() {
    assert_refused_at(
        edited("/boards/0/events/3/kind", Some(json!("archived"))),
        "boards[0].events[3].kind",
        "unknown event kind \"archived\"",
    );
}

#[test]
fn a_card_blocked_for_an_unknown_reason_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/1/blocked/reason", Some(json!("vibes"))),
        "boards[0].cards[1].blocked.reason",
        "\"vibes\" is neither a standard blocker reason nor one of this board's blocker_labels",
    );
}

#[test]
fn a_card_blocked_for_a_label_the_board_defines_is_accepted() {
    let mut v = edited("/boards/0/cards/1/blocked/reason", Some(json!("legal review")));
    v["boards"][0]["blocker_labels"] = json!(["legal review"]);
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert_eq!(b.blocker_labels, ["legal review"]);
    assert_eq!(b.cards[1].blocked.as_ref().unwrap().reason, "legal review");
}

#[test]
fn an_empty_blocker_label_is_refused() {
    assert_refused_at(
        edited("/boards/0/blocker_labels", Some(json!(["ok", " "]))),
        "boards[0].blocker_labels[1]",
        "a blocker label cannot be empty",
    );
}

#[test]
fn an_unknown_card_type_in_type_limits_is_refused_at_its_key() {
    assert_refused_at(
        edited("/boards/0/columns/1/type_limits", Some(json!({ "bug": 2 }))),
        "boards[0].columns[1].type_limits.bug",
        "unknown card type \"bug\"",
    );
}

// ------------------------------------------------------------ times and zones

#[test]
fn a_time_without_an_offset_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/0/created_at", Some(json!("2026-03-02T09:30:00"))),
        "boards[0].cards[0].created_at",
        "\"2026-03-02T09:30:00\" is not an RFC 3339 time with an offset",
    );
}

#[test]
fn a_date_alone_is_not_a_time() {
    assert_refused_at(
        edited("/boards/0/events/0/at", Some(json!("2026-03-02"))),
        "boards[0].events[0].at",
        "is not an RFC 3339 time",
    );
}

#[test]
fn an_impossible_date_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/1/blocked/since", Some(json!("2026-02-30T10:00:00Z"))),
        "boards[0].cards[1].blocked.since",
        "is not an RFC 3339 time",
    );
}

#[test]
fn a_bad_exported_at_is_refused() {
    assert_refused_at(edited("/exported_at", Some(json!("yesterday"))), "exported_at", "is not an RFC 3339 time");
}

#[test]
fn times_with_offsets_are_read_as_the_same_instant() {
    let v = edited("/boards/0/cards/0/created_at", Some(json!("2026-03-02T17:30:00+08:00")));
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert_eq!(b.cards[0].created_at, Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap());
}

#[test]
fn timezones_not_written_plus_hh_colon_mm_are_refused() {
    for bad in ["+8:00", "UTC", "+24:00", "+08:60", "08:00", "+0800", "Europe/Paris", "+08:00:00"] {
        assert_refused_at(
            edited("/boards/0/timezone", Some(json!(bad))),
            "boards[0].timezone",
            &format!("\"{bad}\" is not a UTC offset written +HH:MM or -HH:MM"),
        );
    }
}

#[test]
fn extreme_timezones_are_accepted() {
    for (tz, secs) in [("+23:59", 86_340), ("-23:59", -86_340), ("-00:00", 0), ("+05:45", 20_700)] {
        let v = edited("/boards/0/timezone", Some(json!(tz)));
        assert_eq!(import_str(&v.to_string()).unwrap()[0].timezone, FixedOffset::east_opt(secs).unwrap());
    }
}

// ------------------------------------------------------------ limits and numbers

#[test]
fn a_wip_limit_of_zero_is_refused() {
    assert_refused_at(
        edited("/boards/0/columns/1/wip_limit", Some(json!(0))),
        "boards[0].columns[1].wip_limit",
        "a limit must be at least 1",
    );
}

#[test]
fn a_negative_wip_limit_is_refused() {
    assert_refused_at(
        edited("/boards/0/columns/1/wip_limit", Some(json!(-2))),
        "boards[0].columns[1].wip_limit",
        "expected a whole number from 1 to 4294967295, found -2",
    );
}

#[test]
fn a_fractional_wip_limit_is_refused() {
    assert_refused_at(
        edited("/boards/0/lanes/1/wip_limit", Some(json!(2.5))),
        "boards[0].lanes[1].wip_limit",
        "expected a whole number from 1 to 4294967295, found 2.5",
    );
}

#[test]
fn a_wip_limit_beyond_u32_is_refused_not_wrapped() {
    assert_refused_at(
        edited("/boards/0/columns/1/wip_limit", Some(json!(4_294_967_296u64))),
        "boards[0].columns[1].wip_limit",
        "found 4294967296",
    );
}

#[test]
fn a_wip_limit_beyond_u64_is_refused_with_its_path() {
    let text = valid().to_string().replace("\"wip_limit\":2", "\"wip_limit\":99999999999999999999999");
    let e = import_str(&text).unwrap_err();
    assert_eq!(e.path(), Some("boards[0].columns[1].wip_limit"), "{e}");
}

#[test]
fn a_number_beyond_f64_is_refused_as_not_json() {
    let text = valid().to_string().replace("\"wip_limit\":2", "\"wip_limit\":1e400");
    assert!(matches!(import_str(&text).unwrap_err(), ImportError::NotJson { .. }));
}

#[test]
fn a_wip_limit_written_as_text_is_refused() {
    assert_refused_at(
        edited("/boards/0/columns/1/wip_limit", Some(json!("3"))),
        "boards[0].columns[1].wip_limit",
        "expected a whole number, found a string",
    );
}

#[test]
fn a_wip_limit_written_as_a_whole_float_is_accepted() {
    let v = edited("/boards/0/columns/1/wip_limit", Some(json!(3.0)));
    assert_eq!(import_str(&v.to_string()).unwrap()[0].columns[1].wip_limit, Some(3));
}

#[test]
fn the_largest_u32_limit_is_accepted() {
    let v = edited("/boards/0/columns/1/wip_limit", Some(json!(u32::MAX)));
    assert_eq!(import_str(&v.to_string()).unwrap()[0].columns[1].wip_limit, Some(u32::MAX));
}

#[test]
fn a_compute_limit_of_zero_is_refused() {
    assert_refused_at(
        edited("/boards/0/columns/1/compute_limit", Some(json!(0))),
        "boards[0].columns[1].compute_limit",
        "a compute limit must be more than 0",
    );
}

#[test]
fn a_zero_type_limit_is_refused_at_its_key() {
    assert_refused_at(
        edited("/boards/0/columns/1/type_limits", Some(json!({ "experiment": 0 }))),
        "boards[0].columns[1].type_limits.experiment",
        "a limit must be at least 1",
    );
}

#[test]
fn a_zero_person_limit_is_refused_at_the_quoted_name() {
    assert_refused_at(
        edited("/boards/0/wip", Some(json!({ "person_limits": { "Ann Lee": 0 } }))),
        "boards[0].wip.person_limits[\"Ann Lee\"]",
        "a limit must be at least 1",
    );
}

#[test]
fn a_cell_limit_without_a_limit_is_refused() {
    assert_refused_at(
        edited("/boards/0/wip", Some(json!({ "cell_limits": [{ "column": "train", "lane": "data" }] }))),
        "boards[0].wip.cell_limits[0].limit",
        "missing",
    );
}

#[test]
fn compute_written_as_text_is_refused() {
    assert_refused_at(
        edited("/boards/0/cards/0/compute", Some(json!("2 GPUs"))),
        "boards[0].cards[0].compute",
        "expected a number, found a string",
    );
}

// ------------------------------------------------------------ lenient reading

#[test]
fn defaults_apply_to_absent_optional_fields() {
    let mut v = valid();
    let b = v["boards"][0].as_object_mut().unwrap();
    b.remove("timezone");
    b.remove("convention");
    b.remove("cycle");
    b["cards"][0].as_object_mut().unwrap().remove("type");
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert_eq!(b.timezone, FixedOffset::east_opt(0).unwrap());
    assert_eq!(b.convention, Convention::ActionableAgile);
    assert_eq!(b.cycle, None);
    assert_eq!(b.cards[0].card_type, CardType::Other);
    assert_eq!(b.wip, WipPolicy::default());
    assert!(!b.demo);
}

#[test]
fn null_is_taken_as_absent_for_optional_board_fields() {
    let mut v = valid();
    for key in ["timezone", "cycle", "convention", "wip", "blocker_labels", "demo", "cards", "events"] {
        v["boards"][0][key] = Value::Null;
    }
    v["boards"][0]["columns"][1]["wip_limit"] = Value::Null;
    v["boards"][0]["lanes"][1]["wip_limit"] = Value::Null;
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert!(b.cards.is_empty() && b.events.is_empty());
    assert_eq!(b.columns[1].wip_limit, None);
    assert_eq!(b.lanes[1].wip_limit, None);
}

#[test]
fn null_is_taken_as_absent_for_optional_card_fields() {
    let mut v = valid();
    for key in ["type", "owner", "tags", "description", "blocked", "hypothesis", "dataset", "metric", "links", "compute", "parent"] {
        v["boards"][0]["cards"][1][key] = Value::Null;
    }
    let card = &import_str(&v.to_string()).unwrap()[0].cards[1];
    assert_eq!(card, &Card::new("c2", "Labels", "backlog", "data", Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()));
}

#[test]
fn a_card_blocked_null_is_not_blocked() {
    let v = edited("/boards/0/cards/1/blocked", Some(Value::Null));
    assert_eq!(import_str(&v.to_string()).unwrap()[0].cards[1].blocked, None);
}

#[test]
fn unknown_fields_are_kept_on_boards_columns_lanes_and_cards() {
    let mut v = valid();
    v["boards"][0]["x_owner_team"] = json!("risk");
    v["boards"][0]["columns"][0]["x_color"] = json!("#ff0000");
    v["boards"][0]["lanes"][1]["x_swimlane_rank"] = json!(2);
    v["boards"][0]["cards"][0]["x_jira_key"] = json!({ "key": "ML-7", "points": [1, 2] });
    v["boards"][0]["events"][0]["x_ignored"] = json!(true);
    v["x_file_note"] = json!("dropped");
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert_eq!(b.extra["x_owner_team"], json!("risk"));
    assert_eq!(b.columns[0].extra["x_color"], json!("#ff0000"));
    assert_eq!(b.lanes[1].extra["x_swimlane_rank"], json!(2));
    assert_eq!(b.cards[0].extra["x_jira_key"], json!({ "key": "ML-7", "points": [1, 2] }));
    let out: Value = serde_json::from_str(&board_core::format::export_string(
        std::slice::from_ref(b),
        Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap(),
    ))
    .unwrap();
    assert_eq!(out["boards"][0]["cards"][0]["x_jira_key"]["key"], json!("ML-7"));
    assert_eq!(out["boards"][0]["columns"][0]["x_color"], json!("#ff0000"));
}

#[test]
fn a_moved_event_keeps_its_override_reason() {
    let v = edited("/boards/0/events/2/override", Some(json!("release blocker")));
    let b = &import_str(&v.to_string()).unwrap()[0];
    match &b.events[2].kind {
        EventKind::Moved { override_reason, .. } => assert_eq!(override_reason.as_deref(), Some("release blocker")),
        other => panic!("not a move: {other:?}"),
    }
}

#[test]
fn app_specific_fields_are_read() {
    let mut v = valid();
    v["boards"][0]["columns"][1]["compute_limit"] = json!(8);
    v["boards"][0]["columns"][1]["type_limits"] = json!({ "experiment": 3 });
    v["boards"][0]["wip"] = json!({
        "count_blocked": false, "queue_counts_for_person": true, "hard": true,
        "cell_limits": [{ "column": "train", "lane": "model", "limit": 1 }],
        "person_limit": 2, "person_limits": { "Aisha": 4 }
    });
    v["boards"][0]["blocker_labels"] = json!(["gpu-queue"]);
    v["boards"][0]["demo"] = json!(true);
    let b = &import_str(&v.to_string()).unwrap()[0];
    assert_eq!(b.columns[1].compute_limit, Some(8.0));
    assert_eq!(b.columns[1].type_limits[&CardType::Experiment], 3);
    assert!(!b.wip.count_blocked && b.wip.queue_counts_for_person && b.wip.hard);
    assert_eq!(b.wip.cell_limits, [CellLimit { column: "train".into(), lane: "model".into(), limit: 1 }]);
    assert_eq!(b.wip.person_limit, Some(2));
    assert_eq!(b.wip.person_limits["Aisha"], 4);
    assert_eq!(b.blocker_labels, ["gpu-queue"]);
    assert!(b.demo);
}

#[test]
fn ml_fields_of_a_card_are_read() {
    let mut v = valid();
    let c = &mut v["boards"][0]["cards"][0];
    c["hypothesis"] = json!("v3 features help");
    c["dataset"] = json!("churn-v3");
    c["metric"] = json!({ "name": "AUC", "target": 0.85, "achieved": 0.83 });
    c["links"] = json!(["https://mlflow.example/run/1"]);
    c["compute"] = json!(2);
    c["parent"] = json!("c0");
    let card = import_str(&v.to_string()).unwrap()[0].cards[0].clone();
    assert_eq!(card.metric, Some(Metric { name: "AUC".into(), target: Some(0.85), achieved: Some(0.83) }));
    assert_eq!(card.compute, Some(2.0));
    assert_eq!(card.parent.as_deref(), Some("c0"));
    assert_eq!(card.links, ["https://mlflow.example/run/1"]);
}
