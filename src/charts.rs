//! Hand-written SVG charts for the metrics page: scales, ticks, axes, marks and the frame
//! every chart shares (title, legend, readout, data table, SVG download).
//!
//! Key design decision: a chart is a plain function from already computed numbers to a static
//! SVG view (no chart library, no signals inside), re-rendered whole when the report memo
//! changes. Every mark carries its own presentation attributes (fill, stroke, font), never CSS
//! classes, so the SVG a user downloads looks exactly like the one on the page. Data points are
//! reachable from the keyboard: the first point of a series is a tab stop, arrow keys move
//! between points, and each point has an `aria-label` with its values and a `<title>` tooltip
//! (added when the pointer first reaches it). A long daily series has one day scrubber (a
//! slider over the plot) instead of a mark per day.

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

/// Static SVG markup (axes, rules) as one group, parsed in one `inner_html` call: an axis
/// built element by element is a dozen DOM calls per tick, on every chart.
fn svg_group(markup: String) -> AnyView {
    view! { <g inner_html=markup></g> }.into_any()
}

/// Horizontal grid lines with their values on the left, and the axis title.
pub fn y_axis(scale: &Scale, ticks: &[f64], title: &str) -> AnyView {
    let mut o = String::new();
    for t in ticks {
        let y = scale.at(*t);
        let (lx, ly) = (X0 - 6.0, y + 4.0);
        let _ = write!(
            o,
            r#"<line x1="{X0}" x2="{X1}" y1="{y}" y2="{y}" stroke="{GRID}" stroke-width="1"></line><text x="{lx}" y="{ly}" text-anchor="end" fill="{MUTED}">{}</text>"#,
            fmt_num(*t)
        );
    }
    let mid = (Y0 + Y1) / 2.0;
    let _ = write!(
        o,
        r#"<text x="14" y="{mid}" text-anchor="middle" fill="{INK}" font-weight="600" transform="rotate(-90 14 {mid})">{}</text>"#,
        escape(title)
    );
    svg_group(o)
}

/// The x axis line, labels at given positions, and the axis title.
pub fn x_axis(labels: Vec<(f64, String)>, title: &str) -> AnyView {
    let mut o = format!(r#"<line x1="{X0}" x2="{X1}" y1="{Y1}" y2="{Y1}" stroke="{MUTED}" stroke-width="1"></line>"#);
    let (tick, ly) = (Y1 + 4.0, Y1 + 17.0);
    for (x, l) in labels {
        let _ = write!(
            o,
            r#"<line x1="{x}" x2="{x}" y1="{Y1}" y2="{tick}" stroke="{MUTED}" stroke-width="1"></line><text x="{x}" y="{ly}" text-anchor="middle" fill="{MUTED}">{}</text>"#,
            escape(&l)
        );
    }
    let (tx, ty) = ((X0 + X1) / 2.0, H - 8.0);
    let _ = write!(
        o,
        r#"<text x="{tx}" y="{ty}" text-anchor="middle" fill="{INK}" font-weight="600">{}</text>"#,
        escape(title)
    );
    svg_group(o)
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
    let mut o = String::new();
    for (y, c, d, l) in rules {
        let at = match last_label {
            Some(p) if p - (y - 4.0) < 13.0 => p - 13.0,
            _ => y - 4.0,
        };
        last_label = Some(at);
        h_rule_markup(&mut o, y, at, c, d, &l);
    }
    svg_group(o)
}

/// A dashed horizontal reference line across the plot with its label at the right end.
pub fn h_rule(y: f64, label_y: f64, colour: &str, dash: &str, label: String) -> AnyView {
    let mut o = String::new();
    h_rule_markup(&mut o, y, label_y, colour, dash, &label);
    svg_group(o)
}

fn h_rule_markup(o: &mut String, y: f64, label_y: f64, colour: &str, dash: &str, label: &str) {
    let (c, d, lx) = (escape(colour), escape(dash), X1 - 2.0);
    let _ = write!(
        o,
        r#"<g><line x1="{X0}" x2="{X1}" y1="{y}" y2="{y}" stroke="{c}" stroke-width="1.5" stroke-dasharray="{d}"></line><text x="{lx}" y="{label_y}" text-anchor="end" fill="{c}" font-weight="600">{}</text></g>"#,
        escape(label)
    );
}

/// Shape of a data point: shapes tell series apart without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Diamond,
}

