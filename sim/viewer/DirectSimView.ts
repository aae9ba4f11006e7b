import type { MjData, MjModel } from 'mujoco-js';
import { KindredError, show } from '../../runtime/errors/index.js';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { bindFrame, captureFrame, contactForces, type FrameBinding } from './captureFrame.js';
import { describeScene } from './describeScene.js';
import type { SimViewSource, ViewControl, ViewFrame, ViewJoint, ViewScene } from './SimViewSource.js';

export interface DirectSimViewOptions {
  /** Shown as the page title. */
  readonly name: string;
  /** Joints to show; default every named hinge and slide joint, each with a slider (`<joint>/position`). */
  readonly joints?: readonly ViewJoint[];
  /** Contact-force arrows, anchored to bodies by MJCF name. */
  readonly forces?: readonly { readonly name: string; readonly body: string; readonly limitN: number }[];
  /** Start running (default) or paused. */
  readonly running?: boolean;
  readonly timeScale?: number;
  /** Wall-clock period of the stepping timer started by `start()`; default 10 ms. */
  readonly tickMs?: number;
}

/** At most this much simulated time per tick, so a stalled event loop never triggers a burst of steps. */
const MAX_SIM_S_PER_TICK = 0.25;

/**
 * A SimViewSource that runs a MuJoCo model on this thread: `mj_step` on a wall-clock timer scaled by
 * the time scale, paused/stepped/scaled and joints set from the viewer. For developers viewing a bare
 * MJCF file and for the viewer's tests; Kindred's own simulation runs in the real-time worker and
 * reaches the viewer through shared memory instead.
 */
export class DirectSimView implements SimViewSource {
  private readonly data: MjData;
  private readonly view: ViewScene;
  private readonly binding: FrameBinding;
  private readonly dtS: number;
  private running: boolean;
  private timeScale: number;
  private safety = 'normal';
  private owedS = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastTickMs = 0;
  private closed = false;

  /** Compile `xml` (MJCF text; `source` names it in errors) and wrap it. */
  static async fromMjcf(xml: string, source: string, options: DirectSimViewOptions): Promise<DirectSimView> {
    const mujoco = await loadMujoco();
    return new DirectSimView(mujoco, compileMjcf(mujoco, xml, source), options);
  }

