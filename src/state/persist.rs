//! Saving that never loses a board: a full storage, a second tab, an import.
//!
//! Key design decision: this tab remembers the token of the last write it
//! made or saw (`storage::REV_KEY`, a few bytes written after every write of
//! the boards) and the stored text of that write (the base, parsed only when a
//! merge needs it). Before every save it reads the token, not the boards; if
//! another tab wrote in between, it reads their boards and first reconciles
//! three ways (`board_core::format::merge`): boards only the other
//! tab changed are adopted, boards only this tab changed are kept, and a board
//! both changed is kept twice, and the user is told. A `storage` event from
//! another tab goes through the same reconcile. A failed write leaves the
//! boards in memory, marks them unsaved and is retried on the next change and
//! on a timer.

use board_core::format::merge::{reconcile, same_board};
use board_core::{format, Board};
use leptos::prelude::*;

use super::{now, AppState};
use crate::storage::{self, Loaded};

/// The boards as this tab last read or wrote them: kept as the stored text
/// when that is at hand (no copy of every board on each save), parsed on demand.
#[derive(Clone, Debug)]
enum Base {
    Boards(Vec<Board>),
    Text(String),
}

impl Base {
    fn boards(&self) -> Vec<Board> {
        match self {
            Base::Boards(b) => b.clone(),
            Base::Text(t) => match storage::parse(t) {
                Loaded::Boards(b) => b,
                _ => Vec::new(),
            },
        }
    }
}

/// What the save machinery knows beyond the boards.
#[derive(Clone, Copy)]
pub struct Sync {
    base: StoredValue<Base>,
    /// The fingerprint of the last stored text this tab read (and so has taken in).
    seen: StoredValue<Option<u64>>,
    /// The write token (`storage::REV_KEY`) this tab last wrote or took in.
    rev: StoredValue<Option<String>>,
    /// Why the boards are not saved right now (e.g. storage full); `None` when saved.
    pub unsaved: RwSignal<Option<String>>,
    /// Stored data could not be read and is protected (never overwritten).
    pub unreadable: RwSignal<bool>,
}

impl Sync {
    pub(super) fn new() -> Self {
        Self {
            base: StoredValue::new(Base::Boards(Vec::new())),
            seen: StoredValue::new(None),
            rev: StoredValue::new(None),
            unsaved: RwSignal::new(None),
            unreadable: RwSignal::new(false),
        }
    }
}

/// What to do with an imported board whose id is already on a board here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnClash {
    /// The imported board takes the place of the one here.
    Replace,
    /// The imported board is added under a fresh id.
    KeepBoth,
}

fn unreadable_banner(why: &str) -> String {
    format!(
        "Your saved boards could not be read ({why}). They are kept untouched in this browser's storage \
         (key \"{}\"). This session starts from a fresh board and its changes are not saved.",
        storage::BOARDS_KEY
    )
}

impl AppState {
    /// State from localStorage: the stored boards, or a fresh ML pipeline board
    /// on a first visit, or (stored data unreadable) a fresh board in memory
    /// only, with a banner, leaving the stored data untouched.
    pub fn from_storage() -> Self {
        match storage::load_with_text() {
            (Loaded::Boards(b), text) => {
                let s = Self::new(b, storage::load_active(), true);
                s.sync.seen.set_value(text.as_deref().map(storage::fingerprint));
                s.sync.rev.set_value(storage::read_rev());
                s.sync.base.set_value(Base::Text(text.unwrap_or_default()));
                s
            }
            (Loaded::Empty, _) => {
                let s = Self::new(Vec::new(), None, true);
                s.save();
                s
            }
            (Loaded::Unreadable(why), _) => {
                let s = Self::new(Vec::new(), None, false);
                s.banner.set(Some(unreadable_banner(&why)));
                s.sync.unreadable.set(true);
                s
            }
        }
    }

