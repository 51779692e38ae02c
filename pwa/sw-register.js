// Registers the offline service worker (a static file, so a strict Content-Security-Policy
// with script-src 'self' allows it). Relative URL: its scope is the folder the app is served from.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((e) => {
      console.warn('Offline support is unavailable:', e);
    });
  });
}
