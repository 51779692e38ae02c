//! The card lists of the cells, kept in the page by hand.
//!
//! Key design decision: a cell's `<ul>` is written once as markup when the cell
//! mounts; from then on the state says what to change ([`Op`]s, a keyed diff across
//! cells computed from what was painted, `state::paint`) and the painter registered
//! here only applies it, never reading the lists back. A card that moves keeps its
//! node, which is moved with `moveBefore` (the node keeps keyboard focus: no blur,
//! removal or re-parse; `insertBefore` and a refocus where the browser lacks it); a
//! card whose face changed gets its markup rewritten in place; cards gone are
//! removed. So a move is one element lookup and one DOM call, as in a plain
//! JavaScript board, and the focused card stays focused. Painting is synchronous:
//! the DOM is up to date when the key or drop handler returns.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::age::Ages;
use super::card::card_markup;
use crate::markup::escape;
use crate::state::{now, Op, Paint, Shown};

#[wasm_bindgen]
extern "C" {
    /// An element, for `moveBefore` (not in web-sys yet).
    #[wasm_bindgen(extends = web_sys::Element)]
    type Movable;
    /// `Element.moveBefore` (Chromium 133+): moves a node without removing it, so it
    /// keeps focus and state. Throws where it cannot move.
    #[wasm_bindgen(method, catch, js_name = moveBefore)]
    fn move_before(this: &Movable, node: &web_sys::Node, child: Option<&web_sys::Node>) -> Result<(), JsValue>;
}

/// The markup of what a cell shows, for its first paint.
/// `keys`: the element ids of the items.
pub fn list_markup(shown: &[Shown], keys: &[String], ages: Option<Ages>) -> String {
    let at = now();
    let mut o = String::with_capacity(shown.len() * 700);
    for (s, key) in shown.iter().zip(keys) {
        let content = match s {
            Shown::Card(e) => card_markup(&e.card, at, ages.and_then(|a| a.get(&e.card.id)).as_ref()),
            Shown::More { .. } => more_button(s),
        };
        o.push_str(&format!(r#"<li class="{}" id="{}">{content}</li>"#, item_class(s), escape(key)));
    }
    o
}

/// The class of an item's `<li>`.
fn item_class(s: &Shown) -> &'static str {
    match s {
        Shown::Card(_) => "card-slot",
        Shown::More { .. } => "more-cards",
    }
}

/// The button of a run of hidden cards; it names the first card it shows.
fn more_button(s: &Shown) -> String {
    let Shown::More { hidden, first_id, .. } = s else { return String::new() };
    format!(
        r#"<button type="button" class="add-card" data-testid="more-cards" data-more="{}">Show {hidden} more {}</button>"#,
        escape(first_id),
        if *hidden == 1 { "card" } else { "cards" }
    )
}

/// The painter of the board's cells: applies the state's [`Op`]s, in order.
pub fn painter() -> Paint {
    let ages = use_context::<Ages>();
    std::sync::Arc::new(move |ops: &[Op]| {
        let doc = document();
        // Items written in this batch and not yet in the page (no element id lookup finds them).
        let mut fresh: HashMap<&str, web_sys::Element> = HashMap::new();
        for op in ops {
            match op {
                Op::Write { key, item } => match doc.get_element_by_id(key) {
                    Some(li) => write_item(&doc, &li, item, ages),
                    None => {
                        if let Ok(li) = doc.create_element("li") {
                            li.set_id(key);
                            li.set_class_name(item_class(item));
                            write_item(&doc, &li, item, ages);
                            fresh.insert(key, li);
                        }
                    }
                },
                Op::Move { list, key, before } => {
                    let find = |k: &str| fresh.get(k).cloned().or_else(|| doc.get_element_by_id(k));
                    if let (Some(ul), Some(node)) = (doc.get_element_by_id(list), find(key)) {
                        move_node(&doc, &ul, &node, before.as_deref().and_then(find).as_ref());
                    }
                }
                Op::Remove { key } => {
                    if let Some(node) = doc.get_element_by_id(key) {
                        node.remove();
                    }
                }
            }
        }
    })
}

/// Writes the content of item `li`, keeping the focus on a card whose face is rewritten.
fn write_item(doc: &web_sys::Document, li: &web_sys::Element, item: &Shown, ages: Option<Ages>) {
    match item {
        Shown::Card(e) => {
            let focused = li.is_connected() && li.contains(doc.active_element().as_ref().map(|a| a.unchecked_ref()));
            let age = ages.and_then(|a| a.get(&e.card.id));
            li.set_inner_html(&card_markup(&e.card, now(), age.as_ref()));
            if focused {
                super::focus_card(e.card.id.clone());
            }
        }
        Shown::More { .. } => li.set_inner_html(&more_button(item)),
    }
}

/// Moves `node` into `ul` before `before` (last: `None`), keeping its focus.
fn move_node(doc: &web_sys::Document, ul: &web_sys::Element, node: &web_sys::Element, before: Option<&web_sys::Element>) {
    let before: Option<&web_sys::Node> = before.map(|b| b.unchecked_ref());
    // moveBefore moves a node already in the page; a new node is simply inserted.
    if node.is_connected() && has_move_before(ul) && ul.unchecked_ref::<Movable>().move_before(node, before).is_ok() {
        return;
    }
    let focused = node.is_connected() && node.contains(doc.active_element().as_ref().map(|a| a.unchecked_ref()));
    let _ = ul.insert_before(node, before);
    if focused {
        if let Some(id) = node.first_element_child().and_then(|a| a.get_attribute("data-card-id")) {
            super::focus_card(id);
        }
    }
}

fn has_move_before(el: &web_sys::Element) -> bool {
    thread_local! {
        static HAS: std::cell::OnceCell<bool> = const { std::cell::OnceCell::new() };
    }
    HAS.with(|h| *h.get_or_init(|| js_sys::Reflect::has(el, &"moveBefore".into()).unwrap_or(false)))
}
