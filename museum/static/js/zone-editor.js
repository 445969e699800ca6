/* The strike-zone editor (curator/instrument_zones.html): each zone of the form drawn as a box on the
   picture; dragging a box moves it, dragging its corner handle resizes it, and the form's edges (percent of
   the picture) follow; typing an edge moves the box. The server checks what is saved. */
(() => {
  const svg = document.querySelector(".zone-picture");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const [, , W, H] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  const rows = Array.from(document.querySelectorAll(".zone-row"));
  const value = (row, edge) => Number(row.querySelector(`[data-edge=${edge}]`).value) / 100;
  const setValue = (row, edge, v) => {
    row.querySelector(`[data-edge=${edge}]`).value = (Math.round(v * 10000) / 100).toString();
  };
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const handle = Math.max(W, H) * 0.02;

  rows.forEach((row) => {
    const g = document.createElementNS(NS, "g");
    g.setAttribute("class", "zone-box");
    g.dataset.index = row.dataset.index;
    const rect = document.createElementNS(NS, "rect");
    const corner = document.createElementNS(NS, "rect");
    corner.setAttribute("class", "zone-corner");
    const text = document.createElementNS(NS, "text");
    text.setAttribute("font-size", String(handle * 1.4));
    g.append(rect, corner, text);
    svg.append(g);
    const draw = () => {
      const [l, t, r, b] = ["left", "top", "right", "bottom"].map((e) => value(row, e));
      const ok = [l, t, r, b].every(Number.isFinite) && r > l && b > t;
      g.classList.toggle("invalid", !ok);
      if (!ok) return;
      rect.setAttribute("x", l * W); rect.setAttribute("y", t * H);
      rect.setAttribute("width", (r - l) * W); rect.setAttribute("height", (b - t) * H);
      // the corner handle: at most a third of the zone, so a narrow zone (one bell) keeps its middle to drag
      const size = Math.min(handle, (r - l) * W / 3, (b - t) * H / 3);
      corner.setAttribute("x", r * W - size); corner.setAttribute("y", b * H - size);
      corner.setAttribute("width", size); corner.setAttribute("height", size);
      text.setAttribute("x", l * W + handle * 0.3); text.setAttribute("y", t * H + handle * 1.3);
      text.textContent = String(Number(row.dataset.index) + 1);
    };
    row.querySelectorAll("[data-edge]").forEach((input) => input.addEventListener("input", draw));
    draw();

    const point = (event) => {
      const p = svg.createSVGPoint();
      p.x = event.clientX; p.y = event.clientY;
      const q = p.matrixTransform(svg.getScreenCTM().inverse());
      return {x: q.x / W, y: q.y / H};
    };
    g.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      const resize = event.target === corner;
      const start = point(event);
      const box = ["left", "top", "right", "bottom"].map((e) => value(row, e));
      g.setPointerCapture(event.pointerId);
      row.classList.add("active");
      const move = (e) => {
        const p = point(e), dx = p.x - start.x, dy = p.y - start.y;
        let [l, t, r, b] = box;
        if (resize) {
          r = clamp(r + dx, l + 0.01, 1); b = clamp(b + dy, t + 0.01, 1);
        } else {
          const w = r - l, h = b - t;
          l = clamp(l + dx, 0, 1 - w); t = clamp(t + dy, 0, 1 - h); r = l + w; b = t + h;
        }
        [["left", l], ["top", t], ["right", r], ["bottom", b]].forEach(([edge, v]) => setValue(row, edge, v));
        draw();
      };
      const up = () => {
        g.removeEventListener("pointermove", move);
        row.classList.remove("active");
      };
      g.addEventListener("pointermove", move);
      g.addEventListener("pointerup", up, {once: true});
      g.addEventListener("pointercancel", up, {once: true});
    });
  });
})();
