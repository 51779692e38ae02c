//! Instant first paint: the board as last drawn, shown on the next visit while the app's
//! WebAssembly loads.
//!
//! Key design decision: a copy of the page's markup (not a second renderer) is kept in
//! local storage ([`storage::SNAPSHOT_KEY`]) a moment after the board settles and when the
//! page is hidden. `pwa/snapshot.js`, a few lines the page runs before the app, puts it in
//! the page inert and hidden from assistive technology, so nothing in it can be clicked,
//! focused or read out; [`remove_shown`] takes it away just before the app mounts, in the
//! same task, so no frame shows neither. It is shown only if the boards were not written
//! since it was taken (the write token of `storage::REV_KEY` and the stored text's length
//! match: the second catches writers that leave the token alone) and the same board is
//! active, and it never costs the boards their room (`storage::save_text` drops it when
//! storage is full). A board too big to copy cheaply has no snapshot.

use leptos::prelude::*;

use crate::flow::{FlowUi, View};
use crate::state::AppState;
use crate::storage;

/// The id of the element `pwa/snapshot.js` shows the snapshot in.
pub const SHOWN_ID: &str = "snapshot";
/// The version of the stored form, which `pwa/snapshot.js` checks.
const VERSION: u32 = 1;
/// Bigger pages get no snapshot: copying them would cost the main thread too long.
const MAX_ELEMENTS: u32 = 8_000;
/// Nor does markup longer than this (a tenth of the usual storage quota).
const MAX_CHARS: usize = 500_000;
/// How long the board must stay unchanged before it is copied.
const SETTLE_MS: u64 = 1_000;

/// Removes the snapshot from the page, if one is shown.
pub fn remove_shown() {
    if let Some(e) = document().get_element_by_id(SHOWN_ID) {
        e.remove();
    }
}

/// Keeps the snapshot current: copies the page a moment after the board, the page shown or
/// the filter last changed (and so once after the first paint), and when the page is hidden.
pub fn keep(state: AppState, flow: FlowUi) {
    let generation = StoredValue::new(0u32);
    Effect::watch(
        move || {
            state.view.cards.track();
            flow.view.track();
            state.filter.track();
            state.ui.read_only.track();
        },
        move |_, _, _| {
            let g = generation.get_value().wrapping_add(1);
            generation.set_value(g);
            set_timeout(
                move || {
                    if generation.try_get_value() == Some(g) {
                        take(state, flow);
                    }
                },
                std::time::Duration::from_millis(SETTLE_MS),
            );
        },
        true,
    );
    let hide = window_event_listener_untyped("pagehide", move |_| take(state, flow));
    on_cleanup(move || hide.remove());
}

/// Copies the page now, if it shows the board as any visit would open it: the board page,
/// saved, no filter, no dialog open, not presenting, nothing being dragged.
pub fn take(state: AppState, flow: FlowUi) {
    let Some(read_only) = state.ui.read_only.try_get_untracked() else { return }; // the app is gone
    if !state.persists() || state.save_is_pending() || state.sync.unsaved.get_untracked().is_some() {
        return;
    }
    let settled = flow.view.get_untracked() == View::Board
        && !read_only
        && !state.filter.with_untracked(|f| f.is_active())
        && state.ui.dragging.with_untracked(Option::is_none);
    let doc = document();
    if !settled || doc.query_selector("dialog[open]").ok().flatten().is_some() {
        return;
    }
    // What is stored must be what this tab last wrote or read (no other writer since): the
    // snapshot is tied to that write.
    let synced = state.last_synced().filter(|(rev, len)| {
        storage::read_rev().unwrap_or_default() == *rev && storage::stored_len() == *len
    });
    let Some((rev, len)) = synced else { return storage::clear_snapshot() };
    match crate::timing::measured("snapshot:take", || markup(&doc)) {
        Some(html) => {
            let text = serde_json::json!({
                "v": VERSION,
                "rev": rev,
                "active": storage::load_active().unwrap_or_default(),
                "len": len,
                "html": html,
            });
            storage::save_snapshot(&text.to_string());
        }
        None => storage::clear_snapshot(),
    }
}

/// Attributes a snapshot goes without: ids (only the app's own elements may have them),
/// data attributes (what tests and the app look cards up by), what makes an element
/// focusable or draggable, and what only assistive technology reads (the snapshot is hidden
/// from it). `aria-current` stays: the page tabs are styled by it.
fn unneeded(attribute: &str) -> bool {
    matches!(attribute, "id" | "tabindex" | "draggable" | "title" | "role")
        || attribute.starts_with("data-")
        || (attribute.starts_with("aria-") && attribute != "aria-current")
}

