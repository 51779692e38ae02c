//! Entry point of the browser app: everything lives in the library crate so
//! the wasm-bindgen tests can mount the same components.

fn main() {
    // Debug builds report panics on the console; release builds stay lean.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| leptos::logging::error!("{info}")));
    ml_kanban::mount();
}
