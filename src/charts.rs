//! Hand-written SVG charts for the metrics page: scales, ticks, axes, marks and the frame
//! every chart shares (title, legend, readout, data table, SVG download).
//!
//! Key design decision: a chart is a plain function from already computed numbers to a static
//! SVG view (no chart library, no signals inside), re-rendered whole when the report memo
//! changes. Every mark carries its own presentation attributes (fill, stroke, font), never CSS
//! classes, so the SVG a user downloads looks exactly like the one on the page. Data points are
//! reachable from the keyboard: the first point of a series is a tab stop, arrow keys move
//! between points, and each point has an `aria-label` with its values and a `<title>` tooltip.

use std::fmt::Write as _;

use leptos::ev::{FocusEvent, KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::download;
use crate::markup::escape;

/// The SVG canvas (viewBox units; the SVG scales to its container's width).
pub const W: f64 = 600.0;
pub const H: f64 = 300.0;
/// The plot area inside the canvas.
pub const X0: f64 = 58.0;
pub const X1: f64 = 572.0;
pub const Y0: f64 = 18.0;
pub const Y1: f64 = 250.0;

pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
pub const INK: &str = "#1f2328";
pub const MUTED: &str = "#555d66";
pub const GRID: &str = "#d8dee4";
pub const ACCENT: &str = "#0b57d0";

/// Colours of series (columns of a CFD, ...), distinct for common colour-vision deficiencies.
pub const PALETTE: [&str; 10] = [
    "#8c959f", "#0969da", "#bf8700", "#1a7f37", "#8250df", "#cf222e", "#0e7490", "#c2410c", "#6e7781",
    "#be185d",
];

/// The three percentile lines: label, colour, dash pattern (lines differ by dash, not only colour).
pub const PERCENTILE_STYLE: [(&str, &str, &str); 3] =
    [("50th", "#1a7f37", "8 4"), ("85th", "#bf5700", "4 3"), ("95th", "#cf222e", "1.5 2.5")];

/// A linear map from a data interval onto a pixel interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Self {
        Self { d0, d1, r0, r1 }
    }

    pub fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            (self.r0 + self.r1) / 2.0
        } else {
            self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
        }
    }
}

/// Round tick values from 0 covering `max` in about `n` steps (whole steps when `whole`):
/// the axis top and the ticks.
pub fn nice_ticks(max: f64, n: usize, whole: bool) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mut step = mag
        * if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
    if whole {
        step = step.max(1.0).round();
    }
    let top = (max / step).ceil() * step;
    let count = (top / step).round() as usize;
    (top, (0..=count).map(|i| i as f64 * step).collect())
}

pub use board_core::report::{days_text, fmt_num};

