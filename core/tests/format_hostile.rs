//! Hostile and huge input: the importer refuses or reads it without crashing,
//! and reads a 100k-event file fast.
//!
//! Key design decision: limits are enforced before work is done (size before
//! parsing, serde_json's recursion limit of 128 during parsing), and every
//! check after parsing is linear in the size of the file.


use board_core::format::{export_string, import_str, to_storage_string, ImportError, MAX_IMPORT_BYTES};
use board_core::*;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

fn minimal() -> Value {
    json!({
        "format": "ml-kanban-board", "version": 1,
        "boards": [{ "id": "b", "name": "B",
            "columns": [{ "id": "todo", "name": "To do", "kind": "backlog" }],
            "lanes": [{ "id": "main", "name": "Main" }],
            "cards": [{ "id": "c1", "title": "T", "column": "todo", "lane": "main", "created_at": "2026-03-02T09:30:00Z" }] }]
    })
}

#[test]
fn a_text_over_the_size_limit_is_refused_before_parsing_with_a_size_message() {
    let text = " ".repeat(MAX_IMPORT_BYTES + 1);
    let e = import_str(&text).unwrap_err();
    assert_eq!(e, ImportError::TooLarge { bytes: MAX_IMPORT_BYTES + 1, max: MAX_IMPORT_BYTES });
    assert_eq!(e.to_string(), "the file is too large to import: 20.1 MB (the limit is 20 MB)");
}

#[test]
fn a_text_at_the_size_limit_is_parsed() {
    let mut text = minimal().to_string();
    text.push_str(&" ".repeat(MAX_IMPORT_BYTES - text.len()));
    assert_eq!(text.len(), MAX_IMPORT_BYTES);
    assert!(import_str(&text).is_ok());
}

#[test]
fn deeply_nested_arrays_are_refused_without_overflowing_the_stack() {
    let text = "[".repeat(1_000_000);
    match import_str(&text).unwrap_err() {
        ImportError::NotJson { message } => assert!(message.contains("recursion limit exceeded"), "{message}"),
        other => panic!("unexpected: {other}"),
    }
}

#[test]
fn deeply_nested_objects_inside_a_valid_file_are_refused_as_not_json() {
    let deep = format!("{}1{}", "{\"a\":".repeat(200_000), "}".repeat(200_000));
    let text = minimal().to_string().replacen("\"title\":\"T\"", &format!("\"title\":\"T\",\"x_deep\":{deep}"), 1);
    assert!(matches!(import_str(&text).unwrap_err(), ImportError::NotJson { .. }));
}

#[test]
fn an_unknown_field_nested_a_hundred_levels_is_kept_and_written_back() {
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!([deep]);
    }
    let mut v = minimal();
    v["boards"][0]["cards"][0]["x_deep"] = deep.clone();
    let boards = import_str(&v.to_string()).unwrap();
    assert_eq!(boards[0].cards[0].extra["x_deep"], deep);
    let again = import_str(&to_storage_string(&boards, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())).unwrap();
    assert_eq!(again, boards);
}

#[test]
fn a_byte_order_mark_before_the_json_is_ignored() {
    assert!(import_str(&format!("\u{feff}{}", minimal())).is_ok());
}

#[test]
fn invalid_escapes_and_lone_surrogates_are_refused_as_not_json() {
    for bad in [r#"{"format": "\ud800"}"#, r#"{"format": "\x"}"#, "{\"format\": \"a\u{1}b\"}"] {
        assert!(matches!(import_str(bad).unwrap_err(), ImportError::NotJson { .. }), "{bad}");
    }
}

#[test]
fn a_huge_key_in_an_error_path_is_cut_short() {
    let name = "n".repeat(100_000);
    let mut v = minimal();
    v["boards"][0]["wip"] = json!({ "person_limits": { name: 0 } });
    let e = import_str(&v.to_string()).unwrap_err();
    assert!(e.to_string().len() < 300, "message of {} bytes", e.to_string().len());
}

#[test]
fn a_huge_unknown_value_is_cut_short_in_messages() {
    let mut v = minimal();
    v["boards"][0]["columns"][0]["kind"] = json!("k".repeat(1_000_000));
    let e = import_str(&v.to_string()).unwrap_err();
    assert!(e.to_string().len() < 300, "message of {} bytes", e.to_string().len());
}

#[test]
fn many_blocked_cards_and_many_labels_are_checked_in_linear_time() {
    let mut v = minimal();
    let labels: Vec<String> = (0..50_000).map(|i| format!("label-{i}")).collect();
    let cards: Vec<Value> = (0..50_000)
        .map(|i| json!({ "id": format!("c{i}"), "title": "T", "column": "todo", "lane": "main",
            "created_at": "2026-03-02T09:30:00Z",
            "blocked": { "reason": format!("label-{}", 49_999 - i), "since": "2026-03-02T09:30:00Z" } }))
        .collect();
    v["boards"][0]["blocker_labels"] = json!(labels);
    v["boards"][0]["cards"] = json!(cards);
    // Quadratic label checks would take minutes here; the import speed itself
    // is measured by the `import` criterion benchmark, not by a timed test.
    assert_eq!(import_str(&v.to_string()).unwrap()[0].cards.len(), 50_000);
}

/// A board with `n` events: `n / 10` cards, each created then moved 9 times.
fn board_with_events(n: usize) -> Board {
    let mut b = template::ml_pipeline("big", "Big");
    let cols: Vec<String> = b.columns.iter().map(|c| c.id.clone()).collect();
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut t = 0;
    for i in 0..n / 10 {
        let id = format!("card-{i}");
        let lane = b.lanes[i % 3].id.clone();
        let at = |t: i64| t0 + chrono::Duration::seconds(t);
        b.events.push(Event {
            at: at(t),
            card: id.clone(),
            kind: EventKind::Created { column: cols[0].clone(), lane: lane.clone() },
        });
        for k in 1..10 {
            t += 37;
            b.events.push(Event {
                at: at(t),
                card: id.clone(),
                kind: EventKind::Moved {
                    from: cols[k - 1].clone(),
                    to: cols[k].clone(),
                    from_lane: Some(lane.clone()),
                    to_lane: Some(lane.clone()),
                    override_reason: None,
                },
            });
        }
        b.cards.push(Card::new(id, format!("Card {i}"), cols[9].clone(), lane, at(0)));
    }
    b
}

#[test]
fn a_file_with_100k_events_imports_back_equal() {
    let boards = vec![board_with_events(100_000)];
    let text = export_string(&boards, Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap());
    let back = import_str(&text).unwrap();
    assert_eq!(back[0].events.len(), 100_000);
    assert_eq!(back, boards);
}
