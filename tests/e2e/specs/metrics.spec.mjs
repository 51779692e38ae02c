// The metrics page on a hand-made board with a known history (fixtures/metrics-board.json):
// time zone +05:30, seven cards, a backward move (Evaluation -> Training), a skipped column
// (Backlog -> Evaluation), a card started and finished the same day, two blocks, one card
// started in UTC on Mar 7 but on Mar 8 in the board's time zone. The clock is frozen at
// 2026-03-10 12:00 +05:30. Expected numbers, by hand from flow-metrics.md:
//
// started/finished (cycle Training -> Done; a skipped column is reached when jumped over):
//   a Mar 2 -> Mar 5, b Mar 3 -> Mar 9, c Mar 5 -> Mar 7 (skipped Training), d Mar 6 -> Mar 6.
//   actionable-agile days 4, 7, 3, 1 -> sorted 1 3 4 7 -> nearest rank 50/85/95 = 3 / 7 / 7.
//   jira-agile-metrics days 3, 6, 2, 0 -> sorted 0 2 3 6 -> interpolated h=1.5, 2.55, 2.85
//   -> 2.5 / 4.65 / 5.55.
// throughput: 4 finished over Mar 2..Mar 10 (9 days); weeks 2026-W10 = 3, 2026-W11 = 1.
// WIP (reached Training - reached Done) per day Mar 2..10: 2 3 3 3 3 2 3 2 2 -> now 2.
// aging: g in Evaluation since Mar 2 (9 days / 8 days), e in Training since Mar 8 local (3 / 2).
// time in column (hours): Training 10.77 days, Evaluation 11.04 days -> bottleneck Evaluation.
// flow efficiency: a 2/3, b (4 days in Training, 1 blocked; 2 in Evaluation) 3/6, c 0/2,
//   d 1 -> mean 0.5417 -> 54%. rework: 1 backward move, eval -> train.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { MetricsPage } from '../fixtures/metrics-page.mjs';

