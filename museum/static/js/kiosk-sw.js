/* Kiosk service worker (scope /kiosk/): a kiosk keeps working when the server is unreachable.
   Pages and API reads: network first, the cached copy when offline, else the friendly offline page.
   Static files, IIIF images and media: cache first, refreshed in the background. */
"use strict";
var CACHE = "kiosk-v1";
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
      if (request.mode === "navigate") return caches.match("/kiosk/offline");
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
  if (url.pathname === "/kiosk/heartbeat" || url.pathname.indexOf("/events") !== -1) return;
  if (/^\/(static|iiif|media)\//.test(url.pathname) || /\.(glb|mp3|ogg|opus|m4a|webp|jpg|png|vtt)$/.test(url.pathname)) {
    if (request.headers.has("range")) return;  // let the browser stream ranges
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
