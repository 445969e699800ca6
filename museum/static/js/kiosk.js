/* The kiosk shell, one for every station (gallery, object, poems, projection, audio, instrument): heartbeat
   with the station type, its state and the app version; idle reset to the station's start and an attract
   loop; offline notice and recovery, with the station's own files kept by the service worker; no pinch
   zoom; no text selection or context menu; a hidden staff gesture (five taps in the top-left corner within
   three seconds; an invisible 56 px square there takes them) that shows the station's status.

   A station page declares itself on <body> (museum/templates/kiosk/base.html): data-kiosk-station (type),
   data-kiosk-start (address of its start), data-kiosk-idle (seconds; 0 = no idle reset), data-kiosk-attract
   (seconds after the reset before the attract loop), data-kiosk-attract-source (highlights JSON, optional),
   data-kiosk-lang, data-kiosk-version. Its state is body[data-kiosk-state] (a station script may set it:
   "step", "writing", "playing"…; the shell sets "start", "active", "attract", and "playing" while a media
   element plays). A station can take over its reset: listen for "kiosk:reset" and call preventDefault().
   The shell is window.kioskShell (window.kiosk belongs to the instrument station). */
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(document.getElementById("kiosk-shell").textContent);
  var T = config.text;
  var station = body.dataset.kioskStation || "";
  var version = body.dataset.kioskVersion || "";
  var lang = body.dataset.kioskLang || "zh";
  var startUrl = body.dataset.kioskStart || location.pathname + location.search;
  var idleSeconds = parseFloat(body.dataset.kioskIdle);
  var idleMs = (isNaN(idleSeconds) ? 90 : idleSeconds) * 1000;
  var attractMs = (parseFloat(body.dataset.kioskAttract) || 5) * 1000;
  var attractSource = body.dataset.kioskAttractSource || "";
  var HEARTBEAT_MS = 30000, OFFLINE_RETRY_MS = 10000, SLIDE_MS = 6000;
  var idleTimer = null, attractTimer = null, slideTimer = null, beatTimer = null;
  var status = { device: null, lastHeartbeat: null, online: navigator.onLine, cacheCount: null, pageCached: null };
  var stream = null;  // a live link station's stream health (setStream), sent with every heartbeat

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function overlay(id, cls) {
    var node = document.getElementById(id);
    if (!node) {
      node = el("div", cls);
      node.id = id;
      node.lang = body.dataset.kioskHtmlLang || lang;  // the shell speaks the station's language
      node.hidden = true;
      body.appendChild(node);
    }
    return node;
  }
  function samePlace(a, b) {
    var x = new URL(a, location.href), y = new URL(b, location.href);
    x.searchParams.sort(); y.searchParams.sort();
    return x.pathname === y.pathname && x.search === y.search;
  }

  /* ---------------------------------------------------------------- screen rules: no zoom, no menus */
  document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
  document.addEventListener("selectstart", function (e) {
    if (!(e.target.closest && e.target.closest("input, textarea"))) e.preventDefault();
  });
  ["gesturestart", "gesturechange"].forEach(function (type) {  // WebKit's pinch events
    document.addEventListener(type, function (e) { e.preventDefault(); }, { passive: false });
  });
  document.addEventListener("touchmove", function (e) {  // two fingers: a pinch, never a page zoom
    if (e.touches && e.touches.length > 1 && !(e.target.closest && e.target.closest("[data-kiosk-pinch]"))) e.preventDefault();
  }, { passive: false });
  document.addEventListener("wheel", function (e) { if (e.ctrlKey) e.preventDefault(); }, { passive: false });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && ["+", "-", "=", "0"].indexOf(e.key) !== -1) e.preventDefault();
  });
  document.addEventListener("click", function (e) {  // "back" buttons (the offline page)
    if (e.target.closest && e.target.closest("[data-kiosk-back]")) history.back();
  });

  /* ---------------------------------------------------------------- state and heartbeat */
  function state() { return body.dataset.kioskState || "start"; }
  function setState(next) {
    if (body.dataset.kioskState !== next) body.dataset.kioskState = next;  // the observer sends a heartbeat
  }
  var sentState = null;
  new MutationObserver(function () { if (state() !== sentState) heartbeat(); })
    .observe(body, { attributes: true, attributeFilter: ["data-kiosk-state"] });

  function schedule(ms) { clearTimeout(beatTimer); beatTimer = setTimeout(heartbeat, ms); }

  // One heartbeat at a time: a touch that sets "active" and the tap's own state a moment later would
  // otherwise race on the server, and the older state could be stored last. A beat asked for while one is
  // on its way is sent when that one has its answer, with the state of that moment.
  var inFlight = null, again = false;
  function heartbeat() {
    if (!station) return Promise.resolve();
    if (inFlight) { again = true; return inFlight; }
    inFlight = send().then(function () {
      inFlight = null;
      if (again) { again = false; return heartbeat(); }
    });
    return inFlight;
  }

  function send() {
    sentState = state();
    schedule(HEARTBEAT_MS);
    return fetch("/kiosk/heartbeat", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin",
      body: JSON.stringify({ station: station, state: sentState, version: version, lang: lang, stream: stream || undefined,
                             screen: (location.pathname + location.search).slice(0, 180) + " " + innerWidth + "x" + innerHeight })
    }).then(function (r) {
      setOnline(true);
      return r.json().then(function (d) {
        if (!r.ok) { if (r.status === 401) status.device = ""; return; }
        status.device = d.name;
        status.lastHeartbeat = new Date();
        var home = (d.station_url || "").split("?")[0];
        if (home && location.pathname.indexOf(home) !== 0) location.assign(d.station_url);  // moved to another station
      });
    }).catch(function () { setOnline(false); });
  }

  /* ---------------------------------------------------------------- offline notice and recovery */
  function setOnline(on) {
    var was = status.online;
    status.online = on;
    var banner = overlay("kiosk-offline", "kiosk-banner");
    if (!banner.firstChild) {
      banner.setAttribute("role", "status");
      banner.appendChild(el("p", "offline-title", T.offline_title));
      banner.appendChild(el("p", "offline-body", T.offline_body));
    }
    banner.hidden = on;
    body.classList.toggle("kiosk-is-offline", !on);
    if (on && was === false) { heartbeat(); precache(); }
    if (!on) schedule(OFFLINE_RETRY_MS);  // try again sooner, to notice the network's return
  }
  window.addEventListener("offline", function () { setOnline(false); });
  window.addEventListener("online", function () { heartbeat(); });

  /* ---------------------------------------------------------------- idle reset and attract loop */
  function resetNow() {
    if (document.querySelector("#kiosk-staff:not([hidden])")) { touched(); return; }
    var playing = Array.prototype.some.call(document.querySelectorAll("audio, video"), function (m) { return !m.paused && !m.ended; });
    if (playing) { touched(); return; }  // a visitor is listening
    var event = new CustomEvent("kiosk:reset", { cancelable: true });
    window.dispatchEvent(event);
    if (!event.defaultPrevented) {
      try { sessionStorage.clear(); sessionStorage.setItem("kiosk-attract", "1"); } catch (e) { /* private mode */ }
      location.assign(startUrl);  // the station's start, as new: every station resets the same way
      return;
    }
    window.scrollTo(0, 0);
    setState("start");
    attractTimer = setTimeout(showAttract, attractMs);
  }

  function touched() {
    clearTimeout(idleTimer);
    clearTimeout(attractTimer);
    if (idleMs > 0) idleTimer = setTimeout(resetNow, idleMs);
  }

  var swallowUntil = 0;  // the touch that ends the attract loop only ends it: its click does nothing else
  document.addEventListener("click", function (e) {
    if (Date.now() < swallowUntil) { e.preventDefault(); e.stopPropagation(); swallowUntil = 0; }
  }, true);

  function hideAttract() {
    var node = document.getElementById("kiosk-attract");
    if (node && !node.hidden) {
      node.hidden = true;
      swallowUntil = Date.now() + 1000;
      clearInterval(slideTimer);
      setState("start");
    }
  }

  function attractCard(image, title, hint) {
    var card = el("div", "attract-card");
    if (image) { var img = el("img"); img.alt = ""; img.src = image; card.appendChild(img); }
    else card.appendChild(el("div", "attract-mark")).setAttribute("aria-hidden", "true");
    card.appendChild(el("p", "attract-title", title));
    card.appendChild(el("p", "attract-hint", hint || T.touch));
    return card;
  }

  function showAttract() {
    var node = overlay("kiosk-attract", "kiosk-overlay kiosk-attract");
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-modal", "true");
    node.setAttribute("aria-label", T.touch);
    var own = document.getElementById("kiosk-attract-content");
    function show(slides) {
      var i = 0;
      function slide() {
        node.replaceChildren(slides[i++ % slides.length]());
      }
      slide();
      node.hidden = false;
      clearInterval(slideTimer);
      if (slides.length > 1) slideTimer = setInterval(slide, SLIDE_MS);
      setState("attract");
    }
    var fallback = function () { return attractCard(null, document.title); };
    if (own && own.content && own.content.childElementCount) {  // the station's own: one slide, or .attract-slide each
      var parts = own.content.querySelectorAll(".attract-slide");
      show((parts.length ? Array.prototype.slice.call(parts) : [own.content]).map(function (part) {
        return function () { var card = el("div", "attract-card"); card.appendChild(part.cloneNode(true));
          card.appendChild(el("p", "attract-hint", T.touch)); return card; };
      }));
      return;
    }
    if (!attractSource) { show([fallback]); return; }
    fetch(attractSource).then(function (r) { return r.json(); }).then(function (data) {
      var items = (data.items || []).filter(function (i) { return i.image || i.has_3d; });
      if (!items.length) items = data.items || [];
      show(items.length ? items.map(function (item) {
        return function () { return attractCard(item.image, item.title, T.touch + (item.has_3d ? " · 3D" : "")); };
      }) : [fallback]);
    }).catch(function () { show([fallback]); });
  }

  /* ---------------------------------------------------------------- the staff panel */
  // An invisible corner catches the taps, so that they never reach what the station draws there.
  var corner = el("div", "kiosk-staff-corner");
  corner.setAttribute("aria-hidden", "true");
  body.appendChild(corner);
  var taps = [];
  function staffTap(e) {
    if (e.target !== corner) { taps = []; return; }
    var now = Date.now();
    taps = taps.filter(function (t) { return now - t < 3000; });
    taps.push(now);
    if (taps.length >= 5) { taps = []; showStaff(); }
  }

  function cacheState() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (keys) {
      return Promise.all(keys.map(function (k) { return caches.open(k).then(function (c) { return c.keys(); }); }));
    }).then(function (lists) {
      status.cacheCount = lists.reduce(function (n, l) { return n + l.length; }, 0);
      return caches.match(location.href, { ignoreVary: true });
    }).then(function (hit) { status.pageCached = !!hit; }).catch(function () {});
  }

  function showStaff() {
    var panel = overlay("kiosk-staff", "kiosk-overlay kiosk-staff");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-labelledby", "kiosk-staff-title");
    cacheState().then(function () {
      var card = el("div", "staff-card");
      card.appendChild(el("h2", null, T.staff_title)).id = "kiosk-staff-title";
      var list = el("dl");
      var cache = status.cacheCount === null ? T.no_cache
        : (status.pageCached ? T.cached : T.not_cached).replace("{count}", status.cacheCount);
      [["station", station || "—"],
       ["device", status.device === null ? "…" : (status.device || T.not_registered)],
       ["version", version], ["network", status.online ? T.online : T.offline], ["state", state()],
       ["last_heartbeat", status.lastHeartbeat ? status.lastHeartbeat.toLocaleTimeString(lang) : T.never],
       ["cache", cache]].forEach(function (row) {
        var item = el("div", "staff-row");
        item.dataset.field = row[0];
        item.appendChild(el("dt", null, T[row[0]]));
        item.appendChild(el("dd", null, row[1]));
        list.appendChild(item);
      });
      card.appendChild(list);
      var close = el("button", "staff-close", T.close);
      close.type = "button";
      close.addEventListener("click", function () { panel.hidden = true; });
      card.appendChild(close);
      panel.replaceChildren(card);
      panel.hidden = false;
      close.focus();
    });
  }

  /* ---------------------------------------------------------------- offline copy: the service worker */
  function precache() {
    if (!("serviceWorker" in navigator)) return Promise.resolve(0);
    var urls = [location.pathname + location.search, startUrl].concat(config.precache || []);
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet][href], script[src], img[src]"), function (n) {
      var url = n.getAttribute("href") || n.getAttribute("src");
      if (url && url.indexOf("data:") !== 0) urls.push(url);
    });
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { body.dataset.kioskCached = e.data.cached; resolve(e.data.cached); };
        registration.active.postMessage({ type: "precache", urls: urls }, [channel.port2]);
      });
    });
  }

  ["pointerdown", "touchstart", "keydown", "wheel"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      hideAttract();
      if (state() === "start" && type !== "wheel") setState("active");
      touched();
      if (type === "pointerdown") staffTap(e);
    }, { passive: true, capture: true });
  });
  // a station that always plays (the live link: body[data-kiosk-own-state]) keeps its own states
  var ownState = body.hasAttribute("data-kiosk-own-state");
  document.addEventListener("play", function () { if (!ownState) setState("playing"); }, true);
  ["pause", "ended"].forEach(function (type) {
    document.addEventListener(type, function () { if (!ownState && state() === "playing") setState("active"); }, true);
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/kiosk/sw.js", { scope: "/kiosk/" }).then(precache).catch(function () {});
  }
  if (!samePlace(location.href, startUrl) && !body.dataset.kioskState) body.dataset.kioskState = "active";
  touched();
  if (!navigator.onLine) setOnline(false);
  var attractNow = false;
  try { attractNow = !!sessionStorage.getItem("kiosk-attract"); sessionStorage.removeItem("kiosk-attract"); } catch (e) { /* */ }
  if (attractNow) attractTimer = setTimeout(showAttract, attractMs); else heartbeat();
  if (attractNow) heartbeat();
  function setStream(health) { stream = health; }
  window.kioskShell = { reset: resetNow, showAttract: showAttract, heartbeat: heartbeat, setState: setState, setStream: setStream,
                        showStaff: showStaff, precache: precache, status: status, version: version, station: station };
})();
