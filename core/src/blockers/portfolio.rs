//! Which root causes recur across boards, and where in the pipeline they strike.
//!
//! Key design decision: boards have their own column ids, so "where" is grouped
//! by column *name* (trimmed, compared without case; shown as first met) and,
//! coarser, by column *kind*. A block in a column the board no longer has is
//! counted under its id as name and under no kind.
//!
//! "Concurrent projects" is cheap, so it is reported: per reason, the most
//! boards that had it blocking at the same moment, and how many boards had it
//! blocking while at least one other board did too. Each board's blocks of a
//! reason are first merged into disjoint spans, then one sweep over all spans
//! counts; spans that only touch do not overlap.

use std::collections::{BTreeMap, HashMap};

use super::{intervals, Interval};
use crate::model::*;

/// Blocks of one cause in columns of one name (or one kind).
#[derive(Clone, Debug, PartialEq)]
pub struct Strike {
    /// Column name (as first met), or the column kind's name.
    pub column: String,
    pub count: usize,
    pub days: f64,
}

/// How far one cause struck several boards at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct BoardsAtOnce {
    /// The most boards blocked by this cause at one moment.
    pub peak: usize,
    /// Boards blocked by this cause at some moment when another board was too.
    pub overlapping: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecurringCause {
    pub reason: String,
    /// Ids of the boards it blocked, in the order given.
    pub boards: Vec<String>,
    pub count: usize,
    pub days: f64,
    /// By column name, most days first (ties: by name).
    pub by_column: Vec<Strike>,
    /// By column kind, most days first (ties: in kind order).
    pub by_kind: Vec<Strike>,
    pub at_once: BoardsAtOnce,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    /// Most blocked days first (ties: by reason).
    pub causes: Vec<RecurringCause>,
}

#[derive(Default)]
struct Acc<'a> {
    boards: Vec<usize>,
    count: usize,
    days: f64,
    by_name: BTreeMap<String, (String, usize, f64)>,
    by_kind: BTreeMap<ColumnKind, (usize, f64)>,
    /// Per board: its intervals of this reason.
    spans: Vec<(usize, &'a Interval)>,
}

/// Root causes across `boards` as of `now`.
pub fn portfolio(boards: &[&Board], now: Instant) -> Portfolio {
    let all: Vec<Vec<Interval>> = boards.iter().map(|b| intervals(b, now)).collect();
    let mut acc: BTreeMap<&str, Acc<'_>> = BTreeMap::new();
    for (bi, (board, ivs)) in boards.iter().zip(&all).enumerate() {
        let cols: HashMap<&str, &Column> = board.columns.iter().map(|c| (c.id.as_str(), c)).collect();
        for iv in ivs {
            let d = iv.days(now);
            let a = acc.entry(&iv.reason).or_default();
            if a.boards.last() != Some(&bi) {
                a.boards.push(bi);
            }
            a.count += 1;
            a.days += d;
            let col = cols.get(iv.column.as_str());
            let name = col.map_or(iv.column.as_str(), |c| c.name.as_str()).trim();
            let e = a.by_name.entry(name.to_lowercase()).or_insert_with(|| (name.to_owned(), 0, 0.0));
            e.1 += 1;
            e.2 += d;
            if let Some(c) = col {
                let k = a.by_kind.entry(c.kind).or_default();
                k.0 += 1;
                k.1 += d;
            }
            a.spans.push((bi, iv));
        }
    }
    let mut causes: Vec<RecurringCause> = acc
        .into_iter()
        .map(|(reason, a)| {
            let mut by_column: Vec<Strike> =
                a.by_name.into_values().map(|(column, count, days)| Strike { column, count, days }).collect();
            crate::sort::sort_by(&mut by_column, |x, y| y.days.total_cmp(&x.days).then_with(|| x.column.cmp(&y.column)));
            let mut by_kind: Vec<Strike> = a
                .by_kind
                .into_iter()
                .map(|(k, (count, days))| Strike { column: k.as_str().to_owned(), count, days })
                .collect();
            crate::sort::sort_by(&mut by_kind, |x, y| y.days.total_cmp(&x.days)); // stable: kind order on ties
            RecurringCause {
                reason: reason.to_owned(),
                boards: a.boards.iter().map(|&i| boards[i].id.clone()).collect(),
                count: a.count,
                days: a.days,
                by_column,
                by_kind,
                at_once: at_once(&a.spans, boards.len(), now),
            }
        })
        .collect();
    crate::sort::sort_by(&mut causes, |x, y| y.days.total_cmp(&x.days).then_with(|| x.reason.cmp(&y.reason)));
    Portfolio { causes }
}

/// Merges each board's intervals into disjoint spans, then sweeps them all.
fn at_once(spans: &[(usize, &Interval)], n_boards: usize, now: Instant) -> BoardsAtOnce {
    let mut per_board: Vec<Vec<(Instant, Instant)>> = vec![Vec::new(); n_boards];
    for (b, iv) in spans {
        let end = iv.end.unwrap_or(now).min(now);
        if end > iv.start {
            per_board[*b].push((iv.start, end));
        }
    }
    // (time, is_start, board): ends sort before starts at the same moment.
    let mut points: Vec<(Instant, bool, usize)> = Vec::new();
    for (b, mut v) in per_board.into_iter().enumerate() {
        crate::sort::sort(&mut v);
        let mut merged: Vec<(Instant, Instant)> = Vec::new();
        for (s, e) in v {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        for (s, e) in merged {
            points.push((s, true, b));
            points.push((e, false, b));
        }
    }
    crate::sort::sort(&mut points);
    let mut active = vec![false; n_boards];
    let mut marked = vec![false; n_boards];
    let (mut now_active, mut peak) = (0usize, 0usize);
    for (_, start, b) in points {
        if start {
            active[b] = true;
            now_active += 1;
            peak = peak.max(now_active);
            if now_active >= 2 {
                for (m, a) in marked.iter_mut().zip(&active) {
                    *m |= *a;
                }
            }
        } else {
            active[b] = false;
            now_active -= 1;
        }
    }
    BoardsAtOnce { peak, overlapping: marked.iter().filter(|m| **m).count() }
}
