//! Property tests of `board_core::command`: random sequences of every kind of
//! command, naming ids that exist and ids that do not, applied to the ML
//! template board at non-decreasing moments.
//!
//! Key design decision: ids are drawn from small fixed pools (a few card ids,
//! the template's columns and lanes plus a few that are not on the board), so
//! that a random sequence keeps hitting existing ids and also exercises every
//! refusal; the board invariants are then checked after every single step,
//! together with exact undo of that step and atomicity of refusals.

use std::collections::{BTreeMap, HashMap, HashSet};

use board_core::template::{ml_pipeline, ML_COLUMNS, ML_LANES};
use board_core::*;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::select;

const CARD_IDS: &[&str] = &["c0", "c1", "c2", "c3", "c4", "c5"];
const BAD_CARD_IDS: &[&str] = &["zz", ""];
const EXTRA_COLUMNS: &[&str] = &["x0", "x1", "nope", ""];
const EXTRA_LANES: &[&str] = &["l0", "nope", ""];
const REASONS: &[&str] = &["compute", "data-quality", "approval", "other", "vendor", "bogus", ""];
const NAMES: &[&str] = &["Name", "  Trimmed  ", "", "   "];

fn t(s: i64) -> Instant {
    Utc.timestamp_opt(1_780_000_000 + s, 0).unwrap()
}

/// Mostly ids from `good`, sometimes from `bad`.
fn pick(good: Vec<&'static str>, bad: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![6 => select(good), 1 => select(bad)].prop_map(String::from)
}

/// Like [`pick`], but half of the good ids are the first one, so that cards
/// often share a cell and moves within a cell happen.
fn pick_hot(good: Vec<&'static str>, bad: &'static [&'static str]) -> impl Strategy<Value = String> {
    let hot = good[0];
    prop_oneof![5 => Just(hot.to_owned()), 3 => select(good).prop_map(String::from), 1 => select(bad).prop_map(String::from)]
}

fn card_id() -> impl Strategy<Value = String> {
    pick(CARD_IDS.to_vec(), BAD_CARD_IDS)
}

fn column_id() -> impl Strategy<Value = String> {
    pick_hot(ML_COLUMNS.iter().map(|c| c.0).collect(), EXTRA_COLUMNS)
}

fn lane_id() -> impl Strategy<Value = String> {
    pick_hot(ML_LANES.iter().map(|l| l.0).collect(), EXTRA_LANES)
}

fn name() -> impl Strategy<Value = String> {
    pick(NAMES[..2].to_vec(), &NAMES[2..])
}

/// An insertion point: mostly none ("last").
fn before() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.25, card_id())
}

fn reason() -> impl Strategy<Value = String> {
    select(REASONS).prop_map(String::from)
}

fn limit() -> impl Strategy<Value = Option<u32>> {
    prop::option::of(0u32..4)
}

fn kind() -> impl Strategy<Value = ColumnKind> {
    select(ColumnKind::ALL.to_vec())
}

fn card_type() -> impl Strategy<Value = CardType> {
    select(CardType::ALL.to_vec())
}

fn note() -> impl Strategy<Value = Option<String>> {
    prop::option::of(select(&["GPU quota", "  ", " waiting on legal "][..]).prop_map(String::from))
}

fn metric() -> impl Strategy<Value = Option<Metric>> {
    prop::option::of((prop::option::of(0.5f64..1.0), prop::option::of(0.5f64..1.0)).prop_map(
        |(target, achieved)| Metric { name: "AUC".into(), target, achieved },
    ))
}

fn details() -> impl Strategy<Value = CardDetails> {
    (name(), card_type(), prop::option::of(select(&["Aisha", "Bo"][..])), metric(), prop::option::of(select(&[1.0, 2.5][..])))
        .prop_map(|(title, card_type, owner, metric, compute)| CardDetails {
            title,
            card_type,
            owner: owner.map(String::from),
            tags: vec!["churn".into()],
            dataset: Some("v3".into()),
            metric,
            compute,
            ..CardDetails::default()
        })
}

fn new_card() -> impl Strategy<Value = Card> {
    (card_id(), column_id(), lane_id(), details(), prop::option::weighted(0.2, (reason(), note())), any::<u8>()).prop_map(
        |(id, column, lane, details, blocked, seed)| {
            let mut c = Card::new(id, "", column, lane, t(-1_000 + i64::from(seed)));
            c.set_details(details);
            c.blocked = blocked.map(|(reason, note)| Block { reason, note, since: t(-5_000) });
            c
        },
    )
}

