//! Structural commands of `board_core::command` (columns, lanes, board
//! settings): their effect, that they append no events, and their refusals.
//!
//! Key design decision: as in `commands.rs`, every command goes through `ok`
//! (applies, undo restores the board exactly) or `refused` (fails, board
//! byte-for-byte unchanged), so each test also pins down undo and atomicity.

use std::collections::BTreeMap;

use board_core::template::ml_pipeline;
use board_core::*;
use chrono::{FixedOffset, TimeZone, Utc};

fn t(s: i64) -> Instant {
    Utc.timestamp_opt(1_780_000_000 + s, 0).unwrap()
}

/// Applies a structural command: it must apply, append no event, and undo exactly.
fn ok(b: &mut Board, cmd: Command) {
    let before = b.clone();
    let applied = apply(b, &cmd, t(100)).unwrap_or_else(|e| panic!("{cmd:?} refused: {e}"));
    assert!(applied.events.is_empty(), "{cmd:?} appends no events");
    assert_eq!(b.events, before.events);
    assert_eq!(b.cards, before.cards, "{cmd:?} leaves the cards alone");
    let mut undone = b.clone();
    applied.undo.revert(&mut undone);
    assert_eq!(undone, before, "undo of {cmd:?} restores the board");
}

fn refused(b: &Board, cmd: Command) -> CommandError {
    let mut copy = b.clone();
    let e = apply(&mut copy, &cmd, t(9_999)).expect_err("command should be refused");
    assert_eq!(&copy, b, "a refused {cmd:?} leaves the board unchanged");
    e
}

fn add(b: &mut Board, id: &str, column: &str, lane: &str) {
    let card = Card::new(id, format!("Card {id}"), column, lane, t(0));
    apply(b, &Command::AddCard { card, before: None }, t(1)).unwrap();
}

/// The ML template with two cards in (train, model) and one in (eval, data).
fn sample() -> Board {
    let mut b = ml_pipeline("b", "ML");
    add(&mut b, "a", "train", "model");
    add(&mut b, "b", "train", "model");
    add(&mut b, "c", "eval", "data");
    b
}

fn column_ids(b: &Board) -> Vec<&str> {
    b.columns.iter().map(|c| c.id.as_str()).collect()
}

fn lane_ids(b: &Board) -> Vec<&str> {
    b.lanes.iter().map(|l| l.id.as_str()).collect()
}

fn cycle(start: &str, end: &str) -> Option<Cycle> {
    Some(Cycle { start: start.into(), end: end.into() })
}

// ---------------------------------------------------------------- columns

#[test]
fn add_column_inserts_at_index_with_a_trimmed_name() {
    let mut b = sample();
    let mut col = Column::new("review", "  Review ", ColumnKind::Queue);
    col.wip_limit = Some(2);
    col.compute_limit = Some(4.0);
    col.type_limits.insert(CardType::Experiment, 3);
    ok(&mut b, Command::AddColumn { column: col.clone(), index: 7 });
    assert_eq!(b.columns[7], Column { name: "Review".into(), ..col });
    assert_eq!(b.columns.len(), 11);
}

#[test]
fn add_column_past_the_end_goes_last() {
    let mut b = sample();
    ok(&mut b, Command::AddColumn { column: Column::new("x", "X", ColumnKind::Done), index: 999 });
    assert_eq!(column_ids(&b).last(), Some(&"x"));
}

#[test]
fn add_column_refuses_taken_or_empty_id_and_empty_name() {
    let b = sample();
    let add = |id: &str, name: &str| Command::AddColumn { column: Column::new(id, name, ColumnKind::Active), index: 0 };
    assert_eq!(refused(&b, add("train", "T")), CommandError::DuplicateId("train".into()));
    assert_eq!(refused(&b, add("", "T")), CommandError::DuplicateId("".into()));
    assert_eq!(refused(&b, add("x", " ")), CommandError::EmptyName);
}

#[test]
fn add_column_refuses_invalid_limits() {
    let b = sample();
    let with = |f: &dyn Fn(&mut Column)| {
        let mut c = Column::new("x", "X", ColumnKind::Active);
        f(&mut c);
        Command::AddColumn { column: c, index: 1 }
    };
    assert_eq!(refused(&b, with(&|c| c.wip_limit = Some(0))), CommandError::InvalidLimit);
    assert_eq!(refused(&b, with(&|c| c.compute_limit = Some(0.0))), CommandError::InvalidLimit);
    assert_eq!(refused(&b, with(&|c| c.compute_limit = Some(-2.0))), CommandError::InvalidLimit);
    assert_eq!(refused(&b, with(&|c| c.compute_limit = Some(f64::INFINITY))), CommandError::InvalidLimit);
    assert_eq!(refused(&b, with(&|c| c.compute_limit = Some(f64::NAN))), CommandError::InvalidLimit);
    assert_eq!(
        refused(&b, with(&|c| {
            c.type_limits.insert(CardType::Model, 0);
        })),
        CommandError::InvalidLimit
    );
}

