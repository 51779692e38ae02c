//! Step-wise migration of older board files to the current version.
//!
//! Key design decision: a migration step works on the parsed JSON value, one
//! version at a time (v1 -> v2, v2 -> v3, ...), so a file of any known version
//! reaches the current one by running the steps in order, and only the current
//! version needs serialized structs. Today version 1 is the only version, so
//! there are no steps yet; adding version 2 means adding `v1_to_v2` to
//! [`STEPS`] and a `v2.rs` with the new structs.

use serde_json::Value;

use super::read::R;

/// One migration step: turns a file of version `n` into a file of version `n + 1`.
pub type Step = fn(Value) -> R<Value>;

/// `STEPS[i]` migrates a version `i + 1` file to version `i + 2`.
pub const STEPS: &[Step] = &[];

/// The newest version this app reads and the one it writes.
pub const CURRENT_VERSION: u64 = 1 + STEPS.len() as u64;

/// Runs every step from `version` up to [`CURRENT_VERSION`]. `version` must be
/// known (1 ..= CURRENT_VERSION); the caller checks that.
pub fn to_current(mut file: Value, version: u64) -> R<Value> {
    for step in STEPS.iter().skip((version - 1) as usize) {
        file = step(file)?;
    }
    Ok(file)
}
