//! A realistic demo board: a year of ML portfolio work, generated in one call.
//!
//! Key design decision: the history is *simulated*, never written. A small
//! discrete-event simulation (a time-ordered queue of arrivals, daily pulls,
//! stage ends, blocks and unblocks, drift alerts) drives the board, and every
//! change it makes goes through [`crate::command::apply`] at a strictly
//! increasing moment. So the board's state always agrees with its events, WIP
//! limits are met or knowingly overridden exactly as the app would record it,
//! and everything the app does later (undo, metrics, export) works on it.
//!
//! The simulation is a pull system: the team pulls work from the backlog when
//! fewer cards than its WIP target are in progress, which keeps 15-30 cards in
//! flight and a few finished a week. Everything random comes from one
//! `Pcg64` seeded by the caller, drawn in one fixed order: the same `now` and
//! `seed` always give the same board.

mod catalog;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{Datelike, Duration, Timelike, Weekday};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::command::{apply, Command};
use crate::model::*;
use crate::template;
use catalog::{Project, OVERRIDE_REASONS, PEOPLE, PROJECTS};

/// The name of every demo board: it says it is demo data.
pub const DEMO_NAME: &str = "Demo: ML portfolio";

/// Days of history before `now`.
pub const DEMO_DAYS: i64 = 365;

/// A board named [`DEMO_NAME`], marked `demo`, holding [`DEMO_DAYS`] of
/// simulated history of four ML projects (one lane each) ending at `now`.
/// Deterministic: the same `now` and `seed` give the same board.
pub fn demo_board(id: &str, now: Instant, seed: u64) -> Board {
    let mut sim = Sim::new(id, now, seed);
    sim.setup();
    sim.run();
    sim.board
}

/// The columns a card of a type passes, first to last.
fn path(t: CardType) -> &'static [&'static str] {
    match t {
        CardType::Data => &["backlog", "explore", "prep", "deploy", "monitor"],
        CardType::Feature => &["backlog", "explore", "features", "eval", "deploy", "monitor"],
        CardType::Experiment => &["backlog", "explore", "design", "train", "eval", "approval", "deploy", "monitor"],
        CardType::Model => &["backlog", "features", "design", "train", "eval", "approval", "deploy", "monitor"],
        CardType::Deployment => &["backlog", "design", "approval", "deploy", "monitor"],
        CardType::Monitoring => &["backlog", "deploy", "monitor"],
        CardType::Retraining => &["backlog", "prep", "train", "eval", "approval", "deploy", "monitor"],
        CardType::Other => &["backlog", "explore", "deploy", "monitor"],
    }
}

/// Median stay in a column (days) and its spread (sigma of the log).
fn stay(column: &str) -> (f64, f64) {
    match column {
        "explore" => (8.0, 0.5),
        "prep" => (9.0, 0.55),
        "features" => (8.0, 0.5),
        "design" => (4.0, 0.5),
        "train" => (4.0, 0.6),
        "eval" => (3.5, 0.5),
        "approval" => (12.0, 0.8),
        "deploy" => (4.0, 0.5),
        _ => (3.0, 0.5),
    }
}

/// The chance a visit to a column gets blocked.
fn block_chance(column: &str) -> f64 {
    match column {
        "explore" => 0.15,
        "prep" => 0.35,
        "features" => 0.2,
        "design" => 0.12,
        "train" => 0.28,
        "eval" => 0.2,
        "approval" => 0.25,
        "deploy" => 0.25,
        _ => 0.0,
    }
}

/// Median length of a block (hours) by root cause.
fn block_hours(reason: &str) -> f64 {
    match reason {
        "compute" => 20.0,
        "infrastructure" => 30.0,
        "data-quality" => 60.0,
        "data-access" => 110.0,
        "labeling" => 110.0,
        "approval" => 140.0,
        "external" => 140.0,
        _ => 24.0,
    }
}

/// Cards the team lets into Training and Evaluation together (limits 4 + 3).
const LOOP_ROOM: usize = 5;

