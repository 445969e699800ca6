/* The poem projection: poems written at the 三游诗人 station arrive by the event stream (data-events on #poem)
   and are written onto the wall column by column; when none has come for data-hold seconds, an idle
   programme shows, data-cycle seconds each once written, the day's poems (data-today) between famous poems of the three
   journeys (#wall-data). The wall is never blank: it starts with the programme.

   A shown poem is one <article class="scroll"> in #poem, fitted to it: built at 100 px, measured, scaled.
   #poem carries the state for the AV technician and the tests: data-kind (arrival, today, famous),
   data-code, data-ready="true" once every glyph is written; body data-stream is "open" or "retrying". */
(() => {
  "use strict";
  const box = document.getElementById("poem");
  const caption = document.getElementById("caption");
  const wall = JSON.parse(document.getElementById("wall-data").textContent);
  const HOLD = Number(box.dataset.hold) * 1000;
  const CYCLE = Number(box.dataset.cycle) * 1000;
  const QUEUE_MAX = 8; // a burst of poems beyond this: the oldest wait in the day's programme instead
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
  const SEAL = ["三游", "诗人"]; // the station's seal, read as a seal is: right column, then left

  let current = null; // {item, el, readyAt}
  let generation = 0; // a newer show() cancels the steps still pending for an older one
  let timer = 0;
  const queue = [];
  let lastArrival = -Infinity;
  let today = [];
  let todayAt = 0;
  let famousAt = 0;
  let turn = 0;

  function node(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function glyphs(parent, text) {
    for (const ch of text) {
      if (ch === " " || ch === "\u3000") { parent.append(ch); continue; }
      parent.append(node("span", "ch", ch));
    }
    return parent;
  }

  // ------------------------------------------------------------------------------------------ building
  function build(item) {
    const scroll = node("article", "scroll");
    scroll.lang = "zh-Hans";
    scroll.dataset.kind = item.kind;
    if (item.code) scroll.dataset.code = item.code;
    if (item.form) scroll.dataset.form = item.form;
    if (item.title) {
      const title = glyphs(node("h2", "title"), item.title);
      if (item.excerpt) title.append(glyphs(node("span", "excerpt"), "节选"));
      scroll.append(title);
    }
    const verse = node("div", "verse");
    for (const line of item.lines) verse.append(glyphs(node("p", "line"), line));
    scroll.append(verse);
    const colophon = node("p", "colophon");
    // a station poem is signed with its form and the poet it imitates (仿); a famous one with its poet
    const signature = item.kind === "famous" ? `${item.dynasty}\u3000${item.poet}` : `${item.form}\u3000仿${item.poet}`;
    colophon.append(glyphs(node("span", "sign"), signature));
    if (item.kind !== "famous") {
      const seal = node("span", "seal");
      seal.setAttribute("aria-hidden", "true");
      for (const column of SEAL) seal.append(node("span", "", column));
      colophon.append(seal);
    }
    scroll.append(colophon);
    return scroll;
  }

  // Scale the scroll so all of it fits the stage: lay it out at 100 px, measure, scale, check.
  function fit(scroll) {
    const stage = box.getBoundingClientRect();
    if (!stage.width || !stage.height) return;
    scroll.style.fontSize = "100px";
    const natural = scroll.getBoundingClientRect();
    // a short poem is not blown up past a size that still reads as writing on a wall
    let size = Math.min(100 * stage.width / natural.width, 100 * stage.height / natural.height, stage.height / 6);
    for (let attempt = 0; attempt < 6; attempt += 1) {
      scroll.style.fontSize = `${Math.floor(size * 10) / 10}px`;
      const r = scroll.getBoundingClientRect();
      if (r.width <= stage.width && r.height <= stage.height) break;
      size *= 0.97; // glyph metrics do not scale exactly linearly
    }
  }

  // ------------------------------------------------------------------------------------------ showing
  function reveal(scroll, kind) {
    const quiet = reduced.matches;
    const chars = [...scroll.querySelectorAll(".ch")];
    const step = quiet ? 0 : (kind === "arrival" ? 110 : 45);
    const frames = quiet ? [{opacity: 0}, {opacity: 1}]
      : [{opacity: 0, filter: "blur(0.1em)"}, {opacity: 0.85, filter: "blur(0.02em)", offset: 0.6}, {opacity: 1, filter: "blur(0)"}];
    const animations = chars.map((ch, i) => {
      const animation = ch.animate(frames, {duration: quiet ? 700 : 900, delay: i * step, easing: "ease-out", fill: "backwards"});
      animation.finished.then(() => ch.classList.add("shown"), () => {});
      return animation;
    });
    const seal = scroll.querySelector(".seal");
    if (seal) {
      animations.push(seal.animate(quiet ? [{opacity: 0}, {opacity: 1}]
        : [{opacity: 0, transform: "scale(1.5)"}, {opacity: 1, transform: "scale(0.96)", offset: 0.7}, {opacity: 1, transform: "none"}],
      {duration: quiet ? 700 : 600, delay: chars.length * step + 200, easing: "ease-in", fill: "backwards"}));
    }
    return Promise.all(animations.map(a => a.finished));
  }

  function setCaption(item) {
    let text = "";
    if (item.kind === "famous") text = item.note;
    else if (item.kind === "arrival") text = wall.captions.arrival;
    else if (item.kind === "today") text = wall.captions.today.replace("{time}", item.time || "");
    caption.classList.remove("shown");
    caption.textContent = text;
    if (text) requestAnimationFrame(() => caption.classList.add("shown"));
  }

  function show(item) {
    const mine = ++generation;
    clearTimeout(timer);
    const old = current;
    const scroll = build(item);
    current = {item, el: scroll, readyAt: Infinity};
    box.dataset.kind = item.kind;
    box.dataset.code = item.code || "";
    box.dataset.ready = "false";
    caption.classList.remove("shown");
    document.body.dataset.kioskState = item.kind === "arrival" ? "arrival" : "attract"; // for the kiosk shell
    if (item.kind === "arrival") {
      document.body.classList.add("arrival");
      setTimeout(() => { if (mine === generation) document.body.classList.remove("arrival"); }, 4000);
    } else {
      document.body.classList.remove("arrival");
    }
    const write = () => {
      if (mine !== generation) return;
      for (const stale of box.querySelectorAll(".scroll")) stale.remove();
      box.append(scroll);
      setCaption(item); // first: a caption that wraps takes its room from the stage
      fit(scroll);
      reveal(scroll, item.kind).then(() => {
        if (mine !== generation) return;
        box.dataset.ready = "true";
        current.readyAt = performance.now();
        clearTimeout(timer);
        timer = setTimeout(next, CYCLE); // each poem is shown whole for a full cycle
      }, () => {});
    };
    if (old && old.el.isConnected) {
      old.el.classList.add("leaving");
      for (const a of old.el.getAnimations({subtree: true})) a.finish();
      old.el.animate([{opacity: 1}, {opacity: 0, filter: reduced.matches ? "none" : "blur(0.05em)"}],
        {duration: reduced.matches ? 500 : 1100, easing: "ease-in", fill: "forwards"}).finished.then(write, write);
    } else {
      write();
    }
    timer = setTimeout(next, CYCLE + 20000); // in case the writing never reports its end
  }

  function next() {
    clearTimeout(timer);
    if (queue.length) { show(queue.shift()); return; }
    const quiet = performance.now() - lastArrival;
    if (current && current.item.kind === "arrival" && quiet < HOLD) {
      timer = setTimeout(next, HOLD - quiet);
      return;
    }
    showProgramme();
  }

  // The idle programme: the day's poems (newest first) between famous poems, and the day's list refreshed
  // for the next turn (a failed fetch keeps the last list: an offline wall goes on with what it has).
  function showProgramme() {
    turn += 1;
    if (turn % 2 === 0 && today.length) {
      show({...today[todayAt % today.length], kind: "today"});
      todayAt += 1;
    } else {
      show({...wall.famous[famousAt % wall.famous.length], kind: "famous"});
      famousAt += 1;
    }
    refreshToday();
  }

  function refreshToday() {
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), 10000);
    return fetch(box.dataset.today, {signal: abort.signal, cache: "no-store"})
      .then(response => (response.ok ? response.json() : Promise.reject(response.status)))
      .then(data => {
        if (Array.isArray(data.poems)) {
          if (!today.length || data.poems[0]?.code !== today[0]?.code) todayAt = 0; // newest first again
          today = data.poems.filter(valid);
        }
      })
      .catch(() => {})
      .finally(() => clearTimeout(timeout));
  }

  function valid(poem) {
    return poem && Array.isArray(poem.lines) && poem.lines.length > 0 && poem.lines.length <= 16
      && poem.lines.every(line => typeof line === "string" && line.length > 0 && line.length <= 16);
  }

  function arrive(poem) {
    if (!valid(poem)) return;
    lastArrival = performance.now();
    queue.push({...poem, kind: "arrival"});
    if (queue.length > QUEUE_MAX) queue.shift();
    // a visitor's poem takes the wall at once, unless another visitor's poem has had less than its turn
    if (!current || current.item.kind !== "arrival" || performance.now() - current.readyAt >= CYCLE) next();
  }

  // ------------------------------------------------------------------------------------------ the stream
  // The browser reconnects a dropped stream by itself; a refused one (429/503 when the server is at its
  // limit of open streams) closes for good, so open a new one later, resuming after the last poem seen.
  let lastId = null;
  let delay = 5000;
  function connect() {
    const query = lastId !== null ? `?after=${encodeURIComponent(lastId)}` : "";
    const source = new EventSource(box.dataset.events + query);
    source.addEventListener("open", () => { delay = 5000; document.body.dataset.stream = "open"; });
    source.addEventListener("poem", event => {
      lastId = event.lastEventId;
      try { arrive(JSON.parse(event.data)); } catch (error) { /* a malformed event is skipped */ }
    });
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) return;
      document.body.dataset.stream = "retrying";
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    });
  }

  let resizing = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => { if (current && current.el.isConnected) fit(current.el); }, 150);
  });

  showProgramme(); // never blank: the programme starts at once, the stream adds the station's poems
  document.fonts.ready.then(() => { if (current && current.el.isConnected) fit(current.el); });
  connect();
})();
