//! WIP limits, one kind at a time: what a proposal breaks, what the headers
//! show, and how often and how long each limit was exceeded.

use std::collections::BTreeMap;

use board_core::template::ml_pipeline;
use board_core::wip::*;
use board_core::*;
use chrono::{TimeZone, Utc};

fn t(day: u32, hour: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn run(b: &mut Board, cmd: Command, at: Instant) {
    apply(b, &cmd, at).unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
}

struct Spec<'a> {
    owner: Option<&'a str>,
    card_type: CardType,
    compute: Option<f64>,
}

const PLAIN: Spec<'static> = Spec { owner: None, card_type: CardType::Other, compute: None };

fn add(b: &mut Board, id: &str, column: &str, lane: &str, s: Spec<'_>, at: Instant) {
    let mut c = Card::new(id, format!("Card {id}"), column, lane, at);
    c.owner = s.owner.map(str::to_owned);
    c.card_type = s.card_type;
    c.compute = s.compute;
    run(b, Command::AddCard { card: c, before: None }, at);
}

fn mv(b: &mut Board, id: &str, column: &str, lane: &str, at: Instant) {
    run(
        b,
        Command::MoveCard {
            id: id.into(),
            column: column.into(),
            lane: lane.into(),
            before: None,
            override_reason: None,
        },
        at,
    );
}

fn column_limits(b: &mut Board, id: &str, wip: Option<u32>, compute: Option<f64>, types: &[(CardType, u32)]) {
    let type_limits: BTreeMap<CardType, u32> = types.iter().copied().collect();
    run(b, Command::SetColumnLimits { id: id.into(), wip_limit: wip, compute_limit: compute, type_limits }, t(1, 0));
}

fn policy(b: &mut Board, f: impl FnOnce(&mut WipPolicy)) {
    let mut p = b.wip.clone();
    f(&mut p);
    run(b, Command::SetWipPolicy { policy: p }, t(1, 0));
}

fn move_to(card: &str, column: &str, lane: &str) -> Proposal {
    Proposal::Move { card: card.into(), column: column.into(), lane: lane.into() }
}

fn new_card(column: &str, lane: &str) -> Proposal {
    Proposal::Add {
        column: column.into(),
        lane: lane.into(),
        owner: None,
        card_type: CardType::Other,
        compute: None,
        blocked: false,
    }
}

fn texts(v: &[Violation]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn board() -> Board {
    ml_pipeline("b", "ML")
}

#[test]
fn moving_a_card_into_a_full_column_reports_the_column_limit_with_its_load_after() {
    let mut b = board();
    column_limits(&mut b, "train", Some(2), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    add(&mut b, "b", "train", "model", PLAIN, t(2, 9));
    add(&mut b, "c", "design", "model", PLAIN, t(2, 9));
    let v = violations(&b, &move_to("c", "train", "ops"));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].limit, Limit::Column("train".into()));
    assert_eq!(v[0].kind(), LimitKind::Column);
    assert_eq!((v[0].load, v[0].max), (3.0, 2.0));
    assert_eq!(v[0].to_string(), "Training: 3 / 2 cards");
    assert_eq!(texts(&violations(&b, &new_card("train", "data"))), ["Training: 3 / 2 cards"]);
    assert!(violations(&b, &new_card("eval", "data")).is_empty());
}

#[test]
fn a_move_within_an_over_full_column_does_not_report_its_limit_again() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    add(&mut b, "b", "train", "data", PLAIN, t(2, 9));
    assert!(violations(&b, &move_to("a", "train", "model")).is_empty());
    assert!(violations(&b, &move_to("a", "train", "data")).is_empty());
    // Leaving the over-full column is fine too.
    assert!(violations(&b, &move_to("a", "eval", "data")).is_empty());
}

#[test]
fn a_limit_already_exceeded_is_reported_when_the_change_adds_to_it() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    add(&mut b, "b", "train", "data", PLAIN, t(2, 9));
    add(&mut b, "c", "eval", "data", PLAIN, t(2, 9));
    assert_eq!(texts(&violations(&b, &move_to("c", "train", "data"))), ["Training: 3 / 1 cards"]);
}