/// Arrival mix of card types (weights).
const TYPE_MIX: [(CardType, u32); 6] = [
    (CardType::Data, 20),
    (CardType::Feature, 16),
    (CardType::Experiment, 26),
    (CardType::Model, 12),
    (CardType::Deployment, 14),
    (CardType::Monitoring, 8),
];

#[derive(Clone, Copy, Debug)]
enum Action {
    Arrive,
    Pull,
    /// A card's stay ends; stale unless its number is the card's latest.
    Advance(usize, u32),
    Block(usize),
    Unblock(usize),
    DriftCheck(usize),
    Delete,
    /// Makes sure a few cards are still blocked at `now`.
    Checkpoint(usize),
}

/// What the simulation knows of a card beyond the board.
struct Track {
    id: String,
    project: usize,
    card_type: CardType,
    /// Index into `path(card_type)` of the card's column.
    pos: usize,
    /// Training rounds still to come after the next evaluation.
    loops: u32,
    blocked_until: Option<Instant>,
    gone: bool,
    /// Times the card waited in front of a full column.
    waits: u32,
    /// Advances scheduled so far; only the latest one counts.
    advances: u32,
    /// The dataset version a data card produces.
    produces: Option<(usize, u32)>,
}

/// Per-project counters.
struct ProjectState {
    next_card: u32,
    model_version: u32,
    /// Released versions of each dataset family, and the last one planned.
    released: [u32; 2],
    planned: [u32; 2],
    /// The best metric shipped so far.
    best: f64,
    /// Titles used so far, per card type, to vary them.
    used: [u32; 8],
    next_mr: u32,
}

struct Sim {
    board: Board,
    rng: Pcg64,
    now: Instant,
    start: Instant,
    /// The moment of the last applied command.
    clock: Instant,
    queue: BinaryHeap<Reverse<(Instant, usize)>>,
    actions: Vec<Action>,
    tracks: Vec<Track>,
    projects: Vec<ProjectState>,
    wip_target: usize,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn type_index(t: CardType) -> usize {
    CardType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

impl Sim {
    fn new(id: &str, now: Instant, seed: u64) -> Self {
        let mut board = template::ml_pipeline(id, DEMO_NAME);
        board.demo = true;
        let rng = Pcg64::seed_from_u64(seed);
        let start = now - Duration::days(DEMO_DAYS);
        let projects = PROJECTS
            .iter()
            .map(|p| ProjectState {
                next_card: 1,
                model_version: 2,
                released: p.first_versions,
                planned: p.first_versions,
                best: p.baseline,
                used: [0; 8],
                next_mr: 40,
            })
            .collect();
        Sim {
            board,
            rng,
            now,
            start,
            clock: start,
            queue: BinaryHeap::new(),
            actions: Vec::new(),
            tracks: Vec::new(),
            projects,
            wip_target: 0,
        }
    }

    // ---- randomness -------------------------------------------------------

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.random_range(0..xs.len())]
    }

