/**
 * Real-time factor of the simulator: Kindred's full cycle (SimSystem read → ControllerManager with a
 * hold controller → SafetyGate → SimSystem write with drives, people, sensors and the viewer frame)
 * against a bare MuJoCo loop stepping the same compiled model on the same thread, in the same run.
 * The lead's `kindred sim bench` adds the variant through the real-time worker in lock-step.
 */
import { performance } from 'node:perf_hooks';
import { ControllerManager } from '../runtime/control/index.js';
import { JointHoldController } from '../runtime/control/controllers/JointHoldController.js';
import { createSimFrameBuffer } from './frame/SimFrameBuffer.js';
import { compileMjcf, loadMujoco } from './mujoco/loadMujoco.js';
import type { MujocoModule } from './mujoco/types.js';
import { LoopHost } from '../runtime/loop/index.js';
import { silentLogger } from '../runtime/logging/index.js';
import { composeSimScene } from './plugin.js';
import { prepareSim } from './SimHost.js';
import type { SceneId } from './scenes/types.js';
import { SimSystem, type SimScene } from './SimSystem.js';

export interface SimBenchOptions {
  /** Simulated seconds per measured round (default 10; quick: 1). */
  readonly seconds?: number;
  readonly quick: boolean;
  /** Default: exo_standing (patient legs) and transfer_bed (bed patient). */
  readonly scenes?: readonly SceneId[];
}

/** One scene's figures. RTF = simulated seconds per wall-clock second. */
export interface SimBenchRow {
  readonly scene: string;
  readonly people: readonly string[];
  readonly physicsHz: number;
  readonly rateHz: number;
  /** Simulated seconds per round; the figures are medians over `rounds`. */
  readonly simSeconds: number;
  readonly rounds: number;
  readonly bareRtf: number;
  readonly kindredRtf: number;
  /** Kindred's wall time / the bare loop's for the same simulated time (1 = no overhead). */
  readonly overhead: number;
}

/** The loop rate used per scene: the exoskeleton at 1 kHz (as the aim), the others at 500 Hz. */
export const BENCH_RATE_HZ: Readonly<Record<SceneId, number>> = { exo_standing: 1000, exo_treadmill: 1000, transfer_bed: 500, companion_home: 500 };

/** Simulated seconds run before measuring, so V8 has tiered MuJoCo's WebAssembly up (see benchScene). */
const WARM_UP_S = 3;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Measure one scene: a warm-up, then `rounds` alternating rounds of the bare loop and Kindred's cycle,
 * each covering `seconds` of simulated time.
 */
export function benchScene(mujoco: MujocoModule, scene: SimScene, rateHz: number, seconds: number, rounds: number): SimBenchRow {
  const physicsHz = scene.physicsHz;
  // Bare: the same compiled model, mj_step in a tight loop.
  const model = compileMjcf(mujoco, scene.xml, `bench ${scene.id}`);
  const data = new mujoco.MjData(model);
  mujoco.mj_forward(model, data);
  const bare = (simS: number): number => {
    const n = Math.round(simS * physicsHz);
    const t0 = performance.now();
    for (let k = 0; k < n; k++) mujoco.mj_step(model, data);
    return (performance.now() - t0) / 1000;
  };

  // Kindred: SimSystem with default (noisy) sensors and the viewer frame, under a ControllerManager
  // whose hold controller claims every joint's active command interface.
  const probe = compileMjcf(mujoco, scene.xml, `bench ${scene.id}`);
  const frameBuffer = createSimFrameBuffer({ nbody: probe.nbody, njoint: scene.joints.length, nforce: scene.forceArrows.length });
  probe.delete();
  const sim = new SimSystem('sim', mujoco, scene, { seed: 1, rateHz, frameBuffer });
  const manager = new ControllerManager([sim]);
  const claimed = scene.joints.filter((j) => j.commandInterfaces.length > 0).map((j) => `${j.name}/${j.commandInterfaces[0]!}`);
  manager.load(new JointHoldController('hold', claimed));
  manager.activateHardware();
  manager.activate('hold');
  let cycle = 0;
  const periodS = 1 / rateHz;
  const kindred = (simS: number): number => {
    const n = Math.round(simS * rateHz);
    const t0 = performance.now();
    for (let k = 0; k < n; k++) {
      manager.cycle(cycle * periodS, periodS);
      cycle++;
    }
    return (performance.now() - t0) / 1000;
  };

  // WebAssembly starts on V8's baseline compiler (Liftoff) and tiers up to optimised code after a few
  // thousand steps; measure only after both sides have tiered up.
  const warm = WARM_UP_S;
  bare(warm);
  kindred(warm);
  const bareWall: number[] = [];
  const kindredWall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      bareWall.push(bare(seconds));
      kindredWall.push(kindred(seconds));
    } else {
      kindredWall.push(kindred(seconds));
      bareWall.push(bare(seconds));
    }
  }
  data.delete();
  model.delete();
  const b = median(bareWall);
  const k = median(kindredWall);
  return {
    scene: scene.id,
    people: scene.humans.map((h) => h.prefix),
    physicsHz,
    rateHz,
    simSeconds: seconds,
    rounds,
    bareRtf: seconds / b,
    kindredRtf: seconds / k,
    overhead: k / b,
  };
}

