//! Keyboard moves of a card, as commands, and how to announce where it landed.
//!
//! Key design decision: a keyboard move is computed from the board alone and
//! expressed as the same `Command::MoveCard` a drop produces, so dragging and
//! the keyboard cannot disagree.

use board_core::{Board, Command};

/// A step a focused card takes from the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// To the previous column, same lane, last in the cell.
    Left,
    Right,
    /// One place up within its cell.
    Up,
    Down,
    /// To the lane above, same column, last in the cell.
    LaneUp,
    LaneDown,
}

impl Step {
    /// The step a key press asks for: Alt+Arrow moves across columns and within
    /// a cell, Alt+Shift+ArrowUp/Down across lanes.
    pub fn from_key(key: &str, alt: bool, shift: bool, ctrl: bool) -> Option<Step> {
        if !alt || ctrl {
            return None;
        }
        Some(match (key, shift) {
            ("ArrowLeft", false) => Step::Left,
            ("ArrowRight", false) => Step::Right,
            ("ArrowUp", false) => Step::Up,
            ("ArrowDown", false) => Step::Down,
            ("ArrowUp", true) => Step::LaneUp,
            ("ArrowDown", true) => Step::LaneDown,
            _ => return None,
        })
    }
}

/// The command moving card `id` one `step`, or `None` at an edge of the board.
pub fn step_command(board: &Board, id: &str, step: Step) -> Option<Command> {
    let card = board.card(id)?;
    let ci = board.column_index(&card.column)?;
    let li = board.lane_index(&card.lane)?;
    let to = |column: &str, lane: &str, before: Option<String>| Command::MoveCard {
        id: id.to_owned(),
        column: column.to_owned(),
        lane: lane.to_owned(),
        before,
        override_reason: None,
    };
    match step {
        Step::Left => Some(to(&board.columns.get(ci.checked_sub(1)?)?.id, &card.lane, None)),
        Step::Right => Some(to(&board.columns.get(ci + 1)?.id, &card.lane, None)),
        Step::LaneUp => Some(to(&card.column, &board.lanes.get(li.checked_sub(1)?)?.id, None)),
        Step::LaneDown => Some(to(&card.column, &board.lanes.get(li + 1)?.id, None)),
        Step::Up | Step::Down => {
            let cell: Vec<&str> = board.cell(&card.column, &card.lane).map(|c| c.id.as_str()).collect();
            let i = cell.iter().position(|c| *c == id)?;
            let before = if step == Step::Up {
                Some(cell.get(i.checked_sub(1)?)?.to_string())
            } else {
                cell.get(i + 1)?;
                cell.get(i + 2).map(|s| s.to_string())
            };
            Some(to(&card.column, &card.lane, before))
        }
    }
}

/// Where card `id` is, for the live region: `Training, Modeling, position 2 of 3`.
pub fn describe_position(board: &Board, id: &str) -> Option<String> {
    let card = board.card(id)?;
    let column = board.column(&card.column)?;
    let lane = board.lane(&card.lane)?;
    let cell: Vec<&str> = board.cell(&card.column, &card.lane).map(|c| c.id.as_str()).collect();
    let i = cell.iter().position(|c| *c == id)?;
    Some(format!("{}, {}, position {} of {}", column.name, lane.name, i + 1, cell.len()))
}
