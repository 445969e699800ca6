/* Struck-bronze station: strike zones and bells played from decoded buffers (Web Audio), force, record and
   replay a rhythm. Sound URLs and forces come from the page's JSON block #station-data. */
(() => {
  const DATA = JSON.parse(document.getElementById("station-data").textContent);
  const SOUNDS = DATA.sounds;
  const FORCES = DATA.forces;
  const ctx = new (window.AudioContext || window.webkitAudioContext)({latencyHint: "interactive"});
  const buffers = {};
  let force = FORCES[1];
  let recording = null, rhythm = [];
  const status = document.getElementById("status");
  window.kiosk = {buffers, latencies: [], played: [], ready: false, ctx};
  // each bell's button is as tall as the bell (set here: the page has no inline styles)
  document.querySelectorAll("[data-height]").forEach((el) => { el.style.height = el.dataset.height + "px"; });

  Promise.all(Object.entries(SOUNDS).map(async ([key, url]) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": " + response.status);
    buffers[key] = await ctx.decodeAudioData(await response.arrayBuffer());
  })).then(() => { window.kiosk.ready = true; bilingual(status, "", "请触击 ·", "Touch to strike"); })
     .catch((e) => { bilingual(status, "", "声音载入失败 ·", "could not load sounds: " + e.message); });

  function play(key, at) {
    const buffer = buffers[key];
    if (!buffer) return false;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    source.start(at || 0);
    window.kiosk.played.push(key);
    return true;
  }
  function soundKey(el) {
    const key = el.dataset.key;
    return key === "drum" ? key : key + "-" + force;
  }
  function strike(el) {
    const t0 = performance.now();
    if (ctx.state !== "running") ctx.resume();
    const key = soundKey(el);
    if (play(key)) {
      window.kiosk.latencies.push(performance.now() - t0 + (ctx.baseLatency || 0) * 1000);
      if (recording !== null) rhythm.push({key, t: ctx.currentTime - recording});
    }
    el.classList.add("hit"); setTimeout(() => el.classList.remove("hit"), 150);
  }
  // A label in Chinese with its English words marked as English (screen readers switch voice).
  function bilingual(element, icon, chinese, english) {
    const mark = document.createElement("span"), en = document.createElement("span");
    mark.setAttribute("aria-hidden", "true"); mark.textContent = icon;
    en.lang = "en"; en.textContent = english;
    element.replaceChildren(...(icon ? [mark, " "] : []), chinese + " ", en);
  }
  document.querySelectorAll(".strike").forEach((el) => {
    // touch and mouse strike on pointerdown (lowest latency); the keyboard with Enter or Space
    el.addEventListener("pointerdown", (event) => { strike(el); event.preventDefault(); });
    if (el.tagName === "BUTTON") {
      el.addEventListener("click", (event) => { if (event.detail === 0) strike(el); });
    } else {
      el.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); if (!event.repeat) strike(el); }
      });
    }
  });
  document.querySelectorAll("button.force").forEach((b) => b.addEventListener("click", () => {
    force = Number(b.dataset.force);
    document.querySelectorAll("button.force").forEach((o) => o.setAttribute("aria-pressed", String(o === b)));
  }));
  const recordButton = document.getElementById("record"), replayButton = document.getElementById("replay");
  recordButton.addEventListener("click", () => {
    if (ctx.state !== "running") ctx.resume();
    if (recording === null) {
      recording = ctx.currentTime; rhythm = [];
      recordButton.classList.add("active"); bilingual(recordButton, "■", "停", "Stop");
      bilingual(status, "", "录制中…", "recording");
    } else {
      recording = null;
      recordButton.classList.remove("active"); bilingual(recordButton, "●", "录", "Record");
      replayButton.disabled = rhythm.length === 0;
      bilingual(status, "", `录下 ${rhythm.length} 击 ·`, `recorded ${rhythm.length} strikes`);
    }
  });
  replayButton.addEventListener("click", () => {
    if (ctx.state !== "running") ctx.resume();
    const start = ctx.currentTime + 0.05;
    rhythm.forEach((hit) => play(hit.key, start + hit.t));
    bilingual(status, "", `重放 ${rhythm.length} 击 ·`, "replaying");
  });
  window.kiosk.rhythm = () => rhythm;
})();
