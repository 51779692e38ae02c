//! The stored form: how local storage holds all boards, a few times smaller
//! and faster than the board file.
//!
//! Key design decision: still one JSON text (inspectable, serde_json only),
//! but laid out for size and typed parsing instead of for people: strings
//! that repeat are written once per board, cards are columns of values (one
//! list per field), and the event log is one flat list of integers. It is
//! parsed with derived serde structs (no `Value` tree), expanded into the
//! file's own structs ([`v1::File`]) and handed to [`v1::into_domain`], so a
//! stored value passes exactly the checks an imported file does and a
//! corrupt one is refused as a whole with a path, never half read.
//!
//! # Layout (version 1)
//!
//! ```text
//! {"format":"ml-kanban-store","version":1,"saved_at":"2026-12-01T12:00:00Z","boards":[{
//!   "id", "name", "timezone", "columns", "lanes", "cycle", "convention", "wip",
//!   "blocker_labels", "demo"      as in the board file (columns and lanes with their extras);
//!   "extra": {...}                the board's unknown fields;
//!   "strings": ["Aisha", "gbm", ...],
//!   "t0": "2026-01-05T08:00:00Z", "unit": "min",
//!   "cards": {"id": [...], "title": [...], "type": [...], "column": [...], "lane": [...],
//!             "created": [...], "owner": [...], "tags": [[...], ...], "more": [{"card": 3, ...}]},
//!   "events": [head, dt, card, args..., head, dt, card, args..., ...]}]}
//! ```
//!
//! - A column, lane or card reference is its index on the board; past the end
//!   of the board's list, it is an id no longer on the board: `strings[r - len]`.
//!   `owner` is 0 for none, else `strings[owner - 1]`; tags, blocker reasons,
//!   notes and override texts are indices into `strings`.
//! - `type` is the index in [`model::CardType::ALL`] (`data` = 0 ... `other` = 7).
//! - Times are whole multiples of `unit` (`min`, `s`, `ms`, `us` or `ns`, the
//!   coarsest that holds every event and card time of the board exactly) after
//!   `t0`: an event's `dt` counts from the event before it (the first from
//!   `t0`); a card's `created` counts from its first `created` event, or from
//!   `t0` if it has none. `more` holds the fields most cards lack
//!   (description, blocked, hypothesis, dataset, metric, links, compute,
//!   parent, extra), named as in the file, one entry per card that has any,
//!   in card order.
//! - An event's head is its kind in the low 3 bits (0 created, 1 moved,
//!   2 blocked, 3 unblocked, 4 deleted) and flags above them. `created` is
//!   followed by column and lane; `moved` by `[from] to [from_lane] [to_lane]
//!   [override]`, where `from` is only written (flag 8) when it is not the
//!   column the card's last created/moved event left it in, and each lane is
//!   absent, "the card's current lane" (16 / 64, nothing written) or written
//!   (32 / 128); 256 marks an override; `blocked` by reason and, with flag 8, note.
//!
//! A board holding a time no offset can carry (a leap second, `23:59:60`, or
//! offsets beyond 64 bits) makes [`to_compact_string`] write the board file
//! form instead, which `format::read_stored` reads as well.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::read::{clip, Path, R};
use super::{v1, ImportError, FORMAT_NAME, MAX_IMPORT_BYTES};
use crate::metrics::FxMap;
use crate::model::{self, Extra, Instant};

/// The value of a stored value's `format` field.
pub const STORE_FORMAT_NAME: &str = "ml-kanban-store";

/// The version of the stored form this app writes and the newest it reads.
pub const STORE_VERSION: u64 = 1;

// ---------------------------------------------------------------- stored types

#[derive(Serialize, Deserialize)]
struct Store<'a> {
    format: Cow<'a, str>,
    version: u64,
    #[serde(serialize_with = "v1::ser_time", deserialize_with = "v1::de_time")]
    saved_at: Instant,
    boards: Vec<Board<'a>>,
}