    /// The write token (empty if none) and the length in UTF-16 units of the stored boards
    /// text as this tab last wrote or read it, when it holds that text.
    pub fn last_synced(&self) -> Option<(String, u32)> {
        let rev = self.sync.rev.get_value().unwrap_or_default();
        self.sync.base.with_value(|b| match b {
            Base::Text(t) => Some((rev, t.encode_utf16().count() as u32)),
            Base::Boards(_) => None,
        })
    }

    pub fn persists(&self) -> bool {
        self.persist.get_value()
    }

    /// Stops saving because the stored data cannot be read.
    fn protect(&self, why: &str) {
        self.persist.set_value(false);
        self.sync.unsaved.set(None);
        self.sync.unreadable.set(true);
        self.banner.set(Some(unreadable_banner(why)));
    }

    /// Saves every board and the active board id, unless stored data is
    /// protected; first takes in what another tab stored meanwhile.
    pub fn save(&self) {
        if !self.persist.get_value() {
            return;
        }
        // Another tab wrote since this one last wrote or read, or an app from before
        // the token did (no token): then look at what is stored.
        let rev = storage::read_rev();
        let current = if rev.is_some() && rev == self.sync.rev.get_value() {
            None
        } else {
            match storage::read_text() {
                Ok(t) => t,
                Err(e) => {
                    self.sync.unsaved.set(Some(e));
                    return;
                }
            }
        };
        if let Some(cur) = current {
            let fp = storage::fingerprint(&cur);
            self.sync.rev.set_value(rev);
            if self.sync.seen.get_value() != Some(fp) {
                match storage::parse(&cur) {
                    Loaded::Boards(theirs) => {
                        if !self.merge_in(theirs, fp) && self.sync.unsaved.get_untracked().is_none() {
                            storage::save_active(&self.active.get_untracked());
                            return;
                        }
                    }
                    Loaded::Unreadable(why) => {
                        self.protect(&why);
                        return;
                    }
                    Loaded::Empty => {}
                }
            }
        }
        let text = self.boards.with_untracked(|bs| format::to_compact_string(bs, now()));
        match storage::save_text(&text) {
            Ok(rev) => {
                self.sync.rev.set_value(Some(rev));
                self.sync.base.set_value(Base::Text(text));
                if self.sync.unsaved.get_untracked().is_some() {
                    self.sync.unsaved.set(None);
                    self.announce.set("Saved again: your boards are stored in this browser.".into());
                }
            }
            Err(e) => {
                if self.sync.unsaved.get_untracked().as_deref() != Some(e.to_string().as_str()) {
                    self.sync.unsaved.set(Some(e.to_string()));
                }
            }
        }
        storage::save_active(&self.active.get_untracked());
    }

    /// Another tab stored `text` under the boards key (a `storage` event).
    pub fn stored_elsewhere(&self, text: Option<String>) {
        if !self.persist.get_value() {
            return;
        }
        let Some(text) = text else { return };
        let fp = storage::fingerprint(&text);
        if self.sync.seen.get_value() == Some(fp) {
            return;
        }
        // Their token (if already written) is taken in with their boards.
        self.sync.rev.set_value(storage::read_rev());
        match storage::parse(&text) {
            Loaded::Boards(theirs) => {
                if self.merge_in(theirs, fp) || self.sync.unsaved.get_untracked().is_some() {
                    self.save();
                }
            }
            // Written by a newer app, or damaged: the next save protects it.
            _ => self.save(),
        }
    }

