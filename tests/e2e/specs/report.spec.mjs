// The stakeholder report: one page whose numbers are the metrics, blocker and WIP pages'
// numbers, printable to one PDF page, and downloadable as Markdown.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { BoardPage } from '../fixtures/board-page.mjs';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const NOW = new Date('2026-12-03T16:05:00Z');

/** Cells of every body row of a table, as text. */
const rows = (table) =>
  table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim())));

async function openPage(page, name) {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name, exact: true }).click();
}

test.describe('on the demo board', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.clock.setFixedTime(NOW);
    const b = new BoardPage(page);
    await b.goto();
    await page.getByRole('button', { name: 'Create demo board' }).click();
    await expect(page.getByTestId('demo-banner')).toBeVisible();
  });

  test("the report's numbers are the pages' numbers", async ({ page }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await openPage(page, 'Report');
    const report = page.getByTestId('report-page');
    await expect(report.getByRole('heading', { name: /Stakeholder report/ })).toBeVisible();
    await expect(report.getByText('Demo data')).toBeVisible();
    const rep = {};
    for (const id of ['rep-p50', 'rep-p85', 'rep-p95', 'rep-bottleneck', 'rep-remaining', 'rep-trend']) {
      rep[id] = (await page.getByTestId(id).textContent()).trim();
    }
    const repForecast = await rows(page.getByTestId('rep-forecast'));
    const repBlockers = await rows(page.getByTestId('rep-blocker').locator('xpath=ancestor::table'));
    const repBreaches = await rows(page.getByTestId('rep-breaches'));
    const weeks = await page.getByTestId('rep-week').evaluateAll((li) => li.map((l) => l.getAttribute('aria-label')));
    expect(weeks.length).toBe(12);
    expect(repBlockers.length).toBeGreaterThan(0);
    expect(repBreaches.length).toBeGreaterThan(0);
    expect(repForecast.length).toBe(3);
    const axe = await new AxeBuilder({ page }).include('[data-testid="report-page"]').analyze();
    expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}report.png`, fullPage: true });

    // Metrics page: the cycle time tiles, the bottleneck, and the forecast for as many cards.
    await openPage(page, 'Metrics');
    for (const p of ['p50', 'p85', 'p95']) await expect(page.getByTestId(`ct-${p}`)).toHaveText(rep[`rep-${p}`]);
    await expect(page.getByTestId('bottleneck')).toHaveText(rep['rep-bottleneck']);
    const remaining = rep['rep-remaining'].match(/^(\d+) cards? not finished/)[1];
    await page.getByLabel('Cards still to finish').fill(remaining);
    const when = page.getByTestId('forecast-when');
    await expect(when.locator('tbody tr')).toHaveCount(3);
    expect(await rows(when)).toEqual(repForecast);

    // The demo board finished work in the last four weeks.
    expect(Number(rep['rep-trend'].match(/^\d+/)[0])).toBeGreaterThan(0);

    // Blockers page: the top root causes, in the same order, with the same figures.
    await openPage(page, 'Blockers');
    const byReason = await rows(page.getByTestId('by-reason'));
    expect(byReason.slice(0, repBlockers.length)).toEqual(repBlockers);

    // WIP page: every breach row matches the limit's row in the history table.
    await openPage(page, 'WIP limits');
    const history = await rows(page.getByTestId('limit-history'));
    for (const rep of repBreaches) {
      expect(history, `limit ${rep[0]} (${rep[1]}) on the WIP page`).toContainEqual(rep);
    }
    expect(errors).toEqual([]);
  });

  test('the report downloads as Markdown with the same figures', async ({ page }) => {
    await openPage(page, 'Report');
    const p50 = (await page.getByTestId('rep-p50').textContent()).trim();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(dl.suggestedFilename()).toMatch(/^demo[\w-]*-report-2026-12-03\.md$/);
    const md = readFileSync(await dl.path(), 'utf8');
    expect(md).toMatch(/^# Stakeholder report: Demo/);
    for (const h of ['## Throughput', '## Cycle time', '## Forecast for the remaining work', '## Bottleneck', '## Top blockers', '## WIP limit breaches']) {
      expect(md).toContain(h);
    }
    expect(md).toContain(`half within ${p50}`);
    const bottleneck = (await page.getByTestId('rep-bottleneck').textContent()).trim();
    expect(md).toContain(`**${bottleneck}**`);
    expect(md).toContain('Demo data');
  });

  test('the report prints on one page without the app around it', async ({ page }) => {
    await openPage(page, 'Report');
    await expect(page.getByTestId('rep-p50')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Create demo board' })).toBeHidden();
    await expect(page.getByTestId('demo-banner')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
    await expect(page.getByTestId('rep-p50')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'WIP limit breaches' })).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}report-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', path: `${ARTIFACTS}report.pdf` });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
  });
});

test('a young board gets an honest report', async ({ page }) => {
  const b = new BoardPage(page);
  await b.goto();
  await openPage(page, 'Report');
  await expect(page.getByTestId('rep-p50')).toHaveText('–');
  await expect(page.getByTestId('rep-cycle')).toHaveText('No card has finished yet.');
  await expect(page.getByTestId('rep-bottleneck')).toHaveText('No time in the cycle yet.');
  await expect(page.getByTestId('rep-forecast-basis')).toHaveText(/Nothing remains to forecast|No throughput/);
  await expect(page.getByTestId('report-page')).toContainText('Nothing has been blocked.');
  expect(b.errors).toEqual([]);
});
