/* Plan editor of a gallery layout (Konva). Coordinates: the layout is in hall metres, x east and y north;
   the plan is drawn north up, so screen y = (maxY - y) * scale and Konva rotations are the negated
   layout rotations (layout: counter-clockwise degrees). Objects are children of their case's group, so
   their positions stay case-local, as in the layout format.
   Trust: a case moves as a whole until it is opened (double-click, Enter or the Open button); then only
   its objects move. A case or object let go outside the hall (or an object outside its case) goes back
   where it was, with a message; every change is one step of undo/redo; the server's check stays the
   authority on problems, the clearances shown while moving are the editor's own measure.
   Several at once: Shift/Ctrl-click, a Shift-drag box on the floor, Ctrl+A or Shift+] / Shift+[ gather
   cases (or the open case's objects) into a group that drags and nudges together as one undo step, and is
   refused as one when any member would leave the hall (or its case); Escape clears it. */
(function () {
  'use strict';
  var root = document.getElementById('layout-editor');
  if (!root || typeof Konva === 'undefined') { return; }
  var api = root.dataset.api;
  var layoutId = root.dataset.layout;
  var canSave = root.dataset.canSave === 'true';
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var RED = '#d62728';
  // its words in the curator's language (museum/curator/problems.py layout_editor_text)
  var T = JSON.parse(document.getElementById('editor-text').textContent);
  var LANG = document.documentElement.lang || 'en';
  var NUMBER = /^-?\d+(\.\d+)?$/;
  // a sentence with %(name)s placeholders, filled with params; decimals written as the curator's language does
  function words(template, params) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      var value = params[name];
      if (value === undefined || value === null) { return ''; }
      value = String(value);
      if (!NUMBER.test(value)) { return value; }
      var decimals = value.indexOf('.') < 0 ? 0 : value.length - value.indexOf('.') - 1;
      return new Intl.NumberFormat(LANG, {minimumFractionDigits: decimals, maximumFractionDigits: decimals})
        .format(Number(value));
    });
  }
  // a layout problem in the curator's language (its English message when this page has no sentence for it)
  function problemText(p) {
    var template = p.reason && T.reasons[p.reason];
    if (!template) { return p.message; }
    var params = Object.assign({}, p.params || {});
    if (params.sensitivity && T.light_classes[params.sensitivity]) {
      params.material_class = T.light_classes[params.sensitivity];
    }
    return words(template, params);
  }
  var state = {doc: null, version: Number(root.dataset.version), versions: [], scale: 20, minX: 0, maxY: 0,
               nodes: {}, report: null, selected: null, checkSeq: 0, checking: 0, dirty: false,
               openCase: null, undo: [], redo: [], snapshot: null, dragFrom: null, group: []};
  var SNAP_WALL = 0.3, GRID = 0.1, STEP = 0.1, FINE_STEP = 0.01;
  var container = document.getElementById('plan');
  var stage = new Konva.Stage({container: 'plan', width: container.clientWidth || 900, height: 480,
                               draggable: true});  /* dragging the empty floor pans */
  var layer = new Konva.Layer();
  var marks = new Konva.Layer({listening: false});
  stage.add(layer);
  stage.add(marks);
  state.measures = new Konva.Layer({listening: false});
  stage.add(state.measures);
  var band = new Konva.Layer({listening: false});  /* the Shift-drag selection box */
  stage.add(band);
  var transformer = new Konva.Transformer({resizeEnabled: false, rotateEnabled: true, borderStroke: '#1f77b4',
    rotationSnaps: [0, 45, 90, 135, 180, 225, 270, 315], rotationSnapTolerance: 4});
  var statusBox = document.getElementById('status');
  container.tabIndex = 0;

  function sx(x) { return (x - state.minX) * state.scale; }
  function sy(y) { return (state.maxY - y) * state.scale; }
  function round(v) { return Math.round(v * 1000) / 1000; }
  function normal(angle) { var a = angle % 360; return round(a > 180 ? a - 360 : (a <= -180 ? a + 360 : a)); }
  function request(method, url, body) {
    var options = {method: method, credentials: 'same-origin',
                   headers: {'Accept': 'application/json', 'X-CSRFToken': csrf}};
    if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
    return fetch(url, options);
  }
  function say(text, bad) { statusBox.textContent = text; statusBox.style.color = bad ? RED : ''; }
  function objectSize(o) {
    if (o.size) { return o.size; }
    if (o.diameter) { return {width: o.diameter, depth: o.diameter, height: o.diameter}; }
    return null;
  }
  var TEXT_KEY = LANG === 'zh-Hans' ? 'zh' : LANG;  /* the layout's text keys are the language codes */
  var FONT = getComputedStyle(document.body).fontFamily;
  function label(text) {
    return text ? (text[TEXT_KEY] || text.zh || text.en || Object.values(text)[0] || '') : '';
  }

  function fit() {
    var xs = state.doc.hall.floor.map(function (p) { return p[0]; });
    var ys = state.doc.hall.floor.map(function (p) { return p[1]; });
    state.minX = Math.min.apply(null, xs) - 1;
    state.maxY = Math.max.apply(null, ys) + 1;
    var w = Math.max.apply(null, xs) - state.minX + 1, h = state.maxY - Math.min.apply(null, ys) + 1;
    var width = container.clientWidth || 900;
    state.scale = Math.min(width / w, 640 / h);
    stage.width(width);
    stage.height(Math.ceil(h * state.scale));
  }
  function zoomTo(factor, centre) {
    var old = stage.scaleX();
    var zoom = Math.max(0.5, Math.min(40, factor));
    centre = centre || {x: stage.width() / 2, y: stage.height() / 2};
    var at = {x: (centre.x - stage.x()) / old, y: (centre.y - stage.y()) / old};
    stage.scale({x: zoom, y: zoom});
    stage.position({x: centre.x - at.x * zoom, y: centre.y - at.y * zoom});
    steadyText();
    stage.batchDraw();
    document.getElementById('zoom-level').textContent = Math.round(zoom * 100) + ' %';
  }
  /* labels keep their size on the screen whatever the zoom */
  function steadyText() {
    var k = 1 / stage.scaleX();
    [layer, state.measures].forEach(function (l) { l.find('Text').forEach(function (t) { t.scale({x: k, y: k}); }); });
  }
  function resetView() { stage.scale({x: 1, y: 1}); stage.position({x: 0, y: 0}); zoomTo(1); }
  /* the view centred on a node, zoomed so it fills about half of the plan */
  function showNode(node, zoom) {
    var box = node.getClientRect({relativeTo: layer});
    if (zoom) {
      zoomTo(Math.min(stage.width() * 0.6 / Math.max(box.width, 1), stage.height() * 0.6 / Math.max(box.height, 1)));
    }
    var z = stage.scaleX();
    stage.position({x: stage.width() / 2 - (box.x + box.width / 2) * z, y: stage.height() / 2 - (box.y + box.height / 2) * z});
    stage.batchDraw();
  }

  function objectShape(p, local) {
    var size = objectSize(p.object) || {width: 0.2, depth: 0.2};
    var s = state.scale, shape;
    var common = {id: p.id, name: 'placement', draggable: canSave && (!p.case || p.case === state.openCase),
                  x: local[0] * s, y: -local[1] * s,
                  rotation: -(p.rotation || 0), fill: p.object.colour || '#b08d57', stroke: '#5b4526',
                  strokeWidth: 1, strokeScaleEnabled: false};
    if (p.object.diameter) {
      shape = new Konva.Circle(Object.assign(common, {radius: p.object.diameter / 2 * s}));
    } else {
      shape = new Konva.Rect(Object.assign(common, {width: size.width * s, height: size.depth * s,
                                                    offsetX: size.width * s / 2, offsetY: size.depth * s / 2}));
    }
    if (!objectSize(p.object)) { shape.dash([3, 3]); }
    shape.setAttr('layoutKind', 'placement');
    shape.on('dragstart', function () {
      state.dragFrom = {x: shape.x(), y: shape.y()};
      if (inGroup(p.id)) { startGroupDrag(p.id); } else { select(shape); }
    });
    shape.on('dragmove', function () {
      updatePlacement(shape, p);
      if (inGroup(p.id)) { followGroup(p.id); }
      measure();
      scheduleCheck(150);
    });
    shape.on('dragend', function () {
      updatePlacement(shape, p);
      if (inGroup(p.id)) { endGroupDrag(); return; }
      var problem = p.case ? outsideCase(p) : outsideHall(placementFootprint(p));
      if (problem) {
        shape.position(state.dragFrom);
        updatePlacement(shape, p);
        transformer.forceUpdate();
        say(words(p.case ? T.refused_object : T.refused_hall, {item: p.id, case: p.case}), true);
        layer.batchDraw();
        measure();
        scheduleCheck(0);  /* the checks sent while it was outside are stale */
        return;
      }
      changed();
    });
    shape.on('transformend', function () { p.rotation = normal(-shape.rotation()); changed(); });
    shape.on('mouseenter', function () { if (state.group.length < 2) { showSelection(p.id + ' ' + p.object.accession_number + ' ' + label(p.object.title)); } });  /* a group's line stays */
    return shape;
  }

  function updatePlacement(shape, p) {
    var s = state.scale;
    if (p.case) { p.position = [round(shape.x() / s), round(-shape.y() / s)]; }
    else { p.position = [round(state.minX + shape.x() / s), round(state.maxY - shape.y() / s)]; }
    moveName(p);
    state.dirty = true;
  }
  /* an open case's object name follows its object */
  function moveName(p) {
    var name = state.names[p.id];
    if (!name) { return; }
    var size = objectSize(p.object) || {depth: 0.2}, s = state.scale;
    name.position({x: p.position[0] * s, y: -p.position[1] * s + (name.getAttr('below') ? 1 : -1) * size.depth * s / 2});
  }

  function caseGroup(c) {
    var s = state.scale;
    var open = state.openCase === c.id;
    var group = new Konva.Group({id: c.id, name: 'case', x: sx(c.position[0]), y: sy(c.position[1]),
                                 rotation: -(c.rotation || 0), draggable: canSave && !open});
    group.setAttr('layoutKind', 'case');
    var fill = {wall_case: '#d9e6f2', freestanding_case: '#dcecf7', table_case: '#e3f0e6', plinth: '#e8e2d6'}[c.type];
    group.add(new Konva.Rect({name: 'outline', width: c.outer.width * s, height: c.outer.depth * s,
      offsetX: c.outer.width * s / 2, offsetY: c.outer.depth * s / 2, fill: open ? '#fffbe6' : (fill || '#ddd'),
      stroke: open ? '#c25b00' : '#4a6a8a', dash: open ? [6, 3] : null,
      strokeWidth: 1.5, strokeScaleEnabled: false}));
    if (c.inner) {
      group.add(new Konva.Rect({width: c.inner.width * s, height: c.inner.depth * s, listening: false,
        offsetX: c.inner.width * s / 2, offsetY: c.inner.depth * s / 2, stroke: '#8fb3d6', strokeWidth: 1}));
    }
    var upright = Math.abs(normal(c.rotation || 0)) > 90;  /* keep the case label readable */
    group.add(new Konva.Text({text: c.id, fontSize: 11, fill: '#1f3b57', listening: false,
      x: (upright ? 1 : -1) * c.outer.width * s / 2, y: (upright ? -1 : 1) * (c.outer.depth * s / 2 + 2),
      rotation: upright ? 180 : 0}));
    state.doc.placements.filter(function (p) { return p.case === c.id; }).forEach(function (p, index) {
      var shape = objectShape(p, p.position);
      group.add(shape);
      state.nodes[p.id] = shape;
      if (open) {  /* an open case names its objects, every other name above, so neighbours' do not overlap */
        var size = objectSize(p.object) || {depth: 0.2};
        var below = index % 2 === 0;
        var name = new Konva.Text({text: label(p.object.title) || p.id, fontSize: 10, fill: '#3b2a10', fontFamily: FONT,
          listening: false, x: p.position[0] * s, y: -p.position[1] * s + (below ? 1 : -1) * size.depth * s / 2});
        /* offsets are in the label's own units, which keep their size on the screen (steadyText) */
        name.setAttrs({width: 100, wrap: 'none', ellipsis: true, align: 'center'});  /* the full name: hover, select */
        name.offset({x: 50, y: below ? -2 : 13});
        group.add(name);
        name.setAttr('below', below);
        state.names[p.id] = name;
      }
    });
    group.on('dragstart', function (e) {
      if (e.target !== group) { return; }
      state.dragFrom = {x: group.x(), y: group.y()};
      if (inGroup(c.id)) { startGroupDrag(c.id); } else { select(group); }
    });
    group.on('dragmove', function (e) {
      if (e.target !== group) { return; }
      updateCase(group, c);
      snapCase(c);
      group.position({x: sx(c.position[0]), y: sy(c.position[1])});
      if (inGroup(c.id)) { followGroup(c.id); }
      measure();
      scheduleCheck(150);
    });
    group.on('dragend', function (e) {
      if (e.target !== group) { return; }
      updateCase(group, c);
      if (inGroup(c.id)) { endGroupDrag(); return; }
      if (outsideHall(caseFootprint(c))) {
        group.position(state.dragFrom);
        updateCase(group, c);
        transformer.forceUpdate();
        say(words(T.refused_hall, {item: c.id}), true);
        layer.batchDraw();
        measure();
        scheduleCheck(0);  /* the checks sent while it was outside are stale */
        return;
      }
      changed();
    });
    group.on('dblclick dbltap', function () { if (canSave) { openCase(state.openCase === c.id ? null : c.id); } });
    group.on('transformend', function (e) { if (e.target === group) { c.rotation = normal(-group.rotation()); changed(); } });
    group.on('mouseenter', function () { if (state.group.length < 2) { showSelection(c.id + ' ' + c.type + ' ' + label(c.label)); } });
    return group;
  }

  function updateCase(group, c) {
    c.position = [round(state.minX + group.x() / state.scale), round(state.maxY - group.y() / state.scale)];
    state.dirty = true;
  }

  function build() {
    layer.destroyChildren();
    state.nodes = {};
    state.names = {};
    fit();
    var hall = state.doc.hall;
    var flat = [];
    hall.floor.forEach(function (p) { flat.push(sx(p[0]), sy(p[1])); });
    layer.add(new Konva.Line({points: flat, closed: true, fill: '#faf8f3', stroke: '#333', strokeWidth: 4,
                              listening: false}));
    (state.doc.lights || []).forEach(function (l) {
      var pts = [];
      l.area.forEach(function (p) { pts.push(sx(p[0]), sy(p[1])); });
      layer.add(new Konva.Line({points: pts, closed: true, fill: '#fff3c4', stroke: '#e0b400', strokeWidth: 1,
                                listening: false}));
    });
    (hall.doors || []).forEach(function (d) {
      var marker = new Konva.Circle({id: d.id, x: sx(d.position[0]), y: sy(d.position[1]), listening: false,
        radius: d.width / 2 * state.scale, stroke: '#2a7a2a', strokeWidth: 2, dash: [4, 3]});
      marker.setAttr('layoutKind', 'door');
      state.nodes[d.id] = marker;
      layer.add(marker);
      layer.add(new Konva.Text({text: d.id, x: sx(d.position[0]) + 4, y: sy(d.position[1]) + 4, fontSize: 11,
                                fill: '#2a7a2a', listening: false}));
    });
    (hall.walls || []).forEach(function (w) {
      var wall = new Konva.Line({id: w.id, points: [sx(w.start[0]), sy(w.start[1]), sx(w.end[0]), sy(w.end[1])],
        stroke: '#555', strokeWidth: Math.max(2, (w.thickness || 0.2) * state.scale), listening: false});
      state.nodes[w.id] = wall;
      layer.add(wall);
    });
    state.doc.cases.forEach(function (c) {
      var group = caseGroup(c);
      state.nodes[c.id] = group;
      layer.add(group);
    });
    state.doc.placements.filter(function (p) { return !p.case; }).forEach(function (p) {
      var shape = objectShape(p, [p.position[0] - state.minX, -(state.maxY - p.position[1])]);
      shape.x(sx(p.position[0]));
      shape.y(sy(p.position[1]));
      state.nodes[p.id] = shape;
      layer.add(shape);
    });
    layer.add(transformer);
    steadyText();
    state.group = state.group.filter(function (id) { return state.nodes[id]; });
    select(state.selectedId ? state.nodes[state.selectedId] || null : null, true);
    highlight();
  }

  /* ---- geometry in hall metres (the editor's own measures; the server's check decides problems) ---- */
  function rect(cx, cy, w, d, degrees) {
    var a = degrees * Math.PI / 180, cos = Math.cos(a), sin = Math.sin(a);
    return [[-w / 2, -d / 2], [w / 2, -d / 2], [w / 2, d / 2], [-w / 2, d / 2]].map(function (q) {
      return [cx + q[0] * cos - q[1] * sin, cy + q[0] * sin + q[1] * cos];
    });
  }
  function caseFootprint(c) { return rect(c.position[0], c.position[1], c.outer.width, c.outer.depth, c.rotation || 0); }
  function placementFootprint(p) {
    var size = objectSize(p.object) || {width: 0.2, depth: 0.2};
    return rect(p.position[0], p.position[1], size.width, size.depth, p.rotation || 0);
  }
  function inside(point, polygon) {
    var hit = false;
    for (var i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      var a = polygon[i], b = polygon[j];
      if ((a[1] > point[1]) !== (b[1] > point[1])
          && point[0] < (b[0] - a[0]) * (point[1] - a[1]) / (b[1] - a[1]) + a[0]) { hit = !hit; }
    }
    return hit;
  }
  function closest(p, a, b) {
    var dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
    var t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
    var q = [a[0] + t * dx, a[1] + t * dy];
    return {d: Math.hypot(p[0] - q[0], p[1] - q[1]), p: p, q: q};
  }
  function edges(polygon, closed) {
    var list = [];
    for (var i = 0; i < polygon.length - (closed ? 0 : 1); i++) { list.push([polygon[i], polygon[(i + 1) % polygon.length]]); }
    return list;
  }
  /* the shortest distance between two outlines, and the two points it joins (0 when one reaches into the
     other, unless only the outlines count) */
  function gap(a, b, aClosed, bClosed, outlineOnly) {
    var best = {d: Infinity};
    a.forEach(function (p) { edges(b, bClosed).forEach(function (e) { var r = closest(p, e[0], e[1]); if (r.d < best.d) { best = r; } }); });
    b.forEach(function (p) {
      edges(a, aClosed).forEach(function (e) {
        var r = closest(p, e[0], e[1]);
        if (r.d < best.d) { best = {d: r.d, p: r.q, q: r.p}; }
      });
    });
    if (aClosed && bClosed && !outlineOnly && (a.some(function (p) { return inside(p, b); }) || b.some(function (p) { return inside(p, a); }))) {
      best.d = 0;
    }
    return best;
  }
  /* a footprint with a corner more than 5 cm outside the hall's floor */
  function outsideHall(footprint) {
    var floor = state.doc.hall.floor;
    return footprint.some(function (p) { return !inside(p, floor) && gap([p], floor, false, true).d > 0.05; });
  }
  function outsideCase(p) {
    var c = state.doc.cases.find(function (x) { return x.id === p.case; });
    /* its centre must stay on the case (the check flags an object that does not fit) */
    return Math.abs(p.position[0]) > c.outer.width / 2 || Math.abs(p.position[1]) > c.outer.depth / 2;
  }
  /* grid and walls (when asked): a case let near a wall of the hall (within 30 cm) closes up to it */
  function snapCase(c) {
    if (!document.getElementById('snap').checked) { return; }
    if (c) {
      c.position = [round(Math.round(c.position[0] / GRID) * GRID), round(Math.round(c.position[1] / GRID) * GRID)];
    }
    var footprint = caseFootprint(c), best = null;
    edges(state.doc.hall.floor, true).forEach(function (e) {
      footprint.forEach(function (p) {
        var r = closest(p, e[0], e[1]);
        if (r.d > 1e-6 && r.d < SNAP_WALL && inside(p, state.doc.hall.floor) && (!best || r.d < best.d)) { best = r; }
      });
    });
    if (best) { c.position = [round(c.position[0] + best.q[0] - best.p[0]), round(c.position[1] + best.q[1] - best.p[1])]; }
  }
  /* live clearances of the selected case: to the nearest wall, the nearest case and the nearest exit */
  function measure() {
    var box = document.getElementById('clearances');
    var node = state.selected;
    state.measures.destroyChildren();
    outlineGroup();
    var c = node && state.doc.cases.find(function (x) { return x.id === node.id(); });
    var inCase = !c && node && state.doc.placements.find(function (x) { return x.id === node.id() && x.case; });
    if (inCase) { measureObject(inCase); return; }
    if (!c) { box.textContent = ''; state.measures.batchDraw(); return; }
    var mine = caseFootprint(c), found = [];
    var wall = gap(mine, state.doc.hall.floor, true, true, true);  /* to the hall's outline */
    (state.doc.hall.walls || []).forEach(function (w) {
      var r = gap(mine, [w.start, w.end], true, false);
      if (r.d < wall.d) { wall = r; }
    });
    found.push(words(T.clear_wall, {gap: wall.d.toFixed(2)}));
    var near = null;
    state.doc.cases.forEach(function (o) {
      if (o.id === c.id || inGroup(o.id)) { return; }  /* the clearance to what moves with it is no news */
      var r = gap(mine, caseFootprint(o), true, true);
      if (!near || r.d < near.d) { near = r; near.id = o.id; }
    });
    if (near) { found.push(words(T.clear_case, {case: near.id, gap: near.d.toFixed(2)})); }
    var exit = null;
    (state.doc.hall.doors || []).forEach(function (d) {
      if (d.role !== 'exit' && d.role !== 'emergency') { return; }
      var r = gap(mine, [d.position], true, false);
      if (!exit || r.d < exit.d) { exit = r; exit.id = d.id; }
    });
    if (exit) { found.push(words(T.clear_exit, {door: exit.id, gap: exit.d.toFixed(2)})); }
    box.textContent = '— ' + found.join(' · ');
    [wall, near, exit].forEach(function (r) {
      if (!r || !r.p || r.d === 0) { return; }
      state.measures.add(new Konva.Arrow({points: [sx(r.p[0]), sy(r.p[1]), sx(r.q[0]), sy(r.q[1])], pointerAtBeginning: true,
        pointerLength: 5 / stage.scaleX(), pointerWidth: 5 / stage.scaleX(), stroke: '#6a3d9a', fill: '#6a3d9a', strokeWidth: 1.2, dash: [4, 2],
        strokeScaleEnabled: false}));
      state.measures.add(new Konva.Text({x: sx((r.p[0] + r.q[0]) / 2) + 3, y: sy((r.p[1] + r.q[1]) / 2) + 3,
        text: words('%(gap)s m', {gap: r.d.toFixed(2)}), fontSize: 11, fill: '#4b2a70'}));
    });
    state.measures.batchDraw();
  }

  /* live clearances of an object in its (open) case: to the case's inner walls and to the nearest other
     object of the case, measured in the case's own metres and drawn through the case's transform */
  function measureObject(p) {
    var box = document.getElementById('clearances');
    var c = state.doc.cases.find(function (x) { return x.id === p.case; });
    var mine = placementFootprint(p), found = [];
    var room = c.inner || c.outer;
    var wall = gap(mine, rect(0, 0, room.width, room.depth, 0), true, true, true);
    found.push(words(T.clear_inner, {gap: wall.d.toFixed(2)}));
    var near = null;
    state.doc.placements.forEach(function (o) {
      if (o.id === p.id || o.case !== p.case || inGroup(o.id)) { return; }
      var r = gap(mine, placementFootprint(o), true, true);
      if (!near || r.d < near.d) { near = r; near.id = o.id; }
    });
    if (near) { found.push(words(T.clear_object, {item: near.id, gap: near.d.toFixed(2)})); }
    box.textContent = '— ' + found.join(' · ');
    var caseNode = state.nodes[c.id], s = state.scale;
    var toLayer = caseNode.getTransform();
    function at(q) { return toLayer.point({x: q[0] * s, y: -q[1] * s}); }
    [wall, near].forEach(function (r) {
      if (!r || !r.p || r.d === 0) { return; }
      var a = at(r.p), b = at(r.q);
      state.measures.add(new Konva.Arrow({points: [a.x, a.y, b.x, b.y], pointerAtBeginning: true,
        pointerLength: 5 / stage.scaleX(), pointerWidth: 5 / stage.scaleX(), stroke: '#6a3d9a', fill: '#6a3d9a', strokeWidth: 1.2, dash: [3, 2],
        strokeScaleEnabled: false}));
      var label = new Konva.Text({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, fontSize: 11, fill: '#4b2a70',
        offsetX: -3, offsetY: a.y === b.y ? 14 : -3, /* above a level arrow, beside an upright one */
        text: words('%(gap)s m', {gap: r.d.toFixed(2)})});
      var k = 1 / stage.scaleX();
      label.scale({x: k, y: k});
      state.measures.add(label);
    });
    state.measures.batchDraw();
  }

  /* ---- several at once: the group (ids of cases and free objects, or of the open case's objects) ---- */
  function scopeOf(id) {
    var p = state.doc.placements.find(function (x) { return x.id === id; });
    return p && p.case ? p.case : '';
  }
  /* what may be gathered now: the open case's objects, else every case and free-standing object */
  function inScope() {
    if (state.openCase) {
      return state.doc.placements.filter(function (p) { return p.case === state.openCase; })
        .map(function (p) { return p.id; });
    }
    return state.doc.cases.map(function (c) { return c.id; })
      .concat(state.doc.placements.filter(function (p) { return !p.case; }).map(function (p) { return p.id; }));
  }
  function inGroup(id) { return state.group.length > 1 && state.group.indexOf(id) >= 0; }
  function itemOf(id) {
    return state.doc.cases.find(function (x) { return x.id === id; })
      || state.doc.placements.find(function (x) { return x.id === id; });
  }
  function placeNode(id) {
    var c = state.doc.cases.find(function (x) { return x.id === id; });
    var p = !c && state.doc.placements.find(function (x) { return x.id === id; });
    var node = state.nodes[id];
    if (c) { node.position({x: sx(c.position[0]), y: sy(c.position[1])}); }
    else if (p.case) { node.position({x: p.position[0] * state.scale, y: -p.position[1] * state.scale}); moveName(p); }
    else { node.position({x: sx(p.position[0]), y: sy(p.position[1])}); }
  }
  /* the first member that may not stand where it is now (with the words that say so), or null */
  function refusal(ids) {
    for (var i = 0; i < ids.length; i++) {
      var c = state.doc.cases.find(function (x) { return x.id === ids[i]; });
      var p = !c && state.doc.placements.find(function (x) { return x.id === ids[i]; });
      if (c ? outsideHall(caseFootprint(c)) : (p.case ? outsideCase(p) : outsideHall(placementFootprint(p)))) {
        return {id: ids[i], case: p && p.case};
      }
    }
    return null;
  }
  function setGroup(ids, primary) {
    state.group = ids.length > 1 ? ids.slice() : [];
    var node = primary ? state.nodes[primary] : (ids.length ? state.nodes[ids[ids.length - 1]] : null);
    select(node || null, true);
    if (state.group.length) {
      showSelection(words(T.selected_many, {count: state.group.length, items: state.group.join(', ')}));
    }
  }
  function toggleInGroup(id) {
    var ids = state.group.length ? state.group.slice() : (state.selectedId ? [state.selectedId] : []);
    if (ids.length && scopeOf(ids[0]) !== scopeOf(id)) { ids = []; }  /* a case's objects never mix with cases */
    var at = ids.indexOf(id);
    if (at >= 0) { ids.splice(at, 1); } else { ids.push(id); }
    setGroup(ids, at >= 0 ? ids[ids.length - 1] : id);
  }
  function clearGroup() { setGroup([], null); say(T.selection_cleared); }
  function outlineGroup() {
    state.group.forEach(function (id) {
      var node = state.nodes[id];
      if (!node) { return; }
      var target = node.getAttr('layoutKind') === 'case' ? node.findOne('.outline') : node;
      var r = target.getClientRect({relativeTo: layer}), pad = 3 / stage.scaleX();
      state.measures.add(new Konva.Rect({x: r.x - pad, y: r.y - pad, width: r.width + 2 * pad, height: r.height + 2 * pad,
        stroke: '#1f77b4', strokeWidth: 2, dash: [5, 3], strokeScaleEnabled: false, name: 'group-outline'}));
    });
  }
  var groupFrom = null;  /* each member's position when the drag began */
  function startGroupDrag(id) {
    groupFrom = {lead: id, at: {}};
    state.group.forEach(function (m) { groupFrom.at[m] = itemOf(m).position.slice(); });
    state.selected = state.nodes[id];
    state.selectedId = id;
  }
  function followGroup(id) {
    if (!groupFrom) { return; }
    var lead = itemOf(id), from = groupFrom.at[id];
    var dx = lead.position[0] - from[0], dy = lead.position[1] - from[1];
    state.group.forEach(function (m) {
      if (m === id) { return; }
      itemOf(m).position = [round(groupFrom.at[m][0] + dx), round(groupFrom.at[m][1] + dy)];
      placeNode(m);
    });
    layer.batchDraw();
  }
  function endGroupDrag() {
    var refused = refusal(state.group);
    if (refused) {
      state.group.forEach(function (m) { itemOf(m).position = groupFrom.at[m].slice(); placeNode(m); });
      say(words(refused.case ? T.refused_group_case : T.refused_group, {item: refused.id, case: refused.case}), true);
      layer.batchDraw();
      measure();
      scheduleCheck(0);
    } else {
      changed();
    }
    groupFrom = null;
  }
  /* arrow keys on a group: all move, or none (one undo step) */
  function nudgeGroup(dx, dy) {
    var before = {};
    state.group.forEach(function (m) {
      var item = itemOf(m);
      before[m] = item.position.slice();
      item.position = [round(item.position[0] + dx), round(item.position[1] + dy)];
    });
    var refused = refusal(state.group);
    if (refused) {
      state.group.forEach(function (m) { itemOf(m).position = before[m]; });
      say(words(refused.case ? T.refused_group_case : T.refused_group, {item: refused.id, case: refused.case}), true);
      return;
    }
    state.group.forEach(placeNode);
    layer.batchDraw();
    changed();
  }
  /* the next (step 1) or previous (-1) item in reach; with add, it joins the selection */
  function stepTo(direction, add) {
    var ids = inScope();
    if (!ids.length) { return; }
    var at = ids.indexOf(state.selectedId);
    var next = ids[(at + direction + ids.length) % ids.length];
    if (at < 0) { next = ids[direction > 0 ? 0 : ids.length - 1]; }
    if (add) {
      var group = state.group.length ? state.group.slice() : (state.selectedId && scopeOf(state.selectedId) === scopeOf(next) ? [state.selectedId] : []);
      if (group.indexOf(next) < 0) { group.push(next); }
      setGroup(group, next);
    } else {
      setGroup([next], next);
    }
    showNode(state.nodes[next], false);
  }
  /* the Shift-drag box: everything in reach that it touches joins the selection */
  var bandBox = null, bandEnded = false;
  stage.on('mousedown touchstart', function (e) {
    bandEnded = false;
    var floor = e.target === stage || (state.openCase && e.target.name() === 'outline'
      && e.target.getParent().id() === state.openCase);  /* the open case's own floor too */
    if (!e.evt.shiftKey || !floor || !canSave) { return; }
    stage.draggable(false);  /* no pan while drawing the box */
    var at = stage.getPointerPosition();
    bandBox = {x: at.x, y: at.y, rect: new Konva.Rect({x: at.x, y: at.y, width: 0, height: 0, fill: 'rgba(31,119,180,0.12)',
      stroke: '#1f77b4', strokeWidth: 1, dash: [4, 2], name: 'band'})};
    band.scale({x: 1 / stage.scaleX(), y: 1 / stage.scaleY()});
    band.position({x: -stage.x() / stage.scaleX(), y: -stage.y() / stage.scaleY()});
    band.add(bandBox.rect);
  });
  /* the box follows the pointer through the page's own events: Konva holds back its stage events while
     it believes something is being dragged */
  window.addEventListener('mousemove', function (e) {
    if (!bandBox) { return; }
    stage.setPointersPositions(e);
    var at = stage.getPointerPosition();
    bandBox.rect.setAttrs({x: Math.min(at.x, bandBox.x), y: Math.min(at.y, bandBox.y), width: Math.abs(at.x - bandBox.x),
                       height: Math.abs(at.y - bandBox.y)});
    band.batchDraw();
  });
  function endBand() {
    if (!bandBox) { return; }
    var r = bandBox.rect.getClientRect();
    bandBox.rect.destroy();
    band.batchDraw();
    bandBox = null;
    stage.draggable(true);
    if (r.width < 3 && r.height < 3) { return; }
    bandEnded = true;
    var hits = inScope().filter(function (id) {
      var node = state.nodes[id];
      var target = node.getAttr('layoutKind') === 'case' ? node.findOne('.outline') : node;
      return Konva.Util.haveIntersection(r, target.getClientRect());
    });
    var ids = state.group.length ? state.group.slice() : (state.selectedId && scopeOf(state.selectedId) === (state.openCase || '') ? [state.selectedId] : []);
    hits.forEach(function (id) { if (ids.indexOf(id) < 0) { ids.push(id); } });
    setGroup(ids, null);
  }
  stage.on('mouseup touchend', endBand);
  window.addEventListener('mouseup', endBand);

  /* ---- undo / redo: the document after each change ---- */
  function remember() { state.snapshot = JSON.stringify(state.doc); state.undo = []; state.redo = []; buttons(); }
  function restore(text) {
    state.doc = JSON.parse(text);
    state.snapshot = text;
    build();
    state.dirty = true;
    scheduleCheck(0);
    buttons();
  }
  function undo() {
    if (!state.undo.length) { return; }
    state.redo.push(state.snapshot);
    restore(state.undo.pop());
    say(T.undone);
  }
  function redo() {
    if (!state.redo.length) { return; }
    state.undo.push(state.snapshot);
    restore(state.redo.pop());
    say(T.redone);
  }
  function buttons() {
    document.getElementById('undo').disabled = !state.undo.length;
    document.getElementById('redo').disabled = !state.redo.length;
    document.getElementById('open-case').disabled = !canSave || !(state.openCase || (state.selected
      && state.selected.getAttr('layoutKind') === 'case'));
    document.getElementById('open-case').textContent = state.openCase ? words(T.close_case, {case: state.openCase}) : T.open_case;
  }
  function openCase(id) {
    state.openCase = id;
    state.group = [];
    state.selectedId = id;
    build();
    if (id) { showNode(state.nodes[id].findOne('.outline'), true); say(words(T.case_open, {case: id})); } else { say(''); }
    buttons();
  }
  function nudge(dx, dy) {
    var node = state.selected;
    if (!node || !canSave) { return; }
    if (state.group.length > 1) { nudgeGroup(dx, dy); return; }
    var id = node.id();
    var c = state.doc.cases.find(function (x) { return x.id === id; });
    var p = state.doc.placements.find(function (x) { return x.id === id; });
    var item = c || p;
    var before = item.position.slice();
    item.position = [round(item.position[0] + dx), round(item.position[1] + dy)];
    var refused = c ? outsideHall(caseFootprint(c)) : (p.case ? outsideCase(p) : outsideHall(placementFootprint(p)));
    if (refused) {
      item.position = before;
      say(words(c || !p.case ? T.refused_hall : T.refused_object, {item: id, case: p && p.case}), true);
      return;
    }
    placeNode(id);
    transformer.forceUpdate();
    layer.batchDraw();
    changed();
  }

  function select(node, keepGroup) {
    if (!keepGroup) { state.group = []; }
    var many = state.group.length > 1;
    state.selected = node;
    state.selectedId = node ? node.id() : null;
    transformer.nodes(node && canSave && !many ? [node] : []);  /* a group turns one by one, not as one */
    document.getElementById('rotate-left').disabled = !node || !canSave || many;
    document.getElementById('rotate-right').disabled = !node || !canSave || many;
    if (node) { showSelection(describe(node.id())); }
    if (state.measures) { measure(); }
    buttons();
  }
  function describe(id) {
    var c = state.doc.cases.find(function (x) { return x.id === id; });
    if (c) { return c.id + ' ' + c.type + ' ' + label(c.label); }
    var p = state.doc.placements.find(function (x) { return x.id === id; });
    return p ? p.id + ' ' + p.object.accession_number + ' ' + label(p.object.title) : id;
  }
  function showSelection(text) { document.getElementById('selection').textContent = text; }

  function rotateSelected(degrees) {
    var node = state.selected;
    if (!node || state.group.length > 1) { return; }
    node.rotation(node.rotation() - degrees);
    var id = node.id();
    var c = state.doc.cases.find(function (x) { return x.id === id; });
    var p = state.doc.placements.find(function (x) { return x.id === id; });
    if (c) { c.rotation = normal(-node.rotation()); }
    if (p) { p.rotation = normal(-node.rotation()); }
    transformer.forceUpdate();
    changed();
  }

  /* one step of undo: the document as it was before this change */
  function changed() {
    var now = JSON.stringify(state.doc);
    if (now !== state.snapshot) {
      state.undo.push(state.snapshot);
      state.redo = [];
      state.snapshot = now;
    }
    state.dirty = true;
    measure();
    buttons();
    scheduleCheck(0);
  }

  var checkTimer = null;
  function scheduleCheck(delay) {
    if (checkTimer) { return; }
    checkTimer = setTimeout(function () { checkTimer = null; check(); }, delay);
  }

  function check() {
    var seq = ++state.checkSeq;
    state.checking += 1;
    return request('POST', api + '/check', {layout: state.doc}).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (seq !== state.checkSeq) { return; }
      if (!result.ok) {
        var errors = (result.body.error && result.body.error.errors) || [];
        state.report = {ok: false, problems: errors.map(function (e) {
          return {code: 'invalid', message: (e.path || '/') + ': ' + e.message, subjects: []}; })};
      } else {
        state.report = result.body;
      }
      highlight();
    }).finally(function () { state.checking -= 1; });
  }

  function highlight() {
    var report = state.report || {problems: []};
    var flagged = {};
    report.problems.forEach(function (p) { p.subjects.forEach(function (s) { flagged[s] = true; }); });
    Object.keys(state.nodes).forEach(function (id) {
      var node = state.nodes[id];
      var target = node.getAttr('layoutKind') === 'case' ? node.findOne('.outline') : node;
      if (!target) { return; }
      if (target.getAttr('baseStroke') === undefined) { target.setAttr('baseStroke', target.stroke()); }
      target.stroke(flagged[id] ? RED : target.getAttr('baseStroke'));
      target.strokeWidth(flagged[id] ? 3 : (node.getAttr('layoutKind') === 'case' ? 1.5 : 1));
      node.setAttr('flagged', !!flagged[id]);
    });
    marks.destroyChildren();
    report.problems.forEach(function (p) {
      if (p.location) {
        marks.add(new Konva.Circle({x: sx(p.location[0]), y: sy(p.location[1]), radius: 9, stroke: RED, strokeWidth: 2}));
      }
    });
    var list = document.getElementById('problems');
    list.innerHTML = '';
    report.problems.forEach(function (p) {
      var item = document.createElement('li');
      item.dataset.code = p.code;
      var subject = (p.subjects || []).find(function (s) { return state.nodes[s]; });
      if (subject) {
        var link = document.createElement('button');
        link.type = 'button';
        link.className = 'problem-link';
        link.dataset.subject = subject;
        link.textContent = problemText(p);
        link.addEventListener('click', function () { focusItem(subject); });
        item.appendChild(link);
      } else {
        item.textContent = problemText(p);
      }
      list.appendChild(item);
    });
    var count = document.getElementById('problem-count');
    count.textContent = state.report ? (report.problems.length ? words(T.problems, {count: report.problems.length})
      : T.no_problems) : '…';
    list.className = report.problems.length ? '' : 'ok';
    layer.batchDraw();
    marks.batchDraw();
  }

  /* select an item from elsewhere (the problem list): its case opens when it is an object in one */
  function focusItem(id) {
    var p = state.doc.placements.find(function (x) { return x.id === id; });
    if (p && p.case && state.openCase !== p.case && canSave) { openCase(p.case); }
    var node = state.nodes[id];
    if (!node) { return; }
    select(node);
    showNode(node, false);
    container.focus();
  }

  function load(version) {
    var url = api + '/' + encodeURIComponent(layoutId) + (version ? '?version=' + version : '');
    return request('GET', url).then(function (r) { return r.json(); }).then(function (body) {
      state.doc = body.layout;
      state.doc.placements = state.doc.placements || [];
      state.doc.cases = state.doc.cases || [];
      state.version = body.versions[body.versions.length - 1].number;
      state.loadedVersion = body.version.number;
      state.versions = body.versions;
      var selectBox = document.getElementById('version-select');
      selectBox.innerHTML = '';
      body.versions.forEach(function (v) {
        var option = document.createElement('option');
        option.value = v.number;
        option.textContent = 'v' + v.number + ' · ' + (v.author || '') + ' · '
          + words(T.problems, {count: v.problem_count}) + (v.note ? ' · ' + v.note : '');
        option.selected = v.number === body.version.number;
        selectBox.appendChild(option);
      });
      document.getElementById('glb-link').href = api + '/' + encodeURIComponent(layoutId) + '/render/hall.glb?version=' + body.version.number;
      state.dirty = false;
      state.openCase = null;
      state.selectedId = null;
      build();
      resetView();
      remember();
      return check();
    });
  }

  function save() {
    var body = {layout: state.doc, base_version: state.version, note: document.getElementById('note').value};
    say(T.saving);
    return request('POST', api + '/' + encodeURIComponent(layoutId) + '/versions', body).then(function (r) {
      return r.json().then(function (b) { return {status: r.status, body: b}; });
    }).then(function (result) {
      if (result.status === 201) {
        say(words(T.saved, {number: result.body.version.number, count: result.body.version.problem_count}));
        return load(result.body.version.number);
      }
      say(words(T.not_saved, {reason: (result.body.error && result.body.error.message) || result.status}), true);
    });
  }

  function renderPreview() {
    var camera = document.getElementById('camera').value.trim();
    var body = {layout: state.doc, size: '960x540'};
    if (camera) { body.camera = camera; }
    say(T.rendering);
    return request('POST', api + '/render/view.png', body).then(function (r) {
      if (!r.ok) { return r.json().then(function (b) { say(words(T.render_failed, {reason: b.error.message}), true); }); }
      return r.blob().then(function (blob) {
        var img = document.getElementById('preview');
        if (img.src) { URL.revokeObjectURL(img.src); }
        img.src = URL.createObjectURL(blob);
        img.style.display = 'block';
        say(T.rendered);
      });
    });
  }

  stage.on('click tap', function (e) {
    var node = e.target;
    while (node && node !== stage && !node.getAttr('layoutKind')) { node = node.getParent(); }
    var kind = node && node !== stage ? node.getAttr('layoutKind') : null;
    if (kind === 'placement') {  /* an object in a closed case: the case is what moves */
      var p = state.doc.placements.find(function (x) { return x.id === node.id(); });
      if (p.case && p.case !== state.openCase) { node = state.nodes[p.case]; kind = 'case'; }
    }
    if (kind === 'case' && node.id() === state.openCase) { kind = null; }  /* the open case's floor */
    if (bandEnded) { bandEnded = false; return; }  /* the end of a Shift-drag box, not a click */
    var adding = e.evt && (e.evt.shiftKey || e.evt.ctrlKey || e.evt.metaKey);
    if (adding && (kind === 'case' || kind === 'placement')) { toggleInGroup(node.id()); return; }
    if (adding) { return; }  /* the end of a Shift-drag box */
    if (!kind && state.openCase) { openCase(null); return; }
    select(kind === 'case' || kind === 'placement' ? node : null);
  });
  stage.on('wheel', function (e) {
    e.evt.preventDefault();
    zoomTo(stage.scaleX() * (e.evt.deltaY > 0 ? 1 / 1.2 : 1.2), stage.getPointerPosition());
  });
  container.addEventListener('keydown', function (e) {
    var step = e.shiftKey ? FINE_STEP : STEP;
    var moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]};
    if (e.key === 'r' || e.key === 'R') { rotateSelected(e.shiftKey ? -15 : 15); e.preventDefault(); }
    else if (moves[e.key] && state.selected) { nudge(moves[e.key][0], moves[e.key][1]); e.preventDefault(); }
    else if (e.key === 'Enter' && state.selected && state.selected.getAttr('layoutKind') === 'case' && state.group.length < 2) {
      openCase(state.selected.id()); e.preventDefault();
    } else if (e.key === 'Escape' && state.group.length > 1) { clearGroup(); e.preventDefault(); }
    else if (e.key === 'Escape' && state.openCase) { openCase(null); e.preventDefault(); }
    else if (e.key === 'Escape' && state.selected) { select(null); e.preventDefault(); }
    else if ((e.ctrlKey || e.metaKey) && (e.key === 'a' || e.key === 'A')) { setGroup(inScope(), null); e.preventDefault(); }
    else if (e.code === 'BracketRight' || e.code === 'BracketLeft') {
      stepTo(e.code === 'BracketRight' ? 1 : -1, e.shiftKey); e.preventDefault();
    }
  });
  document.addEventListener('keydown', function (e) {
    if (!(e.ctrlKey || e.metaKey) || (e.key !== 'z' && e.key !== 'Z' && e.key !== 'y')) { return; }
    if (e.target.closest && e.target.closest('input, textarea, select')) { return; }
    e.preventDefault();
    if (e.key === 'y' || e.shiftKey) { redo(); } else { undo(); }
  });
  document.getElementById('undo').addEventListener('click', undo);
  document.getElementById('redo').addEventListener('click', redo);
  document.getElementById('zoom-in').addEventListener('click', function () { zoomTo(stage.scaleX() * 1.5); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomTo(stage.scaleX() / 1.5); });
  document.getElementById('zoom-fit').addEventListener('click', resetView);
  document.getElementById('open-case').addEventListener('click', function () {
    openCase(state.openCase ? null : state.selected && state.selected.id());
  });
  document.getElementById('rotate-left').addEventListener('click', function () { rotateSelected(15); });
  document.getElementById('rotate-right').addEventListener('click', function () { rotateSelected(-15); });
  document.getElementById('save').addEventListener('click', save);
  document.getElementById('save').disabled = !canSave;
  document.getElementById('render').addEventListener('click', renderPreview);
  document.getElementById('version-select').addEventListener('change', function (e) { load(Number(e.target.value)); });
  window.addEventListener('beforeunload', function (e) { if (state.dirty) { e.preventDefault(); } });

  window.layoutEditor = {
    state: state, stage: stage, check: check, save: save, load: load, undo: undo, redo: redo,
    openCase: openCase, select: function (id) { focusItem(id); },
    /* the selection as ids (several: the group) */
    selection: function () { return state.group.length ? state.group.slice() : (state.selectedId ? [state.selectedId] : []); },
    /* page coordinates of an element's centre (for tests and accessibility tools) */
    pagePosition: function (id) {
      var node = state.nodes[id];
      var p = node.getAbsolutePosition();
      var box = container.getBoundingClientRect();
      return {x: box.left + window.scrollX + p.x, y: box.top + window.scrollY + p.y};
    },
    idle: function () { return state.checking === 0 && !checkTimer; }
  };
  load(null);
})();
