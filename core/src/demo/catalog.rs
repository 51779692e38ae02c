//! The words of the demo board: projects, people, titles, hypotheses, blocker
//! notes and override reasons. Plain constant data, no logic beyond lookups.

use crate::model::CardType;

/// One ML project, shown as a lane.
pub struct Project {
    pub lane: &'static str,
    pub name: &'static str,
    /// Prefix of card ids, e.g. `churn-12`.
    pub prefix: &'static str,
    /// Dataset families; versions count up as data cards finish.
    pub datasets: [&'static str; 2],
    /// First version of each dataset family at the start of the year.
    pub first_versions: [u32; 2],
    /// What the project's model is called, e.g. "churn model".
    pub model_name: &'static str,
    pub metric: &'static str,
    pub target: f64,
    /// Where the project's models stand at the start of the year.
    pub baseline: f64,
    /// MLflow experiment id, for run links.
    pub mlflow_experiment: u32,
    /// The two people who usually own this project's cards.
    pub leads: [usize; 2],
    pub data: &'static [&'static str],
    pub feature: &'static [&'static str],
    pub experiment: &'static [&'static str],
    /// `{v}` is replaced by the next model version.
    pub model: &'static [&'static str],
    pub deployment: &'static [&'static str],
    pub monitoring: &'static [&'static str],
    pub hypotheses: &'static [&'static str],
    /// The drift an alert reports, with `{from}` and `{to}` metric values.
    pub drift: &'static str,
}

pub const PEOPLE: [&str; 6] =
    ["Ana Souza", "Ben Okafor", "Chloé Martin", "Dmitri Ivanov", "Emi Tanaka", "Farah Haddad"];

