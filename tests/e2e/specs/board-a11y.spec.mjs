// Accessibility of the board (axe-core: no serious or critical violations) on
// a realistic board, with and without dialogs open; saves a screenshot.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { BoardPage } from '../fixtures/board-page.mjs';

const card = (id, title, type, column, lane, more = {}) => ({
  id, title, type, column, lane, created_at: '2026-11-02T09:00:00Z', ...more,
});

/** A board file as a user would have it: every card field in use somewhere. */
export const SEEDED = {
  format: 'ml-kanban-board',
  version: 1,
  exported_at: '2026-12-01T10:00:00Z',
  boards: [{
    id: 'churn',
    name: 'Churn model',
    columns: [
      ['backlog', 'Backlog', 'backlog'], ['explore', 'Data exploration', 'active'],
      ['prep', 'Data prep', 'active'], ['features', 'Feature engineering', 'active'],
      ['design', 'Experiment design', 'active'], ['train', 'Training', 'active'],
      ['eval', 'Evaluation', 'active'], ['approval', 'Approval', 'queue'],
      ['deploy', 'Deployment', 'active'], ['monitor', 'Monitoring', 'done'],
    ].map(([id, name, kind]) => ({ id, name, kind, ...(id === 'train' ? { wip_limit: 3 } : {}) })),
    lanes: [{ id: 'data', name: 'Data' }, { id: 'model', name: 'Modeling' }, { id: 'ops', name: 'MLOps' }],
    cards: [
      card('c1', 'Audit label noise in support tickets', 'data', 'backlog', 'data', { owner: 'Aisha', tags: ['labels'] }),
      card('c2', 'Join billing events to accounts', 'data', 'prep', 'data', { owner: 'Ravi', tags: ['etl', 'billing'], dataset: 'billing-2026-10' }),
      card('c3', 'Request CRM export access', 'data', 'explore', 'data', {
        owner: 'Mei', blocked: { reason: 'data-access', note: 'Waiting for legal', since: '2026-11-20T10:00:00Z' },
      }),
      card('c4', 'Tenure and usage features', 'feature', 'features', 'model', { owner: 'Ravi', tags: ['churn'] }),
      card('c5', 'Gradient boosting on v3 features', 'experiment', 'train', 'model', {
        owner: 'Aisha', tags: ['churn', 'gbm'], hypothesis: 'GBM beats the logistic baseline',
        metric: { name: 'AUC', target: 0.85, achieved: 0.83 }, compute: 2,
        links: ['https://tracker.example/runs/17'],
      }),
      card('c6', 'Calibrate probabilities', 'experiment', 'design', 'model', { owner: 'Mei', metric: { name: 'ECE', target: 0.02 } }),
      card('c7', 'Fairness review', 'model', 'approval', 'model', { owner: 'Jonas', tags: ['review'] }),
      card('c8', 'Churn model v2 canary', 'deployment', 'deploy', 'ops', { owner: 'Lee', tags: ['canary'] }),
      card('c9', 'Churn model v1', 'model', 'monitor', 'ops', { owner: 'Lee', metric: { name: 'AUC', target: 0.8, achieved: 0.81 } }),
      card('c10', 'Drift alerts for tenure', 'monitoring', 'monitor', 'ops', { owner: 'Jonas', tags: ['drift'] }),
      card('c11', 'Retrain: Churn model v1', 'retraining', 'backlog', 'ops', { owner: 'Lee', parent: 'c9', metric: { name: 'AUC', target: 0.8 } }),
      card('c12', 'Evaluate on holdout cohort', 'experiment', 'eval', 'model', { owner: 'Aisha', metric: { name: 'AUC', target: 0.85, achieved: 0.84 } }),
    ],
    events: [],
  }],
};

const seriousOrWorse = (violations) =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

let board;

// axe-core scans take seconds each on a busy two-core machine.
test.describe.configure({ timeout: 90_000 });

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.addInitScript((file) => {
    if (!localStorage.getItem('ml-kanban.boards')) localStorage.setItem('ml-kanban.boards', file);
  }, JSON.stringify(SEEDED));
  board = new BoardPage(page);
  await board.goto();
  await expect(board.card('Gradient boosting on v3 features')).toBeVisible();
});

test('the board has no serious or critical axe violations, and looks right', async ({ page }) => {
  const result = await new AxeBuilder({ page }).analyze();
  expect(seriousOrWorse(result.violations)).toEqual([]);
  await expect(board.card('Gradient boosting on v3 features')).toContainText('AUC 0.83 / 0.85');
  await page.screenshot({ path: 'artifacts/board.png' });
});

test('open dialogs have no serious or critical axe violations', async ({ page }) => {
  await board.openCard('Gradient boosting on v3 features');
  let result = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(result.violations)).toEqual([]);
  await page.screenshot({ path: 'artifacts/card-dialog.png' });
  await board.cardDialog.getByRole('button', { name: 'Delete card' }).click();
  await expect(board.confirmDialog).toBeVisible();
  result = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(result.violations)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  result = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(seriousOrWorse(result.violations)).toEqual([]);
});

test('stored data that cannot be read is kept and a banner says so', async ({ page }) => {
  await page.evaluate(() => localStorage.setItem('ml-kanban.boards', '{"format":"something-else"'));
  await board.reload();
  await expect(page.getByTestId('storage-banner')).toContainText('could not be read');
  await board.addCard('Backlog', 'Data', 'Not saved');
  expect(await page.evaluate(() => localStorage.getItem('ml-kanban.boards'))).toBe('{"format":"something-else"');
});
