//! The one module that touches localStorage.
//!
//! Key design decision: the stored value is the board file format itself
//! (`board_core::format::to_storage_string`), read back with the same importer
//! as a user's file, so storage can never drift from the public format. Data
//! that cannot be read is never overwritten: [`load`] reports it and the app
//! stops saving until the user decides. It talks to `web_sys::Storage`
//! directly (not gloo's `LocalStorage::raw`, which panics where storage is
//! disabled) because the value is already a string in the file format.

use board_core::{format, Board, Instant};

/// Where the boards live.
pub const BOARDS_KEY: &str = "ml-kanban.boards";
/// The id of the board shown last.
pub const ACTIVE_KEY: &str = "ml-kanban.active";

/// What [`load`] found under [`BOARDS_KEY`].
#[derive(Debug)]
pub enum Loaded {
    /// Nothing stored yet: a first visit.
    Empty,
    Boards(Vec<Board>),
    /// Something is stored but it is not a readable board file; the message says why.
    Unreadable(String),
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads the stored boards.
pub fn load() -> Loaded {
    let Some(s) = storage() else {
        return Loaded::Unreadable("this browser does not allow local storage".into());
    };
    match s.get_item(BOARDS_KEY) {
        Ok(None) => Loaded::Empty,
        Ok(Some(text)) => match format::import_str(&text) {
            Ok(boards) if !boards.is_empty() => Loaded::Boards(boards),
            Ok(_) => Loaded::Unreadable("the stored file holds no board".into()),
            Err(e) => Loaded::Unreadable(e.to_string()),
        },
        Err(_) => Loaded::Unreadable("local storage could not be read".into()),
    }
}

/// Stores all boards, replacing what was there.
pub fn save(boards: &[Board], now: Instant) -> Result<(), String> {
    let text = format::to_storage_string(boards, now);
    let s = storage().ok_or("this browser does not allow local storage")?;
    s.set_item(BOARDS_KEY, &text)
        .map_err(|_| "the browser refused to store the boards (storage full?)".to_owned())
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
