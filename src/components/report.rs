//! The stakeholder report page: one page with the numbers a sponsor asks
//! about, printable to PDF and downloadable as Markdown.
//!
//! Key design decision: the page renders one memo of
//! `board_core::report::stakeholder_report` (which reads the same functions
//! as the metrics, blocker and WIP pages), and the Markdown download is that
//! same value's `to_markdown`, so screen, paper and file always agree.
//! Printing is the browser's own (`window.print()`), shaped by the `@media
//! print` rules of `style/report.css`: only the report is printed, on one page.

use std::sync::Arc;

use board_core::report::{
    cards_text, days_text, long_date, stakeholder_report, StakeholderReport, TREND_WEEKS,
};
use leptos::prelude::*;

use crate::download;
use super::views::page_title;
use super::wip::history_table;
use crate::flow::days1;
use crate::state::{now, AppState};

#[component]
pub fn ReportPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = Memo::new(move |_| state.with_board(|b| Arc::new(stakeholder_report(b, now()))));
    let board_id = Memo::new(move |_| state.with_board(|b| b.id.clone()).unwrap_or_default());

    let print = move |_| {
        if let Err(e) = window().print() {
            state.error.set(Some(format!("The browser could not print: {e:?}")));
        }
    };
    let download_md = move |_| {
        let Some(r) = report.get_untracked() else { return };
        let name = format!("{}-report-{}.md", board_id.get_untracked(), r.as_of);
        if download::text(&name, "text/markdown", &r.to_markdown()) {
            state.announce.set(format!("Downloaded {name}."));
        }
    };

    view! {
        <main class="page-scroll">
            <article class="report" aria-labelledby="report-title" data-testid="report-page">
                <header class="report-head">
                    <div>
                        {page_title(
                            "report-title",
                            "Stakeholder report",
                            move || report.with(|r| r.as_ref().map(|r| r.board.clone())),
                            move || report.with(|r| r.as_ref().map(|r| (r.as_of, r.timezone.clone()))),
                            "Computed from the board's history in this browser.",
                            "report-as-of",
                        )}
                        {move || {
                            report
                                .with(|r| r.as_ref().is_some_and(|r| r.demo))
                                .then(|| {
                                    view! {
                                        <p class="report-demo">
                                            <strong class="demo-badge">"Demo data"</strong>
                                            " Generated sample, not real work."
                                        </p>
                                    }
                                })
                        }}
                    </div>
                    <div class="btn-row report-actions">
                        <button type="button" class="primary" on:click=print>
                            "Print or save as PDF"
                        </button>
                        <button type="button" on:click=download_md>
                            "Download Markdown"
                        </button>
                    </div>
                </header>
                {move || report.get().map(|r| sections(&r))}
            </article>
        </main>
    }
}

fn sections(r: &StakeholderReport) -> AnyView {
    view! {
        <div class="report-grid">
            {throughput(r)}
            {cycle_time(r)}
            {forecast(r)}
            {bottleneck(r)}
            {blockers(r)}
            {breaches(r)}
        </div>
    }
    .into_any()
}

