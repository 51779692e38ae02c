//! The board model: plain data, no behaviour beyond small lookups.
//!
//! These are domain types, not serialized types: the file format has its own
//! structs in [`crate::format`], converted to and from these.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};

/// Unknown JSON fields of a file, kept so that a round trip does not drop them.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// A point in time. The core never reads the clock: callers pass `now` in.
pub type Instant = DateTime<Utc>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColumnKind {
    /// Not started yet.
    Backlog,
    /// Work is being done.
    Active,
    /// Work waits: a hand-off, an approval gate, a job waiting for compute.
    Queue,
    /// Finished.
    Done,
}

impl ColumnKind {
    pub const ALL: [ColumnKind; 4] = [Self::Backlog, Self::Active, Self::Queue, Self::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Backlog => "backlog",
            Self::Active => "active",
            Self::Queue => "queue",
            Self::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum CardType {
    Data,
    Feature,
    Experiment,
    Model,
    Deployment,
    Monitoring,
    Retraining,
    #[default]
    Other,
}

impl CardType {
    pub const ALL: [CardType; 8] = [
        Self::Data,
        Self::Feature,
        Self::Experiment,
        Self::Model,
        Self::Deployment,
        Self::Monitoring,
        Self::Retraining,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Feature => "feature",
            Self::Experiment => "experiment",
            Self::Model => "model",
            Self::Deployment => "deployment",
            Self::Monitoring => "monitoring",
            Self::Retraining => "retraining",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Convention {
    #[default]
    ActionableAgile,
    JiraAgileMetrics,
}

impl Convention {
    pub const ALL: [Convention; 2] = [Self::ActionableAgile, Self::JiraAgileMetrics];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ActionableAgile => "actionable-agile",
            Self::JiraAgileMetrics => "jira-agile-metrics",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The root-cause labels every board knows; a board may define more.
pub const BLOCKER_REASONS: [&str; 8] = [
    "data-quality",
    "data-access",
    "labeling",
    "compute",
    "approval",
    "infrastructure",
    "external",
    "other",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub id: String,
    pub name: String,
    pub kind: ColumnKind,
    /// Cap on the cards in this column across all lanes.
    pub wip_limit: Option<u32>,
    /// Cap on the total `compute` (GPUs, job slots) held by cards in this column.
    pub compute_limit: Option<f64>,
    /// Caps on cards of one type in this column (e.g. at most 3 experiments in Training).
    pub type_limits: BTreeMap<CardType, u32>,
    pub extra: Extra,
}

impl Column {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: ColumnKind) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind,
            wip_limit: None,
            compute_limit: None,
            type_limits: BTreeMap::new(),
            extra: Extra::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub id: String,
    pub name: String,
    pub wip_limit: Option<u32>,
    pub extra: Extra,
}

impl Lane {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self { id: id.into(), name: name.into(), wip_limit: None, extra: Extra::new() }
    }
}

/// Commitment and delivery points of cycle time, as column ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub name: String,
    pub target: Option<f64>,
    pub achieved: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub reason: String,
    pub note: Option<String>,
    pub since: Instant,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub card_type: CardType,
    pub column: String,
    pub lane: String,
    pub created_at: Instant,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub blocked: Option<Block>,
    pub hypothesis: Option<String>,
    pub dataset: Option<String>,
    pub metric: Option<Metric>,
    pub links: Vec<String>,
    pub compute: Option<f64>,
    pub parent: Option<String>,
    pub extra: Extra,
}

impl Card {
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        column: impl Into<String>,
        lane: impl Into<String>,
        created_at: Instant,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            card_type: CardType::Other,
            column: column.into(),
            lane: lane.into(),
            created_at,
            owner: None,
            tags: Vec::new(),
            description: None,
            blocked: None,
            hypothesis: None,
            dataset: None,
            metric: None,
            links: Vec::new(),
            compute: None,
            parent: None,
            extra: Extra::new(),
        }
    }

    /// The editable fields of a card, as the card dialog sees them.
    pub fn details(&self) -> CardDetails {
        CardDetails {
            title: self.title.clone(),
            card_type: self.card_type,
            owner: self.owner.clone(),
            tags: self.tags.clone(),
            description: self.description.clone(),
            hypothesis: self.hypothesis.clone(),
            dataset: self.dataset.clone(),
            metric: self.metric.clone(),
            links: self.links.clone(),
            compute: self.compute,
        }
    }

    pub fn set_details(&mut self, d: CardDetails) {
        self.title = d.title;
        self.card_type = d.card_type;
        self.owner = d.owner;
        self.tags = d.tags;
        self.description = d.description;
        self.hypothesis = d.hypothesis;
        self.dataset = d.dataset;
        self.metric = d.metric;
        self.links = d.links;
        self.compute = d.compute;
    }
}