    /// A standard normal draw (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.rng.random::<f64>();
        let u2 = self.rng.random::<f64>();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    fn hours(h: f64) -> Duration {
        Duration::minutes((h * 60.0).round() as i64)
    }

    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = self.rng.random_range(0..total);
        for (x, w) in xs {
            if r < *w {
                return *x;
            }
            r -= w;
        }
        xs[0].0
    }

    /// The first working moment (Monday to Friday, 08:00 to 18:00 UTC) at or after `t`.
    fn work(&mut self, mut t: Instant) -> Instant {
        loop {
            let morning = |t: Instant, days: i64| {
                (t.date_naive() + Duration::days(days)).and_hms_opt(8, 0, 0).expect("valid time").and_utc()
            };
            if matches!(t.weekday(), Weekday::Sat | Weekday::Sun) || t.hour() >= 18 {
                t = morning(t, 1) + Duration::minutes(self.rng.random_range(0..150));
            } else if t.hour() < 8 {
                t = morning(t, 0) + Duration::minutes(self.rng.random_range(0..150));
            } else {
                return t;
            }
        }
    }

    // ---- the queue --------------------------------------------------------

    fn schedule(&mut self, t: Instant, a: Action) {
        if t <= self.now {
            self.queue.push(Reverse((t, self.actions.len())));
            self.actions.push(a);
        }
    }

    /// Schedules the end of a card's stay, replacing any earlier one.
    fn schedule_advance(&mut self, t: Instant, c: usize) {
        self.tracks[c].advances += 1;
        let n = self.tracks[c].advances;
        self.schedule(t, Action::Advance(c, n));
    }

    fn run(&mut self) {
        while let Some(Reverse((t, i))) = self.queue.pop() {
            if t > self.now {
                break;
            }
            match self.actions[i] {
                Action::Arrive => self.arrive(t),
                Action::Pull => self.pull(t),
                Action::Advance(c, n) if n == self.tracks[c].advances => self.advance(c, t),
                Action::Advance(..) => {}
                Action::Block(c) => {
                    self.block(c, t, None);
                }
                Action::Unblock(c) => self.unblock(c, t),
                Action::DriftCheck(c) => self.drift_check(c, t),
                Action::Delete => self.delete(t),
                Action::Checkpoint(n) => self.checkpoint(t, n),
            }
        }
    }

    /// Applies a command at `t`, or just after the last one; returns its moment.
    fn exec(&mut self, t: Instant, cmd: Command) -> Option<Instant> {
        let at = t.max(self.clock + Duration::seconds(1));
        if at > self.now {
            return None;
        }
        match apply(&mut self.board, &cmd, at) {
            Ok(_) => {
                self.clock = at;
                Some(at)
            }
            Err(e) => {
                debug_assert!(false, "demo command refused: {e} ({cmd:?})");
                None
            }
        }
    }

    fn edit(&mut self, t: Instant, c: usize, f: impl FnOnce(&mut CardDetails)) {
        let id = self.tracks[c].id.clone();
        if let Some(card) = self.board.card(&id) {
            let mut details = card.details();
            f(&mut details);
            self.exec(t, Command::EditCard { id, details });
        }
    }

    // ---- setup ------------------------------------------------------------

    fn setup(&mut self) {
        let t = self.start;
        for (i, p) in PROJECTS.iter().enumerate() {
            self.exec(t, Command::AddLane { lane: Lane::new(p.lane, p.name), index: i });
        }
        for (id, _) in template::ML_LANES {
            self.exec(t, Command::DeleteLane { id: id.to_owned() });
        }
        let limits = [("train", Some(4), Some(8.0)), ("eval", Some(3), None), ("deploy", Some(4), None)];
        for (id, wip_limit, compute_limit) in limits {
            let cmd = Command::SetColumnLimits {
                id: id.to_owned(),
                wip_limit,
                compute_limit,
                type_limits: Default::default(),
            };
            self.exec(t, cmd);
        }
        let policy = WipPolicy { hard: true, ..WipPolicy::default() };
        self.exec(t, Command::SetWipPolicy { policy });
        self.wip_target = self.rng.random_range(19..=23);

        // The work in flight when the board was set up, then its backlog.
        let mut t = self.work(t + Duration::hours(1));
        let in_flight = [
            "explore", "explore", "prep", "prep", "features", "features", "design", "design", "train", "train", "eval",
            "eval", "approval", "approval", "deploy", "deploy",
        ];
        for column in in_flight {
            let types: Vec<CardType> = TYPE_MIX.iter().map(|x| x.0).filter(|ty| path(*ty).contains(&column)).collect();
            let ty = self.pick(&types);
            let project = self.rng.random_range(0..PROJECTS.len());
            let Some(c) = self.add_card(t, project, ty, column) else { continue };
            let (m, s) = stay(column);
            let left = self.lognormal(m, s) * self.rng.random_range(0.2..1.0);
            let at = self.work(t + Self::hours(left * 24.0));
            self.schedule_advance(at, c);
            let gap = Duration::minutes(self.rng.random_range(3..30));
            t = self.work(t + gap);
        }
        for _ in 0..14 {
            self.add_to_backlog(t);
            let gap = Duration::minutes(self.rng.random_range(3..30));
            t = self.work(t + gap);
        }
        self.schedule_arrival(t);
        let first_pull = self.work(t + Duration::days(1));
        self.schedule(first_pull, Action::Pull);
        for _ in 0..3 {
            let d = self.rng.random_range(40..330);
            let at = self.work(self.start + Duration::days(d));
            self.schedule(at, Action::Delete);
        }
        for (n, d) in [(2, 24), (3, 10)] {
            let at = self.work(self.now - Duration::days(d));
            self.schedule(at, Action::Checkpoint(n));
        }
    }

    /// Adds a new card of a project at `t` in `column`; returns its track.
    fn add_card(&mut self, t: Instant, project: usize, ty: CardType, column: &str) -> Option<usize> {
        let p: &Project = &PROJECTS[project];
        let n = self.projects[project].next_card;
        self.projects[project].next_card += 1;
        let id = format!("{}-{n}", p.prefix);

        let titles = catalog::titles(p, ty);
        let ps = &mut self.projects[project];
        let used = ps.used[type_index(ty)];
        ps.used[type_index(ty)] += 1;
        if ty == CardType::Model {
            ps.model_version += 1;
        }
        let version = ps.model_version;
        let template = titles[used as usize % titles.len()];
        let round = used as usize / titles.len() + 1;
        let mut card = Card::new(id.clone(), template.replace("{v}", &version.to_string()), column, p.lane, t);
        card.card_type = ty;

        let in_backlog = column == "backlog";
        card.owner = if in_backlog && self.chance(0.35) { None } else { Some(self.owner(project)) };
        let tag_pool = catalog::tags(ty);
        let first = self.pick(tag_pool);
        card.tags.push(first.to_owned());
        if self.chance(0.45) {
            let second = self.pick(tag_pool);
            if second != first {
                card.tags.push(second.to_owned());
            }
        }

        let family = usize::from(self.chance(0.3));
        let mut produces = None;
        let ps = &mut self.projects[project];
        card.dataset = Some(if ty == CardType::Data {
            ps.planned[family] += 1;
            produces = Some((family, ps.planned[family]));
            format!("{}-v{}", p.datasets[family], ps.planned[family])
        } else {
            format!("{}-v{}", p.datasets[family], ps.released[family])
        });
        // A title seen before in the project says how this card differs.
        if round > 1 && !template.contains("{v}") {
            let dataset = card.dataset.as_deref().unwrap_or_default();
            card.title = match ty {
                CardType::Data => format!("{} ({dataset})", card.title),
                CardType::Feature | CardType::Monitoring => format!("{} v{round}", card.title),
                _ => format!("{} (round {round})", card.title),
            };
        }
        if ty == CardType::Data {
            card.description = Some(format!(
                "Produces {}. Source checks and a data contract with the owning team.",
                card.dataset.as_deref().unwrap_or_default()
            ));
        }
        let best = ps.best;
        if matches!(ty, CardType::Experiment | CardType::Model | CardType::Feature) {
            let h = self.pick(p.hypotheses);
            card.hypothesis = Some(h.to_owned());
        }
        if matches!(ty, CardType::Experiment | CardType::Model | CardType::Deployment | CardType::Monitoring) {
            let achieved = matches!(ty, CardType::Deployment | CardType::Monitoring).then(|| round3(best));
            card.metric = Some(Metric { name: p.metric.to_owned(), target: Some(p.target), achieved });
        }
        if matches!(ty, CardType::Experiment | CardType::Model) {
            card.compute = Some(self.pick(&[1.0, 2.0, 2.0, 4.0]));
        }
        if ty == CardType::Deployment {
            let ps = &mut self.projects[project];
            ps.next_mr += self.rng.random_range(3..20);
            card.links.push(format!("https://git.example/ml/{}/-/merge_requests/{}", p.lane, ps.next_mr));
        }
        self.exec(t, Command::AddCard { card, before: None })?;

        let pos = path(ty).iter().position(|c| *c == column).unwrap_or(0);
        let loops = self.loops(ty);
        self.tracks.push(Track {
            id,
            project,
            card_type: ty,
            pos,
            loops,
            blocked_until: None,
            gone: false,
            waits: 0,
            advances: 0,
            produces,
        });
        let c = self.tracks.len() - 1;
        // Work in flight at setup already went through Training and Evaluation.
        let steps = path(ty);
        let past = |col: &str| steps.iter().position(|s| *s == col).is_some_and(|i| i <= pos);
        if past("train") {
            self.add_run(t, c);
        }
        if past("eval") && column != "eval" && matches!(ty, CardType::Experiment | CardType::Model) {
            let achieved = round3(p.target + 0.012 * self.normal() - 0.006);
            self.edit(t, c, |d| {
                if let Some(m) = d.metric.as_mut() {
                    m.achieved = Some(achieved);
                }
            });
        }
        Some(c)
    }

    fn owner(&mut self, project: usize) -> String {
        let leads = PROJECTS[project].leads;
        let i = if self.chance(0.8) { self.pick(&leads) } else { self.rng.random_range(0..PEOPLE.len()) };
        PEOPLE[i].to_owned()
    }

    /// Training rounds after the first evaluation.
    fn loops(&mut self, ty: CardType) -> u32 {
        match ty {
            CardType::Experiment => self.weighted(&[(0, 30), (1, 35), (2, 25), (3, 10)]),
            CardType::Model => self.weighted(&[(0, 40), (1, 40), (2, 20)]),
            CardType::Retraining => self.weighted(&[(0, 60), (1, 40)]),
            _ => 0,
        }
    }

    /// Links a new MLflow run to a card entering Training (the last three kept).
    fn add_run(&mut self, t: Instant, c: usize) {
        let exp = PROJECTS[self.tracks[c].project].mlflow_experiment;
        let run = format!("{:016x}", self.rng.random::<u64>());
        self.edit(t, c, |d| {
            let runs = d.links.iter().filter(|l| l.starts_with("https://mlflow.example/")).count();
            if runs >= 3 {
                if let Some(i) = d.links.iter().position(|l| l.starts_with("https://mlflow.example/")) {
                    d.links.remove(i);
                }
            }
            d.links.push(format!("https://mlflow.example/#/experiments/{exp}/runs/{run}"));
        });
    }

    // ---- actions ----------------------------------------------------------

    /// A new idea lands in the backlog.
    fn add_to_backlog(&mut self, t: Instant) {
        let project = self.rng.random_range(0..PROJECTS.len());
        let ty = self.weighted(&TYPE_MIX);
        self.add_card(t, project, ty, "backlog");
    }

    /// An arrival, and the next one: faster while the backlog is short.
    fn arrive(&mut self, t: Instant) {
        self.add_to_backlog(t);
        self.schedule_arrival(t);
    }

    fn schedule_arrival(&mut self, t: Instant) {
        let backlog = self.in_column_kind(ColumnKind::Backlog);
        let per_week = if backlog < 10 {
            7.0
        } else if backlog < 20 {
            4.5
        } else {
            2.0
        };
        let u = 1.0 - self.rng.random::<f64>();
        let days = -u.ln() / per_week * 7.0;
        let at = self.work(t + Self::hours(days * 24.0));
        self.schedule(at, Action::Arrive);
    }

    fn in_column_kind(&self, kind: ColumnKind) -> usize {
        let ids: Vec<&str> = self.board.columns.iter().filter(|c| c.kind == kind).map(|c| c.id.as_str()).collect();
        self.board.cards.iter().filter(|c| ids.contains(&c.column.as_str())).count()
    }

    fn in_progress(&self) -> usize {
        self.in_column_kind(ColumnKind::Active) + self.in_column_kind(ColumnKind::Queue)
    }

    fn column_of(&self, c: usize) -> &'static str {
        path(self.tracks[c].card_type)[self.tracks[c].pos]
    }

    /// The team's daily pull: fill up to the WIP target, retraining first, then oldest.
    fn pull(&mut self, t: Instant) {
        let free = self.wip_target.saturating_sub(self.in_progress()).min(3);
        for _ in 0..free {
            let waiting: Vec<usize> =
                (0..self.tracks.len()).filter(|&c| !self.tracks[c].gone && self.tracks[c].pos == 0).collect();
            if waiting.is_empty() {
                break;
            }
            let retrain = waiting.iter().copied().find(|&c| self.tracks[c].card_type == CardType::Retraining);
            let c = match retrain {
                Some(c) => c,
                None => {
                    let oldest = &waiting[..waiting.len().min(5)];
                    self.pick(oldest)
                }
            };
            let has_owner = self.board.card(&self.tracks[c].id).is_some_and(|k| k.owner.is_some());
            if !has_owner {
                let owner = self.owner(self.tracks[c].project);
                self.edit(t, c, |d| d.owner = Some(owner));
            }
            self.advance(c, t);
        }
        let next = t + Duration::days(1);
        let morning = next.date_naive().and_hms_opt(8, 30, 0).expect("valid time").and_utc();
        let at = self.work(morning);
        self.schedule(at, Action::Pull);
    }

    /// The end of a card's stay in its column: on to the next column, or back
    /// for rework, or wait in front of a full column.
    fn advance(&mut self, c: usize, t: Instant) {
        let tr = &self.tracks[c];
        if tr.gone || tr.pos + 1 >= path(tr.card_type).len() {
            return;
        }
        if let Some(until) = tr.blocked_until {
            let at = until + Self::hours(self.rng.random_range(1.0..6.0));
            let at = self.work(at.max(t));
            self.schedule_advance(at, c);
            return;
        }
        let ty = tr.card_type;
        let steps = path(ty);
        let here = steps[tr.pos];
        let project = tr.project;
        let p = &PROJECTS[project];
        let rework_to = |col: &'static str| steps.contains(&col).then_some(col);
        let back = if here == "eval" && tr.loops > 0 {
            Some("train")
        } else if here == "eval" && self.chance(0.05) {
            rework_to("features").or(rework_to("prep"))
        } else if here == "approval" && self.chance(0.12) {
            rework_to("eval")
        } else {
            None
        };
        let target = back.unwrap_or(steps[self.tracks[c].pos + 1]);

        // The team keeps room in the Training <-> Evaluation loop: new work
        // enters it only while it holds fewer than its limits allow, so the
        // cards inside can always move on (no deadlock of two full columns).
        let in_loop = |col: &str| col == "train" || col == "eval";
        if in_loop(target) && !in_loop(here) {
            let held = self.board.cards.iter().filter(|k| in_loop(&k.column)).count();
            if held >= LOOP_ROOM && !self.chance(0.03) {
                let wait = self.rng.random_range(4.0..30.0);
                let at = self.work(t + Self::hours(wait));
                self.schedule_advance(at, c);
                return;
            }
        }
        let mut override_reason = None;
        if self.breaks_limit(c, target) {
            if self.tracks[c].waits < 2 || self.chance(0.85) {
                self.tracks[c].waits += 1;
                let wait = self.rng.random_range(4.0..30.0);
                let at = self.work(t + Self::hours(wait));
                self.schedule_advance(at, c);
                return;
            }
            override_reason = Some(self.pick(&OVERRIDE_REASONS).to_owned());
        }

        // Results of an evaluation, recorded as the card leaves it.
        if here == "eval" && self.board.card(&self.tracks[c].id).is_some_and(|k| k.metric.is_some()) {
            let achieved = if back.is_some() {
                p.target - self.rng.random_range(0.012..0.045)
            } else {
                p.target + 0.012 * self.normal() - 0.006
            };
            self.edit(t, c, |d| {
                if let Some(m) = d.metric.as_mut() {
                    m.achieved = Some(round3(achieved));
                }
            });
        }
        if back == Some("train") {
            self.tracks[c].loops -= 1;
        }
        let cmd = Command::MoveCard {
            id: self.tracks[c].id.clone(),
            column: target.to_owned(),
            lane: p.lane.to_owned(),
            before: None,
            override_reason,
        };
        let Some(at) = self.exec(t, cmd) else { return };
        let tr = &mut self.tracks[c];
        tr.waits = 0;
        tr.pos = steps.iter().position(|s| *s == target).unwrap_or(tr.pos);
        self.entered(c, at, target);
    }

    /// What follows a card's arrival in a column: its stay, maybe a block, or the end.
    fn entered(&mut self, c: usize, t: Instant, column: &str) {
        if column == "monitor" {
            self.finished(c, t);
            return;
        }
        if column == "train" {
            self.add_run(t, c);
        }
        let (m, s) = stay(column);
        let days = self.lognormal(m, s);
        let end = self.work(t + Self::hours(days * 24.0));
        self.schedule_advance(end, c);
        if self.chance(block_chance(column)) {
            let share = self.rng.random_range(0.1..0.8);
            let at = self.work(t + Self::hours(days * 24.0 * share));
            if at < end {
                self.schedule(at, Action::Block(c));
            }
        }
    }

    fn finished(&mut self, c: usize, t: Instant) {
        let tr = &self.tracks[c];
        let project = tr.project;
        if let Some((family, v)) = tr.produces {
            let r = &mut self.projects[project].released[family];
            *r = (*r).max(v);
        }
        let achieved = self.board.card(&tr.id).and_then(|k| k.metric.as_ref()).and_then(|m| m.achieved);
        if let (Some(a), CardType::Model | CardType::Retraining) = (achieved, tr.card_type) {
            let best = &mut self.projects[project].best;
            *best = best.max(a);
        }
        if tr.card_type == CardType::Monitoring {
            let later = Duration::days(self.rng.random_range(15..50));
            let at = self.work(t + later);
            self.schedule(at, Action::DriftCheck(c));
        }
    }

    /// Whether moving a card into `column` takes a column or compute limit over.
    fn breaks_limit(&self, c: usize, column: &str) -> bool {
        let Some(col) = self.board.column(column) else { return false };
        let Some(card) = self.board.card(&self.tracks[c].id) else { return false };
        let there = self.board.cards.iter().filter(|k| k.column == column);
        if col.wip_limit.is_some_and(|l| there.clone().count() as u32 >= l) {
            return true;
        }
        col.compute_limit.is_some_and(|l| {
            let used: f64 = there.map(|k| k.compute.unwrap_or(0.0)).sum();
            card.compute.is_some_and(|x| x > 0.0) && used + card.compute.unwrap_or(0.0) > l + 1e-9
        })
    }

    /// Blocks a card with a cause fitting its column; `until` forces the block
    /// to last at least that long.
    fn block(&mut self, c: usize, t: Instant, until: Option<Instant>) -> bool {
        let tr = &self.tracks[c];
        if tr.gone || tr.blocked_until.is_some() || tr.pos == 0 || tr.pos + 1 >= path(tr.card_type).len() {
            return false;
        }
        let id = tr.id.clone();
        let reasons = catalog::block_reasons(self.column_of(c));
        let reason = match reasons.len() {
            1 => reasons[0],
            2 => self.weighted(&[(reasons[0], 65), (reasons[1], 35)]),
            _ => self.weighted(&[(reasons[0], 55), (reasons[1], 30), (reasons[2], 15)]),
        };
        let note = if self.chance(0.75) { Some(self.pick(catalog::block_notes(reason)).to_owned()) } else { None };
        let Some(at) = self.exec(t, Command::BlockCard { id, reason: reason.to_owned(), note }) else {
            return false;
        };
        let hours = self.lognormal(block_hours(reason), 0.9).clamp(2.0, 24.0 * 28.0);
        let mut end = self.work(at + Self::hours(hours));
        if let Some(u) = until {
            end = end.max(u);
        }
        self.tracks[c].blocked_until = Some(end);
        self.schedule(end, Action::Unblock(c));
        true
    }

    fn unblock(&mut self, c: usize, t: Instant) {
        if self.tracks[c].gone || self.tracks[c].blocked_until.is_none() {
            return;
        }
        let id = self.tracks[c].id.clone();
        if self.exec(t, Command::UnblockCard { id }).is_some() {
            self.tracks[c].blocked_until = None;
        }
    }

    /// A monitoring card sees its metric drift and often triggers a retraining
    /// card, unless one is already under way in the project.
    fn drift_check(&mut self, c: usize, t: Instant) {
        if self.tracks[c].gone {
            return;
        }
        let project = self.tracks[c].project;
        let p = &PROJECTS[project];
        let under_way = self.tracks.iter().any(|tr| {
            tr.project == project
                && tr.card_type == CardType::Retraining
                && !tr.gone
                && tr.pos + 1 < path(tr.card_type).len()
        });
        if !under_way && self.chance(0.6) {
            let from = round3(self.projects[project].best);
            let to = round3(from - self.rng.random_range(0.025..0.06));
            let text = p.drift.replace("{from}", &format!("{from}")).replace("{to}", &format!("{to}"));
            let alert = text.clone();
            self.edit(t, c, |d| {
                if let Some(m) = d.metric.as_mut() {
                    m.achieved = Some(to);
                }
                d.description = Some(alert);
            });
            let n = self.projects[project].next_card;
            self.projects[project].next_card += 1;
            let new_id = format!("{}-{n}", p.prefix);
            let cmd = Command::Retrain { id: self.tracks[c].id.clone(), new_id: new_id.clone() };
            if self.exec(t, cmd).is_some() {
                let family = 0;
                let dataset = format!("{}-v{}", p.datasets[family], self.projects[project].released[family]);
                let loops = self.loops(CardType::Retraining);
                self.tracks.push(Track {
                    id: new_id,
                    project,
                    card_type: CardType::Retraining,
                    pos: 0,
                    loops,
                    blocked_until: None,
                    gone: false,
                    waits: 0,
                    advances: 0,
                    produces: None,
                });
                let r = self.tracks.len() - 1;
                let gpus = self.pick(&[2.0, 4.0]);
                let title = format!("Retrain the {} on {dataset}", p.model_name);
                self.edit(t, r, |d| {
                    d.title = title;
                    d.dataset = Some(dataset);
                    d.compute = Some(gpus);
                    d.description = Some(format!("Drift alert: {text}."));
                    if !d.tags.iter().any(|x| x == "drift") {
                        d.tags.push("drift".to_owned());
                    }
                });
            }
        }
        let later = Duration::days(self.rng.random_range(60..150));
        let at = self.work(t + later);
        self.schedule(at, Action::DriftCheck(c));
    }

    /// Deletes a backlog card (a duplicate, or an idea dropped).
    fn delete(&mut self, t: Instant) {
        let waiting: Vec<usize> = (0..self.tracks.len())
            .filter(|&c| {
                let tr = &self.tracks[c];
                !tr.gone && tr.pos == 0 && tr.card_type != CardType::Retraining
            })
            .collect();
        if waiting.is_empty() {
            return;
        }
        let c = self.pick(&waiting);
        let id = self.tracks[c].id.clone();
        if self.exec(t, Command::DeleteCard { id }).is_some() {
            self.tracks[c].gone = true;
        }
    }

    /// Makes sure at least `n` cards in progress stay blocked past `now`: the
    /// board shows blocked, aging work when it is opened.
    fn checkpoint(&mut self, t: Instant, n: usize) {
        let stuck = self.tracks.iter().filter(|tr| tr.blocked_until.is_some_and(|u| u > self.now)).count();
        let candidates: Vec<usize> = (0..self.tracks.len())
            .filter(|&c| {
                let tr = &self.tracks[c];
                !tr.gone && tr.blocked_until.is_none() && tr.pos > 0 && tr.pos + 1 < path(tr.card_type).len()
            })
            .collect();
        let mut candidates = candidates;
        for _ in stuck..n {
            if candidates.is_empty() {
                break;
            }
            let i = self.rng.random_range(0..candidates.len());
            let c = candidates.swap_remove(i);
            let until = self.now + Duration::days(self.rng.random_range(1..20));
            self.block(c, t, Some(until));
        }
    }
}
