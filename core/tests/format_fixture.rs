//! The version-1 example file, kept forever: every future app must import it.

use board_core::format::{export_string, import_str};
use board_core::*;
use chrono::{FixedOffset, TimeZone, Utc};

const V1_EXAMPLE: &str = include_str!("fixtures/v1-example.json");

#[test]
fn the_v1_example_file_imports_with_its_counts_and_timezone() {
    let boards = import_str(V1_EXAMPLE).expect("the v1 example imports");
    assert_eq!(boards.len(), 1);
    let b = &boards[0];
    assert_eq!(b.id, "example");
    assert_eq!(b.cards.len(), 23);
    assert_eq!(b.events.len(), 195);
    assert_eq!(b.timezone, FixedOffset::west_opt(9 * 3600 + 30 * 60).unwrap());
    assert_eq!(b.columns.len(), 10);
    assert_eq!(b.lanes.len(), 3);
    assert_eq!(b.cycle, Some(Cycle { start: "design".into(), end: "monitor".into() }));
    let blocked = b.card("c5").unwrap().blocked.as_ref().unwrap();
    assert_eq!(blocked.reason, "other");
    assert_eq!(blocked.since, Utc.with_ymd_and_hms(2026, 4, 13, 18, 46, 2).unwrap());
}

#[test]
fn the_v1_example_survives_export_and_import_unchanged() {
    let boards = import_str(V1_EXAMPLE).unwrap();
    let text = export_string(&boards, Utc.with_ymd_and_hms(2026, 12, 3, 16, 5, 0).unwrap());
    assert_eq!(import_str(&text).unwrap(), boards);
}

#[test]
fn exporting_the_v1_example_gives_back_the_same_json_plus_the_default_convention() {
    let boards = import_str(V1_EXAMPLE).unwrap();
    let text = export_string(&boards, Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap());
    let mut ours: serde_json::Value = serde_json::from_str(&text).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(V1_EXAMPLE).unwrap();
    let board = ours["boards"][0].as_object_mut().unwrap();
    assert_eq!(board.remove("convention"), Some("actionable-agile".into()));
    assert!(ours == theirs, "the export differs from the example file");
}
