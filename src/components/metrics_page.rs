//! The metrics page: flow metrics and charts of the active board, computed in the browser.
//!
//! Key design decision: the whole report comes from ONE memo of (active board, date window),
//! computed by the pure `board_core::metrics::compute`; every tile, chart, table and download
//! reads that memo, so a redraw never recomputes and unrelated signals (filters, dialogs,
//! forecast inputs) never touch it. Convention and cycle are board settings, changed through
//! `Command::SetConvention` / `Command::SetCycle` so they persist and undo like any edit.
//! Forecasts are seeded per board (FNV-1a of the board id): same board, same inputs, same answer.

use crate::timing::measured;
use std::sync::Arc;

use board_core::metrics::{
    self, forecast_how_many, forecast_when, throughput_sample, Options, Report, DEFAULT_TRIALS,
    DEFAULT_WINDOW_DAYS,
};
use board_core::report::{board_seed, cards_text, long_date};
use board_core::{Board, ColumnKind, Command, Convention, Cycle};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;

use crate::charts::{
    chart_card, days_text, empty_note, fmt_num, h_rules, nice_ticks, spread, table, x_axis, y_axis, Marks,
    ChartSpec, Legend, Scale, Shape, ACCENT, H, INK, MUTED, PALETTE, PERCENTILE_STYLE, X0, X1, Y0, Y1,
};
use super::views::page_title;
use crate::download;
use crate::state::{now, AppState};

/// The date window from the page's two date fields: either may be blank (open end).
pub fn parse_window(from: &str, to: &str) -> Option<(NaiveDate, NaiveDate)> {
    let p = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (f, t) = (p(from), p(to));
    if f.is_none() && t.is_none() {
        return None;
    }
    Some((
        f.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).expect("valid date")),
        t.unwrap_or(NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date")),
    ))
}

/// Per-card cycle times as CSV: card, title, started, finished, days.
pub fn cycle_time_csv(report: &Report, board: &Board) -> String {
    let mut out = String::from("card,title,started,finished,days\n");
    for i in &report.cycle_time.items {
        let title = board.card(&i.card).map(|c| c.title.as_str()).unwrap_or("");
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            download::csv_field(&i.card),
            download::csv_field(title),
            i.started,
            i.finished,
            i.days
        ));
    }
    out
}

fn short_date(d: NaiveDate) -> String {
    d.format("%b %-d").to_string()
}

/// Column id -> name, falling back to the id.
#[derive(Clone, Debug, PartialEq)]
struct Names(Vec<(String, String, ColumnKind)>);

impl Names {
    fn of(board: &Board) -> Self {
        Self(board.columns.iter().map(|c| (c.id.clone(), c.name.clone(), c.kind)).collect())
    }
    fn name(&self, id: &str) -> String {
        self.0.iter().find(|c| c.0 == id).map_or_else(|| id.to_string(), |c| c.1.clone())
    }
}

/// Everything the page draws, computed once per (board, window).
#[derive(Clone, Debug, PartialEq)]
struct View {
    report: Report,
    names: Names,
    board_id: String,
    board_name: String,
    timezone: String,
}

