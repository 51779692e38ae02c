//! Entry point of the browser app: everything lives in the library crate so
//! the wasm-bindgen tests can mount the same components.

fn main() {
    ml_kanban::mount();
}
