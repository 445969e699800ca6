/* Poem station kiosk: choices, the poem written out character by character, its keepsake QR code, reset
   when the kiosk shell asks for it. The page gives the API address as data-api on <main>. */
(() => {
  const main = document.querySelector("main[data-api]");
  let lang = "zh", writing = null;
  const $ = (id) => document.getElementById(id);
  function setLang(next) {
    lang = next; document.documentElement.lang = next === "zh" ? "zh-Hans" : "en";
    document.querySelectorAll("[data-zh]").forEach(el => { el.textContent = el.dataset[lang]; });
    document.querySelectorAll("[data-alt-zh]").forEach(el => { el.alt = el.dataset[lang === "zh" ? "altZh" : "altEn"]; });
    $("lang").textContent = lang === "zh" ? "English" : "中文";
    $("lang").lang = lang === "zh" ? "en" : "zh-Hans";
  }
  document.querySelectorAll(".choices").forEach(group => group.addEventListener("click", ev => {
    const button = ev.target.closest("button"); if (!button) return;
    const multi = group.dataset.multi, on = button.getAttribute("aria-pressed") === "true";
    if (!multi) group.querySelectorAll("button").forEach(b => b.setAttribute("aria-pressed", "false"));
    button.setAttribute("aria-pressed", on && (multi || group.dataset.field !== "poet" && group.dataset.field !== "form" && group.dataset.field !== "theme") ? "false" : "true");
  }));
  function chosen(field) {
    return [...document.querySelectorAll(`.choices[data-field="${field}"] button[aria-pressed="true"]`)].map(b => b.dataset.value);
  }
  function reset() {
    document.querySelectorAll(".choices").forEach(group => group.querySelectorAll("button").forEach((b, i) =>
      b.setAttribute("aria-pressed", String(i === (group.dataset.field === "form" ? 1 : 0) && ["poet", "form", "theme"].includes(group.dataset.field)))));
    $("acrostic").value = ""; $("poem").textContent = ""; $("meta").textContent = ""; $("error").textContent = "";
    clearInterval(writing); $("keepsake").hidden = true; setLang("zh"); window.scrollTo(0, 0);
  }
  // The kiosk shell (kiosk.js) notices the idle time and asks for the reset; the station resets in place.
  window.addEventListener("kiosk:reset", (event) => { event.preventDefault(); reset(); });
  const setState = (state) => { document.body.dataset.kioskState = state; };
  $("lang").addEventListener("click", () => setLang(lang === "zh" ? "en" : "zh"));
  function writeOut(lines) {
    clearInterval(writing); const box = $("poem"); box.textContent = "";
    const text = lines.join("\n"); let i = 0;
    writing = setInterval(() => { box.textContent = text.slice(0, ++i); if (i >= text.length) clearInterval(writing); }, 90);
  }
  $("go").addEventListener("click", async () => {
    $("error").textContent = ""; $("go").disabled = true; setState("writing");
    const body = {poet: chosen("poet")[0], form: chosen("form")[0], theme: chosen("theme")[0],
      season: chosen("season")[0] || null, mood: chosen("mood")[0] || null, keywords: chosen("keywords"),
      acrostic: $("acrostic").value.trim(), seed: Math.floor(Math.random() * 1e9)};
    try {
      const response = await fetch(main.dataset.api, {method: "POST",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
      const data = await response.json();
      if (!response.ok) { $("error").textContent = data.error ? data.error.message : response.statusText; return; }
      writeOut(data.lines); setState("poem");
      $("meta").textContent = `${data.rhyme_group} · ${data.pattern.name}` + (data.notes.length ? " · " + data.notes.join(" ") : "");
      $("qr").src = data.image_url; $("qr").alt = data.lines.join("，");
      $("page").href = data.page_url; $("page").textContent = data.page_url; $("keepsake").hidden = false;
    } catch (e) { $("error").textContent = String(e); }
    finally { $("go").disabled = false; }
  });
})();
