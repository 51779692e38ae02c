//! Editing WIP limits and blocker labels: the limits section of the column and
//! lane dialogs, and the board settings dialog (WIP policy, people, cells,
//! root-cause labels).
//!
//! Key design decision: each form reads its fields as text, turns them into
//! one command (`SetColumnLimits`, `SetLaneLimit`, `SetWipPolicy`,
//! `SetBlockerLabels`) with the pure parsers of [`crate::flow`], and reports
//! the first bad field in words; a refused form changes nothing. The limits
//! then travel in the board file like every other setting.

use std::collections::BTreeMap;

use board_core::{CardType, CellLimit, Command, WipPolicy};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::Modal;
use crate::flow::{num, parse_amount, parse_limit, FlowUi};
use crate::state::{capitalize, AppState};

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn value(r: &NodeRef<html::Input>) -> String {
    r.get_untracked().map(|e| e.value()).unwrap_or_default()
}

/// The limits section of the column dialog: cards, compute and per card type.
#[component]
pub fn ColumnLimits(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(col) = state.with_board_untracked(|b| b.column(&id).cloned()).flatten() else {
        return ().into_any();
    };
    let wip = NodeRef::<html::Input>::new();
    let compute = NodeRef::<html::Input>::new();
    let types: Vec<(CardType, NodeRef<html::Input>)> =
        CardType::ALL.iter().map(|t| (*t, NodeRef::<html::Input>::new())).collect();
    let message = RwSignal::new(None::<(bool, String)>);
    let t2 = types.clone();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| -> Result<Command, String> {
            let wip_limit = parse_limit(&value(&wip), "WIP limit")?;
            let compute_limit = parse_amount(&value(&compute), "Compute limit")?;
            let mut type_limits = BTreeMap::new();
            for (t, r) in &t2 {
                if let Some(n) = parse_limit(&value(r), &format!("Limit for {} cards", t.as_str()))? {
                    type_limits.insert(*t, n);
                }
            }
            Ok(Command::SetColumnLimits { id: id.clone(), wip_limit, compute_limit, type_limits })
        })();
        match parsed.and_then(|c| state.dispatch(c).map_err(|e| capitalize(&e.to_string()))) {
            Ok(()) => {
                state.announce.set("Column limits saved.".into());
                message.set(Some((true, "Limits saved.".into())));
            }
            Err(e) => message.set(Some((false, e))),
        }
    };
    view! {
        <form class="limits-form" on:submit=save novalidate aria-labelledby="col-limits-title">
            <h3 id="col-limits-title">"WIP limits"</h3>
            <div class="limits-row">
                <div class="field">
                    <label for="col-wip">"WIP limit (cards)"</label>
                    <input
                        id="col-wip"
                        node_ref=wip
                        type="text"
                        inputmode="numeric"
                        value=opt(col.wip_limit)
                        placeholder="none"
                    />
                </div>
                <div class="field">
                    <label for="col-compute">"Compute limit (GPU)"</label>
                    <input
                        id="col-compute"
                        node_ref=compute
                        type="text"
                        inputmode="decimal"
                        value=opt(col.compute_limit.map(num))
                        placeholder="none"
                    />
                </div>
            </div>
            <details class="type-limits" open=!col.type_limits.is_empty()>
                <summary>"Limits per card type"</summary>
                <div class="type-grid">
                    {types
                        .into_iter()
                        .map(|(t, r)| {
                            let fid = format!("col-type-{}", t.as_str());
                            view! {
                                <div class="field">
                                    <label for=fid.clone()>{t.as_str()}</label>
                                    <input
                                        id=fid
                                        node_ref=r
                                        type="text"
                                        inputmode="numeric"
                                        value=opt(col.type_limits.get(&t))
                                        placeholder="none"
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </details>
            <div class="btn-row">
                <button type="submit">"Save limits"</button>
                <small class="muted">"Blank: no limit."</small>
            </div>
            {move || {
                message
                    .get()
                    .map(|(ok, m)| {
                        if ok {
                            view! { <p class="form-ok" role="status">{m}</p> }.into_any()
                        } else {
                            view! { <p class="form-error" role="alert">{m}</p> }.into_any()
                        }
                    })
            }}
        </form>
    }
    .into_any()
}

/// The limit section of the lane dialog.
#[component]
pub fn LaneLimit(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = state.with_board_untracked(|b| b.lane(&id).and_then(|l| l.wip_limit)).flatten();
    let wip = NodeRef::<html::Input>::new();
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let res = parse_limit(&value(&wip), "WIP limit").and_then(|wip_limit| {
            state.dispatch(Command::SetLaneLimit { id: id.clone(), wip_limit }).map_err(|e| capitalize(&e.to_string()))
        });
        match res {
            Ok(()) => {
                state.announce.set("Lane limit saved.".into());
                message.set(Some((true, "Limit saved.".into())));
            }
            Err(e) => message.set(Some((false, e))),
        }
    };
    view! {
        <form class="inline-form" on:submit=save novalidate>
            <div class="field">
                <label for="lane-wip">"WIP limit (cards in active and queue columns)"</label>
                <input id="lane-wip" node_ref=wip type="text" inputmode="numeric" value=opt(current) placeholder="none" />
            </div>
            <button type="submit">"Save limit"</button>
        </form>
        {move || {
            message
                .get()
                .map(|(ok, m)| {
                    if ok {
                        view! { <p class="form-ok" role="status">{m}</p> }.into_any()
                    } else {
                        view! { <p class="form-error" role="alert">{m}</p> }.into_any()
                    }
                })
        }}
    }
}

/// The board settings dialog: WIP policy and root-cause labels.
#[component]
pub fn BoardSettingsDialog() -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    view! {
        <Modal
            open=Signal::derive(move || flow.settings.get())
            on_close=move |_| flow.settings.set(false)
            labelled_by="settings-title"
            class="settings-dialog"
            testid="settings-dialog"
        >
            {move || flow.settings.get().then(|| view! { <BoardSettings /> })}
        </Modal>
    }
}

#[component]
fn BoardSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let Some((policy, owners, columns, lanes, labels)) = state.with_board_untracked(|b| {
        let mut owners = b.owners();
        owners.extend(b.wip.person_limits.keys().cloned());
        board_core::sort::sort(&mut owners);
        owners.dedup();
        (
            b.wip.clone(),
            owners,
            b.columns.iter().map(|c| (c.id.clone(), c.name.clone())).collect::<Vec<_>>(),
            b.lanes.iter().map(|l| (l.id.clone(), l.name.clone())).collect::<Vec<_>>(),
            b.blocker_labels.clone(),
        )
    }) else {
        return ().into_any();
    };
    let count_blocked = NodeRef::<html::Input>::new();
    let queue_person = NodeRef::<html::Input>::new();
    let hard = NodeRef::<html::Input>::new();
    let person = NodeRef::<html::Input>::new();
    let people: Vec<(String, NodeRef<html::Input>)> =
        owners.iter().map(|o| (o.clone(), NodeRef::<html::Input>::new())).collect();
    let cells: Vec<(String, String, String, NodeRef<html::Input>)> = lanes
        .iter()
        .flat_map(|(lid, lname)| {
            columns.iter().map(move |(cid, cname)| {
                (cid.clone(), lid.clone(), format!("{cname}, {lname}"), NodeRef::<html::Input>::new())
            })
        })
        .collect();
    let labels_field = NodeRef::<html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    let checked = |r: &NodeRef<html::Input>| r.get_untracked().is_some_and(|e| e.checked());
    let (p2, c2) = (people.clone(), cells.clone());
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| -> Result<WipPolicy, String> {
            let mut person_limits = BTreeMap::new();
            for (o, r) in &p2 {
                if let Some(n) = parse_limit(&value(r), &format!("Limit for {o}"))? {
                    person_limits.insert(o.clone(), n);
                }
            }
            let mut cell_limits = Vec::new();
            for (column, lane, label, r) in &c2 {
                if let Some(limit) = parse_limit(&value(r), &format!("Limit for {label}"))? {
                    cell_limits.push(CellLimit { column: column.clone(), lane: lane.clone(), limit });
                }
            }
            Ok(WipPolicy {
                count_blocked: checked(&count_blocked),
                queue_counts_for_person: checked(&queue_person),
                hard: checked(&hard),
                cell_limits,
                person_limit: parse_limit(&value(&person), "Limit per person")?,
                person_limits,
            })
        })();
        let policy = match parsed {
            Ok(p) => p,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let text = labels_field.get_untracked().map(|e| e.value()).unwrap_or_default();
        let labels: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let changed_labels = state.with_board_untracked(|b| b.blocker_labels != labels).unwrap_or(false);
        let changed_policy = state.with_board_untracked(|b| b.wip != policy).unwrap_or(false);
        if changed_policy {
            if let Err(e) = state.dispatch(Command::SetWipPolicy { policy }) {
                error.set(Some(capitalize(&e.to_string())));
                return;
            }
        }
        if changed_labels {
            if let Err(e) = state.dispatch(Command::SetBlockerLabels { labels }) {
                error.set(Some(capitalize(&e.to_string())));
                return;
            }
        }
        state.announce.set("Board settings saved.".into());
        flow.settings.set(false);
    };
    let cell_limit =
        |c: &str, l: &str| policy.cell_limits.iter().filter(|x| x.column == c && x.lane == l).map(|x| x.limit).min();
    let any_cells = !policy.cell_limits.is_empty();
    view! {
        <form class="dialog-body" on:submit=save novalidate>
            <div class="dialog-head">
                <h2 id="settings-title">"Board settings: WIP and blockers"</h2>
                <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| flow.settings.set(false)>
                    "×"
                </button>
            </div>
            <fieldset class="choices">
                <legend>"When a move goes over a limit"</legend>
                <label>
                    <input type="radio" name="wip-mode" value="soft" checked=!policy.hard />
                    " Soft: move, warn, and record it as an override"
                </label>
                <label>
                    <input node_ref=hard type="radio" name="wip-mode" value="hard" checked=policy.hard />
                    " Hard: ask for a reason first"
                </label>
            </fieldset>
            <fieldset class="choices">
                <legend>"What counts"</legend>
                <label>
                    <input node_ref=count_blocked type="checkbox" checked=policy.count_blocked />
                    " Blocked cards count toward limits"
                </label>
                <label>
                    <input node_ref=queue_person type="checkbox" checked=policy.queue_counts_for_person />
                    " Cards in queue columns count toward a person's limit"
                </label>
            </fieldset>
            <fieldset class="choices">
                <legend>"People"</legend>
                <div class="field">
                    <label for="wip-person">"Limit per person (cards in progress)"</label>
                    <input
                        id="wip-person"
                        node_ref=person
                        type="text"
                        inputmode="numeric"
                        value=opt(policy.person_limit)
                        placeholder="none"
                    />
                </div>
                {(!people.is_empty())
                    .then(|| {
                        view! {
                            <details>
                                <summary>"Limits for named people (override the above)"</summary>
                                <div class="type-grid">
                                    {people
                                        .iter()
                                        .enumerate()
                                        .map(|(i, (o, r))| {
                                            let fid = format!("wip-person-{i}");
                                            view! {
                                                <div class="field">
                                                    <label for=fid.clone()>{o.clone()}</label>
                                                    <input
                                                        id=fid
                                                        node_ref=*r
                                                        type="text"
                                                        inputmode="numeric"
                                                        value=opt(policy.person_limits.get(o))
                                                        placeholder="default"
                                                    />
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </details>
                        }
                    })}
            </fieldset>
            <details class="cell-limits" open=any_cells>
                <summary>"Cell limits (a column in one lane)"</summary>
                <div class="type-grid">
                    {cells
                        .iter()
                        .enumerate()
                        .map(|(i, (c, l, label, r))| {
                            let fid = format!("wip-cell-{i}");
                            view! {
                                <div class="field">
                                    <label for=fid.clone()>{label.clone()}</label>
                                    <input
                                        id=fid
                                        node_ref=*r
                                        type="text"
                                        inputmode="numeric"
                                        value=opt(cell_limit(c, l))
                                        placeholder="none"
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </details>
            <div class="field">
                <label for="blocker-labels">"This board's own root-cause labels (one per line)"</label>
                <textarea
                    id="blocker-labels"
                    node_ref=labels_field
                    rows="3"
                    aria-describedby="blocker-labels-help"
                    prop:value=labels.join("\n")
                ></textarea>
                <small id="blocker-labels-help">
                    {format!("Always available: {}.", board_core::BLOCKER_REASONS.join(", "))}
                </small>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="dialog-actions">
                <div class="spacer"></div>
                <button type="button" on:click=move |_| flow.settings.set(false)>
                    "Cancel"
                </button>
                <button type="submit" class="primary">
                    "Save settings"
                </button>
            </div>
        </form>
    }
    .into_any()
}