pub const PROJECTS: [Project; 4] = [
    Project {
        lane: "churn",
        name: "Churn model",
        prefix: "churn",
        model_name: "churn model",
        datasets: ["events", "crm-accounts"],
        first_versions: [3, 5],
        metric: "AUC",
        target: 0.85,
        baseline: 0.80,
        mlflow_experiment: 12,
        leads: [0, 1],
        data: &[
            "Backfill app events for last quarter",
            "Fix duplicate sessions in the events table",
            "Join CRM accounts to product events",
            "Profile nulls after the CDC migration",
            "Label churners with the 90-day inactivity rule",
            "Add support tickets to the churn sources",
        ],
        feature: &[
            "Tenure and plan-change features",
            "Support-ticket sentiment features",
            "Usage trend features (7/30/90 days)",
            "Payment-failure count features",
            "Publish churn features to the feature store",
        ],
        experiment: &[
            "Gradient boosting vs logistic baseline",
            "Sentiment features in the churn GBM",
            "Survival model for time-to-churn",
            "Class weights vs undersampling",
            "Calibrate churn scores (isotonic)",
            "Uplift model for retention offers",
        ],
        model: &["Churn GBM v{v} for the retention campaign", "Churn model v{v}: SHAP report and model card"],
        deployment: &[
            "Ship churn scores to the CRM nightly batch",
            "Canary release of churn model v{v}",
            "A/B test retention offers on churn scores",
        ],
        monitoring: &["Drift dashboard for churn features", "Weekly AUC check on fresh churn labels"],
        hypotheses: &[
            "Support-ticket sentiment lifts AUC by 2 points over usage features alone",
            "Customers who downgrade their plan churn 3x more within 60 days",
            "A survival model ranks at-risk customers earlier than a classifier",
            "Calibrated scores cut wasted retention offers by 15%",
        ],
        drift: "Weekly AUC fell from {from} to {to} after the pricing change",
    },
    Project {
        lane: "fraud",
        name: "Fraud detection",
        prefix: "fraud",
        model_name: "fraud scorer",
        datasets: ["transactions", "chargebacks"],
        first_versions: [7, 2],
        metric: "PR-AUC",
        target: 0.72,
        baseline: 0.66,
        mlflow_experiment: 7,
        leads: [2, 3],
        data: &[
            "Ingest chargeback labels from the acquirer",
            "Reconcile late-arriving chargebacks",
            "Device fingerprint table from the mobile SDK",
            "Mask card numbers in the training extract",
            "Label card-testing rings with the risk team",
        ],
        feature: &[
            "Velocity features per card and merchant",
            "Shared-device graph features",
            "Merchant risk score features",
            "Real-time features in the streaming store",
        ],
        experiment: &[
            "Graph features vs velocity-only GBM",
            "Focal loss for the 0.1% fraud class",
            "Semi-supervised labels from chargebacks",
            "Sequence model on transaction history",
            "Threshold tuning at 1% false-positive rate",
        ],
        model: &["Fraud scorer v{v}", "Fraud scorer v{v}: fairness review by region"],
        deployment: &[
            "Shadow mode for fraud scorer v{v}",
            "Move fraud scoring to the streaming path",
            "Roll out fraud scorer v{v} to card-not-present",
        ],
        monitoring: &["Alert on fraud score distribution shift", "Chargeback-rate monitor per merchant"],
        hypotheses: &[
            "Shared-device graph features catch card-testing rings a day earlier",
            "Velocity features over 1h windows lift PR-AUC by 3 points",
            "Chargeback labels arrive too late: proxy labels keep recall up",
            "A sequence model beats hand-made velocity features on new merchants",
        ],
        drift: "PR-AUC fell from {from} to {to} as a new card-testing pattern appeared",
    },
    Project {
        lane: "demand",
        name: "Demand forecast",
        prefix: "demand",
        model_name: "demand model",
        datasets: ["sales-daily", "weather"],
        first_versions: [4, 1],
        metric: "1 - WAPE",
        target: 0.88,
        baseline: 0.83,
        mlflow_experiment: 21,
        leads: [4, 0],
        data: &[
            "Backfill store sales for 2024",
            "Holiday calendar per region",
            "Weather feed from the new vendor",
            "Fix SKU remapping after the catalog merge",
            "Promotions table from the pricing team",
        ],
        feature: &[
            "Lag and rolling-mean features per SKU",
            "Holiday and weather features",
            "Promotion uplift features",
            "Hierarchy features (store, region, category)",
        ],
        experiment: &[
            "Global LightGBM vs per-category models",
            "Temporal fusion transformer on top 500 SKUs",
            "Weather features for fresh produce",
            "Quantile loss for safety stock",
            "Cold-start forecasts for new SKUs",
        ],
        model: &["Demand model v{v} for weekly replenishment", "Demand model v{v}: backtest report"],
        deployment: &[
            "Nightly forecast job on the orchestration cluster",
            "Publish forecasts to the replenishment API",
            "Pilot demand model v{v} in 20 stores",
        ],
        monitoring: &["Forecast error monitor per category", "Backtest drift check on weekly sales"],
        hypotheses: &[
            "Weather and holiday features cut fresh-produce error by 10%",
            "One global model beats 40 per-category models on long-tail SKUs",
            "Quantile forecasts reduce stock-outs at the same inventory",
            "Promotion uplift features fix the under-forecast in promo weeks",
        ],
        drift: "Forecast accuracy fell from {from} to {to} after the store openings",
    },
    Project {
        lane: "search",
        name: "Search ranking",
        prefix: "search",
        model_name: "ranker",
        datasets: ["clicks", "queries"],
        first_versions: [9, 3],
        metric: "NDCG@10",
        target: 0.42,
        baseline: 0.37,
        mlflow_experiment: 33,
        leads: [5, 3],
        data: &[
            "Click logs with position-bias correction",
            "Human relevance labels for 5k queries",
            "Query-log sessionization",
            "Remove bot traffic from click logs",
            "Multilingual query sample for labeling",
        ],
        feature: &[
            "BM25 and text-match features",
            "Embedding similarity features",
            "Popularity and freshness features",
            "Query intent classifier features",
        ],
        experiment: &[
            "LambdaMART vs pointwise baseline",
            "Cross-encoder re-ranker on top 50",
            "Unbiased learning-to-rank from clicks",
            "Distill the cross-encoder into a bi-encoder",
            "Personalization features for returning users",
        ],
        model: &["Ranker v{v} for web search", "Ranker v{v}: latency and quality report"],
        deployment: &[
            "Interleaving test for ranker v{v}",
            "Serve the re-ranker on GPU inference",
            "Roll out ranker v{v} to all locales",
        ],
        monitoring: &["Online CTR and NDCG monitor", "Zero-result query monitor"],
        hypotheses: &[
            "A cross-encoder re-ranker lifts NDCG@10 on long-tail queries by 4 points",
            "Debiased clicks are as good as human labels for head queries",
            "Freshness features fix the stale results on news queries",
            "A distilled bi-encoder keeps 90% of the gain at 10% of the latency",
        ],
        drift: "NDCG@10 fell from {from} to {to} after the catalog expansion",
    },
];

