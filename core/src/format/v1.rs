//! Version 1 of the board file: its serialized structs, how they are read from
//! JSON (with a path for every error), checked, and converted to and from the
//! domain types of [`crate::model`].
//!
//! Key design decision: these structs mirror the file, not the model. Enums are
//! their own wire enums, optional fields stay optional, and events are one flat
//! struct with optional fields (no `serde(flatten)`, which is slow on 100k
//! events). Reading is written by hand over a parsed [`serde_json::Value`]
//! rather than derived, so that every refusal names its JSON path. The reader
//! only checks shapes and types; every rule on values (ids not empty, limits
//! at least 1, ...) and across fields is checked by [`into_domain`], so a
//! [`File`] built any other way (the stored form of `compact.rs`) meets the
//! same rules. The small parts the stored form reuses (columns, lanes, cycle,
//! WIP policy, block, metric) also derive `Deserialize`.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{FixedOffset, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::read::{self, clip, Obj, Path, R};
use super::FORMAT_NAME;
use crate::model::{self, Extra, Instant};

// ---------------------------------------------------------------- wire types

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    Backlog,
    Active,
    Queue,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CardType {
    Data,
    Feature,
    Experiment,
    Model,
    Deployment,
    Monitoring,
    Retraining,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    ActionableAgile,
    JiraAgileMetrics,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Created,
    Moved,
    Blocked,
    Unblocked,
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct File {
    pub format: &'static str,
    pub version: u64,
    #[serde(serialize_with = "ser_opt_time", skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<Instant>,
    pub boards: Vec<Board>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Board {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "ser_tz")]
    pub timezone: FixedOffset,
    pub columns: Vec<Column>,
    pub lanes: Vec<Lane>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle: Option<Cycle>,
    pub convention: Convention,
    pub cards: Vec<Card>,
    pub events: Vec<Event>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wip: Option<Wip>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocker_labels: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub demo: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub id: String,
    pub name: String,
    pub kind: ColumnKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wip_limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compute_limit: Option<f64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub type_limits: BTreeMap<CardType, u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wip_limit: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cycle {
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wip {
    pub count_blocked: bool,
    pub queue_counts_for_person: bool,
    pub hard: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cell_limits: Vec<CellLimit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_limit: Option<u32>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub person_limits: BTreeMap<String, u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellLimit {
    pub column: String,
    pub lane: String,
    pub limit: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Card {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub card_type: CardType,
    pub column: String,
    pub lane: String,
    #[serde(serialize_with = "ser_time")]
    pub created_at: Instant,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hypothesis: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<Metric>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compute: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(serialize_with = "ser_time", deserialize_with = "de_time")]
    pub since: Instant,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved: Option<f64>,
}

/// One event, flat: the fields a kind does not use are `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    #[serde(serialize_with = "ser_time")]
    pub at: Instant,
    pub card: String,
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lane: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_lane: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_lane: Option<String>,
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Times are written as RFC 3339 in UTC with a `Z`, fractions only when present.
pub fn format_time(t: &Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub(super) fn ser_time<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_time(t))
}

/// Reads a time written by [`ser_time`] (any RFC 3339 time with an offset).
pub(super) fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    read::parse_time(&s).map_err(serde::de::Error::custom)
}

fn ser_opt_time<S: Serializer>(t: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser_time(t, s),
        None => s.serialize_none(),
    }
}

/// A fixed offset as `+HH:MM`.
pub fn format_tz(tz: &FixedOffset) -> String {
    let secs = tz.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

pub(super) fn ser_tz<S: Serializer>(tz: &FixedOffset, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_tz(tz))
}

/// Reads an offset written by [`ser_tz`].
pub(super) fn de_tz<'de, D: Deserializer<'de>>(d: D) -> Result<FixedOffset, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    parse_tz(&s).map_err(serde::de::Error::custom)
}

// Field names each struct knows: an `extra` entry with one of these names is
// never written (it would duplicate a key).
const BOARD_KEYS: &[&str] = &[
    "id", "name", "timezone", "columns", "lanes", "cycle", "convention", "cards", "events", "wip",
    "blocker_labels", "demo",
];
const COLUMN_KEYS: &[&str] = &["id", "name", "kind", "wip_limit", "compute_limit", "type_limits"];
const LANE_KEYS: &[&str] = &["id", "name", "wip_limit"];
const CARD_KEYS: &[&str] = &[
    "id", "title", "type", "column", "lane", "created_at", "owner", "tags", "description", "blocked",
    "hypothesis", "dataset", "metric", "links", "compute", "parent",
];

