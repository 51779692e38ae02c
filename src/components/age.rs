//! The age badge of cards in progress on the board.
//!
//! Key design decision: ages are recomputed a frame after each board change
//! ([`provide_ages`]) by the pure core (`metrics::ages`: the report's aging and
//! p85 without the rest of the report) in the board's own convention, into one
//! signal per card; a badge only reads its card's signal, so rendering a card
//! never computes anything.

use std::collections::HashMap;

use board_core::metrics::{self, Options};
use board_core::{Board, Instant};
use leptos::prelude::*;

use crate::charts::days_text;
use crate::state::{after_paint, now, AppState};

/// A started, unfinished card's age and whether it is past the board's 85th percentile.
#[derive(Clone, Debug, PartialEq)]
pub struct CardAge {
    pub days: i64,
    /// The board's 85th percentile cycle time, when some card has finished.
    pub p85: Option<f64>,
    pub over: bool,
}

/// The ages of the cards in progress of `board` at `at` (the board's convention and cycle).
pub fn card_ages(board: &Board, at: Instant) -> HashMap<String, CardAge> {
    let metrics::Ages { aging, p85 } = metrics::ages(board, &Options::for_board(board, at));
    aging
        .into_iter()
        .map(|a| {
            let over = p85.is_some_and(|p| a.age_days as f64 > p);
            (a.card, CardAge { days: a.age_days, p85, over })
        })
        .collect()
}

/// The ages of the active board's cards, one signal per card shown: a badge
/// subscribes to its own card's age only, and a recomputation sets just the
/// signals whose age changed (usually none: ages move by the day).
#[derive(Clone, Copy)]
pub struct Ages {
    shown: StoredValue<HashMap<String, ArcRwSignal<Option<CardAge>>>>,
    /// The last computed ages (empty until the first paint is done).
    current: StoredValue<HashMap<String, CardAge>>,
}

impl Ages {
    /// The age of card `id`, as a signal kept current from now on.
    pub fn of(&self, id: &str) -> ArcRwSignal<Option<CardAge>> {
        if let Some(s) = self.shown.with_value(|m| m.get(id).cloned()) {
            return s;
        }
        let s = ArcRwSignal::new(self.current.with_value(|c| c.get(id).cloned()));
        self.shown.update_value(|m| {
            m.insert(id.to_owned(), s.clone());
        });
        s
    }

    fn set(&self, ages: HashMap<String, CardAge>) {
        self.shown.with_value(|m| {
            for (id, s) in m {
                let new = ages.get(id);
                if s.with_untracked(|old| old.as_ref() != new) {
                    s.set(new.cloned());
                }
            }
        });
        self.current.set_value(ages);
    }
}

/// Puts the [`Ages`] in context. They follow the cards a frame late, so a move or the
/// first paint never waits for them, and only while some badge is shown.
pub fn provide_ages(state: AppState) {
    let ages = Ages { shown: StoredValue::new(HashMap::new()), current: StoredValue::new(HashMap::new()) };
    let pending = StoredValue::new(false);
    let recompute = move || {
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        after_paint(move || {
            pending.set_value(false);
            if ages.shown.with_value(HashMap::is_empty) {
                return;
            }
            ages.set(state.with_board_untracked(|b| card_ages(b, now())).unwrap_or_default());
        });
    };
    // Switching boards changes the cards revision too.
    Effect::watch(move || state.view.cards.track(), move |_, _, _| recompute(), false);
    recompute();
    provide_context(ages);
}

/// The element id of a card's age badge (its card face is described by it).
pub fn age_id(card: &str) -> String {
    format!("age-{card}")
}

/// "3 days old", marked "⚠ ... over 85th pct" (text, outline and colour) once older than the
/// board's 85th percentile cycle time; screen readers hear the full sentence.
#[component]
pub fn AgeBadge(card: String) -> impl IntoView {
    let age = use_context::<Ages>().map(|a| a.of(&card));
    move || {
        age.as_ref()?.with(|a| {
            a.as_ref().map(|a| {
                let (short, full) = if a.over {
                    (
                        format!("⚠ {} old, over 85th pct", days_text(a.days as f64)),
                        format!(
                            "Age {}, past the board's 85th percentile cycle time ({})",
                            days_text(a.days as f64),
                            a.p85.map_or_else(String::new, days_text)
                        ),
                    )
                } else {
                    (format!("{} old", days_text(a.days as f64)), format!("Age {}", days_text(a.days as f64)))
                };
                let tip = a.p85.map_or_else(
                    || "Days since the card started; no card has finished yet".to_string(),
                    |p| format!("Days since the card started; 85% of finished cards took at most {}", days_text(p)),
                );
                view! {
                    <span id=age_id(&card) class="badge age-badge" class:age-over=a.over title=tip data-testid="card-age">
                        <span aria-hidden="true">{short}</span>
                        <span class="sr-only">{full}</span>
                    </span>
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use board_core::{format, Convention};

    const FIXTURE: &str = include_str!("../../tests/e2e/fixtures/metrics-board.json");

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn only_cards_in_progress_have_an_age_marked_past_the_85th_percentile() {
        let mut board = format::import_str(FIXTURE).expect("fixture imports").remove(0);
        let at: Instant = "2026-03-10T06:30:00Z".parse().expect("instant");
        let ages = card_ages(&board, at);
        assert_eq!(ages.len(), 2, "g and e are started and unfinished");
        assert_eq!(ages["g"], CardAge { days: 9, p85: Some(7.0), over: true });
        assert_eq!(ages["e"], CardAge { days: 3, p85: Some(7.0), over: false });
        board.convention = Convention::JiraAgileMetrics;
        let ages = card_ages(&board, at);
        assert_eq!((ages["g"].days, ages["g"].over), (8, true));
        assert_eq!((ages["e"].days, ages["e"].over), (2, false));
    }
}