fn compute_limit() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(select(&[0.0, -1.0, 3.0, 8.5, f64::INFINITY, f64::NAN][..]))
}

fn type_limits() -> impl Strategy<Value = BTreeMap<CardType, u32>> {
    prop::collection::btree_map(card_type(), 0u32..4, 0..3)
}

fn policy() -> impl Strategy<Value = WipPolicy> {
    (
        any::<(bool, bool, bool)>(),
        prop::collection::vec((column_id(), lane_id(), 0u32..4), 0..3),
        limit(),
        prop::collection::btree_map(select(&["Aisha", "Bo"][..]).prop_map(String::from), 0u32..4, 0..2),
    )
        .prop_map(|((count_blocked, queue_counts_for_person, hard), cells, person_limit, person_limits)| WipPolicy {
            count_blocked,
            queue_counts_for_person,
            hard,
            cell_limits: cells.into_iter().map(|(column, lane, limit)| CellLimit { column, lane, limit }).collect(),
            person_limit,
            person_limits,
        })
}

fn command() -> impl Strategy<Value = Command> {
    use Command::*;
    let cards = prop_oneof![
        6 => (new_card(), before()).prop_map(|(card, before)| AddCard { card, before }),
        2 => (card_id(), details()).prop_map(|(id, details)| EditCard { id, details }),
        8 => (card_id(), column_id(), lane_id(), before(),
              prop::option::of(select(&["urgent", " "][..]).prop_map(String::from)))
            .prop_map(|(id, column, lane, before, override_reason)| MoveCard { id, column, lane, before, override_reason }),
        2 => card_id().prop_map(|id| DeleteCard { id }),
        3 => (card_id(), reason(), note()).prop_map(|(id, reason, note)| BlockCard { id, reason, note }),
        3 => card_id().prop_map(|id| UnblockCard { id }),
        2 => (card_id(), card_id()).prop_map(|(id, new_id)| Retrain { id, new_id }),
    ];
    let columns = prop_oneof![
        3 => (column_id(), name(), kind(), limit(), compute_limit(), type_limits(), 0usize..14).prop_map(
            |(id, name, kind, wip_limit, compute_limit, type_limits, index)| {
                let mut column = Column::new(id, name, kind);
                column.wip_limit = wip_limit;
                column.compute_limit = compute_limit;
                column.type_limits = type_limits;
                AddColumn { column, index }
            }
        ),
        2 => (column_id(), name()).prop_map(|(id, name)| RenameColumn { id, name }),
        3 => (column_id(), 0usize..14).prop_map(|(id, index)| MoveColumn { id, index }),
        1 => column_id().prop_map(|id| DeleteColumn { id }),
        2 => (column_id(), kind()).prop_map(|(id, kind)| SetColumnKind { id, kind }),
        3 => (column_id(), limit(), compute_limit(), type_limits()).prop_map(|(id, wip_limit, compute_limit, type_limits)| {
            SetColumnLimits { id, wip_limit, compute_limit, type_limits }
        }),
    ];
    let lanes = prop_oneof![
        3 => (lane_id(), name(), limit(), 0usize..5).prop_map(|(id, name, wip_limit, index)| {
            let mut lane = Lane::new(id, name);
            lane.wip_limit = wip_limit;
            AddLane { lane, index }
        }),
        2 => (lane_id(), name()).prop_map(|(id, name)| RenameLane { id, name }),
        2 => (lane_id(), 0usize..5).prop_map(|(id, index)| MoveLane { id, index }),
        1 => lane_id().prop_map(|id| DeleteLane { id }),
        2 => (lane_id(), limit()).prop_map(|(id, wip_limit)| SetLaneLimit { id, wip_limit }),
    ];
    let settings = prop_oneof![
        name().prop_map(|name| RenameBoard { name }),
        prop::option::of((column_id(), column_id()).prop_map(|(start, end)| Cycle { start, end }))
            .prop_map(|cycle| SetCycle { cycle }),
        select(Convention::ALL.to_vec()).prop_map(|convention| SetConvention { convention }),
        prop_oneof![-1500i32..1500, select(vec![1440, -1440, i32::MAX, i32::MIN])]
            .prop_map(|offset_minutes| SetTimezone { offset_minutes }),
        policy().prop_map(|policy| SetWipPolicy { policy }),
        prop::collection::vec(select(&["vendor", " legal ", "compute", "", "vendor"][..]).prop_map(String::from), 0..4)
            .prop_map(|labels| SetBlockerLabels { labels }),
    ];
    prop_oneof![26 => cards, 6 => columns, 5 => lanes, 4 => settings]
}

