/* Kiosk service worker (scope /kiosk/): a kiosk keeps working when the server is unreachable.
   Pages and API reads: network first, the cached copy when offline, else the friendly offline page.
   Static files, IIIF images and media: cache first, refreshed in the background.
   Each station page (static/js/kiosk.js) posts {type: "precache", urls} once the worker is active: its own
   address, its start, its styles, scripts and images, and the offline page in its language; the worker
   keeps them and answers with how many it holds. */
"use strict";
var CACHE = "kiosk-v2";
var PRECACHE = ["/kiosk/offline", "/static/css/kiosk.css", "/static/js/kiosk.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(PRECACHE); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (c) { c.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      if (hit) return hit;
      if (request.mode === "navigate") {
        var lang = new URL(request.url).searchParams.get("lang");
        return caches.match("/kiosk/offline?lang=" + (lang || "zh")).then(function (page) {
          return page || caches.match("/kiosk/offline");
        });
      }
      return new Response(JSON.stringify({ error: { code: "offline", message: "offline" } }),
        { status: 503, headers: { "Content-Type": "application/json" } });
    });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    var refresh = fetch(request).then(function (response) {
      if (response.ok && response.status === 200) {
        var copy = response.clone();
        caches.open(CACHE).then(function (c) { c.put(request, copy); });
      }
      return response;
    });
    return hit || refresh;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  // never cached: heartbeats, event streams, a guided session's signalling, the shows' clock (a stale answer
  // is a wrong one: an old clock reading answered at once from the cache would look like the best sample)
  if (url.pathname === "/kiosk/heartbeat" || url.pathname === "/kiosk/shows/clock" ||
      url.pathname.indexOf("/events") !== -1 || /\/signals$/.test(url.pathname)) return;
  if (/^\/(static|iiif|media)\//.test(url.pathname) || /\.(glb|mp3|ogg|opus|m4a|mp4|webm|webp|jpg|png|vtt)$/.test(url.pathname)) {
    if (request.headers.has("range")) return;  // let the browser stream ranges
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "precache" || !Array.isArray(data.urls)) return;
  var port = event.ports && event.ports[0];
  var urls = data.urls.filter(function (u) { return typeof u === "string"; }).map(function (u) {
    return new URL(u, self.location.origin);
  }).filter(function (u) { return u.origin === self.location.origin; });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && response.status === 200) return cache.put(url.pathname + url.search, response);
      }).catch(function () { /* offline now: keep what is there */ });
    })).then(function () { return cache.keys(); });
  }).then(function (keys) {
    if (port) port.postMessage({ cached: keys.length });
  }));
});
