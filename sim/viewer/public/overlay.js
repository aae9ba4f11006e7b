// The side panel: connection, sim time, run and safety state, controls, joint values with
// developer sliders, and force readings coloured against their limits. Testable through data-*
// attributes (data-time-s, data-running, data-safety, data-joint/data-value, data-force/data-level).
import { formatJoint, formatTime, forceLevel, safetyText, setBilingual, TEXT } from './text.js';

/**
 * @typedef {import('./sceneBuilder.js').ViewScene} ViewScene
 * @typedef {import('./sceneBuilder.js').ViewFrame} ViewFrame
 * @typedef {{ ok: true } | { ok: false, code: string, en: string, zh: string }} ControlResult
 * @typedef {(control: object) => Promise<ControlResult>} SendControl
 */

export class Overlay {
  /**
   * @param {Document} document
   * @param {SendControl} send
   */
  constructor(document, send) {
    this.document = document;
    this.send = send;
    const get = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    this.title = get('title');
    this.connection = get('connection');
    this.time = get('sim-time');
    this.runState = get('run-state');
    this.safety = get('safety');
    this.playPause = /** @type {HTMLButtonElement} */ (get('play-pause'));
    this.step = /** @type {HTMLButtonElement} */ (get('step'));
    this.stepCycles = /** @type {HTMLInputElement} */ (get('step-cycles'));
    this.timeScale = /** @type {HTMLSelectElement} */ (get('time-scale'));
    this.message = get('message');
    this.jointRows = /** @type {HTMLElement} */ (document.querySelector('#joints tbody'));
    this.forceRows = /** @type {HTMLElement} */ (document.querySelector('#forces tbody'));
    /** @type {ViewScene | undefined} */
    this.view = undefined;
    /** @type {{ value: HTMLElement, slider: HTMLInputElement, kind: 'hinge'|'slide', pending: boolean, queued: number | undefined }[]} */
    this.joints = [];
    /** @type {{ value: HTMLElement }[]} */
    this.forces = [];
    this.running = true;

    this.playPause.addEventListener('click', () => void this.control({ op: this.running ? 'pause' : 'play' }));
    this.step.addEventListener('click', () => void this.control({ op: 'step', cycles: Number(this.stepCycles.value) }));
    this.timeScale.addEventListener('change', () => void this.control({ op: 'timeScale', value: Number(this.timeScale.value) }));
  }

  /** @param {'connecting' | 'connected' | 'lost' | 'restored'} state */
  setConnection(state) {
    const attribute = state === 'restored' ? 'connected' : state;
    this.connection.dataset.connection = attribute;
    this.document.body.dataset.connection = attribute;
    setBilingual(this.connection, TEXT[state]);
    const disabled = attribute !== 'connected';
    this.playPause.disabled = disabled;
    this.timeScale.disabled = disabled;
    this.step.disabled = disabled || this.running;
  }

  /** @param {ViewScene} view */
  setScene(view) {
    this.view = view;
    this.document.title = `${view.name} — Kindred 仿真 Simulation`;
    setBilingual(this.title, ['仿真查看器', 'Simulation viewer'], ` · ${view.name}`);
    this.jointRows.replaceChildren();
    this.joints = view.joints.map((joint) => {
      const kind = joint.kind === 'slide' ? 'slide' : 'hinge';
      const row = this.document.createElement('tr');
      const name = cell(this.document, joint.name);
      const value = cell(this.document, '–');
      value.className = 'value';
      value.dataset.joint = joint.name;
      const slider = this.document.createElement('input');
      slider.type = 'range';
      slider.min = String(joint.lower);
      slider.max = String(joint.upper);
      slider.step = String((joint.upper - joint.lower) / 1000);
      slider.dataset.slider = joint.name;
      slider.setAttribute('aria-label', `${joint.name} 设定 Set`);
      if (joint.command === undefined) {
        slider.disabled = true;
        slider.title = TEXT.noCommand.join(' / ');
      }
      const entry = { value, slider, kind, pending: false, queued: /** @type {number | undefined} */ (undefined) };
      const sendValue = () => this.setJoint(joint.name, entry, Number(slider.value));
      slider.addEventListener('input', sendValue);
      slider.addEventListener('change', sendValue);
      const control = this.document.createElement('td');
      control.append(slider);
      row.append(name, value, control);
      this.jointRows.append(row);
      return entry;
    });
    this.forceRows.replaceChildren();
    this.forces = view.forces.map((channel) => {
      const row = this.document.createElement('tr');
      const value = cell(this.document, '–');
      value.className = 'value';
      value.dataset.force = channel.name;
      row.append(cell(this.document, channel.name), value, cell(this.document, `${channel.limitN.toFixed(0)} N`));
      this.forceRows.append(row);
      return { value };
    });
  }

  /** @param {ViewFrame} frame */
  update(frame) {
    this.time.textContent = formatTime(frame.timeS);
    this.time.dataset.timeS = String(frame.timeS);
    this.running = frame.running;
    this.runState.dataset.running = String(frame.running);
    setBilingual(this.runState, frame.running ? TEXT.running : TEXT.paused, ` · ${frame.timeScale}×`);
    this.safety.dataset.safety = frame.safety;
    setBilingual(this.safety, safetyText(frame.safety));
    setBilingual(this.playPause, frame.running ? TEXT.pause : TEXT.play);
    this.step.disabled = frame.running || this.connection.dataset.connection !== 'connected';
    if (this.document.activeElement !== this.timeScale) this.timeScale.value = String(frame.timeScale);

    this.joints.forEach((joint, i) => {
      const value = frame.joints[i];
      if (value === undefined) return;
      joint.value.textContent = formatJoint(value, joint.kind);
      joint.value.dataset.value = String(value);
      if (!joint.pending && this.document.activeElement !== joint.slider) joint.slider.value = String(value);
    });
    const view = this.view;
    this.forces.forEach((force, i) => {
      const channel = view?.forces[i];
      if (channel === undefined) return;
      const at = 6 * i;
      const forceN = Math.hypot(frame.forces[at + 3] ?? 0, frame.forces[at + 4] ?? 0, frame.forces[at + 5] ?? 0);
      force.value.textContent = `${forceN.toFixed(1)} N`;
      force.value.dataset.forceN = String(forceN);
      force.value.dataset.level = forceLevel(forceN, channel.limitN);
    });
  }

  /**
   * Send a control and show a refusal in the panel.
   * @param {object} control
   * @returns {Promise<ControlResult>}
   */
  async control(control) {
    const result = await this.send(control);
    if (result.ok) {
      this.message.textContent = '';
      this.message.dataset.code = '';
    } else {
      this.message.textContent = `${TEXT.refused[0]}：${result.zh} / ${TEXT.refused[1]}: ${result.en} (${result.code})`;
      this.message.dataset.code = result.code;
    }
    return result;
  }

  /**
   * Slider moves arrive faster than the simulation answers: keep one setJoint in flight and send
   * only the latest value after it.
   * @param {string} name
   * @param {{ pending: boolean, queued: number | undefined }} entry
   * @param {number} value
   */
  async setJoint(name, entry, value) {
    if (entry.pending) {
      entry.queued = value;
      return;
    }
    entry.pending = true;
    try {
      let next = /** @type {number | undefined} */ (value);
      while (next !== undefined) {
        entry.queued = undefined;
        await this.control({ op: 'setJoint', joint: name, value: next });
        next = entry.queued;
      }
    } finally {
      entry.pending = false;
    }
  }
}

/**
 * @param {Document} document
 * @param {string} text
 */
function cell(document, text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}
