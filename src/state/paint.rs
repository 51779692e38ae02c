//! What to change in the page when cells' card lists change: a keyed diff across
//! all the cells painted at once, computed from what was painted, never read back
//! from the DOM.
//!
//! Key design decision: an item (a card, or the "Show n more" button of a run of
//! hidden cards) is keyed by its element id across the whole board, so a card that
//! changes cells is *moved* ([`Op::Move`]), never removed and rebuilt: the page keeps
//! its node (and its focus), and a move costs one DOM call. Each list is walked once
//! with a cursor over its old order; items that left it are skipped (another list
//! takes them, or they are removed once every list is placed).

use std::collections::{HashMap, HashSet};

use super::Shown;

/// One change to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Writes the content of `key` (a new item, or one whose version changed).
    Write { key: String, item: Shown },
    /// Puts item `key` into list `list`, before item `before` (last: `None`).
    Move { list: String, key: String, before: Option<String> },
    /// Removes item `key` from the page.
    Remove { key: String },
}

/// The element id of what a cell shows, after the board view's `prefix`: a card, or the
/// button of the run of hidden cards starting with `first_id` (a card starts at most one run).
pub fn key_of(prefix: &str, s: &Shown) -> String {
    match s {
        Shown::Card(e) => format!("{prefix}slot-{}", e.card.id),
        Shown::More { first_id, .. } => format!("{prefix}more-{first_id}"),
    }
}

/// What an item's content depends on: a card's fingerprint, a run's length.
fn version_of(s: &Shown) -> u64 {
    match s {
        Shown::Card(e) => e.fp,
        Shown::More { hidden, .. } => *hidden as u64,
    }
}

/// What is in the page: each list's items in order, and each item's version.
#[derive(Default)]
pub struct Painted {
    /// Starts every element id of this board view (one page may hold several, e.g. tests).
    prefix: String,
    lists: HashMap<String, Vec<String>>,
    versions: HashMap<String, u64>,
}

impl Painted {
    pub fn new(prefix: String) -> Self {
        Self { prefix, ..Self::default() }
    }

    /// The element id of item `s`.
    pub fn key(&self, s: &Shown) -> String {
        key_of(&self.prefix, s)
    }

    /// The element id of the `n`-th list mounted.
    pub fn list_id(&self, n: u64) -> String {
        format!("{}cards-{n}", self.prefix)
    }

    /// List `list` was written whole, showing `shown`; returns the items' element ids.
    pub fn mounted(&mut self, list: &str, shown: &[Shown]) -> Vec<String> {
        let keys: Vec<String> = shown.iter().map(|s| self.key(s)).collect();
        for (s, k) in shown.iter().zip(&keys) {
            self.versions.insert(k.clone(), version_of(s));
        }
        self.lists.insert(list.to_owned(), keys.clone());
        keys
    }

    pub fn clear(&mut self) {
        self.lists.clear();
        self.versions.clear();
    }