fn clean_extra(extra: &Extra, known: &[&str]) -> Extra {
    extra.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

// ---------------------------------------------------------------- reading

fn enum_value<T: Copy>(v: Value, path: &Path, all: &[(&str, T)], what: &str) -> R<T> {
    let s = read::string(v, path)?;
    all.iter().find(|(n, _)| *n == s).map(|(_, t)| *t).ok_or_else(|| {
        let names: Vec<String> = all.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        path.err(format!("unknown {what} \"{}\"; expected one of {}", clip(&s), names.join(", ")))
    })
}

const COLUMN_KINDS: [(&str, ColumnKind); 4] = [
    ("backlog", ColumnKind::Backlog),
    ("active", ColumnKind::Active),
    ("queue", ColumnKind::Queue),
    ("done", ColumnKind::Done),
];
const CARD_TYPES: [(&str, CardType); 8] = [
    ("data", CardType::Data),
    ("feature", CardType::Feature),
    ("experiment", CardType::Experiment),
    ("model", CardType::Model),
    ("deployment", CardType::Deployment),
    ("monitoring", CardType::Monitoring),
    ("retraining", CardType::Retraining),
    ("other", CardType::Other),
];
const CONVENTIONS: [(&str, Convention); 2] =
    [("actionable-agile", Convention::ActionableAgile), ("jira-agile-metrics", Convention::JiraAgileMetrics)];
const EVENT_KINDS: [(&str, EventKind); 5] = [
    ("created", EventKind::Created),
    ("moved", EventKind::Moved),
    ("blocked", EventKind::Blocked),
    ("unblocked", EventKind::Unblocked),
    ("deleted", EventKind::Deleted),
];

/// A UTC offset written `+HH:MM` or `-HH:MM`, less than 24 hours.
fn timezone(v: Value, path: &Path) -> R<FixedOffset> {
    parse_tz(&read::string(v, path)?).map_err(|m| path.err(m))
}

/// [`timezone`] on a string; the error is the message.
fn parse_tz(s: &str) -> Result<FixedOffset, String> {
    let b = s.as_bytes();
    let digit = |i: usize| (b[i] as char).to_digit(10);
    let parsed = (b.len() == 6 && (b[0] == b'+' || b[0] == b'-') && b[3] == b':')
        .then(|| Some((digit(1)? * 10 + digit(2)?, digit(4)? * 10 + digit(5)?)))
        .flatten()
        .filter(|(h, m)| *h < 24 && *m < 60);
    let (h, m) =
        parsed.ok_or_else(|| format!("\"{}\" is not a UTC offset written +HH:MM or -HH:MM (e.g. +08:00)", clip(s)))?;
    let secs = ((h * 60 + m) * 60) as i32;
    FixedOffset::east_opt(if b[0] == b'-' { -secs } else { secs }).ok_or_else(|| "the offset is out of range".into())
}

/// Reads a whole version-1 file (its `format` and `version` already checked).
pub fn read_file(v: Value) -> R<File> {
    let root = Path::ROOT;
    let mut o = Obj::new(v, &root)?;
    o.map.remove("format");
    o.map.remove("version");
    let exported_at = o.opt("exported_at", read::time)?;
    let boards = o.req("boards", |v, p| {
        read::array(v, p)?.into_iter().enumerate().map(|(i, b)| read_board(b, &p.index(i))).collect::<R<Vec<_>>>()
    })?;
    Ok(File { format: FORMAT_NAME, version: 1, exported_at, boards })
}

fn read_board(v: Value, path: &Path) -> R<Board> {
    let mut o = Obj::new(v, path)?;
    let id = o.req("id", read::string)?;
    let name = o.req("name", read::string)?;
    let timezone = o.opt("timezone", timezone)?.unwrap_or(FixedOffset::east_opt(0).expect("zero"));
    let columns = o.req("columns", |v, p| {
        read::array(v, p)?.into_iter().enumerate().map(|(i, c)| read_column(c, &p.index(i))).collect::<R<Vec<_>>>()
    })?;
    let lanes = o.req("lanes", |v, p| {
        read::array(v, p)?.into_iter().enumerate().map(|(i, l)| read_lane(l, &p.index(i))).collect::<R<Vec<_>>>()
    })?;
    let cycle = o.opt("cycle", |v, p| {
        let mut c = Obj::new(v, p)?;
        Ok(Cycle { start: c.req("start", read::string)?, end: c.req("end", read::string)? })
    })?;
    let convention = o
        .opt("convention", |v, p| enum_value(v, p, &CONVENTIONS, "convention"))?
        .unwrap_or(Convention::ActionableAgile);
    let cards = o.list("cards", read_card)?;
    let events = o.list("events", read_event)?;
    let wip = o.opt("wip", read_wip)?;
    let blocker_labels = o.list("blocker_labels", read::string)?;
    let demo = o.opt("demo", read::boolean)?.unwrap_or(false);
    Ok(Board {
        id,
        name,
        timezone,
        columns,
        lanes,
        cycle,
        convention,
        cards,
        events,
        wip,
        blocker_labels,
        demo,
        extra: o.rest(),
    })
}

fn read_column(v: Value, path: &Path) -> R<Column> {
    let mut o = Obj::new(v, path)?;
    let id = o.req("id", read::string)?;
    let name = o.req("name", read::string)?;
    let kind = o.req("kind", |v, p| enum_value(v, p, &COLUMN_KINDS, "column kind"))?;
    let wip_limit = o.opt("wip_limit", read::limit)?;
    let compute_limit = o.opt("compute_limit", read::number)?;
    let type_limits = o
        .opt("type_limits", |v, p| {
            let m = read::object(v, p)?;
            let mut out = BTreeMap::new();
            for (k, x) in m {
                let kp = p.key(&k);
                let t = enum_value(Value::String(k.clone()), &kp, &CARD_TYPES, "card type")?;
                out.insert(t, read::limit(x, &kp)?);
            }
            Ok(out)
        })?
        .unwrap_or_default();
    Ok(Column { id, name, kind, wip_limit, compute_limit, type_limits, extra: o.rest() })
}

fn read_lane(v: Value, path: &Path) -> R<Lane> {
    let mut o = Obj::new(v, path)?;
    let id = o.req("id", read::string)?;
    let name = o.req("name", read::string)?;
    let wip_limit = o.opt("wip_limit", read::limit)?;
    Ok(Lane { id, name, wip_limit, extra: o.rest() })
}

fn read_wip(v: Value, path: &Path) -> R<Wip> {
    let mut o = Obj::new(v, path)?;
    let d = model::WipPolicy::default();
    Ok(Wip {
        count_blocked: o.opt("count_blocked", read::boolean)?.unwrap_or(d.count_blocked),
        queue_counts_for_person: o
            .opt("queue_counts_for_person", read::boolean)?
            .unwrap_or(d.queue_counts_for_person),
        hard: o.opt("hard", read::boolean)?.unwrap_or(d.hard),
        cell_limits: o.list("cell_limits", |v, p| {
            let mut c = Obj::new(v, p)?;
            Ok(CellLimit {
                column: c.req("column", read::string)?,
                lane: c.req("lane", read::string)?,
                limit: c.req("limit", read::limit)?,
            })
        })?,
        person_limit: o.opt("person_limit", read::limit)?,
        person_limits: o
            .opt("person_limits", |v, p| {
                read::object(v, p)?.into_iter().map(|(k, x)| Ok((k.clone(), read::limit(x, &p.key(&k))?))).collect()
            })?
            .unwrap_or_default(),
    })
}

fn read_card(v: Value, path: &Path) -> R<Card> {
    let mut o = Obj::new(v, path)?;
    let id = o.req("id", read::string)?;
    let title = o.req("title", read::string)?;
    let card_type = o.opt("type", |v, p| enum_value(v, p, &CARD_TYPES, "card type"))?.unwrap_or(CardType::Other);
    let column = o.req("column", read::string)?;
    let lane = o.req("lane", read::string)?;
    let created_at = o.req("created_at", read::time)?;
    let owner = o.opt("owner", read::string)?;
    let tags = o.list("tags", read::string)?;
    let description = o.opt("description", read::string)?;
    let blocked = o.opt("blocked", |v, p| {
        let mut b = Obj::new(v, p)?;
        Ok(Block {
            reason: b.req("reason", read::string)?,
            note: b.opt("note", read::string)?,
            since: b.req("since", read::time)?,
        })
    })?;
    let hypothesis = o.opt("hypothesis", read::string)?;
    let dataset = o.opt("dataset", read::string)?;
    let metric = o.opt("metric", |v, p| {
        let mut m = Obj::new(v, p)?;
        Ok(Metric {
            name: m.req("name", read::string)?,
            target: m.opt("target", read::number)?,
            achieved: m.opt("achieved", read::number)?,
        })
    })?;
    let links = o.list("links", read::string)?;
    let compute = o.opt("compute", read::number)?;
    let parent = o.opt("parent", read::string)?;
    Ok(Card {
        id,
        title,
        card_type,
        column,
        lane,
        created_at,
        owner,
        tags,
        description,
        blocked,
        hypothesis,
        dataset,
        metric,
        links,
        compute,
        parent,
        extra: o.rest(),
    })
}

impl Event {
    /// An event of `kind` with none of its optional fields; readers fill in what they find.
    pub(super) fn bare(at: Instant, card: String, kind: EventKind) -> Self {
        Event {
            at,
            card,
            kind,
            column: None,
            lane: None,
            from: None,
            to: None,
            from_lane: None,
            to_lane: None,
            override_reason: None,
            reason: None,
            note: None,
        }
    }
}

fn read_event(v: Value, path: &Path) -> R<Event> {
    let mut o = Obj::new(v, path)?;
    let at = o.req("at", read::time)?;
    let card = o.req("card", read::string)?;
    let kind = o.req("kind", |v, p| enum_value(v, p, &EVENT_KINDS, "event kind"))?;
    let mut e = Event::bare(at, card, kind);
    match kind {
        EventKind::Created => {
            e.column = Some(o.req("column", read::string)?);
            e.lane = Some(o.req("lane", read::string)?);
        }
        EventKind::Moved => {
            e.from = Some(o.req("from", read::string)?);
            e.to = Some(o.req("to", read::string)?);
            e.from_lane = o.opt("from_lane", read::string)?;
            e.to_lane = o.opt("to_lane", read::string)?;
            e.override_reason = o.opt("override", read::string)?;
        }
        EventKind::Blocked => {
            e.reason = Some(o.req("reason", read::string)?);
            e.note = o.opt("note", read::string)?;
        }
        EventKind::Unblocked | EventKind::Deleted => {}
    }
    Ok(e)
}

// ---------------------------------------------------------------- checking

/// Checks the rules on single values that the types leave open, in the order
/// the fields appear in a file: ids are not empty, a board has columns and
/// lanes, limits are at least 1, compute limits more than 0, blocker labels
/// are not blank.
fn check_values(b: &Board, path: &Path) -> R<()> {
    fn id(s: &str, p: &Path) -> R<()> {
        if s.is_empty() {
            Err(p.err("an id cannot be empty"))
        } else {
            Ok(())
        }
    }
    fn opt_id(s: &Option<String>, p: &Path) -> R<()> {
        s.as_deref().map_or(Ok(()), |s| id(s, p))
    }
    fn limit(n: Option<u32>, p: &Path) -> R<()> {
        if n == Some(0) {
            Err(p.err("a limit must be at least 1"))
        } else {
            Ok(())
        }
    }
    id(&b.id, &path.key("id"))?;
    let columns = path.key("columns");
    if b.columns.is_empty() {
        return Err(columns.err("a board needs at least one column"));
    }
    for (i, c) in b.columns.iter().enumerate() {
        let p = columns.index(i);
        id(&c.id, &p.key("id"))?;
        limit(c.wip_limit, &p.key("wip_limit"))?;
        if c.compute_limit.is_some_and(|x| x.is_nan() || x <= 0.0) {
            return Err(p.key("compute_limit").err("a compute limit must be more than 0"));
        }
        let tp = p.key("type_limits");
        for (t, n) in &c.type_limits {
            limit(Some(*n), &tp.key(card_type_to_domain(*t).as_str()))?;
        }
    }
    let lanes = path.key("lanes");
    if b.lanes.is_empty() {
        return Err(lanes.err("a board needs at least one lane"));
    }
    for (i, l) in b.lanes.iter().enumerate() {
        let p = lanes.index(i);
        id(&l.id, &p.key("id"))?;
        limit(l.wip_limit, &p.key("wip_limit"))?;
    }
    if let Some(c) = &b.cycle {
        let p = path.key("cycle");
        id(&c.start, &p.key("start"))?;
        id(&c.end, &p.key("end"))?;
    }
    let cards = path.key("cards");
    for (i, c) in b.cards.iter().enumerate() {
        let p = cards.index(i);
        id(&c.id, &p.key("id"))?;
        id(&c.column, &p.key("column"))?;
        id(&c.lane, &p.key("lane"))?;
        if let Some(bl) = &c.blocked {
            id(&bl.reason, &p.key("blocked").key("reason"))?;
        }
    }
    let events = path.key("events");
    for (i, e) in b.events.iter().enumerate() {
        let p = events.index(i);
        id(&e.card, &p.key("card"))?;
        for (key, v) in [
            ("column", &e.column),
            ("lane", &e.lane),
            ("from", &e.from),
            ("to", &e.to),
            ("from_lane", &e.from_lane),
            ("to_lane", &e.to_lane),
            ("reason", &e.reason),
        ] {
            opt_id(v, &p.key(key))?;
        }
    }
    if let Some(w) = &b.wip {
        let wp = path.key("wip");
        let cp = wp.key("cell_limits");
        for (i, l) in w.cell_limits.iter().enumerate() {
            let p = cp.index(i);
            id(&l.column, &p.key("column"))?;
            id(&l.lane, &p.key("lane"))?;
            limit(Some(l.limit), &p.key("limit"))?;
        }
        limit(w.person_limit, &wp.key("person_limit"))?;
        let pp = wp.key("person_limits");
        for (name, n) in &w.person_limits {
            limit(Some(*n), &pp.key(name))?;
        }
    }
    let labels = path.key("blocker_labels");
    if let Some(i) = b.blocker_labels.iter().position(|l| l.trim().is_empty()) {
        return Err(labels.index(i).err("a blocker label cannot be empty"));
    }
    Ok(())
}

/// Checks the rules that span fields of one board: unique ids, references to
/// columns and lanes (of cards, the cycle and cell limits), blocker labels,
/// events oldest first, and that each card sits where its last
/// `created`/`moved` event put it; first, the rules on single values
/// ([`check_values`]).
fn check_board(b: &Board, path: &Path) -> R<()> {
    check_values(b, path)?;
    let columns = unique_ids(b.columns.iter().map(|c| c.id.as_str()), &path.key("columns"), "column")?;
    let lanes = unique_ids(b.lanes.iter().map(|l| l.id.as_str()), &path.key("lanes"), "lane")?;
    unique_ids(b.cards.iter().map(|c| c.id.as_str()), &path.key("cards"), "card")?;
    let column = |id: &str, p: &Path| -> R<usize> {
        columns.get(id).copied().ok_or_else(|| p.err(format!("there is no column \"{}\" on this board", clip(id))))
    };
    let lane = |id: &str, p: &Path| -> R<()> {
        if lanes.contains_key(id) {
            Ok(())
        } else {
            Err(p.err(format!("there is no lane \"{}\" on this board", clip(id))))
        }
    };

    if let Some(c) = &b.cycle {
        let p = path.key("cycle");
        let s = column(&c.start, &p.key("start"))?;
        let e = column(&c.end, &p.key("end"))?;
        if s > e {
            return Err(p.err(format!(
                "the cycle starts at \"{}\", right of where it ends, \"{}\"",
                clip(&c.start),
                clip(&c.end)
            )));
        }
    }
    if let Some(w) = &b.wip {
        let wp = path.key("wip");
        let p = wp.key("cell_limits");
        for (i, l) in w.cell_limits.iter().enumerate() {
            let q = p.index(i);
            column(&l.column, &q.key("column"))?;
            lane(&l.lane, &q.key("lane"))?;
        }
    }

    let labels: HashSet<&str> =
        model::BLOCKER_REASONS.iter().copied().chain(b.blocker_labels.iter().map(String::as_str)).collect();
    let cards_path = path.key("cards");
    for (i, c) in b.cards.iter().enumerate() {
        let p = cards_path.index(i);
        column(&c.column, &p.key("column"))?;
        lane(&c.lane, &p.key("lane"))?;
        if let Some(bl) = &c.blocked {
            if !labels.contains(bl.reason.as_str()) {
                return Err(p.key("blocked").key("reason").err(format!(
                    "\"{}\" is neither a standard blocker reason nor one of this board's blocker_labels",
                    clip(&bl.reason)
                )));
            }
        }
    }

    // Each card's last created/moved event: (event index, column, lane if named).
    let events_path = path.key("events");
    let mut last: HashMap<&str, (usize, &str, Option<&str>)> = HashMap::with_capacity(b.cards.len());
    for (i, e) in b.events.iter().enumerate() {
        let p = events_path.index(i);
        if let Some(before) = i.checked_sub(1).map(|j| &b.events[j]).filter(|before| e.at < before.at) {
            return Err(p.key("at").err(format!(
                "events are listed oldest first, but this one ({}) is older than the one before it ({})",
                format_time(&e.at),
                format_time(&before.at)
            )));
        }
        match e.kind {
            // History may name columns and lanes no longer on the board (see
            // the module doc of `format`); only where a card now is must exist.
            EventKind::Created => {
                let (c, l) = (e.column.as_deref().unwrap_or(""), e.lane.as_deref().unwrap_or(""));
                last.insert(&e.card, (i, c, Some(l)));
            }
            EventKind::Moved => {
                let to = e.to.as_deref().unwrap_or("");
                let keep = last.get(e.card.as_str()).and_then(|x| x.2);
                last.insert(&e.card, (i, to, e.to_lane.as_deref().or(keep)));
            }
            EventKind::Blocked | EventKind::Unblocked | EventKind::Deleted => {}
        }
    }
    for (i, c) in b.cards.iter().enumerate() {
        let Some(&(ei, col, ln)) = last.get(c.id.as_str()) else { continue };
        let p = cards_path.index(i);
        // Rendered only for a message: on a valid board it would cost more than the check.
        let ep = || events_path.index(ei).render();
        if col != c.column {
            let ep = ep();
            return Err(p.key("column").err(format!(
                "card \"{}\" is in column \"{}\", but its last created/moved event ({ep}) put it in \"{}\"",
                clip(&c.id),
                clip(&c.column),
                clip(col)
            )));
        }
        if let Some(ln) = ln.filter(|ln| *ln != c.lane) {
            let ep = ep();
            return Err(p.key("lane").err(format!(
                "card \"{}\" is in lane \"{}\", but its last created/moved event ({ep}) put it in \"{}\"",
                clip(&c.id),
                clip(&c.lane),
                clip(ln)
            )));
        }
    }
    Ok(())
}

/// Checks that ids are unique; returns each id's index.
fn unique_ids<'a>(ids: impl Iterator<Item = &'a str>, path: &Path, what: &str) -> R<HashMap<&'a str, usize>> {
    let mut seen = HashMap::with_capacity(ids.size_hint().0);
    for (i, id) in ids.enumerate() {
        if let Some(first) = seen.insert(id, i) {
            return Err(path
                .index(i)
                .key("id")
                .err(format!("{what} id \"{}\" is already used by {}", clip(id), path.index(first).render())));
        }
    }
    Ok(seen)
}

