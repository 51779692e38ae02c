//! Blocked work: the block dialog (root cause + note), block controls of the
//! card dialog, the blocker report of a board and the portfolio report across
//! boards (stored ones and files opened just for the report).
//!
//! Key design decision: blocking is a root cause first: the dialog offers the
//! standard reasons and the board's own labels and can define a new label
//! (`SetBlockerLabels`) on the spot; every number on the reports comes from
//! `board_core::blockers`, computed from the events alone. Files opened for the
//! portfolio are parsed with the board importer and kept in memory only.

use board_core::blockers::{blocker_report, portfolio, WeekStats};
use board_core::{format, Board, Command};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{focus_card, Modal};
use crate::flow::{age, days1, source_key, FlowUi, Opened};
use crate::state::{capitalize, now, AppState};

/// A "no entry" sign beside the words "Blocked: ...": never the only signal.
#[component]
pub fn BlockedIcon() -> impl IntoView {
    view! {
        <svg class="blocked-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <circle cx="8" cy="8" r="7" fill="currentColor" />
            <rect x="3.5" y="6.8" width="9" height="2.4" fill="#fff" />
        </svg>
    }
}

/// Blocks (opens the dialog) or unblocks card `id`: what B does on a card.
/// Returns whether it unblocked the card at once.
pub fn toggle_block(state: AppState, flow: FlowUi, id: &str) -> bool {
    let found = state.with_board_untracked(|b| b.card(id).map(|c| (c.title.clone(), c.blocked.is_some()))).flatten();
    match found {
        Some((title, true)) if state.run(Command::UnblockCard { id: id.to_owned() }) => {
            state.announce.set(format!("Unblocked \u{201c}{title}\u{201d}."));
            true
        }
        Some((_, false)) => {
            flow.block.set(Some(id.to_owned()));
            false
        }
        _ => false,
    }
}

/// The dialog that blocks a card with a root cause and a note.
#[component]
pub fn BlockDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let last = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if let Some(id) = flow.block.get() {
            last.set_value(Some(id));
        }
    });
    // Back to the card (re-rendered by the block), unless the card dialog is open.
    let on_close = move |_| {
        flow.block.set(None);
        if let Some(id) = last.get_value() {
            if state.ui.card.get_untracked().is_none() {
                focus_card(id);
            }
        }
    };
    view! {
        <Modal
            open=Signal::derive(move || flow.block.with(Option::is_some))
            on_close=on_close
            labelled_by="block-title"
            testid="block-dialog"
        >
            {move || flow.block.get().map(|id| view! { <BlockForm id=id /> })}
        </Modal>
    }
}