test.describe('metrics page', () => {
  /** @type {MetricsPage} */
  let m;
  test.beforeEach(async ({ page }) => {
    m = new MetricsPage(page);
    await m.seedAndOpen();
  });
  test.afterEach(() => expect(m.errors).toEqual([]));

  test('shows the hand-computed numbers in the actionable-agile convention', async () => {
    await m.open();
    await expect(m.page.getByTestId('as-of')).toContainText('Tue Mar 10, 2026');
    await expect(m.tile('ct-p50')).toHaveText('3 days');
    await expect(m.tile('ct-p85')).toHaveText('7 days');
    await expect(m.tile('ct-p95')).toHaveText('7 days');
    await expect(m.tile('throughput')).toHaveText('4 cards');
    await expect(m.tile('wip')).toHaveText('2 cards');
    await expect(m.tile('bottleneck')).toHaveText('Evaluation');
    await expect(m.tile('efficiency')).toHaveText('54%');
    await expect(m.tile('rework')).toHaveText('1');
    await expect(m.convention).toHaveValue('actionable-agile');
    await expect(m.cycleStart).toHaveValue('train');
    await expect(m.cycleEnd).toHaveValue('done');
    // Charts carry their numbers as text: percentile lines, labelled points, data tables.
    await expect(m.chart('cycle-scatter').getByRole('img', { name: /^d: 1 day, started 2026-03-06/ })).toHaveCount(1);
    await expect(m.chart('time-in-column').getByRole('img', { name: /^Evaluation: 11\.04 days.*\(bottleneck\)$/ })).toHaveCount(1);
    await expect(m.chart('rework').getByRole('img', { name: 'Evaluation → Training: 1 move' })).toHaveCount(1);
    await expect(m.chart('aging').getByRole('img', { name: /^g in Evaluation: 9 days old, past the 85th percentile/ })).toHaveCount(1);
    await expect(m.chart('throughput').getByRole('img', { name: 'Week 2026-W10: 3 cards finished' })).toHaveCount(1);
  });

  test('the downloaded report and CSV hold the same numbers', async () => {
    await m.open();
    const { name, json } = await m.downloadReport();
    expect(name).toBe('metrics-fixture-metrics.json');
    expect(json.format).toBe('ml-kanban-metrics');
    expect(json.generated_at).toBe('2026-03-10T06:30:00Z');
    expect(json.as_of).toBe('2026-03-10');
    expect(json.convention).toBe('actionable-agile');
    expect(json.cycle_time.percentiles).toEqual({ 50: 3, 85: 7, 95: 7 });
    expect(json.cycle_time.items.map((i) => [i.card, i.started, i.finished, i.days])).toEqual([
      ['a', '2026-03-02', '2026-03-05', 4],
      ['b', '2026-03-03', '2026-03-09', 7],
      ['c', '2026-03-05', '2026-03-07', 3],
      ['d', '2026-03-06', '2026-03-06', 1],
    ]);
    expect(json.throughput.weekly).toEqual([{ week: '2026-W10', count: 3 }, { week: '2026-W11', count: 1 }]);
    expect(json.wip.map((d) => d.count)).toEqual([2, 3, 3, 3, 3, 2, 3, 2, 2]);
    expect(json.cfd.columns).toEqual(['backlog', 'train', 'eval', 'done']);
    expect(json.cfd.days.at(-1)).toEqual({ date: '2026-03-10', counts: [7, 6, 5, 4] });
    expect(json.aging).toEqual([
      { card: 'g', column: 'eval', age_days: 9, pace: 1 },
      { card: 'e', column: 'train', age_days: 3, pace: 0.5 },
    ]);
    expect(json.bottleneck).toBe('eval');
    expect(json.time_in_column.find((c) => c.column === 'eval').total_days).toBeCloseTo(11.0417, 3);
    expect(json.blocked.by_reason).toEqual([
      { reason: 'data-access', count: 1, days: 1 },
      { reason: 'compute', count: 1, days: 1.5 },
    ]);
    expect(json.flow_efficiency).toBeCloseTo(0.5417, 4);
    expect(json.rework).toEqual({ backward_moves: 1, by_pair: [{ from: 'eval', to: 'train', count: 1 }] });

    const csv = await m.downloadCsv();
    expect(csv.name).toBe('metrics-fixture-cycle-times.csv');
    expect(csv.text.trim().split('\n')).toEqual([
      'card,title,started,finished,days',
      'a,Baseline logistic regression,2026-03-02,2026-03-05,4',
      'b,Gradient boosting on v3 features,2026-03-03,2026-03-09,7',
      "c,Reuse last quarter's model,2026-03-05,2026-03-07,3",
      'd,Fix label leak,2026-03-06,2026-03-06,1',
    ]);
  });

  test('switching the convention changes days and percentiles, persists and undoes', async ({ page }) => {
    await m.open();
    await m.setConvention('jira-agile-metrics');
    await expect(m.tile('ct-p50')).toHaveText('2.5 days');
    await expect(m.tile('ct-p85')).toHaveText('4.65 days');
    await expect(m.tile('ct-p95')).toHaveText('5.55 days');
    // The same-day card took 0 days now, and ages count one day less.
    await expect(m.chart('cycle-scatter').getByRole('img', { name: /^d: 0 days, started 2026-03-06/ })).toHaveCount(1);
    const { json } = await m.downloadReport();
    expect(json.convention).toBe('jira-agile-metrics');
    expect(json.cycle_time.items.map((i) => i.days)).toEqual([3, 6, 2, 0]);
    expect(json.cycle_time.percentiles['50']).toBeCloseTo(2.5, 9);
    expect(json.cycle_time.percentiles['85']).toBeCloseTo(4.65, 9);
    expect(json.cycle_time.percentiles['95']).toBeCloseTo(5.55, 9);
    expect(json.aging.map((a) => a.age_days)).toEqual([8, 2]);
    // Same WIP, throughput, bottleneck and efficiency: those do not depend on the convention.
    await expect(m.tile('wip')).toHaveText('2 cards');
    await expect(m.tile('bottleneck')).toHaveText('Evaluation');

    // A board setting: it survives a reload...
    await page.reload();
    await m.open();
    await expect(m.convention).toHaveValue('jira-agile-metrics');
    await expect(m.tile('ct-p50')).toHaveText('2.5 days');
    // ...and undoes like any edit.
    await m.setConvention('actionable-agile');
    await m.setConvention('jira-agile-metrics');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(m.convention).toHaveValue('actionable-agile');
    await expect(m.tile('ct-p50')).toHaveText('3 days');
  });

  test('the cycle and the date window change the numbers', async () => {
    await m.open();
    // Cycle from Evaluation: c, a, b, g reached it; g is unfinished.
    await m.cycleStart.selectOption('eval');
    await expect(m.cycleStart).toHaveValue('eval');
    await expect(m.tile('bottleneck')).toHaveText('Evaluation');
    const { json } = await m.downloadReport();
    // d skipped Evaluation on the day it jumped to Done: started = finished = Mar 6.
    expect(json.cycle_time.items.map((i) => [i.card, i.started, i.days])).toEqual([
      ['a', '2026-03-04', 2], ['b', '2026-03-08', 2], ['c', '2026-03-05', 3], ['d', '2026-03-06', 1],
    ]);
    await m.page.getByRole('button', { name: 'Default cycle' }).click();
    await expect(m.cycleStart).toHaveValue('train');
    // Window Mar 6..Mar 9: finished c (3), d (1), b (7) -> 50th 3, 85th/95th 7.
    await m.from.fill('2026-03-06');
    await m.to.fill('2026-03-09');
    await expect(m.tile('ct-p50')).toHaveText('3 days');
    await expect(m.page.getByTestId('ct-p50').locator('xpath=..')).toContainText('3 finished cards');
  });

  test('forecasts are seeded per board: same inputs, same answer', async ({ page }) => {
    await m.open();
    await expect(page.getByTestId('forecast-basis')).toContainText('Seed');
    await expect(page.getByTestId('forecast-basis')).toContainText('last 9 days up to 2026-03-10 (4 cards finished');
    const items = page.getByLabel('Cards still to finish');
    await items.fill('5');
    const when = page.getByTestId('forecast-when').locator('tbody tr');
    await expect(when).toHaveCount(3);
    const first = await when.allTextContents();
    expect(first[0]).toMatch(/^50%\w{3} \w{3} \d+, 2026$/);
    await page.getByLabel('Finish date').fill('2026-03-31');
    const many = page.getByTestId('forecast-how-many').locator('tbody tr');
    await expect(many).toHaveCount(3);
    const firstMany = await many.allTextContents();
    await page.reload();
    await m.open();
    await page.getByLabel('Cards still to finish').fill('5');
    await page.getByLabel('Finish date').fill('2026-03-31');
    await expect(page.getByTestId('forecast-when').locator('tbody tr')).toHaveText(first);
    await expect(page.getByTestId('forecast-how-many').locator('tbody tr')).toHaveText(firstMany);
    // More confidence never promises more: 50% >= 85% >= 95% cards.
    const counts = firstMany.map((t) => Number(t.match(/(\d+) cards?$/)[1]));
    expect(counts[0]).toBeGreaterThanOrEqual(counts[1]);
    expect(counts[1]).toBeGreaterThanOrEqual(counts[2]);
  });

  test('chart points are reachable by keyboard and charts download as SVG', async ({ page }) => {
    await m.open();
    const scatter = m.chart('cycle-scatter');
    const first = scatter.locator('.pt[tabindex="0"]');
    await first.focus();
    await expect(first).toBeFocused();
    await expect(scatter.locator('.readout')).toHaveText(/: \d+ days?, started/);
    const before = await scatter.locator('.readout').textContent();
    await page.keyboard.press('ArrowRight');
    await expect(scatter.locator('.readout')).not.toHaveText(before);
    await page.keyboard.press('End');
    await expect(scatter.locator('.readout')).toHaveText(/^b: 7 days/);
    const svg = await m.downloadChart('Cycle time scatterplot');
    expect(svg.name).toBe('metrics-fixture-cycle-scatter.svg');
    expect(svg.text).toMatch(/^<\?xml/);
    expect(svg.text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg.text).toContain('85th, 95th 7');
  });

  test('a daily chart has one day scrubber that keys and the pointer move', async ({ page }) => {
    await m.open();
    const cfd = m.chart('cfd');
    const scrub = cfd.getByRole('slider', { name: 'Cumulative flow by day' });
    await expect(scrub).toHaveCount(1);
    // One element for the whole history, not one per day.
    await expect(cfd.locator('.pt')).toHaveCount(0);
    const max = Number(await scrub.getAttribute('aria-valuemax'));
    expect(max).toBeGreaterThan(7);
    await scrub.focus();
    await expect(scrub).toHaveAttribute('aria-valuenow', '1');
    await expect(cfd.locator('.readout')).toHaveText(/^\d{4}-\d\d-\d\d reached: /);
    const day1 = await cfd.locator('.readout').textContent();
    await expect(scrub).toHaveAttribute('aria-valuetext', day1);
    await page.keyboard.press('ArrowRight');
    await expect(scrub).toHaveAttribute('aria-valuenow', '2');
    await expect(cfd.locator('.readout')).not.toHaveText(day1);
    await page.keyboard.press('End');
    await expect(scrub).toHaveAttribute('aria-valuenow', String(max));
    await page.keyboard.press('PageDown');
    await expect(scrub).toHaveAttribute('aria-valuenow', String(max - 7));
    await page.keyboard.press('Home');
    await expect(scrub).toHaveAttribute('aria-valuenow', '1');
    await expect(cfd.locator('.cursor')).toHaveAttribute('visibility', 'visible');
    // The pointer at the right edge of the plot reads the last day.
    const box = await scrub.boundingBox();
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await expect(scrub).toHaveAttribute('aria-valuenow', String(max));
    await expect(cfd.locator('.readout')).toHaveText(await scrub.getAttribute('aria-valuetext'));
    // The downloaded chart is well-formed XML.
    const svg = await m.downloadChart('Cumulative flow');
    const ok = await page.evaluate((t) => !new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror'), svg.text);
    expect(ok).toBe(true);
  });

  test('cards in progress on the board show their age, marked past the 85th percentile', async ({ page }) => {
    const card = (title) => page.getByRole('article', { name: new RegExp(`^${title},`) });
    const sweep = card('Hyperparameter sweep');
    await expect(sweep.getByTestId('card-age')).toContainText('⚠ 9 days old, over 85th pct');
    await expect(sweep.getByTestId('card-age')).toHaveClass(/age-over/);
    await expect(card('Train transformer encoder').getByTestId('card-age')).toContainText('3 days old');
    await expect(card('Fix label leak').getByTestId('card-age')).toHaveCount(0);
    await expect(card('Collect churn survey data').getByTestId('card-age')).toHaveCount(0);
    // The badge describes its card to screen readers.
    await expect(sweep).toHaveAccessibleDescription(/Age 9 days, past the board's 85th percentile cycle time \(7 days\)/);
  });

  test('the metrics page has no serious accessibility violations and looks right', async ({ page }) => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await m.open();
    // One data table open, so that the scan covers the tables too (they render when opened).
    await page.locator('.data-table summary').first().click();
    await expect(page.locator('.data-table table').first()).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await page.locator('.data-table summary').first().click();
    // The app scrolls inside its frame; let the page grow for a full-page picture.
    // (Through CSSOM: the page's Content-Security-Policy refuses an injected <style>.)
    await page.evaluate(() => {
      document.querySelectorAll('.app').forEach((e) => e.style.setProperty('height', 'auto', 'important'));
      document.querySelectorAll('.metrics-page').forEach((e) => e.style.setProperty('overflow', 'visible', 'important'));
    });
    await page.screenshot({ path: 'artifacts/metrics.png', fullPage: true });
    await m.openBoard();
    await page.screenshot({ path: 'artifacts/metrics-board-ages.png' });
  });
});
