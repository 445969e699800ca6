/* The 三游洞 scene behind the poem projection, drawn procedurally (seeded, so every wall shows the same cave):

   - far canvas: through the cave mouth, the gorge at moonrise — sky, ridges fading into the haze, the river;
   - .outside: mist and glints on the water moving between them (CSS animations, off with reduced motion);
   - near canvas: the cave's limestone, lit at the mouth's rim, the mouth cut out of it, stalactites;
   - .glow: the light on the wall where the poem is written.

   The mouth takes the part of the wall the poem does not (#poem is the poem's stage): the left in landscape,
   the top in portrait. Drawn once per size; nothing here runs per frame. */
(() => {
  "use strict";
  const scene = document.querySelector(".scene");
  const far = scene.querySelector("canvas.far");
  const near = scene.querySelector("canvas.near");
  const outside = scene.querySelector(".outside");
  const glints = [...scene.querySelectorAll("canvas.glints")];
  const stage = document.getElementById("poem");

  function random(seed) { // mulberry32
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // value noise on a 256-cell lattice, smoothly interpolated; fbm sums octaves
  const rand = random(819);
  const lattice = new Float32Array(256 * 256).map(() => rand());
  function noise(x, y) {
    const xi = Math.floor(x), yi = Math.floor(y), xf = x - xi, yf = y - yi;
    const u = xf * xf * (3 - 2 * xf), v = yf * yf * (3 - 2 * yf);
    const at = (i, j) => lattice[((j & 255) << 8) | (i & 255)];
    const a = at(xi, yi), b = at(xi + 1, yi), c = at(xi, yi + 1), d = at(xi + 1, yi + 1);
    return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v;
  }
  function fbm(x, y, octaves) {
    let sum = 0, amplitude = 0.5, frequency = 1, norm = 0;
    for (let o = 0; o < octaves; o += 1) {
      sum += amplitude * noise(x * frequency, y * frequency);
      norm += amplitude; amplitude *= 0.5; frequency *= 2.03;
    }
    return sum / norm;
  }

  function mix(a, b, t) { return a.map((value, i) => value + (b[i] - value) * t); }
  function rgb(c, alpha = 1) { return `rgba(${c[0] | 0}, ${c[1] | 0}, ${c[2] | 0}, ${alpha})`; }

  // The mouth: a box on the wall and an irregular outline inside it (partly beyond the wall's edge).
  function mouthOf(width, height) {
    const s = stage.getBoundingClientRect();
    const landscape = width >= height;
    // the part of the wall left to the mouth
    const box = landscape ? {w: Math.max(s.left - width * 0.015, width * 0.12), h: height}
      : {w: width, h: Math.max(s.top - height * 0.015, height * 0.12)};
    const cx = landscape ? box.w * 0.42 : width * 0.5;
    const cy = landscape ? height * 0.5 : box.h * 0.5;
    const rx = landscape ? box.w * 0.5 : width * 0.47;
    const ry = landscape ? height * 0.41 : box.h * 0.44;
    const r = random(1059);
    const points = [];
    for (let i = 0; i < 160; i += 1) {
      const angle = (i / 160) * Math.PI * 2;
      const wobble = 1 + 0.2 * (fbm(Math.cos(angle) * 2.2 + 7, Math.sin(angle) * 2.2 + 3, 4) - 0.5) * 2
        + 0.035 * (r() - 0.5);
      // never into the poem's part of the wall
      points.push([Math.min(cx + Math.cos(angle) * rx * wobble, landscape ? box.w : Infinity),
        Math.min(cy + Math.sin(angle) * ry * wobble, landscape ? Infinity : box.h)]);
    }
    const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
    const left = Math.max(0, Math.min(...xs)), right = Math.min(width, Math.max(...xs));
    const upper = Math.max(0, Math.min(...ys)), lower = Math.min(height, Math.max(...ys));
    return {box: {x: left, y: upper, w: right - left, h: lower - upper}, points, landscape, cx, cy, rx, ry};
  }

  function trace(ctx, points) {
    ctx.beginPath();
    points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
  }

  function drawFar(ctx, width, height, mouth) {
    const {box} = mouth;
    const horizon = box.y + box.h * 0.5;
    const cx = box.x + box.w * 0.5; // the gorge opens in the middle of the mouth
    const sky = ctx.createLinearGradient(0, box.y, 0, horizon);
    sky.addColorStop(0, "#0f1d27");
    sky.addColorStop(0.6, "#2e4a53");
    sky.addColorStop(1, "#8fa5a1");
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, width, height);
    // the moon rising over the gorge, in its halo
    const moon = {x: cx + box.w * 0.06, y: box.y + box.h * 0.2, r: Math.min(box.w, box.h) * 0.035};
    const halo = ctx.createRadialGradient(moon.x, moon.y, 0, moon.x, moon.y, moon.r * 9);
    halo.addColorStop(0, "rgba(240, 232, 205, 0.35)");
    halo.addColorStop(1, "rgba(240, 232, 205, 0)");
    ctx.fillStyle = halo;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#efe6cb";
    ctx.beginPath(); ctx.arc(moon.x, moon.y, moon.r, 0, Math.PI * 2); ctx.fill();
    // mountains beyond the end of the gorge, paler with distance
    const haze = [143, 165, 161], shade = [40, 58, 59];
    for (let k = 0; k < 3; k += 1) {
      const base = horizon - box.h * (0.1 - k * 0.035);
      ctx.beginPath();
      ctx.moveTo(box.x, box.y + box.h);
      for (let x = box.x; x <= box.x + box.w + 4; x += 3) {
        const t = (x - box.x) / box.w;
        ctx.lineTo(x, base - (fbm(t * (2 + k) + k * 13.1, k * 4.7, 5) - 0.35) * box.h * (0.14 - k * 0.03));
      }
      ctx.lineTo(box.x + box.w + 4, box.y + box.h);
      ctx.closePath();
      ctx.fillStyle = rgb(mix(haze, shade, 0.25 + k * 0.25));
      ctx.fill();
      const mist = ctx.createLinearGradient(0, base - box.h * 0.02, 0, base + box.h * 0.07);
      mist.addColorStop(0, "rgba(196, 210, 206, 0)");
      mist.addColorStop(1, "rgba(196, 210, 206, 0.28)");
      ctx.fillStyle = mist;
      ctx.fillRect(box.x, base - box.h * 0.02, box.w, box.h * 0.09);
    }
    // the river, from a narrow far reach at the foot of the mountains to the whole width below
    const bankTop = horizon + box.h * 0.045;
    const bottom = box.y + box.h;
    // each bank a curve from the far reach to the bottom corner (control point in the middle): the river
    // stays narrow into the distance and widens toward the cave
    const banks = {left: [[cx - box.w * 0.04, bankTop], [cx - box.w * 0.1, bankTop + (bottom - bankTop) * 0.6], [box.x - box.w * 0.3, bottom]],
      right: [[cx + box.w * 0.05, bankTop], [cx + box.w * 0.16, bankTop + (bottom - bankTop) * 0.55], [box.x + box.w * 1.3, bottom]]};
    const along = (bank, t) => [0, 1].map(k => (1 - t) * (1 - t) * bank[0][k] + 2 * (1 - t) * t * bank[1][k] + t * t * bank[2][k]);
    const river = ctx.createLinearGradient(0, bankTop, 0, bottom);
    river.addColorStop(0, "#8ea39f");
    river.addColorStop(0.3, "#40575a");
    river.addColorStop(1, "#121c1d");
    ctx.fillStyle = river;
    ctx.beginPath();
    ctx.moveTo(...banks.left[0]);
    ctx.lineTo(...banks.right[0]);
    ctx.quadraticCurveTo(...banks.right[1], ...banks.right[2]);
    ctx.lineTo(...banks.left[2]);
    ctx.quadraticCurveTo(...banks.left[1], ...banks.left[0]);
    ctx.closePath();
    ctx.fill();
    // the gorge's walls on both sides — the middle ones moonlit, the near ones dark — high and level, then
    // falling steeply to the water, as the cliffs of the Xiling Gorge do
    const walls = [{foot: 0.12, top: 0.22, colour: [44, 61, 61], rim: 0.2}, {foot: 0.42, top: 0.04, colour: [16, 23, 23], rim: 0.12}];
    walls.forEach((wall, j) => {
      for (const [side, bank] of [[-1, banks.left], [1, banks.right]]) {
        const outer = side < 0 ? box.x - 8 : box.x + box.w + 8;
        const topY = box.y + box.h * (wall.top + (side > 0 ? 0.06 : 0));
        const [fx, fy] = along(bank, wall.foot);
        const ridge = [];
        for (let u = 0; u <= 1.0001; u += 0.01) {
          const x = outer + (fx - outer) * u;
          const fall = u < 0.6 ? u * 0.1 : 0.06 + Math.pow((u - 0.6) / 0.4, 0.55) * 0.94;
          const rough = (fbm(u * 7 + j * 5 + side * 3, j * 2.3, 5) - 0.5) * box.h * 0.08 * (1 - fall);
          ridge.push([x, topY + (fy - topY) * fall + rough]);
        }
        ctx.beginPath();
        ctx.moveTo(outer, bottom + 4);
        ridge.forEach(([x, y]) => ctx.lineTo(x, y));
        for (let t = wall.foot; t <= 1.0001; t += 0.05) ctx.lineTo(...along(bank, Math.min(t, 1)));
        ctx.lineTo(outer, bottom + 4);
        ctx.closePath();
        const face = ctx.createLinearGradient(outer, 0, fx, 0);
        face.addColorStop(0, rgb(wall.colour));
        face.addColorStop(1, rgb(mix(wall.colour, [120, 140, 136], wall.rim)));
        ctx.fillStyle = face;
        ctx.fill();
        ctx.beginPath();
        ridge.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        ctx.strokeStyle = `rgba(200, 214, 206, ${0.22 - j * 0.1})`;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    });
    return {moon, bankTop, banks};
  }

  // Glints of moonlight on the river, in two canvases that take turns (CSS), relative to the mouth's box.
  function drawGlints(canvas, seed, mouth, water) {
    const {box} = mouth;
    canvas.width = Math.ceil(box.w); canvas.height = Math.ceil(box.h);
    const ctx = canvas.getContext("2d");
    const r = random(seed);
    const bottom = box.h;
    const top = water.bankTop - box.y;
    for (let i = 0; i < 140; i += 1) {
      const v = Math.pow(r(), 1.3);
      const y = top + v * (bottom - top);
      const spread = box.w * (0.03 + v * 0.3);
      const x = water.moon.x - box.x + (r() + r() - 1) * spread;
      const length = (3 + r() * 14) * (1 + v * 4);
      ctx.fillStyle = `rgba(240, 232, 206, ${0.12 + r() * 0.4})`;
      ctx.fillRect(x - length / 2, y, length, 1 + v * 2.5);
    }
  }

  function rockTexture(width, height) {
    // limestone at a third of the wall's resolution, scaled up (soft is right for a background)
    const w = Math.ceil(width / 3), h = Math.ceil(height / 3);
    const canvas = document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(w, h);
    const dark = [14, 12, 11], mid = [40, 35, 31], pale = [66, 60, 53];
    const scale = 6 / Math.max(w, h);
    for (let y = 0; y < h; y += 1) {
      for (let x = 0; x < w; x += 1) {
        const nx = x * scale, ny = y * scale;
        const n = fbm(nx * 1.3, ny * 1.3, 5);
        // bedding planes of the limestone, bent by the noise; and darker cracks
        const strata = 0.5 + 0.5 * Math.sin(ny * 9 + n * 7 + nx * 0.8);
        const crack = Math.max(0, 1 - Math.abs(fbm(nx * 2.1 + 40, ny * 2.1, 4) - 0.5) * 30);
        let t = Math.min(1, Math.max(0, (n - 0.28) * 1.6)) * (0.8 + 0.2 * strata);
        let c = t < 0.5 ? mix(dark, mid, t * 2) : mix(mid, pale, (t - 0.5) * 2);
        c = mix(c, dark, crack * 0.25);
        const i = (y * w + x) * 4;
        image.data[i] = c[0]; image.data[i + 1] = c[1]; image.data[i + 2] = c[2]; image.data[i + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    return canvas;
  }

  function drawNear(ctx, width, height, mouth) {
    // the rock is painted only outside the mouth (an even-odd clip: compositing a cut-out with
    // destination-out after gradient fills leaves the rock in place in Chromium 156)
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, width, height);
    mouth.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
    ctx.clip("evenodd");
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(rockTexture(width, height), 0, 0, width, height);
    // the cave darkens toward its ceiling, its floor and away from the mouth
    const depth = mouth.landscape ? ctx.createLinearGradient(mouth.box.w, 0, width, 0)
      : ctx.createLinearGradient(0, mouth.box.h, 0, height);
    depth.addColorStop(0, "rgba(8, 8, 8, 0)");
    depth.addColorStop(1, "rgba(8, 8, 8, 0.45)");
    ctx.fillStyle = depth;
    ctx.fillRect(0, 0, width, height);
    const vault = ctx.createLinearGradient(0, 0, 0, height);
    vault.addColorStop(0, "rgba(5, 5, 5, 0.7)");
    vault.addColorStop(0.16, "rgba(5, 5, 5, 0)");
    vault.addColorStop(0.86, "rgba(5, 5, 5, 0)");
    vault.addColorStop(1, "rgba(5, 5, 5, 0.6)");
    ctx.fillStyle = vault;
    ctx.fillRect(0, 0, width, height);
    // moonlight on the rock around the mouth
    trace(ctx, mouth.points);
    ctx.filter = `blur(${Math.round(Math.min(width, height) * 0.03)}px)`;
    ctx.lineWidth = Math.min(width, height) * 0.06;
    ctx.strokeStyle = "rgba(150, 172, 170, 0.35)";
    ctx.stroke();
    ctx.restore();
    // stalactites hanging from the upper lip of the mouth, dark against the sky, and a few from the ceiling
    const r = random(2026);
    const drip = (x, y, length, w, colour) => {
      const bend = (r() - 0.5) * w * 0.8;
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.moveTo(x - w, y - 3);
      ctx.bezierCurveTo(x - w * 0.7, y + length * 0.35, x - w * 0.25 + bend, y + length * 0.7, x + bend, y + length);
      ctx.bezierCurveTo(x + w * 0.3 + bend, y + length * 0.65, x + w * 0.6, y + length * 0.3, x + w, y - 3);
      ctx.closePath();
      ctx.fill();
    };
    const lip = mouth.points.filter(([x, y]) => y < mouth.cy - mouth.ry * 0.6 && y > 0 && x > 0 && x < width);
    for (let i = 0; i < lip.length; i += 4) {
      const [x, y] = lip[i];
      if (r() < 0.55) drip(x, y, (0.015 + r() * 0.05) * height, (0.003 + r() * 0.007) * width, "#14110f");
    }
    for (let i = 0; i < 5; i += 1) {
      const x = width * (0.35 + r() * 0.6);
      drip(x, 0, (0.012 + r() * 0.03) * height, (0.004 + r() * 0.008) * width, "rgba(12, 10, 9, 0.8)");
    }
  }

  let drawn = "";
  function draw() {
    const width = window.innerWidth, height = window.innerHeight;
    if (`${width}x${height}` === drawn || !width || !height) return;
    drawn = `${width}x${height}`;
    const mouth = mouthOf(width, height);
    for (const canvas of [far, near]) { canvas.width = width; canvas.height = height; }
    const water = drawFar(far.getContext("2d"), width, height, mouth);
    glints.forEach((canvas, i) => drawGlints(canvas, 7 + i, mouth, water));
    drawNear(near.getContext("2d"), width, height, mouth);
    const {box} = mouth;
    Object.assign(outside.style, {left: `${box.x}px`, top: `${box.y}px`, width: `${box.w}px`, height: `${box.h}px`});
    const s = stage.getBoundingClientRect();
    scene.style.setProperty("--glow-x", `${s.left + s.width / 2}px`);
    scene.style.setProperty("--glow-y", `${s.top + s.height / 2}px`);
    scene.style.setProperty("--glow-rx", `${s.width * 0.62}px`);
    scene.style.setProperty("--glow-ry", `${s.height * 0.62}px`);
  }

  let pending = 0;
  window.addEventListener("resize", () => { clearTimeout(pending); pending = setTimeout(draw, 200); });
  draw();
})();
