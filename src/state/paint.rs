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

/// Whether `key` is the element id of item `s`, without building it.
fn is_key_of(prefix: &str, s: &Shown, key: &str) -> bool {
    let (kind, id) = match s {
        Shown::Card(e) => ("slot-", e.card.id.as_str()),
        Shown::More { first_id, .. } => ("more-", first_id.as_str()),
    };
    key.len() == prefix.len() + kind.len() + id.len()
        && key.ends_with(id)
        && key.starts_with(prefix)
        && key[prefix.len()..].starts_with(kind)
}

/// What is in the page: each list's items in order, with each item's version.
#[derive(Default)]
pub struct Painted {
    /// Starts every element id of this board view (one page may hold several, e.g. tests).
    prefix: String,
    lists: HashMap<String, Vec<(String, u64)>>,
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
        let items = shown.iter().zip(&keys).map(|(s, k)| (k.clone(), version_of(s))).collect();
        self.lists.insert(list.to_owned(), items);
        keys
    }

    /// A move that leaves the page as it is: the first item of a list put before the
    /// item after it.
    pub fn stay(&self) -> Option<Op> {
        let (list, items) = self.lists.iter().find(|(_, k)| !k.is_empty())?;
        Some(Op::Move { list: list.clone(), key: items[0].0.clone(), before: items.get(1).map(|i| i.0.clone()) })
    }

    pub fn clear(&mut self) {
        self.lists.clear();
    }

    /// The changes that make each list of `jobs` show its items, in order: applied in
    /// order, every reference (`before`) is to an item already in that list.
    ///
    /// The items a list keeps at its start and at its end are compared in place (no
    /// element id built, no lookup): only a new version is written. The keyed walk (and
    /// its sets) covers the part between, which for a move is the one card that left or
    /// came. (A card leaves one list for another only within one diff: a move dirties
    /// both cells.)
    pub fn diff(&mut self, jobs: Vec<(String, Vec<Shown>)>) -> Vec<Op> {
        let mut ops = Vec::new();
        let prefix = self.prefix.as_str();
        let lists: Vec<Job> = jobs
            .into_iter()
            .map(|(list, items)| {
                let old = self.lists.remove(&list).unwrap_or_default();
                let same = |(o, s): (&(String, u64), &Shown)| is_key_of(prefix, s, &o.0);
                let start = old.iter().zip(&items).take_while(|&p| same(p)).count();
                let end = old[start..].iter().rev().zip(items[start..].iter().rev()).take_while(|&p| same(p)).count();
                let middle = items[start..items.len() - end].iter().map(|s| key_of(prefix, s)).collect();
                Job { list, items, old, start, end, middle }
            })
            .collect();
        let wanted_anywhere: HashSet<&str> = lists.iter().flat_map(|j| j.middle.iter().map(String::as_str)).collect();
        // The versions in the page of the items that may change lists.
        let was: HashMap<&str, u64> = lists.iter().flat_map(|j| j.old_middle().iter().map(|(k, v)| (k.as_str(), *v))).collect();
        let mut gone = Vec::new();
        for job in &lists {
            let kept = job.old[..job.start].iter().chain(&job.old[job.old.len() - job.end..]);
            let kept_items = job.items[..job.start].iter().chain(&job.items[job.items.len() - job.end..]);
            for ((key, v), item) in kept.zip(kept_items) {
                if version_of(item) != *v {
                    ops.push(Op::Write { key: key.clone(), item: item.clone() });
                }
            }
            let (old, items) = (job.old_middle(), &job.middle);
            // Where the middle ends in the page: before the first item kept at the end.
            let end = job.old.get(job.old.len() - job.end).map(|(k, _)| k);
            let wanted: HashSet<&str> = items.iter().map(String::as_str).collect();
            let mut placed: HashSet<&str> = HashSet::with_capacity(items.len());
            let mut cur = 0;
            for (key, item) in items.iter().zip(job.new_middle()) {
                if was.get(key.as_str()) != Some(&version_of(item)) {
                    ops.push(Op::Write { key: key.clone(), item: item.clone() });
                }
                // Skip what left this list, and what this pass has put in place already.
                while cur < old.len() && (!wanted.contains(old[cur].0.as_str()) || placed.contains(old[cur].0.as_str())) {
                    cur += 1;
                }
                placed.insert(key);
                if old.get(cur).map(|(k, _)| k) == Some(key) {
                    cur += 1;
                } else {
                    let before = old.get(cur).map(|(k, _)| k).or(end).cloned();
                    ops.push(Op::Move { list: job.list.clone(), key: key.clone(), before });
                }
            }
            gone.extend(old.iter().map(|(k, _)| k).filter(|k| !wanted_anywhere.contains(k.as_str())).cloned());
        }
        drop((wanted_anywhere, was)); // they borrow `lists`
        for job in lists {
            let Job { list, items, mut old, start, end, middle } = job;
            old.splice(start..old.len() - end, middle.into_iter().map(|k| (k, 0)));
            // Every item's version, as the page now has it.
            for ((_, v), s) in old.iter_mut().zip(&items) {
                *v = version_of(s);
            }
            self.lists.insert(list, old);
        }
        ops.extend(gone.into_iter().map(|key| Op::Remove { key }));
        ops
    }
}

/// One list of a [`Painted::diff`]: its items, what it showed, how many items the two
/// share at the `start` and at the `end`, and the element ids of the items between.
struct Job {
    list: String,
    items: Vec<Shown>,
    old: Vec<(String, u64)>,
    start: usize,
    end: usize,
    middle: Vec<String>,
}

impl Job {
    fn old_middle(&self) -> &[(String, u64)] {
        &self.old[self.start..self.old.len() - self.end]
    }

    fn new_middle(&self) -> &[Shown] {
        &self.items[self.start..self.items.len() - self.end]
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
    fn cards_moving_between_lists_in_any_way_end_as_asked() {
        // Each case: the lists before and after, as "list a | list b".
        let splits = ["a b c | d e f", "a b | c d e f", "| a b c d e f", "f e d | c b a", "b d f | a c e", "a c | e", "c | a b d f g"];
        for from in splits {
            for to in splits {
                let parse = |s: &str| -> Vec<Vec<Shown>> { s.split('|').map(cards).collect() };
                let (f, t) = (parse(from), parse(to));
                let mut p = Painted::default();
                let mut page = HashMap::new();
                for (name, l) in ["a", "b"].iter().zip(&f) {
                    p.mounted(name, l);
                    page.insert(name.to_string(), keys(l));
                }
                let ops = p.diff(vec![("a".into(), t[0].clone()), ("b".into(), t[1].clone())]);
                apply(&mut page, &ops);
                assert_eq!((&page["a"], &page["b"]), (&keys(&t[0]), &keys(&t[1])), "{from:?} -> {to:?}: {ops:?}");
                let gone = keys(&f.concat()).into_iter().filter(|k| !keys(&t.concat()).contains(k)).count();
                assert_eq!(ops.iter().filter(|o| matches!(o, Op::Remove { .. })).count(), gone, "{from:?} -> {to:?}");
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
