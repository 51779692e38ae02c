//! Import, export and the save banners: everything that moves boards in and
//! out of the browser.
//!
//! Key design decision: these views decide nothing about the data. The size
//! check, validation and its messages come from `board_core::format`; saving,
//! merging with another tab and importing are `AppState` methods. A refused
//! file changes nothing: import only calls [`AppState::add_imported`] after the
//! whole file was read and, if ids clash, the user chose Replace or Keep both.

use board_core::{format, Board};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Modal;
use crate::files;
use crate::state::{now, AppState, OnClash};
use crate::storage;

/// Id of the (visually hidden) file input used by the Import button.
const FILE_INPUT: &str = "import-file";

/// An import waiting for the user's answer about clashing board ids.
#[derive(Clone)]
struct Pending {
    file: String,
    boards: Vec<Board>,
    clashes: Vec<String>,
}

fn export_active(state: AppState) {
    let Some((name, text)) =
        state.with_board_untracked(|b| (b.name.clone(), format::export_string(std::slice::from_ref(b), now())))
    else {
        return;
    };
    save_file(state, &format::export_file_name(&name, files::today()), &text);
}

/// Exports every board to one file.
pub fn export_all(state: AppState) {
    let text = state.boards.with_untracked(|bs| format::export_string(bs, now()));
    save_file(state, &format::export_file_name("all-boards", files::today()), &text);
}

fn save_file(state: AppState, name: &str, text: &str) {
    match files::download(name, text, "application/json") {
        Ok(()) => state.announce.set(format!("Exported to {name}.")),
        Err(e) => state.error.set(Some(format!("Could not export: {e}."))),
    }
}

/// Export and import buttons, for the top bar.
#[component]
pub fn DataButtons() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pick = move |_| {
        if let Some(input) =
            document().get_element_by_id(FILE_INPUT).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.click();
        }
    };
    view! {
        <div class="btn-group" role="group" aria-label="Files">
            <button type="button" title="Save this board to a .json file" on:click=move |_| export_active(state)>
                "Export board"
            </button>
            <button type="button" title="Save all boards to one .json file" on:click=move |_| export_all(state)>
                "Export all"
            </button>
            <button type="button" title="Add boards from a .json file (or drop the file on the page)" on:click=pick>
                "Import…"
            </button>
        </div>
    }
}

/// Reads a picked or dropped file and imports it, or says why not.
fn import_file(state: AppState, pending: RwSignal<Option<Pending>>, file: web_sys::File) {
    let name = file.name();
    let refuse = move |why: String| {
        state.error.set(Some(format!("Could not import \u{201c}{name}\u{201d}: {why}. Nothing was changed.")));
    };
    if let Some(e) = files::too_large(&file) {
        refuse(e.to_string());
        return;
    }
    leptos::task::spawn_local(async move {
        let text = match files::read_text(&file).await {
            Ok(t) => t,
            Err(e) => return refuse(e),
        };
        match format::import_str(&text) {
            Err(e) => refuse(e.to_string().trim_end_matches('.').to_owned()),
            Ok(boards) => {
                state.error.set(None);
                let clashes = state.clashes(&boards);
                if clashes.is_empty() {
                    state.add_imported(boards, OnClash::KeepBoth);
                } else {
                    pending.set(Some(Pending { file: file.name(), boards, clashes }));
                }
            }
        }
    });
}

fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
}

