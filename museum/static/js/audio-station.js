/* Audio guide station: languages, tracks, captions, resume after a reload or a network loss, reset
   when the kiosk shell finds the station idle (it waits while the guide plays).
   Its data (tracks, idle time, station, its words in the station's language, the tracks' language tags)
   comes from the page's JSON block #station-data. */
(() => {
  const DATA = JSON.parse(document.getElementById("station-data").textContent);
  const TRACKS = DATA.tracks;
  const STATION = DATA.station;
  const player = document.getElementById("player");
  const captions = document.getElementById("captions"), status = document.getElementById("status");
  const toggle = document.getElementById("toggle"), restart = document.getElementById("restart");
  const memoryKey = "audio-station:" + STATION;
  const T = DATA.text;
  const tag = (language) => DATA.tags[language] || language;
  // a control's label: its icon (hidden from screen readers) and its word, in the station's language
  function label(element, icon, text) {
    const mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true"); mark.textContent = icon;
    element.replaceChildren(...(icon ? [mark, " "] : []), text);
  }
  const wave = document.getElementById("wave"), waveform = document.getElementById("waveform");
  const rest = document.getElementById("rest"), clock = document.getElementById("clock");
  const guide = document.querySelector(".guide");
  const minutes = (seconds) => {
    const s = Math.max(0, Math.floor(seconds || 0));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  };
  // where the guide is: the part not yet heard is veiled on the waveform, and the time beside the controls
  function progress() {
    const total = player.duration || (current && current.duration) || 0;
    rest.style.width = total ? (100 * (1 - Math.min(player.currentTime / total, 1))) + "%" : "100%";
    clock.textContent = total ? minutes(player.currentTime) + " / " + minutes(total) : "";
  }
  // a touch on the waveform goes to that moment of the guide
  wave.addEventListener("click", (event) => {
    const box = wave.getBoundingClientRect(), total = player.duration;
    if (!current || !total || !box.width) return;
    player.currentTime = total * Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
    progress();
  });
  let current = null;
  window.station = {player, current: () => current};

  function sourceFor(track) {
    const probe = document.createElement("audio");
    for (const [kind, type] of [["opus", 'audio/ogg; codecs="opus"'], ["aac", "audio/mp4"], ["mp3", "audio/mpeg"]]) {
      if (track.urls[kind] && probe.canPlayType(type)) return track.urls[kind];
    }
    return track.urls.mp3 || track.urls.flac;
  }
  function remember() {
    if (current) localStorage.setItem(memoryKey, JSON.stringify({id: current.id, time: player.currentTime}));
  }
  function load(track, resumeAt) {
    current = track;
    captions.lang = tag(track.language);
    player.querySelectorAll("track").forEach((t) => t.remove());
    player.src = sourceFor(track);
    if (track.urls.captions) {
      const el = document.createElement("track");
      el.kind = "captions"; el.srclang = tag(track.language); el.src = track.urls.captions; el.default = true;
      player.appendChild(el);
      el.track.mode = "hidden";
      el.addEventListener("cuechange", () => {
        const cue = el.track.activeCues && el.track.activeCues[0];
        captions.textContent = cue ? cue.text : "";
      });
    }
    if (track.urls.waveform) { waveform.src = track.urls.waveform; wave.hidden = false; } else wave.hidden = true;
    guide.classList.add("listening");
    player.addEventListener("loadedmetadata", () => { if (resumeAt) player.currentTime = resumeAt; }, {once: true});
    toggle.disabled = restart.disabled = false;
    document.getElementById("controls").hidden = false;
  }
  function chooseLanguage(lang) {
    document.querySelectorAll("button.lang").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    const box = document.getElementById("tracks");
    box.innerHTML = "";
    if (TRACKS[lang].length > 1) TRACKS[lang].forEach((track, i) => {  // a guide in parts: a button per part
      const b = document.createElement("button");
      b.type = "button"; b.className = "track";
      // named in the station's language (a track's own title is in the track's language)
      b.textContent = (track.kind === "soundscape" ? T.soundscape : T.part.replace("{number}", i + 1)) + " · "
        + T.seconds.replace("{seconds}", Math.round(track.duration));
      b.addEventListener("click", () => { load(track, 0); player.play(); });
      box.appendChild(b);
    });
    load(TRACKS[lang][0], 0);
    player.play().catch(() => {});  // the language's button is its play button (▶)
  }
  document.querySelectorAll("button.lang").forEach((b) => b.addEventListener("click", () => chooseLanguage(b.dataset.lang)));
  toggle.addEventListener("click", () => (player.paused ? player.play() : player.pause()));
  restart.addEventListener("click", () => { player.currentTime = 0; player.play(); });
  player.addEventListener("play", () => label(toggle, "❚❚", T.pause));
  player.addEventListener("pause", () => { label(toggle, "▶", T.play); remember(); });
  player.addEventListener("timeupdate", () => { remember(); progress(); });
  player.addEventListener("loadedmetadata", progress);
  // resume on reconnect: reload the source at the remembered time when the network comes back
  function recover() {
    if (!current) return;
    const at = player.currentTime, playing = !player.paused;
    status.textContent = T.reconnecting;
    load(current, at);
    if (playing) player.play().catch(() => {});
  }
  player.addEventListener("error", () => setTimeout(recover, 1000));
  player.addEventListener("stalled", () => setTimeout(() => { if (player.readyState < 3) recover(); }, 3000));
  window.addEventListener("online", recover);
  // restore after a page reload (kiosk restarted or connection dropped)
  const saved = JSON.parse(localStorage.getItem(memoryKey) || "null");
  if (saved) {
    for (const lang in TRACKS) for (const t of TRACKS[lang]) if (t.id === saved.id) {
      document.querySelectorAll("button.lang").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
      load(t, saved.time); status.textContent = T.resumed.replace("{seconds}", Math.round(saved.time));
      status.dataset.resumed = "1";
    }
  }
  // idle reset
  function reset() {
    localStorage.removeItem(memoryKey);
    current = null; player.removeAttribute("src"); player.load(); captions.textContent = ""; captions.removeAttribute("lang");
    document.getElementById("tracks").innerHTML = "";
    document.querySelectorAll("button.lang").forEach((b) => b.setAttribute("aria-pressed", "false"));
    toggle.disabled = restart.disabled = true; status.textContent = "";
    document.getElementById("controls").hidden = true;
    wave.hidden = true; clock.textContent = ""; guide.classList.remove("listening");
  }
  // the kiosk shell's idle reset (it never comes while the guide plays): reset in place, no reload
  window.addEventListener("kiosk:reset", (event) => { event.preventDefault(); reset(); });
})();
