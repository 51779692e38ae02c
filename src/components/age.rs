//! The age badge of cards in progress on the board.
//!
//! Key design decision: ages are recomputed a frame after each board change
//! ([`provide_ages`]) by the pure core (`metrics::ages`: the report's aging and
//! p85 without the rest of the report) in the board's own convention, into one
//! map the card faces read when they are written; a recomputation rewrites only
//! the badges whose age changed, so rendering a card never computes anything.

use std::collections::HashMap;

use board_core::metrics::{self, Options};
use board_core::{Board, Instant};
use leptos::prelude::*;

use crate::charts::days_text;
use crate::markup::escape;
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

/// The ages of the active board's cards, as last computed. A card face is written with
/// its age ([`badge_markup`]); a recomputation rewrites only the badges whose age changed
/// (usually none: ages move by the day), in place.
#[derive(Clone, Copy)]
pub struct Ages {
    current: StoredValue<HashMap<String, CardAge>>,
    pending: StoredValue<bool>,
    state: AppState,
}

impl Ages {
    /// The age of card `id`, if it is started and unfinished.
    pub fn get(&self, id: &str) -> Option<CardAge> {
        self.current.with_value(|c| c.get(id).cloned())
    }

    /// Recomputes the ages after the next frame (once, however often it is asked), if a
    /// board is on the page then.
    pub fn refresh(&self) {
        if self.pending.get_value() {
            return;
        }
        self.pending.set_value(true);
        let ages = *self;
        after_paint(move || {
            if ages.pending.try_set_value(false).is_some() {
                return; // the app is gone
            }
            if document().get_element_by_id("card-keys-hint").is_none() {
                return; // no board on the page
            }
            ages.set(ages.state.with_board_untracked(|b| card_ages(b, now())).unwrap_or_default());
        });
    }

    /// Computes the ages of the active board now, for the faces about to be written (the
    /// grid, before its cells mount): the first paint shows them, and the recomputation a
    /// frame later finds nothing to rewrite. Rewriting the badges after the first paint
    /// cost a second style and layout pass over the whole board before it was shown
    /// (in a trace of the demo board: 30 to 50 ms; computing the ages here takes 10 to 12
    /// ms, most of it compiling that code on its first call; User Timing `board:ages`).
    pub fn prime(&self) {
        let ages = crate::timing::measured("board:ages", || {
            self.state.with_board_untracked(|b| card_ages(b, now())).unwrap_or_default()
        });
        self.current.set_value(ages);
    }

    fn set(&self, ages: HashMap<String, CardAge>) {
        let doc = document();
        self.current.with_value(|old| {
            let changed = ages.iter().filter(|(id, a)| old.get(*id) != Some(a)).map(|(id, _)| id);
            let gone = old.keys().filter(|id| !ages.contains_key(*id));
            for id in changed.chain(gone) {
                if let Some(slot) = doc.get_element_by_id(&slot_id(id)) {
                    slot.set_inner_html(&ages.get(id).map_or_else(String::new, |a| badge_markup(id, a)));
                }
            }
        });
        self.current.set_value(ages);
    }
}

/// Puts the [`Ages`] in context. They follow the cards a frame late, so a move never waits
/// for them, and only while the board is shown (the grid computes them before it is drawn,
/// [`Ages::prime`]).
pub fn provide_ages(state: AppState) {
    let ages = Ages { current: StoredValue::new(HashMap::new()), pending: StoredValue::new(false), state };
    // Switching boards changes the cards revision too.
    Effect::watch(move || state.view.cards.track(), move |_, _, _| ages.refresh(), false);
    provide_context(ages);
}

/// The element id of a card's age badge (its card face is described by it).
pub fn age_id(card: &str) -> String {
    format!("age-{card}")
}

/// The element id of the slot in a card face that holds its age badge.
pub fn slot_id(card: &str) -> String {
    format!("age-slot-{card}")
}

/// "3 days old", marked "⚠ ... over 85th pct" (text, outline and colour) once older than the
/// board's 85th percentile cycle time; screen readers hear the full sentence. As markup,
/// every text escaped.
pub fn badge_markup(card: &str, a: &CardAge) -> String {
    let days = days_text(a.days as f64);
    let (short, full) = if a.over {
        (
            format!("⚠ {days} old, over 85th pct"),
            format!(
                "Age {days}, past the board's 85th percentile cycle time ({})",
                a.p85.map_or_else(String::new, days_text)
            ),
        )
    } else {
        (format!("{days} old"), format!("Age {days}"))
    };
    let tip = a.p85.map_or_else(
        || "Days since the card started; no card has finished yet".to_string(),
        |p| format!("Days since the card started; 85% of finished cards took at most {}", days_text(p)),
    );
    format!(
        r#"<span id="{}" class="badge age-badge{}" title="{}" data-testid="card-age"><span aria-hidden="true">{}</span><span class="sr-only">{}</span></span>"#,
        escape(&age_id(card)),
        if a.over { " age-over" } else { "" },
        escape(&tip),
        escape(&short),
        escape(&full)
    )
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
