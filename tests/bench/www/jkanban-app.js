// The jKanban baseline: the same board (in localStorage "ml-kanban.boards" as a board file, the
// format the app imports and exports) shown with jKanban, one jKanban board per cell (10 columns x 3 lanes), each item
// carrying the same content as the app's card face (type, title, owner, tags). Alt+ArrowRight on
// an item moves it to the next column of its lane, last in the cell, as the app does.
(function () {
  'use strict';
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const file = JSON.parse(localStorage.getItem('ml-kanban.boards'));
  const board = file.boards[0];
  const cellId = (col, lane) => `${col}--${lane}`;
  const face = (c) =>
    `<div class="card-top"><span class="badge">${esc(c.type || 'other')}</span></div>` +
    `<p class="card-title">${esc(c.title)}</p>` +
    (c.owner ? `<div class="card-meta"><span class="owner">${esc(c.owner)}</span></div>` : '') +
    (c.tags && c.tags.length ? `<ul class="tags">${c.tags.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : '');
  const items = new Map();
  for (const l of board.lanes) for (const c of board.columns) items.set(cellId(c.id, l.id), []);
  const where = new Map();
  for (const c of board.cards) {
    items.get(cellId(c.column, c.lane)).push({ id: c.id, title: face(c) });
    where.set(c.id, { col: board.columns.findIndex((x) => x.id === c.column), lane: c.lane, title: face(c) });
  }
  const boards = [];
  for (const l of board.lanes) {
    for (const c of board.columns) {
      boards.push({ id: cellId(c.id, l.id), title: `${esc(c.name)} / ${esc(l.name)}`, item: items.get(cellId(c.id, l.id)) });
    }
  }
  const kanban = new jKanban({ element: '#board', gutter: '4px', widthBoard: '212px', boards });
  document.addEventListener('keydown', (e) => {
    if (!e.altKey || e.key !== 'ArrowRight') return;
    const el = e.target.closest && e.target.closest('.kanban-item');
    if (!el) return;
    const id = el.dataset.eid;
    const w = where.get(id);
    const next = board.columns[w.col + 1];
    if (!next) return;
    e.preventDefault();
    kanban.removeElement(id);
    kanban.addElement(cellId(next.id, w.lane), { id, title: w.title });
    w.col += 1;
  });
  window.__jkanban = kanban;
})();
