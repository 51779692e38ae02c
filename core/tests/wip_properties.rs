//! Property tests of `board_core::wip` against a naive, independent count.
//!
//! Key design decision: the invariant is stated on the board itself, not on the
//! implementation. For random boards (random limits, policy, cards, blocks) and
//! random proposals, `violations(board, p)` reports exactly the set limits
//! whose load, counted naively on the board before and after applying `p`
//! with `command::apply`, ends above the limit AND went up, each with that
//! load after. A proposal reported clean therefore never pushes a load over a
//! limit, nor further over one. Also: `loads` agrees with the naive count, and
//! the history replay ends where the board is (`over_now` iff over now).

use std::collections::BTreeMap;

use board_core::template::ml_pipeline;
use board_core::wip::*;
use board_core::*;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::select;

/// Few columns, one of each kind and two active, so that limits are hit often.
const COLUMNS: &[&str] = &["backlog", "explore", "train", "approval", "monitor"];
const LANES: &[&str] = &["data", "model", "ops"];
const OWNERS: &[&str] = &["ana", "bob", "cy"];
const TYPES: &[CardType] = &[CardType::Experiment, CardType::Model, CardType::Data];

fn t(s: i64) -> Instant {
    Utc.timestamp_opt(1_780_000_000 + s * 3600, 0).unwrap()
}

#[derive(Clone, Debug)]
struct CardSpec {
    column: &'static str,
    lane: &'static str,
    owner: Option<&'static str>,
    card_type: CardType,
    /// Halves, so that sums are exact.
    compute: Option<f64>,
    blocked: bool,
}

fn card_spec() -> impl Strategy<Value = CardSpec> {
    (
        select(COLUMNS),
        select(LANES),
        prop::option::of(select(OWNERS)),
        select(TYPES),
        prop::option::of((0u32..6).prop_map(|h| f64::from(h) / 2.0)),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(column, lane, owner, card_type, compute, blocked)| CardSpec {
            column,
            lane,
            owner,
            card_type,
            compute,
            blocked,
        })
}

/// A column's card cap, compute cap and type caps.
type ColumnLimits = (Option<u32>, Option<f64>, Vec<(CardType, u32)>);

