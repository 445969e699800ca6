// Completions for the search box from /api/v1/suggest (titles, pinyin prefixes: "huniu" → 虎钮錞于).
(function () {
  const input = document.getElementById("q");
  const list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  let timer = null;
  let last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const q = input.value.trim();
      if (!q || q === last) return;
      last = q;
      const url = input.dataset.suggest + "?" + new URLSearchParams({ q: q, lang: input.dataset.lang });
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const body = await response.json();
        if (q !== input.value.trim()) return;  // an older answer, come after the visitor typed on
        list.replaceChildren(...body.suggestions.map(function (s) {
          const option = document.createElement("option");
          option.value = s.text;
          return option;
        }));
      } catch (error) { /* completions are optional */ }
    }, 150);
  });
})();
