/* Guided sessions: a WebRTC call between the gallery's live link station (templates/kiosk/live.html) and a
   guide's page (templates/curator/live_guide.html), browser-native RTCPeerConnection on both sides.

   Signalling goes through the service (museum/catalogue/live_links.py, guided_signals): each side POSTs its
   messages to its signals URL and polls the same URL (?after=N) for the other side's, every POLL_BUSY_MS
   during a session and every POLL_IDLE_MS otherwise (the station, waiting for a guide).
   The guide starts: "start" (the guide's camera and microphone are already on); the station answers with
   an "offer": its own camera and microphone when the museum enabled them for the link (kiosk_media) and the
   browser gives them, else receive-only transceivers (one-way: the guide's picture and voice to the
   gallery); the guide sends the "answer"; ICE "candidate"s go both ways; either side may send "bye".
   The station shows the guide full screen (body[data-guided="on"]) once the connection is up, and goes back
   to the live view (or its recorded fallback) when the session ends or fails: a connection "failed", or
   "disconnected" for longer than LOST_MS; the guide's page gives up when the station has not connected within
   ANSWER_MS (no station listening). window.guidedSession exposes the state and the connection. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("guided-data").textContent);
  var guide = !!document.getElementById("guided-call");
  var POLL_IDLE_MS = 1500, POLL_BUSY_MS = 300, LOST_MS = 5000, ANSWER_MS = 20000;
  var pc = null, local = null, cursor = null, pending = [], lostTimer = null, state = "idle", twoWay = false;
  var timer = null;

  function setState(next) {
    state = next;
    if (guide) {
      document.getElementById("guided-call").dataset.guidedState = next;
      var status = document.getElementById("guided-status");
      status.textContent = status.dataset[next] || status.textContent;
      document.getElementById("guided-start").disabled = next === "connecting" || next === "connected";
      document.getElementById("guided-end").disabled = !(next === "connecting" || next === "connected");
    } else {
      document.body.dataset.guided = next === "connected" ? "on" : next;
      if (window.liveStation && window.liveStation.guided) window.liveStation.guided(next === "connected");
    }
  }

  function headers() {
    var h = { "Content-Type": "application/json" };
    if (data.csrf) h["X-CSRFToken"] = data.csrf;
    return h;
  }
  function send(kind, payload) {
    return fetch(data.signals, { method: "POST", credentials: "same-origin", headers: headers(),
                                 body: JSON.stringify({ kind: kind, payload: payload || {} }) })
      .then(function (r) { if (!r.ok) throw new Error("signal " + kind + ": HTTP " + r.status); return r.json(); });
  }

  function stopLocal() {
    if (local) local.getTracks().forEach(function (t) { t.stop(); });
    local = null;
  }
  function close(next) {
    clearTimeout(lostTimer);
    if (pc) { pc.onconnectionstatechange = pc.onicecandidate = pc.ontrack = null; pc.close(); pc = null; }
    pending = [];
    stopLocal();  // the camera and microphone are on only during a session, on both sides
    var self = document.getElementById(guide ? "guided-local" : "guided-self");
    if (self) self.srcObject = null;
    var remote = document.getElementById(guide ? "guided-remote" : "guided-video");
    if (remote) remote.srcObject = null;
    setState(next);
  }

  function connection() {
    var peer = new RTCPeerConnection({ iceServers: [] });  // loopback and the museum's network: host candidates
    peer.onicecandidate = function (e) { if (e.candidate) send("candidate", e.candidate.toJSON()); };
    peer.ontrack = function (e) {
      var video = document.getElementById(guide ? "guided-remote" : "guided-video");
      if (video && video.srcObject !== e.streams[0]) { video.srcObject = e.streams[0]; video.play().catch(function () {}); }
    };
    peer.onconnectionstatechange = function () {
      var s = peer.connectionState;
      if (s === "connected") { clearTimeout(lostTimer); setState("connected"); }
      else if (s === "failed") { send("bye", { reason: "failed" }).catch(function () {}); close("failed"); }
      else if (s === "disconnected") {
        clearTimeout(lostTimer);
        lostTimer = setTimeout(function () {
          if (pc === peer && peer.connectionState !== "connected") { send("bye", { reason: "lost" }).catch(function () {}); close("failed"); }
        }, LOST_MS);
      }
    };
    return peer;
  }

  function addCandidates() {
    var list = pending; pending = [];
    list.forEach(function (c) { pc.addIceCandidate(c).catch(function () {}); });
  }

  /* ---------------------------------------------------------------- the station */
  function stationStart(kioskMedia) {
    close("connecting");
    pc = connection();
    var peer = pc;
    var media = kioskMedia && navigator.mediaDevices
      ? navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } })
          .catch(function () { return null; })  // not allowed or no device: one-way
      : Promise.resolve(null);
    return media.then(function (stream) {
      if (pc !== peer) { if (stream) stream.getTracks().forEach(function (t) { t.stop(); }); return; }
      twoWay = !!stream;
      document.body.dataset.guidedWay = twoWay ? "two" : "one";
      if (stream) {
        local = stream;
        var self = document.getElementById("guided-self");
        self.srcObject = stream;
        self.play().catch(function () {});
        stream.getTracks().forEach(function (t) { peer.addTrack(t, stream); });
      } else {
        peer.addTransceiver("audio", { direction: "recvonly" });
        peer.addTransceiver("video", { direction: "recvonly" });
      }
      return peer.createOffer().then(function (offer) { return peer.setLocalDescription(offer); })
        .then(function () { return send("offer", peer.localDescription.toJSON()); });
    }).catch(function () { close("failed"); });
  }

  function stationMessage(m, kioskMedia) {
    if (m.kind === "start") return stationStart(kioskMedia);
    if (!pc) return null;
    if (m.kind === "answer") return pc.setRemoteDescription(m.payload).then(addCandidates).catch(function () { close("failed"); });
    if (m.kind === "candidate") { pending.push(m.payload); if (pc.remoteDescription) addCandidates(); return null; }
    if (m.kind === "bye") close("ended");
    return null;
  }

  /* ---------------------------------------------------------------- the guide */
  function guideStart() {
    close("connecting");
    navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } }).then(function (stream) {
      local = stream;
      document.getElementById("guided-local").srcObject = stream;
      pc = connection();
      stream.getTracks().forEach(function (t) { pc.addTrack(t, stream); });
      var peer = pc;
      setTimeout(function () {  // no station listening (off, offline, another page): say so, stop asking
        if (pc === peer && state === "connecting") { send("bye", { reason: "no answer" }).catch(function () {}); close("noanswer"); }
      }, ANSWER_MS);
      return send("start").then(function (answer) { cursor = answer.id; poll(); });
    }).catch(function (error) {
      close(local ? "failed" : "nomedia");
      if (window.console) console.warn("guided session:", error);
    });
  }

  function guideMessage(m) {
    if (!pc) return null;
    if (m.kind === "offer") {
      var peer = pc;
      return peer.setRemoteDescription(m.payload).then(function () { return peer.createAnswer(); })
        .then(function (answer) { return peer.setLocalDescription(answer); })
        .then(function () { addCandidates(); return send("answer", peer.localDescription.toJSON()); })
        .catch(function () { close("failed"); });
    }
    if (m.kind === "candidate") { pending.push(m.payload); if (pc.remoteDescription) addCandidates(); return null; }
    if (m.kind === "bye") close("ended");
    return null;
  }

  /* ---------------------------------------------------------------- polling */
  function poll() {
    clearTimeout(timer);
    var url = data.signals + (cursor === null ? "" : "?after=" + cursor);
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (answer) {
        if (cursor === null) { cursor = answer.newest; if (!guide) setState("idle"); return null; }
        var chain = Promise.resolve();
        answer.signals.forEach(function (m) {
          if (m.id <= cursor) return;  // seen already
          cursor = m.id;
          chain = chain.then(function () { return guide ? guideMessage(m) : stationMessage(m, answer.kiosk_media); });
        });
        return chain;
      })
      .catch(function () {})
      .then(function () {
        var busy = state === "connecting" || state === "connected";
        if (guide && !busy) return;  // the guide's page listens only during its session
        timer = setTimeout(poll, busy ? POLL_BUSY_MS : POLL_IDLE_MS);
      });
  }

  if (guide) {
    document.getElementById("guided-start").addEventListener("click", guideStart);
    document.getElementById("guided-end").addEventListener("click", function () {
      send("bye", { reason: "ended" }).catch(function () {});
      close("ended");
    });
    setState("idle");
  } else {
    document.body.dataset.guided = "waiting";  // "idle" once the first poll has answered
    poll();
  }

  window.guidedSession = {
    state: function () { return state; },
    connection: function () { return pc; },
    twoWay: function () { return twoWay; }
  };
})();
