// A CPU profile of card moves (or of opening a page) in headless Chromium: where the time goes.
// A measuring aid beside bench.mjs, not a benchmark: it prints the functions with the most
// self time, by name. For wasm names, serve a build whose wasm keeps its name section, e.g.
//   cp -r dist /tmp/prof && wasm-bindgen --target web --no-typescript --out-dir /tmp/prof \
//     --out-name <the dist's ml-kanban-HASH> target/wasm32-unknown-unknown/release/ml-kanban.wasm
//   PROFILE_DIST=/tmp/prof PROFILE_BOARD=cards-2000 node profile.mjs
// PROFILE_ACTION=moves (default: PROFILE_MOVES=20 Alt+ArrowRight moves, after PROFILE_WARM=0
// moves left out of the profile) | metrics (click "Metrics") | load.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = resolve(process.env.PROFILE_DIST ?? join(here, '../../dist'));
const boardName = process.env.PROFILE_BOARD ?? 'cards-2000';
const action = process.env.PROFILE_ACTION ?? 'moves';
const top = Number(process.env.PROFILE_TOP ?? 40);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

const server = createServer(async (req, res) => {
  const file = normalize(join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname) || '/'));
  try {
    const f = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
    res.writeHead(200, { 'content-type': types[extname(f)] ?? 'application/octet-stream' }).end(await readFile(f));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;
const text = await readFile(join(here, 'out/boards', `${boardName}.json`), 'utf8');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ serviceWorkers: 'block' });
await ctx.addInitScript(([k, v]) => {
  if (!sessionStorage.getItem('seeded')) {
    localStorage.setItem(k, v);
    sessionStorage.setItem('seeded', '1');
  }
}, ['ml-kanban.boards', text]);
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
if (action === 'load') {
  await cdp.send('Performance.enable');
  // PROFILE_TOP=0: no sampling (it slows the page), only the time by kind.
  await cdp.send('Profiler.start');
}
await page.goto(url);
await page.waitForSelector('[data-card-id]');
await page.waitForTimeout(500);
if (action === 'load') {
  // Where the main thread's time went up to now, by kind (seconds, as Chromium counts them).
  const { metrics } = await cdp.send('Performance.getMetrics');
  const want = ['ScriptDuration', 'V8CompileDuration', 'RecalcStyleDuration', 'LayoutDuration', 'TaskDuration'];
  console.log(metrics.filter((m) => want.includes(m.name)).map((m) => `${m.name} ${(m.value * 1000).toFixed(1)} ms`).join(', '));
}
// Found before the profile starts, and clicked from the page: the profile holds the app's work,
// not Playwright's search for an accessible name.
const metricsButton = action === 'metrics' ? await page.getByRole('button', { name: 'Metrics', exact: true }).elementHandle() : null;
const [warm, moves] = [Number(process.env.PROFILE_WARM ?? 0), Number(process.env.PROFILE_MOVES ?? 20)];
if (action !== 'load' && !warm) await cdp.send('Profiler.start');
if (action === 'moves') {
  const ids = await page.evaluate(() => [...document.querySelectorAll('[data-card-id]')].map((e) => e.dataset.cardId));
  for (let i = 0; i < warm + moves; i++) {
    if (warm && i === warm) await cdp.send('Profiler.start');
    const id = ids[Math.floor(((i + 1) * ids.length) / (warm + moves + 2))];
    await page.evaluate((id) => new Promise((done) => {
      const el = document.querySelector(`[data-card-id="${id}"]`);
      el.focus();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true, cancelable: true }));
      requestAnimationFrame(() => setTimeout(done, 50));
    }), id);
  }
} else if (action === 'metrics') {
  await metricsButton.evaluate((b) => b.click());
  await page.waitForTimeout(3000);
  // Elements per chart: where the page's DOM goes.
  console.log(await page.evaluate(() => [...document.querySelectorAll('[data-testid^="chart-"]')]
    .map((c) => `${c.dataset.testid} ${c.getElementsByTagName('*').length}`).join(', ') + ` | page ${document.getElementsByTagName('*').length}`));
}
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
server.close();

// Self time per function name.
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
const self = new Map();
let total = 0;
for (const n of profile.nodes) {
  const us = dt.get(n.id) ?? 0;
  const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`;
  if (name === '(idle)' || name === '(program)') continue;
  self.set(name, (self.get(name) ?? 0) + us);
  total += us;
}
console.log(`${action} on ${boardName}: ${(total / 1000).toFixed(1)} ms busy (sampled)`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(us / 1000).toFixed(2).padStart(9)} ms  ${name.slice(0, 140)}`);
}

// With PROFILE_STACKS=name-part: the heaviest call stacks (8 frames up) through functions so named.
if (process.env.PROFILE_STACKS) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const stacks = new Map();
  for (const n of profile.nodes) {
    const us = dt.get(n.id) ?? 0;
    if (!us) continue;
    const chain = [];
    for (let x = n; x && chain.length < 40; x = parent.get(x.id)) chain.push(x.callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '') || '(anon)');
    const at = chain.findIndex((f) => f.includes(process.env.PROFILE_STACKS));
    if (at < 0) continue;
    const key = chain.slice(at, at + 9).map((f) => f.slice(0, 110)).join('\n      <- ');
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  for (const [k, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`\n${(us / 1000).toFixed(2)} ms  ${k}`);
  void byId;
}

// With PROFILE_INCLUSIVE=1: total (self + callees) time per function name, counted once per stack.
if (process.env.PROFILE_INCLUSIVE) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const incl = new Map();
  for (const n of profile.nodes) {
    const us = dt.get(n.id) ?? 0;
    if (!us) continue;
    const seen = new Set();
    for (let x = n; x; x = parent.get(x.id)) {
      const f = (x.callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '');
      if (seen.has(f)) continue;
      seen.add(f);
      incl.set(f, (incl.get(f) ?? 0) + us);
    }
  }
  for (const [f, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_INCLUSIVE) > 1 ? Number(process.env.PROFILE_INCLUSIVE) : 60)) {
    console.log(`${(us / 1000).toFixed(2).padStart(9)} ms  ${f.slice(0, 150)}`);
  }
}

// With PROFILE_UNDER=name-part: total time per function within the calls of functions so named
// (what a handler spends its time on), counted once per stack.
if (process.env.PROFILE_UNDER) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const incl = new Map();
  const own = new Map();
  let all = 0;
  for (const n of profile.nodes) {
    const us = dt.get(n.id) ?? 0;
    if (!us) continue;
    const chain = [];
    for (let x = n; x; x = parent.get(x.id)) chain.push((x.callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, ''));
    const at = chain.findIndex((f) => f.includes(process.env.PROFILE_UNDER));
    if (at < 0) continue;
    all += us;
    for (const f of new Set(chain.slice(0, at))) incl.set(f, (incl.get(f) ?? 0) + us);
    own.set(chain[0], (own.get(chain[0]) ?? 0) + us);
  }
  // PROFILE_SELF=1: self time within instead of the total per function.
  const show = process.env.PROFILE_SELF ? own : incl;
  console.log(`\nunder ${process.env.PROFILE_UNDER}: ${(all / 1000).toFixed(2)} ms`);
  for (const [f, us] of [...show].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`${(us / 1000).toFixed(2).padStart(9)} ms  ${f.slice(0, 150)}`);
}