/// Commands with the number of seconds since the previous one (0: the same
/// moment; now and then negative: the clock was set back).
fn steps() -> impl Strategy<Value = Vec<(Command, i64)>> {
    prop::collection::vec((command(), prop_oneof![9 => 0i64..3, 1 => -5i64..0]), 0..80)
}

/// Every invariant a board keeps whatever commands were applied to it.
fn check_invariants(b: &Board) {
    assert!(!b.columns.is_empty(), "at least one column");
    assert!(!b.lanes.is_empty(), "at least one lane");

    let mut ids = HashSet::new();
    for c in &b.cards {
        assert!(!c.id.is_empty(), "card ids are non-empty");
        assert!(ids.insert(c.id.as_str()), "card id {} is unique", c.id);
        assert!(b.column(&c.column).is_some(), "card {} is in an existing column", c.id);
        assert!(b.lane(&c.lane).is_some(), "card {} is in an existing lane", c.id);
        assert!(!c.title.trim().is_empty(), "card {} has a title", c.id);
    }
    let column_ids: HashSet<&str> = b.columns.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(column_ids.len(), b.columns.len(), "column ids are unique");
    let lane_ids: HashSet<&str> = b.lanes.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(lane_ids.len(), b.lanes.len(), "lane ids are unique");

    assert!(b.events.windows(2).all(|w| w[0].at <= w[1].at), "events are in time order");

    // Replay the history of each card since its last creation.
    #[derive(Default)]
    struct Life<'a> {
        at: Option<(&'a str, &'a str)>,
        blocked: Option<(&'a str, Option<&'a str>, Instant)>,
        deleted: bool,
    }
    let mut lives: HashMap<&str, Life> = HashMap::new();
    for e in &b.events {
        match &e.kind {
            EventKind::Created { column, lane } => {
                lives.insert(&e.card, Life { at: Some((column, lane)), ..Life::default() });
            }
            EventKind::Moved { from, to, from_lane, to_lane, .. } => {
                let life = lives.entry(&e.card).or_default();
                if let Some((col, lane)) = life.at {
                    assert_eq!(col, from, "moved.from of {} is where it was", e.card);
                    if let Some(fl) = from_lane {
                        assert_eq!(lane, fl, "moved.from_lane of {} is where it was", e.card);
                    }
                }
                let lane = to_lane.as_deref().or(life.at.map(|a| a.1)).expect("a lane");
                life.at = Some((to, lane));
            }
            EventKind::Blocked { reason, note } => {
                lives.entry(&e.card).or_default().blocked = Some((reason, note.as_deref(), e.at));
            }
            EventKind::Unblocked => lives.entry(&e.card).or_default().blocked = None,
            EventKind::Deleted => lives.entry(&e.card).or_default().deleted = true,
        }
    }
    for c in &b.cards {
        let life = lives.get(c.id.as_str()).unwrap_or_else(|| panic!("card {} has a history", c.id));
        assert!(!life.deleted, "card {} on the board was not deleted since its creation", c.id);
        assert_eq!(life.at, Some((c.column.as_str(), c.lane.as_str())), "card {} sits where its events say", c.id);
        let state = c.blocked.as_ref().map(|bl| (bl.reason.as_str(), bl.note.as_deref(), bl.since));
        assert_eq!(state, life.blocked, "card {} blocked state agrees with its last blocked/unblocked event", c.id);
        if let Some(bl) = &c.blocked {
            assert!(b.reasons().any(|r| r == bl.reason), "card {} is blocked for a reason the board knows", c.id);
        }
    }

    if let Some(cy) = &b.cycle {
        let s = b.column_index(&cy.start).expect("cycle start exists");
        let e = b.column_index(&cy.end).expect("cycle end exists");
        assert!(s <= e, "cycle start is left of or at its end");
    }
    for l in &b.wip.cell_limits {
        assert!(b.column(&l.column).is_some() && b.lane(&l.lane).is_some(), "cell limits name existing cells");
        assert!(l.limit >= 1);
    }
    for c in &b.columns {
        assert!(!c.name.trim().is_empty() && c.wip_limit != Some(0));
        assert!(c.compute_limit.is_none_or(|x| x > 0.0 && x.is_finite()));
        assert!(c.type_limits.values().all(|v| *v >= 1));
    }
    for l in &b.lanes {
        assert!(!l.name.trim().is_empty() && l.wip_limit != Some(0));
    }
    assert!(!b.name.trim().is_empty());
}

