//! Modal dialogs: card editor, column and lane settings, boards, confirmation, help.
//!
//! All are native `<dialog>` elements opened with `showModal()` (focus is
//! trapped and Escape closes them natively); which one is open is a signal in
//! [`crate::state::Ui`], so closing by Escape, by a button or by a command all
//! end in the same state.

use board_core::{CardType, Column, ColumnKind, Command, Lane};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::board::{add_button_selector, kind_label};
use super::{focus_card, focus_selector};
use crate::form::{is_web_link, CardForm};
use crate::ids;
use crate::state::{capitalize, AppState, BoardDialog, Cell, Confirm};

/// A modal `<dialog>` open while `open` is true; `on_close` runs whenever it closes.
#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] on_close: Callback<()>,
    labelled_by: &'static str,
    #[prop(optional)] described_by: Option<&'static str>,
    #[prop(optional)] role: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let o = open.get();
        let Some(d) = dialog.get() else { return };
        if o {
            // After this frame's render, so `autofocus` finds the new content.
            request_animation_frame(move || {
                if open.get_untracked() && !d.open() {
                    let _ = d.show_modal();
                }
            });
        } else if d.open() {
            d.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class=format!("modal {class}")
            role=role
            aria-labelledby=labelled_by
            aria-describedby=described_by
            data-testid=testid
            on:close=move |_| on_close.run(())
        >
            {children()}
        </dialog>
    }
}

fn input_value(r: &NodeRef<html::Input>) -> String {
    r.get_untracked().map(|e| e.value()).unwrap_or_default()
}

fn area_value(r: &NodeRef<html::Textarea>) -> String {
    r.get_untracked().map(|e| e.value()).unwrap_or_default()
}

fn select_value(r: &NodeRef<html::Select>) -> String {
    r.get_untracked().map(|e| e.value()).unwrap_or_default()
}

#[component]
pub fn CardDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let last = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if let Some(id) = ui.card.get() {
            last.set_value(Some(id));
        }
    });
    let on_close = move |_| {
        ui.card.set(None);
        if let Some(id) = last.get_value() {
            if state.with_board_untracked(|b| b.card(&id).is_some()).unwrap_or(false) {
                focus_card(id);
            }
        }
    };
    view! {
        <Modal
            open=Signal::derive(move || ui.card.with(Option::is_some))
            on_close=on_close
            labelled_by="card-dialog-title"
            class="card-dialog"
            testid="card-dialog"
        >
            {move || ui.card.get().map(|id| view! { <CardEditor id=id /> })}
        </Modal>
    }
}

