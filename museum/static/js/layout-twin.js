/* The walk-through twin of a gallery layout: the hall GLB (render/hall.glb: walls, cases and their glass,
   objects as their 3D models or as boxes carrying their photo) in three.js. Walk: W/S or the up/down
   arrows go forward and back, A/D sideways, left/right turn, a drag looks around; Orbit: three's
   OrbitControls. The named viewpoints are the ones the preview renderer uses (plan metres: x east, y north,
   z up, yaw counter-clockwise from east); the GLB is in glTF axes (y up), so plan (x, y, z) is (x, z, -y). */
import * as THREE from 'three';
import {GLTFLoader} from 'three/addons/loaders/GLTFLoader.js';
import {OrbitControls} from 'three/addons/controls/OrbitControls.js';
import {CSS2DObject, CSS2DRenderer} from 'three/addons/renderers/CSS2DRenderer.js';

const root = document.getElementById('twin');
const canvas = document.getElementById('twin-view');
const statusBox = document.getElementById('twin-status');
const views = JSON.parse(document.getElementById('twin-views').textContent);
const T = JSON.parse(document.getElementById('twin-text').textContent);
const WALK = 1.6, TURN = Math.PI / 3;  // metres and radians per second
/* labels: each case's id and each object's title (the curator's language), written over the hall as DOM
   text (CSS2DRenderer: sharp at any size, the page's fonts); beyond these distances (m) they are hidden so
   the far end of the hall does not fill with words */
const LABELS = JSON.parse(document.getElementById('twin-labels').textContent);
const LABEL_REACH = {case: 16, object: 6};

const renderer = new THREE.WebGLRenderer({canvas, antialias: true, preserveDrawingBuffer: true});
renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
const scene = new THREE.Scene();
scene.background = new THREE.Color(0xdfe6ee);
scene.add(new THREE.HemisphereLight(0xffffff, 0x8a7f70, 2.2));
const sun = new THREE.DirectionalLight(0xffffff, 1.2);
sun.position.set(10, 20, 5);
scene.add(sun);
const camera = new THREE.PerspectiveCamera(55, 16 / 9, 0.05, 200);
camera.rotation.order = 'YXZ';
const orbit = new OrbitControls(camera, canvas);
orbit.enabled = false;
orbit.addEventListener('change', () => { dirty = true; });
const labelRenderer = new CSS2DRenderer();
labelRenderer.domElement.className = 'twin-labels';
labelRenderer.domElement.setAttribute('aria-hidden', 'true');  // the same words are in the page's lists
document.getElementById('twin-stage').appendChild(labelRenderer.domElement);
const labels = LABELS.map((item) => {
  const element = document.createElement('div');
  element.className = 'twin-label twin-label-' + item.kind;
  element.textContent = item.text;
  if (item.accession) { element.title = item.accession; }
  const label = new CSS2DObject(element);
  const [x, y, z] = item.at;
  label.position.set(x, z, -y);  // plan metres to glTF axes
  label.userData = {kind: item.kind, id: item.id};
  label.center.set(0.5, 1);  // its bottom centre just above the thing it names
  scene.add(label);
  return label;
});
let showLabels = true;
function placeLabels() {
  labels.forEach((label) => {
    label.visible = showLabels && label.position.distanceTo(camera.position) <= LABEL_REACH[label.userData.kind];
  });
}

let dirty = true, mode = 'walk', frames = 0, ready = false;
const held = new Set();

function size() {
  const width = canvas.clientWidth, height = Math.round(width * 9 / 16);
  canvas.style.height = height + 'px';
  renderer.setSize(width, height, false);
  labelRenderer.setSize(width, height);
  camera.aspect = width / height;
  camera.updateProjectionMatrix();
  dirty = true;
}

function view(name) {
  const [x, y, z, yaw, pitch] = views[name] || views.entrance;
  camera.position.set(x, z, -y);
  camera.rotation.set(pitch * Math.PI / 180, yaw * Math.PI / 180 - Math.PI / 2, 0);
  if (mode === 'orbit') { aimOrbit(); }
  dirty = true;
}

function aimOrbit() {
  const ahead = new THREE.Vector3();
  camera.getWorldDirection(ahead);
  orbit.target.copy(camera.position).addScaledVector(ahead, 3);
  orbit.update();
}

