use leptos::prelude::*;

fn main() {
    console_error_panic_hook_free();
    leptos::mount::mount_to_body(|| view! { <main><h1>"ML Board"</h1></main> });
}

fn console_error_panic_hook_free() {}
