/* The playable-bronze station: strike zones on the object's picture (and the play-along's pad) played from
   pre-decoded Web Audio buffers; the force; for the bells, front or side; for the chunyu, the play-along of
   以金錞和鼓: the drum beat scheduled on the audio clock, the chunyu's beats lit in the pattern, each strike
   judged against the nearest chunyu beat. Sound URLs, the pattern and the words (in the station's
   language) come from the page's JSON block #station-data. The station's state goes to the kiosk shell's
   heartbeat: "struck" after a strike, "play-along" while the drums play. */
(() => {
  const DATA = JSON.parse(document.getElementById("station-data").textContent);
  const T = DATA.text, PLAY = DATA.play;
  const ctx = new (window.AudioContext || window.webkitAudioContext)({latencyHint: "interactive"});
  const buffers = {};
  let force = DATA.forces[1], position = "centre", run = null;
  const status = document.getElementById("status");
  const result = document.getElementById("play-result");
  const startButton = document.getElementById("play-start");
  const cells = Array.from(document.querySelectorAll(".pattern .beat"));
  window.kiosk = {buffers, latencies: [], played: [], ready: false, ctx, lastRun: null, run: () => run};
  const setState = (state) => window.kioskShell && window.kioskShell.setState(state);

  status.textContent = T.loading;
  Promise.all(Object.entries(DATA.sounds).map(async ([key, url]) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": " + response.status);
    buffers[key] = await ctx.decodeAudioData(await response.arrayBuffer());
  })).then(() => { window.kiosk.ready = true; status.textContent = ""; document.body.dataset.sounds = "ready"; })
     .catch(() => { status.textContent = T.failed; document.body.dataset.sounds = "failed"; });

  function play(key, at) {
    const buffer = buffers[key];
    if (!buffer) return null;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    source.start(at || 0);
    window.kiosk.played.push(key);
    return source;
  }
  function soundKey(el) {
    if (el.dataset.bell) return `${el.dataset.bell}-${position}-${force}`;
    return `${el.dataset.key}-${force}`;
  }
  function strike(el) {
    const t0 = performance.now();
    if (ctx.state !== "running") ctx.resume();
    if (play(soundKey(el))) window.kiosk.latencies.push(performance.now() - t0 + (ctx.baseLatency || 0) * 1000);
    el.classList.add("hit");
    setTimeout(() => el.classList.remove("hit"), 180);
    if (run) judge(); else setState("struck");
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
  function choose(selector, apply) {
    const buttons = document.querySelectorAll(selector);
    buttons.forEach((b) => b.addEventListener("click", () => {
      apply(b);
      buttons.forEach((o) => o.setAttribute("aria-pressed", String(o === b)));
    }));
  }
  choose("button.force", (b) => { force = Number(b.dataset.force); });
  choose("button.where", (b) => { position = b.dataset.position; });

  /* ------------------------------------------------ the play-along */
  // the audio clock when the context runs (drums scheduled sample-exactly), else the page's clock
  let clock = () => ctx.currentTime;
  async function begin() {
    try { await ctx.resume(); } catch (e) { /* no audio output: the beat still shows */ }
    const audible = ctx.state === "running";
    clock = audible ? () => ctx.currentTime : () => performance.now() / 1000;
    const steps = PLAY.pattern.repeat(PLAY.loops).split("");
    const t0 = clock() + 0.5;
    run = {t0, steps, beats: [], hits: new Set(), sources: [], timers: [], end: t0 + steps.length * PLAY.step};
    steps.forEach((step, i) => {
      const at = t0 + i * PLAY.step;
      if (step === "C") { run.beats.push(at); return; }
      if (audible) run.sources.push(play("drum", at));
      else run.timers.push(setTimeout(() => play("drum"), (at - clock()) * 1000));
    });
    startButton.textContent = T.stop;
    result.textContent = T.listen;
    setState("play-along");
    requestAnimationFrame(tick);
  }
  function tick() {
    if (!run) return;
    const now = clock(), index = Math.floor((now - run.t0) / PLAY.step);
    cells.forEach((cell, i) => cell.classList.toggle("now", index >= 0 && index < run.steps.length
                                                         && i === index % cells.length));
    if (now > run.end + PLAY.window) { stop(true); return; }
    requestAnimationFrame(tick);
  }
  function judge() {
    const now = clock();
    let nearest = 0;
    run.beats.forEach((t, i) => { if (Math.abs(t - now) < Math.abs(run.beats[nearest] - now)) nearest = i; });
    const off = now - run.beats[nearest];
    if (Math.abs(off) <= PLAY.window) {
      run.hits.add(nearest);
      result.textContent = T.in_time;
      const cell = cells[Math.round((run.beats[nearest] - run.t0) / PLAY.step) % cells.length];
      cell.classList.add("good");
      setTimeout(() => cell.classList.remove("good"), 400);
    } else {
      result.textContent = off < 0 ? T.early : T.late;
    }
  }
  function stop(finished) {
    if (!run) return;
    run.sources.forEach((s) => { try { if (s) s.stop(); } catch (e) { /* already ended */ } });
    run.timers.forEach(clearTimeout);
    cells.forEach((cell) => cell.classList.remove("now", "good"));
    window.kiosk.lastRun = {hits: run.hits.size, beats: run.beats.length, finished};
    result.textContent = finished ? T.result.replace("{hits}", run.hits.size).replace("{beats}", run.beats.length) : "";
    run = null;
    startButton.textContent = T.start;
    setState("active");
  }
  if (startButton) startButton.addEventListener("click", () => (run ? stop(false) : begin()));
})();