#[derive(Serialize, Deserialize)]
struct Board<'a> {
    id: Cow<'a, str>,
    name: Cow<'a, str>,
    #[serde(serialize_with = "v1::ser_tz", deserialize_with = "v1::de_tz")]
    timezone: FixedOffset,
    columns: Vec<v1::Column>,
    lanes: Vec<v1::Lane>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cycle: Option<v1::Cycle>,
    convention: v1::Convention,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wip: Option<v1::Wip>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    blocker_labels: Vec<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "is_false")]
    demo: bool,
    #[serde(default, skip_serializing_if = "no_extra")]
    extra: Cow<'a, Extra>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    strings: Vec<Cow<'a, str>>,
    #[serde(serialize_with = "v1::ser_time", deserialize_with = "v1::de_time")]
    t0: Instant,
    unit: Unit,
    cards: Cards<'a>,
    events: Vec<i64>,
}

/// The cards, one list per field, all as long as `id`.
#[derive(Default, Serialize, Deserialize)]
struct Cards<'a> {
    id: Vec<Cow<'a, str>>,
    title: Vec<Cow<'a, str>>,
    #[serde(rename = "type")]
    card_type: Vec<u8>,
    column: Vec<u32>,
    lane: Vec<u32>,
    created: Vec<i64>,
    owner: Vec<u32>,
    tags: Vec<Vec<u32>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    more: Vec<More<'a>>,
}

/// The fields most cards lack, for one card that has some.
#[derive(Serialize, Deserialize)]
struct More<'a> {
    card: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked: Option<v1::Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hypothesis: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dataset: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    metric: Option<v1::Metric>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    links: Vec<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compute: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "no_extra")]
    extra: Cow<'a, Extra>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Unit {
    Min,
    S,
    Ms,
    Us,
    Ns,
}

impl Unit {
    /// Coarsest first.
    const ALL: [Unit; 5] = [Unit::Min, Unit::S, Unit::Ms, Unit::Us, Unit::Ns];

    fn nanos(self) -> i128 {
        match self {
            Unit::Min => 60 * NANOS,
            Unit::S => NANOS,
            Unit::Ms => 1_000_000,
            Unit::Us => 1_000,
            Unit::Ns => 1,
        }
    }
}

const NANOS: i128 = 1_000_000_000;

fn is_false(b: &bool) -> bool {
    !*b
}

fn no_extra<E: std::ops::Deref<Target = Extra>>(e: &E) -> bool {
    e.is_empty()
}

// Event kinds (the low 3 bits of a head) and flags.
const CREATED: i64 = 0;
const MOVED: i64 = 1;
const BLOCKED: i64 = 2;
const UNBLOCKED: i64 = 3;
const DELETED: i64 = 4;
/// moved: `from` is written.
const FROM: i64 = 8;
/// moved: `from_lane` is the card's current lane.
const FROM_LANE_HERE: i64 = 16;
/// moved: `from_lane` is written.
const FROM_LANE: i64 = 32;
/// moved: `to_lane` is the card's current lane.
const TO_LANE_HERE: i64 = 64;
/// moved: `to_lane` is written.
const TO_LANE: i64 = 128;
/// moved: an override text is written.
const OVERRIDE: i64 = 256;
/// blocked: a note is written.
const NOTE: i64 = 8;

/// Where a card's last created/moved event left it: column and lane references.
type Here = Option<(u32, Option<u32>)>;

// ---------------------------------------------------------------- writing

/// All boards in the stored form, for local storage; `format::read_stored`
/// reads it. A board with a time the form cannot hold (see the module doc)
/// makes it write the board file instead.
pub fn to_compact_string(boards: &[model::Board], saved_at: Instant) -> String {
    match boards.iter().map(|b| encode_board(b, saved_at)).collect::<Option<Vec<_>>>() {
        Some(boards) => {
            let store = Store { format: STORE_FORMAT_NAME.into(), version: STORE_VERSION, saved_at, boards };
            serde_json::to_string(&store).expect("the stored form always serializes")
        }
        None => super::to_storage_string(boards, saved_at),
    }
}

/// The strings of one board, each written once.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    index: FxMap<&'a str, u32>,
}

impl<'a> Strings<'a> {
    fn get(&mut self, s: &'a str) -> u32 {
        *self.index.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.list.len() as u32 - 1
        })
    }
}