#[component]
fn CardEditor(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let found = state
        .with_board_untracked(|b| {
            b.card(&id).map(|c| {
                let col = b.column(&c.column);
                let children: Vec<(String, String)> = b
                    .cards
                    .iter()
                    .filter(|k| k.parent.as_deref() == Some(c.id.as_str()))
                    .map(|k| (k.id.clone(), k.title.clone()))
                    .collect();
                let parent = c.parent.clone().map(|p| {
                    let title = b.card(&p).map(|k| k.title.clone());
                    (p, title)
                });
                (
                    c.clone(),
                    col.map(|x| x.name.clone()).unwrap_or_default(),
                    col.is_some_and(|x| x.kind == ColumnKind::Done),
                    b.lane(&c.lane).map(|x| x.name.clone()).unwrap_or_default(),
                    parent,
                    children,
                )
            })
        })
        .flatten();
    let Some((card, col_name, done, lane_name, parent, children)) = found else {
        return view! {
            <div class="dialog-body">
                <h2 id="card-dialog-title">"Card not found"</h2>
                <p>"This card is no longer on the board."</p>
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| ui.card.set(None)>
                        "Close"
                    </button>
                </div>
            </div>
        }
        .into_any();
    };
    let f = CardForm::of(&card);
    let title = NodeRef::<html::Input>::new();
    let ctype = NodeRef::<html::Select>::new();
    let owner = NodeRef::<html::Input>::new();
    let tags = NodeRef::<html::Input>::new();
    let description = NodeRef::<html::Textarea>::new();
    let hypothesis = NodeRef::<html::Textarea>::new();
    let dataset = NodeRef::<html::Input>::new();
    let m_name = NodeRef::<html::Input>::new();
    let m_target = NodeRef::<html::Input>::new();
    let m_achieved = NodeRef::<html::Input>::new();
    let links = NodeRef::<html::Textarea>::new();
    let compute = NodeRef::<html::Input>::new();
    let links_now = RwSignal::new(card.links.clone());
    let error = RwSignal::new(None::<String>);

    let i = id.clone();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = CardForm {
            title: input_value(&title),
            card_type: select_value(&ctype),
            owner: input_value(&owner),
            tags: input_value(&tags),
            description: area_value(&description),
            hypothesis: area_value(&hypothesis),
            dataset: input_value(&dataset),
            metric_name: input_value(&m_name),
            metric_target: input_value(&m_target),
            metric_achieved: input_value(&m_achieved),
            links: area_value(&links),
            compute: input_value(&compute),
        };
        match form.details() {
            Err(m) => error.set(Some(m)),
            Ok(details) => match state.dispatch(Command::EditCard { id: i.clone(), details }) {
                Ok(()) => {
                    state.announce.set("Card saved.".into());
                    ui.card.set(None);
                }
                Err(e) => error.set(Some(capitalize(&e.to_string()))),
            },
        }
    };
    let i = id.clone();
    let t = card.title.clone();
    let ask_delete = move |_| ui.confirm.set(Some(Confirm::DeleteCard { id: i.clone(), title: t.clone() }));
    let i = id.clone();
    let flow = expect_context::<crate::flow::FlowUi>();
    let retrain = move |_| {
        let taken = |x: &str| state.with_board_untracked(|b| b.card(x).is_some()).unwrap_or(false);
        let new_id = ids::fresh_id("card", taken);
        // Through the WIP rules like every new card (a hard limit asks for a reason first).
        let cmd = Command::Retrain { id: i.clone(), new_id: new_id.clone() };
        crate::flow::guarded(state, flow, cmd, move || {
            state.announce.set("Retraining card created at the start of the flow.".into());
            ui.card.set(Some(new_id.clone()));
        });
    };
    let type_now = card.card_type;
    view! {
        <form class="card-form" on:submit=save novalidate>
            <div class="dialog-head">
                <div>
                    <h2 id="card-dialog-title">"Edit card"</h2>
                    <p class="dialog-sub">{col_name} " · " {lane_name}</p>
                </div>
                <button
                    type="button"
                    class="icon-btn"
                    aria-label="Close"
                    on:click=move |_| ui.card.set(None)
                >
                    "×"
                </button>
            </div>
            <super::blockers::BlockControls id=id.clone() />
            <div class="form-grid">
                <div class="field wide">
                    <label for="cf-title">"Title"</label>
                    <input id="cf-title" node_ref=title type="text" value=f.title autofocus required />
                </div>
                <div class="field">
                    <label for="cf-type">"Type"</label>
                    <select id="cf-type" node_ref=ctype>
                        {CardType::ALL
                            .iter()
                            .map(|t| {
                                view! {
                                    <option value=t.as_str() selected=*t == type_now>
                                        {t.as_str()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="cf-owner">"Owner"</label>
                    <input id="cf-owner" node_ref=owner type="text" value=f.owner />
                </div>
                <div class="field wide">
                    <label for="cf-tags">"Tags"</label>
                    <input
                        id="cf-tags"
                        node_ref=tags
                        type="text"
                        value=f.tags
                        aria-describedby="cf-tags-help"
                    />
                    <small id="cf-tags-help">"Comma-separated, e.g. churn, gbm"</small>
                </div>
                <div class="field wide">
                    <label for="cf-description">"Description"</label>
                    <textarea id="cf-description" node_ref=description rows="3" prop:value=f.description></textarea>
                </div>
                <div class="field wide">
                    <label for="cf-hypothesis">"Hypothesis"</label>
                    <textarea id="cf-hypothesis" node_ref=hypothesis rows="2" prop:value=f.hypothesis></textarea>
                </div>
                <div class="field">
                    <label for="cf-dataset">"Dataset"</label>
                    <input id="cf-dataset" node_ref=dataset type="text" value=f.dataset />
                </div>
                <div class="field">
                    <label for="cf-compute">"Compute (GPUs or job slots)"</label>
                    <input id="cf-compute" node_ref=compute type="text" inputmode="decimal" value=f.compute />
                </div>
                <fieldset class="field wide metric-fields">
                    <legend>"Metric"</legend>
                    <div class="field">
                        <label for="cf-metric-name">"Name"</label>
                        <input
                            id="cf-metric-name"
                            node_ref=m_name
                            type="text"
                            placeholder="e.g. AUC"
                            value=f.metric_name
                        />
                    </div>
                    <div class="field">
                        <label for="cf-metric-target">"Target"</label>
                        <input
                            id="cf-metric-target"
                            node_ref=m_target
                            type="text"
                            inputmode="decimal"
                            value=f.metric_target
                        />
                    </div>
                    <div class="field">
                        <label for="cf-metric-achieved">"Achieved"</label>
                        <input
                            id="cf-metric-achieved"
                            node_ref=m_achieved
                            type="text"
                            inputmode="decimal"
                            value=f.metric_achieved
                        />
                    </div>
                </fieldset>
                <div class="field wide">
                    <label for="cf-links">"Links"</label>
                    <textarea
                        id="cf-links"
                        node_ref=links
                        rows="2"
                        aria-describedby="cf-links-help"
                        prop:value=f.links
                        on:input=move |ev| links_now.set(crate::form::lines(&event_target_value(&ev)))
                    ></textarea>
                    <small id="cf-links-help">"One URL per line: tracker run, notebook, pull request"</small>
                    <ul class="link-list" aria-label="Open links">
                        {move || {
                            links_now
                                .get()
                                .into_iter()
                                .map(|l| {
                                    if is_web_link(&l) {
                                        view! {
                                            <li>
                                                <a href=l.clone() target="_blank" rel="noopener noreferrer">
                                                    {l.clone()}
                                                </a>
                                            </li>
                                        }
                                            .into_any()
                                    } else {
                                        view! { <li>{l}</li> }.into_any()
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </div>
            <section class="lineage" aria-labelledby="lineage-title">
                <h3 id="lineage-title">"Lineage"</h3>
                <p>
                    "Parent: "
                    {match parent {
                        None => view! { <span class="muted">"none"</span> }.into_any(),
                        Some((pid, Some(ptitle))) => {
                            view! {
                                <button
                                    type="button"
                                    class="link-btn"
                                    data-testid="lineage-parent"
                                    on:click=move |_| ui.card.set(Some(pid.clone()))
                                >
                                    {ptitle}
                                </button>
                            }
                                .into_any()
                        }
                        Some((_, None)) => view! { <span class="muted">"deleted card"</span> }.into_any(),
                    }}
                </p>
                <p>
                    "Children: "
                    {if children.is_empty() {
                        view! { <span class="muted">"none"</span> }.into_any()
                    } else {
                        children
                            .into_iter()
                            .map(|(cid, ctitle)| {
                                view! {
                                    <button
                                        type="button"
                                        class="link-btn"
                                        data-testid="lineage-child"
                                        on:click=move |_| ui.card.set(Some(cid.clone()))
                                    >
                                        {ctitle}
                                    </button>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </p>
            </section>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="dialog-actions">
                <button type="button" class="danger" on:click=ask_delete>
                    "Delete card"
                </button>
                {done
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                title="Start a retraining card from this one"
                                on:click=retrain.clone()
                            >
                                "↻ Retrain"
                            </button>
                        }
                    })}
                <div class="spacer"></div>
                <button type="button" on:click=move |_| ui.card.set(None)>
                    "Cancel"
                </button>
                <button type="submit" class="primary">
                    "Save"
                </button>
            </div>
        </form>
    }
    .into_any()
}

#[component]
pub fn ColumnDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    view! {
        <Modal
            open=Signal::derive(move || ui.column.with(Option::is_some))
            on_close=move |_| ui.column.set(None)
            labelled_by="column-dialog-title"
            testid="column-dialog"
        >
            {move || ui.column.get().map(|id| view! { <ColumnEditor id=id /> })}
        </Modal>
    }
}

#[component]
fn ColumnEditor(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let key = id.clone();
    let info = Memo::new(move |_| {
        state.with_structure(|b| b.column_index(&key).map(|i| (i, b.columns.len(), b.columns[i].kind))).flatten()
    });
    let Some(start) = state.with_board_untracked(|b| b.column(&id).cloned()).flatten() else {
        return ().into_any();
    };
    let error = RwSignal::new(None::<String>);
    let name = NodeRef::<html::Input>::new();
    let run = runner(state, error);
    let i = id.clone();
    let rename = move |ev: SubmitEvent| {
        ev.prevent_default();
        if run(Command::RenameColumn { id: i.clone(), name: input_value(&name) }, "Column renamed.") {
            ui.column.set(None);
        }
    };
    let i = id.clone();
    let set_kind = move |ev: leptos::ev::Event| {
        let kind = ColumnKind::parse(&event_target_value(&ev)).unwrap_or(ColumnKind::Active);
        run(Command::SetColumnKind { id: i.clone(), kind }, "Column kind changed.");
    };
    let i = id.clone();
    let shift = move |by: isize| {
        if let Some((at, n, _)) = info.get_untracked() {
            let to = at as isize + by;
            if to >= 0 && (to as usize) < n {
                run(
                    Command::MoveColumn { id: i.clone(), index: to as usize },
                    &format!("Column moved to position {} of {n}.", to + 1),
                );
            }
        }
    };
    let add_after = move || {
        let Some((at, _, _)) = info.get_untracked() else {
            return;
        };
        let taken = |x: &str| state.with_board_untracked(|b| b.column(x).is_some()).unwrap_or(false);
        let new_id = ids::fresh_id("col", taken);
        let column = Column::new(new_id.clone(), "New column", ColumnKind::Active);
        if run(Command::AddColumn { column, index: at + 1 }, "Column added.") {
            ui.column.set(Some(new_id));
        }
    };
    let i = id.clone();
    let delete = move || {
        if run(Command::DeleteColumn { id: i.clone() }, "Column deleted.") {
            ui.column.set(None);
        }
    };
    view! {
        <div class="dialog-body">
            <div class="dialog-head">
                <h2 id="column-dialog-title">"Column settings"</h2>
                <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| ui.column.set(None)>
                    "×"
                </button>
            </div>
            <form class="inline-form" on:submit=rename>
                <div class="field">
                    <label for="col-name">"Name"</label>
                    <input id="col-name" node_ref=name type="text" value=start.name.clone() autofocus />
                </div>
                <button type="submit" class="primary">
                    "Rename"
                </button>
            </form>
            <div class="field">
                <label for="col-kind">"Kind"</label>
                <select id="col-kind" aria-describedby="col-kind-help" on:change=set_kind>
                    {ColumnKind::ALL
                        .iter()
                        .map(|k| {
                            let k = *k;
                            view! {
                                <option
                                    value=k.as_str()
                                    prop:selected=move || info.with(|x| x.is_some_and(|x| x.2 == k))
                                >
                                    {kind_label(k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <small id="col-kind-help">
                    "Backlog: not started. Active: being worked on. Queue: waiting (hand-off, approval, compute). Done: finished."
                </small>
            </div>
            <super::settings::ColumnLimits id=id.clone() />
            <PositionAndActions
                labels=["← Move left", "Move right →", "Add column after", "Delete column"]
                first=Signal::derive(move || info.with(|x| x.is_none_or(|x| x.0 == 0)))
                last=Signal::derive(move || info.with(|x| x.is_none_or(|x| x.0 + 1 >= x.1)))
                shift=shift
                add_after=add_after
                delete=delete
                close=move || ui.column.set(None)
                error=error
            />
        </div>
    }
    .into_any()
}

#[component]
pub fn LaneDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    view! {
        <Modal
            open=Signal::derive(move || ui.lane.with(Option::is_some))
            on_close=move |_| ui.lane.set(None)
            labelled_by="lane-dialog-title"
            testid="lane-dialog"
        >
            {move || ui.lane.get().map(|id| view! { <LaneEditor id=id /> })}
        </Modal>
    }
}

#[component]
fn LaneEditor(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let key = id.clone();
    let info = Memo::new(move |_| state.with_structure(|b| b.lane_index(&key).map(|i| (i, b.lanes.len()))).flatten());
    let Some(start) = state.with_board_untracked(|b| b.lane(&id).cloned()).flatten() else {
        return ().into_any();
    };
    let error = RwSignal::new(None::<String>);
    let name = NodeRef::<html::Input>::new();
    let run = runner(state, error);
    let i = id.clone();
    let rename = move |ev: SubmitEvent| {
        ev.prevent_default();
        if run(Command::RenameLane { id: i.clone(), name: input_value(&name) }, "Lane renamed.") {
            ui.lane.set(None);
        }
    };
    let i = id.clone();
    let shift = move |by: isize| {
        if let Some((at, n)) = info.get_untracked() {
            let to = at as isize + by;
            if to >= 0 && (to as usize) < n {
                run(
                    Command::MoveLane { id: i.clone(), index: to as usize },
                    &format!("Lane moved to position {} of {n}.", to + 1),
                );
            }
        }
    };
    let add_after = move || {
        let Some((at, _)) = info.get_untracked() else {
            return;
        };
        let taken = |x: &str| state.with_board_untracked(|b| b.lane(x).is_some()).unwrap_or(false);
        let new_id = ids::fresh_id("lane", taken);
        if run(Command::AddLane { lane: Lane::new(new_id.clone(), "New lane"), index: at + 1 }, "Lane added.") {
            ui.lane.set(Some(new_id));
        }
    };
    let i = id.clone();
    let delete = move || {
        if run(Command::DeleteLane { id: i.clone() }, "Lane deleted.") {
            ui.lane.set(None);
        }
    };
    view! {
        <div class="dialog-body">
            <div class="dialog-head">
                <h2 id="lane-dialog-title">"Lane settings"</h2>
                <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| ui.lane.set(None)>
                    "×"
                </button>
            </div>
            <form class="inline-form" on:submit=rename>
                <div class="field">
                    <label for="lane-name">"Name"</label>
                    <input id="lane-name" node_ref=name type="text" value=start.name.clone() autofocus />
                </div>
                <button type="submit" class="primary">
                    "Rename"
                </button>
            </form>
            <super::settings::LaneLimit id=id.clone() />
            <PositionAndActions
                labels=["↑ Move up", "↓ Move down", "Add lane below", "Delete lane"]
                first=Signal::derive(move || info.with(|x| x.is_none_or(|x| x.0 == 0)))
                last=Signal::derive(move || info.with(|x| x.is_none_or(|x| x.0 + 1 >= x.1)))
                shift=shift
                add_after=add_after
                delete=delete
                close=move || ui.lane.set(None)
                error=error
            />
        </div>
    }
    .into_any()
}

#[component]
pub fn BoardDialogView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    view! {
        <Modal
            open=Signal::derive(move || ui.board.with(Option::is_some))
            on_close=move |_| ui.board.set(None)
            labelled_by="board-dialog-title"
            testid="board-dialog"
        >
            {move || {
                ui.board
                    .get()
                    .map(|d| match d {
                        BoardDialog::New => view! { <NewBoard /> }.into_any(),
                        BoardDialog::Rename => view! { <RenameBoard /> }.into_any(),
                    })
            }}
        </Modal>
    }
}

#[component]
fn NewBoard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let name = NodeRef::<html::Input>::new();
    let ml = NodeRef::<html::Input>::new();
    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let ml_template = ml.get_untracked().is_some_and(|e| e.checked());
        ui.board.set(None);
        state.create_board(&input_value(&name), ml_template);
    };
    view! {
        <form class="dialog-body" on:submit=create>
            <div class="dialog-head">
                <h2 id="board-dialog-title">"New board"</h2>
                <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| ui.board.set(None)>
                    "×"
                </button>
            </div>
            <div class="field">
                <label for="nb-name">"Name"</label>
                <input id="nb-name" node_ref=name type="text" placeholder="e.g. Churn model" autofocus />
            </div>
            <fieldset class="choices">
                <legend>"Start from"</legend>
                <label>
                    <input node_ref=ml type="radio" name="nb-template" value="ml" checked />
                    " ML pipeline: 10 stages from Backlog to Monitoring, lanes Data, Modeling, MLOps"
                </label>
                <label>
                    <input type="radio" name="nb-template" value="blank" />
                    " Blank: To do, Doing, Done and one lane"
                </label>
            </fieldset>
            <div class="dialog-actions">
                <div class="spacer"></div>
                <button type="button" on:click=move |_| ui.board.set(None)>
                    "Cancel"
                </button>
                <button type="submit" class="primary">
                    "Create board"
                </button>
            </div>
        </form>
    }
}

#[component]
fn RenameBoard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let name = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let current = state.with_board_untracked(|b| b.name.clone()).unwrap_or_default();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        match state.dispatch(Command::RenameBoard { name: input_value(&name) }) {
            Ok(()) => {
                state.announce.set("Board renamed.".into());
                ui.board.set(None);
            }
            Err(e) => error.set(Some(capitalize(&e.to_string()))),
        }
    };
    view! {
        <form class="dialog-body" on:submit=save>
            <div class="dialog-head">
                <h2 id="board-dialog-title">"Rename board"</h2>
                <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| ui.board.set(None)>
                    "×"
                </button>
            </div>
            <div class="field">
                <label for="rb-name">"Name"</label>
                <input id="rb-name" node_ref=name type="text" value=current autofocus />
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="dialog-actions">
                <div class="spacer"></div>
                <button type="button" on:click=move |_| ui.board.set(None)>
                    "Cancel"
                </button>
                <button type="submit" class="primary">
                    "Save"
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let accept = move |_| {
        let Some(c) = ui.confirm.get_untracked() else {
            return;
        };
        ui.confirm.set(None);
        match c {
            Confirm::DeleteCard { id, title } => {
                let cell = state
                    .with_board_untracked(|b| {
                        b.card(&id).map(|c| Cell { column: c.column.clone(), lane: c.lane.clone() })
                    })
                    .flatten();
                ui.card.set(None);
                if state.run(Command::DeleteCard { id }) {
                    state.announce.set(format!("Deleted \u{201c}{title}\u{201d}. Ctrl+Z undoes it."));
                    // The card is gone: focus goes to where a new one would be added.
                    if let Some(cell) = cell {
                        focus_selector(add_button_selector(&cell));
                    }
                }
            }
            Confirm::DeleteBoard { id, .. } => {
                state.delete_board(&id);
            }
            Confirm::RemoveDemo => {
                state.remove_demo_boards();
                focus_selector("#board-select".into());
            }
        }
    };
    view! {
        <Modal
            open=Signal::derive(move || ui.confirm.with(Option::is_some))
            on_close=move |_| ui.confirm.set(None)
            labelled_by="confirm-title"
            described_by="confirm-message"
            role="alertdialog"
            class="confirm"
            testid="confirm-dialog"
        >
            {move || {
                ui.confirm
                    .get()
                    .map(|c| {
                        let (title, message, action) = match c {
                            Confirm::DeleteCard { title, .. } => {
                                (
                                    "Delete card?".to_owned(),
                                    format!("\u{201c}{title}\u{201d} will be removed from the board. Its history stays; undo brings it back."),
                                    "Delete card",
                                )
                            }
                            Confirm::DeleteBoard { name, .. } => {
                                (
                                    "Delete board?".to_owned(),
                                    format!("The board \u{201c}{name}\u{201d} and all its cards will be deleted from this browser. This cannot be undone."),
                                    "Delete board",
                                )
                            }
                            Confirm::RemoveDemo => {
                                (
                                    "Remove demo board?".to_owned(),
                                    "The demo board (generated sample data) will be deleted from this browser, with any changes made to it. Your other boards stay as they are.".to_owned(),
                                    "Remove demo board",
                                )
                            }
                        };
                        view! {
                            <div class="dialog-body">
                                <h2 id="confirm-title">{title}</h2>
                                <p id="confirm-message">{message}</p>
                                <div class="dialog-actions">
                                    <div class="spacer"></div>
                                    <button type="button" autofocus on:click=move |_| ui.confirm.set(None)>
                                        "Cancel"
                                    </button>
                                    <button type="button" class="danger solid" on:click=accept>
                                        {action}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
        </Modal>
    }
}

#[component]
pub fn HelpDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = state.ui;
    let rows: [(&str, &str); 10] = [
        ("Tab / Shift+Tab", "Go to the next / previous card or control"),
        ("Enter", "Open the focused card"),
        ("Alt+← / Alt+→", "Move the card to the previous / next column"),
        ("Alt+↑ / Alt+↓", "Move the card up / down within its cell"),
        ("Alt+Shift+↑ / Alt+Shift+↓", "Move the card to the lane above / below"),
        ("B", "Block the card (asks for a root cause) or unblock it"),
        ("Ctrl+Z", "Undo"),
        ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
        ("Esc", "Close a dialog or the new-card field"),
        ("?", "Show these shortcuts"),
    ];
    view! {
        <Modal
            open=Signal::derive(move || ui.help.get())
            on_close=move |_| ui.help.set(false)
            labelled_by="help-title"
            testid="help-dialog"
        >
            <div class="dialog-body">
                <div class="dialog-head">
                    <h2 id="help-title">"Keyboard shortcuts"</h2>
                    <button type="button" class="icon-btn" aria-label="Close" on:click=move |_| ui.help.set(false)>
                        "×"
                    </button>
                </div>
                <table class="shortcuts">
                    <thead>
                        <tr>
                            <th scope="col">"Keys"</th>
                            <th scope="col">"Action"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .iter()
                            .map(|(k, a)| {
                                view! {
                                    <tr>
                                        <td>
                                            <kbd>{*k}</kbd>
                                        </td>
                                        <td>{*a}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <p class="muted">
                    "Cards also move by drag and drop: drop on a card to place it before that card, or on empty cell space to put it last."
                </p>
            </div>
        </Modal>
    }
}

/// Runs a settings command: announces `ok` on success, shows the core's refusal in `error`.
fn runner(state: AppState, error: RwSignal<Option<String>>) -> impl Fn(Command, &str) -> bool + Copy + 'static {
    move |cmd: Command, ok: &str| match state.dispatch(cmd) {
        Ok(()) => {
            error.set(None);
            state.announce.set(ok.to_owned());
            true
        }
        Err(e) => {
            error.set(Some(capitalize(&e.to_string())));
            false
        }
    }
}

/// The shared foot of the column and lane settings: move before/after, add a
/// neighbour, the refusal message, delete and close. `labels`: before, after, add, delete.
#[component]
fn PositionAndActions(
    labels: [&'static str; 4],
    first: Signal<bool>,
    last: Signal<bool>,
    shift: impl Fn(isize) + Clone + 'static,
    add_after: impl Fn() + 'static,
    delete: impl Fn() + 'static,
    close: impl Fn() + 'static,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let shift2 = shift.clone();
    view! {
        <div class="btn-row" role="group" aria-label="Position">
            <button type="button" disabled=first on:click=move |_| shift(-1)>
                {labels[0]}
            </button>
            <button type="button" disabled=last on:click=move |_| shift2(1)>
                {labels[1]}
            </button>
            <button type="button" on:click=move |_| add_after()>
                {labels[2]}
            </button>
        </div>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <div class="dialog-actions">
            <button type="button" class="danger" on:click=move |_| delete()>
                {labels[3]}
            </button>
            <div class="spacer"></div>
            <button type="button" on:click=move |_| close()>
                "Close"
            </button>
        </div>
    }
}
