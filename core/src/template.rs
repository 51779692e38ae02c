//! Ready-made boards: the ML pipeline template and a blank board.

use crate::model::*;

/// The stages of ML work, left to right: (id, name, kind).
pub const ML_COLUMNS: [(&str, &str, ColumnKind); 10] = [
    ("backlog", "Backlog", ColumnKind::Backlog),
    ("explore", "Data exploration", ColumnKind::Active),
    ("prep", "Data prep", ColumnKind::Active),
    ("features", "Feature engineering", ColumnKind::Active),
    ("design", "Experiment design", ColumnKind::Active),
    ("train", "Training", ColumnKind::Active),
    ("eval", "Evaluation", ColumnKind::Active),
    ("approval", "Approval", ColumnKind::Queue),
    ("deploy", "Deployment", ColumnKind::Active),
    ("monitor", "Monitoring", ColumnKind::Done),
];

pub const ML_LANES: [(&str, &str); 3] = [("data", "Data"), ("model", "Modeling"), ("ops", "MLOps")];

/// The "ML pipeline" board: the ML stages, three lanes, and cycle time from
/// Experiment design to Monitoring.
pub fn ml_pipeline(id: impl Into<String>, name: impl Into<String>) -> Board {
    let mut b = Board::empty(id, name);
    b.columns = ML_COLUMNS.iter().map(|(id, name, kind)| Column::new(*id, *name, *kind)).collect();
    b.lanes = ML_LANES.iter().map(|(id, name)| Lane::new(*id, *name)).collect();
    b.cycle = Some(Cycle { start: "design".into(), end: "monitor".into() });
    b
}

/// A blank board: To do, Doing, Done, and one lane.
pub fn blank(id: impl Into<String>, name: impl Into<String>) -> Board {
    let mut b = Board::empty(id, name);
    b.columns = vec![
        Column::new("todo", "To do", ColumnKind::Backlog),
        Column::new("doing", "Doing", ColumnKind::Active),
        Column::new("done", "Done", ColumnKind::Done),
    ];
    b.lanes = vec![Lane::new("main", "Work")];
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ml_pipeline_measures_cycle_from_experiment_design_to_monitoring() {
        let b = ml_pipeline("b", "ML pipeline");
        assert_eq!(b.columns.len(), 10);
        assert_eq!(b.column("approval").unwrap().kind, ColumnKind::Queue);
        assert_eq!(b.effective_cycle(), Some(Cycle { start: "design".into(), end: "monitor".into() }));
        assert_eq!(b.lanes.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["Data", "Modeling", "MLOps"]);
    }

    #[test]
    fn blank_board_has_a_default_cycle() {
        let b = blank("b", "Blank");
        assert_eq!(b.effective_cycle(), Some(Cycle { start: "doing".into(), end: "done".into() }));
    }
}