    /// The changes that make each list of `jobs` show its items, in order: applied in
    /// order, every reference (`before`) is to an item already in that list.
    pub fn diff(&mut self, jobs: Vec<(String, Vec<Shown>)>) -> Vec<Op> {
        let mut ops = Vec::new();
        let keyed: Vec<(String, Vec<(String, Shown)>)> =
            jobs.into_iter().map(|(l, shown)| (l, shown.into_iter().map(|s| (self.key(&s), s)).collect())).collect();
        let wanted_anywhere: HashSet<&str> = keyed.iter().flat_map(|(_, s)| s.iter().map(|(k, _)| k.as_str())).collect();
        let mut gone = Vec::new();
        for (list, items) in &keyed {
            let old = self.lists.remove(list).unwrap_or_default();
            let wanted: HashSet<&str> = items.iter().map(|(k, _)| k.as_str()).collect();
            let mut placed: HashSet<&str> = HashSet::new();
            let mut cur = 0;
            for (key, item) in items {
                // Skip what left this list, and what this pass has put in place already.
                while cur < old.len() && (!wanted.contains(old[cur].as_str()) || placed.contains(old[cur].as_str())) {
                    cur += 1;
                }
                let v = version_of(item);
                if self.versions.get(key) != Some(&v) {
                    self.versions.insert(key.clone(), v);
                    ops.push(Op::Write { key: key.clone(), item: item.clone() });
                }
                placed.insert(key);
                if old.get(cur) == Some(key) {
                    cur += 1;
                } else {
                    ops.push(Op::Move { list: list.clone(), key: key.clone(), before: old.get(cur).cloned() });
                }
            }
            gone.extend(old.into_iter().filter(|k| !wanted_anywhere.contains(k.as_str())));
            self.lists.insert(list.clone(), items.iter().map(|(k, _)| k.clone()).collect());
        }
        for key in gone {
            self.versions.remove(&key);
            ops.push(Op::Remove { key });
        }
        ops
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{fingerprint, Entry};
    use board_core::Card;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn card(id: &str, title: &str) -> Shown {
        let card = Card::new(id, title, "train", "model", chrono::DateTime::UNIX_EPOCH);
        Shown::Card(Entry { fp: fingerprint(&card), card: std::sync::Arc::new(card) })
    }

    fn cards(ids: &str) -> Vec<Shown> {
        ids.split_whitespace().map(|id| card(id, "t")).collect()
    }

    /// Applies `ops` to a model of the page: lists of keys.
    fn apply(page: &mut HashMap<String, Vec<String>>, ops: &[Op]) {
        for op in ops {
            match op {
                Op::Write { .. } => {}
                Op::Move { list, key, before } => {
                    for l in page.values_mut() {
                        l.retain(|k| k != key);
                    }
                    let l = page.entry(list.clone()).or_default();
                    let at = before.as_ref().map_or(l.len(), |b| l.iter().position(|k| k == b).expect("before is in the list"));
                    l.insert(at, key.clone());
                }
                Op::Remove { key } => page.values_mut().for_each(|l| l.retain(|k| k != key)),
            }
        }
    }

    fn keys(shown: &[Shown]) -> Vec<String> {
        shown.iter().map(|s| key_of("", s)).collect()
    }

    fn moves(ops: &[Op]) -> usize {
        ops.iter().filter(|o| matches!(o, Op::Move { .. })).count()
    }

    #[wasm_bindgen_test]
    fn a_card_moving_between_cells_is_one_move_and_no_write() {
        let mut p = Painted::default();
        let mut page = HashMap::new();
        p.mounted("a", &cards("c1 c2 c3"));
        p.mounted("b", &cards("c4"));
        page.insert("a".to_owned(), keys(&cards("c1 c2 c3")));
        page.insert("b".to_owned(), keys(&cards("c4")));
        let ops = p.diff(vec![("a".into(), cards("c1 c3")), ("b".into(), cards("c4 c2"))]);
        assert_eq!(ops, [Op::Move { list: "b".into(), key: "slot-c2".into(), before: None }]);
        apply(&mut page, &ops);
        assert_eq!(page["a"], keys(&cards("c1 c3")));
        assert_eq!(page["b"], keys(&cards("c4 c2")));
        // The other order of the lists gives the same.
        let ops = p.diff(vec![("b".into(), cards("c4")), ("a".into(), cards("c2 c1 c3"))]);
        apply(&mut page, &ops);
        assert_eq!((page["a"].clone(), page["b"].clone()), (keys(&cards("c2 c1 c3")), keys(&cards("c4"))));
        assert_eq!(moves(&ops), 1);
    }

    #[wasm_bindgen_test]
    fn any_reordering_edit_add_and_delete_ends_as_asked() {
        let orders = ["a b c", "c a b", "b c a", "a c b", "c b a", "b a", "d a c", "", "e", "a b c d e"];
        for from in orders {
            for to in orders {
                let mut p = Painted::default();
                p.mounted("l", &cards(from));
                let mut page = HashMap::from([("l".to_owned(), keys(&cards(from)))]);
                let ops = p.diff(vec![("l".into(), cards(to))]);
                apply(&mut page, &ops);
                assert_eq!(page["l"], keys(&cards(to)), "{from:?} -> {to:?}: {ops:?}");
                let new: HashSet<&str> = from.split_whitespace().collect();
                let writes = ops.iter().filter(|o| matches!(o, Op::Write { .. })).count();
                assert_eq!(writes, to.split_whitespace().filter(|k| !new.contains(k)).count(), "only new items are written");
            }
        }
    }

    #[wasm_bindgen_test]
    fn a_changed_card_is_rewritten_in_place_and_runs_follow_their_count() {
        let mut p = Painted::default();
        p.mounted("l", &cards("a b"));
        let ops = p.diff(vec![("l".into(), vec![card("a", "new title"), card("b", "t")])]);
        assert!(matches!(&ops[..], [Op::Write { key, .. }] if key == "slot-a"), "{ops:?}");
        let more = |hidden| Shown::More { first: 1, hidden, first_id: "b".into() };
        let ops = p.diff(vec![("l".into(), vec![card("a", "new title"), more(3)])]);
        assert_eq!(ops.len(), 3, "the run is written and put in, b removed: {ops:?}");
        assert_eq!(ops.last(), Some(&Op::Remove { key: "slot-b".into() }));
        let ops = p.diff(vec![("l".into(), vec![card("a", "new title"), more(4)])]);
        assert_eq!(ops, [Op::Write { key: "more-b".into(), item: more(4) }]);
    }
}