// ---------------------------------------------------------------- to the model

/// Checks a file (read from JSON or built otherwise) against every rule of the
/// format and converts it to domain boards.
pub fn into_domain(file: File) -> R<Vec<model::Board>> {
    let root = Path::ROOT;
    let boards_path = root.key("boards");
    if file.boards.is_empty() {
        return Err(boards_path.err("a file holds at least one board"));
    }
    let mut ids = HashSet::new();
    for (i, b) in file.boards.iter().enumerate() {
        let p = boards_path.index(i);
        if !ids.insert(b.id.as_str()) {
            return Err(p.key("id").err(format!("board id \"{}\" appears twice in this file", clip(&b.id))));
        }
        check_board(b, &p)?;
    }
    Ok(file.boards.into_iter().map(board_to_domain).collect())
}

fn column_kind_to_domain(k: ColumnKind) -> model::ColumnKind {
    match k {
        ColumnKind::Backlog => model::ColumnKind::Backlog,
        ColumnKind::Active => model::ColumnKind::Active,
        ColumnKind::Queue => model::ColumnKind::Queue,
        ColumnKind::Done => model::ColumnKind::Done,
    }
}

fn card_type_to_domain(t: CardType) -> model::CardType {
    match t {
        CardType::Data => model::CardType::Data,
        CardType::Feature => model::CardType::Feature,
        CardType::Experiment => model::CardType::Experiment,
        CardType::Model => model::CardType::Model,
        CardType::Deployment => model::CardType::Deployment,
        CardType::Monitoring => model::CardType::Monitoring,
        CardType::Retraining => model::CardType::Retraining,
        CardType::Other => model::CardType::Other,
    }
}

