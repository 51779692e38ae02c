//! The stakeholder report: on one page, the numbers a sponsor asks about.
//!
//! Key design decision: the report computes nothing of its own. Every figure is
//! read from the same functions the app's pages use, called the same way:
//! cycle time, throughput and the bottleneck from [`metrics::compute`] with the
//! board's own options (the metrics page without a date window), the forecast
//! from [`metrics::forecast_when`] with the metrics page's sample, trials and
//! per-board seed ([`board_seed`]), the blockers from
//! [`blockers::blocker_report`] and the breaches from [`wip::limit_history`].
//! So the report cannot disagree with the pages, and the same board at the same
//! moment always gives the same report (the Markdown too).

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};

use crate::blockers::{self, ReasonStats};
use crate::metrics::{self, Options, Percentiles, WeekCount, DEFAULT_TRIALS, DEFAULT_WINDOW_DAYS};
use crate::model::{Board, ColumnKind, Instant};
use crate::wip::{self, LimitHistory, LimitKind};

/// Weeks shown in the throughput trend.
pub const TREND_WEEKS: usize = 12;
/// Days in each of the two periods the trend compares.
pub const TREND_DAYS: i64 = 28;
/// Root causes shown.
pub const TOP_BLOCKERS: usize = 5;
/// Limits shown.
pub const TOP_BREACHES: usize = 8;