#[test]
fn unknown_cards_and_moves_that_change_no_count_break_nothing() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    assert!(violations(&b, &move_to("ghost", "train", "data")).is_empty());
    // A limit of the column the card is in, when it stays there.
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    assert!(violations(&b, &move_to("a", "train", "data")).is_empty());
}

#[test]
fn a_lane_limit_counts_work_in_active_and_queue_columns_only() {
    let mut b = board();
    run(&mut b, Command::SetLaneLimit { id: "data".into(), wip_limit: Some(2) }, t(1, 0));
    add(&mut b, "b1", "backlog", "data", PLAIN, t(2, 9));
    add(&mut b, "b2", "backlog", "data", PLAIN, t(2, 9));
    add(&mut b, "done", "monitor", "data", PLAIN, t(2, 9));
    add(&mut b, "x", "explore", "data", PLAIN, t(2, 9));
    add(&mut b, "q", "approval", "data", PLAIN, t(2, 9));
    assert_eq!(loads(&b).lane("data").unwrap().cards, wip_count(2, Some(2), Status::AtLimit));
    // Backlog and done never break a lane limit.
    assert!(violations(&b, &new_card("backlog", "data")).is_empty());
    assert!(violations(&b, &move_to("x", "monitor", "data")).is_empty());
    let v = violations(&b, &move_to("b1", "prep", "data"));
    assert_eq!(texts(&v), ["Data lane: 3 / 2 cards"]);
    assert_eq!(v[0].limit, Limit::Lane("data".into()));
    // Into another lane: the data lane only loses a card.
    assert!(violations(&b, &move_to("x", "explore", "model")).is_empty());
}

fn wip_count(load: u32, limit: Option<u32>, status: Status) -> Count {
    Count { load, limit, status }
}

#[test]
fn a_cell_limit_counts_the_cards_of_one_column_in_one_lane() {
    let mut b = board();
    policy(&mut b, |p| p.cell_limits = vec![CellLimit { column: "train".into(), lane: "model".into(), limit: 1 }]);
    add(&mut b, "a", "train", "model", PLAIN, t(2, 9));
    add(&mut b, "b", "train", "data", PLAIN, t(2, 9));
    let v = violations(&b, &move_to("b", "train", "model"));
    assert_eq!(v[0].limit, Limit::Cell { column: "train".into(), lane: "model".into() });
    assert_eq!(texts(&v), ["Training / Modeling: 2 / 1 cards"]);
    assert!(violations(&b, &new_card("train", "data")).is_empty());
    assert_eq!(loads(&b).cell("train", "model").unwrap().cards.status, Status::AtLimit);
}

#[test]
fn a_person_limit_counts_owned_cards_in_active_columns_and_a_named_cap_overrides_it() {
    let mut b = board();
    policy(&mut b, |p| {
        p.person_limit = Some(2);
        p.person_limits.insert("bob".into(), 1);
    });
    let alice = || Spec { owner: Some("alice"), ..PLAIN };
    add(&mut b, "a1", "explore", "data", alice(), t(2, 9));
    add(&mut b, "a2", "train", "model", alice(), t(2, 9));
    add(&mut b, "a3", "backlog", "model", alice(), t(2, 9));
    add(&mut b, "bob1", "prep", "data", Spec { owner: Some("bob"), ..PLAIN }, t(2, 9));
    add(&mut b, "bob2", "backlog", "data", Spec { owner: Some("bob"), ..PLAIN }, t(2, 9));

    let v = violations(&b, &move_to("a3", "design", "model"));
    assert_eq!(v[0].limit, Limit::Person("alice".into()));
    assert_eq!(texts(&v), ["alice: 3 / 2 cards"]);
    assert_eq!(texts(&violations(&b, &move_to("bob2", "eval", "data"))), ["bob: 2 / 1 cards"]);
    // A queue column does not count for a person by default, done never does.
    assert!(violations(&b, &move_to("a3", "approval", "model")).is_empty());
    assert!(violations(&b, &move_to("a3", "monitor", "model")).is_empty());
    // Moving between active columns does not change the person's count.
    assert!(violations(&b, &move_to("a1", "train", "data")).is_empty());
    // A new card with an owner counts for them.
    let new_for_alice = Proposal::Add {
        column: "train".into(),
        lane: "model".into(),
        owner: Some("alice".into()),
        card_type: CardType::Model,
        compute: None,
        blocked: false,
    };
    assert_eq!(texts(&violations(&b, &new_for_alice)), ["alice: 3 / 2 cards"]);

    let l = loads(&b);
    assert_eq!(l.person("alice").unwrap().cards, wip_count(2, Some(2), Status::AtLimit));
    assert_eq!(l.person("bob").unwrap().cards, wip_count(1, Some(1), Status::AtLimit));
}

