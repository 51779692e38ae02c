// The release build works from a sub-path of a static host (relative URLs, Trunk's
// public_url = "./"): this spec serves dist/ itself under /ml-board/ only, so any
// absolute URL in the build would 404 and fail it.
import { test, expect } from '@playwright/test';
import { BoardPage } from '../fixtures/board-page.mjs';
import { serveSite } from '../fixtures/serve-site.mjs';

const BASE = '/ml-board/';
// A free port unless E2E_SUBPATH_PORT names one (e.g. 4186).
const PORT = process.env.E2E_SUBPATH_PORT ?? '0';

let server;
let url;

test.beforeAll(async () => {
  ({ url, server } = await serveSite('../../dist', PORT, BASE));
});

test.afterAll(() => server?.kill());

test('the board renders under a sub-path, adds a card and keeps it over a reload', async ({ page }) => {
  expect(url).toMatch(/\/ml-board\/$/);
  const failed = [];
  const outside = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:')) outside.push(r.url()); });
  const b = new BoardPage(page);
  await page.goto(url);
  await expect(b.columnHeaders.first()).toBeVisible();
  await b.addCard('Backlog', 'Data', 'Served from a sub-path');
  await b.reload();
  await expect(b.card('Served from a sub-path')).toBeVisible();
  expect(page.url()).toBe(url);
  expect(failed).toEqual([]);
  expect(outside).toEqual([]);
  expect(b.errors).toEqual([]);
});
