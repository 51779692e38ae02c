// The ML board end to end: cards, moves (mouse and keyboard), undo/redo,
// persistence across reloads, several boards. Runs against the release build.
import { test, expect } from '@playwright/test';
import { BoardPage } from '../fixtures/board-page.mjs';

let board;

test.beforeEach(async ({ page }) => {
  board = new BoardPage(page);
  await board.goto();
});

test.afterEach(async () => {
  expect(board.errors).toEqual([]);
});

test('a first visit shows the ML pipeline board at once', async () => {
  expect(await board.columnNames()).toEqual([
    'Backlog', 'Data exploration', 'Data prep', 'Feature engineering', 'Experiment design',
    'Training', 'Evaluation', 'Approval', 'Deployment', 'Monitoring',
  ]);
  expect(await board.laneNames()).toEqual(['Data', 'Modeling', 'MLOps']);
  await expect(board.boardSelect.locator('option:checked')).toHaveText('ML pipeline');
  await expect(board.undoButton).toBeDisabled();
});

test('a card is quick-added in a cell and edited in its dialog', async ({ page }) => {
  await board.addCard('Backlog', 'Modeling', 'Try GBM');
  await board.editCard('Try GBM', {
    Title: 'Try gradient boosting',
    Type: 'experiment',
    Owner: 'Aisha',
    Tags: 'churn, gbm',
    Description: '<img src=x onerror=alert(1)> stays text',
    Hypothesis: 'GBM beats logistic regression',
    Dataset: 'churn-v3',
    Name: 'AUC',
    Target: '0.85',
    Achieved: '0.83',
    Links: 'https://tracker.example/run/17\njavascript:alert(1)',
    'Compute (GPUs or job slots)': '2',
  });
  const card = board.card('Try gradient boosting');
  await expect(card).toContainText('experiment');
  await expect(card).toContainText('Aisha');
  await expect(card).toContainText('AUC 0.83 / 0.85');
  await expect(card.locator('.tag')).toHaveText(['churn', 'gbm']);
  expect(await board.titlesIn('Backlog', 'Modeling')).toEqual(['Try gradient boosting']);

  await board.openCard('Try gradient boosting');
  const d = board.cardDialog;
  await expect(d.getByLabel('Description')).toHaveValue('<img src=x onerror=alert(1)> stays text');
  await expect(d.getByLabel('Dataset')).toHaveValue('churn-v3');
  const links = d.getByRole('list', { name: 'Open links' });
  await expect(links.getByRole('link')).toHaveCount(1);
  const link = links.getByRole('link', { name: 'https://tracker.example/run/17' });
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(links).toContainText('javascript:alert(1)');
  await page.keyboard.press('Escape');
  await expect(d).toBeHidden();
  await expect(page.locator('img')).toHaveCount(0);
});

test('cards are dragged across a column and a lane, keeping order', async () => {
  await board.addCard('Backlog', 'Data', 'A');
  await board.addCard('Backlog', 'Data', 'B');
  await board.addCard('Data prep', 'Modeling', 'C');

  // Onto empty cell space: last in that cell.
  await board.dragCard('A', { column: 'Data exploration', lane: 'Data' });
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['B']);
  expect(await board.titlesIn('Data exploration', 'Data')).toEqual(['A']);

  // Onto a card in another column and lane: just before it.
  await board.dragCard('B', { onto: 'C' });
  expect(await board.titlesIn('Backlog', 'Data')).toEqual([]);
  expect(await board.titlesIn('Data prep', 'Modeling')).toEqual(['B', 'C']);

  await board.dragCard('A', { column: 'Data prep', lane: 'Modeling' });
  expect(await board.titlesIn('Data prep', 'Modeling')).toEqual(['B', 'C', 'A']);
  await expect(board.live).toContainText('Moved “A” to Data prep, Modeling, position 3 of 3');
  await expect(board.card('A')).toBeFocused();

  // Within a cell: onto the first card.
  await board.dragCard('A', { onto: 'B' });
  expect(await board.titlesIn('Data prep', 'Modeling')).toEqual(['A', 'B', 'C']);
});

test('a focused card moves by keyboard, keeps focus and is announced', async ({ page }) => {
  await board.addCard('Backlog', 'Data', 'K');
  await board.addCard('Backlog', 'Data', 'L');
  await board.card('L').focus();

  await page.keyboard.press('Alt+ArrowUp');
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['L', 'K']);
  await expect(board.card('L')).toBeFocused();

  // The card's own node moves to the other cell (it is not rebuilt), so focus never leaves it.
  await board.card('L').evaluate((el) => {
    el.movedNode = true;
    el.addEventListener('blur', () => (window.cardBlurred = true));
  });
  await page.keyboard.press('Alt+ArrowRight');
  expect(await board.titlesIn('Data exploration', 'Data')).toEqual(['L']);
  await expect(board.card('L')).toBeFocused();
  expect(await board.card('L').evaluate((el) => el.movedNode === true && !window.cardBlurred)).toBe(true);
  await expect(board.live).toContainText('Moved “L” to Data exploration, Data, position 1 of 1');

  await page.keyboard.press('Alt+Shift+ArrowDown');
  expect(await board.titlesIn('Data exploration', 'Modeling')).toEqual(['L']);
  await expect(board.card('L')).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(board.cardDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(board.card('L')).toBeFocused();
});