#[test]
fn queue_columns_count_for_a_person_when_the_policy_says_so() {
    let mut b = board();
    policy(&mut b, |p| {
        p.person_limit = Some(1);
        p.queue_counts_for_person = true;
    });
    add(&mut b, "a1", "explore", "data", Spec { owner: Some("alice"), ..PLAIN }, t(2, 9));
    add(&mut b, "a2", "backlog", "data", Spec { owner: Some("alice"), ..PLAIN }, t(2, 9));
    assert_eq!(texts(&violations(&b, &move_to("a2", "approval", "data"))), ["alice: 2 / 1 cards"]);
    mv(&mut b, "a2", "approval", "data", t(3, 9));
    assert_eq!(loads(&b).person("alice").unwrap().cards.status, Status::Over);
}

#[test]
fn a_type_limit_caps_cards_of_one_type_in_a_column() {
    let mut b = board();
    column_limits(&mut b, "train", None, None, &[(CardType::Experiment, 1)]);
    let exp = || Spec { card_type: CardType::Experiment, ..PLAIN };
    add(&mut b, "e1", "train", "model", exp(), t(2, 9));
    add(&mut b, "e2", "design", "model", exp(), t(2, 9));
    add(&mut b, "m1", "design", "model", Spec { card_type: CardType::Model, ..PLAIN }, t(2, 9));
    let v = violations(&b, &move_to("e2", "train", "model"));
    assert_eq!(v[0].limit, Limit::Type { column: "train".into(), card_type: CardType::Experiment });
    assert_eq!(v[0].kind(), LimitKind::Type);
    assert_eq!(texts(&v), ["Training: 2 / 1 experiment cards"]);
    assert!(violations(&b, &move_to("m1", "train", "model")).is_empty());
    let l = loads(&b);
    let types = &l.column("train").unwrap().types;
    assert_eq!(types[&CardType::Experiment], wip_count(1, Some(1), Status::AtLimit));
    assert_eq!(types.len(), 1, "only types present or capped are listed");
}

#[test]
fn a_compute_limit_caps_the_sum_of_compute_in_a_column() {
    let mut b = board();
    column_limits(&mut b, "train", None, Some(4.0), &[]);
    add(&mut b, "g1", "train", "model", Spec { compute: Some(2.5), ..PLAIN }, t(2, 9));
    add(&mut b, "g2", "train", "ops", Spec { compute: Some(1.0), ..PLAIN }, t(2, 9));
    add(&mut b, "g3", "eval", "model", Spec { compute: Some(2.0), ..PLAIN }, t(2, 9));
    add(&mut b, "cpu", "eval", "model", PLAIN, t(2, 9));
    let v = violations(&b, &move_to("g3", "train", "model"));
    assert_eq!(v[0].limit, Limit::Compute("train".into()));
    assert_eq!(texts(&v), ["Training: 5.5 / 4 compute"]);
    // A card without compute never breaks a compute limit.
    assert!(violations(&b, &move_to("cpu", "train", "model")).is_empty());
    let half = Proposal::Add {
        column: "train".into(),
        lane: "data".into(),
        owner: None,
        card_type: CardType::Other,
        compute: Some(0.5),
        blocked: false,
    };
    assert!(violations(&b, &half).is_empty(), "4 of 4 is at the limit, not over");
    let c = loads(&b).column("train").unwrap().compute;
    assert_eq!((c.load, c.limit, c.status), (3.5, Some(4.0), Status::Under));
}

