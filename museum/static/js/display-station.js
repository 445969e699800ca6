/* A display of an immersive show room (templates/kiosk/display.html, museum/kiosk/display.py): plays its
   output's part of the show the room's programme plays now, in step with every other display, by the
   service's clock.

   Clock: the page measures its offset from the service's clock the NTP way — ROUNDS requests to the clock
   endpoint; for each, offset = server time − the midpoint of the local send and receive times; the sample
   with the smallest round trip is kept (its error is at most half that round trip). It measures again every
   RESYNC_MS, when the network comes back or goes (then every RETRY_MS until the service answers) and when
   the page is shown again; the best sample of the last WINDOW_MS is used.

   Playback: every TICK_MS the page computes, from the shared clock alone (never from timers it has counted),
   the show and position playing now (plan: the room's opening moment, the loop's period, each show's offset
   in it), the cue on its output, and where in the cue's media it should be (looped when shorter than the
   cue). A media element more than SEEK_S away from there is sought (with the seek's measured latency added);
   a smaller difference is taken up by playbackRate (at most ±MAX_RATE), so the picture never jumps for a
   few milliseconds. Fades come from the cue's fade_in/fade_out (opacity, or the volume of sound). A reload
   or a display started mid-show computes the same position: it joins at the right cue and place.

   The sound output plays through Web Audio instead (see "the sound output" below).

   For tests and the staff: window.displayStation.state() tells the offset, its round trip, the show, the
   cue and the media's position against where it should be, and what is presented: the active video's last
   presented frame (requestVideoFrameCallback: its media time at its display time) or the sound's output
   stamp; window.displayStation.media() is the active element. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("display-data").textContent);
  var body = document.body;
  var screen = document.getElementById("display-screen");
  var caption = document.getElementById("display-caption");
  var ROUNDS = 12, RESYNC_MS = 20000, PLAN_MS = 600000, TICK_MS = 100, SEEK_S = 0.3, MAX_RATE = 0.25, GAIN = 2, SMOOTH = 5, RATE_STEP = 0.01;
  var PREROLL_S = 1.5, WINDOW_MS = 120000, READ_MS = 3;

  var offset = null, rtt = Infinity, measuredAt = 0, measuring = false;
  var measurements = 0, clockFailures = 0, retry = null, RETRY_MS = 2000;
  var plan = null, planDay = null, planAt = 0;
  var elements = {};  // "slug#index" -> media element
  var active = null, seekLead = 0.05, last = null, tickAt = 0;
  var samples = [];  // recent clock samples {rtt, offset, at}
  var armed = {};  // "slug#index" -> the timer that starts it at its cue's start
  var startLead = { AUDIO: 0.1, VIDEO: 0.02 };  // seconds between play() and the media's time moving

  function local() { return Date.now(); }
  function serverNow() { return (local() + offset) / 1000; }  // seconds

  /* ------------------------------------------------------------------------------- the shared clock */
  function once() {
    var sent = local();
    return fetch(data.clock, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("clock " + response.status);
      return response.json();
    }).then(function (answer) {
      var received = local();
      return { rtt: received - sent, offset: answer.now * 1000 - (sent + received) / 2 };
    });
  }

  function measure() {
    if (measuring) return Promise.resolve();
    measuring = true;
    var best = null, round = 0;
    function next() {
      if (round++ >= ROUNDS) return Promise.resolve();
      return once().then(function (sample) {
        if (!best || sample.rtt < best.rtt) best = sample;
      }, function () { clockFailures += 1; }).then(next);
    }
    return next().then(function () {
      measuring = false;
      // no answer (the network or the service is down): asked again every RETRY_MS until one comes, so a
      // display back on the network measures again within that, with or without an "online" event
      if (!best) {
        if (!retry) retry = setTimeout(function () { retry = null; measure(); }, RETRY_MS);
        return;
      }
      measurements += 1;
      // the best sample of the last WINDOW_MS (older ones may no longer hold: the local clock drifts)
      best.at = local();
      samples = samples.filter(function (s) { return best.at - s.at < WINDOW_MS; }).concat([best]);
      var kept = samples.reduce(function (a, b) { return b.rtt <= a.rtt ? b : a; });
      offset = kept.offset; rtt = kept.rtt; measuredAt = kept.at;
    });
  }

  /* ------------------------------------------------------------------------------- the day's plan */
  function loadPlan() {
    return fetch(data.plan, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (p) {
      plan = p; planDay = p.day; planAt = local();
      Object.keys(p.shows).forEach(function (slug) {
        p.shows[slug].cues.forEach(function (cue, index) { element(slug, index, cue); });
      });
    });
  }

  function element(slug, index, cue) {
    var id = slug + "#" + index;
    if (audio) { loadSound(cue.media); return null; }
    if (elements[id]) return elements[id];
    var still = /\.(png|jpe?g|webp)$/i.test(cue.media);
    var media = document.createElement(still ? "img" : (data.kind === "audio" ? "audio" : "video"));
    media.className = "display-media";
    media.src = data.media + cue.media.split("/").map(encodeURIComponent).join("/");
    media.alt = "";
    if (!still) {
      media.preload = "auto"; media.loop = true; media._waits = 0;
      media.addEventListener("waiting", function () { media._waits += 1; });
      if (media.requestVideoFrameCallback) watchFrames(media);
      if (data.kind !== "audio") { media.muted = true; media.playsInline = true; }
      media.setAttribute("aria-hidden", "true");
    }
    screen.appendChild(media);
    elements[id] = media;
    return media;
  }

  /* The frames a video presents: the media time of each with the moment the compositor shows it
     (requestVideoFrameCallback), the truth of what is on screen, whatever the page's main thread is doing
     when it reads currentTime. */
  function watchFrames(media) {
    function frame(at, meta) {
      media._presented = { media: meta.mediaTime, at: meta.expectedDisplayTime, frames: meta.presentedFrames };
      media.requestVideoFrameCallback(frame);
    }
    media.requestVideoFrameCallback(frame);
  }

  function captionOf(cue) {
    for (var i = 0; i < data.fallbacks.length; i++) {
      var code = data.fallbacks[i];
      if (cue.text && cue.text[code]) return { text: cue.text[code], lang: code === "zh" ? "zh-Hans" : code };
    }
    return null;
  }

  /* what plays at server time `now`: {slug, position, index, cue} or null */
  function playing(now) {
    var day = [plan && plan.plan, plan && plan.next].filter(function (d) {
      return d && d.anchor <= now && now < d.closes;
    })[0];
    if (!day) return null;
    var into = (now - day.anchor) % day.period;
    for (var s = 0; s < day.shows.length; s++) {
      var entry = day.shows[s];
      if (into < entry.offset || into >= entry.offset + entry.duration) continue;
      var position = into - entry.offset, cues = plan.shows[entry.slug].cues;
      for (var i = 0; i < cues.length; i++) {
        if (cues[i].start <= position && position < cues[i].start + cues[i].duration) {
          return { slug: entry.slug, position: position, index: i, cue: cues[i] };
        }
      }
      return { slug: entry.slug, position: position, index: -1, cue: null };
    }
    return null;
  }

  function expectedTime(media, into) {
    var length = media.duration;
    return isFinite(length) && length > 0 ? into % length : into;
  }

  function wrapped(error, media) {  // a looped media's error, taken the short way round
    var length = media.duration;
    if (!isFinite(length) || length <= 0) return error;
    return ((error % length) + 1.5 * length) % length - length / 2;
  }

  function fade(cue, position) {
    var into = position - cue.start, left = cue.start + cue.duration - position, level = 1;
    if (cue.fade_in > 0) level = Math.min(level, into / cue.fade_in);
    if (cue.fade_out > 0) level = Math.min(level, left / cue.fade_out);
    return Math.max(0, Math.min(1, level));
  }


  /* ------------------------------------------------------------------- the sound output: Web Audio
     A sound output schedules its cues on the AudioContext's own clock (sample-accurate, unaffected by
     how busy the page is): the shared clock is mapped to the context's through getOutputTimestamp() (the
     context time being heard at a performance.now() moment), each cue's buffer starts exactly at its
     cue's start (looped when shorter), and a voice found more than SOUND_SLACK_S off is started again
     in place. What is heard is measured the same way, and reported in state(). */
  var SOUND_SLACK_S = 0.015;
  var audio = null, buffers = {}, loading = {}, voices = {};  // voices: "slug#index" -> {source, gain, at, offset}

  function soundSetup() {
    audio = new AudioContext({ latencyHint: "playback" });
    // as many channels as the output has, up to 7.1 (a 5.1 buffer on a stereo output is mixed down)
    try { audio.destination.channelCount = Math.min(8, audio.destination.maxChannelCount); } catch (e) {}
    document.addEventListener("pointerdown", function () { if (audio.state !== "running") audio.resume(); });
  }

  function loadSound(key) {
    if (buffers[key] || loading[key]) return;
    loading[key] = fetch(data.media + key.split("/").map(encodeURIComponent).join("/"))
      .then(function (r) { return r.arrayBuffer(); })
      .then(function (bytes) { return audio.decodeAudioData(bytes); })
      .then(function (buffer) { buffers[key] = buffer; }, function () { delete loading[key]; });
  }

  function heardNow() {  // the context time being heard now
    var stamp = audio.getOutputTimestamp();
    if (!stamp.performanceTime) return audio.currentTime - (audio.outputLatency || 0);
    return stamp.contextTime + (performance.now() - stamp.performanceTime) / 1000;
  }

  function contextAt(server) {  // the context time that will be heard at server time `server`
    var perfMs = server * 1000 - offset - (local() - performance.now());
    return heardNow() + (perfMs - performance.now()) / 1000;
  }

  function startVoice(id, cue, cueAt, from) {  // cueAt: the cue's start on the shared clock
    var buffer = buffers[cue.media];
    if (!buffer) return null;
    var when = contextAt(from), into = (from - cueAt) % buffer.duration;
    if (when < audio.currentTime) {  // asked too late (a busy page): start now, that much further in
      into = (into + audio.currentTime - when) % buffer.duration;
      when = audio.currentTime;
    }
    var source = audio.createBufferSource(), gain = audio.createGain();
    source.buffer = buffer; source.loop = true;
    source.connect(gain); gain.connect(audio.destination);
    gain.gain.value = 0;
    source.start(when, into);
    voices[id] = { source: source, gain: gain, at: when, offset: into, length: buffer.duration, cueAt: cueAt };
    return voices[id];
  }

  function stopVoice(id, when) {
    var voice = voices[id];
    if (!voice) return;
    try { voice.source.stop(when || 0); } catch (e) {}
    delete voices[id];
  }

  /* where the voice is heard at a moment of performance.now(), both from the audio thread's output stamp
     (no reading of the main thread's clocks between them) */
  function heardStamp(voice) {
    var stamp = audio.getOutputTimestamp();
    if (!stamp.performanceTime) return null;
    return { media: ((stamp.contextTime - voice.at + voice.offset) % voice.length + voice.length) % voice.length,
             at: stamp.performanceTime };
  }

  function heardPosition(voice) {
    return (heardNow() - voice.at + voice.offset) % voice.length;
  }

  function tickSound(now, nowPlaying, id) {
    Object.keys(voices).forEach(function (key) {
      if (key !== id && !voices[key].next) stopVoice(key);
    });
    if (!id) return null;
    var cue = nowPlaying.cue, cueAt = now - (nowPlaying.position - cue.start);
    var voice = voices[id];
    if (voice) voice.next = false;
    if (!voice) voice = startVoice(id, cue, cueAt, now + 0.2);  // joining mid-cue: 0.2 s ahead
    if (!voice) return null;
    var expected = (now - cueAt) % voice.length;
    if (heardNow() < voice.at) return null;  // scheduled, not heard yet
    var error = wrapped(heardPosition(voice) - expected, voice.source.buffer);
    if (Math.abs(error) > SOUND_SLACK_S) {  // the clocks have parted: start again in place
      stopVoice(id, contextAt(now + 0.2));
      startVoice(id, cue, cueAt, now + 0.2);
    }
    voices[id].gain.gain.value = fade(cue, nowPlaying.position);
    // the next cue, scheduled to begin exactly at its start (the current one stops there)
    var soon = playing(now + PREROLL_S);
    if (soon && soon.cue) {
      var nextId = soon.slug + "#" + soon.index;
      if (nextId !== id && !voices[nextId]) {
        var nextAt = now + PREROLL_S - (soon.position - soon.cue.start);
        if (startVoice(nextId, soon.cue, nextAt, nextAt)) {
          voices[nextId].next = true;
          voices[id].source.stop(contextAt(nextAt));
        }
      }
    }
    return error;
  }

  function setState(next) { if (body.dataset.kioskState !== next) body.dataset.kioskState = next; }

  function play(media) {
    var attempt = media.play();
    if (attempt && attempt.catch) attempt.catch(function () { setState("blocked"); });
  }

  function follow(media, now, into) {
    if (media.tagName === "IMG") return 0;
    var expected = expectedTime(media, into);
    if (media.readyState < 1) return null;
    if (media.paused || media.seeking) {
      if (!media.seeking && Math.abs(media.currentTime - expected) > 0.05) media.currentTime = expected + seekLead;
      if (media.paused) play(media);
      return null;
    }
    // the media's time and the moment it is read, together: a busy machine may stop the page for tens of
    // milliseconds between the tick's clock reading and here, or between two readings; a reading that
    // took longer than READ_MS is not trusted (the rate is left as it is until the next tick)
    var before = performance.now(), current = media.currentTime, after = performance.now();
    if (after - before > READ_MS) return media._lastError === undefined ? null : media._lastError;
    expected = expectedTime(media, into + ((before + after) / 2 - tickAt) / 1000);
    var error = media._lastError = wrapped(current - expected, media);
    // started by its cue's timer: measured as soon as its time moves (the rate still 1), then steered
    if (media._playCalled && current > 0) measureStart(media, current);
    // the rate follows the mean of the last SMOOTH errors: an audio element's time moves in steps of its
    // output buffers (10–20 ms), which a rate chasing each reading would only amplify
    var recent = media._errors || (media._errors = []);
    recent.push(error);
    if (recent.length > SMOOTH) recent.shift();
    var smooth = recent.reduce(function (a, b) { return a + b; }, 0) / recent.length;
    if (Math.abs(error) > SEEK_S) {
      recent.length = 0;
      var asked = local();
      media.addEventListener("seeked", function done() {
        media.removeEventListener("seeked", done);
        seekLead = Math.min(0.5, Math.max(0.02, (local() - asked) / 1000));
      });
      media.currentTime = expectedTime(media, into + seekLead);
      if (media.playbackRate !== 1) media.playbackRate = 1;
    } else {
      // in steps of RATE_STEP, set only when it changes: each change of an audio element's rate restarts
      // its time-stretching, which costs more time than a small rate gains
      // a muted video may hurry (up to ±50 %) to catch up after a late start; sound (its rate acts later, on
      // buffered output) is steered more gently
      var sound = media.tagName === "AUDIO", most = sound ? MAX_RATE : 2 * MAX_RATE;
      var rate = 1 - Math.max(-most, Math.min(most, smooth * (sound ? GAIN / 2 : 2 * GAIN)));
      rate = Math.abs(smooth) < (sound ? 0.006 : 0.003) ? 1 : Math.round(rate / RATE_STEP) * RATE_STEP;
      if (Math.abs(media.playbackRate - rate) > RATE_STEP / 2) media.playbackRate = rate;
    }
    return error;
  }

  /* The next cue on this output, if it starts within PREROLL_S: its media sought to its beginning (paused,
     its first frames decoded) and started by a timer at the cue's start on the shared clock, so a cue change
     does not wait for the next tick nor for a seek. */
  function preroll(now) {
    var soon = playing(now + PREROLL_S);
    if (!soon || !soon.cue || soon.position - soon.cue.start > PREROLL_S) return;
    var id = soon.slug + "#" + soon.index;
    var media = elements[id];
    if (id === active || armed[id] || !media || media.tagName === "IMG") return;
    if (!media.paused) media.pause();
    if (media.currentTime !== 0) media.currentTime = 0;
    if (media.playbackRate !== 1) media.playbackRate = 1;
    // started early by the time this kind of element takes to sound once play() is called (measured)
    var wait = (PREROLL_S - (soon.position - soon.cue.start) - startLead[media.tagName]) * 1000;
    armed[id] = setTimeout(function () {
      media._playCalled = local();
      media._errors = [];
      play(media);
    }, Math.max(0, wait));
  }

  /* How late an element started: measured at the first tick its time moves after play() (the rate at 1),
     so the lead covers the output's start-up hiccups too; kept per kind of element. The error it leaves is
     steered at once (a late start on a busy machine is caught up within a few ticks, not left for 0.4 s). */
  function measureStart(media, current) {
    var elapsed = (local() - media._playCalled) / 1000;
    media._playCalled = 0;
    var latency = elapsed - current;
    if (latency >= 0 && latency < 0.5) startLead[media.tagName] = 0.5 * startLead[media.tagName] + 0.5 * latency;
  }

  function tick() {
    if (offset === null || !plan) return;
    var now = serverNow();
    tickAt = performance.now();
    if (local() - planAt > PLAN_MS || (plan.plan && now >= plan.plan.closes)) { planAt = local(); loadPlan(); }
    var now_playing = playing(now);
    var id = now_playing && now_playing.cue ? now_playing.slug + "#" + now_playing.index : null;
    if (audio) {
      var heard = tickSound(now, now_playing, id);
      active = id;
      setState(!now_playing ? "closed" : heard === null ? "syncing" : "playing");
      var voice = id && voices[id];
      last = id ? { show: now_playing.slug, cue: now_playing.index, position: now_playing.position,
                    error: heard, media_time: voice ? heardPosition(voice) : null } : null;
      return;
    }
    Object.keys(elements).forEach(function (key) {
      var media = elements[key];
      if (key === id) return;
      if (media.tagName !== "IMG" && !media.paused && !armed[key]) media.pause();
      media.style.opacity = 0;
      if (media.tagName === "AUDIO") media.volume = 0;
    });
    if (!id) {
      active = null; caption.textContent = ""; last = null;
      setState(now_playing ? "between" : "closed");
      return;
    }
    preroll(now);
    var media = elements[id], cue = now_playing.cue, into = now_playing.position - cue.start;
    if (armed[id]) delete armed[id];
    var level = fade(cue, now_playing.position);
    if (media.tagName === "AUDIO") media.volume = level; else media.style.opacity = level;
    var error = follow(media, now, into);
    active = id;
    var text = captionOf(cue);
    if (!text) caption.textContent = "";
    else if (caption.textContent !== text.text) { caption.textContent = text.text; caption.lang = text.lang; }
    caption.style.opacity = level;
    setState(error === null ? "syncing" : "playing");
    last = { show: now_playing.slug, cue: now_playing.index, cue_start: cue.start, position: now_playing.position,
             media_time: media.tagName === "IMG" ? null : media.currentTime, error: error,
             rate: media.playbackRate };
  }

  window.displayStation = {
    media: function () { return active && elements[active] || null; },
    state: function () {
      var media = active && elements[active];
      var now = offset === null ? null : serverNow();
      var playingNow = plan && now !== null ? playing(now) : null;
      return { offset: offset, rtt: rtt, day: planDay, local: local(),
               true_now: performance.timeOrigin + performance.now(),
               show: playingNow && playingNow.slug, cue: playingNow ? playingNow.index : null,
               position: playingNow && playingNow.position,
               media_time: audio ? (active && voices[active] ? heardPosition(voices[active]) : null)
                 : media && media.tagName !== "IMG" ? media.currentTime : null,
               media_duration: audio ? (active && voices[active] ? voices[active].length : null)
                 : media && media.tagName !== "IMG" ? media.duration : null,
               cue_start: playingNow && playingNow.cue ? playingNow.cue.start : null,
               paused: audio ? audio.state !== "running"
                 : media && media.tagName !== "IMG" ? media.paused : null, last: last, lead: startLead,
               // what is on screen or heard: a media time and the performance.now() moment it is presented
               presented: audio ? (active && voices[active] ? heardStamp(voices[active]) : null)
                 : media && media._presented ? media._presented : null,
               measurements: measurements, clock_failures: clockFailures,
               active_cue: active ? Number(active.split("#").pop()) : null,
               waits: Object.keys(elements).reduce(function (n, k) { return n + (elements[k]._waits || 0); }, 0) };
    },
  };

  if (data.kind === "audio" && window.AudioContext) soundSetup();
  measure().then(loadPlan).then(function () {
    tick();
    setInterval(tick, TICK_MS);
    setInterval(measure, RESYNC_MS);
  });
  window.addEventListener("online", function () { measure(); loadPlan(); });
  window.addEventListener("offline", function () { measure(); });  // fails, then retries until back
  document.addEventListener("visibilitychange", function () { if (!document.hidden) measure(); });
  document.addEventListener("pointerdown", function () {  // a blocked sound starts on the first touch
    var media = active && elements[active];
    if (media && media.paused && media.tagName !== "IMG") play(media);
  });
})();
