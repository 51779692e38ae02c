//! The one module that touches localStorage.
//!
//! Key design decision: the stored value is the core's compact stored form
//! (`board_core::format::to_compact_string`, a 10,000-card board in about a
//! sixth of its board file), which decodes into the board file's structs and
//! passes the importer's checks, so storage can never drift from the public
//! format; `format::read_stored` also reads the board file that earlier
//! versions stored, so an upgrade loses nothing. Data
//! that cannot be read is never overwritten: [`load`] reports it and the app
//! stops saving until the user decides; "start fresh" first copies it to a
//! backup key ([`back_up_unreadable`]). Writes report a full storage apart
//! ([`SaveError::Full`]) so the app can keep the boards in memory and retry.
//! It talks to `web_sys::Storage` directly (not gloo's `LocalStorage::raw`,
//! which panics where storage is disabled, nor gloo's typed `set`, which hides
//! the DOMException that tells a full storage apart) because the value is
//! already a string in the file format.

use std::hash::{DefaultHasher, Hash, Hasher};

use board_core::{format, Board, Instant};

/// Where the boards live.
pub const BOARDS_KEY: &str = "ml-kanban.boards";
/// The id of the board shown last.
pub const ACTIVE_KEY: &str = "ml-kanban.active";
/// A short token that changes with every write of [`BOARDS_KEY`]: a tab reads it (not the
/// boards) before saving to learn whether another tab wrote since.
pub const REV_KEY: &str = "ml-kanban.rev";
/// The board as last drawn, for the first paint of the next visit (`crate::snapshot`); it is
/// given up whenever the boards need its room.
pub const SNAPSHOT_KEY: &str = "ml-kanban.snapshot";
/// Unreadable data moved aside by "start fresh" goes under this prefix and a time stamp.
pub const BACKUP_PREFIX: &str = "ml-kanban.unreadable.";

/// What [`load`] found under [`BOARDS_KEY`].
#[derive(Debug)]
pub enum Loaded {
    /// Nothing stored yet: a first visit.
    Empty,
    Boards(Vec<Board>),
    /// Something is stored but it is not a readable board file; the message says why.
    Unreadable(String),
}

/// Why a write failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The browser's storage quota is used up.
    Full,
    /// Storage is disabled or refused for another reason.
    Other(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Full => f.write_str("this browser's storage for the app is full"),
            Self::Other(m) => f.write_str(m),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A fingerprint of a stored text: two tabs compare it to see whether the
/// other wrote since they last read.
pub fn fingerprint(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The stored text under [`BOARDS_KEY`], as is.
pub fn read_text() -> Result<Option<String>, String> {
    let s = storage().ok_or("this browser does not allow local storage")?;
    s.get_item(BOARDS_KEY).map_err(|_| "local storage could not be read".to_owned())
}

/// Reads a stored text as boards.
pub fn parse(text: &str) -> Loaded {
    match format::read_stored(text) {
        Ok(boards) if !boards.is_empty() => Loaded::Boards(boards),
        Ok(_) => Loaded::Unreadable("the stored file holds no board".into()),
        Err(e) => Loaded::Unreadable(e.to_string()),
    }
}

/// Reads the stored boards.
pub fn load() -> Loaded {
    load_with_text().0
}

/// Reads the stored boards, with the text they were read from.
pub fn load_with_text() -> (Loaded, Option<String>) {
    match read_text() {
        Ok(None) => (Loaded::Empty, None),
        Ok(Some(text)) => (parse(&text), Some(text)),
        Err(e) => (Loaded::Unreadable(e), None),
    }
}

/// Stores all boards, replacing what was there.
pub fn save(boards: &[Board], now: Instant) -> Result<(), String> {
    save_text(&format::to_compact_string(boards, now)).map(drop).map_err(|e| e.to_string())
}

/// The token of the last write under [`BOARDS_KEY`]; `None` when there is none
/// (nothing stored, or stored by an app from before the token).
pub fn read_rev() -> Option<String> {
    storage()?.get_item(REV_KEY).ok().flatten()
}

/// A fresh write token: this tab's random id and a counter.
fn next_rev() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    static TAB: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let tab = TAB.get_or_init(|| (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64);
    format!("{tab:x}.{:x}", COUNT.fetch_add(1, Ordering::Relaxed))
}

/// Stores a board file text under [`BOARDS_KEY`] and a new token under
/// [`REV_KEY`]; returns the token.
pub fn save_text(text: &str) -> Result<String, SaveError> {
    let s = storage().ok_or_else(|| SaveError::Other("this browser does not allow local storage".into()))?;
    let write = || {
        s.set_item(BOARDS_KEY, text).map_err(|e| {
            let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                SaveError::Full
            } else {
                SaveError::Other("the browser refused to store the boards".into())
            }
        })
    };
    match write() {
        // The boards come first: the snapshot gives up its room, and the write is tried again.
        Err(SaveError::Full) if matches!(s.get_item(SNAPSHOT_KEY), Ok(Some(_))) => {
            let _ = s.remove_item(SNAPSHOT_KEY);
            write()?
        }
        r => r?,
    }
    let rev = next_rev();
    if s.set_item(REV_KEY, &rev).is_err() {
        // Without a current token, other tabs compare the boards themselves.
        let _ = s.remove_item(REV_KEY);
    }
    Ok(rev)
}

/// Copies the (unreadable) text under [`BOARDS_KEY`] to a new backup key and
/// checks the copy; returns the key. Nothing is removed.
pub fn back_up_unreadable(stamp: &str) -> Result<String, String> {
    let s = storage().ok_or("this browser does not allow local storage")?;
    let Some(text) = read_text()? else { return Err("there is no stored data to back up".into()) };
    let key = format!("{BACKUP_PREFIX}{stamp}");
    s.set_item(&key, &text).map_err(|_| "the browser refused to store the backup (storage full?)".to_owned())?;
    match s.get_item(&key) {
        Ok(Some(copy)) if copy == text => Ok(key),
        _ => Err("the backup could not be checked".into()),
    }
}

/// Stores the snapshot text (see `crate::snapshot`); a snapshot that does not fit is dropped.
pub fn save_snapshot(text: &str) {
    if let Some(s) = storage() {
        if s.set_item(SNAPSHOT_KEY, text).is_err() {
            let _ = s.remove_item(SNAPSHOT_KEY);
        }
    }
}

/// The length of the stored boards text in UTF-16 units (a JS string's `length`), read
/// without copying it out of the browser; 0 when nothing is stored.
pub fn stored_len() -> u32 {
    use wasm_bindgen::JsCast;
    storage()
        .and_then(|s| js_sys::Reflect::get(&s, &BOARDS_KEY.into()).ok())
        .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
        .map_or(0, |t| t.length())
}

/// Forgets the snapshot (the board is too big for one, or not in a state to take one of).
pub fn clear_snapshot() {
    if let Some(s) = storage() {
        let _ = s.remove_item(SNAPSHOT_KEY);
    }
}

/// The id of the board shown last, if any.
pub fn load_active() -> Option<String> {
    storage()?.get_item(ACTIVE_KEY).ok().flatten()
}

/// Remembers which board is shown.
pub fn save_active(id: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(ACTIVE_KEY, id);
    }
}
