// Offline support: the app's own files are cached, so a page loaded once reloads offline.
// Key design decision: network first, cache as the fallback. Online, a new build is seen
// at once (Trunk's hashed file names change); offline, the last good copy is served.
// Install precaches the page and every relative file it names, so the very first visit is
// enough. Only same-origin GETs under this worker's scope are touched: there is no other origin.
const CACHE = 'ml-board-v1';
const scope = self.registration.scope;

async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch(scope, { cache: 'no-cache' });
  const html = await page.clone().text();
  await cache.put(scope, page);
  const names = new Set(['manifest.webmanifest', 'icon.svg', 'icon-192.png', 'sw-register.js']);
  for (const m of html.matchAll(/(?:href|src)=["']([^"':#?]+)["']|["'](\.\/[^"'?#]+)["']/g)) {
    names.add(m[1] ?? m[2]);
  }
  await Promise.all([...names].map(async (n) => {
    const url = new URL(n, scope).href;
    if (!url.startsWith(scope)) return;
    try {
      const r = await fetch(url, { cache: 'no-cache' });
      if (r.ok) await cache.put(url, r);
    } catch { /* a missing extra is not worth failing the install */ }
  }));
}

self.addEventListener('install', (e) => {
  e.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) if (k !== CACHE) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || !req.url.startsWith(scope)) return;
  const key = req.mode === 'navigate' ? scope : req.url.split('#')[0];
  e.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') e.waitUntil(cache.put(key, res.clone()));
      return res;
    } catch (err) {
      const hit = await cache.match(key, { ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
