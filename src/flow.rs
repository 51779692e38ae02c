//! WIP limits and blocked work between the pure core and the views: the one
//! guarded way to move or add a card, the view state of the WIP and blocker
//! screens, and the small pure text helpers they share.
//!
//! Key design decision: every move (drag or keyboard) and every new card goes
//! through one function, [`guarded`], which asks `board_core::wip` which limits
//! the command would break *before* dispatching it. Nothing breaks: it runs.
//! Soft limits: it runs with the broken limits recorded in the moved event's
//! `override` (`"over limit: Training: 5 / 4 cards"`, see [`soft_override`])
//! and a warning names them. Hard limits: nothing runs until the user gives a
//! reason in the override dialog, which becomes the event's `override`;
//! cancelling leaves the board untouched. So drag and keyboard cannot differ.

use board_core::wip::{self, Loads, Proposal, Status, Violation};
use board_core::{Board, Command};
use leptos::prelude::*;

use crate::state::AppState;

/// What the moved event's `override` starts with when a soft limit was exceeded.
/// Under hard limits the event carries the user's own reason instead.
pub const SOFT_PREFIX: &str = "over limit: ";

/// The screens of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Board,
    Wip,
    Blockers,
    Portfolio,
    Metrics,
    Report,
}

impl View {
    pub const ALL: [View; 6] = [View::Board, View::Wip, View::Blockers, View::Portfolio, View::Metrics, View::Report];
    /// The pages of presentation mode, in the order the arrow keys walk them.
    pub const SLIDES: [View; 4] = [View::Board, View::Metrics, View::Blockers, View::Report];

    pub fn label(self) -> &'static str {
        match self {
            View::Board => "Board",
            View::Wip => "WIP limits",
            View::Blockers => "Blockers",
            View::Portfolio => "Portfolio",
            View::Metrics => "Metrics",
            View::Report => "Report",
        }
    }
}

/// A command held back by a hard limit until the user gives a reason.
#[derive(Clone)]
pub struct Pending {
    pub cmd: Command,
    /// The broken limits, as "Training: 5 / 4 cards".
    pub found: Vec<String>,
    /// What to do once the command ran (announce, focus).
    pub then: Callback<()>,
}

/// A board read from a file just for the portfolio report (never saved).
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub file: String,
    pub board: Board,
}

/// View state of WIP limits and blockers, provided as a context next to [`AppState`].
#[derive(Clone, Copy)]
pub struct FlowUi {
    pub view: RwSignal<View>,
    /// A move or add waiting for an override reason.
    pub pending: RwSignal<Option<Pending>>,
    /// The limits the last move or add went over (soft limits), shown until
    /// dismissed, and whether the override was recorded (moves only).
    pub warning: RwSignal<Option<(Vec<String>, bool)>>,
    /// The card whose block dialog is open.
    pub block: RwSignal<Option<String>>,
    /// Whether the board settings dialog is open.
    pub settings: RwSignal<bool>,
    /// Boards opened from files for the portfolio report.
    pub opened: RwSignal<Vec<Opened>>,
    /// Portfolio sources left out, by [`source_key`].
    pub excluded: RwSignal<Vec<String>>,
    /// Every load of the active board against its limits.
    pub loads: Memo<Loads>,
}

impl FlowUi {
    pub fn new(state: AppState) -> Self {
        Self {
            view: RwSignal::new(View::Board),
            pending: RwSignal::new(None),
            warning: RwSignal::new(None),
            block: RwSignal::new(None),
            settings: RwSignal::new(false),
            opened: RwSignal::new(Vec::new()),
            excluded: RwSignal::new(Vec::new()),
            loads: Memo::new(move |_| {
                state.with_cards(wip::loads).unwrap_or_else(|| wip::loads(&Board::empty("", "")))
            }),
        }
    }
}

/// The WIP limits `cmd` would break on `board`, and whether one of them must be overridden.
pub fn judge(board: &Board, cmd: &Command) -> (Vec<Violation>, bool) {
    let found = Proposal::from_command(board, cmd).map(|p| wip::violations(board, &p)).unwrap_or_default();
    let hard = wip::requires_override(board, &found);
    (found, hard)
}

