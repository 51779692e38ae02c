// The benchmark's static file server, run in a worker thread of bench.mjs: its own event
// loop, so a response never waits behind Playwright's work in the main thread, and every file
// is read from disk once, then served from memory.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { port, mounts, types } = workerData;
const cache = new Map();

async function body(file) {
  let b = cache.get(file);
  if (!b) {
    const s = await stat(file);
    b = await readFile(s.isDirectory() ? join(file, 'index.html') : file);
    cache.set(file, { b, type: types[extname(s.isDirectory() ? 'index.html' : file)] ?? 'application/octet-stream' });
    b = cache.get(file);
  }
  return b;
}

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
  const file = normalize(join(dir, path.slice(prefix.length) || 'index.html'));
  if (!file.startsWith(dir)) return res.writeHead(403).end();
  try {
    const { b, type } = await body(file);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
    res.end(b);
  } catch {
    res.writeHead(404).end('not found');
  }
});
server.listen(port, '127.0.0.1', () => parentPort.postMessage('ready'));
parentPort.on('message', (m) => {
  if (m === 'close') server.close(() => process.exit(0));
});