/// The page's markup as a snapshot shows it (see [`strip`]); `None` when the page is too big.
fn markup(doc: &web_sys::Document) -> Option<String> {
    let app = doc.query_selector(".app").ok()??;
    if app.get_elements_by_tag_name("*").length() > MAX_ELEMENTS {
        return None;
    }
    let html = strip(&app.outer_html());
    (html.len() <= MAX_CHARS).then_some(html)
}

/// Serialized markup without its dialogs and without the [`unneeded`] attributes; `style`
/// becomes `data-style`.
///
/// Reads the HTML serialization browsers write (`outerHTML`): text never holds a raw `<`,
/// attribute values are double-quoted and never hold a raw `"`, and a dialog holds no
/// dialog. Anything else (a comment, an end tag) is copied as it is.
pub fn strip(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(rest.len(), |e| e + 7);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with("<dialog") && tag[7..].starts_with([' ', '>', '/']) {
            rest = rest.find("</dialog>").map_or("", |e| &rest[e + 9..]);
            continue;
        }
        if tag.starts_with("</") {
            out.push_str(tag);
        } else {
            start_tag(tag, &mut out);
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s` (through its `>`, quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quoted = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Writes start tag `tag` (`<name attr="v" flag ...>`) without its [`unneeded`] attributes.
fn start_tag(tag: &str, out: &mut String) {
    let inner = tag.strip_prefix('<').unwrap_or(tag);
    let inner = inner.strip_suffix('>').unwrap_or(inner);
    let (inner, closing) = match inner.strip_suffix('/') {
        Some(i) => (i, "/>"),
        None => (inner, ">"),
    };
    let name_end = inner.find(|c: char| c.is_ascii_whitespace()).unwrap_or(inner.len());
    out.push('<');
    out.push_str(&inner[..name_end]);
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let name_len = rest.find(|c: char| c == '=' || c.is_ascii_whitespace()).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let mut len = name_len;
        if rest[name_len..].starts_with("=\"") {
            len = rest[name_len + 2..].find('"').map_or(rest.len(), |q| name_len + 3 + q);
        }
        if name == "style" {
            // Inline style attributes are refused by the page's Content-Security-Policy when
            // markup is parsed; `pwa/snapshot.js` sets these through the CSSOM instead.
            out.push_str(" data-style");
            out.push_str(&rest[name_len..len]);
        } else if !unneeded(name) {
            out.push(' ');
            out.push_str(&rest[..len]);
        }
        rest = rest[len..].trim_start();
    }
    out.push_str(closing);
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::strip;

    #[wasm_bindgen_test]
    fn strip_keeps_classes_text_and_structure_and_drops_the_rest() {
        let html = r#"<div class="app"><article class="card type-data" tabindex="0" draggable="true" data-card-id="c-1" aria-label="Fit &quot;x&quot; > y" aria-describedby="age-c-1 card-keys-hint"><p class="card-title">a &lt;b&gt; "c" id="d"</p><button type="button" title="Block (B)" aria-keyshortcuts="B" aria-current="page" disabled="">Block</button><input value="x y" hidden=""/></article><div class="board" style="--ncols: 9;"></div></div>"#;
        assert_eq!(
            strip(html),
            r#"<div class="app"><article class="card type-data"><p class="card-title">a &lt;b&gt; "c" id="d"</p><button type="button" aria-current="page" disabled="">Block</button><input value="x y" hidden=""/></article><div class="board" data-style="--ncols: 9;"></div></div>"#
        );
    }

    #[wasm_bindgen_test]
    fn strip_drops_dialogs_and_keeps_comments() {
        let html = r#"<main id="m"><!-- <b id="x"> --><dialog class="d" open=""><p id="q">in</p></dialog><dialogue id="z">kept</dialogue><p>after</p></main>"#;
        assert_eq!(strip(html), r#"<main><!-- <b id="x"> --><dialogue>kept</dialogue><p>after</p></main>"#);
    }

    #[wasm_bindgen_test]
    fn strip_survives_cut_off_markup() {
        for html in ["<div class=\"a", "<dialog><p>", "<!-- open", "<p data-x=\"1\" ", "text only", ""] {
            let _ = strip(html);
        }
        assert_eq!(strip("<p id=\"a\">x</p>"), "<p>x</p>");
    }
}
