//! Acceptance: the worked example of flow-metrics.md. `examples/board.json` must give exactly
//! `examples/metrics-<convention>.json` when the report is made at 2026-11-25T12:00:00Z.

use board_core::metrics::{compute, report_file, report_json, Options};
use board_core::{Board, Convention, Instant};
use serde_json::Value;

const SPEC: &str = "/work/shared/spec/examples";

fn moment() -> Instant {
    "2026-11-25T12:00:00Z".parse().expect("valid moment")
}

/// A small test-only reader for the well-formed example file (the real importer lives in
/// `board_core::format`).
mod loader {
    use board_core::{Block, Board, Card, Column, ColumnKind, Convention, Cycle, Event, EventKind, Instant, Lane};
    use chrono::FixedOffset;
    use serde_json::Value;

    fn s(v: &Value, k: &str) -> String {
        v[k].as_str().unwrap_or_else(|| panic!("missing {k} in {v}")).to_string()
    }
    fn opt(v: &Value, k: &str) -> Option<String> {
        v.get(k).and_then(Value::as_str).map(str::to_string)
    }
    fn at(v: &Value, k: &str) -> Instant {
        s(v, k).parse().expect("RFC 3339 time")
    }
    fn tz(t: &str) -> FixedOffset {
        let sign = if t.starts_with('-') { -1 } else { 1 };
        let (h, m) = t[1..].split_once(':').expect("+hh:mm");
        let secs = h.parse::<i32>().unwrap() * 3600 + m.parse::<i32>().unwrap() * 60;
        FixedOffset::east_opt(sign * secs).expect("offset in range")
    }

    pub fn board(v: &Value) -> Board {
        let mut b = Board::empty(s(v, "id"), s(v, "name"));
        b.timezone = tz(v.get("timezone").and_then(Value::as_str).unwrap_or("+00:00"));
        b.columns = v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut col = Column::new(s(c, "id"), s(c, "name"), ColumnKind::parse(&s(c, "kind")).unwrap());
                col.wip_limit = c.get("wip_limit").and_then(Value::as_u64).map(|x| x as u32);
                col
            })
            .collect();
        b.lanes = v["lanes"].as_array().unwrap().iter().map(|l| Lane::new(s(l, "id"), s(l, "name"))).collect();
        b.cycle = v.get("cycle").map(|c| Cycle { start: s(c, "start"), end: s(c, "end") });
        if let Some(c) = opt(v, "convention") {
            b.convention = Convention::parse(&c).unwrap();
        }
        b.cards = v["cards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut card = Card::new(s(c, "id"), s(c, "title"), s(c, "column"), s(c, "lane"), at(c, "created_at"));
                card.blocked = c.get("blocked").filter(|x| !x.is_null()).map(|x| Block {
                    reason: s(x, "reason"),
                    note: opt(x, "note"),
                    since: at(x, "since"),
                });
                card
            })
            .collect();
        b.events = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| Event {
                at: at(e, "at"),
                card: s(e, "card"),
                kind: match s(e, "kind").as_str() {
                    "created" => EventKind::Created { column: s(e, "column"), lane: s(e, "lane") },
                    "moved" => EventKind::Moved {
                        from: s(e, "from"),
                        to: s(e, "to"),
                        from_lane: opt(e, "from_lane"),
                        to_lane: opt(e, "to_lane"),
                        override_reason: opt(e, "override"),
                    },
                    "blocked" => EventKind::Blocked { reason: s(e, "reason"), note: opt(e, "note") },
                    "unblocked" => EventKind::Unblocked,
                    "deleted" => EventKind::Deleted,
                    k => panic!("unknown event kind {k}"),
                },
            })
            .collect();
        b
    }
}

fn example_board() -> Board {
    let text = std::fs::read_to_string(format!("{SPEC}/board.json")).expect("example board");
    let file: Value = serde_json::from_str(&text).expect("JSON");
    loader::board(&file["boards"][0])
}

fn expected(convention: Convention) -> Value {
    let text = std::fs::read_to_string(format!("{SPEC}/metrics-{}.json", convention.as_str()))
        .expect("example report");
    serde_json::from_str(&text).expect("JSON")
}

/// Field-by-field comparison; numbers within a relative 1e-9. Returns every difference.
fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let wk: Vec<&String> = w.keys().collect();
            let gk: Vec<&String> = g.keys().collect();
            if wk != gk {
                out.push(format!("{path}: keys {wk:?} != {gk:?}"));
            }
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => diff(&format!("{path}.{k}"), wv, gv, out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!("{path}: {} items != {}", w.len(), g.len()));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{path}[{i}]"), wv, gv, out);
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            let (w, g) = (w.as_f64().unwrap(), g.as_f64().unwrap());
            if (w - g).abs() > 1e-9 * w.abs().max(1.0) {
                out.push(format!("{path}: {w} != {g}"));
            }
        }
        _ if want == got => {}
        _ => out.push(format!("{path}: {want} != {got}")),
    }
}

fn check(convention: Convention) {
    let board = example_board();
    let opts = Options { convention, ..Options::for_board(&board, moment()) };
    let report = compute(&board, &opts);
    let got = serde_json::to_value(report_file(&report, &board, moment())).expect("serializes");
    let mut out = Vec::new();
    diff("$", &expected(convention), &got, &mut out);
    assert!(out.is_empty(), "{} differences:\n{}", out.len(), out.join("\n"));
}

#[test]
fn example_board_gives_the_actionable_agile_report() {
    check(Convention::ActionableAgile);
}

#[test]
fn example_board_gives_the_jira_agile_metrics_report() {
    check(Convention::JiraAgileMetrics);
}

#[test]
fn report_fields_come_in_the_documented_order() {
    let board = example_board();
    let report = compute(&board, &Options::for_board(&board, moment()));
    let text = report_json(&report, &board, moment());
    let keys = [
        "\"format\"", "\"version\"", "\"board\"", "\"generated_at\"", "\"as_of\"", "\"convention\"",
        "\"cycle_time\"", "\"throughput\"", "\"wip\"", "\"cfd\"", "\"aging\"", "\"time_in_column\"",
        "\"bottleneck\"", "\"blocked\"", "\"flow_efficiency\"", "\"rework\"",
    ];
    let pos: Vec<usize> = keys.iter().map(|k| text.find(k).expect("field present")).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "order: {pos:?}");
    // Nearest-rank percentiles are whole numbers: written as integers, as in the example.
    assert!(text.contains("\"50\": 5,"), "{}", &text[..400]);
}