/// References to the columns, lanes or cards of a board: the index on the
/// board, else past the end into the strings.
struct Refs<'a> {
    on_board: FxMap<&'a str, u32>,
    len: u32,
}

impl<'a> Refs<'a> {
    fn new(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let len = ids.len() as u32;
        let mut on_board = FxMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (i, id) in ids.enumerate() {
            on_board.entry(id).or_insert(i as u32);
        }
        Self { on_board, len }
    }

    fn get(&self, id: &'a str, strings: &mut Strings<'a>) -> u32 {
        self.on_board.get(id).copied().unwrap_or_else(|| self.len + strings.get(id))
    }
}

/// Nanoseconds from `t0` to `t`; `None` for a leap second, which has none.
fn offset(t0: &Instant, t: &Instant) -> Option<i128> {
    if t.timestamp_subsec_nanos() >= NANOS as u32 {
        return None;
    }
    let secs = i128::from(t.timestamp()) - i128::from(t0.timestamp());
    Some(secs * NANOS + i128::from(t.timestamp_subsec_nanos()) - i128::from(t0.timestamp_subsec_nanos()))
}

fn encode_board(b: &model::Board, saved_at: Instant) -> Option<Board<'_>> {
    let t0 = b.events.first().map(|e| e.at).or_else(|| b.cards.first().map(|c| c.created_at)).unwrap_or(saved_at);
    offset(&t0, &t0)?; // `t0` may itself be a leap second.
    let event_offsets = b.events.iter().map(|e| offset(&t0, &e.at)).collect::<Option<Vec<_>>>()?;
    let card_offsets = b.cards.iter().map(|c| offset(&t0, &c.created_at)).collect::<Option<Vec<_>>>()?;
    let unit = Unit::ALL
        .into_iter()
        .find(|u| event_offsets.iter().chain(&card_offsets).all(|o| o % u.nanos() == 0))
        .unwrap_or(Unit::Ns);
    let units = |d: i128| i64::try_from(d / unit.nanos()).ok();

    let mut strings = Strings::default();
    let columns = Refs::new(b.columns.iter().map(|c| c.id.as_str()));
    let lanes = Refs::new(b.lanes.iter().map(|l| l.id.as_str()));
    let cards = Refs::new(b.cards.iter().map(|c| c.id.as_str()));

    // Each card's first created event, which its `created` counts from.
    let mut first_created: Vec<Option<i128>> = vec![None; b.cards.len()];
    for (e, off) in b.events.iter().zip(&event_offsets) {
        if let (model::EventKind::Created { .. }, Some(&i)) = (&e.kind, cards.on_board.get(e.card.as_str())) {
            first_created[i as usize].get_or_insert(*off);
        }
    }

    let mut c = Cards::default();
    for (i, card) in b.cards.iter().enumerate() {
        c.id.push(Cow::Borrowed(&card.id));
        c.title.push(Cow::Borrowed(&card.title));
        c.card_type.push(model::CardType::ALL.iter().position(|t| *t == card.card_type).expect("ALL has every type") as u8);
        c.column.push(columns.get(&card.column, &mut strings));
        c.lane.push(lanes.get(&card.lane, &mut strings));
        c.created.push(units(card_offsets[i] - first_created[i].unwrap_or(0))?);
        c.owner.push(card.owner.as_deref().map_or(0, |o| strings.get(o) + 1));
        c.tags.push(card.tags.iter().map(|t| strings.get(t)).collect());
        let more = More {
            card: i as u32,
            description: card.description.as_deref().map(Cow::Borrowed),
            blocked: card.blocked.as_ref().map(|bl| v1::Block {
                reason: bl.reason.clone(),
                note: bl.note.clone(),
                since: bl.since,
            }),
            hypothesis: card.hypothesis.as_deref().map(Cow::Borrowed),
            dataset: card.dataset.as_deref().map(Cow::Borrowed),
            metric: card.metric.as_ref().map(|m| v1::Metric {
                name: m.name.clone(),
                target: m.target,
                achieved: m.achieved,
            }),
            links: card.links.iter().map(|l| Cow::Borrowed(l.as_str())).collect(),
            compute: card.compute,
            parent: card.parent.as_deref().map(Cow::Borrowed),
            extra: Cow::Borrowed(&card.extra),
        };
        let has_more = more.description.is_some()
            || more.blocked.is_some()
            || more.hypothesis.is_some()
            || more.dataset.is_some()
            || more.metric.is_some()
            || !more.links.is_empty()
            || more.compute.is_some()
            || more.parent.is_some()
            || !more.extra.is_empty();
        if has_more {
            c.more.push(more);
        }
    }

    let mut events = Vec::with_capacity(b.events.len() * 4);
    let mut here: Vec<Here> = vec![None; b.cards.len()];
    let mut prev = 0;
    for (e, &off) in b.events.iter().zip(&event_offsets) {
        let card = cards.get(&e.card, &mut strings);
        let k = card as usize;
        if k >= here.len() {
            here.resize(k + 1, None);
        }
        let head_at = events.len();
        events.extend([0, units(off - prev)?, i64::from(card)]);
        prev = off;
        let head = match &e.kind {
            model::EventKind::Created { column, lane } => {
                let (c, l) = (columns.get(column, &mut strings), lanes.get(lane, &mut strings));
                events.extend([i64::from(c), i64::from(l)]);
                here[k] = Some((c, Some(l)));
                CREATED
            }
            model::EventKind::Moved { from, to, from_lane, to_lane, override_reason } => {
                let (from, to) = (columns.get(from, &mut strings), columns.get(to, &mut strings));
                let lane_now = here[k].and_then(|h| h.1);
                let mut head = MOVED;
                if here[k].map(|h| h.0) != Some(from) {
                    head |= FROM;
                    events.push(i64::from(from));
                }
                events.push(i64::from(to));
                let mut to_lane_ref = None;
                for (lane, (here_flag, written_flag)) in
                    [(from_lane, (FROM_LANE_HERE, FROM_LANE)), (to_lane, (TO_LANE_HERE, TO_LANE))]
                {
                    let Some(lane) = lane else { continue };
                    let l = lanes.get(lane, &mut strings);
                    if Some(l) == lane_now {
                        head |= here_flag;
                    } else {
                        head |= written_flag;
                        events.push(i64::from(l));
                    }
                    if written_flag == TO_LANE {
                        to_lane_ref = Some(l);
                    }
                }
                if let Some(o) = override_reason {
                    head |= OVERRIDE;
                    events.push(i64::from(strings.get(o)));
                }
                here[k] = Some((to, to_lane_ref.or(lane_now)));
                head
            }
            model::EventKind::Blocked { reason, note } => {
                events.push(i64::from(strings.get(reason)));
                match note {
                    Some(n) => {
                        events.push(i64::from(strings.get(n)));
                        BLOCKED | NOTE
                    }
                    None => BLOCKED,
                }
            }
            model::EventKind::Unblocked => UNBLOCKED,
            model::EventKind::Deleted => DELETED,
        };
        events[head_at] = head;
    }

    Some(Board {
        id: Cow::Borrowed(&b.id),
        name: Cow::Borrowed(&b.name),
        timezone: b.timezone,
        columns: b.columns.iter().map(v1::column_of).collect(),
        lanes: b.lanes.iter().map(v1::lane_of).collect(),
        cycle: b.cycle.as_ref().map(|c| v1::Cycle { start: c.start.clone(), end: c.end.clone() }),
        convention: v1::convention_of(b.convention),
        wip: v1::wip_of(&b.wip),
        blocker_labels: b.blocker_labels.iter().map(|l| Cow::Borrowed(l.as_str())).collect(),
        demo: b.demo,
        extra: Cow::Borrowed(&b.extra),
        strings: strings.list.into_iter().map(Cow::Borrowed).collect(),
        t0,
        unit,
        cards: c,
        events,
    })
}

