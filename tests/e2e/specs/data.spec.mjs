// Never lose a board: export, import (picker and drop), refused files, id
// clashes, a full storage, unreadable stored data, two tabs, hostile text,
// and a Content-Security-Policy that lets nothing leave the app's origin.
// Runs against the release build. Every test also checks that the page asked
// nothing of another origin, reported no CSP violation and opened no JS dialog.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFile, writeFile } from 'node:fs/promises';
import { DataPage, BACKUP_PREFIX } from '../fixtures/data-page.mjs';

const fixtureUrl = new URL('../../../core/tests/fixtures/v1-example.json', import.meta.url);
let example;
let app;

test.beforeAll(async () => {
  example = JSON.parse(await readFile(fixtureUrl, 'utf8'));
});

const fileOf = (obj, name = 'boards.json') => ({ name, text: JSON.stringify(obj) });
const clone = (o) => JSON.parse(JSON.stringify(o));
const XSS = `<img src=x onerror="window.__xss=1;alert('img')"><script>window.__xss=2;alert('script')</script>`;

test.beforeEach(async ({ page }) => {
  app = new DataPage(page);
  await app.goto();
});

test.afterEach(async () => {
  await app.expectNothingLeaked();
});

test('exporting a board downloads a dated .json file that imports back', async ({ page }) => {
  await app.addCard('Backlog', 'Data', 'Exported card');
  const file = await app.exportBoard();
  expect(file.name).toMatch(/^ml-pipeline-\d{4}-\d{2}-\d{2}\.json$/);
  const parsed = JSON.parse(file.text);
  expect(parsed.format).toBe('ml-kanban-board');
  expect(parsed.boards.map((b) => b.name)).toEqual(['ML pipeline']);

  // Re-import: the same id is here, so the app asks; "Keep both" adds a copy.
  await app.importFile(file);
  await app.answerClash('Keep both');
  expect(await app.boardNames()).toEqual(['ML pipeline', 'ML pipeline (imported)']);
  await expect(app.boardSelect.locator('option:checked')).toHaveText('ML pipeline (imported)');
  await expect(app.card('Exported card')).toBeVisible();
  const ids = (await app.storedFile()).boards.map((b) => b.id);
  expect(new Set(ids).size).toBe(2);
});

test('exporting all boards puts every board in one file', async () => {
  await app.createBoard('Churn model', { blank: true });
  const file = await app.exportAll();
  expect(file.name).toMatch(/^all-boards-\d{4}-\d{2}-\d{2}\.json$/);
  expect(JSON.parse(file.text).boards.map((b) => b.name)).toEqual(['ML pipeline', 'Churn model']);
});

test('a valid file imports through the file picker and is saved', async () => {
  await app.importFile(fileOf(example, 'example.json'));
  await expect(app.boardSelect.locator('option:checked')).toHaveText('Example ML board');
  await expect(app.count).toHaveText('23 of 23 cards');
  await expect(app.live).toHaveText('Imported 1 board.');
  await app.reload();
  expect(await app.boardNames()).toEqual(['ML pipeline', 'Example ML board']);
});

test('a refused file changes nothing and the alert names what is wrong and where', async () => {
  const before = await app.stored();
  const bad = clone(example);
  bad.boards[0].cards[12].column = 'nowhere';
  await app.importFile(fileOf(bad, 'bad.json'));
  await expect(app.errorAlert).toContainText('Could not import “bad.json”: boards[0].cards[12].column:');
  await expect(app.errorAlert).toContainText('Nothing was changed.');
  await expect(app.errorAlert).toHaveAttribute('role', 'alert');
  expect(await app.boardNames()).toEqual(['ML pipeline']);
  expect(await app.stored()).toBe(before);

  await app.importFile({ name: 'notes.txt', text: 'just some notes' });
  await expect(app.errorAlert).toContainText('Could not import “notes.txt”: not a JSON file');
});

test('a file from a newer version is refused naming both versions', async () => {
  const future = { ...clone(example), version: 7 };
  await app.importFile(fileOf(future, 'future.json'));
  await expect(app.errorAlert).toContainText('this file is version 7; this app reads up to version 1');
  expect(await app.boardNames()).toEqual(['ML pipeline']);
});

