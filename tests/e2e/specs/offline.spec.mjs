// Installable and offline: the manifest is linked and valid, and once the service worker has
// cached the app, a reload with the network off still shows the board and saves edits.
import { test, expect } from '@playwright/test';
import { BoardPage } from '../fixtures/board-page.mjs';

test('the web app manifest names the app, starts at ./ and has an SVG and a PNG icon', async ({ page, request }) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).not.toMatch(/^\//);
  const manifest = await (await request.get(new URL(href, page.url()).href)).json();
  expect(manifest).toMatchObject({ name: 'ML Board', short_name: 'ML Board', start_url: './', display: 'standalone' });
  const types = manifest.icons.map((i) => i.type);
  expect(types).toContain('image/svg+xml');
  expect(types).toContain('image/png');
  for (const icon of manifest.icons) {
    const r = await request.get(new URL(icon.src, new URL(href, page.url())).href);
    expect(r.ok(), icon.src).toBe(true);
    expect(r.headers()['content-type']).toBe(icon.type);
  }
});

test('a board loaded once reloads offline and stays editable', async ({ page, context }) => {
  const b = new BoardPage(page);
  await b.goto();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await b.addCard('Backlog', 'Data', 'Written online');
  await context.setOffline(true);
  await b.reload();
  await expect(b.card('Written online')).toBeVisible();
  await b.addCard('Backlog', 'Data', 'Written offline');
  await b.reload();
  await expect(b.card('Written offline')).toBeVisible();
  await context.setOffline(false);
  expect(b.errors).toEqual([]);
});