// ---------------------------------------------------------------- reading

/// Whether `text` is (or claims to be) in the stored form: JSON whose
/// `format` is [`STORE_FORMAT_NAME`]. What this app writes is told by its
/// first bytes; anything else (say, hand-edited) is parsed to see.
pub fn is_store(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Format<'a> {
        #[serde(borrow)]
        format: Option<Cow<'a, str>>,
    }
    let written = text.strip_prefix("{\"format\":\"").and_then(|t| t.strip_prefix(STORE_FORMAT_NAME));
    written.is_some_and(|t| t.starts_with("\","))
        || serde_json::from_str::<Format>(text).is_ok_and(|f| f.format.as_deref() == Some(STORE_FORMAT_NAME))
}

/// Reads a value in the stored form: every board, or why it is refused.
pub fn read_compact(text: &str) -> R<Vec<model::Board>> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len(), max: MAX_IMPORT_BYTES });
    }
    let store: Store = serde_json::from_str(text).map_err(|e| refusal(text, e))?;
    if store.format != STORE_FORMAT_NAME {
        return Err(ImportError::NotBoardFile {
            reason: format!("its format is \"{}\", not \"{STORE_FORMAT_NAME}\"", clip(&store.format)),
        });
    }
    match store.version {
        0 => return Err(Path::ROOT.key("version").err("there is no version 0; versions start at 1")),
        v if v > STORE_VERSION => return Err(ImportError::FutureVersion { found: v, supported: STORE_VERSION }),
        _ => {}
    }
    let root = Path::ROOT;
    let path = root.key("boards");
    let boards =
        store.boards.into_iter().enumerate().map(|(i, b)| decode_board(b, &path.index(i))).collect::<R<Vec<_>>>()?;
    v1::into_domain(v1::File { format: FORMAT_NAME, version: 1, exported_at: Some(store.saved_at), boards })
}