#[test]
fn rename_column_trims_and_refuses_unknown_or_empty() {
    let mut b = sample();
    ok(&mut b, Command::RenameColumn { id: "train".into(), name: " Model training ".into() });
    assert_eq!(b.column("train").unwrap().name, "Model training");
    assert_eq!(
        refused(&b, Command::RenameColumn { id: "nope".into(), name: "X".into() }),
        CommandError::UnknownColumn("nope".into())
    );
    assert_eq!(refused(&b, Command::RenameColumn { id: "train".into(), name: "".into() }), CommandError::EmptyName);
}

#[test]
fn move_column_reorders_and_clamps_the_index() {
    let mut b = sample();
    ok(&mut b, Command::MoveColumn { id: "approval".into(), index: 1 });
    assert_eq!(&column_ids(&b)[..3], ["backlog", "approval", "explore"]);
    ok(&mut b, Command::MoveColumn { id: "backlog".into(), index: 999 });
    assert_eq!(column_ids(&b).last(), Some(&"backlog"));
    assert_eq!(
        refused(&b, Command::MoveColumn { id: "nope".into(), index: 0 }),
        CommandError::UnknownColumn("nope".into())
    );
}

#[test]
fn move_column_keeps_a_custom_cycle_that_stays_in_order() {
    let mut b = sample();
    ok(&mut b, Command::MoveColumn { id: "backlog".into(), index: 3 });
    assert_eq!(b.cycle, cycle("design", "monitor"));
}

#[test]
fn move_column_that_puts_the_cycle_end_left_of_its_start_falls_back_to_the_default_cycle() {
    let mut b = sample();
    ok(&mut b, Command::MoveColumn { id: "monitor".into(), index: 0 });
    assert_eq!(b.cycle, None);
}

#[test]
fn delete_column_removes_an_empty_column_with_its_cell_limits() {
    let mut b = sample();
    let policy = WipPolicy {
        cell_limits: vec![
            CellLimit { column: "prep".into(), lane: "data".into(), limit: 2 },
            CellLimit { column: "train".into(), lane: "model".into(), limit: 3 },
        ],
        ..WipPolicy::default()
    };
    ok(&mut b, Command::SetWipPolicy { policy });
    ok(&mut b, Command::DeleteColumn { id: "prep".into() });
    assert!(b.column("prep").is_none());
    assert_eq!(b.wip.cell_limits, vec![CellLimit { column: "train".into(), lane: "model".into(), limit: 3 }]);
    assert_eq!(b.cycle, cycle("design", "monitor"));
}

#[test]
fn delete_column_named_by_the_cycle_clears_the_custom_cycle() {
    let mut b = sample();
    ok(&mut b, Command::DeleteColumn { id: "design".into() });
    assert_eq!(b.cycle, None);
    let mut b = sample();
    ok(&mut b, Command::DeleteColumn { id: "monitor".into() });
    assert_eq!(b.cycle, None);
}

#[test]
fn delete_column_holding_cards_is_refused_with_the_count_in_the_message() {
    let b = sample();
    let e = refused(&b, Command::DeleteColumn { id: "train".into() });
    assert_eq!(e, CommandError::NotEmpty { name: "Training".into(), cards: 2 });
    let msg = e.to_string();
    assert!(msg.contains('2') && msg.contains("cards") && msg.contains("Training"), "{msg}");
    let e = refused(&b, Command::DeleteColumn { id: "eval".into() });
    assert_eq!(e, CommandError::NotEmpty { name: "Evaluation".into(), cards: 1 });
    assert!(e.to_string().contains("1 card:"), "{e}");
}

#[test]
fn delete_column_refuses_unknown_and_the_last_column() {
    let b = sample();
    assert_eq!(refused(&b, Command::DeleteColumn { id: "nope".into() }), CommandError::UnknownColumn("nope".into()));
    let mut b = ml_pipeline("b", "ML");
    let ids: Vec<String> = b.columns.iter().map(|c| c.id.clone()).collect();
    for id in &ids[1..] {
        ok(&mut b, Command::DeleteColumn { id: id.clone() });
    }
    assert_eq!(refused(&b, Command::DeleteColumn { id: "backlog".into() }), CommandError::LastOne("column"));
    assert!(CommandError::LastOne("column").to_string().contains("column"));
}

