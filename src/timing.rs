//! Timing of the app's heavy computations, as User Timing measures.
//!
//! Key design decision: the browser's own Performance API records how long the
//! metrics take in the page (`performance.getEntriesByType("measure")`, also shown in
//! the browser's performance panel), so the browser benchmark reads the very figure
//! users get; nothing is sent anywhere and the core stays free of clocks.

/// Runs `f`, recording how long it took as the measure `name`.
pub fn measured<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
    out
}

/// Records the moment `name` (a User Timing mark), e.g. when the app is mounted.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