test('a board already here is replaced or kept twice only when the user says so', async ({ page }) => {
  await app.importFile(fileOf(example));
  await expect(app.count).toHaveText('23 of 23 cards');
  await app.addCard('Backlog', 'Data', 'Local only');
  await expect(app.count).toHaveText('24 of 24 cards');

  // Cancel: nothing changes.
  await app.importFile(fileOf(example));
  await expect(app.clashDialog).toContainText('“Example ML board”');
  await app.page.screenshot({ path: 'artifacts/data-clash-dialog.png' });
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);
  await app.answerClash('Cancel');
  await expect(app.count).toHaveText('24 of 24 cards');

  // Replace: the imported board takes the place of the one here.
  await app.importFile(fileOf(example));
  await app.answerClash('Replace');
  await expect(app.count).toHaveText('23 of 23 cards');
  expect(await app.boardNames()).toEqual(['ML pipeline', 'Example ML board']);

  // Keep both: a copy under a fresh id.
  await app.importFile(fileOf(example));
  await app.answerClash('Keep both');
  expect(await app.boardNames()).toEqual(['ML pipeline', 'Example ML board', 'Example ML board (imported)']);
  const stored = await app.storedFile();
  expect(stored.boards.map((b) => b.id)).toEqual([stored.boards[0].id, 'example', 'example-2']);
});

test('a 50 MB file is refused by its size before it is read', async ({}, testInfo) => {
  const path = testInfo.outputPath('huge.json');
  await writeFile(path, Buffer.alloc(50 * 1024 * 1024, 0x20));
  await app.importFile(path);
  await expect(app.errorAlert).toContainText('Could not import “huge.json”: the file is too large to import: 50 MB (the limit is 20 MB)');
  expect(await app.boardNames()).toEqual(['ML pipeline']);
});

test('dropping a file on the page imports it, with a drop zone while dragging', async () => {
  await app.dragFileOver(fileOf(example, 'dropped.json'));
  await expect(app.dropOverlay).toBeVisible();
  await expect(app.dropOverlay).toContainText('Drop a board file');
  await app.screenshot('data-drop-zone');
  await app.dropFile();
  await expect(app.dropOverlay).toBeHidden();
  await expect(app.boardSelect.locator('option:checked')).toHaveText('Example ML board');
});

test('card drag and drop still works beside the file drop zone', async () => {
  await app.addCard('Backlog', 'Data', 'Drag me');
  await app.dragCard('Drag me', { column: 'Data exploration', lane: 'Data' });
  expect(await app.titlesIn('Data exploration', 'Data')).toContain('Drag me');
  await expect(app.dropOverlay).toHaveCount(0);
});

test('a full storage keeps the board usable, says so, and saving resumes once there is room', async ({ page }) => {
  const junk = await app.fillStorage();
  expect(junk.length).toBeGreaterThan(0);
  await app.addCard('Backlog', 'Data', 'Made while full');
  await expect(app.unsavedBanner).toBeVisible();
  await expect(app.unsavedBanner).toContainText('Not saved');
  await expect(app.unsavedBanner.getByRole('button', { name: 'Export all boards' })).toBeVisible();
  await app.screenshot('data-unsaved-banner');
  const axe = await new AxeBuilder({ page }).include('[data-testid="unsaved-banner"]').analyze();
  expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);
  // Still usable in memory.
  await app.addCard('Backlog', 'Data', 'Also while full');
  await expect(app.card('Made while full')).toBeVisible();
  expect(await app.stored()).not.toContain('Made while full');
  // Export still works while full.
  const file = await app.download('Export all boards');
  expect(file.text).toContain('Also while full');

  await app.freeStorage(junk);
  // The retry timer saves without any further change.
  await expect(app.unsavedBanner).toBeHidden({ timeout: 10_000 });
  expect(await app.stored()).toContain('Also while full');
  await app.reload();
  await expect(app.card('Made while full')).toBeVisible();
});

test('corrupt stored data: the app starts, the data stays untouched and can be downloaded', async ({ page }) => {
  const corrupt = '{"format":"ml-kanban-board","version":1,"boards":[{"id":"x", "na';
  await app.seed(corrupt);
  await app.reload();
  await expect(app.storageBanner).toContainText('could not be read');
  await app.screenshot('data-unreadable-banner');
  const axe = await new AxeBuilder({ page }).include('[data-testid="storage-banner"]').analyze();
  expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);

  await app.addCard('Backlog', 'Data', 'Session only');
  expect(await app.stored()).toBe(corrupt);
  const file = await app.download('Download the unreadable data');
  expect(file.name).toMatch(/^ml-kanban-unreadable-\d{4}-\d{2}-\d{2}\.json$/);
  expect(file.text).toBe(corrupt);

  // Start fresh: the old data moves to a backup key first, then saving resumes.
  await page.getByRole('button', { name: /^Start fresh/ }).click();
  await expect(app.storageBanner).toHaveCount(0);
  const backups = await page.evaluate((p) => Object.keys(localStorage).filter((k) => k.startsWith(p)), BACKUP_PREFIX);
  expect(backups).toHaveLength(1);
  expect(await app.stored(backups[0])).toBe(corrupt);
  expect(await app.stored()).toContain('Session only');
});