#[test]
fn set_column_kind_changes_the_kind() {
    let mut b = sample();
    ok(&mut b, Command::SetColumnKind { id: "approval".into(), kind: ColumnKind::Active });
    assert_eq!(b.column("approval").unwrap().kind, ColumnKind::Active);
    assert_eq!(
        refused(&b, Command::SetColumnKind { id: "nope".into(), kind: ColumnKind::Done }),
        CommandError::UnknownColumn("nope".into())
    );
}

fn limits(id: &str, wip: Option<u32>, compute: Option<f64>, types: &[(CardType, u32)]) -> Command {
    Command::SetColumnLimits {
        id: id.into(),
        wip_limit: wip,
        compute_limit: compute,
        type_limits: types.iter().copied().collect::<BTreeMap<_, _>>(),
    }
}

#[test]
fn set_column_limits_sets_and_clears_all_three_limits() {
    let mut b = sample();
    ok(&mut b, limits("train", Some(4), Some(8.0), &[(CardType::Experiment, 3)]));
    let c = b.column("train").unwrap();
    assert_eq!((c.wip_limit, c.compute_limit), (Some(4), Some(8.0)));
    assert_eq!(c.type_limits.get(&CardType::Experiment), Some(&3));
    ok(&mut b, limits("train", None, None, &[]));
    let c = b.column("train").unwrap();
    assert_eq!((c.wip_limit, c.compute_limit, c.type_limits.len()), (None, None, 0));
}

#[test]
fn set_column_limits_refuses_unknown_column_and_invalid_limits() {
    let b = sample();
    assert_eq!(refused(&b, limits("nope", Some(1), None, &[])), CommandError::UnknownColumn("nope".into()));
    for cmd in [
        limits("train", Some(0), None, &[]),
        limits("train", None, Some(0.0), &[]),
        limits("train", None, Some(-1.0), &[]),
        limits("train", None, Some(f64::NAN), &[]),
        limits("train", None, Some(f64::INFINITY), &[]),
        limits("train", None, None, &[(CardType::Model, 0)]),
    ] {
        assert_eq!(refused(&b, cmd), CommandError::InvalidLimit);
    }
}

// ---------------------------------------------------------------- lanes

#[test]
fn add_lane_inserts_at_a_clamped_index() {
    let mut b = sample();
    let mut lane = Lane::new("infra", " Infra ");
    lane.wip_limit = Some(5);
    ok(&mut b, Command::AddLane { lane: lane.clone(), index: 1 });
    assert_eq!(lane_ids(&b), ["data", "infra", "model", "ops"]);
    assert_eq!(b.lanes[1], Lane { name: "Infra".into(), ..lane });
    ok(&mut b, Command::AddLane { lane: Lane::new("z", "Z"), index: 99 });
    assert_eq!(lane_ids(&b).last(), Some(&"z"));
}

#[test]
fn add_lane_refuses_taken_or_empty_id_empty_name_and_zero_limit() {
    let b = sample();
    let add = |l: Lane| Command::AddLane { lane: l, index: 0 };
    assert_eq!(refused(&b, add(Lane::new("data", "D"))), CommandError::DuplicateId("data".into()));
    assert_eq!(refused(&b, add(Lane::new("", "D"))), CommandError::DuplicateId("".into()));
    assert_eq!(refused(&b, add(Lane::new("x", "  "))), CommandError::EmptyName);
    let mut l = Lane::new("x", "X");
    l.wip_limit = Some(0);
    assert_eq!(refused(&b, add(l)), CommandError::InvalidLimit);
}

#[test]
fn rename_lane_trims_and_refuses_unknown_or_empty() {
    let mut b = sample();
    ok(&mut b, Command::RenameLane { id: "ops".into(), name: " Platform ".into() });
    assert_eq!(b.lane("ops").unwrap().name, "Platform");
    assert_eq!(
        refused(&b, Command::RenameLane { id: "nope".into(), name: "X".into() }),
        CommandError::UnknownLane("nope".into())
    );
    assert_eq!(refused(&b, Command::RenameLane { id: "ops".into(), name: "\t".into() }), CommandError::EmptyName);
}