/// The forecast seed of a board: FNV-1a (64 bit) of its id, stable across sessions and
/// builds, so the same board and inputs always give the same forecast.
pub fn board_seed(board_id: &str) -> u64 {
    board_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// A number with at most two decimals and no trailing zeros: "4", "2.5", "0.33".
pub fn fmt_num(v: f64) -> String {
    let s = format!("{:.2}", (v * 100.0).round() / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// "1 day", "2.5 days".
pub fn days_text(v: f64) -> String {
    let n = fmt_num(v);
    if n == "1" {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// "1 card", "3 cards".
pub fn cards_text(n: u32) -> String {
    if n == 1 {
        "1 card".into()
    } else {
        format!("{n} cards")
    }
}

/// "Mon Mar 2, 2026": how the pages show a date.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%a %b %-d, %Y").to_string()
}

impl LimitKind {
    /// What the pages call this kind of limit.
    pub fn label(self) -> &'static str {
        match self {
            LimitKind::Column => "Column",
            LimitKind::Lane => "Lane",
            LimitKind::Cell => "Cell",
            LimitKind::Person => "Person",
            LimitKind::Type => "Card type",
            LimitKind::Compute => "Compute",
        }
    }
}

/// The name of a limit as the WIP page shows it ("Training", "Training: experiment").
pub fn limit_name(h: &LimitHistory) -> String {
    match &h.limit {
        wip::Limit::Type { card_type, .. } => format!("{}: {}", h.subject, card_type.as_str()),
        _ => h.subject.clone(),
    }
}

/// Finished cards in two periods of [`TREND_DAYS`]: the latest, up to the report's date,
/// and the one before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trend {
    pub recent: u32,
    pub earlier: u32,
}

impl Trend {
    /// Change of the recent period against the earlier one, in percent (`None`: nothing
    /// finished earlier).
    pub fn change_percent(&self) -> Option<f64> {
        (self.earlier > 0).then(|| (f64::from(self.recent) - f64::from(self.earlier)) / f64::from(self.earlier) * 100.0)
    }

    /// "up 25%", "down 10%", "level", "new" (nothing earlier, something now), "none".
    pub fn direction(&self) -> String {
        match self.change_percent() {
            None if self.recent > 0 => "new".into(),
            None => "none".into(),
            Some(p) if p.round() == 0.0 => "level".into(),
            Some(p) if p > 0.0 => format!("up {}%", fmt_num(p.round())),
            Some(p) => format!("down {}%", fmt_num(-p.round())),
        }
    }
}

/// The cards not finished yet: the forecast's item count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Remaining {
    /// In active or queue columns.
    pub started: u32,
    /// In backlog columns.
    pub not_started: u32,
}

impl Remaining {
    pub fn total(&self) -> u32 {
        self.started + self.not_started
    }
}

/// When the remaining cards will be finished, at the pace of the sampled days.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// Finish dates at 50, 85 and 95% confidence (`None`: not within ten years).
    pub dates: [Option<NaiveDate>; 3],
    /// Days sampled and cards finished in them.
    pub sample_days: usize,
    pub sample_finished: u32,
    pub trials: u32,
    pub seed: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bottleneck {
    pub column: String,
    pub total_days: f64,
    pub median_days: f64,
}

/// Everything on the report.
#[derive(Clone, Debug, PartialEq)]
pub struct StakeholderReport {
    pub board: String,
    pub demo: bool,
    pub as_of: NaiveDate,
    /// The board's time zone, "+01:00".
    pub timezone: String,
    /// The last [`TREND_WEEKS`] ISO weeks (fewer on a young board), the last one up to `as_of`.
    pub weeks: Vec<WeekCount>,
    pub trend: Trend,
    /// Cards finished since the board began.
    pub finished: u32,
    pub cycle_time: Percentiles,
    pub remaining: Remaining,
    /// `None`: nothing remains, or no throughput to sample.
    pub forecast: Option<Forecast>,
    pub bottleneck: Option<Bottleneck>,
    /// Root causes with the most blocked days, at most [`TOP_BLOCKERS`].
    pub top_blockers: Vec<ReasonStats>,
    /// Root causes in all.
    pub blocker_causes: usize,
    pub blocked_now: usize,
    /// Limits exceeded at some time, most days over first, at most [`TOP_BREACHES`].
    pub breaches: Vec<LimitHistory>,
    /// Limits set on the board, and of them exceeded at some time.
    pub limits_set: usize,
    pub limits_breached: usize,
}

/// The report of `board` at `now`.
pub fn stakeholder_report(board: &Board, now: Instant) -> StakeholderReport {
    let r = metrics::compute(board, &Options::for_board(board, now));
    let as_of = r.as_of;

    let daily = &r.throughput.daily;
    let in_period = |from: NaiveDate, to: NaiveDate| -> u32 {
        daily.iter().filter(|d| d.date > from && d.date <= to).map(|d| d.count).sum()
    };
    let split = as_of - Duration::days(TREND_DAYS);
    let trend = Trend { recent: in_period(split, as_of), earlier: in_period(split - Duration::days(TREND_DAYS), split) };
    let weeks = r.throughput.weekly[r.throughput.weekly.len().saturating_sub(TREND_WEEKS)..].to_vec();

    let mut remaining = Remaining::default();
    for c in &board.cards {
        match board.column(&c.column).map(|col| col.kind) {
            Some(ColumnKind::Backlog) => remaining.not_started += 1,
            Some(ColumnKind::Active | ColumnKind::Queue) => remaining.started += 1,
            Some(ColumnKind::Done) | None => {}
        }
    }
    let seed = board_seed(&board.id);
    let forecast = (remaining.total() > 0)
        .then(|| {
            let sample = metrics::throughput_sample(daily, as_of, DEFAULT_WINDOW_DAYS);
            let when = metrics::forecast_when(&sample, remaining.total(), DEFAULT_TRIALS, seed)?;
            Some(Forecast {
                dates: when.dates(as_of),
                sample_days: sample.len(),
                sample_finished: sample.iter().sum(),
                trials: DEFAULT_TRIALS,
                seed,
            })
        })
        .flatten();

    let bottleneck = r.bottleneck.as_deref().map(|id| {
        let t = r.time_in_column.iter().find(|c| c.column == id);
        Bottleneck {
            column: board.column(id).map_or_else(|| id.to_owned(), |c| c.name.clone()),
            total_days: t.map_or(0.0, |t| t.total_days),
            median_days: t.map_or(0.0, |t| t.median_days),
        }
    });

    let b = blockers::blocker_report(board, now);
    let history = wip::limit_history(board, now);
    let limits_set = history.len();
    let mut breaches: Vec<LimitHistory> = history.into_iter().filter(|h| h.breaches > 0 || h.over_now).collect();
    let limits_breached = breaches.len();
    crate::sort::sort_by(&mut breaches, |a, b| b.hours_over.total_cmp(&a.hours_over).then_with(|| b.breaches.cmp(&a.breaches)));
    breaches.truncate(TOP_BREACHES);

    StakeholderReport {
        board: board.name.clone(),
        demo: board.demo,
        as_of,
        timezone: board.timezone.to_string(),
        weeks,
        trend,
        finished: r.cycle_time.items.len() as u32,
        cycle_time: r.cycle_time.percentiles,
        remaining,
        forecast,
        bottleneck,
        blocker_causes: b.by_reason.len(),
        top_blockers: b.by_reason.into_iter().take(TOP_BLOCKERS).collect(),
        blocked_now: b.blocked_now.len(),
        breaches,
        limits_set,
        limits_breached,
    }
}

/// Text as Markdown shows it literally, wherever it sits in a line: characters that
/// Markdown or HTML would read inline are escaped, as are those that start a block at the
/// beginning (`#`, `-`, `+`, `.`, `!`); line breaks become spaces.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, ch) in s.chars().enumerate() {
        match ch {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '|' | '<' | '>' | '~' | '&' => {
                out.push('\\');
                out.push(ch);
            }
            '#' | '-' | '+' | '.' | '!' if i == 0 => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "–".into(), days_text)
}

fn date_or(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "not within ten years".into(), long_date)
}

impl StakeholderReport {
    /// One sentence on the throughput trend.
    pub fn trend_sentence(&self) -> String {
        format!(
            "{} finished in the last {TREND_DAYS} days, against {} in the {TREND_DAYS} days before ({}).",
            cards_text(self.trend.recent),
            self.trend.earlier,
            self.trend.direction()
        )
    }

    /// One sentence on cycle time.
    pub fn cycle_sentence(&self) -> String {
        let p = &self.cycle_time;
        if p.p50.is_none() {
            return "No card has finished yet.".into();
        }
        format!(
            "Of {} finished: half within {}, 85% within {}, 95% within {}.",
            cards_text(self.finished),
            pct(p.p50),
            pct(p.p85),
            pct(p.p95)
        )
    }

