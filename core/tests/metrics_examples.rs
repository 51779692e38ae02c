//! Acceptance: the worked example of flow-metrics.md. `examples/board.json` must give exactly
//! `examples/metrics-<convention>.json` when the report is made at 2026-11-25T12:00:00Z.

use board_core::metrics::{compute, report_file, report_json, Options};
use board_core::{Board, Convention, Instant};
use serde_json::Value;

const SPEC: &str = "/work/shared/spec/examples";

fn moment() -> Instant {
    "2026-11-25T12:00:00Z".parse().expect("valid moment")
}

/// The example board, read by the app's own importer.
fn example_board() -> Board {
    let text = std::fs::read_to_string(format!("{SPEC}/board.json")).expect("example board");
    let mut boards = board_core::format::import_str(&text).expect("the example imports");
    assert_eq!(boards.len(), 1);
    boards.remove(0)
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
        "\"format\"",
        "\"version\"",
        "\"board\"",
        "\"generated_at\"",
        "\"as_of\"",
        "\"convention\"",
        "\"cycle_time\"",
        "\"throughput\"",
        "\"wip\"",
        "\"cfd\"",
        "\"aging\"",
        "\"time_in_column\"",
        "\"bottleneck\"",
        "\"blocked\"",
        "\"flow_efficiency\"",
        "\"rework\"",
    ];
    let pos: Vec<usize> = keys.iter().map(|k| text.find(k).expect("field present")).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "order: {pos:?}");
    // Nearest-rank percentiles are whole numbers: written as integers, as in the example.
    assert!(text.contains("\"50\": 5,"), "{}", &text[..400]);
}
