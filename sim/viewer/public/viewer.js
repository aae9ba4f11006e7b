// The simulation viewer page: connects to Kindred over socket.io, builds the Three.js scene from the
// `scene` message, poses it from `frame` messages, and renders on requestAnimationFrame when
// something changed (a frame, the camera). Controls go back as `control` with an acknowledgement.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { io } from 'socket.io-client';
import { BehaviorPanel } from './behaviorPanel.js';
import { Overlay } from './overlay.js';
import { SimScene } from './sceneBuilder.js';
import { TEXT } from './text.js';

/** A control not answered in this time is reported as unanswered. */
const CONTROL_TIMEOUT_MS = 5000;

const container = /** @type {HTMLElement} */ (document.getElementById('view'));
const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setPixelRatio(window.devicePixelRatio);
renderer.outputColorSpace = THREE.SRGBColorSpace;
container.append(renderer.domElement);

const world = new THREE.Scene();
world.background = new THREE.Color(0x1d232b);
world.add(new THREE.HemisphereLight(0xdde6f0, 0x3a3f46, 1.6));
const sun = new THREE.DirectionalLight(0xffffff, 1.8);
sun.position.set(3, -4, 6);
world.add(sun);

const camera = new THREE.PerspectiveCamera(45, 1, 0.01, 200);
camera.up.set(0, 0, 1); // MuJoCo's world is z-up
camera.position.set(2.5, -2.5, 1.8);
const controls = new OrbitControls(camera, renderer.domElement);
controls.target.set(0, 0, 0.5);
controls.enableDamping = true;

let dirty = true;
controls.addEventListener('change', () => {
  dirty = true;
});

function resize() {
  const { clientWidth: width, clientHeight: height } = container;
  if (width === 0 || height === 0) return;
  renderer.setSize(width, height, false);
  camera.aspect = width / height;
  camera.updateProjectionMatrix();
  dirty = true;
}
new ResizeObserver(resize).observe(container);
resize();

const socket = io({ path: '/sim/socket.io' });

/**
 * @param {object} control
 * @returns {Promise<import('./overlay.js').ControlResult>}
 */
async function send(control) {
  try {
    return await socket.timeout(CONTROL_TIMEOUT_MS).emitWithAck('control', control);
  } catch {
    return { ok: false, code: 'NO_REPLY', en: TEXT.noReply[1], zh: TEXT.noReply[0] };
  }
}

const overlay = new Overlay(document, send);
overlay.setConnection('connecting');

/** @type {SimScene | undefined} */
let sim;
/** @type {import('./sceneBuilder.js').ViewFrame | undefined} */
let latest;
let framed = false;
let everConnected = false;
let frames = 0;

const behaviors = new BehaviorPanel(document);

socket.on('connect', () => {
  overlay.setConnection(everConnected ? 'restored' : 'connected');
  // Reconnected: the server sends every run it keeps again; drop the ones it no longer has.
  if (everConnected) behaviors.clear();
  everConnected = true;
});
socket.on('disconnect', () => overlay.setConnection('lost'));

socket.on('scene', (/** @type {import('./sceneBuilder.js').ViewScene} */ view) => {
  // On reconnection the same scene arrives again: keep the camera where the user left it.
  if (sim?.view.name !== view.name) framed = false;
  sim?.dispose();
  sim = new SimScene(view);
  world.add(sim.root);
  overlay.setScene(view);
  dirty = true;
});

// Behaviours on their own channel: each run's chart once, its status on every change (≤ 10 Hz).
socket.on('behaviorChart', (/** @type {import('./behaviorPanel.js').ViewBehaviorChart} */ chart) => behaviors.setChart(chart));
socket.on('behavior', (/** @type {import('./behaviorPanel.js').ViewBehaviorStatus} */ status) => behaviors.setStatus(status));
socket.on('behaviorRemoved', (/** @type {{ runId: string }} */ { runId }) => behaviors.remove(runId));

socket.on('frame', (/** @type {import('./sceneBuilder.js').ViewFrame} */ frame) => {
  latest = frame;
  frames++;
});

/** Point the camera at the scene once its first frame has posed it. */
function frameCamera() {
  if (sim === undefined) return;
  const sphere = sim.bounds();
  const distance = Math.max(sphere.radius, 0.2) * 3;
  const direction = new THREE.Vector3(1, -1, 0.6).normalize();
  controls.target.copy(sphere.center);
  camera.position.copy(sphere.center).addScaledVector(direction, distance);
  controls.update();
  framed = true;
}

function animate() {
  requestAnimationFrame(animate);
  const frame = latest;
  if (frame !== undefined && sim !== undefined) {
    latest = undefined;
    sim.apply(frame);
    overlay.update(frame);
    if (!framed) frameCamera();
    dirty = true;
  }
  controls.update();
  if (dirty) {
    renderer.render(world, camera);
    dirty = false;
  }
}
requestAnimationFrame(animate);

// For developers in the browser console (and the viewer's tests): the socket, controls, and counters.
Object.assign(window, {
  kindredViewer: {
    socket,
    behaviors,
    send: (/** @type {object} */ control) => overlay.control(control),
    frames: () => frames,
  },
});