fn board_to_domain(b: Board) -> model::Board {
    model::Board {
        id: b.id,
        name: b.name,
        timezone: b.timezone,
        columns: b
            .columns
            .into_iter()
            .map(|c| model::Column {
                id: c.id,
                name: c.name,
                kind: column_kind_to_domain(c.kind),
                wip_limit: c.wip_limit,
                compute_limit: c.compute_limit,
                type_limits: c.type_limits.into_iter().map(|(t, n)| (card_type_to_domain(t), n)).collect(),
                extra: c.extra,
            })
            .collect(),
        lanes: b
            .lanes
            .into_iter()
            .map(|l| model::Lane { id: l.id, name: l.name, wip_limit: l.wip_limit, extra: l.extra })
            .collect(),
        cycle: b.cycle.map(|c| model::Cycle { start: c.start, end: c.end }),
        convention: match b.convention {
            Convention::ActionableAgile => model::Convention::ActionableAgile,
            Convention::JiraAgileMetrics => model::Convention::JiraAgileMetrics,
        },
        cards: b
            .cards
            .into_iter()
            .map(|c| model::Card {
                id: c.id,
                title: c.title,
                card_type: card_type_to_domain(c.card_type),
                column: c.column,
                lane: c.lane,
                created_at: c.created_at,
                owner: c.owner,
                tags: c.tags,
                description: c.description,
                blocked: c.blocked.map(|b| model::Block { reason: b.reason, note: b.note, since: b.since }),
                hypothesis: c.hypothesis,
                dataset: c.dataset,
                metric: c.metric.map(|m| model::Metric { name: m.name, target: m.target, achieved: m.achieved }),
                links: c.links,
                compute: c.compute,
                parent: c.parent,
                extra: c.extra,
            })
            .collect(),
        events: b.events.into_iter().map(event_to_domain).collect(),
        wip: b
            .wip
            .map(|w| model::WipPolicy {
                count_blocked: w.count_blocked,
                queue_counts_for_person: w.queue_counts_for_person,
                hard: w.hard,
                cell_limits: w
                    .cell_limits
                    .into_iter()
                    .map(|l| model::CellLimit { column: l.column, lane: l.lane, limit: l.limit })
                    .collect(),
                person_limit: w.person_limit,
                person_limits: w.person_limits,
            })
            .unwrap_or_default(),
        blocker_labels: b.blocker_labels,
        demo: b.demo,
        extra: b.extra,
    }
}