#[test]
fn one_move_can_break_several_limits_reported_in_kind_order() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), Some(1.0), &[(CardType::Model, 1)]);
    run(&mut b, Command::SetLaneLimit { id: "model".into(), wip_limit: Some(1) }, t(1, 0));
    policy(&mut b, |p| p.person_limit = Some(1));
    let m = || Spec { owner: Some("ana"), card_type: CardType::Model, compute: Some(1.0) };
    add(&mut b, "m1", "train", "model", m(), t(2, 9));
    add(&mut b, "m2", "backlog", "model", m(), t(2, 9));
    let kinds: Vec<LimitKind> = violations(&b, &move_to("m2", "train", "model")).iter().map(Violation::kind).collect();
    assert_eq!(kinds, [LimitKind::Column, LimitKind::Lane, LimitKind::Person, LimitKind::Type, LimitKind::Compute]);
}

#[test]
fn only_a_hard_limit_that_is_broken_asks_for_an_override_reason() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    let over = violations(&b, &new_card("train", "data"));
    let fine = violations(&b, &new_card("eval", "data"));
    assert!(!requires_override(&b, &over), "soft limits only warn");
    policy(&mut b, |p| p.hard = true);
    assert!(requires_override(&b, &over));
    assert!(!requires_override(&b, &fine));
}

#[test]
fn blocked_cards_count_toward_limits_unless_the_policy_leaves_them_out() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    add(&mut b, "c", "eval", "data", PLAIN, t(2, 9));
    run(&mut b, Command::BlockCard { id: "a".into(), reason: "compute".into(), note: None }, t(2, 10));
    assert_eq!(texts(&violations(&b, &move_to("c", "train", "data"))), ["Training: 2 / 1 cards"]);
    assert_eq!(loads(&b).column("train").unwrap().cards.load, 1);

    policy(&mut b, |p| p.count_blocked = false);
    assert!(violations(&b, &move_to("c", "train", "data")).is_empty());
    assert_eq!(loads(&b).column("train").unwrap().cards, wip_count(0, Some(1), Status::Under));
    // A blocked card moving into a full column adds nothing that counts.
    mv(&mut b, "c", "train", "data", t(3, 9));
    run(&mut b, Command::BlockCard { id: "c".into(), reason: "compute".into(), note: None }, t(3, 10));
    add(&mut b, "d", "train", "data", PLAIN, t(3, 11));
    assert!(violations(&b, &move_to("a", "train", "model")).is_empty());
    add(&mut b, "e", "eval", "data", PLAIN, t(3, 11));
    assert_eq!(texts(&violations(&b, &move_to("e", "train", "data"))), ["Training: 2 / 1 cards"]);
}

#[test]
fn a_card_added_as_blocked_counts_only_when_blocked_cards_count() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    let mut card = Card::new("n", "New", "train", "data", t(2, 10));
    card.blocked = Some(Block { reason: "compute".into(), note: None, since: t(2, 10) });
    let p = Proposal::from_command(&b, &Command::AddCard { card, before: None }).unwrap();
    assert!(matches!(p, Proposal::Add { blocked: true, .. }));
    assert_eq!(texts(&violations(&b, &p)), ["Training: 2 / 1 cards"]);
    policy(&mut b, |p| p.count_blocked = false);
    assert!(violations(&b, &p).is_empty());
}

