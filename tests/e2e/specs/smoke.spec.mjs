// The release build starts, shows the board, and asks nothing of any other origin.
import { test, expect } from '@playwright/test';

test('the release build renders the app without errors or foreign requests', async ({ page, baseURL }) => {
  const errors = [];
  const foreign = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(baseURL)) foreign.push(r.url()); });
  await page.goto('./');
  await expect(page.locator('main')).toBeVisible();
  await expect(page.getByRole('heading').first()).toBeVisible();
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});
