/* The live link station (museum/templates/kiosk/live.html): the remote site's live HLS stream full screen
   with hls.js, and never a frozen frame or a spinner for visitors.

   Modes (body[data-live-mode], also the kiosk state): "connecting" (recorded clips play while the first
   connection is made), "live", "fallback" (recorded clips with a calm notice).
   A drop is any of: a fatal hls.js error that recovery cannot mend (a media error gets one
   hls.recoverMediaError() first, as hls.js documents), the live picture not advancing for STALL_MS (a
   `waiting` stall, a frozen decoder), or the playlist not growing for 3 target durations (at least
   STALE_MIN_MS: the source stopped; this is noticed while the buffer still plays, so the switch comes
   before the picture freezes). Then the recorded clips play at once (looped playlist) and the live stream
   is retried in the background on the hidden live <video>: a fresh Hls instance every RETRY_MS after a
   failed attempt; an attempt succeeds when its playlist has grown since it began (new segments, not a stale
   playlist left by a stopped source) and the picture has advanced PROBE_PLAYED_S seconds; it fails on a
   fatal error or when the playlist stays the same for PROBE_STALE_MS.
   The stream's health (mode, drops, measured bitrate, latency behind the live edge) goes into every kiosk
   heartbeat (kioskShell.setStream); each change of mode sends one at once (the kiosk state changes). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("live-data").textContent);
  var body = document.body;
  var live = document.getElementById("live-video");
  var recorded = document.getElementById("recorded-video");
  var shell = window.kioskShell;
  var STALL_MS = 2000, STALE_MIN_MS = 3000, RETRY_MS = 1000, PROBE_STALE_MS = 2500, PROBE_PLAYED_S = 1, TICK_MS = 250;

  var mode = "connecting", drops = 0;
  var hls = null, attemptStarted = 0, retryAt = 0, mediaRecoveredAt = -Infinity;
  var lastTime = 0, lastProgress = 0, played = 0;  // the live picture: its time, when it last moved, seconds moved
  var baseSN = null, lastSN = null, lastFresh = 0, targetMs = 1000;  // the playlist's growth
  var fragments = [];  // [bytes, seconds] of the last fragments: the measured bitrate
  var clip = 0;

  function now() { return performance.now(); }

  /* ---------------------------------------------------------------- sound: kiosks run with autoplay allowed */
  function play(video) {
    var attempt = video.play();
    if (attempt && attempt.catch) {
      attempt.catch(function () {
        if (!video.muted) { video.muted = true; video.play().catch(function () {}); }
      });
    }
  }
  var guided = false;  // a guided session shows the guide (static/js/guided-session.js): the live view is silent
  function withSound(video) {
    video.muted = guided;
    play(video);
  }
  document.addEventListener("pointerdown", function () {  // a touch allows sound where the policy did not
    var shown = mode === "live" ? live : recorded;
    if (shown.muted && !guided) withSound(shown);
  }, true);

  /* ---------------------------------------------------------------- recorded clips */
  recorded.loop = data.clips.length === 1;
  function playClip() {
    if (!data.clips.length) return;
    var src = data.clips[clip % data.clips.length];
    if (recorded.getAttribute("src") !== src) recorded.src = src;
    withSound(recorded);
  }
  recorded.addEventListener("ended", function () { clip += 1; playClip(); });
  recorded.addEventListener("error", function () { clip += 1; if (data.clips.length > 1) playClip(); });

  /* ---------------------------------------------------------------- hls.js */
  function stopHls() {
    if (hls) { hls.destroy(); hls = null; }
    live.removeAttribute("src");
    live.load();
  }

  function failAttempt() {
    if (mode === "live") { drop(); return; }
    stopHls();
    retryAt = now() + RETRY_MS;
    if (mode === "connecting") setMode("fallback");  // the first connection failed: say so, calmly
  }

  function startHls() {
    stopHls();
    if (!window.Hls || !Hls.isSupported()) return;
    attemptStarted = now();
    baseSN = lastSN = null;
    played = 0;
    lastTime = 0;
    lastProgress = now();
    lastFresh = now();
    fragments = [];
    hls = new Hls({
      workerPath: data.worker, lowLatencyMode: true, backBufferLength: 10,
      // fail fast: the station retries on its own and shows recorded views meanwhile
      manifestLoadPolicy: { default: { maxTimeToFirstByteMs: 4000, maxLoadTimeMs: 6000,
        timeoutRetry: null, errorRetry: null } },
      playlistLoadPolicy: { default: { maxTimeToFirstByteMs: 3000, maxLoadTimeMs: 5000,
        timeoutRetry: null, errorRetry: { maxNumRetry: 1, retryDelayMs: 300, maxRetryDelayMs: 300 } } },
      fragLoadPolicy: { default: { maxTimeToFirstByteMs: 4000, maxLoadTimeMs: 8000,
        timeoutRetry: null, errorRetry: { maxNumRetry: 1, retryDelayMs: 300, maxRetryDelayMs: 300 } } }
    });
    var own = hls;
    hls.on(Hls.Events.LEVEL_LOADED, function (event, loaded) {
      if (own !== hls) return;
      var details = loaded.details;
      targetMs = (details.targetduration || 1) * 1000;
      if (baseSN === null) baseSN = details.endSN;
      if (lastSN === null || details.endSN > lastSN) lastFresh = now();
      lastSN = details.endSN;
      if (!details.live) failAttempt();  // the source ended its stream (#EXT-X-ENDLIST): not live any more
    });
    hls.on(Hls.Events.FRAG_LOADED, function (event, loaded) {
      var stats = loaded.frag.stats || {};
      if (stats.total && loaded.frag.duration) fragments = fragments.concat([[stats.total, loaded.frag.duration]]).slice(-6);
    });
    hls.on(Hls.Events.MANIFEST_PARSED, function () { if (own === hls) play(live); });
    hls.on(Hls.Events.ERROR, function (event, error) {
      if (own !== hls || !error.fatal) return;
      if (error.type === Hls.ErrorTypes.MEDIA_ERROR && now() - mediaRecoveredAt > 10000) {
        mediaRecoveredAt = now();
        hls.recoverMediaError();
        return;
      }
      failAttempt();
    });
    hls.loadSource(data.stream);
    hls.attachMedia(live);
  }

  /* ---------------------------------------------------------------- modes */
  function setMode(next) {
    mode = next;
    body.dataset.liveMode = next;
    report();
    shell.setState(next);  // a new kiosk state: the shell sends a heartbeat at once
  }

  function goLive() {
    setMode("live");
    withSound(live);
    recorded.pause();
  }

  function drop() {
    drops += 1;
    stopHls();
    retryAt = now() + RETRY_MS;
    playClip();
    setMode("fallback");
  }

  function report() {
    var health = { mode: mode === "live" ? "live" : "fallback", drops: drops };
    if (fragments.length) {
      var bytes = 0, seconds = 0;
      fragments.forEach(function (f) { bytes += f[0]; seconds += f[1]; });
      if (seconds > 0) health.bitrate = Math.round(bytes * 8 / seconds);
    }
    if (mode === "live" && hls && isFinite(hls.latency) && hls.latency >= 0) health.latency = Math.round(hls.latency * 100) / 100;
    shell.setStream(health);
    body.dataset.liveDrops = drops;
  }

  function tick() {
    var t = now();
    var time = live.currentTime;
    if (time > lastTime && time - lastTime < 1.5 && !live.paused) { played += time - lastTime; lastProgress = t; }
    lastTime = time;
    if (mode === "live") {
      if (t - lastProgress > STALL_MS || t - lastFresh > Math.max(STALE_MIN_MS, 3 * targetMs)) drop();
    } else if (hls) {
      var grown = baseSN !== null && lastSN > baseSN;
      if (grown && played >= PROBE_PLAYED_S && t - lastProgress < 600) goLive();
      else if (t - lastFresh > Math.max(PROBE_STALE_MS, 2.5 * targetMs)) failAttempt();
    } else if (t >= retryAt) {
      startHls();
    }
    report();
  }

  playClip();  // recorded views from the first moment: no black screen, no spinner while connecting
  startHls();
  setInterval(tick, TICK_MS);
  window.liveStation = {
    mode: function () { return mode; }, drops: function () { return drops; }, report: report,
    guided: function (on) {  // a guided session began (silence the live view) or ended (its sound back)
      guided = on;
      live.muted = recorded.muted = true;
      if (!on) withSound(mode === "live" ? live : recorded);
    }
  };
})();
