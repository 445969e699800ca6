/* Plan editor of a gallery layout (Konva). Coordinates: the layout is in hall metres, x east and y north;
   the plan is drawn north up, so screen y = (maxY - y) * scale and Konva rotations are the negated
   layout rotations (layout: counter-clockwise degrees). Objects are children of their case's group, so
   their positions stay case-local, as in the layout format. */
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
               nodes: {}, report: null, selected: null, checkSeq: 0, checking: 0, dirty: false};
  var container = document.getElementById('plan');
  var stage = new Konva.Stage({container: 'plan', width: container.clientWidth || 900, height: 480});
  var layer = new Konva.Layer();
  var marks = new Konva.Layer({listening: false});
  stage.add(layer);
  stage.add(marks);
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
  function label(text) { return text ? (text.zh || text.en || Object.values(text)[0] || '') : ''; }

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

  function objectShape(p, local) {
    var size = objectSize(p.object) || {width: 0.2, depth: 0.2};
    var s = state.scale, shape;
    var common = {id: p.id, name: 'placement', draggable: canSave, x: local[0] * s, y: -local[1] * s,
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
    shape.on('dragmove', function () { updatePlacement(shape, p); scheduleCheck(150); });
    shape.on('dragend', function () { updatePlacement(shape, p); scheduleCheck(0); });
    shape.on('transformend', function () { p.rotation = normal(-shape.rotation()); changed(); });
    shape.on('mouseenter', function () { showSelection(p.id + ' ' + p.object.accession_number + ' ' + label(p.object.title)); });
    return shape;
  }

  function updatePlacement(shape, p) {
    var s = state.scale;
    if (p.case) { p.position = [round(shape.x() / s), round(-shape.y() / s)]; }
    else { p.position = [round(state.minX + shape.x() / s), round(state.maxY - shape.y() / s)]; }
    state.dirty = true;
  }

  function caseGroup(c) {
    var s = state.scale;
    var group = new Konva.Group({id: c.id, name: 'case', x: sx(c.position[0]), y: sy(c.position[1]),
                                 rotation: -(c.rotation || 0), draggable: canSave});
    group.setAttr('layoutKind', 'case');
    var fill = {wall_case: '#d9e6f2', freestanding_case: '#dcecf7', table_case: '#e3f0e6', plinth: '#e8e2d6'}[c.type];
    group.add(new Konva.Rect({name: 'outline', width: c.outer.width * s, height: c.outer.depth * s,
      offsetX: c.outer.width * s / 2, offsetY: c.outer.depth * s / 2, fill: fill || '#ddd', stroke: '#4a6a8a',
      strokeWidth: 1.5, strokeScaleEnabled: false}));
    if (c.inner) {
      group.add(new Konva.Rect({width: c.inner.width * s, height: c.inner.depth * s, listening: false,
        offsetX: c.inner.width * s / 2, offsetY: c.inner.depth * s / 2, stroke: '#8fb3d6', strokeWidth: 1}));
    }
    var upright = Math.abs(normal(c.rotation || 0)) > 90;  /* keep the case label readable */
    group.add(new Konva.Text({text: c.id, fontSize: 11, fill: '#1f3b57', listening: false,
      x: (upright ? 1 : -1) * c.outer.width * s / 2, y: (upright ? -1 : 1) * (c.outer.depth * s / 2 + 2),
      rotation: upright ? 180 : 0}));
    state.doc.placements.filter(function (p) { return p.case === c.id; }).forEach(function (p) {
      var shape = objectShape(p, p.position);
      group.add(shape);
      state.nodes[p.id] = shape;
    });
    group.on('dragmove', function (e) { if (e.target === group) { updateCase(group, c); scheduleCheck(150); } });
    group.on('dragend', function (e) { if (e.target === group) { updateCase(group, c); scheduleCheck(0); } });
    group.on('transformend', function (e) { if (e.target === group) { c.rotation = normal(-group.rotation()); changed(); } });
    group.on('mouseenter', function () { showSelection(c.id + ' ' + c.type + ' ' + label(c.label)); });
    return group;
  }

  function updateCase(group, c) {
    c.position = [round(state.minX + group.x() / state.scale), round(state.maxY - group.y() / state.scale)];
    state.dirty = true;
  }

  function build() {
    layer.destroyChildren();
    state.nodes = {};
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
    select(null);
    highlight();
  }

  function select(node) {
    state.selected = node;
    transformer.nodes(node && canSave ? [node] : []);
    document.getElementById('rotate-left').disabled = !node || !canSave;
    document.getElementById('rotate-right').disabled = !node || !canSave;
    if (node) { showSelection(node.id()); }
  }
  function showSelection(text) { document.getElementById('selection').textContent = text; }

  function rotateSelected(degrees) {
    var node = state.selected;
    if (!node) { return; }
    node.rotation(node.rotation() - degrees);
    var id = node.id();
    var c = state.doc.cases.find(function (x) { return x.id === id; });
    var p = state.doc.placements.find(function (x) { return x.id === id; });
    if (c) { c.rotation = normal(-node.rotation()); }
    if (p) { p.rotation = normal(-node.rotation()); }
    transformer.forceUpdate();
    changed();
  }

  function changed() { state.dirty = true; scheduleCheck(0); }

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
      item.textContent = problemText(p);
      list.appendChild(item);
    });
    var count = document.getElementById('problem-count');
    count.textContent = state.report ? (report.problems.length ? words(T.problems, {count: report.problems.length})
      : T.no_problems) : '…';
    list.className = report.problems.length ? '' : 'ok';
    layer.batchDraw();
    marks.batchDraw();
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
      build();
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
    select(kind === 'case' || kind === 'placement' ? node : null);
  });
  container.addEventListener('keydown', function (e) {
    if (e.key === 'r' || e.key === 'R') { rotateSelected(e.shiftKey ? -15 : 15); e.preventDefault(); }
  });
  document.getElementById('rotate-left').addEventListener('click', function () { rotateSelected(15); });
  document.getElementById('rotate-right').addEventListener('click', function () { rotateSelected(-15); });
  document.getElementById('save').addEventListener('click', save);
  document.getElementById('save').disabled = !canSave;
  document.getElementById('render').addEventListener('click', renderPreview);
  document.getElementById('version-select').addEventListener('change', function (e) { load(Number(e.target.value)); });
  window.addEventListener('beforeunload', function (e) { if (state.dirty) { e.preventDefault(); } });

  window.layoutEditor = {
    state: state, stage: stage, check: check, save: save, load: load,
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