/// Whether `a` and `b` are equal apart from the cards `touched` and the
/// events: what the board view relies on to re-render only their cells.
fn untouched_equal(a: &Board, b: &Board, touched: &[&str]) -> bool {
    let strip = |x: &Board| {
        let mut x = x.clone();
        x.cards.retain(|c| !touched.contains(&c.id.as_str()));
        x.events.clear();
        x
    };
    strip(a) == strip(b)
}

/// A refused command may only name something that is not there or break a rule;
/// this pins down that a few always-valid commands are never refused.
fn must_apply(cmd: &Command) -> bool {
    matches!(cmd, Command::SetConvention { .. } | Command::SetBlockerLabels { .. })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_step_keeps_the_invariants_and_undoes_exactly(steps in steps()) {
        let mut b = ml_pipeline("b", "ML");
        check_invariants(&b);
        let mut now = 0;
        for (cmd, dt) in &steps {
            now += dt;
            let before = b.clone();
            match apply(&mut b, cmd, t(now)) {
                Err(e) => {
                    prop_assert_eq!(&b, &before, "refused {:?} ({}) changed the board", cmd, e);
                    prop_assert!(!must_apply(cmd), "{:?} refused: {}", cmd, e);
                }
                Ok(applied) => {
                    prop_assert_eq!(&b.events[before.events.len()..], &applied.events[..]);
                    let stamp = before.events.last().map_or(t(now), |e| e.at.max(t(now)));
                    prop_assert!(applied.events.iter().all(|e| e.at == stamp), "events are stamped now, or at the last event");
                    let mut undone = b.clone();
                    applied.undo.revert(&mut undone);
                    prop_assert_eq!(&undone, &before, "undo of {:?}", cmd);
                    if let Some(ids) = cmd.touched_cards() {
                        prop_assert!(untouched_equal(&before, &b, &ids), "{:?} changed more than {:?}", cmd, ids);
                    }
                }
            }
            check_invariants(&b);
        }
    }

    #[test]
    fn history_undo_all_gives_the_initial_board_and_redo_all_the_final_one(steps in steps()) {
        let initial = ml_pipeline("b", "ML");
        let mut b = initial.clone();
        let mut h = History::default();
        let mut now = 0;
        let mut applied = 0;
        for (cmd, dt) in steps {
            now += dt;
            if h.execute(&mut b, cmd, t(now)).is_ok() {
                applied += 1;
            }
        }
        let fin = b.clone();
        let mut undone = 0;
        while h.undo(&mut b).is_some() {
            undone += 1;
            check_invariants(&b);
        }
        prop_assert_eq!(undone, applied);
        prop_assert_eq!(&b, &initial);
        let mut redone = 0;
        while h.redo(&mut b).is_some() {
            redone += 1;
            check_invariants(&b);
        }
        prop_assert_eq!(redone, applied);
        prop_assert_eq!(&b, &fin);
        prop_assert!(!h.can_redo());
    }
}

/// Every command variant, by label.
const LABELS: [&str; 24] = [
    "add card", "edit card", "move card", "delete card", "block card", "unblock card", "retrain",
    "add column", "rename column", "move column", "delete column", "set column kind", "set column limits",
    "add lane", "rename lane", "move lane", "delete lane", "set lane limit",
    "rename board", "set cycle", "set convention", "set time zone", "set WIP policy", "set blocker labels",
];

#[test]
fn the_generated_sequences_apply_and_refuse_every_command_variant() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut applied: BTreeMap<&str, usize> = BTreeMap::new();
    let mut refused: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut moved, mut reordered) = (0, 0);
    for _ in 0..200 {
        let mut b = ml_pipeline("b", "ML");
        for (i, (cmd, _)) in steps().new_tree(&mut runner).unwrap().current().iter().enumerate() {
            let cards = b.cards.clone();
            match apply(&mut b, cmd, t(i as i64)) {
                Ok(a) => {
                    *applied.entry(cmd.label()).or_default() += 1;
                    if matches!(cmd, Command::MoveCard { .. }) {
                        if a.events.is_empty() && b.cards != cards {
                            reordered += 1;
                        } else if !a.events.is_empty() {
                            moved += 1;
                        }
                    }
                }
                Err(_) => *refused.entry(cmd.label()).or_default() += 1,
            }
        }
    }
    for label in LABELS {
        assert!(applied.get(label).copied().unwrap_or(0) >= 3, "{label} applied: {applied:?}");
        if !["set convention", "set blocker labels"].contains(&label) {
            assert!(refused.get(label).copied().unwrap_or(0) >= 3, "{label} refused: {refused:?}");
        }
    }
    assert!(moved >= 20 && reordered >= 5, "moves across cells {moved}, within a cell {reordered}");
}