fn throughput(r: &StakeholderReport) -> impl IntoView {
    let max = r.weeks.iter().map(|w| w.count).max().unwrap_or(0).max(1);
    let bars = r
        .weeks
        .iter()
        .map(|w| {
            let h = f64::from(w.count) / f64::from(max) * 100.0;
            let label = format!("{}: {} finished", w.week, w.count);
            // "2026-W07" -> "W07" under the bar.
            let short = w.week.split('-').nth(1).unwrap_or(&w.week).to_string();
            view! {
                <li data-testid="rep-week" aria-label=label>
                    <span class="bar-count" aria-hidden="true">{w.count}</span>
                    <span class="bar" style:height=format!("{h:.1}%") aria-hidden="true"></span>
                    <span class="bar-week" aria-hidden="true">{short}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="report-section report-wide" aria-labelledby="rep-tp-h">
            <h3 id="rep-tp-h">"Throughput"</h3>
            <p class="report-lead" data-testid="rep-trend">{r.trend_sentence()}</p>
            <ol class="trend-bars" aria-label=format!("Cards finished per week, last {TREND_WEEKS} weeks")>
                {bars}
            </ol>
            <p class="muted">{format!("{} finished since the board began.", cards_text(r.finished))}</p>
        </section>
    }
}

fn cycle_time(r: &StakeholderReport) -> impl IntoView {
    let p = &r.cycle_time;
    let tile = |id: &'static str, label: &'static str, v: Option<f64>| {
        view! {
            <div class="tile">
                <dt>{label}</dt>
                <dd>
                    <span class="tile-value" data-testid=id>
                        {v.map_or_else(|| "–".to_string(), days_text)}
                    </span>
                </dd>
            </div>
        }
    };
    view! {
        <section class="report-section" aria-labelledby="rep-ct-h">
            <h3 id="rep-ct-h">"Cycle time"</h3>
            <p class="report-lead" data-testid="rep-cycle">{r.cycle_sentence()}</p>
            <dl class="tiles report-tiles" aria-label="Cycle time percentiles">
                {tile("rep-p50", "50th percentile", p.p50)}
                {tile("rep-p85", "85th percentile", p.p85)}
                {tile("rep-p95", "95th percentile", p.p95)}
            </dl>
        </section>
    }
}

fn forecast(r: &StakeholderReport) -> impl IntoView {
    let rows = r.forecast.as_ref().map(|f| {
        ["50%", "85%", "95%"]
            .iter()
            .zip(f.dates)
            .map(|(l, d)| {
                view! {
                    <tr>
                        <th scope="row">{*l}</th>
                        <td>{d.map_or_else(|| "not within ten years".into(), long_date)}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <section class="report-section" aria-labelledby="rep-fc-h">
            <h3 id="rep-fc-h">"Forecast for the remaining work"</h3>
            <p class="report-lead" data-testid="rep-remaining">{r.remaining_sentence()}</p>
            {rows
                .map(|rows| {
                    view! {
                        <table class="data fc-table" data-testid="rep-forecast">
                            <caption class="sr-only">"Finish dates of the remaining cards, by confidence"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Confidence"</th>
                                    <th scope="col">"All done by"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                })}
            <p class="muted" data-testid="rep-forecast-basis">{r.forecast_basis()}</p>
        </section>
    }
}

fn bottleneck(r: &StakeholderReport) -> impl IntoView {
    view! {
        <section class="report-section" aria-labelledby="rep-bn-h">
            <h3 id="rep-bn-h">"Bottleneck"</h3>
            {match &r.bottleneck {
                Some(b) => view! {
                    <p class="report-big" data-testid="rep-bottleneck">{b.column.clone()}</p>
                    <p class="muted">
                        {format!(
                            "{} spent there in all, {} per card (median): the most time of any column in the cycle.",
                            days_text(b.total_days),
                            days_text(b.median_days),
                        )}
                    </p>
                }
                .into_any(),
                None => view! { <p data-testid="rep-bottleneck">"No time in the cycle yet."</p> }.into_any(),
            }}
        </section>
    }
}

fn blockers(r: &StakeholderReport) -> impl IntoView {
    let body = if r.top_blockers.is_empty() {
        view! { <p>"Nothing has been blocked."</p> }.into_any()
    } else {
        let rows = r
            .top_blockers
            .iter()
            .map(|b| {
                view! {
                    <tr data-testid="rep-blocker">
                        <th scope="row">{b.reason.clone()}</th>
                        <td class="num">{b.stats.count}</td>
                        <td class="num">{days1(b.stats.days)}</td>
                        <td class="num">{days1(b.stats.median_days)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data">
                <caption class="sr-only">"Root causes with the most blocked days"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Root cause"</th>
                        <th scope="col">"Blocks"</th>
                        <th scope="col">"Blocked days"</th>
                        <th scope="col">"Median days"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted">{r.blocked_sentence()}</p>
        }
        .into_any()
    };
    view! {
        <section class="report-section" aria-labelledby="rep-bl-h">
            <h3 id="rep-bl-h">"Top blockers"</h3>
            {body}
        </section>
    }
}

fn breaches(r: &StakeholderReport) -> impl IntoView {
    let table = (!r.breaches.is_empty()).then(|| history_table(r.breaches.clone(), "rep-breaches"));
    view! {
        <section class="report-section report-wide" aria-labelledby="rep-wip-h">
            <h3 id="rep-wip-h">"WIP limit breaches"</h3>
            <p class="report-lead" data-testid="rep-breach-summary">{r.breach_sentence()}</p>
            {table}
        </section>
    }
}
