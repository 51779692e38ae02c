//! WIP limits on screen: loads in column, lane and cell headers, the warning
//! after a move over a soft limit, the override dialog of hard limits, and the
//! WIP page (people, limits now, how often each limit was exceeded).
//!
//! Key design decision: every number comes from `board_core::wip` (one shared
//! memo of `loads`, `limit_history` on the page); a state is always spelled
//! out in words ("at limit", "over by 1") besides its colour.

use board_core::wip::{self, Count, LimitHistory, Status};
use board_core::Command;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::Modal;
use crate::flow::{self, days1, load_text, num, status_class, status_text, with_override, FlowUi};
use crate::state::{now, AppState};

/// One load against its limit, as a badge: "3 / 4 cards · at limit".
#[component]
fn LoadBadge(
    load: f64,
    limit: Option<f64>,
    status: Status,
    unit: &'static str,
    #[prop(optional)] prefix: String,
    testid: &'static str,
) -> impl IntoView {
    let state_text = status_text(load, limit, status);
    let mark = match status {
        Status::Over => "▲ ",
        Status::AtLimit => "● ",
        Status::Under => "",
    };
    view! {
        <span class=format!("wip-load {}", status_class(status)) data-testid=testid>
            {mark}
            {prefix}
            {format!("{} {unit}", load_text(load, limit))}
            {state_text.map(|t| view! { <strong class="wip-state">{format!(" · {t}")}</strong> })}
        </span>
    }
}

fn count_badge(c: &Count, unit: &'static str, prefix: String, testid: &'static str) -> impl IntoView {
    view! {
        <LoadBadge
            load=f64::from(c.load)
            limit=c.limit.map(f64::from)
            status=c.status
            unit=unit
            prefix=prefix
            testid=testid
        />
    }
}

/// The loads of a column header: cards, compute (when capped or used) and capped card types.
#[component]
pub fn ColumnLoadView(id: String) -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    let load = Memo::new(move |_| flow.loads.with(|l| l.column(&id).cloned()));
    move || {
        load.get().map(|c| {
            let cards = if c.cards.limit.is_none() && c.cards.load == 1 { "card" } else { "cards" };
            let compute = (c.compute.limit.is_some() || c.compute.load > 0.0).then(|| {
                view! {
                    <LoadBadge
                        load=c.compute.load
                        limit=c.compute.limit
                        status=c.compute.status
                        unit="GPU"
                        testid="compute-load"
                    />
                }
            });
            let types = c
                .types
                .iter()
                .filter(|(_, n)| n.limit.is_some())
                .map(|(t, n)| count_badge(n, "", format!("{} ", t.as_str()), "type-load"))
                .collect_view();
            view! {
                <span class="wip-loads">
                    {count_badge(&c.cards, cards, String::new(), "column-load")} {compute} {types}
                </span>
            }
        })
    }
}

/// A lane header's load: cards in progress against the lane limit, or all its cards.
#[component]
pub fn LaneLoadView(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let key = id.clone();
    let total = Memo::new(move |_| state.with_cards(|b| b.cards.iter().filter(|c| c.lane == key).count()).unwrap_or(0));
    let load = Memo::new(move |_| flow.loads.with(|l| l.lane(&id).map(|x| x.cards)));
    move || match load.get() {
        Some(c) if c.limit.is_some() => count_badge(&c, "in progress", String::new(), "lane-load").into_any(),
        _ => {
            let n = total.get();
            view! {
                <span class="count" data-testid="lane-load">
                    {if n == 1 { "1 card".to_owned() } else { format!("{n} cards") }}
                </span>
            }
            .into_any()
        }
    }
}

/// A cell's load, shown only where a cell limit is set.
#[component]
pub fn CellLoadView(column: String, lane: String) -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    let load = Memo::new(move |_| flow.loads.with(|l| l.cell(&column, &lane).map(|x| x.cards)));
    move || {
        load.get().filter(|c| c.limit.is_some()).map(|c| {
            view! { <div class="cell-load">{count_badge(&c, "in cell", String::new(), "cell-load")}</div> }
        })
    }
}