/// Every field of a card a user edits in its dialog.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CardDetails {
    pub title: String,
    pub card_type: CardType,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub hypothesis: Option<String>,
    pub dataset: Option<String>,
    pub metric: Option<Metric>,
    pub links: Vec<String>,
    pub compute: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    Created { column: String, lane: String },
    Moved {
        from: String,
        to: String,
        from_lane: Option<String>,
        to_lane: Option<String>,
        /// Why a WIP limit was knowingly exceeded.
        override_reason: Option<String>,
    },
    Blocked { reason: String, note: Option<String> },
    Unblocked,
    Deleted,
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Created { .. } => "created",
            Self::Moved { .. } => "moved",
            Self::Blocked { .. } => "blocked",
            Self::Unblocked => "unblocked",
            Self::Deleted => "deleted",
        }
    }
}

/// One entry of the board's history. Flow metrics are computed from these alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at: Instant,
    pub card: String,
    pub kind: EventKind,
}

/// A cap on the cards in one cell (column x lane).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellLimit {
    pub column: String,
    pub lane: String,
    pub limit: u32,
}

/// WIP settings beyond the per-column and per-lane caps.
#[derive(Clone, Debug, PartialEq)]
pub struct WipPolicy {
    /// Whether blocked cards count toward limits (default: they do).
    pub count_blocked: bool,
    /// Whether cards in `queue` columns count toward a person's limit (default: no).
    pub queue_counts_for_person: bool,
    /// Hard limits ask for an override reason before a move; soft ones only warn.
    pub hard: bool,
    pub cell_limits: Vec<CellLimit>,
    /// A cap on cards each owner holds in the board's active columns.
    pub person_limit: Option<u32>,
    /// Caps for named owners, overriding `person_limit`.
    pub person_limits: BTreeMap<String, u32>,
}

impl Default for WipPolicy {
    fn default() -> Self {
        Self {
            count_blocked: true,
            queue_counts_for_person: false,
            hard: false,
            cell_limits: Vec::new(),
            person_limit: None,
            person_limits: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub id: String,
    pub name: String,
    /// The fixed offset in which the board's calendar days are counted.
    pub timezone: FixedOffset,
    pub columns: Vec<Column>,
    pub lanes: Vec<Lane>,
    /// `None`: the default, the first `active` and the first `done` column.
    pub cycle: Option<Cycle>,
    pub convention: Convention,
    /// Order within a cell is the order of this list.
    pub cards: Vec<Card>,
    /// Oldest first.
    pub events: Vec<Event>,
    pub wip: WipPolicy,
    /// Root-cause labels this board defines beyond [`BLOCKER_REASONS`].
    pub blocker_labels: Vec<String>,
    /// Generated demo data, marked so it can be told apart and removed.
    pub demo: bool,
    pub extra: Extra,
}

impl Board {
    pub fn empty(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            timezone: FixedOffset::east_opt(0).expect("zero offset"),
            columns: Vec::new(),
            lanes: Vec::new(),
            cycle: None,
            convention: Convention::default(),
            cards: Vec::new(),
            events: Vec::new(),
            wip: WipPolicy::default(),
            blocker_labels: Vec::new(),
            demo: false,
            extra: Extra::new(),
        }
    }

    pub fn column(&self, id: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    pub fn column_index(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }

    pub fn lane(&self, id: &str) -> Option<&Lane> {
        self.lanes.iter().find(|l| l.id == id)
    }

    pub fn lane_index(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == id)
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn card_index(&self, id: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.id == id)
    }

    /// Cards of one cell, in board order.
    pub fn cell<'a>(&'a self, column: &'a str, lane: &'a str) -> impl Iterator<Item = &'a Card> + 'a {
        self.cards.iter().filter(move |c| c.column == column && c.lane == lane)
    }

    /// The cycle in effect: the board's own, or the default (first active, first done).
    pub fn effective_cycle(&self) -> Option<Cycle> {
        if let Some(c) = &self.cycle {
            return Some(c.clone());
        }
        // The first active column, and the first done column at or right of it.
        let s = self.columns.iter().position(|c| c.kind == ColumnKind::Active)?;
        let e = s + self.columns[s..].iter().position(|c| c.kind == ColumnKind::Done)?;
        Some(Cycle { start: self.columns[s].id.clone(), end: self.columns[e].id.clone() })
    }

    /// Every root-cause label a card on this board may be blocked with.
    pub fn reasons(&self) -> impl Iterator<Item = &str> {
        BLOCKER_REASONS.iter().copied().chain(self.blocker_labels.iter().map(String::as_str))
    }

    /// Owners named on any card, sorted, each once.
    pub fn owners(&self) -> Vec<String> {
        distinct(self.cards.iter().filter_map(|c| c.owner.as_deref()))
    }

    /// Tags used on any card, sorted, each once.
    pub fn tags(&self) -> Vec<String> {
        distinct(self.cards.iter().flat_map(|c| c.tags.iter().map(String::as_str)))
    }
}

/// The distinct strings of `items`, sorted (a board of 10,000 cards has a handful of owners:
/// a set of borrowed names, not 10,000 copies sorted).
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    items.collect::<std::collections::BTreeSet<&str>>().into_iter().map(str::to_owned).collect()
}
