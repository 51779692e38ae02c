//! The pure core of the ML Kanban board.
//!
//! Key design decision: every change to a board is one [`command::Command`]
//! value applied by one function, [`command::apply`], which returns the events it
//! produced and an exact inverse for undo. Nothing here touches a clock, a DOM,
//! storage or the network: callers pass `now` (and, for forecasts, a seed) in,
//! so everything is deterministic and tested natively.

pub mod blockers;
pub mod command;
pub mod demo;
pub mod format;
pub mod metrics;
pub mod model;
pub mod report;
pub mod sort;
pub mod template;
pub mod wip;

pub use command::{apply, Applied, Command, CommandError, History, Undo};
pub use model::*;