/// Why a text did not parse as the stored form: not JSON, a newer version
/// (whose shape may differ), or the wrong shape.
fn refusal(text: &str, e: serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    #[derive(Deserialize)]
    struct Version {
        version: Option<u64>,
    }
    match e.classify() {
        Category::Io | Category::Syntax | Category::Eof => ImportError::NotJson { message: e.to_string() },
        Category::Data => match serde_json::from_str::<Version>(text) {
            Ok(Version { version: Some(v) }) if v > STORE_VERSION => {
                ImportError::FutureVersion { found: v, supported: STORE_VERSION }
            }
            _ => {
                ImportError::Invalid { path: "$".into(), message: format!("not in the shape of the stored form: {e}") }
            }
        },
    }
}

/// Reads the event list of one board, an integer at a time.
struct Cursor<'a> {
    items: &'a [i64],
    pos: usize,
}

impl Cursor<'_> {
    fn next(&mut self, path: &Path) -> R<i64> {
        let v = self.items.get(self.pos).copied().ok_or_else(|| path.err("the event list ends inside this event"))?;
        self.pos += 1;
        Ok(v)
    }

    /// A reference or index: a whole number from 0 to 4294967295.
    fn index(&mut self, path: &Path) -> R<u32> {
        let v = self.next(path)?;
        u32::try_from(v).map_err(|_| path.err(format!("{v} is not an index (a whole number from 0)")))
    }
}

/// The instant `off` nanoseconds after `t0`.
fn instant(t0: &Instant, off: i128, path: &Path) -> R<Instant> {
    let total = i128::from(t0.timestamp_subsec_nanos()) + off;
    let secs = i64::try_from(i128::from(t0.timestamp()) + total.div_euclid(NANOS)).ok();
    secs.and_then(|s| DateTime::from_timestamp(s, total.rem_euclid(NANOS) as u32))
        .ok_or_else(|| path.err("the time is out of range"))
}

/// `t` units of `unit`, in nanoseconds, added to `base`.
fn after(base: i128, t: i64, unit: Unit, path: &Path) -> R<i128> {
    base.checked_add(i128::from(t) * unit.nanos()).ok_or_else(|| path.err("the time is out of range"))
}