    /// Reconciles this tab's boards with `theirs` (stored with fingerprint
    /// `fp`); returns whether the result differs from `theirs` (and so needs saving).
    fn merge_in(&self, theirs: Vec<Board>, fp: u64) -> bool {
        let base = self.sync.base.with_value(Base::boards);
        let m = self.boards.with_untracked(|ours| reconcile(&base, ours, &theirs));
        let differs = m.boards.len() != theirs.len()
            || m.boards.iter().zip(&theirs).any(|(a, b)| a.id != b.id || !same_board(a, b));
        self.histories.update_value(|h| {
            for id in &m.replaced {
                h.remove(id);
            }
        });
        self.history_tick.update(|t| *t += 1);
        let active = self.active.get_untracked();
        let first = m.boards.first().map(|b| b.id.clone());
        let keeps_active = m.boards.iter().any(|b| b.id == active);
        // Where this tab's own version of the shown board went, if it was in conflict.
        let own_copy = m.conflicts.iter().find(|c| c.id == active).and_then(|c| c.copy_id.clone());
        self.boards.set(m.boards);
        self.touch(super::Dirty::All);
        if let Some(copy) = own_copy {
            self.switch(&copy);
        } else if !keeps_active {
            if let Some(f) = first {
                self.switch(&f);
            }
        }
        self.sync.base.set_value(Base::Boards(theirs));
        self.sync.seen.set_value(Some(fp));
        if !m.conflicts.is_empty() {
            let list = m
                .conflicts
                .iter()
                .map(|c| match &c.copy_name {
                    Some(copy) => {
                        format!("\u{201c}{}\u{201d} (this tab's version is kept as \u{201c}{copy}\u{201d})", c.name)
                    }
                    None => format!("\u{201c}{}\u{201d} (kept: one tab deleted it, the other changed it)", c.name),
                })
                .collect::<Vec<_>>()
                .join(", ");
            self.error.set(Some(format!(
                "Another tab changed the same boards as this tab: {list}. Both versions are kept; nothing was lost."
            )));
        } else if !m.replaced.is_empty() {
            self.announce.set("Updated with changes made in another tab.".into());
        }
        differs
    }

    /// Moves unreadable stored data to a backup key, then starts saving this
    /// session's boards. The data is never removed.
    pub fn start_fresh(&self) -> Result<String, String> {
        let stamp = now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
        let key = storage::back_up_unreadable(&stamp)?;
        self.persist.set_value(true);
        self.sync.seen.set_value(None);
        self.sync.unreadable.set(false);
        self.banner.set(None);
        // The backup is checked; the old text may now be replaced.
        let text = self.boards.with_untracked(|bs| format::to_compact_string(bs, now()));
        match storage::save_text(&text) {
            Ok(rev) => {
                self.sync.rev.set_value(Some(rev));
                self.sync.base.set_value(Base::Text(text));
            }
            Err(e) => self.sync.unsaved.set(Some(e.to_string())),
        }
        storage::save_active(&self.active.get_untracked());
        Ok(key)
    }

    /// Names of the boards in `boards` whose ids are already here.
    pub fn clashes(&self, boards: &[Board]) -> Vec<String> {
        self.boards.with_untracked(|bs| {
            boards.iter().filter(|b| bs.iter().any(|h| h.id == b.id)).map(|b| b.name.clone()).collect()
        })
    }

    /// Adds imported boards, shows the first and saves; returns how many were added.
    pub fn add_imported(&self, boards: Vec<Board>, on_clash: OnClash) -> usize {
        let n = boards.len();
        let mut first = None;
        for mut b in boards {
            let at = self.boards.with_untracked(|bs| bs.iter().position(|h| h.id == b.id));
            match (at, on_clash) {
                (Some(i), OnClash::Replace) => {
                    self.histories.update_value(|h| {
                        h.remove(&b.id);
                    });
                    self.boards.update_untracked(|bs| bs[i] = b.clone());
                }
                (Some(_), OnClash::KeepBoth) => {
                    let id = self.boards.with_untracked(|bs| {
                        let ids: Vec<&str> = bs.iter().map(|h| h.id.as_str()).collect();
                        format::fresh_board_id(&ids, &b.id)
                    });
                    b.id = id;
                    b.name = format!("{} (imported)", b.name);
                    self.boards.update_untracked(|bs| bs.push(b.clone()));
                }
                (None, _) => self.boards.update_untracked(|bs| bs.push(b.clone())),
            }
            first.get_or_insert(b.id);
        }
        self.boards.notify();
        self.history_tick.update(|t| *t += 1);
        if let Some(id) = first {
            self.switch(&id);
        }
        self.save();
        self.announce.set(if n == 1 { "Imported 1 board.".into() } else { format!("Imported {n} boards.") });
        n
    }
}