function setMode(next) {
  mode = next;
  orbit.enabled = mode === 'orbit';
  if (mode === 'orbit') { aimOrbit(); } else {
    const ahead = new THREE.Vector3();
    camera.getWorldDirection(ahead);
    camera.rotation.set(Math.asin(Math.max(-1, Math.min(1, ahead.y))), Math.atan2(-ahead.x, -ahead.z), 0);
  }
  dirty = true;
}

let last = performance.now();
function frame(now) {
  const seconds = Math.min(0.1, (now - last) / 1000);
  last = now;
  if (mode === 'walk' && held.size) {
    const yaw = camera.rotation.y;
    const forward = new THREE.Vector3(-Math.sin(yaw), 0, -Math.cos(yaw));
    const right = new THREE.Vector3(Math.cos(yaw), 0, -Math.sin(yaw));
    const step = WALK * seconds;
    if (held.has('w') || held.has('arrowup')) { camera.position.addScaledVector(forward, step); }
    if (held.has('s') || held.has('arrowdown')) { camera.position.addScaledVector(forward, -step); }
    if (held.has('d')) { camera.position.addScaledVector(right, step); }
    if (held.has('a')) { camera.position.addScaledVector(right, -step); }
    if (held.has('arrowleft')) { camera.rotation.y += TURN * seconds; }
    if (held.has('arrowright')) { camera.rotation.y -= TURN * seconds; }
    dirty = true;
  }
  if (dirty) {
    placeLabels();
    renderer.render(scene, camera);
    labelRenderer.render(scene, camera);
    frames += 1;
    dirty = false;
  }
  requestAnimationFrame(frame);
}

const MOVES = new Set(['w', 'a', 's', 'd', 'arrowup', 'arrowdown', 'arrowleft', 'arrowright']);
canvas.addEventListener('keydown', (e) => {
  const key = e.key.toLowerCase();
  if (MOVES.has(key) && mode === 'walk') { held.add(key); e.preventDefault(); }
});
canvas.addEventListener('keyup', (e) => { held.delete(e.key.toLowerCase()); });
canvas.addEventListener('blur', () => { held.clear(); });
let dragging = null;
canvas.addEventListener('pointerdown', (e) => {
  if (mode !== 'walk') { return; }
  dragging = {x: e.clientX, y: e.clientY};
  canvas.setPointerCapture(e.pointerId);
});
canvas.addEventListener('pointermove', (e) => {
  if (!dragging) { return; }
  camera.rotation.y += (e.clientX - dragging.x) * 0.005;
  camera.rotation.x = Math.max(-1.2, Math.min(1.2, camera.rotation.x + (e.clientY - dragging.y) * 0.005));
  dragging = {x: e.clientX, y: e.clientY};
  dirty = true;
});
canvas.addEventListener('pointerup', () => { dragging = null; });
document.getElementById('viewpoint').addEventListener('change', (e) => { view(e.target.value); canvas.focus(); });
document.querySelectorAll('input[name=mode]').forEach((radio) => {
  radio.addEventListener('change', () => { if (radio.checked) { setMode(radio.value); } });
});
window.addEventListener('resize', size);
document.getElementById('show-labels').addEventListener('change', (e) => { showLabels = e.target.checked; dirty = true; });

size();
view('entrance');
requestAnimationFrame(frame);
statusBox.textContent = T.loading;
new GLTFLoader().load(root.dataset.glb, (gltf) => {
  scene.add(gltf.scene);
  const glass = [];
  gltf.scene.traverse((node) => {
    if (node.isMesh && node.material && node.material.transparent) { glass.push(node); }
  });
  /* case glass: see-through (blended, drawn after the solids) with its edges drawn, so a case reads as
     glass and not as a haze */
  glass.forEach((node) => {
    node.renderOrder = 1;
    node.material.depthWrite = false;
    const edges = new THREE.LineSegments(new THREE.EdgesGeometry(node.geometry, 30),
      new THREE.LineBasicMaterial({color: 0x6f8fa3, transparent: true, opacity: 0.8}));
    edges.name = node.name + '-edges';
    node.add(edges);
  });
  ready = true;
  dirty = true;
  statusBox.textContent = T.ready;
}, undefined, (error) => {
  statusBox.textContent = T.failed.replace('{reason}', error.message || String(error));
});

/* for tests and tools: the scene, the named views, whether the hall is in and how many frames were drawn */
window.layoutTwin = {
  scene, camera, view, setMode, labels,
  /* the labels shown now, by id */
  shownLabels() { return labels.filter((l) => l.visible).map((l) => l.userData.id); },
  get ready() { return ready; },
  get frames() { return frames; },
  redraw() { dirty = true; },
};