/// Runs `cmd` (a move or an add) under the board's WIP rules; `then` runs once
/// the command is applied. Returns whether it ran now (false: refused, or
/// waiting for an override reason).
pub fn guarded(state: AppState, flow: FlowUi, cmd: Command, then: impl Fn() + Send + Sync + 'static) -> bool {
    let (found, hard) = state.with_board_untracked(|b| judge(b, &cmd)).unwrap_or_default();
    if found.is_empty() {
        if state.run(cmd) {
            // A warning about an earlier move would now mislead.
            if flow.warning.with_untracked(Option::is_some) {
                flow.warning.set(None);
            }
            then();
            return true;
        }
        return false;
    }
    let texts: Vec<String> = found.iter().map(ToString::to_string).collect();
    if hard {
        flow.pending.set(Some(Pending { cmd, found: texts, then: Callback::new(move |_| then()) }));
        return false;
    }
    let recorded = matches!(cmd, Command::MoveCard { .. });
    if state.run(with_override(cmd, Some(soft_override(&found)))) {
        flow.warning.set(Some((texts, recorded)));
        then();
        return true;
    }
    false
}

/// The `override` text of a move that went over soft limits.
pub fn soft_override(found: &[Violation]) -> String {
    let parts: Vec<String> = found.iter().map(ToString::to_string).collect();
    format!("{SOFT_PREFIX}{}", parts.join("; "))
}

/// `cmd` with its override reason set (moves only: other commands carry none).
pub fn with_override(cmd: Command, reason: Option<String>) -> Command {
    match cmd {
        Command::MoveCard { id, column, lane, before, .. } => {
            Command::MoveCard { id, column, lane, before, override_reason: reason }
        }
        other => other,
    }
}

/// A number without a needless fraction, at most 2 decimals.
pub fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    format!("{r}")
}

/// Where a load stands, in words: `None` under the limit, "at limit", "over by 2".
pub fn status_text(load: f64, limit: Option<f64>, status: Status) -> Option<String> {
    match (status, limit) {
        (Status::AtLimit, Some(_)) => Some("at limit".to_owned()),
        (Status::Over, Some(m)) => Some(format!("over by {}", num(load - m))),
        _ => None,
    }
}

/// The CSS class of a status.
pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Under => "wip-under",
        Status::AtLimit => "wip-at",
        Status::Over => "wip-over",
    }
}

/// "3 / 4", or just "3" without a limit.
pub fn load_text(load: f64, limit: Option<f64>) -> String {
    match limit {
        Some(m) => format!("{} / {}", num(load), num(m)),
        None => num(load),
    }
}

/// A limit as typed in a settings field: blank is none, else a whole number >= 1.
pub fn parse_limit(s: &str, field: &str) -> Result<Option<u32>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(format!("{field}: a limit is a whole number of at least 1, or blank for none.")),
    }
}

/// A compute limit as typed: blank is none, else a positive number.
pub fn parse_amount(s: &str, field: &str) -> Result<Option<f64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(x) if x > 0.0 && x.is_finite() => Ok(Some(x)),
        _ => Err(format!("{field}: a compute limit is a number above 0, or blank for none.")),
    }
}

/// How long something has lasted, short: "<1h", "5h", "3d".
pub fn age(days: f64) -> String {
    let hours = days * 24.0;
    if hours < 1.0 {
        "<1h".to_owned()
    } else if days < 1.0 {
        format!("{}h", hours.floor())
    } else {
        format!("{}d", days.floor())
    }
}

/// Days with one decimal: "2.5".
pub fn days1(days: f64) -> String {
    format!("{:.1}", days)
}

/// The portfolio key of a board: stored boards by id, opened files by position.
pub fn source_key(file: Option<usize>, board_id: &str) -> String {
    match file {
        None => format!("local:{board_id}"),
        Some(i) => format!("file:{i}:{board_id}"),
    }
}
