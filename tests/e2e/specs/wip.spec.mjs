// WIP limits end to end: limits set in the settings dialogs, loads in the
// headers, soft limits (move + warning + recorded override) by drag and by
// keyboard, hard limits (a reason first; cancel changes nothing), the WIP page,
// and axe scans of these views. Runs against the release build.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FlowPage } from '../fixtures/flow-page.mjs';
import { DataPage } from '../fixtures/data-page.mjs';

const at = '2026-11-02T09:00:00Z';
const card = (id, title, column, lane, more = {}) => ({ id, title, type: 'experiment', column, lane, created_at: at, ...more });

export const WIP_BOARD = {
  format: 'ml-kanban-board',
  version: 1,
  exported_at: '2026-12-01T10:00:00Z',
  boards: [{
    id: 'wip',
    name: 'WIP board',
    columns: [
      { id: 'backlog', name: 'Backlog', kind: 'backlog' },
      { id: 'train', name: 'Training', kind: 'active' },
      { id: 'eval', name: 'Evaluation', kind: 'active' },
      { id: 'done', name: 'Done', kind: 'done' },
    ],
    lanes: [{ id: 'model', name: 'Modeling' }, { id: 'data', name: 'Data' }],
    cards: [
      card('t1', 'Train GBM', 'train', 'model', { owner: 'Aisha', compute: 2 }),
      card('t2', 'Train MLP', 'train', 'model', { owner: 'Aisha', compute: 2 }),
      card('b1', 'Try focal loss', 'backlog', 'model', { owner: 'Aisha', compute: 1 }),
      card('b2', 'Try label smoothing', 'backlog', 'model'),
      card('b3', 'Try mixup', 'backlog', 'model'),
    ],
    events: [],
  }],
};

const seriousOrWorse = (violations) =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

let flow;

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  flow = new FlowPage(page);
  await flow.seed(WIP_BOARD);
  await flow.goto();
  await expect(flow.card('Train GBM')).toBeVisible();
});

test.afterEach(async () => {
  expect(flow.errors).toEqual([]);
});

test('soft limits: over the limit by drag and by keyboard, with a warning and a recorded override', async ({ page }) => {
  await flow.setColumnLimits('Training', { wip: 3, compute: 5 });
  await expect(flow.columnLoad('Training')).toHaveText('2 / 3 cards');
  await expect(flow.computeLoad('Training')).toHaveText('4 / 5 GPU');

  // Up to the limit: no warning, the header says so in words.
  await flow.dragCard('Try focal loss', { column: 'Training', lane: 'Modeling' });
  expect(await flow.titlesIn('Training', 'Modeling')).toContain('Try focal loss');
  await expect(flow.columnLoad('Training')).toHaveText('● 3 / 3 cards · at limit');
  await expect(flow.computeLoad('Training')).toHaveText('● 5 / 5 GPU · at limit');
  await expect(flow.wipWarning).toHaveCount(0);
  expect((await flow.movesOf('Try focal loss'))[0].override).toBeUndefined();

  // Over it from the keyboard: the move happens, a warning names the limit.
  await flow.keyboardRight('Try label smoothing');
  expect(await flow.titlesIn('Training', 'Modeling')).toContain('Try label smoothing');
  await expect(flow.wipWarning).toContainText('Training: 4 / 3 cards');
  await expect(page.getByRole('alert').filter({ hasText: 'Over the WIP limit' })).toBeVisible();
  await expect(flow.columnLoad('Training')).toHaveText('▲ 4 / 3 cards · over by 1');
  const kb = await flow.movesOf('Try label smoothing');
  expect(kb).toHaveLength(1);
  expect(kb[0].override).toBe('over limit: Training: 4 / 3 cards');
  await page.screenshot({ path: 'artifacts/wip-soft-warning.png' });

  // Over it by drag: the same.
  await flow.page.getByRole('button', { name: 'Dismiss WIP warning' }).click();
  await expect(flow.wipWarning).toHaveCount(0);
  await flow.dragCard('Try mixup', { column: 'Training', lane: 'Modeling' });
  await expect(flow.wipWarning).toContainText('Training: 5 / 3 cards');
  await expect(flow.columnLoad('Training')).toHaveText('▲ 5 / 3 cards · over by 2');
  expect((await flow.movesOf('Try mixup'))[0].override).toBe('over limit: Training: 5 / 3 cards');

  // The limits are in the stored file.
  const file = await flow.stored();
  const train = file.boards[0].columns.find((c) => c.id === 'train');
  expect(train.wip_limit).toBe(3);
  expect(train.compute_limit).toBe(5);
});