#[test]
fn loads_give_every_header_its_count_limit_and_status() {
    let mut b = board();
    column_limits(&mut b, "train", Some(2), None, &[]);
    column_limits(&mut b, "eval", Some(1), None, &[]);
    add(&mut b, "a", "train", "data", PLAIN, t(2, 9));
    add(&mut b, "b", "eval", "data", PLAIN, t(2, 9));
    add(&mut b, "c", "eval", "model", PLAIN, t(2, 9));
    let l = loads(&b);
    assert_eq!(l.columns.len(), b.columns.len());
    assert_eq!(l.lanes.len(), b.lanes.len());
    assert_eq!(l.cells.len(), b.columns.len() * b.lanes.len());
    assert_eq!(l.column("train").unwrap().cards, wip_count(1, Some(2), Status::Under));
    assert_eq!(l.column("eval").unwrap().cards, wip_count(2, Some(1), Status::Over));
    assert_eq!(l.column("backlog").unwrap().cards, wip_count(0, None, Status::Under));
    assert_eq!(l.lane("data").unwrap().cards, wip_count(2, None, Status::Under));
    assert_eq!(l.cell("eval", "model").unwrap().cards.load, 1);
    assert_eq!(texts(&l.over(&b)), ["Evaluation: 2 / 1 cards"]);
}

#[test]
fn a_proposal_follows_from_the_commands_that_add_or_move_cards() {
    let mut b = board();
    let mut card = Card::new("n", "New", "prep", "data", t(2, 9));
    card.owner = Some("ana".into());
    card.card_type = CardType::Data;
    card.compute = Some(2.0);
    let add_cmd = Command::AddCard { card, before: None };
    assert_eq!(
        Proposal::from_command(&b, &add_cmd),
        Some(Proposal::Add {
            column: "prep".into(),
            lane: "data".into(),
            owner: Some("ana".into()),
            card_type: CardType::Data,
            compute: Some(2.0),
            blocked: false,
        })
    );
    run(&mut b, add_cmd, t(2, 9));
    let mv_cmd = Command::MoveCard {
        id: "n".into(),
        column: "train".into(),
        lane: "ops".into(),
        before: None,
        override_reason: None,
    };
    assert_eq!(Proposal::from_command(&b, &mv_cmd), Some(move_to("n", "train", "ops")));
    let retrain = Command::Retrain { id: "n".into(), new_id: "r".into() };
    assert_eq!(
        Proposal::from_command(&b, &retrain),
        Some(Proposal::Add {
            column: "backlog".into(),
            lane: "data".into(),
            owner: Some("ana".into()),
            card_type: CardType::Retraining,
            compute: Some(2.0),
            blocked: false,
        })
    );
    assert_eq!(Proposal::from_command(&b, &Command::DeleteCard { id: "n".into() }), None);
}

// ---- history ----

fn history_of(b: &Board, now: Instant, limit: &Limit) -> LimitHistory {
    limit_history(b, now).into_iter().find(|h| h.limit == *limit).expect("limit is set")
}

#[test]
fn limit_history_counts_breaches_time_over_and_override_moves() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    add(&mut b, "a", "design", "model", PLAIN, t(1, 0));
    add(&mut b, "b", "design", "model", PLAIN, t(1, 0));
    mv(&mut b, "a", "train", "model", t(1, 12));
    mv(&mut b, "b", "train", "model", t(2, 0)); // over: breach 1
    mv(&mut b, "b", "eval", "model", t(3, 0)); // back to 1/1 after 24 h
    run(
        &mut b,
        Command::MoveCard {
            id: "b".into(),
            column: "train".into(),
            lane: "model".into(),
            before: None,
            override_reason: Some("retrain is urgent".into()),
        },
        t(4, 0),
    ); // breach 2, still open
    let h = history_of(&b, t(5, 6), &Limit::Column("train".into()));
    assert_eq!(h.breaches, 2);
    assert_eq!(h.overrides, 1);
    assert!(h.over_now);
    assert_eq!(h.hours_over, 24.0 + 30.0);
    assert_eq!(h.days_over(), 54.0 / 24.0);
    assert_eq!(h.subject, "Training");
    assert_eq!(h.max, 1.0);
}

