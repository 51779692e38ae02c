//! Two tabs, one storage: `format::merge::reconcile` never loses a change.

use board_core::format::merge::{reconcile, same_board};
use board_core::format::{import_str, to_storage_string};
use board_core::{apply, template, Board, Card, Command};
use chrono::{TimeZone, Utc};

fn board(id: &str, name: &str) -> Board {
    template::blank(id, name)
}

fn renamed(b: &Board, name: &str) -> Board {
    let mut b = b.clone();
    b.name = name.into();
    b
}

fn names(bs: &[Board]) -> Vec<(&str, &str)> {
    bs.iter().map(|b| (b.id.as_str(), b.name.as_str())).collect()
}

#[test]
fn a_board_changed_only_in_the_other_tab_is_adopted() {
    let base = vec![board("a", "A"), board("b", "B")];
    let theirs = vec![renamed(&base[0], "A2"), base[1].clone()];
    let m = reconcile(&base, &base, &theirs);
    assert_eq!(names(&m.boards), [("a", "A2"), ("b", "B")]);
    assert_eq!(m.replaced, ["a"]);
    assert!(m.conflicts.is_empty());
}

#[test]
fn a_board_changed_only_here_is_kept_and_other_boards_follow_the_other_tab() {
    let base = vec![board("a", "A"), board("b", "B")];
    let ours = vec![renamed(&base[0], "A-here"), base[1].clone()];
    let theirs = vec![base[0].clone(), renamed(&base[1], "B-there")];
    let m = reconcile(&base, &ours, &theirs);
    assert_eq!(names(&m.boards), [("a", "A-here"), ("b", "B-there")]);
    assert_eq!(m.replaced, ["b"]);
    assert!(m.conflicts.is_empty());
}

#[test]
fn a_board_changed_differently_in_both_tabs_keeps_both_versions() {
    let base = vec![board("a", "A")];
    let ours = vec![renamed(&base[0], "Mine")];
    let theirs = vec![renamed(&base[0], "Theirs")];
    let m = reconcile(&base, &ours, &theirs);
    assert_eq!(names(&m.boards), [("a", "Theirs"), ("a-2", "Mine (this tab's version)")]);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].copy_id.as_deref(), Some("a-2"));
}

#[test]
fn the_same_change_in_both_tabs_is_no_conflict() {
    let base = vec![board("a", "A")];
    let both = vec![renamed(&base[0], "Same")];
    let m = reconcile(&base, &both, &both);
    assert_eq!(names(&m.boards), [("a", "Same")]);
    assert!(m.conflicts.is_empty() && m.replaced.is_empty());
}

#[test]
fn boards_new_in_either_tab_are_all_kept() {
    let base = vec![board("a", "A")];
    let ours = vec![base[0].clone(), board("mine", "Mine")];
    let theirs = vec![base[0].clone(), board("theirs", "Theirs")];
    let m = reconcile(&base, &ours, &theirs);
    assert_eq!(names(&m.boards), [("a", "A"), ("theirs", "Theirs"), ("mine", "Mine")]);
}

#[test]
fn a_deletion_stands_unless_the_other_side_changed_the_board() {
    let base = vec![board("a", "A"), board("b", "B")];
    // Deleted there, untouched here: gone.
    let m = reconcile(&base, &base, &base[1..]);
    assert_eq!(names(&m.boards), [("b", "B")]);
    // Deleted there, changed here: kept, and reported.
    let ours = vec![renamed(&base[0], "A-here"), base[1].clone()];
    let m = reconcile(&base, &ours, &base[1..]);
    assert_eq!(names(&m.boards), [("b", "B"), ("a", "A-here")]);
    assert_eq!(m.conflicts.len(), 1);
    // Deleted here, changed there: kept, and reported.
    let theirs = vec![renamed(&base[0], "A-there"), base[1].clone()];
    let m = reconcile(&base, &base[1..], &theirs);
    assert_eq!(names(&m.boards), [("a", "A-there"), ("b", "B")]);
    assert_eq!(m.conflicts.len(), 1);
}

#[test]
fn a_board_that_only_went_through_storage_counts_as_unchanged() {
    // Nanosecond times round to milliseconds in the file: still the same board.
    let t = Utc.timestamp_opt(1_780_000_000, 123_456_789).unwrap();
    let mut b = template::ml_pipeline("a", "A");
    let (column, lane) = (b.columns[0].id.clone(), b.lanes[0].id.clone());
    let card = Card::new("c1", "Card", column, lane, t);
    apply(&mut b, &Command::AddCard { card, before: None }, t).unwrap();
    let stored = import_str(&to_storage_string(std::slice::from_ref(&b), t)).unwrap();
    assert!(same_board(&b, &stored[0]));
    let m = reconcile(&stored, std::slice::from_ref(&b), &stored);
    assert!(m.conflicts.is_empty() && m.replaced.is_empty());
}
