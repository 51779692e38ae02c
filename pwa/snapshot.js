// Instant first paint: the board as the app last drew it (src/snapshot.rs stores it), shown
// while the app's WebAssembly loads; the app removes it when it mounts. Inert and hidden from
// assistive technology: nothing in it can be clicked, focused or read out. Shown only if the
// boards were not written since it was taken (same write token and length) and the same board
// is active.
// It is markup the app itself wrote; the page's Content-Security-Policy runs no inline script.
(() => {
  try {
    const raw = localStorage.getItem('ml-kanban.snapshot');
    if (!raw) return;
    const s = JSON.parse(raw);
    const same = (key, v) => (localStorage.getItem(key) ?? '') === v;
    if (s.v !== 1 || !same('ml-kanban.rev', s.rev) || !same('ml-kanban.active', s.active)) return;
    if ((localStorage.getItem('ml-kanban.boards') ?? '').length !== s.len) return;
    const shown = document.createElement('div');
    shown.id = 'snapshot';
    shown.inert = true;
    shown.setAttribute('aria-hidden', 'true');
    shown.innerHTML = s.html;
    // Inline style attributes are refused by the Content-Security-Policy; the CSSOM is not.
    for (const e of shown.querySelectorAll('[data-style]')) {
      e.style.cssText = e.dataset.style;
      e.removeAttribute('data-style');
    }
    document.body.prepend(shown);
  } catch {
    // No snapshot: the app paints as usual.
  }
})();
