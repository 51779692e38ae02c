// The demo board: one click (or Enter) makes a year of realistic ML work, clearly marked
// as demo data, with real numbers on the metrics page; one confirmed click removes it for good.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { BoardPage } from '../fixtures/board-page.mjs';

test('the demo board is created from the keyboard, marked, measured and removed', async ({ page }) => {
  const b = new BoardPage(page);
  await b.goto();
  const before = await b.boardSelect.locator('option').count();

  // Create it from the keyboard.
  const create = page.getByRole('button', { name: 'Create demo board' });
  await create.focus();
  await page.keyboard.press('Enter');
  const banner = page.getByRole('region', { name: 'Demo data' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Demo data');
  await expect(b.boardSelect.locator('option:checked')).toHaveText(/^Demo/);
  await expect(b.boardSelect.locator('option')).toHaveCount(before + 1);
  const cards = page.getByTestId('card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(20);
  await expect(b.count).toHaveText(/of (\d{3,}) cards/);

  const axe = await new AxeBuilder({ page }).include('[data-testid="demo-banner"]').analyze();
  expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);

  // A year of history gives the metrics page real numbers.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Metrics' }).click();
  await expect(page.getByTestId('bottleneck')).not.toHaveText('–');
  await expect(page.getByTestId('bottleneck')).not.toBeEmpty();
  await expect(page.getByTestId('ct-p50')).toHaveText(/\d+(\.\d+)? days?/);
  await expect(page.getByTestId('throughput')).toHaveText(/\d+ cards/);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Board', exact: true }).click();

  // It survives a reload, still marked.
  await page.reload();
  await expect(banner).toBeVisible();

  // Removing asks first; cancelling keeps it.
  await banner.getByRole('button', { name: 'Remove demo board' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove demo board?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(banner).toBeVisible();

  // Confirm from the keyboard.
  await banner.getByRole('button', { name: 'Remove demo board' }).focus();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Remove demo board' }).focus();
  await page.keyboard.press('Enter');
  await expect(banner).toHaveCount(0);
  await expect(b.boardSelect.locator('option')).toHaveCount(before);
  await expect(page.getByRole('button', { name: 'Create demo board' })).toBeVisible();

  await b.reload();
  await expect(banner).toHaveCount(0);
  await expect(b.boardSelect.locator('option', { hasText: /^Demo/ })).toHaveCount(0);
  expect(b.errors).toEqual([]);
});

test('the demo board removed when it is the only board leaves a fresh board', async ({ page }) => {
  const b = new BoardPage(page);
  await b.goto();
  await page.getByRole('button', { name: 'Create demo board' }).click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  // Delete the first (non-demo) board so only the demo remains.
  await b.boardSelect.selectOption({ index: 0 });
  await page.getByRole('button', { name: 'Delete board' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete board' }).click();
  await expect(b.boardSelect.locator('option')).toHaveCount(1);
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await page.getByTestId('demo-banner').getByRole('button', { name: 'Remove demo board' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove demo board' }).click();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await expect(b.boardSelect.locator('option')).toHaveCount(1);
  await expect(b.columnHeaders.first()).toBeVisible();
  await b.reload();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  expect(b.errors).toEqual([]);
});