test('hard limits: a move asks for a reason; cancel leaves the board unchanged; a reason is recorded', async ({ page }) => {
  await flow.setPolicy({ hard: true });
  await flow.setColumnLimits('Training', { wip: 2 });
  await expect(flow.columnLoad('Training')).toHaveText('● 2 / 2 cards · at limit');
  const before = await flow.stored();

  // By drag: the dialog names the limit; cancel changes nothing.
  await flow.dragCard('Try focal loss', { column: 'Training', lane: 'Modeling' });
  await expect(flow.overrideDialog).toBeVisible();
  await expect(flow.overrideDialog).toContainText('Training: 3 / 2 cards');
  await page.screenshot({ path: 'artifacts/wip-hard-dialog.png' });
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await flow.overrideDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(flow.overrideDialog).toBeHidden();
  expect(await flow.titlesIn('Backlog', 'Modeling')).toContain('Try focal loss');
  expect(await flow.stored()).toEqual(before);

  // By keyboard: the same dialog; Escape cancels too.
  await flow.keyboardRight('Try focal loss');
  await expect(flow.overrideDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(flow.overrideDialog).toBeHidden();
  expect(await flow.stored()).toEqual(before);

  // A reason is required, then accepted and stored as the event's override.
  await flow.keyboardRight('Try focal loss');
  await flow.overrideDialog.getByRole('button', { name: 'Move anyway' }).click();
  await expect(flow.overrideDialog.getByRole('alert')).toContainText('Give a reason');
  await flow.overrideDialog.getByLabel(/^Reason for the override/).fill('Demo for the steering committee');
  await flow.overrideDialog.getByRole('button', { name: 'Move anyway' }).click();
  await expect(flow.overrideDialog).toBeHidden();
  expect(await flow.titlesIn('Training', 'Modeling')).toContain('Try focal loss');
  await expect(flow.columnLoad('Training')).toHaveText('▲ 3 / 2 cards · over by 1');
  const moves = await flow.movesOf('Try focal loss');
  expect(moves).toHaveLength(1);
  expect(moves[0].override).toBe('Demo for the steering committee');
  await expect(flow.card('Try focal loss')).toBeFocused();

  // The reason travels with the board: it is in the exported file.
  const exported = JSON.parse((await new DataPage(page).exportBoard()).text);
  const overridden = exported.boards[0].events
    .filter((e) => e.kind === 'moved' && e.override === 'Demo for the steering committee');
  expect(overridden).toHaveLength(1);

  // Adding a card into the full column: same rules; cancel adds nothing.
  const cell = flow.cell('Training', 'Data');
  await cell.getByRole('button', { name: /^Add card to/ }).click();
  await cell.getByRole('textbox').fill('One more run');
  await cell.getByRole('textbox').press('Enter');
  await expect(flow.overrideDialog).toBeVisible();
  await expect(flow.overrideDialog.getByRole('button', { name: 'Add anyway' })).toBeVisible();
  await flow.overrideDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(flow.card('One more run')).toHaveCount(0);

  // With a reason it is added.
  await cell.getByRole('textbox').press('Enter');
  await flow.overrideDialog.getByLabel(/^Reason for the override/).fill('Urgent rerun');
  await flow.overrideDialog.getByRole('button', { name: 'Add anyway' }).click();
  await expect(flow.card('One more run')).toBeVisible();
  await expect(flow.columnLoad('Training')).toHaveText('▲ 4 / 2 cards · over by 2');
});

test('lane, type and person limits show in headers and on the WIP page, with their history', async ({ page }) => {
  await flow.setLaneLimit('Modeling', 2);
  await expect(flow.laneLoad('Modeling')).toHaveText('● 2 / 2 in progress · at limit');
  await flow.setColumnLimits('Training', { types: { experiment: 2 } });
  await expect(flow.columnHeader('Training').getByTestId('type-load')).toHaveText('● experiment 2 / 2 · at limit');
  await flow.setPolicy({ perPerson: 2 });

  await flow.keyboardRight('Try focal loss');
  await expect(flow.wipWarning).toContainText('Modeling lane: 3 / 2 cards');
  await expect(flow.wipWarning).toContainText('Aisha: 3 / 2 cards');
  await expect(flow.laneLoad('Modeling')).toHaveText('▲ 3 / 2 in progress · over by 1');

  await flow.showPage('WIP limits');
  const people = await flow.rows('people-panel');
  expect(people).toContainEqual(['Aisha', '3', '2', 'over by 1']);
  const history = await flow.rows('limit-history');
  const lane = history.find((r) => r[0] === 'Modeling lane');
  expect(lane.slice(1, 4)).toEqual(['Lane', '2', '1']);
  expect(lane[5]).toBe('1');
  expect(lane[6]).toBe('yes, over');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/wip-page.png', fullPage: true });

  await flow.openBoardSettings();
  const axe2 = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(axe2.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/wip-settings.png' });
});

test('the column settings dialog edits limits and has no serious axe violations', async ({ page }) => {
  const d = await flow.openColumnSettings('Training');
  await d.getByText('Limits per card type').click();
  await d.getByLabel('WIP limit (cards)').fill('0');
  await d.getByRole('button', { name: 'Save limits' }).click();
  await expect(d.getByRole('alert')).toContainText('WIP limit: a limit is a whole number of at least 1');
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/column-limits.png' });
  await page.keyboard.press('Escape');
  await expect(flow.columnLoad('Training')).toHaveText('2 cards');
});

test('a cell limit shows in its cell; the board with limits set has no serious axe violations', async ({ page }) => {
  await flow.setColumnLimits('Training', { wip: 1, compute: 3 });
  await flow.setPolicy({ perPerson: 1, cells: { 'Training, Modeling': 2, 'Evaluation, Data': 3 } });
  await expect(flow.cellLoad('Training', 'Modeling')).toHaveText('● 2 / 2 in cell · at limit');
  await expect(flow.cellLoad('Evaluation', 'Data')).toHaveText('0 / 3 in cell');
  await expect(flow.cellLoad('Backlog', 'Modeling')).toHaveCount(0);
  await flow.dragCard('Try mixup', { column: 'Training', lane: 'Modeling' });
  await expect(flow.cellLoad('Training', 'Modeling')).toHaveText('▲ 3 / 2 in cell · over by 1');
  await expect(flow.wipWarning).toContainText('Training / Modeling: 3 / 2 cards');
  const policy = (await flow.stored()).boards[0].wip;
  expect(policy.person_limit).toBe(1);
  expect(policy.cell_limits).toContainEqual({ column: 'train', lane: 'model', limit: 2 });
  expect(policy.cell_limits).toContainEqual({ column: 'eval', lane: 'data', limit: 3 });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(seriousOrWorse(axe.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/wip-board.png' });
});
