//! Files in and out of the browser: downloads and picked or dropped files.
//!
//! Key design decision: a download is a `Blob` behind an object URL clicked
//! through a temporary `<a download>` (no server, no network); a file to import
//! is measured by `File.size` against `format::MAX_IMPORT_BYTES` before a single
//! byte is read, so a huge file costs neither memory nor time.

use board_core::format::{ImportError, MAX_IMPORT_BYTES};
use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Today's date in the browser's time zone, for file names.
pub fn today() -> NaiveDate {
    crate::state::now().with_timezone(&chrono::Local).date_naive()
}

/// Offers `text` as a download called `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |_: JsValue| format!("the browser could not prepare the download of {name}");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement =
        document().create_element("a").map_err(fail)?.dyn_into().map_err(|_| fail(JsValue::NULL))?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = document().body().ok_or_else(|| fail(JsValue::NULL))?;
    body.append_child(&a).map_err(fail)?;
    a.click();
    a.remove();
    // The download has started by then; the URL only holds the blob in memory.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(30));
    Ok(())
}

/// Refuses a file larger than the import limit, by its size alone.
pub fn too_large(file: &web_sys::File) -> Option<ImportError> {
    let bytes = file.size();
    (bytes > MAX_IMPORT_BYTES as f64).then_some(ImportError::TooLarge { bytes: bytes as usize, max: MAX_IMPORT_BYTES })
}

/// The text of a file (call [`too_large`] first).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let v = JsFuture::from(file.text()).await.map_err(|_| "the file could not be read".to_owned())?;
    v.as_string().ok_or_else(|| "the file could not be read as text".to_owned())
}
