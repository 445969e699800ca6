/* The playable-bronze station: strike zones on the object's picture (and the play-along's pad) played from
   pre-decoded Web Audio buffers; the force; for the bells, front or side; for the chunyu, the play-along of
   以金錞和鼓: the drum beat scheduled on the audio clock, the chunyu's beats lit in the pattern, each strike
   judged against the nearest chunyu beat. Sound URLs, the pattern and the words (in the station's
   language) come from the page's JSON block #station-data. For the bells, the play-along of a tune: after a
   count-in of the drum, each note's bell lights in turn (on the picture and in the row of notes); a strike
   of the lit bell within the window of its note counts (the station sounds the note's position, front or
   side). The station's state goes to the kiosk shell's heartbeat: "struck" after a strike, "play-along"
   while a play-along runs. */
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
    if (el.dataset.bell && run && run.tune) {  // the tune's note sounds its own position on this bell
      const note = run.notes[nearestBeat()];
      if (String(note.bell) === el.dataset.bell) return `${note.key}-${force}`;
    }
    if (el.dataset.bell) return `${el.dataset.bell}-${position}-${force}`;
    return `${el.dataset.key}-${force}`;
  }
  function strike(el) {
    const t0 = performance.now();
    if (ctx.state !== "running") ctx.resume();
    if (play(soundKey(el))) window.kiosk.latencies.push(performance.now() - t0 + (ctx.baseLatency || 0) * 1000);
    el.classList.add("hit");
    setTimeout(() => el.classList.remove("hit"), 180);
    if (run) judge(el); else setState("struck");
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
    if (PLAY.kind === "tune") { beginTune(audible); return; }
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
  function beginTune(audible) {
    const t0 = clock() + 0.5, first = t0 + PLAY.count_in * PLAY.beat;
    const beats = PLAY.notes.map((note) => first + note.at * PLAY.beat);
    const last = PLAY.notes[PLAY.notes.length - 1];
    run = {tune: true, t0, beats, notes: PLAY.notes, hits: new Set(), sources: [], timers: [],
           end: first + (last.at + Math.min(last.beats, 1)) * PLAY.beat};
    for (let i = 0; i < PLAY.count_in; i += 1) {
      const at = t0 + i * PLAY.beat;
      if (audible) run.sources.push(play("drum", at));
      else run.timers.push(setTimeout(() => play("drum"), (at - clock()) * 1000));
    }
    startButton.textContent = T.stop;
    result.textContent = T.listen_tune;
    setState("play-along");
    requestAnimationFrame(tick);
  }
  const zones = Array.from(document.querySelectorAll(".zone[data-bell]"));
  function tickTune(now) {
    // the note now playing is lit from its beat until the next one's; the next bell is cued beforehand
    let index = -1;
    run.beats.forEach((t, i) => { if (now >= t - PLAY.window) index = i; });
    const cue = Math.min(index + 1, run.beats.length - 1);
    cells.forEach((cell, i) => cell.classList.toggle("now", i === index));
    zones.forEach((zone) => {
      zone.classList.toggle("now", index >= 0 && zone.dataset.bell === String(run.notes[index].bell));
      zone.classList.toggle("cue", zone.dataset.bell === String(run.notes[cue].bell));
    });
  }
  function tick() {
    if (!run) return;
    if (run.tune) {
      const now = clock();
      tickTune(now);
      if (now > run.end + PLAY.window) { stop(true); return; }
      requestAnimationFrame(tick);
      return;
    }
    const now = clock(), index = Math.floor((now - run.t0) / PLAY.step);
    cells.forEach((cell, i) => cell.classList.toggle("now", index >= 0 && index < run.steps.length
                                                         && i === index % cells.length));
    if (now > run.end + PLAY.window) { stop(true); return; }
    requestAnimationFrame(tick);
  }
  function nearestBeat() {
    const now = clock();
    let nearest = 0;
    run.beats.forEach((t, i) => { if (Math.abs(t - now) < Math.abs(run.beats[nearest] - now)) nearest = i; });
    return nearest;
  }
  function judge(el) {
    const now = clock(), nearest = nearestBeat();
    const off = now - run.beats[nearest];
    if (run.tune && el.dataset.bell !== String(run.notes[nearest].bell)) {
      result.textContent = T.other_bell;
    } else if (run.tune && Math.abs(off) <= PLAY.window) {
      run.hits.add(nearest);
      result.textContent = T.in_time;
      cells[nearest].classList.add("good");
      setTimeout(() => cells[nearest].classList.remove("good"), 400);
    } else if (Math.abs(off) <= PLAY.window) {
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
    zones.forEach((zone) => zone.classList.remove("now", "cue"));
    window.kiosk.lastRun = {hits: run.hits.size, beats: run.beats.length, finished};
    const words = run.tune ? T.result_tune : T.result;
    result.textContent = finished ? words.replace("{hits}", run.hits.size).replace("{beats}", run.beats.length) : "";
    startButton.textContent = run.tune ? T.start_tune : T.start;
    run = null;
    setState("active");
  }
  if (startButton) startButton.addEventListener("click", () => (run ? stop(false) : begin()));
})();
