// Blocked work end to end: block with a root cause (key B, card face, card
// dialog), see it on the board, the blocked-only filter, unblock, the blocker
// report's numbers, and the portfolio across stored boards and a file opened
// just for the report. axe scans and screenshots of these views.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FlowPage } from '../fixtures/flow-page.mjs';

const columns = [
  { id: 'backlog', name: 'Backlog', kind: 'backlog' },
  { id: 'prep', name: 'Data prep', kind: 'active' },
  { id: 'train', name: 'Training', kind: 'active' },
  { id: 'approval', name: 'Approval', kind: 'queue' },
  { id: 'done', name: 'Done', kind: 'done' },
];
const card = (id, title, column, more = {}) =>
  ({ id, title, type: 'data', column, lane: 'l', created_at: '2026-11-01T00:00:00Z', ...more });
const created = (c, column) => ({ at: '2026-11-01T00:00:00Z', card: c, kind: 'created', column, lane: 'l' });
const blocked = (c, day, reason, note) => ({ at: `2026-11-${day}T00:00:00Z`, card: c, kind: 'blocked', reason, ...(note ? { note } : {}) });
const unblocked = (c, day) => ({ at: `2026-11-${day}T00:00:00Z`, card: c, kind: 'unblocked' });
const sortByTime = (es) => es.sort((a, b) => a.at.localeCompare(b.at));

/** Board A: compute blocked Training twice (2 d and 4 d); CRM access blocked since Nov 10. */
const boardA = {
  id: 'a', name: 'Churn', columns, lanes: [{ id: 'l', name: 'Work' }],
  cards: [
    card('c1', 'Train GBM', 'train'),
    card('c2', 'Train MLP', 'train'),
    card('c3', 'Get CRM access', 'prep', { blocked: { reason: 'data-access', note: 'legal review', since: '2026-11-10T00:00:00Z' } }),
    card('c4', 'Tune learning rate', 'train', { owner: 'Mei' }),
  ],
  events: sortByTime([
    created('c1', 'train'), created('c2', 'train'), created('c3', 'prep'), created('c4', 'train'),
    blocked('c1', '02', 'compute'), unblocked('c1', '04'),
    blocked('c2', '05', 'compute', 'GPU quota'), unblocked('c2', '09'),
    blocked('c3', '10', 'data-access', 'legal review'),
  ]),
};

/** Board B: compute blocked its Training too, at the same time as board A (Nov 3 to 6). */
const boardB = {
  id: 'b', name: 'Fraud', columns, lanes: [{ id: 'l', name: 'Work' }],
  cards: [card('f1', 'Train fraud GBM', 'train')],
  events: [created('f1', 'train'), blocked('f1', '03', 'compute'), unblocked('f1', '06')],
};

/** Board C, only in a file: approval held up deployment. */
const boardC = {
  id: 'c', name: 'Search ranking', columns, lanes: [{ id: 'l', name: 'Work' }],
  cards: [card('s1', 'Ship ranker v2', 'approval')],
  events: [created('s1', 'approval'), blocked('s1', '12', 'approval'), unblocked('s1', '15')],
};

const file = (...boards) => ({ format: 'ml-kanban-board', version: 1, exported_at: '2026-12-01T10:00:00Z', boards });

const seriousOrWorse = (violations) =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

let flow;

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  flow = new FlowPage(page);
  await flow.seed(file(boardA, boardB));
  await flow.goto();
  await expect(flow.card('Train GBM')).toBeVisible();
});

test.afterEach(async () => {
  expect(flow.errors).toEqual([]);
});