test('undo and redo from the keyboard and the toolbar', async ({ page }) => {
  await board.addCard('Backlog', 'Data', 'U');
  await board.card('U').focus();
  await page.keyboard.press('Alt+ArrowRight');
  expect(await board.titlesIn('Data exploration', 'Data')).toEqual(['U']);

  await page.keyboard.press('Control+z');
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['U']);
  await expect(board.live).toContainText('Undid move card');
  await page.keyboard.press('Control+Shift+Z');
  expect(await board.titlesIn('Data exploration', 'Data')).toEqual(['U']);

  await board.undoButton.click();
  await board.undoButton.click();
  await expect(board.card('U')).toHaveCount(0);
  await expect(board.undoButton).toBeDisabled();
  await board.redoButton.click();
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['U']);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+y');
  expect(await board.titlesIn('Data exploration', 'Data')).toEqual(['U']);
  await expect(board.redoButton).toBeDisabled();

  // Ctrl+Z inside a text field is the field's own undo, not the board's.
  await board.cell('Backlog', 'Data').getByRole('button', { name: /^Add card to/ }).click();
  await page.keyboard.press('Control+z');
  expect(await board.titlesIn('Data exploration', 'Data')).toEqual(['U']);
});

test('a reload shows exactly the same boards', async ({ page }) => {
  await board.addCard('Backlog', 'Data', 'Persisted one');
  await board.addCard('Training', 'MLOps', 'Persisted two');
  await board.editCard('Persisted two', { Owner: 'Ravi', Tags: 'gpu' });
  await board.createBoard('Second board', { blank: true });
  await board.addCard('To do', 'Work', 'On the blank board');
  await board.boardSelect.selectOption({ label: 'ML pipeline' });

  await board.reload();
  await expect(board.boardSelect.locator('option:checked')).toHaveText('ML pipeline');
  expect(await board.boardNames()).toEqual(['ML pipeline', 'Second board']);
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['Persisted one']);
  expect(await board.titlesIn('Training', 'MLOps')).toEqual(['Persisted two']);
  await expect(board.card('Persisted two')).toContainText('Ravi');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('ml-kanban.boards')));
  expect(stored.format).toBe('ml-kanban-store');
  expect(stored.boards).toHaveLength(2);

  await board.boardSelect.selectOption({ label: 'Second board' });
  expect(await board.titlesIn('To do', 'Work')).toEqual(['On the blank board']);
});

test('a board is created, duplicated and deleted after a confirmation', async ({ page }) => {
  await board.createBoard('Scratch');
  await board.addCard('Backlog', 'Data', 'Scratch card');
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(board.boardSelect.locator('option:checked')).toHaveText('Scratch (copy)');
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['Scratch card']);

  await page.getByRole('button', { name: 'Delete board' }).click();
  await expect(board.confirmDialog).toBeVisible();
  await expect(board.confirmDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(board.confirmDialog).toBeHidden();
  expect(await board.boardNames()).toEqual(['ML pipeline', 'Scratch', 'Scratch (copy)']);

  await board.deleteBoard();
  expect(await board.boardNames()).toEqual(['ML pipeline', 'Scratch']);
  await board.reload();
  expect(await board.boardNames()).toEqual(['ML pipeline', 'Scratch']);
});

test('a card in Monitoring is retrained into a linked retraining card', async ({ page }) => {
  await board.addCard('Monitoring', 'Modeling', 'Churn model v1');
  await board.editCard('Churn model v1', { Name: 'AUC', Target: '0.85', Achieved: '0.86' });
  await board.openCard('Churn model v1');
  await board.cardDialog.getByRole('button', { name: 'Retrain' }).click();
  await expect(board.cardDialog.getByLabel('Title')).toHaveValue('Retrain: Churn model v1');
  await expect(board.cardDialog.getByLabel('Type')).toHaveValue('retraining');
  await board.cardDialog.getByTestId('lineage-parent').click();
  await expect(board.cardDialog.getByLabel('Title')).toHaveValue('Churn model v1');
  await expect(board.cardDialog.getByTestId('lineage-child')).toHaveText('Retrain: Churn model v1');
  await page.keyboard.press('Escape');
  expect(await board.titlesIn('Backlog', 'Modeling')).toEqual(['Retrain: Churn model v1']);
  await expect(board.card('Retrain: Churn model v1')).toContainText('AUC – / 0.85');
});