  /** Takes ownership of `model`: `close()` frees it. */
  constructor(
    private readonly mujoco: MujocoModule,
    private readonly model: MjModel,
    private readonly options: DirectSimViewOptions,
  ) {
    const forces = (options.forces ?? []).map((f, i) => {
      const body = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY.value, f.body);
      if (body < 0) {
        throw new KindredError('SIM_VIEWER_FORCE_BODY', `force channel ${show(f.name)} names body ${show(f.body)}, which the model does not have`, {
          field: `forces[${i}].body`,
          value: f.body,
          expected: 'an MJCF body name',
        });
      }
      return { name: f.name, body, limitN: f.limitN };
    });
    let joints = options.joints;
    if (joints === undefined) {
      joints = describeScene(mujoco, model, { name: options.name }).joints.map((j) => ({ ...j, command: `${j.name}/position` }));
    }
    this.view = describeScene(mujoco, model, { name: options.name, joints, forces });
    this.binding = bindFrame(mujoco, model, this.view);
    const opt = model.opt;
    this.dtS = opt.timestep;
    opt.delete();
    this.running = options.running ?? true;
    this.timeScale = options.timeScale ?? 1;
    this.data = new mujoco.MjData(model);
    mujoco.mj_forward(model, this.data);
  }

  /** The physics time step (one `step` cycle), seconds. */
  get timestepS(): number {
    return this.dtS;
  }

  /** Start stepping on a wall-clock timer. */
  start(): void {
    if (this.timer !== undefined || this.closed) return;
    this.lastTickMs = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.advance((now - this.lastTickMs) / 1000);
      this.lastTickMs = now;
    }, this.options.tickMs ?? 10);
  }

  /**
   * Advance by `wallS` seconds of wall-clock time (× the time scale) when running; returns the number
   * of physics steps taken. The timer calls this; tests may call it directly instead of waiting.
   */
  advance(wallS: number): number {
    if (!this.running || this.closed) return 0;
    this.owedS += Math.max(0, wallS) * this.timeScale;
    if (this.owedS > MAX_SIM_S_PER_TICK) this.owedS = MAX_SIM_S_PER_TICK;
    const steps = Math.floor(this.owedS / this.dtS + 1e-9);
    this.owedS -= steps * this.dtS;
    for (let i = 0; i < steps; i++) this.mujoco.mj_step(this.model, this.data);
    return steps;
  }

  /** Shown in the page's overlay (a bare MJCF has no safety supervisor; tests set it). */
  setSafety(state: string): void {
    this.safety = state;
  }

  scene(): ViewScene {
    return this.view;
  }

  frame(): ViewFrame {
    return captureFrame(
      this.data,
      this.binding,
      { safety: this.safety, running: this.running, timeScale: this.timeScale },
      contactForces(this.model, this.data, this.binding),
    );
  }

  control(c: ViewControl): Promise<void> {
    try {
      this.apply(c);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Stop the timer and free the MuJoCo data and model. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.data.delete();
    this.model.delete();
  }

  private apply(c: ViewControl): void {
    switch (c.op) {
      case 'play':
        this.running = true;
        this.owedS = 0;
        this.lastTickMs = performance.now();
        return;
      case 'pause':
        this.running = false;
        this.owedS = 0;
        return;
      case 'step':
        if (this.running) {
          throw new KindredError('SIM_VIEWER_STEP_WHILE_RUNNING', `cannot step ${c.cycles} cycles while the simulation runs; pause first`, {
            field: 'op',
            value: 'step',
          });
        }
        checkWhole(c.cycles);
        for (let i = 0; i < c.cycles; i++) this.mujoco.mj_step(this.model, this.data);
        this.mujoco.mj_forward(this.model, this.data);
        return;
      case 'timeScale':
        if (!Number.isFinite(c.value) || c.value <= 0) {
          throw new KindredError('SIM_VIEWER_CONTROL_INVALID', `time scale ${show(c.value)} is not a positive number`, {
            field: 'value',
            value: c.value,
            expected: '> 0',
          });
        }
        this.timeScale = c.value;
        return;
      case 'setJoint':
        this.setJoint(c.joint, c.value);
        return;
    }
  }

  private setJoint(name: string, value: number): void {
    const index = this.view.joints.findIndex((j) => j.name === name);
    const joint = this.view.joints[index];
    if (joint === undefined) {
      throw new KindredError(
        'SIM_VIEWER_JOINT_UNKNOWN',
        `setJoint names joint ${show(name)}; the viewer shows ${show(this.view.joints.map((j) => j.name).join(', '))}`,
        { field: 'joint', value: name },
      );
    }
    if (!Number.isFinite(value) || value < joint.lower || value > joint.upper) {
      throw new KindredError('SIM_VIEWER_JOINT_OUT_OF_RANGE', `setJoint ${name} to ${show(value)}; expected ${joint.lower} to ${joint.upper}`, {
        field: 'value',
        value,
        expected: `${joint.lower} to ${joint.upper}`,
      });
    }
    (this.data.qpos as Float64Array)[this.binding.qposAdr[index] ?? 0] = value;
    (this.data.qvel as Float64Array)[this.binding.dofAdr[index] ?? 0] = 0;
    this.mujoco.mj_forward(this.model, this.data);
  }
}

function checkWhole(cycles: number): void {
  if (!Number.isInteger(cycles) || cycles < 1) {
    throw new KindredError('SIM_VIEWER_CONTROL_INVALID', `step cycles ${show(cycles)} is not a whole number ≥ 1`, {
      field: 'cycles',
      value: cycles,
      expected: 'an integer ≥ 1',
    });
  }
}