#[component]
pub fn MetricsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let window = Memo::new(move |_| parse_window(&from.get(), &to.get()));
    // The one computation of the page.
    let view_memo: Memo<Option<Arc<View>>> = Memo::new(move |_| {
        let w = window.get();
        state.with_board(|b| {
            let mut opts = Options::for_board(b, now());
            opts.window = w;
            Arc::new(View {
                report: measured("metrics:compute", || metrics::compute(b, &opts)),
                names: Names::of(b),
                board_id: b.id.clone(),
                board_name: b.name.clone(),
                timezone: b.timezone.to_string(),
            })
        })
    });
    let settings = Memo::new(move |_| {
        state.with_board(|b| (b.convention, b.effective_cycle(), b.cycle.is_some(), Names::of(b)))
    });

    let set_convention = move |ev| {
        if let Some(c) = Convention::parse(&event_target_value(&ev)) {
            if state.run(Command::SetConvention { convention: c }) {
                state.announce.set(format!("Convention set to {}.", c.as_str()));
            }
        }
    };
    let set_cycle = move |start: Option<String>, end: Option<String>| {
        let Some(cur) = settings.with_untracked(|s| s.as_ref().and_then(|s| s.1.clone())) else { return };
        let cycle = Cycle { start: start.unwrap_or(cur.start), end: end.unwrap_or(cur.end) };
        if state.run(Command::SetCycle { cycle: Some(cycle) }) {
            state.announce.set("Cycle changed.".into());
        }
    };

    let download_json = move |_| {
        let Some(v) = view_memo.get_untracked() else { return };
        if let Some(text) = state.with_board_untracked(|b| metrics::report_json(&v.report, b, now())) {
            download::text(&format!("{}-metrics.json", v.board_id), "application/json", &text);
        }
    };
    let download_csv = move |_| {
        let Some(v) = view_memo.get_untracked() else { return };
        if let Some(text) = state.with_board_untracked(|b| cycle_time_csv(&v.report, b)) {
            download::text(&format!("{}-cycle-times.csv", v.board_id), "text/csv", &text);
        }
    };

    view! {
        <main class="metrics-page" aria-labelledby="metrics-title">
            <div class="metrics-head">
                <div>
                    {page_title(
                        "metrics-title",
                        "Flow metrics",
                        move || view_memo.with(|v| v.as_ref().map(|v| v.board_name.clone())),
                        move || view_memo.with(|v| v.as_ref().map(|v| (v.report.as_of, v.timezone.clone()))),
                        "Deleted cards are left out.",
                        "as-of",
                    )}
                </div>
                <div class="btn-row">
                    <button type="button" class="primary" on:click=download_json>
                        "Download metrics"
                    </button>
                    <button type="button" on:click=download_csv>
                        "Download cycle times (CSV)"
                    </button>
                </div>
            </div>
            <form class="metrics-controls" aria-label="Metrics options" on:submit=|ev| ev.prevent_default()>
                <fieldset class="ctl-group">
                    <legend>"Date window"</legend>
                    <div class="field">
                        <label for="win-from">"From"</label>
                        <input
                            id="win-from"
                            type="date"
                            prop:value=move || from.get()
                            on:change=move |ev| from.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="win-to">"To"</label>
                        <input
                            id="win-to"
                            type="date"
                            prop:value=move || to.get()
                            on:change=move |ev| to.set(event_target_value(&ev))
                        />
                    </div>
                    <button
                        type="button"
                        class="small"
                        disabled=move || window.get().is_none()
                        on:click=move |_| {
                            from.set(String::new());
                            to.set(String::new());
                        }
                    >
                        "All time"
                    </button>
                </fieldset>
                <fieldset class="ctl-group">
                    <legend>"Cycle (board setting)"</legend>
                    <div class="field">
                        <label for="cycle-start">"Starts in"</label>
                        <select
                            id="cycle-start"
                            on:change=move |ev| set_cycle(Some(event_target_value(&ev)), None)
                        >
                            {move || column_options(settings.get(), true)}
                        </select>
                    </div>
                    <div class="field">
                        <label for="cycle-end">"Ends in"</label>
                        <select id="cycle-end" on:change=move |ev| set_cycle(None, Some(event_target_value(&ev)))>
                            {move || column_options(settings.get(), false)}
                        </select>
                    </div>
                    <button
                        type="button"
                        class="small"
                        disabled=move || !settings.with(|s| s.as_ref().is_some_and(|s| s.2))
                        on:click=move |_| {
                            if state.run(Command::SetCycle { cycle: None }) {
                                state.announce.set("Cycle reset to the default.".into());
                            }
                        }
                    >
                        "Default cycle"
                    </button>
                </fieldset>
                <fieldset class="ctl-group">
                    <legend>"Convention (board setting)"</legend>
                    <div class="field">
                        <label for="convention">"Count days and percentiles as"</label>
                        <select id="convention" aria-describedby="convention-note" on:change=set_convention>
                            {move || {
                                let cur = settings.with(|s| s.as_ref().map(|s| s.0)).unwrap_or_default();
                                Convention::ALL
                                    .iter()
                                    .map(|c| {
                                        let text = match c {
                                            Convention::ActionableAgile => "ActionableAgile",
                                            Convention::JiraAgileMetrics => "jira-agile-metrics",
                                        };
                                        view! {
                                            <option value=c.as_str() prop:selected=*c == cur>
                                                {text}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <p class="ctl-note" id="convention-note">
                        {move || match settings.with(|s| s.as_ref().map(|s| s.0)).unwrap_or_default() {
                            Convention::ActionableAgile => "A card started and finished the same day took 1 day; percentiles by nearest rank.",
                            Convention::JiraAgileMetrics => "A card started and finished the same day took 0 days; percentiles interpolated.",
                        }}
                    </p>
                </fieldset>
            </form>
            {move || {
                view_memo
                    .get()
                    .map(|v| {
                        view! {
                            {tiles(&v)}
                            <div class="chart-grid">
                                {cycle_scatter(&v)}
                                {cycle_histogram(&v)}
                                {throughput_chart(&v)}
                                {wip_chart(&v)}
                                {cfd_chart(&v)}
                                {aging_chart(&v)}
                                {time_in_column_chart(&v)}
                                {blocked_chart(&v)}
                                {efficiency_chart(&v)}
                                {rework_chart(&v)}
                            </div>
                        }
                    })
            }}
            <Forecasts view_memo=view_memo />
        </main>
    }
}

type Settings = Option<(Convention, Option<Cycle>, bool, Names)>;

fn column_options(s: Settings, start: bool) -> AnyView {
    let Some((_, cycle, _, names)) = s else { return ().into_any() };
    let cur = cycle.map(|c| if start { c.start } else { c.end });
    names
        .0
        .into_iter()
        .map(|(id, name, kind)| {
            let sel = cur.as_deref() == Some(id.as_str());
            view! {
                <option value=id prop:selected=sel>
                    {format!("{name} ({})", kind.as_str())}
                </option>
            }
        })
        .collect_view()
        .into_any()
}

fn tiles(v: &View) -> AnyView {
    let r = &v.report;
    let p = &r.cycle_time.percentiles;
    let pct = |x: Option<f64>| x.map_or_else(|| "–".to_string(), days_text);
    let finished = r.cycle_time.items.len() as u32;
    let days = r.throughput.daily.len().max(1) as f64;
    let total: u32 = r.throughput.daily.iter().map(|d| d.count).sum();
    let wip_now = r.wip.last().map_or(0, |d| d.count);
    let bottleneck = r.bottleneck.as_deref().map_or_else(|| "–".to_string(), |b| v.names.name(b));
    let bottleneck_days = r
        .bottleneck
        .as_deref()
        .and_then(|b| r.time_in_column.iter().find(|c| c.column == b))
        .map(|c| format!("{} days in total", fmt_num(c.total_days)));
    let eff = r.flow_efficiency.map_or_else(|| "–".to_string(), |e| format!("{}%", fmt_num((e * 100.0).round())));
    let windowed = finished != total;
    let tile = |id: &'static str, label: &'static str, value: String, sub: String| {
        view! {
            <div class="tile">
                <dt>{label}</dt>
                <dd>
                    <span class="tile-value" data-testid=id>
                        {value}
                    </span>
                    <span class="tile-sub">{sub}</span>
                </dd>
            </div>
        }
    };
    view! {
        <dl class="tiles" aria-label="Key figures">
            {tile(
                "ct-p50",
                "Cycle time, 50th percentile",
                pct(p.p50),
                format!("{} finished cards", finished),
            )}
            {tile("ct-p85", "Cycle time, 85th percentile", pct(p.p85), "85% finished within".into())}
            {tile("ct-p95", "Cycle time, 95th percentile", pct(p.p95), "95% finished within".into())}
            {tile(
                "throughput",
                "Throughput",
                cards_text(total),
                format!(
                    "finished, {} a day over {} days{}",
                    fmt_num(f64::from(total) / days),
                    days,
                    if windowed { " (all time)" } else { "" },
                ),
            )}
            {tile("wip", "Work in progress now", cards_text(wip_now), "started, not finished".into())}
            {tile("bottleneck", "Bottleneck", bottleneck, bottleneck_days.unwrap_or_else(|| "no time in cycle yet".into()))}
            {tile("efficiency", "Flow efficiency", eff, "active, unblocked share of cycle time".into())}
            {tile(
                "rework",
                "Rework",
                r.rework.backward_moves.to_string(),
                if r.rework.backward_moves == 1 { "backward move".into() } else { "backward moves".into() },
            )}
        </dl>
    }
    .into_any()
}

fn spec(v: &View, key: &'static str, title: &str, summary: String, legend: Vec<Legend>, points: bool) -> ChartSpec {
    ChartSpec { key, title: title.into(), summary, legend, file_stem: v.board_id.clone(), points }
}

/// A percentile line: value, colour, dash pattern, label.
type Rule = (f64, &'static str, &'static str, String);

fn percentile_legend(v: &View) -> (Vec<Legend>, Vec<Rule>) {
    let p = &v.report.cycle_time.percentiles;
    let mut legend = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    for ((name, colour, dash), val) in PERCENTILE_STYLE.iter().zip([p.p50, p.p85, p.p95]) {
        if let Some(x) = val {
            legend.push(Legend::line(format!("{name} percentile: {}", days_text(x)), colour, dash));
            // Percentiles of equal value share one line, labelled with all their names.
            match rules.iter_mut().find(|r| r.0 == x) {
                Some(r) => r.3 = format!("{}, {name} {}", r.3.rsplit_once(' ').map_or("", |t| t.0), fmt_num(x)),
                None => rules.push((x, *colour, *dash, format!("{name} {}", fmt_num(x)))),
            }
        }
    }
    (legend, rules)
}

fn cycle_scatter(v: &View) -> AnyView {
    let r = &v.report;
    let items = &r.cycle_time.items;
    let (mut legend, rules) = percentile_legend(v);
    legend.insert(0, Legend::shape("Finished card", ACCENT, "circle"));
    let summary = if items.is_empty() {
        "No finished cards yet.".to_string()
    } else {
        format!(
            "{} finished cards by the date they finished and the days they took. Dashed lines mark the percentiles.",
            items.len()
        )
    };
    let marks = if items.is_empty() {
        empty_note("No finished cards in this window.")
    } else {
        let d0 = items.iter().map(|i| i.finished).min().expect("items");
        let d1 = items.iter().map(|i| i.finished).max().expect("items");
        let span = (d1 - d0).num_days().max(1) as f64;
        let xs = Scale::new(-0.5, span + 0.5, X0 + 8.0, X1 - 8.0);
        let maxy = items.iter().map(|i| i.days as f64).fold(0.0, f64::max).max(rules.iter().map(|r| r.0).fold(0.0, f64::max));
        let (top, ticks) = nice_ticks(maxy, 5, true);
        let ys = Scale::new(0.0, top, Y1, Y0);
        let xl: Vec<(f64, String)> = spread((d1 - d0).num_days() as usize + 1, 6)
            .into_iter()
            .map(|i| (xs.at(i as f64), short_date(d0 + Duration::days(i as i64))))
            .collect();
        let mut pts: Vec<_> = items.iter().collect();
        board_core::sort::sort_by_key(&mut pts, |i| (i.finished, i.days));
        let mut points = Marks::default();
        let mut same = 0.0;
        for (k, i) in pts.iter().enumerate() {
            // Cards finished the same day with the same time are nudged apart (sorted: they follow each other).
            same = if k > 0 && (pts[k - 1].finished, pts[k - 1].days) == (i.finished, i.days) { same + 1.0 } else { 0.0 };
            let x = xs.at((i.finished - d0).num_days() as f64) + same * 7.0;
            let label = format!("{}: {}, started {}, finished {}", i.card, days_text(i.days as f64), i.started, i.finished);
            points.point(x, ys.at(i.days as f64), Shape::Circle, ACCENT, &label, k == 0);
        }
        let rules = h_rules(rules.into_iter().map(|(y, c, d, l)| (ys.at(y), c, d, l)).collect());
        view! {
            {y_axis(&ys, &ticks, "Cycle time (days)")}
            {x_axis(xl, "Date finished")}
            {rules}
            {points.into_view()}
        }
        .into_any()
    };
    let rows = items
        .iter()
        .map(|i| vec![i.card.clone(), i.started.to_string(), i.finished.to_string(), i.days.to_string()])
        .collect();
    chart_card(
        spec(v, "cycle-scatter", "Cycle time scatterplot", summary, legend, true),
        marks,
        table("Cycle time per finished card".into(), &["Card", "Started", "Finished", "Days"], rows),
    )
}

fn cycle_histogram(v: &View) -> AnyView {
    let items = &v.report.cycle_time.items;
    let max = items.iter().map(|i| i.days).max().unwrap_or(0).max(0) as usize;
    let min = items.iter().map(|i| i.days).min().unwrap_or(0).max(0) as usize;
    let mut counts = vec![0u32; max + 1];
    for i in items {
        counts[i.days.max(0) as usize] += 1;
    }
    let bins: Vec<(usize, u32)> = (min..=max).map(|d| (d, counts[d])).collect();
    let marks = if items.is_empty() {
        empty_note("No finished cards in this window.")
    } else {
        let (top, ticks) = nice_ticks(f64::from(*counts.iter().max().unwrap_or(&1)), 4, true);
        let ys = Scale::new(0.0, top, Y1, Y0);
        let n = bins.len() as f64;
        let bw = (X1 - X0) / n;
        let xl = spread(bins.len(), 12).into_iter().map(|k| (X0 + bw * (k as f64 + 0.5), bins[k].0.to_string())).collect();
        let mut bars = Marks::default();
        for (j, (k, (d, c))) in bins.iter().enumerate().filter(|(_, b)| b.1 > 0).enumerate() {
            let y = ys.at(f64::from(*c));
            let label = format!("{}: {}", days_text(*d as f64), cards_text(*c));
            bars.bar(X0 + bw * k as f64 + bw * 0.1, y, bw * 0.8, Y1 - y, ACCENT, &label, j == 0, false);
        }
        view! {
            {y_axis(&ys, &ticks, "Cards")}
            {x_axis(xl, "Cycle time (days)")}
            {bars.into_view()}
        }
        .into_any()
    };
    let rows = bins.iter().filter(|b| b.1 > 0).map(|(d, c)| vec![d.to_string(), c.to_string()]).collect();
    chart_card(
        spec(
            v,
            "cycle-histogram",
            "Cycle time histogram",
            "How many finished cards took each number of days.".into(),
            vec![Legend::swatch("Cards finished in that many days", ACCENT)],
            true,
        ),
        marks,
        table("Cycle time histogram".into(), &["Days", "Cards"], rows),
    )
}

/// A line over days with focusable points (WIP, throughput per week).
fn run_chart(
    labels: &[String],
    values: &[f64],
    y_title: &str,
    x_title: &str,
    point_label: impl Fn(usize) -> String,
    as_bars: bool,
) -> AnyView {
    if values.is_empty() {
        return empty_note("No history yet.");
    }
    let n = values.len();
    let (top, ticks) = nice_ticks(values.iter().copied().fold(0.0, f64::max), 5, true);
    let ys = Scale::new(0.0, top, Y1, Y0);
    let bw = (X1 - X0) / n as f64;
    let xs = |i: usize| X0 + bw * (i as f64 + 0.5);
    let xl = spread(n, 7).into_iter().map(|i| (xs(i), labels[i].clone())).collect();
    let body = if as_bars {
        let mut bars = Marks::default();
        for (i, v) in values.iter().enumerate() {
            let y = ys.at(*v);
            bars.bar(X0 + bw * i as f64 + bw * 0.15, y, bw * 0.7, Y1 - y, ACCENT, &point_label(i), i == 0, false);
        }
        bars.into_view()
    } else {
        let path: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, xs(i), ys.at(*v)))
            .collect();
        // Long histories: one day scrubber keeps every value reachable.
        let mut marks = Marks::default();
        if n <= 120 {
            for (i, v) in values.iter().enumerate() {
                marks.point(xs(i), ys.at(*v), Shape::Circle, ACCENT, &point_label(i), i == 0);
            }
        } else {
            let labels: Vec<String> = (0..n).map(&point_label).collect();
            marks.scrubber(X0, bw, &format!("{y_title} by day"), &labels);
        }
        view! {
            <path d=path fill="none" stroke=ACCENT stroke-width="2" stroke-linejoin="round" />
            {marks.into_view()}
        }
        .into_any()
    };
    view! {
        {y_axis(&ys, &ticks, y_title)}
        {x_axis(xl, x_title)}
        {body}
    }
    .into_any()
}

fn throughput_chart(v: &View) -> AnyView {
    let w = &v.report.throughput.weekly;
    let labels: Vec<String> = w.iter().map(|x| x.week.clone()).collect();
    let values: Vec<f64> = w.iter().map(|x| f64::from(x.count)).collect();
    let total: u32 = w.iter().map(|x| x.count).sum();
    let marks = run_chart(&labels, &values, "Cards finished", "ISO week", |i| {
        format!("Week {}: {} finished", w[i].week, cards_text(w[i].count))
    }, true);
    let rows = w.iter().map(|x| vec![x.week.clone(), x.count.to_string()]).collect();
    chart_card(
        spec(
            v,
            "throughput",
            "Throughput per week",
            format!("Cards finished per ISO week (Monday to Sunday): {} in {} weeks.", total, w.len()),
            vec![Legend::swatch("Cards finished that week", ACCENT)],
            true,
        ),
        marks,
        table("Throughput per week".into(), &["Week", "Cards finished"], rows),
    )
}

fn wip_chart(v: &View) -> AnyView {
    let w = &v.report.wip;
    let labels: Vec<String> = w.iter().map(|d| short_date(d.date)).collect();
    let values: Vec<f64> = w.iter().map(|d| f64::from(d.count)).collect();
    let marks = run_chart(&labels, &values, "Cards in progress", "Date", |i| {
        format!("{}: {} in progress", w[i].date, cards_text(w[i].count))
    }, false);
    let max = w.iter().map(|d| d.count).max().unwrap_or(0);
    let rows = w.iter().map(|d| vec![d.date.to_string(), d.count.to_string()]).collect();
    chart_card(
        spec(
            v,
            "wip",
            "Work in progress",
            format!(
                "Cards started and not finished at the end of each day; now {}, at most {}.",
                w.last().map_or(0, |d| d.count),
                max
            ),
            vec![Legend::line("Cards in progress", ACCENT, "none")],
            true,
        ),
        marks,
        table("Work in progress per day".into(), &["Date", "Cards in progress"], rows),
    )
}

fn cfd_chart(v: &View) -> AnyView {
    let cfd = &v.report.cfd;
    let ncols = cfd.columns.len();
    let n = cfd.days.len();
    let colour = |c: usize| PALETTE[c % PALETTE.len()];
    let legend: Vec<Legend> =
        cfd.columns.iter().enumerate().map(|(c, id)| Legend::swatch(v.names.name(id), colour(c))).collect();
    let marks = if n == 0 || ncols == 0 {
        empty_note("No history yet.")
    } else {
        let max = cfd.days.iter().map(|d| d.counts.first().copied().unwrap_or(0)).max().unwrap_or(0);
        let (top, ticks) = nice_ticks(f64::from(max), 5, true);
        let ys = Scale::new(0.0, top, Y1, Y0);
        let xs = Scale::new(0.0, (n - 1).max(1) as f64, X0, X1);
        let x = |i: usize| if n == 1 { (X0 + X1) / 2.0 } else { xs.at(i as f64) };
        // Band of column c: between "reached c" and "reached the next column".
        let upper = |i: usize, c: usize| f64::from(cfd.days[i].counts[c]);
        let lower = |i: usize, c: usize| if c + 1 < ncols { f64::from(cfd.days[i].counts[c + 1]) } else { 0.0 };
        let bands = (0..ncols)
            .map(|c| {
                let mut d = String::new();
                for i in 0..n {
                    d.push_str(&format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(i), ys.at(upper(i, c))));
                }
                for i in (0..n).rev() {
                    d.push_str(&format!("L{:.1} {:.1}", x(i), ys.at(lower(i, c))));
                }
                d.push('Z');
                let last = n - 1;
                let label = format!(
                    "{}: {} on {}",
                    v.names.name(&cfd.columns[c]),
                    cards_text((upper(last, c) - lower(last, c)) as u32),
                    cfd.days[last].date
                );
                view! {
                    <path d=d fill=colour(c) fill-opacity="0.88" stroke="#ffffff" stroke-width="0.8">
                        <title>{label}</title>
                    </path>
                }
            })
            .collect_view();
        let xl = spread(n, 7).into_iter().map(|i| (x(i), short_date(cfd.days[i].date))).collect();
        // One day scrubber reads out every column's count on each day (day i is at x(i)).
        let step = if n > 1 { (X1 - X0) / (n - 1) as f64 } else { X1 - X0 };
        let col_names: Vec<String> = cfd.columns.iter().map(|c| v.names.name(c)).collect();
        let labels: Vec<String> = (0..n)
            .map(|i| {
                let parts: Vec<String> =
                    col_names.iter().zip(&cfd.days[i].counts).map(|(name, count)| format!("{name} {count}")).collect();
                format!("{} reached: {}", cfd.days[i].date, parts.join(", "))
            })
            .collect();
        let mut stripes = Marks::default();
        stripes.scrubber(x(0) - step / 2.0, step, "Cumulative flow by day", &labels);
        view! {
            {y_axis(&ys, &ticks, "Cards")}
            <g>{bands}</g>
            {x_axis(xl, "Date")}
            {stripes.into_view()}
        }
        .into_any()
    };
    let mut head: Vec<&str> = vec!["Date"];
    let names: Vec<String> = cfd.columns.iter().map(|c| v.names.name(c)).collect();
    head.extend(names.iter().map(String::as_str));
    let rows = cfd
        .days
        .iter()
        .map(|d| std::iter::once(d.date.to_string()).chain(d.counts.iter().map(u32::to_string)).collect())
        .collect();
    chart_card(
        spec(
            v,
            "cfd",
            "Cumulative flow",
            "For each day, how many cards had reached each column, stacked from the first column (top) to the last (bottom); a band's height is the cards in that column."
                .into(),
            legend,
            true,
        ),
        marks,
        table("Cumulative flow: cards that had reached each column".into(), &head, rows),
    )
}

fn aging_chart(v: &View) -> AnyView {
    let r = &v.report;
    let (mut legend, rules) = percentile_legend(v);
    let p85 = r.cycle_time.percentiles.p85;
    legend.insert(0, Legend::shape("In progress", ACCENT, "circle"));
    legend.insert(1, Legend::shape("Older than the 85th percentile", "#cf222e", "diamond"));
    // Columns of the cycle, from its start up to (not including) its end.
    let cols: Vec<String> = match &r.cycle {
        Some(c) => {
            let ids: Vec<&String> = v.names.0.iter().map(|x| &x.0).collect();
            match (ids.iter().position(|i| **i == c.start), ids.iter().position(|i| **i == c.end)) {
                (Some(s), Some(e)) if s <= e => ids[s..e.max(s + 1)].iter().map(|s| (*s).clone()).collect(),
                _ => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    let mut cols = cols;
    for a in &r.aging {
        if !cols.contains(&a.column) {
            cols.push(a.column.clone());
        }
    }
    let marks = if r.aging.is_empty() || cols.is_empty() {
        empty_note("No card in progress.")
    } else {
        let maxy = r.aging.iter().map(|a| a.age_days as f64).fold(0.0, f64::max).max(rules.iter().map(|r| r.0).fold(0.0, f64::max));
        let (top, ticks) = nice_ticks(maxy, 5, true);
        let ys = Scale::new(0.0, top, Y1, Y0);
        let bw = (X1 - X0) / cols.len() as f64;
        let xl = cols.iter().enumerate().map(|(i, c)| (X0 + bw * (i as f64 + 0.5), v.names.name(c))).collect();
        let mut items: Vec<_> = r.aging.iter().collect();
        board_core::sort::sort_by_key(&mut items, |a| (cols.iter().position(|c| *c == a.column), std::cmp::Reverse(a.age_days)));
        let mut points = Marks::default();
        let mut same = 0usize;
        for (k, a) in items.iter().enumerate() {
            let ci = cols.iter().position(|c| *c == a.column).unwrap_or(0);
            // Sorted by column and age: cards of the same column and age follow each other.
            same = if k > 0 && items[k - 1].column == a.column && items[k - 1].age_days == a.age_days { same + 1 } else { 0 };
            let x = X0 + bw * (ci as f64 + 0.5) + (same as f64 * 9.0);
            let over = p85.is_some_and(|p| a.age_days as f64 > p);
            let pace = a.pace.map_or_else(String::new, |p| format!(", older than {}% of finished cards took", fmt_num((p * 100.0).round())));
            let label = format!(
                "{} in {}: {} old{}{}",
                a.card,
                v.names.name(&a.column),
                days_text(a.age_days as f64),
                if over { ", past the 85th percentile" } else { "" },
                pace
            );
            let (shape, colour) = if over { (Shape::Diamond, "#cf222e") } else { (Shape::Circle, ACCENT) };
            points.point(x, ys.at(a.age_days as f64), shape, colour, &label, k == 0);
        }
        let rules = h_rules(rules.into_iter().map(|(y, c, d, l)| (ys.at(y), c, d, l)).collect());
        view! {
            {y_axis(&ys, &ticks, "Age (days)")}
            {x_axis(xl, "Column")}
            {rules}
            {points.into_view()}
        }
        .into_any()
    };
    let rows = r
        .aging
        .iter()
        .map(|a| {
            vec![
                a.card.clone(),
                v.names.name(&a.column),
                a.age_days.to_string(),
                a.pace.map_or_else(|| "–".into(), |p| format!("{}%", fmt_num((p * 100.0).round()))),
            ]
        })
        .collect();
    chart_card(
        spec(
            v,
            "aging",
            "Work item age",
            format!(
                "{} cards in progress by column and age, against the cycle-time percentiles.",
                r.aging.len()
            ),
            legend,
            true,
        ),
        marks,
        table("Age of cards in progress".into(), &["Card", "Column", "Age (days)", "Pace"], rows),
    )
}

/// Horizontal bars: one row per label, value text at the bar's end, an optional marked row.
fn hbars(rows: &[(String, f64, String, bool)], unit_title: &str) -> AnyView {
    if rows.is_empty() {
        return empty_note("Nothing to show yet.");
    }
    let left = 170.0;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let (top, ticks) = nice_ticks(max, 5, false);
    // Room on the right for the value text at the end of the longest bar.
    let xs = Scale::new(0.0, top, left, X1 - 150.0);
    let bh = ((Y1 - Y0) / rows.len() as f64).min(34.0);
    let grid = ticks
        .iter()
        .map(|t| {
            let x = xs.at(*t);
            view! {
                <g>
                    <line x1=x x2=x y1=Y0 y2=Y1 stroke="#d8dee4" stroke-width="1" />
                    <text x=x y=Y1 + 15.0 text-anchor="middle" fill=MUTED>
                        {fmt_num(*t)}
                    </text>
                </g>
            }
        })
        .collect_view();
    // The bars in one group, so the arrow keys step from bar to bar; their texts beside them.
    let mut bars = Marks::default();
    let texts = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value, text, marked))| {
            let y = Y0 + bh * i as f64;
            let w = xs.at(*value) - left;
            let aria = format!("{label}: {text}{}", if *marked { " (bottleneck)" } else { "" });
            let short = text.split(',').next().unwrap_or(text).to_string();
            let shown = if *marked { format!("{short} · bottleneck") } else { short };
            let fill = if *marked { "#bf5700" } else { ACCENT };
            bars.bar(left, y + bh * 0.15, w.max(1.0), bh * 0.7, fill, &aria, i == 0, *marked);
            // Long names are cut to fit the margin; the full one is in the bar's label and the table.
            let label = if label.chars().count() > 24 {
                format!("{}…", label.chars().take(23).collect::<String>())
            } else {
                label.clone()
            };
            view! {
                <g>
                    <text x=left - 8.0 y=y + bh / 2.0 + 4.0 text-anchor="end" fill=INK font-weight=if *marked { "700" } else { "400" }>
                        {label}
                    </text>
                    <text x=left + w.max(1.0) + 6.0 y=y + bh / 2.0 + 4.0 fill=INK font-weight=if *marked { "700" } else { "400" }>
                        {shown}
                    </text>
                </g>
            }
        })
        .collect_view();
    let bars = (texts, bars.into_view());
    view! {
        <g>{grid}</g>
        <line x1=left x2=left y1=Y0 y2=Y1 stroke=MUTED stroke-width="1" />
        {bars}
        <text x=(left + X1) / 2.0 y=H - 8.0 text-anchor="middle" fill=INK font-weight="600">
            {unit_title.to_string()}
        </text>
    }
    .into_any()
}

fn time_in_column_chart(v: &View) -> AnyView {
    let r = &v.report;
    let rows: Vec<(String, f64, String, bool)> = r
        .time_in_column
        .iter()
        .filter(|c| c.visits > 0)
        .map(|c| {
            (
                v.names.name(&c.column),
                c.total_days,
                format!("{} days, median {}", fmt_num(c.total_days), fmt_num(c.median_days)),
                r.bottleneck.as_deref() == Some(c.column.as_str()),
            )
        })
        .collect();
    let bottleneck = r.bottleneck.as_deref().map(|b| v.names.name(b));
    let table_rows = r
        .time_in_column
        .iter()
        .map(|c| {
            vec![
                v.names.name(&c.column),
                c.visits.to_string(),
                fmt_num(c.total_days),
                fmt_num(c.median_days),
                if r.bottleneck.as_deref() == Some(c.column.as_str()) { "yes".into() } else { String::new() },
            ]
        })
        .collect();
    chart_card(
        spec(
            v,
            "time-in-column",
            "Time in column",
            match &bottleneck {
                Some(b) => format!("Total days cards spent in each column. Bottleneck: {b} (most time among the cycle's columns before its end)."),
                None => "Total days cards spent in each column. No bottleneck yet.".into(),
            },
            vec![Legend::swatch("Total days", ACCENT), Legend::swatch("Bottleneck (dashed outline)", "#bf5700")],
            true,
        ),
        hbars(&rows, "Total days in column"),
        table(
            "Time in column".into(),
            &["Column", "Visits", "Total days", "Median days per card", "Bottleneck"],
            table_rows,
        ),
    )
}

fn blocked_chart(v: &View) -> AnyView {
    let b = &v.report.blocked;
    let rows: Vec<(String, f64, String, bool)> = b
        .by_reason
        .iter()
        .map(|x| {
            (x.reason.clone(), x.days, format!("{} days, {} {}", fmt_num(x.days), x.count, if x.count == 1 { "block" } else { "blocks" }), false)
        })
        .collect();
    let mut table_rows: Vec<Vec<String>> =
        b.by_reason.iter().map(|x| vec!["Reason".into(), x.reason.clone(), x.count.to_string(), fmt_num(x.days)]).collect();
    table_rows.extend(
        b.by_column.iter().map(|x| vec!["Column".into(), v.names.name(&x.column), x.count.to_string(), fmt_num(x.days)]),
    );
    let total: f64 = b.by_reason.iter().map(|x| x.days).sum();
    chart_card(
        spec(
            v,
            "blocked",
            "Blocked time by reason",
            format!("Days cards were blocked, per root cause: {} days in total.", fmt_num(total)),
            vec![Legend::swatch("Days blocked", ACCENT)],
            true,
        ),
        hbars(&rows, "Days blocked"),
        table("Blocked time by reason and by column".into(), &["By", "Reason or column", "Blocks", "Days"], table_rows),
    )
}

fn efficiency_chart(v: &View) -> AnyView {
    let e = v.report.flow_efficiency;
    let marks = match e {
        None => empty_note("No finished card with time in the cycle."),
        Some(e) => {
            let w = X1 - X0;
            let active = w * e;
            let label_a = format!("Active, not blocked: {}%", fmt_num((e * 100.0).round()));
            let label_w = format!("Waiting (queue or blocked): {}%", fmt_num(((1.0 - e) * 100.0).round()));
            view! {
                <text x=(X0 + X1) / 2.0 y="70" text-anchor="middle" fill=INK font-size="40" font-weight="700">
                    {format!("{}%", fmt_num((e * 100.0).round()))}
                </text>
                <text x=(X0 + X1) / 2.0 y="96" text-anchor="middle" fill=MUTED font-size="13">
                    "mean flow efficiency of finished cards"
                </text>
                {
                    let mut m = Marks::default();
                    m.bar(X0, 130.0, active, 44.0, "#1a7f37", &label_a, true, false);
                    m.bar(X0 + active, 130.0, w - active, 44.0, "#d0d7de", &label_w, false, false);
                    m.into_view()
                }
                <text x=X0 y="196" fill=INK font-size="12">
                    {label_a}
                </text>
                <text x=X1 y="196" text-anchor="end" fill=INK font-size="12">
                    {label_w}
                </text>
                <text x=X0 y="222" fill=MUTED font-size="11">
                    "Time in queue columns and time blocked count as waiting."
                </text>
            }
            .into_any()
        }
    };
    let rows = e.map_or_else(Vec::new, |e| vec![vec!["Flow efficiency".into(), format!("{}%", fmt_num(e * 100.0))]]);
    chart_card(
        spec(
            v,
            "efficiency",
            "Flow efficiency",
            "Of the time finished cards spent in the cycle, the share spent in active columns while not blocked (mean over cards).".into(),
            vec![Legend::swatch("Active, not blocked", "#1a7f37"), Legend::swatch("Waiting", "#d0d7de")],
            true,
        ),
        marks,
        table("Flow efficiency".into(), &["Measure", "Value"], rows),
    )
}

fn rework_chart(v: &View) -> AnyView {
    let rw = &v.report.rework;
    let rows: Vec<(String, f64, String, bool)> = rw
        .by_pair
        .iter()
        .map(|p| {
            (
                format!("{} → {}", v.names.name(&p.from), v.names.name(&p.to)),
                f64::from(p.count),
                if p.count == 1 { "1 move".into() } else { format!("{} moves", p.count) },
                false,
            )
        })
        .collect();
    let table_rows =
        rw.by_pair.iter().map(|p| vec![v.names.name(&p.from), v.names.name(&p.to), p.count.to_string()]).collect();
    chart_card(
        spec(
            v,
            "rework",
            "Rework loops",
            format!(
                "Backward moves, per pair of columns (e.g. evaluation back to training): {} in total.",
                rw.backward_moves
            ),
            vec![Legend::swatch("Backward moves", ACCENT)],
            true,
        ),
        hbars(&rows, "Backward moves"),
        table("Backward moves per pair of columns".into(), &["From", "Back to", "Moves"], table_rows),
    )
}

#[component]
fn Forecasts(view_memo: Memo<Option<Arc<View>>>) -> impl IntoView {
    let items = RwSignal::new("10".to_string());
    let by = RwSignal::new(String::new());
    // The sample and seed change only with the report.
    let basis = Memo::new(move |_| {
        view_memo.with(|v| {
            v.as_ref().map(|v| {
                let sample = throughput_sample(&v.report.throughput.daily, v.report.as_of, DEFAULT_WINDOW_DAYS);
                (sample, v.report.as_of, board_seed(&v.board_id), v.board_id.clone())
            })
        })
    });
    let when = Memo::new(move |_| {
        let n: u32 = items.get().trim().parse().ok()?;
        basis.with(|b| {
            let (sample, as_of, seed, _) = b.as_ref()?;
            let w = measured("metrics:forecast-when", || forecast_when(sample, n, DEFAULT_TRIALS, *seed));
            Some(w.map(|w| (w.dates(*as_of), n)))
        })
    });
    let default_by = move || basis.with(|b| b.as_ref().map(|b| b.1 + Duration::days(30)));
    let how_many = Memo::new(move |_| {
        let date = NaiveDate::parse_from_str(by.get().trim(), "%Y-%m-%d").ok().or_else(default_by)?;
        basis.with(|b| {
            let (sample, as_of, seed, _) = b.as_ref()?;
            let n = measured("metrics:forecast-how-many", || forecast_how_many(sample, *as_of, date, DEFAULT_TRIALS, *seed));
            Some((n, date))
        })
    });
    let levels = ["50%", "85%", "95%"];
    view! {
        <section class="forecasts" aria-labelledby="forecast-title">
            <h2 id="forecast-title">"Forecasts (Monte Carlo)"</h2>
            <p class="muted" data-testid="forecast-basis">
                {move || {
                    basis
                        .with(|b| {
                            b.as_ref()
                                .map(|(sample, as_of, seed, id)| {
                                    format!(
                                        "{} trials drawing from the daily throughput of the last {} days up to {} ({} cards finished in them). Seed {seed} — fixed per board (FNV-1a hash of the board id \u{201c}{id}\u{201d}), so the same inputs always give the same answer.",
                                        DEFAULT_TRIALS,
                                        sample.len(),
                                        as_of,
                                        sample.iter().sum::<u32>(),
                                    )
                                })
                        })
                }}
            </p>
            <div class="forecast-grid">
                <form class="forecast" aria-labelledby="fc-when-h" on:submit=|ev| ev.prevent_default()>
                    <h3 id="fc-when-h">"When will they be done?"</h3>
                    <div class="field">
                        <label for="fc-items">"Cards still to finish"</label>
                        <input
                            id="fc-items"
                            type="number"
                            min="1"
                            step="1"
                            prop:value=move || items.get()
                            on:input=move |ev| items.set(event_target_value(&ev))
                        />
                    </div>
                    <table class="fc-table" data-testid="forecast-when">
                        <caption class="sr-only">"Finish dates by confidence"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Confidence"</th>
                                <th scope="col">"Done by"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || match when.get() {
                                None => view! { <tr><td colspan="2">"Enter a whole number of cards."</td></tr> }.into_any(),
                                Some(None) => view! { <tr><td colspan="2">"No throughput in the sampled days: no forecast."</td></tr> }.into_any(),
                                Some(Some((dates, _))) => levels
                                    .iter()
                                    .zip(dates)
                                    .map(|(l, d)| {
                                        view! {
                                            <tr>
                                                <th scope="row">{*l}</th>
                                                <td>{d.map_or_else(|| "not within ten years".into(), long_date)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                                    .into_any(),
                            }}
                        </tbody>
                    </table>
                </form>
                <form class="forecast" aria-labelledby="fc-many-h" on:submit=|ev| ev.prevent_default()>
                    <h3 id="fc-many-h">"How many by a date?"</h3>
                    <div class="field">
                        <label for="fc-date">"Finish date"</label>
                        <input
                            id="fc-date"
                            type="date"
                            prop:value=move || {
                                let s = by.get();
                                if s.is_empty() { default_by().map(|d| d.to_string()).unwrap_or_default() } else { s }
                            }
                            on:change=move |ev| by.set(event_target_value(&ev))
                        />
                    </div>
                    <table class="fc-table" data-testid="forecast-how-many">
                        <caption class="sr-only">"Cards finished by the date, by confidence"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Confidence"</th>
                                <th scope="col">"At least"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || match how_many.get() {
                                None => view! { <tr><td colspan="2">"Pick a date."</td></tr> }.into_any(),
                                Some((None, _)) => view! { <tr><td colspan="2">"No history to sample: no forecast."</td></tr> }.into_any(),
                                Some((Some(h), _)) => levels
                                    .iter()
                                    .zip([h.p50, h.p85, h.p95])
                                    .map(|(l, c)| {
                                        view! {
                                            <tr>
                                                <th scope="row">{*l}</th>
                                                <td>{cards_text(c)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                                    .into_any(),
                            }}
                        </tbody>
                    </table>
                </form>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn cycle_time_csv_lists_finished_cards_with_quoted_titles() {
        let text = include_str!("../../tests/e2e/fixtures/metrics-board.json");
        let mut board = board_core::format::import_str(text).expect("fixture imports").remove(0);
        board.cards[0].title = "Baseline, \"v1\"".into();
        let at: board_core::Instant = "2026-03-10T06:30:00Z".parse().expect("instant");
        let report = metrics::compute(&board, &Options::for_board(&board, at));
        let csv = cycle_time_csv(&report, &board);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "card,title,started,finished,days");
        assert_eq!(lines[1], "a,\"Baseline, \"\"v1\"\"\",2026-03-02,2026-03-05,4");
        assert_eq!(lines[4], "d,Fix label leak,2026-03-06,2026-03-06,1");
        assert_eq!(lines.len(), 5);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_window_with_one_blank_end_is_open_on_that_side() {
        assert_eq!(parse_window("", ""), None);
        let (f, t) = parse_window("2026-03-02", "").unwrap();
        assert_eq!(f, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert!(t.year() == 9999);
        assert_eq!(parse_window("", "2026-03-09").unwrap().1, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
    }
}