#[test]
fn move_lane_reorders_and_clamps_the_index() {
    let mut b = sample();
    ok(&mut b, Command::MoveLane { id: "ops".into(), index: 0 });
    assert_eq!(lane_ids(&b), ["ops", "data", "model"]);
    ok(&mut b, Command::MoveLane { id: "ops".into(), index: 50 });
    assert_eq!(lane_ids(&b), ["data", "model", "ops"]);
    assert_eq!(refused(&b, Command::MoveLane { id: "nope".into(), index: 0 }), CommandError::UnknownLane("nope".into()));
}

#[test]
fn delete_lane_removes_an_empty_lane_with_its_cell_limits() {
    let mut b = sample();
    let policy = WipPolicy {
        cell_limits: vec![
            CellLimit { column: "train".into(), lane: "ops".into(), limit: 1 },
            CellLimit { column: "train".into(), lane: "model".into(), limit: 3 },
        ],
        ..WipPolicy::default()
    };
    ok(&mut b, Command::SetWipPolicy { policy });
    ok(&mut b, Command::DeleteLane { id: "ops".into() });
    assert_eq!(lane_ids(&b), ["data", "model"]);
    assert_eq!(b.wip.cell_limits, vec![CellLimit { column: "train".into(), lane: "model".into(), limit: 3 }]);
}

#[test]
fn delete_lane_holding_cards_is_refused_with_the_count_in_the_message() {
    let b = sample();
    let e = refused(&b, Command::DeleteLane { id: "model".into() });
    assert_eq!(e, CommandError::NotEmpty { name: "Modeling".into(), cards: 2 });
    assert!(e.to_string().contains("2 cards"), "{e}");
}

#[test]
fn delete_lane_refuses_unknown_and_the_last_lane() {
    let mut b = ml_pipeline("b", "ML");
    assert_eq!(refused(&b, Command::DeleteLane { id: "nope".into() }), CommandError::UnknownLane("nope".into()));
    ok(&mut b, Command::DeleteLane { id: "data".into() });
    ok(&mut b, Command::DeleteLane { id: "model".into() });
    assert_eq!(refused(&b, Command::DeleteLane { id: "ops".into() }), CommandError::LastOne("lane"));
}

#[test]
fn set_lane_limit_sets_clears_and_refuses_zero_or_unknown() {
    let mut b = sample();
    ok(&mut b, Command::SetLaneLimit { id: "model".into(), wip_limit: Some(5) });
    assert_eq!(b.lane("model").unwrap().wip_limit, Some(5));
    ok(&mut b, Command::SetLaneLimit { id: "model".into(), wip_limit: None });
    assert_eq!(b.lane("model").unwrap().wip_limit, None);
    assert_eq!(refused(&b, Command::SetLaneLimit { id: "model".into(), wip_limit: Some(0) }), CommandError::InvalidLimit);
    assert_eq!(
        refused(&b, Command::SetLaneLimit { id: "nope".into(), wip_limit: Some(1) }),
        CommandError::UnknownLane("nope".into())
    );
}

// ---------------------------------------------------------------- board settings

#[test]
fn rename_board_trims_and_refuses_empty() {
    let mut b = sample();
    ok(&mut b, Command::RenameBoard { name: "  Churn model ".into() });
    assert_eq!(b.name, "Churn model");
    assert_eq!(refused(&b, Command::RenameBoard { name: " ".into() }), CommandError::EmptyName);
}

#[test]
fn set_cycle_accepts_ordered_or_equal_columns_and_none() {
    let mut b = sample();
    ok(&mut b, Command::SetCycle { cycle: cycle("explore", "deploy") });
    assert_eq!(b.cycle, cycle("explore", "deploy"));
    ok(&mut b, Command::SetCycle { cycle: cycle("train", "train") });
    assert_eq!(b.cycle, cycle("train", "train"));
    ok(&mut b, Command::SetCycle { cycle: None });
    assert_eq!(b.cycle, None);
}

#[test]
fn set_cycle_refuses_unknown_columns_and_a_start_right_of_the_end() {
    let b = sample();
    assert_eq!(
        refused(&b, Command::SetCycle { cycle: cycle("nope", "monitor") }),
        CommandError::UnknownColumn("nope".into())
    );
    assert_eq!(
        refused(&b, Command::SetCycle { cycle: cycle("design", "nope") }),
        CommandError::UnknownColumn("nope".into())
    );
    assert_eq!(refused(&b, Command::SetCycle { cycle: cycle("monitor", "design") }), CommandError::InvalidCycle);
}

#[test]
fn set_convention_switches_the_convention() {
    let mut b = sample();
    ok(&mut b, Command::SetConvention { convention: Convention::JiraAgileMetrics });
    assert_eq!(b.convention, Convention::JiraAgileMetrics);
}

