//! Whatever the app does to a board, the file it exports imports back equal,
//! and what it stores reads back equal.
//!
//! Key design decision: boards here are not built by hand but by random
//! sequences of [`Command`]s through [`apply`], the only way the app changes a
//! board, so the test covers exactly the boards users can make.
//! This includes deleting emptied columns and lanes whose history stays.

use board_core::format::{import_str, read_stored, to_compact_string, to_storage_string};
use board_core::*;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

fn pick<'a>(r: &mut Pcg64Mcg, items: &'a [String]) -> &'a str {
    &items[r.random_range(0..items.len())]
}

fn random_command(r: &mut Pcg64Mcg, b: &Board) -> Command {
    let cols: Vec<String> = b.columns.iter().map(|c| c.id.clone()).collect();
    let lanes: Vec<String> = b.lanes.iter().map(|l| l.id.clone()).collect();
    let mut cards: Vec<String> = b.cards.iter().map(|c| c.id.clone()).collect();
    cards.push("nope".into());
    let id = |r: &mut Pcg64Mcg| format!("c{}", r.random_range(0..30));
    match r.random_range(0..24) {
        0..=3 => Command::AddCard {
            card: Card::new(id(r), "Card", pick(r, &cols), pick(r, &lanes), Utc.timestamp_opt(0, 0).unwrap()),
            before: r.random_bool(0.3).then(|| pick(r, &cards).to_owned()),
        },
        4 => Command::EditCard {
            id: pick(r, &cards).to_owned(),
            details: CardDetails {
                title: "Edited \"title\" ✓".into(),
                card_type: CardType::ALL[r.random_range(0..8)],
                owner: r.random_bool(0.5).then(|| "Aisha".into()),
                tags: vec!["gbm".into()],
                description: Some("<b>not html</b>".into()),
                hypothesis: Some("h".into()),
                dataset: Some("v3".into()),
                metric: Some(Metric { name: "AUC".into(), target: Some(0.85), achieved: None }),
                links: vec!["https://example.org/run".into()],
                compute: Some(r.random_range(0..8) as f64 / 2.0),
            },
        },
        5..=8 => Command::MoveCard {
            id: pick(r, &cards).to_owned(),
            column: pick(r, &cols).to_owned(),
            lane: pick(r, &lanes).to_owned(),
            before: r.random_bool(0.3).then(|| pick(r, &cards).to_owned()),
            override_reason: r.random_bool(0.2).then(|| "urgent fix".into()),
        },
        9 => Command::DeleteCard { id: pick(r, &cards).to_owned() },
        10 => {
            let reasons: Vec<String> = b.reasons().map(str::to_owned).chain(["made-up".to_owned()]).collect();
            Command::BlockCard {
                id: pick(r, &cards).to_owned(),
                reason: pick(r, &reasons).to_owned(),
                note: r.random_bool(0.5).then(|| "waiting".into()),
            }
        }
        11 => Command::UnblockCard { id: pick(r, &cards).to_owned() },
        12 => Command::Retrain { id: pick(r, &cards).to_owned(), new_id: id(r) },
        13 => Command::AddColumn {
            column: Column::new(format!("col{}", r.random_range(0..9)), "New", ColumnKind::ALL[r.random_range(0..4)]),
            index: r.random_range(0..8),
        },
        14 => Command::MoveColumn { id: pick(r, &cols).to_owned(), index: r.random_range(0..8) },
        15 => Command::SetColumnKind { id: pick(r, &cols).to_owned(), kind: ColumnKind::ALL[r.random_range(0..4)] },
        16 => Command::SetColumnLimits {
            id: pick(r, &cols).to_owned(),
            wip_limit: r.random_bool(0.7).then(|| r.random_range(0..5)),
            compute_limit: r.random_bool(0.3).then(|| r.random_range(0..8) as f64),
            type_limits: [(CardType::Experiment, r.random_range(0..3))].into_iter().collect(),
        },
        17 => Command::AddLane { lane: Lane::new(format!("lane{}", r.random_range(0..5)), "Lane"), index: 0 },
        18 => Command::SetLaneLimit { id: pick(r, &lanes).to_owned(), wip_limit: Some(r.random_range(0..4)) },
        19 => {
            let s = pick(r, &cols).to_owned();
            let e = pick(r, &cols).to_owned();
            Command::SetCycle { cycle: r.random_bool(0.8).then_some(Cycle { start: s, end: e }) }
        }
        20 => Command::SetWipPolicy {
            policy: WipPolicy {
                count_blocked: r.random_bool(0.5),
                queue_counts_for_person: r.random_bool(0.5),
                hard: r.random_bool(0.5),
                cell_limits: vec![CellLimit {
                    column: pick(r, &cols).to_owned(),
                    lane: pick(r, &lanes).to_owned(),
                    limit: r.random_range(0..3),
                }],
                person_limit: Some(r.random_range(0..3)),
                person_limits: [("Aisha".to_owned(), r.random_range(0..3))].into_iter().collect(),
            },
        },
        _ => match r.random_range(0..6) {
            4 => Command::DeleteColumn { id: pick(r, &cols).to_owned() },
            5 => Command::DeleteLane { id: pick(r, &lanes).to_owned() },
            0 => Command::SetBlockerLabels { labels: vec!["gpu queue".into(), " ".into(), "compute".into()] },
            1 => Command::SetBlockerLabels { labels: vec![] },
            2 => Command::SetTimezone { offset_minutes: r.random_range(-1500..1500) },
            _ => Command::SetConvention { convention: Convention::ALL[r.random_range(0..2)] },
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn boards_made_by_any_commands_export_and_import_back_equal(seed in any::<u64>(), steps in 1usize..120) {
        let r = &mut Pcg64Mcg::seed_from_u64(seed);
        let mut b = if r.random_bool(0.5) { template::ml_pipeline("b", "ML") } else { template::blank("b", "Blank") };
        let mut now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
        for _ in 0..steps {
            // Mostly forward in time, sometimes a clock that went back.
            now += chrono::Duration::seconds(r.random_range(-600..7200));
            let cmd = random_command(r, &b);
            let _ = apply(&mut b, &cmd, now);
        }
        let text = to_storage_string(std::slice::from_ref(&b), now);
        let back = import_str(&text);
        prop_assert!(back.is_ok(), "refused its own export: {}", back.unwrap_err());
        prop_assert_eq!(back.unwrap(), vec![b.clone()]);
        let stored = read_stored(&to_compact_string(std::slice::from_ref(&b), now));
        prop_assert!(stored.is_ok(), "refused its own stored form: {}", stored.unwrap_err());
        prop_assert_eq!(stored.unwrap(), vec![b]);
    }
}

#[test]
fn demo_boards_export_and_import_back_equal() {
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 16, 0, 0).unwrap();
    for seed in [1, 2, 42] {
        let b = demo::demo_board("demo", now, seed);
        let text = board_core::format::export_string(std::slice::from_ref(&b), now);
        let back = import_str(&text);
        assert!(back.is_ok(), "seed {seed}: refused its own demo board: {}", back.unwrap_err());
        assert_eq!(back.unwrap(), vec![b.clone()], "seed {seed}");
        let stored = read_stored(&to_compact_string(std::slice::from_ref(&b), now));
        assert_eq!(stored.unwrap(), vec![b], "seed {seed}: stored form");
    }
}