/// The marks of one series (points, bars, a day scrubber), written as SVG markup and given to
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
                let _ = write!(o, r##"<circle class="pt" cx="{x}" cy="{y}" r="5" fill="{colour}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.2" tabindex="{tab}" role="img" aria-label="{label}"></circle>"##);
            }
            Shape::Diamond => {
                let top = y - 6.0;
                let _ = write!(o, r##"<path class="pt" d="M{x} {top}l6 6l-6 6l-6 -6z" fill="{colour}" stroke="#ffffff" stroke-width="1.2" tabindex="{tab}" role="img" aria-label="{label}"></path>"##);
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
        let _ = write!(self.0, r#"<rect class="pt" x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}" stroke="{stroke}" stroke-width="{width}" stroke-dasharray="{dash}" tabindex="{tab}" role="img" aria-label="{label}"></rect>"#);
    }

    /// One day scrubber over a long daily series (a year is hundreds of days): a single
    /// focusable `role="slider"` over the plot that arrow keys (Page Up/Down: a week,
    /// Home/End) and the pointer move from day to day, with a cursor line and the day's
    /// values as its `aria-valuetext` and readout. `x0` is the left edge of day 0, `bw` a
    /// day's width. One element for the whole series, where a mark per day was hundreds.
    pub fn scrubber(&mut self, x0: f64, bw: f64, name: &str, labels: &[String]) {
        let Some(first) = labels.first() else { return };
        let n = labels.len();
        // One line per day (a newline inside a label would shift the days after it).
        let joined: Vec<String> = labels.iter().map(|l| l.replace('\n', " ")).collect();
        let joined = escape(&joined.join("\n")).replace('\n', "&#10;");
        let (name, first) = (escape(name), escape(first));
        let (w, h, cx) = (X1 - X0, Y1 - Y0, x0 + bw / 2.0);
        let _ = write!(
            self.0,
            r##"<line class="cursor" x1="{cx}" x2="{cx}" y1="{Y0}" y2="{Y1}" stroke="{INK}" stroke-width="1" stroke-dasharray="3 2" visibility="hidden"></line><rect class="scrub" x="{X0}" y="{Y0}" width="{w}" height="{h}" fill="transparent" tabindex="0" role="slider" aria-label="{name}" aria-valuemin="1" aria-valuemax="{n}" aria-valuenow="1" aria-valuetext="{first}" data-x0="{x0}" data-bw="{bw}" data-labels="{joined}"></rect>"##
        );
    }

    /// The marks as one SVG group.
    pub fn into_view(self) -> AnyView {
        view! { <g inner_html=self.0></g> }.into_any()
    }
}


/// Puts a day scrubber ([`Marks::scrubber`]) on day `i` (clamped): cursor, slider value and
/// readout. Returns the day's label.
fn scrub_to(el: &web_sys::Element, i: i64) -> Option<String> {
    let labels = el.get_attribute("data-labels")?;
    let labels: Vec<&str> = labels.split('\n').collect();
    let i = i.clamp(0, labels.len() as i64 - 1) as usize;
    let num = |k: &str| el.get_attribute(k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let x = num("data-x0") + num("data-bw") * (i as f64 + 0.5);
    let label = labels[i].to_string();
    let _ = el.set_attribute("aria-valuenow", &(i + 1).to_string());
    let _ = el.set_attribute("aria-valuetext", &label);
    if let Some(cursor) = el.previous_element_sibling().filter(|c| c.class_list().contains("cursor")) {
        let _ = cursor.set_attribute("x1", &x.to_string());
        let _ = cursor.set_attribute("x2", &x.to_string());
        let _ = cursor.set_attribute("visibility", "visible");
    }
    Some(label)
}

/// The scrubber a pointer or key event happened on, with its current day (0-based).
fn scrubber_of(target: Option<web_sys::EventTarget>) -> Option<(web_sys::Element, i64)> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    if !el.class_list().contains("scrub") {
        return None;
    }
    let now = el.get_attribute("aria-valuenow").and_then(|v| v.parse::<i64>().ok()).unwrap_or(1);
    Some((el, now - 1))
}

/// The day under the pointer on a scrubber: the pointer's x in viewBox units, in days.
fn day_under_pointer(el: &web_sys::Element, ev: &MouseEvent) -> Option<i64> {
    let svg = el.closest("svg").ok()??;
    let r = svg.get_bounding_client_rect();
    if r.width() <= 0.0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - r.left()) * W / r.width();
    let num = |k: &str| el.get_attribute(k).and_then(|v| v.parse::<f64>().ok());
    let (x0, bw) = (num("data-x0")?, num("data-bw")?);
    (bw > 0.0).then(|| ((x - x0) / bw).floor() as i64)
}