/// Titles of one type of card of a project.
pub fn titles(p: &Project, t: CardType) -> &'static [&'static str] {
    match t {
        CardType::Data => p.data,
        CardType::Feature => p.feature,
        CardType::Experiment => p.experiment,
        CardType::Model => p.model,
        CardType::Deployment => p.deployment,
        CardType::Monitoring => p.monitoring,
        CardType::Retraining | CardType::Other => p.experiment,
    }
}

/// Tags a card of a type may carry, beyond the project's own.
pub fn tags(t: CardType) -> &'static [&'static str] {
    match t {
        CardType::Data => &["data-contract", "pii", "backfill", "quick-win"],
        CardType::Feature => &["feature-store", "streaming", "quick-win", "tech-debt"],
        CardType::Experiment => &["gbm", "deep-learning", "gpu", "a/b-test"],
        CardType::Model => &["gbm", "deep-learning", "model-card", "regulatory"],
        CardType::Deployment => &["canary", "batch", "real-time", "regulatory"],
        CardType::Monitoring => &["observability", "alerting", "drift"],
        CardType::Retraining => &["drift", "gpu"],
        CardType::Other => &["tech-debt"],
    }
}

/// Root causes of blocks in a column, most frequent first.
pub fn block_reasons(column: &str) -> &'static [&'static str] {
    match column {
        "explore" => &["data-access", "data-quality", "external"],
        "prep" => &["data-quality", "labeling", "data-access"],
        "features" => &["data-quality", "infrastructure", "data-access"],
        "design" => &["external", "approval", "labeling"],
        "train" => &["compute", "infrastructure", "data-quality"],
        "eval" => &["labeling", "data-quality", "compute"],
        "approval" => &["approval", "external"],
        "deploy" => &["infrastructure", "external", "approval"],
        _ => &["other"],
    }
}

/// What a person writes when blocking a card for a reason.
pub fn block_notes(reason: &str) -> &'static [&'static str] {
    match reason {
        "data-quality" => &[
            "Null spike in the latest extract after the CDC change",
            "Label leakage found: target date precedes feature date",
            "Duplicated rows in the source table, upstream fix pending",
        ],
        "data-access" => &[
            "Waiting for read access to the warehouse (ticket SEC-4411)",
            "Privacy review needed before the PII columns can be used",
            "Vendor API keys not provisioned yet",
        ],
        "labeling" => &[
            "Labeling vendor backlog: 2,000 items pending",
            "Annotator agreement too low, guidelines being rewritten",
            "Waiting for the domain experts to review edge cases",
        ],
        "compute" => &[
            "GPU quota exhausted on the shared cluster",
            "Spot instances preempted, queue is full",
            "Waiting for the A100 reservation",
        ],
        "approval" => &[
            "Model risk committee meets monthly",
            "Waiting for the product owner's sign-off",
            "Legal review of the model card",
        ],
        "infrastructure" => &[
            "Feature store outage",
            "Kubernetes upgrade freezes deployments this week",
            "CI runners for the inference image are down",
        ],
        "external" => &[
            "Waiting on the partner's API contract",
            "Dependent team busy with the quarter-end release",
            "Client paused the pilot",
        ],
        _ => &["Waiting"],
    }
}

/// Why a WIP limit was knowingly exceeded.
pub const OVERRIDE_REASONS: [&str; 6] = [
    "Quarter-end deadline for the retention campaign",
    "Hotfix for a production incident",
    "Small run: 1 GPU for two hours",
    "Regulator deadline, agreed in stand-up",
    "Retraining after a drift alert takes priority",
    "Evaluation only waits on a labeling batch, agreed to pull",
];