fn event_to_domain(e: Event) -> model::Event {
    let kind = match e.kind {
        EventKind::Created => model::EventKind::Created {
            column: e.column.unwrap_or_default(),
            lane: e.lane.unwrap_or_default(),
        },
        EventKind::Moved => model::EventKind::Moved {
            from: e.from.unwrap_or_default(),
            to: e.to.unwrap_or_default(),
            from_lane: e.from_lane,
            to_lane: e.to_lane,
            override_reason: e.override_reason,
        },
        EventKind::Blocked => {
            model::EventKind::Blocked { reason: e.reason.unwrap_or_default(), note: e.note }
        }
        EventKind::Unblocked => model::EventKind::Unblocked,
        EventKind::Deleted => model::EventKind::Deleted,
    };
    model::Event { at: e.at, card: e.card, kind }
}

// ---------------------------------------------------------------- from the model

fn column_kind_of(k: model::ColumnKind) -> ColumnKind {
    match k {
        model::ColumnKind::Backlog => ColumnKind::Backlog,
        model::ColumnKind::Active => ColumnKind::Active,
        model::ColumnKind::Queue => ColumnKind::Queue,
        model::ColumnKind::Done => ColumnKind::Done,
    }
}

pub(super) fn card_type_of(t: model::CardType) -> CardType {
    match t {
        model::CardType::Data => CardType::Data,
        model::CardType::Feature => CardType::Feature,
        model::CardType::Experiment => CardType::Experiment,
        model::CardType::Model => CardType::Model,
        model::CardType::Deployment => CardType::Deployment,
        model::CardType::Monitoring => CardType::Monitoring,
        model::CardType::Retraining => CardType::Retraining,
        model::CardType::Other => CardType::Other,
    }
}

