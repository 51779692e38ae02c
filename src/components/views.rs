//! Navigation between the board and the WIP, blocker, portfolio, metrics and report pages.
//!
//! Key design decision: the current page is a signal of [`FlowUi`], not a URL
//! (the app is one static page that must work from any sub-path); the dialogs
//! stay mounted whatever the page, so a card opened from a report edits the
//! same card the board shows.

use board_core::report::long_date;
use chrono::NaiveDate;
use leptos::prelude::*;

use super::blockers::{BlockersPage, PortfolioPage};
use super::present::PresentButton;
use super::report::ReportPage;
use super::wip::WipPage;
use super::{BoardView, FilterBar, MetricsPage};
use crate::flow::{FlowUi, View};

/// The page tabs, below the top bar.
#[component]
pub fn ViewNav() -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    view! {
        <nav class="view-nav" aria-label="Pages">
            {View::ALL
                .iter()
                .map(|v| {
                    let v = *v;
                    view! {
                        <button
                            type="button"
                            class="view-tab"
                            aria-current=move || (flow.view.get() == v).then_some("page")
                            on:click=move |_| flow.view.set(v)
                        >
                            {v.label()}
                        </button>
                    }
                })
                .collect_view()}
            <div class="spacer"></div>
            <PresentButton />
            <button type="button" on:click=move |_| flow.settings.set(true)>
                "Board settings"
            </button>
        </nav>
    }
}

/// The page shown under the navigation.
///
/// The board stays mounted (hidden) while another page shows: leaving it costs no teardown
/// of thousands of cards (a third of opening the metrics page on a big board), and coming
/// back shows it at once, scrolled where it was.
#[component]
pub fn MainView() -> impl IntoView {
    let flow = expect_context::<FlowUi>();
    let on_board = Memo::new(move |_| flow.view.get() == View::Board);
    view! {
        <div class="board-page" hidden=move || !on_board.get()>
            <FilterBar />
            <BoardView />
        </div>
        {move || match flow.view.get() {
            View::Board => ().into_any(),
            View::Wip => view! { <main class="page-scroll"><WipPage /></main> }.into_any(),
            View::Blockers => view! { <main class="page-scroll"><BlockersPage /></main> }.into_any(),
            View::Portfolio => view! { <main class="page-scroll"><PortfolioPage /></main> }.into_any(),
            View::Metrics => view! { <MetricsPage /> }.into_any(),
            View::Report => view! { <ReportPage /> }.into_any(),
        }}
    }
}

/// A page's heading, `title · board name`, and the line under it saying as of which date
/// (and time zone), followed by `note`.
pub fn page_title(
    id: &'static str,
    title: &'static str,
    board: impl Fn() -> Option<String> + Send + Sync + 'static,
    as_of: impl Fn() -> Option<(NaiveDate, String)> + Send + Sync + 'static,
    note: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let line = move || as_of().map(|(d, tz)| format!("As of {} (board time zone UTC{tz}). {note}", long_date(d)));
    view! {
        <h2 id=id>
            {title}
            <span class="muted">{move || board().map(|b| format!(" · {b}"))}</span>
        </h2>
        <p class="muted as-of" data-testid=testid>
            {line}
        </p>
    }
}
