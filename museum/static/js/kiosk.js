/* Kiosk behaviour shared by every station page: idle reset, attract loop, heartbeat, offline screen,
   service worker, no text selection or context menu. Configure with data-* on <body>:
   data-kiosk-start (URL to return to), data-kiosk-idle (seconds), data-kiosk-attract (seconds after reset),
   data-kiosk-lang (zh|en|...). A page can handle the reset itself: listen for "kiosk:reset" and call
   event.preventDefault(). */
(function () {
  "use strict";
  var body = document.body;
  var VERSION = "kiosk-1";
  var startUrl = body.dataset.kioskStart || location.pathname;
  var idleMs = (parseFloat(body.dataset.kioskIdle) || 90) * 1000;
  var attractMs = (parseFloat(body.dataset.kioskAttract) || 5) * 1000;
  var lang = body.dataset.kioskLang || document.documentElement.lang || "zh";
  var idleTimer = null, attractTimer = null, slideTimer = null, offline = false;

  document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
  document.addEventListener("click", function (e) {  // "back" buttons (the offline page)
    if (e.target.closest && e.target.closest("[data-kiosk-back]")) history.back();
  });
  document.addEventListener("selectstart", function (e) {
    if (!(e.target.closest && e.target.closest("input, textarea"))) e.preventDefault();
  });

  function overlay(id, html) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = "kiosk-overlay";
      el.hidden = true;
      el.setAttribute("role", "dialog");
      el.setAttribute("aria-modal", "true");
      body.appendChild(el);
    }
    if (html !== undefined) el.innerHTML = html;
    return el;
  }

  function text(zh, en) { return lang.indexOf("zh") === 0 || lang === "ja" ? zh : en; }

  function resetNow() {
    var event = new CustomEvent("kiosk:reset", { cancelable: true });
    window.dispatchEvent(event);
    if (!event.defaultPrevented) {
      Array.prototype.forEach.call(document.forms, function (f) { f.reset(); });
      Array.prototype.forEach.call(document.querySelectorAll("input, textarea"), function (i) { i.value = ""; });
      try { sessionStorage.clear(); } catch (e) { /* private mode */ }
      var here = location.pathname + location.search;
      if (here !== startUrl) { sessionStorage.setItem("kiosk-attract", "1"); location.assign(startUrl); return; }
    }
    window.scrollTo(0, 0);
    attractTimer = setTimeout(showAttract, attractMs);
  }

  function touched() {
    clearTimeout(idleTimer);
    clearTimeout(attractTimer);
    idleTimer = setTimeout(resetNow, idleMs);
  }

  function hideAttract() {
    var el = document.getElementById("kiosk-attract");
    if (el && !el.hidden) { el.hidden = true; clearInterval(slideTimer); }
  }

  function showAttract() {
    fetch("/kiosk/attract.json?lang=" + encodeURIComponent(lang)).then(function (r) { return r.json(); })
      .then(function (data) {
        var items = (data.items || []).filter(function (i) { return i.image || i.has_3d; });
        if (!items.length) items = data.items || [];
        if (!items.length) return;
        var el = overlay("kiosk-attract", "");
        var i = 0;
        function slide() {
          var item = items[i++ % items.length];
          el.innerHTML = '<div class="attract-card">' +
            (item.image ? '<img alt="" src="' + item.image + '">' : '<div class="attract-mark" aria-hidden="true">峡</div>') +
            '<p class="attract-title"></p><p class="attract-hint">' + text("触摸屏幕开始", "Touch the screen to begin") +
            (item.has_3d ? ' · 3D' : '') + "</p></div>";
          el.querySelector(".attract-title").textContent = item.title;
        }
        slide();
        el.hidden = false;
        slideTimer = setInterval(slide, 6000);
      }).catch(function () { /* offline: stay on the station page */ });
  }

  function showOffline(on) {
    if (on === offline) return;
    offline = on;
    var el = overlay("kiosk-offline", '<div class="offline-card"><p class="offline-title">' +
      text("正在重新连接…", "Reconnecting…") + "</p><p>" +
      text("展品信息仍可浏览，网络恢复后会自动同步。", "You can keep exploring; we will catch up when the network is back.") +
      "</p></div>");
    el.className = "kiosk-banner";
    el.hidden = !on;
  }

  function heartbeat() {
    fetch("/kiosk/heartbeat", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin",
      body: JSON.stringify({ version: VERSION, screen: location.pathname + " " + innerWidth + "x" + innerHeight })
    }).then(function (r) {
      showOffline(false);
      if (r.ok) return r.json().then(function (d) {
        if (d.station_url && d.station_url !== startUrl && location.pathname.indexOf(d.station_url) !== 0) {
          location.assign(d.station_url);
        }
      });
    }).catch(function () { showOffline(true); });
  }

  ["pointerdown", "touchstart", "keydown", "wheel"].forEach(function (type) {
    document.addEventListener(type, function () { hideAttract(); touched(); }, { passive: true, capture: true });
  });
  window.addEventListener("offline", function () { showOffline(true); });
  window.addEventListener("online", function () { showOffline(false); heartbeat(); });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/kiosk/sw.js", { scope: "/kiosk/" }).catch(function () {});
  }
  touched();
  heartbeat();
  setInterval(heartbeat, 30000);
  if (sessionStorage.getItem("kiosk-attract")) { sessionStorage.removeItem("kiosk-attract"); showAttract(); }
  window.kiosk = { reset: resetNow, showAttract: showAttract, heartbeat: heartbeat, version: VERSION };
})();
