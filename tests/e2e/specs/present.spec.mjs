// Presentation mode: a consultant in front of a client shows the board, the metrics, the
// blockers and the report as large, read-only slides, and walks them with the keyboard.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { BoardPage } from '../fixtures/board-page.mjs';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

test('presentation mode is large, read-only and walked with the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.clock.setFixedTime(new Date('2026-12-03T16:05:00Z'));
  const b = new BoardPage(page);
  await b.goto();
  await page.getByRole('button', { name: 'Create demo board' }).click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));

  // Enter from the keyboard.
  await page.getByRole('button', { name: 'Present' }).focus();
  await page.keyboard.press('Enter');
  const bar = page.getByRole('region', { name: 'Presentation' });
  await expect(bar).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(page.locator('#present-title')).toBeFocused();
  await expect(b.live).toHaveText('Slide 1 of 4: Board.');
  const slide = bar.getByRole('navigation', { name: 'Slides' });
  await expect(slide.getByRole('button', { name: '1 Board' })).toHaveAttribute('aria-current', 'page');

  // Large type, and every editing control hidden; the demo mark stays.
  const presentSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(presentSize).toBeGreaterThanOrEqual(bodySize * 1.3);
  for (const name of ['Create demo board', 'Undo', 'Export all', 'Board settings', 'Remove demo board']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeHidden();
  }
  await expect(page.getByRole('button', { name: /^Add card to/ }).first()).toBeHidden();
  await expect(page.getByRole('button', { name: /^Column settings/ }).first()).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
  await expect(page.getByTestId('demo-banner').getByText('Demo data')).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}present-board.png` });

  // Read-only: a keyboard move is refused with a message, a card does not open, a drag does nothing.
  const card = page.getByTestId('card').first();
  const title = (await card.locator('.card-title').textContent()).trim();
  const cellOf = () => page.getByTestId('card').filter({ hasText: title }).first().evaluate((el) => el.closest('[role=group]').getAttribute('aria-label'));
  const before = await cellOf();
  await card.focus();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('error')).toContainText('read-only while it is presented');
  expect(await cellOf()).toBe(before);
  await page.getByTestId('error').getByRole('button', { name: 'Dismiss message' }).click();
  await card.focus();
  await page.keyboard.press('Enter');
  await card.click();
  await expect(b.cardDialog).toBeHidden();
  await card.dragTo(page.getByTestId('card').last());
  expect(await cellOf()).toBe(before);
  const axe = await new AxeBuilder({ page }).include('[data-testid="present-bar"]').analyze();
  expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);

  // The arrow keys walk board -> metrics -> blockers -> report, and stop at the ends.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { name: /Flow metrics/ })).toBeVisible();
  await expect(b.live).toHaveText('Slide 2 of 4: Metrics.');
  await expect(page.getByRole('form', { name: 'Metrics options' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download metrics' })).toBeHidden();
  await page.screenshot({ path: `${ARTIFACTS}present-metrics.png` });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { name: 'Blockers', exact: true })).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('heading', { name: /Stakeholder report/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download Markdown' })).toBeHidden();
  await page.screenshot({ path: `${ARTIFACTS}present-report.png` });
  await page.keyboard.press('ArrowRight');
  await expect(b.live).toHaveText('Slide 4 of 4: Report.');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('heading', { name: 'Blockers', exact: true })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('card').first()).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByRole('heading', { name: /Flow metrics/ })).toBeVisible();
  await page.keyboard.press('End');
  await expect(b.live).toHaveText('Slide 4 of 4: Report.');
  // The slide buttons work with the pointer too.
  await slide.getByRole('button', { name: '1 Board' }).click();
  await expect(slide.getByRole('button', { name: '1 Board' })).toHaveAttribute('aria-current', 'page');

  // Escape leaves: the controls are back, focus returns to "Present", editing works again.
  await page.locator('#present-title').focus();
  await page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await expect(page.getByRole('button', { name: 'Present' })).toBeFocused();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  await page.getByTestId('card').filter({ hasText: title }).first().focus();
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(cellOf).not.toBe(before);
  expect(b.errors).toEqual([]);
});

test('leaving full screen leaves presentation mode', async ({ page }) => {
  const b = new BoardPage(page);
  await b.goto();
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByTestId('present-bar')).toBeVisible();
  // The click asked for full screen (headless Chromium grants it); the browser's own exit
  // (its Escape, or the page's exitFullscreen) leaves presentation mode too.
  expect(await page.evaluate(() => document.fullscreenElement?.tagName)).toBe('HTML');
  await page.evaluate(() => document.exitFullscreen());
  await expect(page.getByTestId('present-bar')).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  expect(b.errors).toEqual([]);
});