/// The version-1 file of some domain boards.
pub fn from_domain(boards: &[model::Board], exported_at: Instant) -> File {
    File { format: FORMAT_NAME, version: 1, exported_at: Some(exported_at), boards: boards.iter().map(board_of).collect() }
}

fn board_of(b: &model::Board) -> Board {
    Board {
        id: b.id.clone(),
        name: b.name.clone(),
        timezone: b.timezone,
        columns: b.columns.iter().map(column_of).collect(),
        lanes: b.lanes.iter().map(lane_of).collect(),
        cycle: b.cycle.as_ref().map(|c| Cycle { start: c.start.clone(), end: c.end.clone() }),
        convention: convention_of(b.convention),
        cards: b.cards.iter().map(card_of).collect(),
        events: b.events.iter().map(event_of).collect(),
        wip: wip_of(&b.wip),
        blocker_labels: b.blocker_labels.clone(),
        demo: b.demo,
        extra: clean_extra(&b.extra, BOARD_KEYS),
    }
}

pub(super) fn column_of(c: &model::Column) -> Column {
    Column {
        id: c.id.clone(),
        name: c.name.clone(),
        kind: column_kind_of(c.kind),
        wip_limit: c.wip_limit,
        compute_limit: c.compute_limit,
        type_limits: c.type_limits.iter().map(|(t, n)| (card_type_of(*t), *n)).collect(),
        extra: clean_extra(&c.extra, COLUMN_KEYS),
    }
}

