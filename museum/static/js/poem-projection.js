/* Poem station projection: poems arrive by the event stream (data-events on #poem) and appear column by
   column, one character at a time. */
(() => {
  const box = document.getElementById("poem");
  const queue = []; let busy = false;
  function show(poem) {
    busy = true; box.textContent = "";
    const spans = [];
    poem.lines.forEach(line => {
      const column = document.createElement("span"); column.className = "line";
      [...line].forEach(ch => { const s = document.createElement("span"); s.className = "ch"; s.textContent = ch; column.appendChild(s); spans.push(s); });
      box.appendChild(column);
    });
    const sign = document.createElement("span"); sign.className = "line sign ch"; sign.textContent = `仿${poem.poet} · ${poem.form}`;
    box.appendChild(sign); spans.push(sign);
    box.dataset.code = poem.code;
    spans.forEach((s, i) => setTimeout(() => s.classList.add("shown"), 250 * i));
    setTimeout(() => { busy = false; if (queue.length) show(queue.shift()); }, 250 * spans.length + 8000);
  }
  // The browser reconnects a dropped stream by itself; a refused one (429/503 when the server is at its
  // limit of open streams) closes for good, so open a new one later, resuming after the last poem seen.
  let lastId = null; let first = true; let delay = 5000;
  function connect() {
    const query = lastId !== null ? `?after=${encodeURIComponent(lastId)}` : (first ? "?replay=1" : "");
    first = false;
    const source = new EventSource(box.dataset.events + query);
    source.addEventListener("open", () => { delay = 5000; });
    source.addEventListener("poem", ev => {
      lastId = ev.lastEventId;
      const poem = JSON.parse(ev.data); if (busy) queue.push(poem); else show(poem);
    });
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, delay); delay = Math.min(delay * 2, 60000);
    });
  }
  connect();
})();