#[test]
fn set_timezone_accepts_offsets_within_a_day() {
    let mut b = sample();
    for (minutes, want) in [(480, 8 * 3600), (-330, -330 * 60), (0, 0), (23 * 60 + 59, (23 * 60 + 59) * 60)] {
        ok(&mut b, Command::SetTimezone { offset_minutes: minutes });
        assert_eq!(b.timezone, FixedOffset::east_opt(want).unwrap());
    }
}

#[test]
fn set_timezone_refuses_offsets_of_a_day_or_more() {
    let b = sample();
    for m in [24 * 60, -24 * 60, 10_000, i32::MAX, i32::MIN] {
        assert_eq!(refused(&b, Command::SetTimezone { offset_minutes: m }), CommandError::InvalidTimezone(m));
    }
}

#[test]
fn set_wip_policy_replaces_the_policy() {
    let mut b = sample();
    let policy = WipPolicy {
        count_blocked: false,
        queue_counts_for_person: true,
        hard: true,
        cell_limits: vec![CellLimit { column: "train".into(), lane: "model".into(), limit: 2 }],
        person_limit: Some(3),
        person_limits: [("Aisha".to_string(), 4)].into_iter().collect(),
    };
    ok(&mut b, Command::SetWipPolicy { policy: policy.clone() });
    assert_eq!(b.wip, policy);
}

#[test]
fn set_wip_policy_refuses_zero_limits_and_cells_that_do_not_exist() {
    let b = sample();
    let cell = |c: &str, l: &str, n| CellLimit { column: c.into(), lane: l.into(), limit: n };
    let set = |policy: WipPolicy| Command::SetWipPolicy { policy };
    let base = WipPolicy::default;
    assert_eq!(refused(&b, set(WipPolicy { person_limit: Some(0), ..base() })), CommandError::InvalidLimit);
    assert_eq!(
        refused(&b, set(WipPolicy { person_limits: [("Bo".to_string(), 0)].into_iter().collect(), ..base() })),
        CommandError::InvalidLimit
    );
    assert_eq!(
        refused(&b, set(WipPolicy { cell_limits: vec![cell("train", "model", 0)], ..base() })),
        CommandError::InvalidLimit
    );
    assert_eq!(
        refused(&b, set(WipPolicy { cell_limits: vec![cell("nope", "model", 1)], ..base() })),
        CommandError::UnknownColumn("nope".into())
    );
    assert_eq!(
        refused(&b, set(WipPolicy { cell_limits: vec![cell("train", "nope", 1)], ..base() })),
        CommandError::UnknownLane("nope".into())
    );
}

#[test]
fn set_blocker_labels_trims_drops_blanks_builtins_and_duplicates() {
    let mut b = sample();
    let labels = [" vendor ", "", "compute", "vendor", "legal", "  "].map(String::from).to_vec();
    ok(&mut b, Command::SetBlockerLabels { labels });
    assert_eq!(b.blocker_labels, ["vendor", "legal"]);
    ok(&mut b, Command::SetBlockerLabels { labels: vec![] });
    assert!(b.blocker_labels.is_empty());
}

#[test]
fn set_blocker_labels_keeps_a_label_that_a_blocked_card_still_carries() {
    let mut b = sample();
    ok(&mut b, Command::SetBlockerLabels { labels: vec!["vendor".into(), "legal".into()] });
    let block = Command::BlockCard { id: "a".into(), reason: "vendor".into(), note: None };
    apply(&mut b, &block, t(50)).unwrap();
    ok(&mut b, Command::SetBlockerLabels { labels: vec!["other-team".into()] });
    assert_eq!(b.blocker_labels, ["other-team", "vendor"]);
    apply(&mut b, &Command::UnblockCard { id: "a".into() }, t(60)).unwrap();
    ok(&mut b, Command::SetBlockerLabels { labels: vec![] });
    assert!(b.blocker_labels.is_empty(), "no longer in use: removed");
}

#[test]
fn structural_commands_leave_cards_and_extra_fields_alone() {
    let mut b = sample();
    b.extra.insert("x-app".into(), serde_json::json!({"kept": true}));
    ok(&mut b, Command::RenameBoard { name: "New".into() });
    ok(&mut b, Command::AddColumn { column: Column::new("x", "X", ColumnKind::Queue), index: 3 });
    assert_eq!(b.extra.get("x-app"), Some(&serde_json::json!({"kept": true})));
}