/** The benchmark scenes with their people, in this process. */
export async function runSimBench(options: SimBenchOptions): Promise<SimBenchRow[]> {
  const mujoco = await loadMujoco();
  const seconds = options.seconds ?? (options.quick ? 1 : 10);
  const rounds = options.quick ? 3 : 5;
  const rows: SimBenchRow[] = [];
  for (const id of options.scenes ?? (['exo_standing', 'transfer_bed'] as const)) {
    rows.push(benchScene(mujoco, composeSimScene({ scene: id, withPeople: true }), BENCH_RATE_HZ[id], seconds, rounds));
  }
  return rows;
}

/**
 * The same scene through the real-time worker in lock-step: the SimSystem plugin loaded in the worker,
 * a hold controller on every joint, the SafetyGate, the shared-memory state and statistics — stepped
 * as fast as the worker can, in batches of one simulated second. Returns the median real-time factor.
 */
export async function benchWorkerLoop(id: SceneId, seconds: number, rounds: number): Promise<number> {
  const rateHz = BENCH_RATE_HZ[id];
  const sim = await prepareSim({ scene: id, seed: 1, rateHz });
  const scene = composeSimScene({ scene: id, withPeople: true });
  const joints = scene.joints.filter((j) => j.commandInterfaces.includes('position')).map((j) => j.name);
  const host = await LoopHost.start(
    {
      rateHz,
      mode: 'lockstep',
      stallTimeoutMs: 10_000,
      spinUs: 0,
      hardware: [sim.spec],
      controllers: joints.length === 0 ? [] : [{ name: 'hold', type: 'joint_hold', joints, interface: 'position', params: {}, autostart: true }],
    },
    silentLogger(),
  );
  try {
    const cyclesPerRound = Math.round(seconds * rateHz);
    const batch = Math.max(1, Math.round(rateHz / 10));
    const run = async (cycles: number): Promise<number> => {
      const t0 = performance.now();
      for (let done = 0; done < cycles; done += batch) await host.step(Math.min(batch, cycles - done));
      return (performance.now() - t0) / 1000;
    };
    await run(Math.round(WARM_UP_S * rateHz));
    const walls: number[] = [];
    for (let r = 0; r < rounds; r++) walls.push(await run(cyclesPerRound));
    return seconds / median(walls);
  } finally {
    await host.stop();
  }
}

/** `kindred sim bench`: per scene, Kindred's real-time factor through the worker, in-thread, and the bare loop's. */
export interface SimBenchReport {
  readonly scene: SceneId;
  readonly people: readonly string[];
  readonly rateHz: number;
  readonly physicsHz: number;
  /** The full Kindred loop through the real-time worker (lock-step). */
  readonly kindredRtf: number;
  /** The same cycle on this thread (no worker, no shared memory). */
  readonly inThreadRtf: number;
  readonly bareMujocoRtf: number;
  /** bare RTF / Kindred RTF: how much more wall time Kindred needs for the same simulated time. */
  readonly overhead: number;
}

export async function runSimBenchReport(options: SimBenchOptions): Promise<SimBenchReport[]> {
  const mujoco = await loadMujoco();
  const seconds = options.seconds ?? (options.quick ? 1 : 10);
  const rounds = options.quick ? 3 : 5;
  const out: SimBenchReport[] = [];
  for (const id of options.scenes ?? (['exo_standing', 'transfer_bed'] as const)) {
    const row = benchScene(mujoco, composeSimScene({ scene: id, withPeople: true }), BENCH_RATE_HZ[id], seconds, rounds);
    const workerRtf = await benchWorkerLoop(id, seconds, rounds);
    out.push({
      scene: id,
      people: row.people,
      rateHz: row.rateHz,
      physicsHz: row.physicsHz,
      kindredRtf: workerRtf,
      inThreadRtf: row.kindredRtf,
      bareMujocoRtf: row.bareRtf,
      overhead: row.bareRtf / workerRtf,
    });
  }
  return out;
}