test('a card is blocked with a root cause, stands out, is filtered, and is unblocked', async ({ page }) => {
  // A card blocked in the file shows its cause and age in words.
  await expect(flow.blockedBadge('Get CRM access')).toContainText(/Blocked: data-access · \d+d/);

  // Key B asks for a root cause; a new board label is defined on the spot.
  await flow.blockCard('Tune learning rate', { newLabel: 'vendor-api', note: 'waiting on the vendor' });
  await expect(flow.blockedBadge('Tune learning rate')).toHaveText('Blocked: vendor-api · <1h');
  await expect(flow.card('Tune learning rate')).toHaveAttribute('aria-label', /blocked: vendor-api/);
  await expect(flow.live).toHaveText('Blocked “Tune learning rate”: vendor-api.');
  expect((await flow.stored()).boards[0].blocker_labels).toEqual(['vendor-api']);
  await page.screenshot({ path: 'artifacts/blocked-board.png' });

  // From the card face, with a standard reason.
  await flow.blockCard('Train GBM', { reason: 'compute', via: 'face' });
  await expect(flow.blockedBadge('Train GBM')).toContainText('Blocked: compute');

  // Blocked only.
  await page.getByLabel('Blocked only').check();
  await expect(flow.count).toHaveText('3 of 4 cards');
  await expect(flow.card('Train MLP')).toHaveCount(0);
  await page.getByLabel('Blocked only').uncheck();
  await expect(flow.count).toHaveText('4 of 4 cards');

  // Unblock from the keyboard and from the card dialog.
  await flow.card('Train GBM').focus();
  await page.keyboard.press('b');
  await expect(flow.blockedBadge('Train GBM')).toHaveCount(0);
  await expect(flow.live).toHaveText('Unblocked “Train GBM”.');
  await flow.openCard('Tune learning rate');
  await expect(flow.cardDialog.getByTestId('dialog-blocked')).toContainText('vendor-api');
  await expect(flow.cardDialog.getByTestId('dialog-blocked')).toContainText('waiting on the vendor');
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await flow.cardDialog.getByTestId('dialog-blocked').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/card-dialog-blocked.png' });
  await flow.cardDialog.getByRole('button', { name: 'Unblock' }).click();
  await expect(flow.cardDialog.getByRole('button', { name: 'Block…' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(flow.blockedBadge('Tune learning rate')).toHaveCount(0);

  // Undo brings the block back.
  await page.keyboard.press('Control+z');
  await expect(flow.blockedBadge('Tune learning rate')).toContainText('vendor-api');
});

test('the block dialog has no serious axe violations and cancelling blocks nothing', async ({ page }) => {
  await flow.card('Train MLP').focus();
  await page.keyboard.press('b');
  await expect(flow.blockDialog).toBeVisible();
  await expect(flow.blockDialog.getByLabel('Root cause')).toBeFocused();
  const options = await flow.blockDialog.getByLabel('Root cause').locator('option').allTextContents();
  expect(options).toEqual(['data-quality', 'data-access', 'labeling', 'compute', 'approval', 'infrastructure', 'external', 'other']);
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/block-dialog.png' });
  await flow.blockDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(flow.blockDialog).toBeHidden();
  await expect(flow.blockedBadge('Train MLP')).toHaveCount(0);
  await expect(flow.card('Train MLP')).toBeFocused();
});

test('the blocker report counts blocks per reason and column, with a trend and what is blocked now', async ({ page }) => {
  await flow.blockCard('Tune learning rate', { reason: 'compute', note: 'no A100s' });
  await flow.showPage('Blockers');
  // compute: 2 d + 4 d + the open block of a moment.
  const byReason = await flow.rows('by-reason');
  expect(byReason[0]).toEqual(['data-access', '1', expect.any(String), expect.any(String)]);
  const compute = byReason.find((r) => r[0] === 'compute');
  expect(compute.slice(0, 4)).toEqual(['compute', '3', '6.0', '2.0']);
  const byColumn = await flow.rows('by-column');
  expect(byColumn.map((r) => r.slice(0, 2))).toEqual([['Data prep', '1'], ['Training', '3']]);
  expect(byColumn[1][2]).toBe('6.0');
  await expect(page.getByTestId('weekly-trend').locator('rect')).not.toHaveCount(0);
  const now = await flow.rows('blocked-now');
  expect(now.map((r) => r.slice(0, 4))).toEqual([
    ['Get CRM access', 'Data prep', 'data-access', 'legal review'],
    ['Tune learning rate', 'Training', 'compute', 'no A100s'],
  ]);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/blocker-report.png', fullPage: true });

  // A card in the list opens its dialog.
  await page.getByTestId('blocked-now').getByRole('button', { name: 'Get CRM access' }).click();
  await expect(flow.cardDialog).toBeVisible();
});

test('the portfolio finds causes that recur across stored boards and a file opened for it, saving nothing', async ({ page }) => {
  await flow.showPage('Portfolio');
  let causes = await flow.rows('portfolio-causes');
  const compute = causes.find((r) => r[0] === 'compute');
  expect(compute[1]).toBe('2: Churn, Fraud');
  expect(compute.slice(2, 5)).toEqual(['3', '9.0', '2 (2 overlapping)']);
  expect(compute[5]).toContain('Training (3×, 9.0 d)');
  expect(compute[6]).toContain('active 9.0 d');

  const before = await page.evaluate(() => localStorage.getItem('ml-kanban.boards'));
  await page.getByLabel('Open board files (.json) for this report').setInputFiles({
    name: 'search.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file(boardC))),
  });
  await expect(page.getByTestId('portfolio-sources')).toContainText('Search ranking (file search.json)');
  causes = await flow.rows('portfolio-causes');
  const approval = causes.find((r) => r[0] === 'approval');
  expect(approval.slice(0, 4)).toEqual(['approval', '1: Search ranking', '1', '3.0']);
  expect(approval[6]).toContain('queue 3.0 d');
  expect(await page.evaluate(() => localStorage.getItem('ml-kanban.boards'))).toBe(before);

  // A board left out of the report.
  await page.getByRole('checkbox', { name: /Fraud/ }).uncheck();
  causes = await flow.rows('portfolio-causes');
  expect(causes.find((r) => r[0] === 'compute')[1]).toBe('1: Churn');

  // A file that is not a board file is refused with a message.
  await page.getByLabel('Open board files (.json) for this report').setInputFiles({
    name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}'),
  });
  await expect(page.getByTestId('portfolio-page').getByRole('alert')).toContainText('junk.json could not be read');

  const axe = await new AxeBuilder({ page }).analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/portfolio.png', fullPage: true });
});
