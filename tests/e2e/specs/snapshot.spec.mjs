// The board as last drawn is on screen at once when the page is opened again, before the
// app's WebAssembly has loaded: inert, hidden from assistive technology, replaced by the
// live app; never shown when the boards changed since; never in the way of saving.
// Runs against the release build; every test checks for CSP violations and foreign requests.
import { test, expect } from '@playwright/test';
import { DataPage } from '../fixtures/data-page.mjs';

let app;

// Requests a service worker answers never reach page.route, which holds the app back here.
test.use({ serviceWorkers: 'block' });

test.beforeEach(async ({ page }) => {
  app = new DataPage(page);
  await app.goto();
});

test.afterEach(async () => {
  await app.expectNothingLeaked();
});

/** Holds the app's WebAssembly back until `release()` is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return () => release();
}

const snapshot = (page) => page.locator('#snapshot');

test('reopening shows the board as last drawn before the app loads, then the live board', async ({ page }) => {
  await app.addCard('Backlog', 'Data', 'Drawn <b>before</b> the app');
  await app.waitForSnapshotOf('Drawn &lt;b&gt;before&lt;/b&gt; the app');
  const release = await holdWasm(page);
  await page.reload({ waitUntil: 'domcontentloaded' });

  // The app is not running yet, and the board is on screen.
  const shown = snapshot(page);
  await expect(shown.locator('.app')).toBeVisible(); // #snapshot itself is display: contents
  await expect(shown.locator('.card-title', { hasText: 'Drawn <b>before</b> the app' })).toBeVisible();
  await expect(shown.locator('b')).toHaveCount(0);
  await expect(page.getByTestId('column-header')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/snapshot-first-paint.png' });
  // Nothing in it can be reached: inert, hidden from assistive technology, no ids, no test ids.
  await expect(shown).toHaveAttribute('inert', '');
  await expect(shown).toHaveAttribute('aria-hidden', 'true');
  expect(await shown.locator('[id], [data-testid], [data-card-id], [tabindex], [aria-label]').count()).toBe(0);
  expect(await shown.locator('dialog').count()).toBe(0);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.getElementById('snapshot').contains(document.activeElement))).toBe(false);
  // The grid is laid out as the app lays it out (its column count is an inline style).
  expect(await shown.locator('.board').first().evaluate((b) => getComputedStyle(b).getPropertyValue('--ncols'))).not.toBe('');

  release();
  await expect(app.card('Drawn <b>before</b> the app')).toBeVisible();
  await expect(shown).toHaveCount(0);
  await app.card('Drawn <b>before</b> the app').focus();
  await expect(app.card('Drawn <b>before</b> the app')).toBeFocused();
});

test('a snapshot is not shown once the boards were written without it', async ({ page }) => {
  await app.addCard('Backlog', 'Data', 'Only in the snapshot');
  await app.waitForSnapshotOf('Only in the snapshot');
  // Another writer (another tab's save, a restore) changes the boards and their token...
  await page.evaluate(() => localStorage.setItem('ml-kanban.rev', 'someone-else'));
  let release = await holdWasm(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect(page.locator('body')).toBeAttached();
  expect(await snapshot(page).count()).toBe(0);
  release();
  await expect(app.columnHeaders.first()).toBeVisible();
  await page.unrouteAll({ behavior: 'wait' });

  // ...or writes the boards and leaves the token alone: the length tells.
  await app.waitForSnapshotOf('Only in the snapshot');
  await page.evaluate(() => localStorage.setItem('ml-kanban.boards', `${localStorage.getItem('ml-kanban.boards')} `));
  release = await holdWasm(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  expect(await snapshot(page).count()).toBe(0);
  release();
  await expect(app.columnHeaders.first()).toBeVisible();
});

test('when storage is full the boards are saved in the room of the snapshot', async () => {
  await app.addCard('Backlog', 'Data', 'Before full');
  await app.waitForSnapshotOf('Before full');
  const junk = await app.fillStorage({ keepSnapshot: true });
  await app.addCard('Backlog', 'Data', 'Saved while full');
  await expect.poll(() => app.stored()).toContain('Saved while full');
  await expect(app.unsavedBanner).toBeHidden();
  await app.freeStorage(junk);
});

test('a filtered board or another page is not what a snapshot shows', async ({ page }) => {
  await app.addCard('Backlog', 'Data', 'Seen unfiltered');
  await app.waitForSnapshotOf('Seen unfiltered');
  const before = (await app.snapshot()).html;
  await page.getByLabel('Search', { exact: true }).fill('nothing matches this');
  await page.getByRole('button', { name: 'Metrics', exact: true }).click();
  await page.waitForTimeout(1500);
  expect((await app.snapshot()).html).toBe(before);
});