/// Horizontal grid lines with their values on the left, and the axis title.
pub fn y_axis(scale: &Scale, ticks: &[f64], title: &str) -> AnyView {
    let lines = ticks
        .iter()
        .map(|t| {
            let y = scale.at(*t);
            view! {
                <g>
                    <line x1=X0 x2=X1 y1=y y2=y stroke=GRID stroke-width="1" />
                    <text x=X0 - 6.0 y=y + 4.0 text-anchor="end" fill=MUTED>
                        {fmt_num(*t)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let mid = (Y0 + Y1) / 2.0;
    view! {
        <g>
            {lines}
            <text
                x="14"
                y=mid
                text-anchor="middle"
                fill=INK
                font-weight="600"
                transform=format!("rotate(-90 14 {mid})")
            >
                {title.to_string()}
            </text>
        </g>
    }
    .into_any()
}

/// The x axis line, labels at given positions, and the axis title.
pub fn x_axis(labels: Vec<(f64, String)>, title: &str) -> AnyView {
    let ticks = labels
        .into_iter()
        .map(|(x, l)| {
            view! {
                <g>
                    <line x1=x x2=x y1=Y1 y2=Y1 + 4.0 stroke=MUTED stroke-width="1" />
                    <text x=x y=Y1 + 17.0 text-anchor="middle" fill=MUTED>
                        {l}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <g>
            <line x1=X0 x2=X1 y1=Y1 y2=Y1 stroke=MUTED stroke-width="1" />
            {ticks}
            <text x=(X0 + X1) / 2.0 y=H - 8.0 text-anchor="middle" fill=INK font-weight="600">
                {title.to_string()}
            </text>
        </g>
    }
    .into_any()
}

/// About `n` evenly spaced indices of `len` items, first and last included.
pub fn spread(len: usize, n: usize) -> Vec<usize> {
    if len == 0 {
        return Vec::new();
    }
    if len <= n {
        return (0..len).collect();
    }
    let mut v: Vec<usize> = (0..n).map(|i| i * (len - 1) / (n - 1).max(1)).collect();
    v.dedup();
    v
}

/// Dashed horizontal reference lines (pixel y, colour, dash, label), labels at the right end;
/// labels of close lines stack upwards from the lowest so that they never overlap.
pub fn h_rules(mut rules: Vec<(f64, &str, &str, String)>) -> AnyView {
    board_core::sort::sort_by(&mut rules, |a, b| b.0.total_cmp(&a.0));
    let mut last_label: Option<f64> = None;
    rules
        .into_iter()
        .map(|(y, c, d, l)| {
            let at = match last_label {
                Some(p) if p - (y - 4.0) < 13.0 => p - 13.0,
                _ => y - 4.0,
            };
            last_label = Some(at);
            h_rule(y, at, c, d, l)
        })
        .collect_view()
        .into_any()
}

/// A dashed horizontal reference line across the plot with its label at the right end.
pub fn h_rule(y: f64, label_y: f64, colour: &str, dash: &str, label: String) -> AnyView {
    view! {
        <g>
            <line x1=X0 x2=X1 y1=y y2=y stroke=colour.to_string() stroke-width="1.5" stroke-dasharray=dash.to_string() />
            <text x=X1 - 2.0 y=label_y text-anchor="end" fill=colour.to_string() font-weight="600">
                {label}
            </text>
        </g>
    }
    .into_any()
}

/// Shape of a data point: shapes tell series apart without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Diamond,
}

/// The marks of one series (points, bars, stripes), written as SVG markup and given to
/// the browser in one go ([`Marks::into_view`]: the `inner_html` of their group).
///
/// Key design decision: a chart of a year of days or a thousand cards has thousands of
/// marks; built node by node that is one DOM call per element and attribute (most of the
/// metrics page's time), parsed from markup it is one call. Every text and attribute value
/// goes through [`escape`], so a card id or column name is always shown as text.
#[derive(Default)]
pub struct Marks(String);

impl Marks {
    /// A focusable data point: `first` makes it the series' tab stop, arrow keys reach the others.
    pub fn point(&mut self, x: f64, y: f64, shape: Shape, colour: &str, label: &str, first: bool) {
        let tab = if first { "0" } else { "-1" };
        let colour = escape(colour);
        let label = escape(label);
        let o = &mut self.0;
        match shape {
            Shape::Circle => {
                let _ = write!(o, r##"<circle class="pt" cx="{x}" cy="{y}" r="5" fill="{colour}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.2" tabindex="{tab}" role="img" aria-label="{label}"><title>{label}</title></circle>"##);
            }
            Shape::Diamond => {
                let top = y - 6.0;
                let _ = write!(o, r##"<path class="pt" d="M{x} {top}l6 6l-6 6l-6 -6z" fill="{colour}" stroke="#ffffff" stroke-width="1.2" tabindex="{tab}" role="img" aria-label="{label}"><title>{label}</title></path>"##);
            }
        }
    }

    /// A focusable bar (rectangle) with its values as label and tooltip; `pattern` outlines it
    /// with a dashed stroke (marked without colour).
    #[allow(clippy::too_many_arguments)]
    pub fn bar(&mut self, x: f64, y: f64, w: f64, h: f64, colour: &str, label: &str, first: bool, pattern: bool) {
        let tab = if first { "0" } else { "-1" };
        let (w, h) = (w.max(0.0), h.max(0.0));
        let (stroke, width, dash) = if pattern { (INK, "2", "5 3") } else { ("none", "0", "none") };
        let (colour, label) = (escape(colour), escape(label));
        let _ = write!(self.0, r#"<rect class="pt" x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}" stroke="{stroke}" stroke-width="{width}" stroke-dasharray="{dash}" tabindex="{tab}" role="img" aria-label="{label}"><title>{label}</title></rect>"#);
    }

    /// An invisible focusable stripe (a day of a long history) that reads out its label.
    pub fn stripe(&mut self, x: f64, w: f64, label: &str, first: bool) {
        let tab = if first { "0" } else { "-1" };
        let label = escape(label);
        let h = Y1 - Y0;
        let _ = write!(self.0, r#"<rect class="pt" x="{x}" y="{Y0}" width="{w}" height="{h}" fill="transparent" tabindex="{tab}" role="img" aria-label="{label}"><title>{label}</title></rect>"#);
    }

    /// The marks as one SVG group.
    pub fn into_view(self) -> AnyView {
        view! { <g inner_html=self.0></g> }.into_any()
    }
}


/// Moves focus between the points of one series with the arrow keys (Home/End: first/last).
fn arrow_nav(ev: KeyboardEvent) {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    if !el.class_list().contains("pt") {
        return;
    }
    let step = |mut e: Option<web_sys::Element>, next: bool| {
        while let Some(x) = e {
            if x.class_list().contains("pt") {
                return Some(x);
            }
            e = if next { x.next_element_sibling() } else { x.previous_element_sibling() };
        }
        None
    };
    let target = match ev.key().as_str() {
        "ArrowRight" | "ArrowDown" => step(el.next_element_sibling(), true),
        "ArrowLeft" | "ArrowUp" => step(el.previous_element_sibling(), false),
        "Home" => el.parent_element().and_then(|p| p.query_selector(".pt").ok().flatten()),
        "End" => el.parent_element().and_then(|p| {
            let all = p.query_selector_all(".pt").ok()?;
            all.item(all.length().checked_sub(1)?)?.dyn_into::<web_sys::Element>().ok()
        }),
        _ => return,
    };
    ev.prevent_default();
    if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::SvgElement>().ok()) {
        let _ = t.focus();
    }
}

fn label_of(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    if !el.class_list().contains("pt") {
        return None;
    }
    el.get_attribute("aria-label")
}

/// One entry of a chart's legend.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    pub label: String,
    pub colour: String,
    /// `"swatch"`, `"line"` (with the dash pattern in `dash`), `"circle"`, `"diamond"`.
    pub mark: &'static str,
    pub dash: &'static str,
}

impl Legend {
    pub fn swatch(label: impl Into<String>, colour: &str) -> Self {
        Self { label: label.into(), colour: colour.into(), mark: "swatch", dash: "" }
    }
    pub fn line(label: impl Into<String>, colour: &str, dash: &'static str) -> Self {
        Self { label: label.into(), colour: colour.into(), mark: "line", dash }
    }
    pub fn shape(label: impl Into<String>, colour: &str, mark: &'static str) -> Self {
        Self { label: label.into(), colour: colour.into(), mark, dash: "" }
    }
}

fn legend_view(items: Vec<Legend>) -> AnyView {
    if items.is_empty() {
        return ().into_any();
    }
    let entries = items
        .into_iter()
        .map(|l| {
            let c = l.colour.clone();
            let mark = match l.mark {
                "line" => view! {
                    <line x1="1" x2="21" y1="7" y2="7" stroke=c stroke-width="2.5" stroke-dasharray=l.dash />
                }
                .into_any(),
                "circle" => view! { <circle cx="11" cy="7" r="5" fill=c /> }.into_any(),
                "diamond" => view! { <path d="M11 1l6 6l-6 6l-6 -6z" fill=c /> }.into_any(),
                _ => view! { <rect x="3" y="1" width="16" height="12" rx="2" fill=c /> }.into_any(),
            };
            view! {
                <li>
                    <svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true">
                        {mark}
                    </svg>
                    {l.label}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="legend" aria-label="Legend">{entries}</ul> }.into_any()
}

/// What a chart card shows around its SVG.
pub struct ChartSpec {
    /// Unique on the page: the SVG's id is `chart-<key>`, its file `<file_stem>-<key>.svg`.
    pub key: &'static str,
    pub title: String,
    /// One or two sentences saying what the chart shows (and its main numbers).
    pub summary: String,
    pub legend: Vec<Legend>,
    pub file_stem: String,
    /// Whether the chart has focusable points (adds the keyboard hint).
    pub points: bool,
}

/// A chart in its card: heading, summary, legend, the SVG, a readout of the focused or
/// hovered point, a data table (the text alternative) and the SVG download.
pub fn chart_card(spec: ChartSpec, marks: AnyView, table: Table) -> AnyView {
    let readout = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let svg_id = format!("chart-{}", spec.key);
    let heading_id = format!("chart-h-{}", spec.key);
    let summary_id = format!("chart-s-{}", spec.key);
    let file = format!("{}-{}.svg", spec.file_stem, spec.key);
    let id_for_dl = svg_id.clone();
    let title = spec.title.clone();
    let (h1, h2, h3) = (heading_id.clone(), heading_id.clone(), heading_id);
    let (s1, s2) = (summary_id.clone(), summary_id);
    let testid = format!("chart-{}", spec.key);
    let hint = spec.points.then_some(" Tab to the chart, then arrow keys move between data points.");
    view! {
        <section class="chart-card" aria-labelledby=h1 data-testid=testid>
            <div class="chart-head">
                <h3 id=h2>{spec.title.clone()}</h3>
                <button
                    type="button"
                    class="small"
                    aria-label=format!("Download the {} chart as SVG", spec.title)
                    on:click=move |_| {
                        download::svg_by_id(&id_for_dl, &file);
                    }
                >
                    "Download SVG"
                </button>
            </div>
            <p class="chart-summary" id=s1>
                {spec.summary}
                {hint}
            </p>
            {legend_view(spec.legend)}
            <svg
                id=svg_id
                class="chart"
                viewBox=format!("0 0 {W} {H}")
                role="group"
                aria-labelledby=h3
                aria-describedby=s2
                font-family=FONT
                font-size="11"
                on:keydown=arrow_nav
                on:focusin=move |ev: FocusEvent| {
                    if let Some(l) = label_of(ev.target()) {
                        readout.set(l);
                    }
                }
                on:mouseover=move |ev: MouseEvent| {
                    if let Some(l) = label_of(ev.target()) {
                        readout.set(l);
                    }
                }
            >
                <title>{title}</title>
                <rect x="0" y="0" width=W height=H fill="#ffffff" />
                {marks}
            </svg>
            <p class="readout" aria-hidden="true">
                {move || {
                    let r = readout.get();
                    if r.is_empty() { "Point at or focus a mark to read its values.".to_string() } else { r }
                }}
            </p>
            <details
                class="data-table"
                on:toggle=move |ev| {
                    let is_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    open.set(is_open);
                }
            >
                <summary>"Data table"</summary>
                {move || open.get().then(|| table_view(table.clone()))}
            </details>
        </section>
    }
    .into_any()
}

/// A chart's data as a plain table: caption, header row, rows of text cells. Rendered only
/// when its `<details>` opens (a year of daily rows is thousands of cells).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    caption: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

pub fn table(caption: String, head: &[&str], rows: Vec<Vec<String>>) -> Table {
    Table { caption, head: head.iter().map(|h| h.to_string()).collect(), rows }
}

fn table_view(t: Table) -> AnyView {
    let Table { caption, head, rows } = t;
    let head = head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
    let body = if rows.is_empty() {
        view! {
            <tr>
                <td colspan="99">"No data."</td>
            </tr>
        }
        .into_any()
    } else {
        rows.into_iter()
            .map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
            .collect_view()
            .into_any()
    };
    view! {
        <table>
            <caption class="sr-only">{caption}</caption>
            <thead>
                <tr>{head}</tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

/// A message inside the plot area when there is nothing to draw.
pub fn empty_note(text: &str) -> AnyView {
    view! {
        <text x=(X0 + X1) / 2.0 y=(Y0 + Y1) / 2.0 text-anchor="middle" fill=MUTED font-size="13">
            {text.to_string()}
        </text>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn nice_ticks_cover_the_maximum_with_round_steps() {
        assert_eq!(nice_ticks(7.0, 5, true), (8.0, vec![0.0, 2.0, 4.0, 6.0, 8.0]));
        assert_eq!(nice_ticks(3.0, 5, true), (3.0, vec![0.0, 1.0, 2.0, 3.0]));
        assert_eq!(nice_ticks(0.0, 5, true).0, 1.0);
        let (top, t) = nice_ticks(0.42, 4, false);
        assert!(top >= 0.42 && t.len() <= 6);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn numbers_for_people_drop_trailing_zeros() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(4.6499999999), "4.65");
        assert_eq!(days_text(1.0), "1 day");
        assert_eq!(days_text(0.0), "0 days");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn marks_keep_card_text_as_text() {
        let hostile = r#"<img src=x onerror="alert(1)">&'"#;
        assert_eq!(escape(hostile), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
        assert_eq!(escape("plain"), "plain");
        let mut m = Marks::default();
        m.point(1.5, 2.0, Shape::Circle, ACCENT, hostile, true);
        m.bar(0.0, 1.0, -3.0, 4.0, ACCENT, hostile, false, true);
        m.stripe(3.0, 2.0, hostile, false);
        assert!(!m.0.contains("<img") && !m.0.contains("\"alert") && m.0.matches("&lt;img").count() == 6, "{}", m.0);
        assert!(m.0.starts_with(r#"<circle class="pt" cx="1.5" cy="2" r="5""#), "{}", m.0);
        assert!(m.0.contains(r#"width="0" height="4""#), "{}", m.0);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn spread_keeps_first_and_last() {
        assert_eq!(spread(3, 6), vec![0, 1, 2]);
        let s = spread(100, 6);
        assert_eq!((s[0], *s.last().unwrap()), (0, 99));
    }
}