pub(super) fn lane_of(l: &model::Lane) -> Lane {
    Lane { id: l.id.clone(), name: l.name.clone(), wip_limit: l.wip_limit, extra: clean_extra(&l.extra, LANE_KEYS) }
}

pub(super) fn convention_of(c: model::Convention) -> Convention {
    match c {
        model::Convention::ActionableAgile => Convention::ActionableAgile,
        model::Convention::JiraAgileMetrics => Convention::JiraAgileMetrics,
    }
}

/// The policy as written: `None` when it is the default.
pub(super) fn wip_of(w: &model::WipPolicy) -> Option<Wip> {
    (*w != model::WipPolicy::default()).then(|| Wip {
        count_blocked: w.count_blocked,
        queue_counts_for_person: w.queue_counts_for_person,
        hard: w.hard,
        cell_limits: w
            .cell_limits
            .iter()
            .map(|l| CellLimit { column: l.column.clone(), lane: l.lane.clone(), limit: l.limit })
            .collect(),
        person_limit: w.person_limit,
        person_limits: w.person_limits.clone(),
    })
}

fn card_of(c: &model::Card) -> Card {
    Card {
        id: c.id.clone(),
        title: c.title.clone(),
        card_type: card_type_of(c.card_type),
        column: c.column.clone(),
        lane: c.lane.clone(),
        created_at: c.created_at,
        owner: c.owner.clone(),
        tags: c.tags.clone(),
        description: c.description.clone(),
        blocked: c.blocked.as_ref().map(|b| Block { reason: b.reason.clone(), note: b.note.clone(), since: b.since }),
        hypothesis: c.hypothesis.clone(),
        dataset: c.dataset.clone(),
        metric: c.metric.as_ref().map(|m| Metric { name: m.name.clone(), target: m.target, achieved: m.achieved }),
        links: c.links.clone(),
        compute: c.compute,
        parent: c.parent.clone(),
        extra: clean_extra(&c.extra, CARD_KEYS),
    }
}

fn event_of(e: &model::Event) -> Event {
    let mut out = Event::bare(e.at, e.card.clone(), EventKind::Unblocked);
    match &e.kind {
        model::EventKind::Created { column, lane } => {
            out.kind = EventKind::Created;
            out.column = Some(column.clone());
            out.lane = Some(lane.clone());
        }
        model::EventKind::Moved { from, to, from_lane, to_lane, override_reason } => {
            out.kind = EventKind::Moved;
            out.from = Some(from.clone());
            out.to = Some(to.clone());
            out.from_lane = from_lane.clone();
            out.to_lane = to_lane.clone();
            out.override_reason = override_reason.clone();
        }
        model::EventKind::Blocked { reason, note } => {
            out.kind = EventKind::Blocked;
            out.reason = Some(reason.clone());
            out.note = note.clone();
        }
        model::EventKind::Unblocked => out.kind = EventKind::Unblocked,
        model::EventKind::Deleted => out.kind = EventKind::Deleted,
    }
    out
}