#[component]
fn BlockForm(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let found = state
        .with_board_untracked(|b| {
            b.card(&id).map(|c| {
                (c.title.clone(), b.reasons().map(str::to_owned).collect::<Vec<_>>(), b.blocker_labels.clone())
            })
        })
        .flatten();
    let Some((title, reasons, labels)) = found else {
        return view! { <p class="dialog-body">"This card is no longer on the board."</p> }.into_any();
    };
    let reason = NodeRef::<html::Select>::new();
    let new_label = NodeRef::<html::Input>::new();
    let note = NodeRef::<html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    let t = title.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = new_label.get_untracked().map(|e| e.value()).unwrap_or_default().trim().to_owned();
        let picked = reason.get_untracked().map(|e| e.value()).unwrap_or_default();
        let label = if typed.is_empty() { picked } else { typed };
        let known = state.with_board_untracked(|b| b.reasons().any(|r| r == label)).unwrap_or(false);
        if !known {
            let mut all = labels.clone();
            all.push(label.clone());
            if let Err(e) = state.dispatch(Command::SetBlockerLabels { labels: all }) {
                error.set(Some(capitalize(&e.to_string())));
                return;
            }
        }
        let text = note.get_untracked().map(|e| e.value()).unwrap_or_default();
        let note = Some(text.trim().to_owned()).filter(|n| !n.is_empty());
        match state.dispatch(Command::BlockCard { id: id.clone(), reason: label.clone(), note }) {
            Ok(()) => {
                state.announce.set(format!("Blocked \u{201c}{t}\u{201d}: {label}."));
                flow.block.set(None);
            }
            Err(e) => error.set(Some(capitalize(&e.to_string()))),
        }
    };
    view! {
        <form class="dialog-body" on:submit=submit novalidate>
            <div class="dialog-head">
                <div>
                    <h2 id="block-title">"Block card"</h2>
                    <p class="dialog-sub">{title}</p>
                </div>
                <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| flow.block.set(None)>
                    "×"
                </button>
            </div>
            <div class="field">
                <label for="block-reason">"Root cause"</label>
                <select id="block-reason" node_ref=reason autofocus>
                    {reasons.into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="block-new-label">"Or a new root-cause label for this board"</label>
                <input
                    id="block-new-label"
                    node_ref=new_label
                    type="text"
                    placeholder="e.g. vendor-api"
                    aria-describedby="block-new-help"
                />
                <small id="block-new-help">"Filled in, it is added to the board's labels and used instead."</small>
            </div>
            <div class="field">
                <label for="block-note">"Note (optional)"</label>
                <textarea id="block-note" node_ref=note rows="2"></textarea>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="dialog-actions">
                <div class="spacer"></div>
                <button type="button" on:click=move |_| flow.block.set(None)>
                    "Cancel"
                </button>
                <button type="submit" class="primary">
                    "Block card"
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// Blocked state and block/unblock buttons, for the card dialog.
#[component]
pub fn BlockControls(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let key = id.clone();
    let blocked = Memo::new(move |_| state.with_board(|b| b.card(&key).and_then(|c| c.blocked.clone())).flatten());
    let i = id.clone();
    let i2 = id.clone();
    view! {
        <section class="block-controls" aria-label="Blocked state">
            {move || match blocked.get() {
                Some(b) => {
                    let days = (now() - b.since).num_milliseconds().max(0) as f64 / 86_400_000.0;
                    let i = i.clone();
                    view! {
                        <p class="blocked-line" data-testid="dialog-blocked">
                            <span class="blocked-badge">
                                <BlockedIcon />
                                "Blocked: "
                                {b.reason.clone()}
                            </span>
                            " for " {age(days)}
                            {b.note.clone().map(|n| view! { <span class="muted">" · " {n}</span> })}
                            " "
                            <button
                                type="button"
                                on:click=move |_| {
                                    toggle_block(state, flow, &i);
                                }
                            >
                                "Unblock"
                            </button>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    let i = i2.clone();
                    view! {
                        <p>
                            <span class="muted">"Not blocked. "</span>
                            <button type="button" on:click=move |_| flow.block.set(Some(i.clone()))>
                                "Block…"
                            </button>
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

fn stats_table(testid: &'static str, first: &'static str, rows: Vec<(String, usize, f64, f64)>) -> impl IntoView {
    view! {
        <table class="data" data-testid=testid>
            <thead>
                <tr>
                    <th scope="col">{first}</th>
                    <th scope="col">"Blocks"</th>
                    <th scope="col">"Total days"</th>
                    <th scope="col">"Median days"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(name, n, total, median)| {
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td class="num">{n}</td>
                                <td class="num">{days1(total)}</td>
                                <td class="num">{days1(median)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Small bars of blocked days per week (the last 26 weeks), with the numbers
/// also in each bar's title and in a summary for screen readers.
fn trend(weeks: &[WeekStats]) -> impl IntoView {
    let shown: Vec<WeekStats> = weeks.iter().rev().take(26).rev().cloned().collect();
    let max = shown.iter().map(|w| w.days).fold(0.0f64, f64::max).max(1.0);
    let (bw, h) = (14.0, 60.0);
    let width = shown.len() as f64 * bw;
    let summary = match (shown.first(), shown.last()) {
        (Some(a), Some(b)) => format!(
            "Blocked days per week from {} to {}: {}",
            a.week,
            b.week,
            shown.iter().map(|w| format!("{} {}", w.week, days1(w.days))).collect::<Vec<_>>().join(", ")
        ),
        _ => "No blocks yet.".to_owned(),
    };
    view! {
        <figure class="trend">
            <svg
                role="img"
                aria-label=summary
                width=width.max(1.0)
                height=h + 2.0
                viewBox=format!("0 0 {} {}", width.max(1.0), h + 2.0)
                data-testid="weekly-trend"
            >
                {shown
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let bh = (w.days / max * h).max(if w.days > 0.0 { 2.0 } else { 0.0 });
                        view! {
                            <rect
                                class="bar"
                                x=i as f64 * bw + 2.0
                                y=h - bh + 1.0
                                width=bw - 4.0
                                height=bh
                            >
                                <title>{format!("{}: {} blocked days, {} new blocks", w.week, days1(w.days), w.started)}</title>
                            </rect>
                        }
                    })
                    .collect_view()}
                <line x1="0" y1=h + 1.0 x2=width y2=h + 1.0 class="axis" />
            </svg>
            <figcaption class="muted">
                {match (shown.first(), shown.last()) {
                    (Some(a), Some(b)) => format!("Blocked days per week, {} to {}", a.week, b.week),
                    _ => "No blocks yet".to_owned(),
                }}
            </figcaption>
        </figure>
    }
}

/// The blocker report of the active board.
#[component]
pub fn BlockersPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = Memo::new(move |_| {
        state
            .with_board(|b| {
                let r = blocker_report(b, now());
                let names: Vec<(String, String)> = r
                    .blocked_now
                    .iter()
                    .map(|x| {
                        (
                            b.card(&x.card).map(|c| c.lane.clone()).unwrap_or_default(),
                            b.column(&x.column).map_or_else(|| x.column.clone(), |c| c.name.clone()),
                        )
                    })
                    .collect();
                (r, names)
            })
            .unwrap_or_else(|| (blocker_report(&Board::empty("", ""), now()), Vec::new()))
    });
    view! {
        <section class="page" aria-labelledby="blockers-title" data-testid="blockers-page">
            <div class="page-head">
                <h2 id="blockers-title">"Blockers"</h2>
            </div>
            <p class="muted">
                "Every block from the board's history: how often each root cause struck, where, for how long, and what is blocked now."
            </p>
            {move || {
                let (r, names) = report.get();
                if r.by_reason.is_empty() {
                    return view! {
                        <p class="empty" data-testid="no-blocks">
                            "Nothing has been blocked on this board yet. Block a card with B, or from its face or dialog."
                        </p>
                    }
                        .into_any();
                }
                let by_reason = r
                    .by_reason
                    .iter()
                    .map(|x| (x.reason.clone(), x.stats.count, x.stats.days, x.stats.median_days))
                    .collect();
                let by_column = r
                    .by_column
                    .iter()
                    .map(|x| (x.name.clone(), x.stats.count, x.stats.days, x.stats.median_days))
                    .collect();
                let now_list = r.blocked_now.clone();
                view! {
                    <div class="page-grid">
                        <section class="panel" aria-labelledby="by-reason-title">
                            <h3 id="by-reason-title">"By root cause"</h3>
                            {stats_table("by-reason", "Root cause", by_reason)}
                        </section>
                        <section class="panel" aria-labelledby="by-column-title">
                            <h3 id="by-column-title">"By column (where the block started)"</h3>
                            {stats_table("by-column", "Column", by_column)}
                        </section>
                    </div>
                    <section class="panel" aria-labelledby="trend-title">
                        <h3 id="trend-title">"Weekly trend"</h3>
                        {trend(&r.weekly)}
                    </section>
                    <section class="panel" aria-labelledby="blocked-now-title">
                        <h3 id="blocked-now-title">"Blocked now, oldest first"</h3>
                        {if now_list.is_empty() {
                            view! { <p class="muted">"No card is blocked now."</p> }.into_any()
                        } else {
                            view! {
                                <table class="data" data-testid="blocked-now">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Card"</th>
                                            <th scope="col">"Column"</th>
                                            <th scope="col">"Root cause"</th>
                                            <th scope="col">"Note"</th>
                                            <th scope="col">"Blocked for"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {now_list
                                            .into_iter()
                                            .zip(names)
                                            .map(|(x, (_, col))| {
                                                let id = x.card.clone();
                                                view! {
                                                    <tr>
                                                        <th scope="row">
                                                            <button
                                                                type="button"
                                                                class="link-btn"
                                                                on:click=move |_| state.ui.card.set(Some(id.clone()))
                                                            >
                                                                {x.title.clone()}
                                                            </button>
                                                        </th>
                                                        <td>{col}</td>
                                                        <td>{x.reason.clone()}</td>
                                                        <td>{x.note.clone().unwrap_or_default()}</td>
                                                        <td class="num">{age(x.days)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }}
                    </section>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Reads the files chosen in `input` as board files into `flow.opened`,
/// reporting unreadable ones in `error`.
fn open_files(input: &web_sys::HtmlInputElement, flow: FlowUi, error: RwSignal<Option<String>>) {
    let Ok(files) = js_sys::Reflect::get(input, &"files".into()) else { return };
    let n = js_sys::Reflect::get(&files, &"length".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
    error.set(None);
    for i in 0..n {
        let Ok(file) = js_sys::Reflect::get(&files, &i.into()) else { continue };
        let name = js_sys::Reflect::get(&file, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let Some(text) =
            js_sys::Reflect::get(&file, &"text".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            continue;
        };
        let Ok(promise) = text.call0(&file) else { continue };
        let Some(then) =
            js_sys::Reflect::get(&promise, &"then".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            continue;
        };
        let done = Closure::once_into_js(move |v: JsValue| {
            let body = v.as_string().unwrap_or_default();
            match format::import_str(&body) {
                Ok(boards) => flow.opened.update(|o| {
                    o.extend(boards.into_iter().map(|board| Opened { file: name.clone(), board }));
                }),
                Err(e) => {
                    let prev = error.get_untracked().map(|p| format!("{p} ")).unwrap_or_default();
                    error.set(Some(format!("{prev}{name} could not be read: {e}.")));
                }
            }
        });
        let _ = then.call1(&promise, &done);
    }
    input.set_value("");
}

/// Root causes across every stored board and any board files opened for it.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let flow = expect_context::<FlowUi>();
    let error = RwSignal::new(None::<String>);
    // (key, name, where it comes from, included)
    let sources = Memo::new(move |_| {
        let excluded = flow.excluded.get();
        let mut v: Vec<(String, String, String, bool)> = state.boards.with(|bs| {
            bs.iter()
                .map(|b| {
                    let k = source_key(None, &b.id);
                    let inc = !excluded.contains(&k);
                    (k, b.name.clone(), "this browser".to_owned(), inc)
                })
                .collect()
        });
        flow.opened.with(|o| {
            for (i, x) in o.iter().enumerate() {
                let k = source_key(Some(i), &x.board.id);
                let inc = !excluded.contains(&k);
                v.push((k, x.board.name.clone(), format!("file {}", x.file), inc));
            }
        });
        v
    });
    let report = Memo::new(move |_| {
        let excluded = flow.excluded.get();
        state.boards.with(|bs| {
            flow.opened.with(|o| {
                let mut chosen: Vec<&Board> =
                    bs.iter().filter(|b| !excluded.contains(&source_key(None, &b.id))).collect();
                chosen.extend(
                    o.iter()
                        .enumerate()
                        .filter(|(i, x)| !excluded.contains(&source_key(Some(*i), &x.board.id)))
                        .map(|(_, x)| &x.board),
                );
                let names: Vec<(String, String)> = chosen.iter().map(|b| (b.id.clone(), b.name.clone())).collect();
                (portfolio(&chosen, now()), names, chosen.len())
            })
        })
    });
    let input = NodeRef::<html::Input>::new();
    let on_change = move |_| {
        if let Some(i) = input.get_untracked() {
            open_files(&i, flow, error);
        }
    };
    view! {
        <section class="page" aria-labelledby="portfolio-title" data-testid="portfolio-page">
            <div class="page-head">
                <h2 id="portfolio-title">"Portfolio: recurring root causes"</h2>
            </div>
            <p class="muted">
                "Which root causes block work across projects, how many projects they hit at the same time, and where in the pipeline they strike. Files opened here are read for this report only and never saved."
            </p>
            <section class="panel" aria-labelledby="sources-title">
                <h3 id="sources-title">"Boards in the report"</h3>
                <div class="field file-field">
                    <label for="portfolio-files">"Open board files (.json) for this report"</label>
                    <input
                        id="portfolio-files"
                        node_ref=input
                        type="file"
                        accept=".json,application/json"
                        multiple
                        on:change=on_change
                    />
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <ul class="sources" data-testid="portfolio-sources">
                    <For
                        each=move || sources.get()
                        key=|s| s.clone()
                        children=move |(key, name, from, inc)| {
                            let k = key.clone();
                            view! {
                                <li>
                                    <label>
                                        <input
                                            type="checkbox"
                                            prop:checked=inc
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                flow.excluded
                                                    .update(|x| {
                                                        x.retain(|e| *e != k);
                                                        if !on {
                                                            x.push(k.clone());
                                                        }
                                                    });
                                            }
                                        />
                                        " " {name} <span class="muted">" (" {from} ")"</span>
                                    </label>
                                </li>
                            }
                        }
                    />
                </ul>
            </section>
            {move || {
                let (p, names, n) = report.get();
                let name_of = |id: &str| {
                    names.iter().find(|(i, _)| i == id).map_or_else(|| id.to_owned(), |(_, n)| n.clone())
                };
                if p.causes.is_empty() {
                    return view! {
                        <p class="empty" data-testid="no-causes">
                            {format!("No block on the {n} board(s) in the report.")}
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <section class="panel" aria-labelledby="causes-title">
                        <h3 id="causes-title">{format!("Root causes across {n} boards")}</h3>
                        <table class="data" data-testid="portfolio-causes">
                            <thead>
                                <tr>
                                    <th scope="col">"Root cause"</th>
                                    <th scope="col">"Boards"</th>
                                    <th scope="col">"Blocks"</th>
                                    <th scope="col">"Total days"</th>
                                    <th scope="col">"Most boards at once"</th>
                                    <th scope="col">"Where it strikes (columns)"</th>
                                    <th scope="col">"Column kinds"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p
                                    .causes
                                    .iter()
                                    .map(|c| {
                                        let boards = c.boards.iter().map(|b| name_of(b)).collect::<Vec<_>>().join(", ");
                                        let cols = c
                                            .by_column
                                            .iter()
                                            .take(4)
                                            .map(|s| format!("{} ({}×, {} d)", s.column, s.count, days1(s.days)))
                                            .collect::<Vec<_>>()
                                            .join("; ");
                                        let kinds = c
                                            .by_kind
                                            .iter()
                                            .map(|s| format!("{} {} d", s.column, days1(s.days)))
                                            .collect::<Vec<_>>()
                                            .join("; ");
                                        view! {
                                            <tr data-testid="cause-row">
                                                <th scope="row">{c.reason.clone()}</th>
                                                <td>{format!("{}: {boards}", c.boards.len())}</td>
                                                <td class="num">{c.count}</td>
                                                <td class="num">{days1(c.days)}</td>
                                                <td class="num">
                                                    {format!("{} ({} overlapping)", c.at_once.peak, c.at_once.overlapping)}
                                                </td>
                                                <td>{cols}</td>
                                                <td>{kinds}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
                    .into_any()
            }}
        </section>
    }
}
