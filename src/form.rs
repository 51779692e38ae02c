//! Pure helpers between form text and card fields, and card-face labels.
//!
//! Key design decision: the card dialog edits plain strings; turning them
//! into `CardDetails` (and back) happens here, free of the DOM, so it is
//! tested without rendering anything.

use board_core::{Card, CardDetails, CardType, Metric};

/// The text of every field of the card dialog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardForm {
    pub title: String,
    pub card_type: String,
    pub owner: String,
    pub tags: String,
    pub description: String,
    pub hypothesis: String,
    pub dataset: String,
    pub metric_name: String,
    pub metric_target: String,
    pub metric_achieved: String,
    pub links: String,
    pub compute: String,
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

impl CardForm {
    pub fn of(card: &Card) -> Self {
        let m = card.metric.as_ref();
        Self {
            title: card.title.clone(),
            card_type: card.card_type.as_str().to_owned(),
            owner: card.owner.clone().unwrap_or_default(),
            tags: card.tags.join(", "),
            description: card.description.clone().unwrap_or_default(),
            hypothesis: card.hypothesis.clone().unwrap_or_default(),
            dataset: card.dataset.clone().unwrap_or_default(),
            metric_name: m.map(|m| m.name.clone()).unwrap_or_default(),
            metric_target: num(m.and_then(|m| m.target)),
            metric_achieved: num(m.and_then(|m| m.achieved)),
            links: card.links.join("\n"),
            compute: num(card.compute),
        }
    }

    /// The details this form describes, or a message naming the first bad field.
    pub fn details(&self) -> Result<CardDetails, String> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err("The title cannot be empty.".into());
        }
        let target = number(&self.metric_target, "Metric target")?;
        let achieved = number(&self.metric_achieved, "Metric achieved")?;
        let metric_name = self.metric_name.trim();
        let metric = if metric_name.is_empty() {
            if target.is_some() || achieved.is_some() {
                return Err("Give the metric a name (e.g. AUC) or clear its values.".into());
            }
            None
        } else {
            Some(Metric { name: metric_name.to_owned(), target, achieved })
        };
        let compute = number(&self.compute, "Compute")?;
        if compute.is_some_and(|c| c < 0.0) {
            return Err("Compute cannot be negative.".into());
        }
        Ok(CardDetails {
            title: title.to_owned(),
            card_type: CardType::parse(&self.card_type).unwrap_or_default(),
            owner: text(&self.owner),
            tags: tags(&self.tags),
            description: text(&self.description),
            hypothesis: text(&self.hypothesis),
            dataset: text(&self.dataset),
            metric,
            links: lines(&self.links),
            compute,
        })
    }
}

/// Trimmed text, `None` when blank.
pub fn text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Comma-separated tags, trimmed, blanks and repeats dropped, order kept.
pub fn tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// One entry per non-blank line.
pub fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// A finite number, `None` when blank.
pub fn number(s: &str, field: &str) -> Result<Option<f64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("{field} must be a number.")),
    }
}

/// Whether a link may be rendered as `<a href>`: http and https only.
pub fn is_web_link(url: &str) -> bool {
    let l = url.trim().to_ascii_lowercase();
    ["https://", "http://"]
        .iter()
        .any(|p| l.strip_prefix(p).is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)))
}

/// The key metric at a glance: `AUC 0.83 / 0.85` (achieved / target).
pub fn metric_label(m: &Metric) -> String {
    match (m.achieved, m.target) {
        (Some(a), Some(t)) => format!("{} {a} / {t}", m.name),
        (Some(a), None) => format!("{} {a}", m.name),
        (None, Some(t)) => format!("{} – / {t}", m.name),
        (None, None) => m.name.clone(),
    }
}

/// What a screen reader says for a card face.
pub fn card_label(card: &Card) -> String {
    let mut s = format!("{}, {}", card.title, card.card_type.as_str());
    if let Some(o) = &card.owner {
        s.push_str(&format!(", owner {o}"));
    }
    if let Some(m) = &card.metric {
        s.push_str(&format!(", {}", metric_label(m)));
    }
    if !card.tags.is_empty() {
        s.push_str(&format!(", tags {}", card.tags.join(", ")));
    }
    if let Some(b) = &card.blocked {
        s.push_str(&format!(", blocked: {}", b.reason));
    }
    s
}
