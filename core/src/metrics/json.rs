//! The metrics report file (flow-metrics.md, "The metrics report").
//!
//! Key design decision: the file is a `Serialize` struct borrowing the [`Report`], not a
//! `serde_json::Value`, so its fields come out in the documented order (serde_json's `Value`
//! sorts keys) and nothing is copied.

use chrono::{NaiveDate, SecondsFormat};
use serde::Serialize;

use super::{AgingItem, Blocked, Cfd, ColumnTime, CycleTime, DayCount, Report, Rework, Throughput};
use crate::model::{Board, Instant};

/// The `ml-kanban-metrics` file, version 1.
#[derive(Clone, Debug, Serialize)]
pub struct MetricsFile<'a> {
    pub format: &'static str,
    pub version: u32,
    pub board: &'a str,
    pub generated_at: String,
    pub as_of: NaiveDate,
    pub convention: &'static str,
    pub cycle_time: &'a CycleTime,
    pub throughput: &'a Throughput,
    pub wip: &'a [DayCount],
    pub cfd: &'a Cfd,
    pub aging: &'a [AgingItem],
    pub time_in_column: &'a [ColumnTime],
    pub bottleneck: Option<&'a str>,
    pub blocked: &'a Blocked,
    pub flow_efficiency: Option<f64>,
    pub rework: &'a Rework,
}

/// The report of `board` as the metrics file, stamped `generated_at` (RFC 3339, UTC, seconds).
pub fn report_file<'a>(
    report: &'a Report,
    board: &'a Board,
    generated_at: Instant,
) -> MetricsFile<'a> {
    MetricsFile {
        format: "ml-kanban-metrics",
        version: 1,
        board: &board.id,
        generated_at: generated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        as_of: report.as_of,
        convention: report.convention.as_str(),
        cycle_time: &report.cycle_time,
        throughput: &report.throughput,
        wip: &report.wip,
        cfd: &report.cfd,
        aging: &report.aging,
        time_in_column: &report.time_in_column,
        bottleneck: report.bottleneck.as_deref(),
        blocked: &report.blocked,
        flow_efficiency: report.flow_efficiency,
        rework: &report.rework,
    }
}

/// The metrics file as pretty-printed JSON, fields in the documented order.
pub fn report_json(report: &Report, board: &Board, generated_at: Instant) -> String {
    serde_json::to_string_pretty(&report_file(report, board, generated_at))
        .expect("a metrics report always serializes")
}