/// The page-wide parts: save banners, the drop zone, the file input, the
/// clash question, the `storage` listener and the save retry timer.
#[component]
pub fn DataLayer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<Pending>);
    let dragging_file = RwSignal::new(false);
    let depth = StoredValue::new(0i32);

    let mut handles = vec![
        window_event_listener(ev::storage, move |e: web_sys::StorageEvent| {
            if e.key().as_deref() == Some(storage::BOARDS_KEY) {
                state.stored_elsewhere(e.new_value());
            }
        }),
        window_event_listener(ev::dragenter, move |e| {
            if carries_files(&e) {
                depth.update_value(|d| *d += 1);
                dragging_file.set(true);
            }
        }),
        window_event_listener(ev::dragover, move |e| {
            if carries_files(&e) {
                e.prevent_default();
                if let Some(dt) = e.data_transfer() {
                    dt.set_drop_effect("copy");
                }
                dragging_file.set(true);
            }
        }),
        window_event_listener(ev::dragleave, move |e| {
            if carries_files(&e) {
                depth.update_value(|d| *d -= 1);
                if depth.get_value() <= 0 {
                    depth.set_value(0);
                    dragging_file.set(false);
                }
            }
        }),
        window_event_listener(ev::drop, move |e| {
            if !carries_files(&e) {
                return;
            }
            e.prevent_default();
            depth.set_value(0);
            dragging_file.set(false);
            if let Some(f) = e.data_transfer().and_then(|dt| dt.files()).and_then(|fl| fl.get(0)) {
                import_file(state, pending, f);
            }
        }),
    ];
    // Saving resumes by itself: retried on every change and every few seconds.
    let retry = set_interval_with_handle(
        move || {
            if state.sync.unsaved.get_untracked().is_some() {
                state.save();
            }
        },
        std::time::Duration::from_secs(2),
    )
    .ok();
    on_cleanup(move || {
        for h in handles.drain(..) {
            h.remove();
        }
        if let Some(r) = retry {
            r.clear();
        }
    });

    let on_pick = move |e: ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&e);
        if let Some(f) = input.files().and_then(|fl| fl.get(0)) {
            import_file(state, pending, f);
        }
        // The same file may be picked again after fixing it.
        input.set_value("");
    };
    let resolve = move |choice: Option<OnClash>| {
        let Some(p) = pending.get_untracked() else { return };
        pending.set(None);
        match choice {
            Some(c) => {
                state.add_imported(p.boards, c);
            }
            None => state.announce.set("Import cancelled. Nothing was changed.".into()),
        }
    };
    let start_fresh = move |_| match state.start_fresh() {
        Ok(key) => state.announce.set(format!(
            "The unreadable data is kept under the storage key \u{201c}{key}\u{201d}. Changes are saved again."
        )),
        Err(e) => state.error.set(Some(format!("Could not start fresh: {e}. The stored data is untouched."))),
    };
    let download_unreadable = move |_| match storage::read_text() {
        Ok(Some(text)) => {
            let name = format!("ml-kanban-unreadable-{}.json", files::today().format("%Y-%m-%d"));
            save_file(state, &name, &text);
        }
        Ok(None) => state.error.set(Some("There is no stored data to download.".into())),
        Err(e) => state.error.set(Some(format!("Could not download: {e}."))),
    };

    view! {
        {move || {
            state
                .banner
                .get()
                .map(|b| {
                    view! {
                        <div class="banner" role="alert" data-testid="storage-banner">
                            <p>{b}</p>
                            <Show when=move || state.sync.unreadable.get()>
                                <div class="banner-actions">
                                    <button type="button" on:click=download_unreadable>
                                        "Download the unreadable data"
                                    </button>
                                    <button type="button" on:click=start_fresh>
                                        "Start fresh (the old data is kept as a backup)"
                                    </button>
                                </div>
                            </Show>
                        </div>
                    }
                })
        }}
        {move || {
            state
                .sync
                .unsaved
                .get()
                .map(|why| {
                    view! {
                        <div class="banner banner-warn" role="alert" data-testid="unsaved-banner">
                            <p>
                                <strong>"Not saved: "</strong>
                                {why}
                                ". Your boards stay usable in this tab, and saving resumes by itself once there is room. Export them to keep a copy now."
                            </p>
                            <div class="banner-actions">
                                <button type="button" on:click=move |_| export_all(state)>
                                    "Export all boards"
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
        <label for=FILE_INPUT class="sr-only">
            "Import boards from a file"
        </label>
        <input
            id=FILE_INPUT
            type="file"
            class="sr-only"
            tabindex="-1"
            accept=".json,application/json"
            on:change=on_pick
        />
        <Show when=move || dragging_file.get()>
            <div class="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
                <p>"Drop a board file (.json) to import it"</p>
            </div>
        </Show>
        <Modal
            open=Signal::derive(move || pending.with(Option::is_some))
            on_close=move |_| {
                if pending.with_untracked(Option::is_some) {
                    resolve(None);
                }
            }
            labelled_by="clash-title"
            described_by="clash-message"
            role="alertdialog"
            class="confirm"
            testid="clash-dialog"
        >
            {move || {
                pending
                    .get()
                    .map(|p| {
                        let names = p
                            .clashes
                            .iter()
                            .map(|n| format!("\u{201c}{n}\u{201d}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let one = p.clashes.len() == 1;
                        view! {
                            <div class="dialog-body">
                                <h2 id="clash-title">
                                    {if one { "This board is already here" } else { "These boards are already here" }}
                                </h2>
                                <p id="clash-message">
                                    {format!(
                                        "\u{201c}{}\u{201d} holds {} this browser already has: {names}. Replace the board{} here with the imported one{}, or keep both (the imported copy gets a new id)?",
                                        p.file,
                                        if one { "a board" } else { "boards" },
                                        if one { "" } else { "s" },
                                        if one { "" } else { "s" },
                                    )}
                                </p>
                                <div class="dialog-actions">
                                    <div class="spacer"></div>
                                    <button type="button" autofocus on:click=move |_| resolve(None)>
                                        "Cancel"
                                    </button>
                                    <button type="button" on:click=move |_| resolve(Some(OnClash::KeepBoth))>
                                        "Keep both"
                                    </button>
                                    <button
                                        type="button"
                                        class="danger solid"
                                        on:click=move |_| resolve(Some(OnClash::Replace))
                                    >
                                        "Replace"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
        </Modal>
    }
}