    /// One sentence on the remaining cards.
    pub fn remaining_sentence(&self) -> String {
        format!(
            "{} not finished: {} started, {} not started.",
            cards_text(self.remaining.total()),
            self.remaining.started,
            self.remaining.not_started
        )
    }

    /// How the forecast was made, or why there is none.
    pub fn forecast_basis(&self) -> String {
        match &self.forecast {
            Some(f) => format!(
                "Monte Carlo, {} trials drawing from the daily throughput of the last {} days ({} finished in them); seed {}.",
                f.trials, f.sample_days, f.sample_finished, f.seed
            ),
            None if self.remaining.total() == 0 => "Nothing remains to forecast.".into(),
            None => "No throughput in the sampled days: no forecast.".into(),
        }
    }

    /// The report as Markdown: the same sections and figures as the page.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Stakeholder report: {}\n", md_text(&self.board));
        let _ = writeln!(
            md,
            "As of {} (board time zone UTC{}).{} Computed from the board's history in the browser.\n",
            long_date(self.as_of),
            self.timezone,
            if self.demo { " Demo data (generated sample, not real work)." } else { "" }
        );

        md.push_str("## Throughput\n\n");
        let _ = writeln!(md, "{}\n", self.trend_sentence());
        if !self.weeks.is_empty() {
            md.push_str("| Week | Finished |\n| --- | ---: |\n");
            for w in &self.weeks {
                let _ = writeln!(md, "| {} | {} |", w.week, w.count);
            }
            md.push('\n');
        }

        md.push_str("## Cycle time\n\n");
        let _ = writeln!(md, "{}\n", self.cycle_sentence());
        if self.cycle_time.p50.is_some() {
            md.push_str("| Percentile | Days |\n| --- | ---: |\n");
            for (l, v) in [("50th", self.cycle_time.p50), ("85th", self.cycle_time.p85), ("95th", self.cycle_time.p95)] {
                let _ = writeln!(md, "| {l} | {} |", v.map_or_else(|| "–".into(), fmt_num));
            }
            md.push('\n');
        }

        md.push_str("## Forecast for the remaining work\n\n");
        let _ = writeln!(md, "{}\n", self.remaining_sentence());
        if let Some(f) = &self.forecast {
            md.push_str("| Confidence | Done by |\n| --- | --- |\n");
            for (l, d) in ["50%", "85%", "95%"].iter().zip(f.dates) {
                let _ = writeln!(md, "| {l} | {} |", date_or(d));
            }
            md.push('\n');
        }
        let _ = writeln!(md, "{}\n", self.forecast_basis());

        md.push_str("## Bottleneck\n\n");
        match &self.bottleneck {
            Some(b) => {
                let _ = writeln!(
                    md,
                    "**{}**: {} spent there in all, {} per card (median).\n",
                    md_text(&b.column),
                    days_text(b.total_days),
                    days_text(b.median_days)
                );
            }
            None => md.push_str("No time in the cycle yet.\n\n"),
        }

        md.push_str("## Top blockers\n\n");
        if self.top_blockers.is_empty() {
            md.push_str("Nothing has been blocked.\n\n");
        } else {
            md.push_str("| Root cause | Blocks | Blocked days | Median days |\n| --- | ---: | ---: | ---: |\n");
            for b in &self.top_blockers {
                let _ = writeln!(
                    md,
                    "| {} | {} | {:.1} | {:.1} |",
                    md_text(&b.reason),
                    b.stats.count,
                    b.stats.days,
                    b.stats.median_days
                );
            }
            let _ = writeln!(md, "\n{}\n", self.blocked_sentence());
        }

        md.push_str("## WIP limit breaches\n\n");
        let _ = writeln!(md, "{}\n", self.breach_sentence());
        if !self.breaches.is_empty() {
            md.push_str(
                "| Limit | Kind | Max | Times exceeded | Days over | Overrides | Over now |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n",
            );
            for h in &self.breaches {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {:.1} | {} | {} |",
                    md_text(&limit_name(h)),
                    h.limit.kind().label(),
                    fmt_num(h.max),
                    h.breaches,
                    h.days_over(),
                    h.overrides,
                    if h.over_now { "yes" } else { "no" }
                );
            }
            md.push('\n');
        }
        md
    }

    /// How many root causes and cards blocked now.
    pub fn blocked_sentence(&self) -> String {
        let shown = if self.blocker_causes > self.top_blockers.len() {
            format!("Top {} of {} root causes by blocked days. ", self.top_blockers.len(), self.blocker_causes)
        } else {
            String::new()
        };
        format!("{shown}{} blocked now.", cards_text(self.blocked_now as u32))
    }

    /// How many limits were exceeded.
    pub fn breach_sentence(&self) -> String {
        match (self.limits_set, self.limits_breached) {
            (0, _) => "No WIP limits are set on this board.".into(),
            (n, 0) => format!("None of the {n} limits set was ever exceeded."),
            (n, 1) => format!("1 of the {n} limits set was exceeded at some time."),
            (n, b) => format!("{b} of the {n} limits set were exceeded at some time."),
        }
    }
}

