// A new version deployed to the static host reaches a user who had the old one cached:
// the next online visit shows it, the boards stay, and offline afterwards serves the new
// copy. This spec serves its own copy of dist/ and rewrites it into a "new build" (a new
// marker in the page, a renamed, re-hashed stylesheet) between two visits.
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { BoardPage } from '../fixtures/board-page.mjs';
import { serveSite } from '../fixtures/serve-site.mjs';

let server;
let url;
let site;

test.beforeAll(async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  site = await mkdtemp(join(tmpdir(), 'ml-board-update-'));
  await cp(join(cwd, '../../dist'), site, { recursive: true });
  ({ url, server } = await serveSite(site, 0, '/'));
});

test.afterAll(async () => {
  server?.kill();
  if (site) await rm(site, { recursive: true, force: true });
});

/** Turns the served site into a "new build": a marker in the page, the stylesheet under a new hash. */
async function deployNewBuild() {
  const css = (await readdir(site)).find((f) => /^main-.*\.css$/.test(f));
  const newCss = 'main-0000000000000002.css';
  await rename(join(site, css), join(site, newCss));
  const html = await readFile(join(site, 'index.html'), 'utf8');
  const next = html
    .replaceAll(css, newCss)
    .replace('<meta name="viewport"', '<meta name="ml-board-build" content="v2" />\n    <meta name="viewport"');
  expect(next).not.toBe(html);
  await writeFile(join(site, 'index.html'), next);
}

const build = (page) => page.evaluate(() => document.querySelector('meta[name=ml-board-build]')?.content ?? 'v1');

test('a new version is picked up on the next online visit and keeps the boards', async ({ page, context }) => {
  const b = new BoardPage(page);
  await page.goto(url);
  await expect(b.columnHeaders.first()).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await b.addCard('Backlog', 'Data', 'Made on version one');
  expect(await build(page)).toBe('v1');

  await deployNewBuild();
  await b.reload();
  expect(await build(page)).toBe('v2');
  await expect(b.card('Made on version one')).toBeVisible();
  // The new stylesheet is applied (the board is laid out, not bare HTML).
  const display = await page.locator('.board').evaluate((el) => getComputedStyle(el).display);
  expect(display).not.toBe('block');

  // Offline now serves the new copy, with the boards.
  await context.setOffline(true);
  await b.reload();
  expect(await build(page)).toBe('v2');
  await expect(b.card('Made on version one')).toBeVisible();
  await context.setOffline(false);
  expect(b.errors).toEqual([]);
});