#[derive(Clone, Debug)]
struct Limits {
    columns: Vec<ColumnLimits>,
    lanes: Vec<Option<u32>>,
    cells: Vec<(&'static str, &'static str, u32)>,
    person: Option<u32>,
    people: Vec<(&'static str, u32)>,
    count_blocked: bool,
    queue_counts_for_person: bool,
}

fn small() -> impl Strategy<Value = u32> {
    1u32..4
}

fn limits() -> impl Strategy<Value = Limits> {
    let column = (
        prop::option::weighted(0.6, small()),
        prop::option::weighted(0.4, (1u32..8).prop_map(|h| f64::from(h) / 2.0)),
        prop::collection::vec((select(TYPES), small()), 0..3),
    );
    (
        prop::collection::vec(column, COLUMNS.len()),
        prop::collection::vec(prop::option::weighted(0.5, 1u32..6), LANES.len()),
        prop::collection::vec((select(COLUMNS), select(LANES), small()), 0..4),
        prop::option::weighted(0.5, small()),
        prop::collection::vec((select(OWNERS), small()), 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(columns, lanes, cells, person, people, count_blocked, queue_counts_for_person)| Limits {
            columns,
            lanes,
            cells,
            person,
            people,
            count_blocked,
            queue_counts_for_person,
        })
}

fn run(b: &mut Board, cmd: Command, at: Instant) {
    apply(b, &cmd, at).unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
}

fn new_card(id: &str, s: &CardSpec, at: Instant) -> Card {
    let mut c = Card::new(id, format!("Card {id}"), s.column, s.lane, at);
    c.owner = s.owner.map(str::to_owned);
    c.card_type = s.card_type;
    c.compute = s.compute;
    c.blocked = s.blocked.then(|| Block { reason: "compute".into(), note: None, since: at });
    c
}

fn build(cards: &[CardSpec], l: &Limits) -> Board {
    let mut b = ml_pipeline("p", "Props");
    for (i, s) in cards.iter().enumerate() {
        let id = format!("c{i}");
        run(&mut b, Command::AddCard { card: new_card(&id, s, t(i as i64)), before: None }, t(i as i64));
    }
    let at = t(cards.len() as i64);
    for (id, (wip, compute, types)) in COLUMNS.iter().zip(&l.columns) {
        let type_limits: BTreeMap<CardType, u32> = types.iter().copied().collect();
        run(
            &mut b,
            Command::SetColumnLimits { id: (*id).into(), wip_limit: *wip, compute_limit: *compute, type_limits },
            at,
        );
    }
    for (id, wip) in LANES.iter().zip(&l.lanes) {
        run(&mut b, Command::SetLaneLimit { id: (*id).into(), wip_limit: *wip }, at);
    }
    let policy = WipPolicy {
        count_blocked: l.count_blocked,
        queue_counts_for_person: l.queue_counts_for_person,
        hard: false,
        cell_limits: l
            .cells
            .iter()
            .map(|(c, ln, n)| CellLimit { column: (*c).into(), lane: (*ln).into(), limit: *n })
            .collect(),
        person_limit: l.person,
        person_limits: l.people.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect(),
    };
    run(&mut b, Command::SetWipPolicy { policy }, at);
    b
}

/// Every limit key that may exist on these boards.
fn all_keys() -> Vec<Limit> {
    let mut v = Vec::new();
    for c in COLUMNS {
        v.push(Limit::Column((*c).into()));
        v.push(Limit::Compute((*c).into()));
        for t in CardType::ALL {
            v.push(Limit::Type { column: (*c).into(), card_type: t });
        }
        for l in LANES {
            v.push(Limit::Cell { column: (*c).into(), lane: (*l).into() });
        }
    }
    v.extend(LANES.iter().map(|l| Limit::Lane((*l).into())));
    v.extend(OWNERS.iter().map(|p| Limit::Person((*p).into())));
    v
}

/// The cap on a key, read straight from the board.
fn naive_cap(b: &Board, k: &Limit) -> Option<f64> {
    match k {
        Limit::Column(c) => b.column(c).unwrap().wip_limit.map(f64::from),
        Limit::Lane(l) => b.lane(l).unwrap().wip_limit.map(f64::from),
        Limit::Cell { column, lane } => b
            .wip
            .cell_limits
            .iter()
            .filter(|x| x.column == *column && x.lane == *lane)
            .map(|x| f64::from(x.limit))
            .reduce(f64::min),
        Limit::Person(p) => b.wip.person_limits.get(p).or(b.wip.person_limit.as_ref()).map(|n| f64::from(*n)),
        Limit::Type { column, card_type } => {
            b.column(column).unwrap().type_limits.get(card_type).map(|n| f64::from(*n))
        }
        Limit::Compute(c) => b.column(c).unwrap().compute_limit,
    }
}

/// The load of a key, counted card by card with the documented rules.
fn naive_load(b: &Board, k: &Limit) -> f64 {
    let kind = |c: &Card| b.column(&c.column).unwrap().kind;
    let counted = b.cards.iter().filter(|c| b.wip.count_blocked || c.blocked.is_none());
    let n = |it: Box<dyn Iterator<Item = &Card> + '_>| it.count() as f64;
    match k {
        Limit::Column(col) => n(Box::new(counted.filter(|c| c.column == *col))),
        Limit::Lane(l) => {
            n(Box::new(counted.filter(|c| c.lane == *l && matches!(kind(c), ColumnKind::Active | ColumnKind::Queue))))
        }
        Limit::Cell { column, lane } => n(Box::new(counted.filter(|c| c.column == *column && c.lane == *lane))),
        Limit::Person(p) => n(Box::new(counted.filter(|c| {
            c.owner.as_deref() == Some(p.as_str())
                && (kind(c) == ColumnKind::Active || (kind(c) == ColumnKind::Queue && b.wip.queue_counts_for_person))
        }))),
        Limit::Type { column, card_type } => {
            n(Box::new(counted.filter(|c| c.column == *column && c.card_type == *card_type)))
        }
        Limit::Compute(col) => counted.filter(|c| c.column == *col).filter_map(|c| c.compute).sum(),
    }
}

#[derive(Clone, Debug)]
enum Prop {
    /// Index into the cards (may be out of range: an unknown card).
    Move(usize, &'static str, &'static str),
    Add(CardSpec),
}

fn proposal() -> impl Strategy<Value = Prop> {
    prop_oneof![
        3 => (0usize..20, select(COLUMNS), select(LANES)).prop_map(|(i, c, l)| Prop::Move(i, c, l)),
        1 => card_spec().prop_map(Prop::Add),
    ]
}

fn to_proposal_and_command(p: &Prop) -> (Proposal, Command) {
    match p {
        Prop::Move(i, c, l) => (
            Proposal::Move { card: format!("c{i}"), column: (*c).into(), lane: (*l).into() },
            Command::MoveCard {
                id: format!("c{i}"),
                column: (*c).into(),
                lane: (*l).into(),
                before: None,
                override_reason: None,
            },
        ),
        Prop::Add(s) => (
            Proposal::Add {
                column: s.column.into(),
                lane: s.lane.into(),
                owner: s.owner.map(str::to_owned),
                card_type: s.card_type,
                compute: s.compute,
                blocked: s.blocked,
            },
            Command::AddCard { card: new_card("new", s, t(0)), before: None },
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn violations_are_exactly_the_set_limits_a_change_pushes_over_and_up(
        cards in prop::collection::vec(card_spec(), 0..14),
        l in limits(),
        p in proposal(),
    ) {
        let board = build(&cards, &l);
        let (proposal, cmd) = to_proposal_and_command(&p);
        let mut after = board.clone();
        let applied = apply(&mut after, &cmd, t(100)).is_ok();
        prop_assert_eq!(applied, !matches!(p, Prop::Move(i, ..) if i >= cards.len()));

        let mut expected: Vec<(Limit, f64)> = all_keys()
            .into_iter()
            .filter_map(|k| {
                let cap = naive_cap(&board, &k)?;
                let (was, now) = (naive_load(&board, &k), naive_load(&after, &k));
                (now > cap && now > was).then_some((k, now))
            })
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let got: Vec<(Limit, f64)> = violations(&board, &proposal).into_iter().map(|v| {
            assert_eq!(Some(v.max), naive_cap(&board, &v.limit));
            (v.limit, v.load)
        }).collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn loads_agree_with_a_naive_count_of_every_limit(
        cards in prop::collection::vec(card_spec(), 0..14),
        l in limits(),
    ) {
        let b = build(&cards, &l);
        let ld = loads(&b);
        let status = |load: f64, cap: Option<f64>| match cap {
            Some(c) if load > c => Status::Over,
            Some(c) if load == c => Status::AtLimit,
            _ => Status::Under,
        };
        for k in all_keys() {
            let (load, cap) = (naive_load(&b, &k), naive_cap(&b, &k));
            let got = match &k {
                Limit::Column(c) => Some(ld.column(c).unwrap().cards).map(|n| (f64::from(n.load), n.limit.map(f64::from), n.status)),
                Limit::Lane(l) => Some(ld.lane(l).unwrap().cards).map(|n| (f64::from(n.load), n.limit.map(f64::from), n.status)),
                Limit::Cell { column, lane } => Some(ld.cell(column, lane).unwrap().cards).map(|n| (f64::from(n.load), n.limit.map(f64::from), n.status)),
                Limit::Person(p) => ld.person(p).map(|x| x.cards).map(|n| (f64::from(n.load), n.limit.map(f64::from), n.status)),
                Limit::Type { column, card_type } => ld.column(column).unwrap().types.get(card_type).map(|n| (f64::from(n.load), n.limit.map(f64::from), n.status)),
                Limit::Compute(c) => Some(ld.column(c).unwrap().compute).map(|a| (a.load, a.limit, a.status)),
            };
            match got {
                Some(g) => prop_assert_eq!(g, (load, cap, status(load, cap)), "{:?}", k),
                // Left out only when there is nothing to show.
                None => prop_assert!(
                    load == 0.0
                        && match &k {
                            Limit::Person(p) => !b.wip.person_limits.contains_key(p) && !b.owners().contains(p),
                            _ => cap.is_none(),
                        },
                    "{:?} missing",
                    k
                ),
            }
        }
        let over: Vec<Limit> = ld.over(&b).into_iter().map(|v| v.limit).collect();
        let mut expected: Vec<Limit> = all_keys().into_iter().filter(|k| naive_cap(&b, k).is_some_and(|c| naive_load(&b, k) > c)).collect();
        expected.sort_by_key(|k| (k.kind(), k.clone()));
        let mut over_sorted = over.clone();
        over_sorted.sort_by_key(|k| (k.kind(), k.clone()));
        prop_assert_eq!(over_sorted, expected);
    }

    #[test]
    fn the_history_replay_ends_where_the_board_is(
        cards in prop::collection::vec(card_spec(), 1..12),
        l in limits(),
        steps in prop::collection::vec((0usize..12, 0u8..5, select(COLUMNS), select(LANES)), 0..30),
    ) {
        let mut b = build(&cards, &l);
        let mut at = cards.len() as i64 + 1;
        for (i, what, col, lane) in steps {
            let id = format!("c{}", i % cards.len());
            let cmd = match what {
                0 | 1 => Command::MoveCard { id, column: col.into(), lane: lane.into(), before: None, override_reason: Some("x".into()).filter(|_| what == 1) },
                2 => Command::BlockCard { id, reason: "labeling".into(), note: None },
                3 => Command::UnblockCard { id },
                _ => Command::DeleteCard { id },
            };
            let _ = apply(&mut b, &cmd, t(at)); // refused commands change nothing
            at += 1;
        }
        for h in limit_history(&b, t(at)) {
            let over = naive_load(&b, &h.limit) > h.max;
            prop_assert_eq!(h.over_now, over, "{:?}", h.limit);
            prop_assert!(h.breaches >= u32::from(over));
            prop_assert!(h.hours_over >= 0.0);
            prop_assert_eq!(Some(h.max), naive_cap(&b, &h.limit));
        }
    }
}