/// Moves a day scrubber with the keys; `None` when the key is not one of its keys.
fn scrub_key(el: &web_sys::Element, at: i64, ev: &KeyboardEvent) -> Option<String> {
    let to = match ev.key().as_str() {
        "ArrowRight" | "ArrowUp" => at + 1,
        "ArrowLeft" | "ArrowDown" => at - 1,
        "PageUp" => at + 7,
        "PageDown" => at - 7,
        "Home" => 0,
        "End" => i64::MAX / 2,
        _ => return None,
    };
    ev.prevent_default();
    scrub_to(el, to)
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

/// Gives a mark its tooltip (an SVG `<title>`) when the pointer first reaches it: written
/// up front that is one more element per mark (thousands on a long history) for a tooltip
/// few marks ever show. The text is set as text, never parsed.
fn add_tooltip(target: Option<web_sys::EventTarget>, label: &str) {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    if el.first_element_child().is_some() {
        return;
    }
    if let Ok(title) = document().create_element_ns(Some("http://www.w3.org/2000/svg"), "title") {
        title.set_text_content(Some(label));
        let _ = el.append_child(&title);
    }
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
    let mut o = String::new();
    for l in items {
        let c = escape(&l.colour);
        let mark = match l.mark {
            "line" => format!(
                r#"<line x1="1" x2="21" y1="7" y2="7" stroke="{c}" stroke-width="2.5" stroke-dasharray="{}"></line>"#,
                escape(l.dash)
            ),
            "circle" => format!(r#"<circle cx="11" cy="7" r="5" fill="{c}"></circle>"#),
            "diamond" => format!(r#"<path d="M11 1l6 6l-6 6l-6 -6z" fill="{c}"></path>"#),
            _ => format!(r#"<rect x="3" y="1" width="16" height="12" rx="2" fill="{c}"></rect>"#),
        };
        let _ = write!(
            o,
            r#"<li><svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true">{mark}</svg>{}</li>"#,
            escape(&l.label)
        );
    }
    view! { <ul class="legend" aria-label="Legend" inner_html=o></ul> }.into_any()
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
                on:keydown=move |ev: KeyboardEvent| {
                    if let Some((el, at)) = scrubber_of(ev.target()) {
                        if let Some(l) = scrub_key(&el, at, &ev) {
                            readout.set(l);
                        }
                    } else {
                        arrow_nav(ev);
                    }
                }
                on:focusin=move |ev: FocusEvent| {
                    if let Some((el, at)) = scrubber_of(ev.target()) {
                        if let Some(l) = scrub_to(&el, at) {
                            readout.set(l);
                        }
                    } else if let Some(l) = label_of(ev.target()) {
                        readout.set(l);
                    }
                }
                on:mousemove=move |ev: MouseEvent| {
                    if let Some((el, _)) = scrubber_of(ev.target()) {
                        if let Some(l) = day_under_pointer(&el, &ev).and_then(|i| scrub_to(&el, i)) {
                            readout.set(l);
                        }
                    }
                }
                on:mouseover=move |ev: MouseEvent| {
                    if let Some(l) = label_of(ev.target()) {
                        add_tooltip(ev.target(), &l);
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
        m.scrubber(3.0, 2.0, hostile, &[hostile.to_string(), format!("two\nlines {hostile}")]);
        assert!(!m.0.contains("<img") && !m.0.contains("\"alert") && m.0.matches("&lt;img").count() == 6, "{}", m.0);
        assert!(m.0.contains("&#10;two lines &lt;img"), "one line per day: {}", m.0);
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
