import { INPUT } from '../../monitors/Monitor.js';
import { buildSupervisor } from '../buildSupervisor.js';
import type { SafetySupervisor } from '../SafetySupervisor.js';
import type { SupervisorConfigInput } from '../supervisorConfig.js';
import { FakeActuator } from './FakeActuator.js';

/** A supervisor over named state and command buffers with a fake actuator, stepped cycle by cycle. */
export interface SupervisedRig {
  readonly supervisor: SafetySupervisor;
  readonly actuator: FakeActuator;
  readonly state: Float64Array;
  readonly commands: Float64Array;
  readonly claimed: Uint8Array;
  readonly heartbeat: Int32Array;
  readonly loggedSeq: Int32Array;
  readonly periodS: number;
  /** Cycles stepped so far. */
  readonly cycles: number;
  /** Set a state interface by name. */
  set(name: string, value: number): void;
  get(name: string): number;
  /** Run `n` cycles (time advances one period each), calling `each(k)` before every step. */
  step(n?: number, each?: (k: number) => void): void;
}

export interface RigOptions {
  readonly stateNames: readonly string[];
  readonly commandNames: readonly string[];
  readonly config?: SupervisorConfigInput;
  readonly periodS?: number;
  readonly stallTimeoutS?: number;
  /** Called before every step: e.g. wiggle noisy sensors so freshness holds. */
  readonly noise?: (state: Float64Array, k: number) => void;
}

/** Build a rig; every command interface is claimed. */
export function supervisedRig(o: RigOptions): SupervisedRig {
  const periodS = o.periodS ?? 0.002;
  const state = new Float64Array(o.stateNames.length);
  const commands = new Float64Array(o.commandNames.length);
  const claimed = new Uint8Array(o.commandNames.length).fill(1);
  const heartbeat = new Int32Array(2);
  const loggedSeq = new Int32Array(1);
  const actuator = new FakeActuator();
  const supervisor = buildSupervisor(
    o.config ?? {},
    { stateNames: o.stateNames, commandNames: o.commandNames, periodS, stallTimeoutS: o.stallTimeoutS ?? 0.2, claimed },
    { state, commands, actuator, heartbeat, loggedSeq },
  );
  const index = (name: string): number => {
    const i = o.stateNames.indexOf(name);
    if (i < 0) throw new Error(`no state interface ${name}`);
    return i;
  };
  let k = 0;
  return {
    supervisor,
    actuator,
    state,
    commands,
    claimed,
    heartbeat,
    loggedSeq,
    periodS,
    get cycles() {
      return k;
    },
    set: (name, value) => {
      state[index(name)] = value;
    },
    get: (name) => state[index(name)]!,
    step(n = 1, each) {
      for (let j = 0; j < n; j++) {
        o.noise?.(state, k);
        each?.(k);
        actuator.cycle = k;
        supervisor.inputs[INPUT.TIME_S] = k * periodS;
        supervisor.step();
        k++;
      }
    },
  };
}
