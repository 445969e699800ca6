/* The 三游诗人 station as a touch flow: poet → form → theme, season, mood → imagery and acrostic → the poem
   written line by line, its QR code and "send to the wall". One step shows at a time; the bottom bar holds
   Back and the step's primary action. The page gives its addresses and messages (in the visitor's
   language) as data-* on .flow and the #poem-text JSON. The kiosk shell's idle reset starts over. */
(() => {
  const flow = document.querySelector(".flow[data-api]");
  if (!flow) return;
  const $ = (id) => document.getElementById(id);
  const text = JSON.parse($("poem-text").textContent);
  const STEPS = ["poet", "form", "theme", "imagery", "poem"];
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
  const acrosticMax = Number(flow.dataset.acrosticMax), keywordsMax = Number(flow.dataset.keywordsMax);
  let step = "poet", acrostic = [], poem = null, timers = [], request = 0;
  const setState = (state) => { if (window.kioskShell) window.kioskShell.setState(state); else document.body.dataset.kioskState = state; };

  function chosen(field) {
    return [...flow.querySelectorAll(`[data-field="${field}"] [aria-pressed="true"]`)].map((b) => b.dataset.value);
  }
  function formLines() {
    const form = flow.querySelector('[data-field="form"] [aria-pressed="true"]');
    return form ? Number(form.dataset.lines) : 4;
  }

  function show(next) {
    step = next;
    flow.dataset.step = next;
    flow.querySelectorAll("section.step").forEach((s) => { s.hidden = s.dataset.step !== next; });
    const index = STEPS.indexOf(next);
    flow.querySelectorAll(".progress li").forEach((li, i) => {
      li.classList.toggle("done", i < index);
      if (i === index) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    });
    $("back").hidden = next === "poet";
    $("next").hidden = index >= 3;
    $("write").hidden = next !== "imagery";
    $("to-wall").hidden = next !== "poem" || !poem;
    $("retry").hidden = next !== "poem" || $("result").dataset.state !== "error";
    update();
    setState(next === "poet" ? "start" : next === "poem" ? ($("result").dataset.state) : "step");
  }

  function update() {
    const needPoet = step === "poet" && !chosen("poet").length;
    $("next").disabled = needPoet;
    $("hint").textContent = needPoet ? text.choose_poet : "";
    // the acrostic never has more characters than the chosen form has lines
    const max = Math.min(acrosticMax, formLines());
    acrostic = acrostic.slice(0, max);
    $("acrostic").textContent = acrostic.join("");
    $("acrostic-none").hidden = acrostic.length > 0;
    $("acrostic").dataset.max = String(max);
    $("acrostic-del").disabled = !acrostic.length;
    flow.querySelectorAll(".keys .key").forEach((k) => { k.disabled = acrostic.length >= max; });
    const keys = chosen("keywords").length;
    flow.querySelectorAll('[data-field="keywords"] [aria-pressed="false"]').forEach((b) => { b.disabled = keys >= keywordsMax; });
    flow.querySelectorAll('[data-field="keywords"] [aria-pressed="true"]').forEach((b) => { b.disabled = false; });
  }

  flow.querySelectorAll("[data-field]").forEach((group) => group.addEventListener("click", (ev) => {
    const button = ev.target.closest("button");
    if (!button || button.disabled) return;
    const on = button.getAttribute("aria-pressed") === "true";
    if (group.dataset.multi) button.setAttribute("aria-pressed", String(!on));
    else {
      group.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    }
    update();
  }));
  flow.querySelector(".keys").addEventListener("click", (ev) => {
    const key = ev.target.closest("button.key");
    if (!key || key.disabled) return;
    acrostic.push(key.dataset.value);
    update();
  });
  $("acrostic-del").addEventListener("click", () => { acrostic.pop(); update(); });

  $("next").addEventListener("click", () => { const i = STEPS.indexOf(step); if (i < 3) show(STEPS[i + 1]); });
  $("back").addEventListener("click", () => {
    const i = STEPS.indexOf(step);
    if (i > 0) { cancel(); show(STEPS[i - 1]); }
  });

  function cancel() { timers.forEach(clearTimeout); timers = []; request += 1; }

  function resultState(state) {
    $("result").dataset.state = state;
    $("status").hidden = state !== "writing";
    $("error").hidden = state !== "error";
    $("poem").hidden = state === "error";
    $("gloss").hidden = state !== "poem";
    $("signed").hidden = state !== "poem";
    $("keepsake").hidden = state !== "poem";
    $("to-wall").hidden = state !== "poem";
    $("retry").hidden = state !== "error";
    setState(state);
  }

  function errorKind(status, data) {
    if (status === 400) return "invalid";
    if (status === 422) return "generation";
    if (status === 429) return "busy";
    if (status >= 500 || (data && data.error && data.error.code === "model_not_trained")) return "unavailable";
    return "network";
  }
  function showError(kind) {
    poem = null;
    $("poem").textContent = ""; $("gloss").textContent = ""; $("signed").textContent = "";  // the error takes the poem's place
    $("poem").dataset.ready = "false";
    $("error-text").textContent = text.errors[kind];
    $("error").dataset.kind = kind;
    resultState("error");
  }

  function ruby(line, syllables) {
    const row = document.createElement("p");
    row.className = "line";
    [...line].forEach((ch, i) => {
      const r = document.createElement("ruby");
      r.append(ch);
      const rt = document.createElement("rt");
      rt.textContent = syllables[i] || "";
      rt.lang = "zh-Latn-pinyin";
      r.append(rt);
      row.append(r);
    });
    return row;
  }

  function gloss(data) {
    if (flow.dataset.chinese) return "";
    const words = Object.keys(text.gloss).filter((w) => data.lines.some((l) => l.includes(w)));
    const listed = words.map((w) => `${w} — ${text.gloss[w]}`).join(" · ");
    return words.length ? `${text.no_translation} ${listed}` : text.no_translation_plain;
  }

  function writeOut(data) {
    const box = $("poem");
    box.textContent = "";
    box.dataset.lines = String(data.lines.length);
    box.dataset.chars = String(data.lines[0].length);
    const rows = data.lines.map((line, i) => ruby(line, data.pinyin[i] || []));
    const finish = () => {
      const notes = [];
      if (data.asked_acrostic && !data.notes.some((n) => n.startsWith("藏头："))) notes.push(text.acrostic_dropped);
      if (data.keywords_left_out.length) {
        notes.push(`${text.left_out} ${data.keywords_left_out.map((k) => k.keyword).join("、")}`);
      }
      const g = gloss(data);
      $("gloss").textContent = [g, ...notes].filter(Boolean).join(" ");
      $("qr").src = flow.dataset.qr.replace("CODE", data.code);
      $("qr").alt = text.qr_alt;
      $("code").textContent = data.page_url.replace(/^https?:\/\//, "");
      $("signed").textContent = `${text.manner.replace("{poet}", text.poets[data.poet] || data.poet)} · ${text.forms[data.form] || data.form}`;
      $("to-wall").disabled = false;
      $("to-wall").textContent = text.send;
      box.dataset.ready = "true";
      resultState("poem");
    };
    box.dataset.ready = "false";
    if (reduced.matches) { rows.forEach((r) => box.append(r)); finish(); return; }
    rows.forEach((row, i) => timers.push(setTimeout(() => { row.classList.add("appear"); box.append(row); }, 700 * i)));
    timers.push(setTimeout(finish, 700 * rows.length));
  }

  async function write() {
    cancel();
    const mine = request;
    poem = null;
    show("poem");
    $("poem").textContent = ""; $("gloss").textContent = ""; $("signed").textContent = "";
    $("poem").dataset.ready = "false";
    resultState("writing");
    const body = {poet: chosen("poet")[0], form: chosen("form")[0], theme: chosen("theme")[0] || null,
      season: chosen("season")[0] || null, mood: chosen("mood")[0] || null, keywords: chosen("keywords"),
      acrostic: acrostic.join(""), seed: Math.floor(Math.random() * 1e9), wall: false};
    let response, data;
    try {
      response = await fetch(flow.dataset.api, {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify(body)});
      data = await response.json().catch(() => null);
    } catch (e) {
      if (mine === request) showError("network");
      return;
    }
    if (mine !== request) return;  // the visitor went back or started over meanwhile
    if (!response.ok || !data || !data.lines) { showError(errorKind(response.status, data)); return; }
    poem = {...data, asked_acrostic: body.acrostic};
    writeOut(poem);
  }
  $("write").addEventListener("click", write);
  $("retry").addEventListener("click", () => {
    if ($("error").dataset.kind === "invalid") show("imagery"); else write();
  });

  $("to-wall").addEventListener("click", async () => {
    if (!poem) return;
    const button = $("to-wall");
    button.disabled = true; button.textContent = text.sending;
    try {
      const response = await fetch(flow.dataset.wall.replace("CODE", poem.code), {method: "POST"});
      if (!response.ok) throw new Error(String(response.status));
      button.textContent = text.sent;
      button.dataset.sent = "true";
    } catch (e) {
      button.disabled = false; button.textContent = text.send;
      $("gloss").textContent = text.errors.wall;
    }
  });

  function reset() {
    cancel();
    poem = null; acrostic = [];
    flow.querySelectorAll("[data-field]").forEach((group) => {
      const buttons = [...group.querySelectorAll("button")];
      const field = group.dataset.field;
      buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(
        field === "form" ? i === 1 : field === "theme" ? i === 0 : (field === "season" || field === "mood") ? b.dataset.value === "" : false)));
    });
    $("poem").textContent = ""; $("gloss").textContent = "";
    delete $("to-wall").dataset.sent;
    resultState("writing");
    show("poet");
  }
  $("restart").addEventListener("click", () => {
    // a visitor who switched the language starts over in the station's own language
    const start = document.body.dataset.kioskStart;
    if (start && location.pathname + location.search !== start) location.assign(start); else reset();
  });
  window.addEventListener("kiosk:reset", (event) => {
    const start = document.body.dataset.kioskStart;
    if (start && location.pathname + location.search !== start) return;  // the shell loads the start page
    event.preventDefault(); reset();
  });
  reset();
})();
