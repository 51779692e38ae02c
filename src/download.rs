//! Files the user downloads (metrics report, CSV, chart SVGs), made in the browser.
//!
//! Key design decision: a download is a `Blob` behind a short-lived object URL clicked through
//! a detached `<a download>`, so nothing is sent anywhere and no file API permission is needed.

use wasm_bindgen::JsCast;

/// Offers `text` as a file named `name` of type `mime`. Returns false when the browser refused.
pub fn text(name: &str, mime: &str, text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let ok = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        })
        .is_some();
    // Revoked on the next turn: the click has started the download by then.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000);
    }
    ok
}

/// Offers the SVG element with id `id` as a standalone `.svg` file.
pub fn svg_by_id(id: &str, name: &str) -> bool {
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    text(name, "image/svg+xml", &standalone_svg(&el.outer_html()))
}

/// An inline SVG's markup as a file: the XML declaration and the SVG namespace it needs.
pub fn standalone_svg(markup: &str) -> String {
    let body = if markup.contains("xmlns=\"http://www.w3.org/2000/svg\"") {
        markup.to_string()
    } else {
        markup.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
    };
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n")
}

/// One CSV field: quoted when it holds a comma, quote or line break (quotes doubled).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn standalone_svg_gains_the_namespace_once() {
        let s = standalone_svg("<svg id=\"x\"><rect></rect></svg>");
        assert!(s.starts_with("<?xml"));
        assert_eq!(s.matches("xmlns=").count(), 1);
        assert_eq!(standalone_svg(&s[s.find("<svg").unwrap()..]).matches("xmlns=").count(), 1);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn csv_fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