test('filters hide non-matching cards and count what is shown', async ({ page }) => {
  await board.addCard('Backlog', 'Data', 'Label images');
  await board.addCard('Backlog', 'Data', 'Tune learning rate');
  await board.editCard('Tune learning rate', { Owner: 'Mei', Type: 'experiment', Tags: 'cnn' });
  await expect(board.count).toHaveText('2 of 2 cards');

  await page.getByRole('searchbox', { name: 'Search' }).fill('learning');
  await expect(board.count).toHaveText('1 of 2 cards');
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['Tune learning rate']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Owner', { exact: true }).selectOption('Mei');
  await expect(board.count).toHaveText('1 of 2 cards');
  await page.getByLabel('Owner', { exact: true }).selectOption('');
  await page.getByLabel('Type', { exact: true }).selectOption('data');
  await expect(board.count).toHaveText('0 of 2 cards');
  await page.getByLabel('Type', { exact: true }).selectOption('');
  await page.getByLabel('Tag', { exact: true }).selectOption('cnn');
  expect(await board.titlesIn('Backlog', 'Data')).toEqual(['Tune learning rate']);
});

test('columns and lanes are renamed, reordered, and not deleted while they hold cards', async ({ page }) => {
  await board.addCard('Approval', 'Data', 'Waiting');
  let d = await board.openColumnSettings('Approval');
  await d.getByRole('button', { name: 'Delete column' }).click();
  await expect(d.getByRole('alert')).toHaveText('"Approval" still holds 1 card: move it first.');
  await d.getByLabel('Name').fill('Sign-off');
  await d.getByRole('button', { name: 'Rename' }).click();
  await expect(d).toBeHidden();
  d = await board.openColumnSettings('Sign-off');
  await d.getByRole('button', { name: 'Move left' }).click();
  await d.getByLabel('Kind').selectOption('active');
  await d.getByRole('button', { name: 'Close' }).last().click();
  const names = await board.columnNames();
  expect(names.slice(6, 8)).toEqual(['Sign-off', 'Evaluation']);

  await page.getByRole('button', { name: 'Lane settings: MLOps' }).click();
  const lane = page.getByRole('dialog', { name: 'Lane settings' });
  await lane.getByRole('button', { name: 'Move up' }).click();
  await lane.getByRole('button', { name: 'Delete lane' }).click();
  await expect(lane).toBeHidden();
  expect(await board.laneNames()).toEqual(['Data', 'Modeling']);
  await page.keyboard.press('Control+z');
  expect(await board.laneNames()).toEqual(['Data', 'MLOps', 'Modeling']);
});

test('a card is deleted from its dialog after a confirmation, and undo brings it back', async ({ page }) => {
  await board.addCard('Backlog', 'Data', 'Doomed');
  await board.openCard('Doomed');
  await board.cardDialog.getByRole('button', { name: 'Delete card' }).click();
  await expect(board.confirmDialog).toBeVisible();
  await board.confirmDialog.getByRole('button', { name: 'Delete card' }).click();
  await expect(board.card('Doomed')).toHaveCount(0);
  await expect(board.cardDialog).toBeHidden();
  await expect(board.cell('Backlog', 'Data').getByRole('button', { name: /^Add card to/ })).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(board.card('Doomed')).toBeVisible();
});

test('a long cell shows its first 50 cards, counts the rest, and keeps a moved card in view', async ({ page }) => {
  const { DataPage } = await import('../fixtures/data-page.mjs');
  const app = new DataPage(page);
  // 70 cards in Backlog/Data, 1 in Data exploration/Data.
  const cards = [];
  const events = [];
  for (let i = 0; i < 71; i++) {
    const column = i < 70 ? 'backlog' : 'explore';
    const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString().replace('.000', '');
    cards.push({ id: `k${i}`, title: `Long cell card ${i}`, type: 'data', column, lane: 'data', created_at: at });
    events.push({ at, card: `k${i}`, kind: 'created', column, lane: 'data' });
  }
  const { readFile } = await import('node:fs/promises');
  const file = JSON.parse(await readFile(new URL('../../../core/tests/fixtures/v1-example.json', import.meta.url), 'utf8'));
  Object.assign(file.boards[0], { id: 'long', name: 'Long cell', cards, events });
  await app.importFile({ name: 'long.json', text: JSON.stringify(file) });
  await expect(board.count).toHaveText('71 of 71 cards');
  const backlog = board.cell('Backlog', 'Data');
  await expect(backlog.locator('.card')).toHaveCount(50);
  const more = backlog.getByRole('button', { name: 'Show 20 more cards' });
  await expect(more).toBeVisible();
  // The column still counts every card.
  await expect(page.getByTestId('column-header').first()).toContainText('70 cards');

  // A card moved into the long cell's hidden part stays in view, after the button.
  const mover = board.card('Long cell card 70');
  await mover.focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(backlog.locator('.card')).toHaveCount(51);
  await expect(mover).toBeFocused();
  await expect(backlog.locator('.card').last()).toHaveAccessibleName(/^Long cell card 70,/);
  await expect(backlog.getByRole('button', { name: 'Show 20 more cards' })).toBeVisible();

  // The button shows them all and puts the focus on the first card it showed.
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(backlog.locator('.card')).toHaveCount(71);
  await expect(backlog.getByTestId('more-cards')).toHaveCount(0);
  await expect(board.card('Long cell card 50')).toBeFocused();
  const titles = await board.titlesIn('Backlog', 'Data');
  expect(titles.slice(48, 52)).toEqual(['Long cell card 48', 'Long cell card 49', 'Long cell card 50', 'Long cell card 51']);
  expect(titles.at(-1)).toBe('Long cell card 70');
});