test('stored data from a newer app is kept and the banner names both versions', async () => {
  const future = JSON.stringify({ ...clone(example), version: 3 });
  await app.seed(future);
  await app.reload();
  await expect(app.storageBanner).toContainText('this file is version 3; this app reads up to version 1');
  await app.addCard('Backlog', 'Data', 'Not saved');
  expect(await app.stored()).toBe(future);
});

test('two tabs: a change in one shows in the other, and neither silently overwrites the other', async ({ page, context }) => {
  const other = new DataPage(await context.newPage());
  await other.goto();

  await app.addCard('Backlog', 'Data', 'From tab one');
  await expect(other.card('From tab one')).toBeVisible();
  await other.addCard('Backlog', 'Modeling', 'From tab two');
  await expect(app.card('From tab two')).toBeVisible();

  // Another writer changes the board behind this tab's back (this tab hears no event).
  await page.evaluate(() => {
    const f = JSON.parse(localStorage.getItem('ml-kanban.boards'));
    f.boards[0].name = 'Renamed elsewhere';
    localStorage.setItem('ml-kanban.boards', JSON.stringify(f));
  });
  await expect(other.boardSelect.locator('option:checked')).toHaveText('Renamed elsewhere');
  // This tab changes the same board: a true conflict, both versions are kept.
  await app.editCard('From tab one', { Title: 'Conflicting change' });
  await expect(app.boardSelect.locator('option:checked')).toHaveText("ML pipeline (this tab's version)");
  await expect(app.card('Conflicting change')).toBeVisible();
  await expect(app.errorAlert).toContainText('Both versions are kept');
  await app.screenshot('data-two-tabs-conflict');
  const names = ['Renamed elsewhere', 'ML pipeline (this tab\'s version)'];
  expect(await app.boardNames()).toEqual(names);
  await expect(other.boardSelect.locator('option')).toHaveText(names);
  const stored = await app.storedFile();
  expect(stored.boards.map((b) => b.name)).toEqual(names);
  expect(JSON.stringify(stored.boards[1])).toContain('Conflicting change');
  expect(JSON.stringify(stored.boards[0])).toContain('From tab two');
  expect(other.errors).toEqual([]);
  expect(other.foreignRequests).toEqual([]);
});

test('HTML and script in a card title show as text and never run', async ({ page }) => {
  await app.addCard('Backlog', 'Data', XSS);
  await expect(app.card(XSS).locator('.card-title')).toHaveText(XSS);
  await app.reload();
  await expect(app.card(XSS).locator('.card-title')).toHaveText(XSS);
  expect(await page.locator('.board img, .board script').count()).toBe(0);
});

test('an imported file with hostile text and links shows text only; only http(s) links open, safely', async ({ page }) => {
  const hostile = clone(example);
  hostile.boards[0].name = `Board ${XSS}`;
  const card = hostile.boards[0].cards[0];
  card.title = `Card ${XSS}`;
  card.description = XSS;
  card.links = ['javascript:alert(document.domain)', 'https://example.org/run/1', 'data:text/html,<script>alert(1)</script>'];
  await app.importFile(fileOf(hostile, 'hostile.json'));
  await expect(app.boardSelect.locator('option:checked')).toHaveText(`Board ${XSS}`);
  await expect(app.card(`Card ${XSS}`).locator('.card-title')).toHaveText(`Card ${XSS}`);
  await app.openCard(`Card ${XSS}`);
  const anchors = app.cardDialog.locator('a[href]');
  await expect(anchors).toHaveCount(1);
  await expect(anchors).toHaveAttribute('href', 'https://example.org/run/1');
  await expect(anchors).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(page.locator('a[href^="javascript:"], a[href^="data:"]')).toHaveCount(0);
  await expect(app.cardDialog).toContainText('javascript:alert(document.domain)');
  expect(await page.locator('img, script:not([src])').count()).toBe(0);
});

test('the Content-Security-Policy allows only the app itself, and the app starts under it', async ({ page, request }) => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const d of [
    "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
    "img-src 'self' data: blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'none'",
  ]) expect(csp).toContain(d);
  expect(csp).not.toContain('unsafe-inline');
  // No inline script in the served page: the loader is a file of its own.
  const html = await (await request.get('./')).text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  await expect(app.columnHeaders.first()).toBeVisible();
  // Use the app a little under the policy: the afterEach checks requests and violations.
  await app.addCard('Backlog', 'Data', 'Under CSP');
  await app.openCard('Under CSP');
  await page.keyboard.press('Escape');
});