fn decode_board(b: Board<'_>, path: &Path) -> R<v1::Board> {
    let Board {
        id,
        name,
        timezone,
        columns,
        lanes,
        cycle,
        convention,
        wip,
        blocker_labels,
        demo,
        extra,
        strings,
        t0,
        unit,
        cards,
        events,
    } = b;
    let string = |k: u32, p: &Path| -> R<String> {
        strings.get(k as usize).map(|s| s.to_string()).ok_or_else(|| {
            p.err(format!("there is no string {k} in this board's strings (it holds {})", strings.len()))
        })
    };
    // A reference to one of `len` things on the board (`ids`), else to a string.
    let reference = |r: u32, len: usize, ids: &dyn Fn(usize) -> String, what: &str, p: &Path| -> R<String> {
        if (r as usize) < len {
            Ok(ids(r as usize))
        } else {
            string(r - len as u32, p).map_err(|_| {
                p.err(format!("there is no {what} {r} ({len} on the board, {} in this board's strings)", strings.len()))
            })
        }
    };
    let column_ids = |i: usize| columns[i].id.clone();
    let lane_ids = |i: usize| lanes[i].id.clone();
    let card_ids = |i: usize| cards.id[i].to_string();
    let column = |r: u32, p: &Path| reference(r, columns.len(), &column_ids, "column", p);
    let lane = |r: u32, p: &Path| reference(r, lanes.len(), &lane_ids, "lane", p);
    let ncards = cards.id.len();

    // Events.
    let events_path = path.key("events");
    let mut out = Vec::with_capacity(events.len() / 4);
    let mut first_created: Vec<Option<i128>> = vec![None; ncards];
    let mut here: Vec<Here> = vec![None; ncards + strings.len()];
    let mut cursor = Cursor { items: &events, pos: 0 };
    let mut off = 0;
    while cursor.pos < events.len() {
        let p = events_path.index(out.len());
        let head = cursor.next(&p)?;
        off = after(off, cursor.next(&p)?, unit, &p)?;
        let at = instant(&t0, off, &p.key("at"))?;
        let card = cursor.index(&p)?;
        let card_id = reference(card, ncards, &card_ids, "card", &p.key("card"))?;
        let k = card as usize;
        let mut e = v1::Event::bare(at, card_id, v1::EventKind::Unblocked);
        let flags = head & !7;
        let allowed = match head & 7 {
            MOVED => FROM | FROM_LANE_HERE | FROM_LANE | TO_LANE_HERE | TO_LANE | OVERRIDE,
            BLOCKED => NOTE,
            _ => 0,
        };
        let both = |a: i64, b: i64| flags & (a | b) == a | b;
        if head < 0 || flags & !allowed != 0 || both(FROM_LANE_HERE, FROM_LANE) || both(TO_LANE_HERE, TO_LANE) {
            return Err(p.err(format!("{head} is not an event head (a kind from 0 to 4 and its flags)")));
        }
        match head & 7 {
            CREATED => {
                let (c, l) = (cursor.index(&p)?, cursor.index(&p)?);
                e.kind = v1::EventKind::Created;
                e.column = Some(column(c, &p.key("column"))?);
                e.lane = Some(lane(l, &p.key("lane"))?);
                here[k] = Some((c, Some(l)));
                if let Some(first) = first_created.get_mut(k) {
                    first.get_or_insert(off);
                }
            }
            MOVED => {
                let now = here[k];
                let lane_now = now.and_then(|h| h.1);
                let from = match (flags & FROM != 0, now) {
                    (true, _) => cursor.index(&p)?,
                    (false, Some((c, _))) => c,
                    (false, None) => {
                        return Err(p.key("from").err("missing, and the card has no column yet to move from"))
                    }
                };
                let to = cursor.index(&p)?;
                let mut lane_of = |here_flag: i64, written_flag: i64, key: &str| -> R<Option<u32>> {
                    if flags & here_flag != 0 {
                        lane_now.map(Some).ok_or_else(|| p.key(key).err("the card has no lane yet to stay in"))
                    } else if flags & written_flag != 0 {
                        cursor.index(&p).map(Some)
                    } else {
                        Ok(None)
                    }
                };
                let from_lane = lane_of(FROM_LANE_HERE, FROM_LANE, "from_lane")?;
                let to_lane = lane_of(TO_LANE_HERE, TO_LANE, "to_lane")?;
                e.kind = v1::EventKind::Moved;
                e.from = Some(column(from, &p.key("from"))?);
                e.to = Some(column(to, &p.key("to"))?);
                e.from_lane = from_lane.map(|l| lane(l, &p.key("from_lane"))).transpose()?;
                e.to_lane = to_lane.map(|l| lane(l, &p.key("to_lane"))).transpose()?;
                if flags & OVERRIDE != 0 {
                    e.override_reason = Some(string(cursor.index(&p)?, &p.key("override"))?);
                }
                here[k] = Some((to, to_lane.or(lane_now)));
            }
            BLOCKED => {
                e.kind = v1::EventKind::Blocked;
                e.reason = Some(string(cursor.index(&p)?, &p.key("reason"))?);
                if flags & NOTE != 0 {
                    e.note = Some(string(cursor.index(&p)?, &p.key("note"))?);
                }
            }
            UNBLOCKED => e.kind = v1::EventKind::Unblocked,
            DELETED => e.kind = v1::EventKind::Deleted,
            _ => return Err(p.err(format!("{head} is not an event head (a kind from 0 to 4 and its flags)"))),
        }
        out.push(e);
    }

    // Cards.
    let cards_path = path.key("cards");
    let lengths = [
        ("title", cards.title.len()),
        ("type", cards.card_type.len()),
        ("column", cards.column.len()),
        ("lane", cards.lane.len()),
        ("created", cards.created.len()),
        ("owner", cards.owner.len()),
        ("tags", cards.tags.len()),
    ];
    if let Some((key, n)) = lengths.iter().find(|(_, n)| *n != ncards) {
        return Err(cards_path.key(key).err(format!("holds {n} values for {ncards} cards")));
    }
    let mut list = Vec::with_capacity(ncards);
    for (i, (id, title)) in cards.id.into_iter().zip(cards.title).enumerate() {
        let p = cards_path.index(i);
        let t = cards.card_type[i];
        let card_type = model::CardType::ALL
            .get(usize::from(t))
            .copied()
            .ok_or_else(|| p.key("type").err(format!("there is no card type {t} (types are numbered 0 to 7)")))?;
        let created = after(first_created[i].unwrap_or(0), cards.created[i], unit, &p.key("created_at"))?;
        list.push(v1::Card {
            id: id.into_owned(),
            title: title.into_owned(),
            card_type: v1::card_type_of(card_type),
            column: column(cards.column[i], &p.key("column"))?,
            lane: lane(cards.lane[i], &p.key("lane"))?,
            created_at: instant(&t0, created, &p.key("created_at"))?,
            owner: match cards.owner[i] {
                0 => None,
                o => Some(string(o - 1, &p.key("owner"))?),
            },
            tags: cards.tags[i].iter().map(|&t| string(t, &p.key("tags"))).collect::<R<_>>()?,
            description: None,
            blocked: None,
            hypothesis: None,
            dataset: None,
            metric: None,
            links: Vec::new(),
            compute: None,
            parent: None,
            extra: Extra::new(),
        });
    }
    let more_path = cards_path.key("more");
    let mut last = None;
    for (j, m) in cards.more.into_iter().enumerate() {
        let i = m.card as usize;
        let p = more_path.index(j);
        if i >= ncards {
            return Err(p.key("card").err(format!("there is no card {i} (there are {ncards})")));
        }
        if let Some(l) = last.filter(|l| *l >= i) {
            return Err(p.key("card").err(format!("card {i} is not after the card before it ({l})")));
        }
        last = Some(i);
        let c = &mut list[i];
        c.description = m.description.map(Cow::into_owned);
        c.blocked = m.blocked;
        c.hypothesis = m.hypothesis.map(Cow::into_owned);
        c.dataset = m.dataset.map(Cow::into_owned);
        c.metric = m.metric;
        c.links = m.links.into_iter().map(Cow::into_owned).collect();
        c.compute = m.compute;
        c.parent = m.parent.map(Cow::into_owned);
        c.extra = m.extra.into_owned();
    }

    Ok(v1::Board {
        id: id.into_owned(),
        name: name.into_owned(),
        timezone,
        columns,
        lanes,
        cycle,
        convention,
        cards: list,
        events: out,
        wip,
        blocker_labels: blocker_labels.into_iter().map(Cow::into_owned).collect(),
        demo,
        extra: extra.into_owned(),
    })
}