/// The warning after a move or add over a soft limit (read out at once).
#[component]
pub fn WipWarning() -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    view! {
        <div class="wip-warning-region" role="alert" aria-live="assertive">
            {move || {
                flow.warning
                    .get()
                    .map(|(found, recorded)| {
                        view! {
                            <div class="wip-warning" data-testid="wip-warning">
                                <span class="wip-warning-icon" aria-hidden="true">"⚠"</span>
                                <div>
                                    <strong>"Over the WIP limit: "</strong>
                                    {found.join("; ")}
                                    "."
                                    {recorded.then_some(" The move is recorded as an override.")}
                                </div>
                                <button
                                    type="button"
                                    class="icon-btn"
                                    aria-label="Dismiss WIP warning"
                                    on:click=move |_| flow.warning.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Hard limits: a move or add over a limit waits here for a reason.
#[component]
pub fn OverrideDialog() -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    view! {
        <Modal
            open=Signal::derive(move || flow.pending.with(Option::is_some))
            on_close=move |_| flow.pending.set(None)
            labelled_by="override-title"
            described_by="override-found"
            testid="override-dialog"
        >
            {move || flow.pending.get().map(|p| view! { <OverrideForm pending=p /> })}
        </Modal>
    }
}

#[component]
fn OverrideForm(pending: flow::Pending) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let reason = NodeRef::<html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    let is_move = matches!(pending.cmd, Command::MoveCard { .. });
    let action = if is_move { "Move anyway" } else { "Add anyway" };
    let p = pending.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().map(|r| r.value()).unwrap_or_default();
        let text = text.trim().to_owned();
        if text.is_empty() {
            error.set(Some("Give a reason for going over the limit, or cancel.".into()));
            return;
        }
        let cmd = with_override(p.cmd.clone(), Some(text));
        flow.pending.set(None);
        if state.run(cmd) {
            state.announce.set("Done over the WIP limit; the reason is recorded.".into());
            p.then.run(());
        }
    };
    view! {
        <form class="dialog-body" on:submit=submit novalidate>
            <div class="dialog-head">
                <h2 id="override-title">"Over the WIP limit"</h2>
            </div>
            <div id="override-found">
                <p>"This board's limits are hard. This would break:"</p>
                <ul class="override-list">
                    {pending.found.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}
                </ul>
                {(!is_move)
                    .then(|| {
                        view! {
                            <p class="muted">
                                "A new card's event has no place for the reason: it is asked for, not stored."
                            </p>
                        }
                    })}
            </div>
            <div class="field">
                <label for="override-reason">"Reason for the override (required)"</label>
                <textarea id="override-reason" node_ref=reason rows="2" autofocus required></textarea>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="dialog-actions">
                <div class="spacer"></div>
                <button type="button" on:click=move |_| flow.pending.set(None)>
                    "Cancel"
                </button>
                <button type="submit" class="primary">
                    {action}
                </button>
            </div>
        </form>
    }
}

/// One row of "limits now": name, kind, load, limit, status, unit.
type LimitRow = (String, &'static str, f64, Option<f64>, Status, &'static str);

fn status_cell(load: f64, limit: Option<f64>, status: Status) -> impl IntoView {
    let t = status_text(load, limit, status).unwrap_or_else(|| {
        if limit.is_some() {
            "under".into()
        } else {
            "no limit".into()
        }
    });
    view! { <td class=status_class(status)>{t}</td> }
}

/// The WIP page: policy, people, every limit now, and each limit's history.
#[component]
pub fn WipPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let policy = Memo::new(move |_| state.with_board(|b| b.wip.clone()).unwrap_or_default());
    let history = Memo::new(move |_| state.with_board(|b| wip::limit_history(b, now())).unwrap_or_default());
    let rows = Memo::new(move |_| {
        state
            .with_board(|b| {
                let loads = wip::loads(b);
                let mut v: Vec<LimitRow> = Vec::new();
                for c in &loads.columns {
                    let name = b.column(&c.column).map(|x| x.name.clone()).unwrap_or_default();
                    if let Some(l) = c.cards.limit {
                        v.push((name.clone(), "Column", c.cards.load.into(), Some(l.into()), c.cards.status, "cards"));
                    }
                    if c.compute.limit.is_some() {
                        v.push((name.clone(), "Compute", c.compute.load, c.compute.limit, c.compute.status, "GPU"));
                    }
                    for (t, n) in &c.types {
                        if let Some(l) = n.limit {
                            v.push((
                                format!("{name}: {}", t.as_str()),
                                "Card type",
                                n.load.into(),
                                Some(l.into()),
                                n.status,
                                "cards",
                            ));
                        }
                    }
                }
                for l in &loads.lanes {
                    if let Some(m) = l.cards.limit {
                        let name = b.lane(&l.lane).map(|x| x.name.clone()).unwrap_or_default();
                        v.push((
                            format!("{name} lane"),
                            "Lane",
                            l.cards.load.into(),
                            Some(m.into()),
                            l.cards.status,
                            "cards",
                        ));
                    }
                }
                for c in &loads.cells {
                    if let Some(m) = c.cards.limit {
                        let col = b.column(&c.column).map(|x| x.name.clone()).unwrap_or_default();
                        let lane = b.lane(&c.lane).map(|x| x.name.clone()).unwrap_or_default();
                        v.push((
                            format!("{col} / {lane}"),
                            "Cell",
                            c.cards.load.into(),
                            Some(m.into()),
                            c.cards.status,
                            "cards",
                        ));
                    }
                }
                v
            })
            .unwrap_or_default()
    });
    let people = Memo::new(move |_| flow.loads.with(|l| l.people.clone()));
    view! {
        <section class="page" aria-labelledby="wip-title" data-testid="wip-page">
            <div class="page-head">
                <h2 id="wip-title">"WIP limits"</h2>
                <button type="button" on:click=move |_| flow.settings.set(true)>
                    "Board WIP settings"
                </button>
            </div>
            <p class="policy-summary" data-testid="wip-policy">
                {move || {
                    let p = policy.get();
                    format!(
                        "{} Blocked cards {} toward limits. Cards waiting in queue columns {} toward a person's limit.{}",
                        if p.hard {
                            "Hard limits: a move over a limit asks for a reason first."
                        } else {
                            "Soft limits: a move over a limit happens, with a warning, and is recorded as an override."
                        },
                        if p.count_blocked { "count" } else { "do not count" },
                        if p.queue_counts_for_person { "count" } else { "do not count" },
                        match p.person_limit {
                            Some(n) => format!(" Each person: at most {n} cards in progress."),
                            None => String::new(),
                        },
                    )
                }}
            </p>
            <div class="page-grid">
                <section class="panel" aria-labelledby="people-title" data-testid="people-panel">
                    <h3 id="people-title">"People"</h3>
                    <p class="muted">"Cards each owner holds in active columns (and queue columns if the board says so)."</p>
                    {move || {
                        let ps = people.get();
                        if ps.is_empty() {
                            view! { <p class="muted">"No card has an owner yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Owner"</th>
                                            <th scope="col">"In progress"</th>
                                            <th scope="col">"Limit"</th>
                                            <th scope="col">"State"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {ps
                                            .into_iter()
                                            .map(|p| {
                                                let c = p.cards;
                                                view! {
                                                    <tr data-testid="person-row">
                                                        <th scope="row">{p.person.clone()}</th>
                                                        <td class="num">{c.load}</td>
                                                        <td class="num">
                                                            {c.limit.map_or_else(|| "none".to_owned(), |l| l.to_string())}
                                                        </td>
                                                        {status_cell(c.load.into(), c.limit.map(f64::from), c.status)}
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                    }}
                </section>
                <section class="panel" aria-labelledby="limits-now-title">
                    <h3 id="limits-now-title">"Limits now"</h3>
                    {move || {
                        let rs = rows.get();
                        if rs.is_empty() {
                            view! {
                                <p class="muted">
                                    "No column, lane or cell limit is set. Set them in the column and lane settings (⋯ in their headers) or the board WIP settings."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <table class="data" data-testid="limits-now">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Limit"</th>
                                            <th scope="col">"Kind"</th>
                                            <th scope="col">"Load"</th>
                                            <th scope="col">"State"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rs
                                            .into_iter()
                                            .map(|(name, kind, load, limit, status, unit)| {
                                                view! {
                                                    <tr>
                                                        <th scope="row">{name}</th>
                                                        <td>{kind}</td>
                                                        <td class="num">{format!("{} {unit}", load_text(load, limit))}</td>
                                                        {status_cell(load, limit, status)}
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                    }}
                </section>
            </div>
            <section class="panel" aria-labelledby="limit-history-title">
                <h3 id="limit-history-title">"How often each limit was exceeded"</h3>
                <p class="muted">
                    "Replayed from the board's events with today's limits, owners and card types. Overrides: moves recorded with a reason while over the limit."
                </p>
                {move || {
                    let hs = history.get();
                    if hs.is_empty() {
                        view! { <p class="muted">"No limit is set yet."</p> }.into_any()
                    } else {
                        history_table(hs, "limit-history").into_any()
                    }
                }}
            </section>
        </section>
    }
}

/// Each limit's record: how often and how long it was exceeded, and whether it is now
/// (the WIP page lists every limit set; the stakeholder report those ever exceeded).
pub fn history_table(hs: Vec<LimitHistory>, testid: &'static str) -> impl IntoView {
    let rows = hs
        .into_iter()
        .map(|h| {
            view! {
                <tr data-testid="history-row">
                    <th scope="row">{board_core::report::limit_name(&h)}</th>
                    <td>{h.limit.kind().label()}</td>
                    <td class="num">{num(h.max)}</td>
                    <td class="num">{h.breaches}</td>
                    <td class="num">{days1(h.days_over())}</td>
                    <td class="num">{h.overrides}</td>
                    <td class=if h.over_now { "wip-over" } else { "" }>{if h.over_now { "yes, over" } else { "no" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data" data-testid=testid>
            <thead>
                <tr>
                    <th scope="col">"Limit"</th>
                    <th scope="col">"Kind"</th>
                    <th scope="col">"Max"</th>
                    <th scope="col">"Times exceeded"</th>
                    <th scope="col">"Days over"</th>
                    <th scope="col">"Overrides"</th>
                    <th scope="col">"Over now"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