#[test]
fn limit_history_lists_only_limits_set_now_including_each_owner_under_the_board_wide_cap() {
    let mut b = board();
    column_limits(&mut b, "train", Some(3), Some(8.0), &[(CardType::Experiment, 2)]);
    run(&mut b, Command::SetLaneLimit { id: "ops".into(), wip_limit: Some(4) }, t(1, 0));
    policy(&mut b, |p| {
        p.person_limit = Some(2);
        p.person_limits.insert("zoe".into(), 5);
        p.cell_limits = vec![CellLimit { column: "eval".into(), lane: "data".into(), limit: 1 }];
    });
    add(&mut b, "a", "backlog", "data", Spec { owner: Some("ana"), ..PLAIN }, t(2, 0));
    let limits: Vec<Limit> = limit_history(&b, t(3, 0)).into_iter().map(|h| h.limit).collect();
    assert_eq!(
        limits,
        [
            Limit::Column("train".into()),
            Limit::Lane("ops".into()),
            Limit::Cell { column: "eval".into(), lane: "data".into() },
            Limit::Person("ana".into()),
            Limit::Person("zoe".into()),
            Limit::Type { column: "train".into(), card_type: CardType::Experiment },
            Limit::Compute("train".into()),
        ]
    );
}

#[test]
fn limit_history_replays_people_types_and_compute_with_each_cards_current_values() {
    let mut b = board();
    column_limits(&mut b, "train", None, Some(2.0), &[(CardType::Experiment, 1)]);
    policy(&mut b, |p| p.person_limit = Some(1));
    let exp = |c| Spec { owner: Some("ana"), card_type: CardType::Experiment, compute: Some(c) };
    add(&mut b, "e1", "train", "model", exp(1.5), t(1, 0));
    add(&mut b, "e2", "backlog", "model", exp(1.0), t(1, 0));
    mv(&mut b, "e2", "train", "model", t(2, 0));
    mv(&mut b, "e2", "approval", "model", t(2, 12)); // a queue column: not ana's, not train's
    let now = t(3, 0);
    for limit in [
        Limit::Person("ana".into()),
        Limit::Type { column: "train".into(), card_type: CardType::Experiment },
        Limit::Compute("train".into()),
    ] {
        let h = history_of(&b, now, &limit);
        assert_eq!((h.breaches, h.hours_over, h.over_now), (1, 12.0, false), "{limit:?}");
    }
    // Change e2's type now: the replay uses it, so the type limit never broke.
    let mut d = b.card("e2").unwrap().details();
    d.card_type = CardType::Model;
    run(&mut b, Command::EditCard { id: "e2".into(), details: d }, now);
    let h = history_of(&b, now, &Limit::Type { column: "train".into(), card_type: CardType::Experiment });
    assert_eq!(h.breaches, 0);
}

#[test]
fn blocking_ends_a_breach_when_blocked_cards_do_not_count_and_deleting_ends_it_always() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    policy(&mut b, |p| p.count_blocked = false);
    add(&mut b, "a", "train", "data", PLAIN, t(1, 0));
    add(&mut b, "b", "train", "data", PLAIN, t(1, 6)); // breach 1
    run(&mut b, Command::BlockCard { id: "b".into(), reason: "compute".into(), note: None }, t(1, 12));
    run(&mut b, Command::UnblockCard { id: "b".into() }, t(2, 0)); // breach 2
    run(&mut b, Command::DeleteCard { id: "b".into() }, t(2, 3));
    let h = history_of(&b, t(4, 0), &Limit::Column("train".into()));
    assert_eq!((h.breaches, h.hours_over, h.over_now), (2, 9.0, false));
}

#[test]
fn limit_history_takes_a_card_without_a_created_event_as_created_at_its_created_at() {
    let mut b = board();
    column_limits(&mut b, "train", Some(1), None, &[]);
    b.cards.push(Card::new("old1", "Imported 1", "train", "data", t(1, 0)));
    b.cards.push(Card::new("old2", "Imported 2", "train", "data", t(2, 0)));
    let h = history_of(&b, t(3, 0), &Limit::Column("train".into()));
    assert_eq!((h.breaches, h.hours_over, h.over_now), (1, 24.0, true));
}
