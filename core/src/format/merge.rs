//! Reconciling the boards of two browser tabs that share one storage.
//!
//! Key design decision: a three-way comparison per board id, with the boards
//! this tab last read or wrote as the base, and boards compared by their file
//! form (not `==`), so a board that only went through a save and a load (which
//! rounds times to the millisecond) counts as unchanged. A board changed on
//! one side only takes that side; a board changed on both sides differently is
//! a conflict and both versions are kept: the other tab's under its id, this
//! tab's as a copy under a fresh id. Nothing is ever dropped that one side
//! changed; merging the contents of one board is out of scope.

use std::collections::HashMap;

use crate::model::{Board, Instant};

use super::{fresh_board_id, v1};

/// What [`reconcile`] decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The boards to keep: the other tab's order, then boards new in this tab.
    pub boards: Vec<Board>,
    /// Ids of boards whose content now differs from this tab's (taken from the
    /// other tab): their undo histories no longer apply.
    pub replaced: Vec<String>,
    /// Boards both tabs changed, for telling the user.
    pub conflicts: Vec<Conflict>,
}

/// A board both tabs changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The board's id (the other tab's version keeps it).
    pub id: String,
    /// The board's name in the other tab's version (or this tab's, if the other deleted it).
    pub name: String,
    /// Where this tab's version went: the id of its copy, or `None` when only
    /// one version survived the other's deletion and it is kept as it was.
    pub copy_id: Option<String>,
    /// The name of this tab's copy, if one was made.
    pub copy_name: Option<String>,
}

/// A board in its file form, for comparing content.
fn fingerprint(b: &Board) -> String {
    let file = v1::from_domain(std::slice::from_ref(b), Instant::UNIX_EPOCH);
    serde_json::to_string(&file.boards).expect("a board always serializes")
}

/// Whether `a` and `b` hold the same content as far as the file format goes.
pub fn same_board(a: &Board, b: &Board) -> bool {
    fingerprint(a) == fingerprint(b)
}

/// Merges `ours` (this tab, changed since it last synced at `base`) with
/// `theirs` (what another tab has since stored).
pub fn reconcile(base: &[Board], ours: &[Board], theirs: &[Board]) -> Merged {
    let base_fp: HashMap<&str, String> = base.iter().map(|b| (b.id.as_str(), fingerprint(b))).collect();
    let ours_by: HashMap<&str, (&Board, String)> = ours.iter().map(|b| (b.id.as_str(), (b, fingerprint(b)))).collect();
    let theirs_ids: Vec<&str> = theirs.iter().map(|b| b.id.as_str()).collect();
    let mut taken: Vec<String> = ours.iter().chain(theirs).map(|b| b.id.clone()).collect();
    let mut out = Merged { boards: Vec::new(), replaced: Vec::new(), conflicts: Vec::new() };

    for t in theirs {
        let id = t.id.as_str();
        let t_fp = fingerprint(t);
        let in_base = base_fp.get(id);
        let theirs_changed = in_base != Some(&t_fp);
        match ours_by.get(id) {
            None => {
                if in_base.is_some() && !theirs_changed {
                    continue; // deleted here, untouched there: the deletion stands
                }
                if in_base.is_some() {
                    out.conflicts.push(Conflict {
                        id: t.id.clone(),
                        name: t.name.clone(),
                        copy_id: None,
                        copy_name: None,
                    });
                }
                out.boards.push(t.clone());
            }
            Some((o, o_fp)) => {
                let ours_changed = in_base != Some(o_fp);
                if *o_fp == t_fp {
                    out.boards.push((*o).clone());
                } else if !ours_changed {
                    out.boards.push(t.clone());
                    out.replaced.push(t.id.clone());
                } else if !theirs_changed {
                    out.boards.push((*o).clone());
                } else {
                    let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
                    let copy_id = fresh_board_id(&refs, id);
                    taken.push(copy_id.clone());
                    let mut copy = (*o).clone();
                    copy.id = copy_id.clone();
                    copy.name = format!("{} (this tab's version)", o.name);
                    out.conflicts.push(Conflict {
                        id: t.id.clone(),
                        name: t.name.clone(),
                        copy_id: Some(copy_id),
                        copy_name: Some(copy.name.clone()),
                    });
                    out.boards.push(t.clone());
                    out.boards.push(copy);
                    out.replaced.push(t.id.clone());
                }
            }
        }
    }
    for o in ours {
        if theirs_ids.contains(&o.id.as_str()) {
            continue;
        }
        match base_fp.get(o.id.as_str()) {
            None => out.boards.push(o.clone()),                   // new here
            Some(b_fp) if *b_fp == ours_by[o.id.as_str()].1 => {} // deleted there, untouched here
            Some(_) => {
                out.conflicts.push(Conflict { id: o.id.clone(), name: o.name.clone(), copy_id: None, copy_name: None });
                out.boards.push(o.clone());
            }
        }
    }
    out
}
