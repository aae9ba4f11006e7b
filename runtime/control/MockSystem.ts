import type { CycleStatus, GatedCommands } from '../../safety/index.js';
import type { HardwareComponent } from './HardwareComponent.js';
import type { InterfaceDescription } from './InterfaceDescription.js';

export interface MockJoint {
  readonly name: string;
  /** Which command interfaces the joint takes; the first one listed drives the ideal model. */
  readonly command: readonly ('position' | 'velocity' | 'effort')[];
  readonly initialPositionRad?: number;
  readonly min?: number;
  readonly max?: number;
}

/**
 * Ideal hardware for tests and the embedded default without a simulator: a position command is
 * reached in one cycle, a velocity command is integrated, an effort command is reported back as the
 * measured effort. Every joint exports position, velocity and effort state interfaces.
 */
export class MockSystem implements HardwareComponent {
  private state: Float64Array = new Float64Array(0);
  private active = false;
  /** Joint index → which command drives it, resolved at construction. */
  private readonly drive: Int8Array;
  private readonly commandOffset: Int32Array;
  private readonly cmdInterfaces: readonly InterfaceDescription[];

  constructor(
    readonly name: string,
    private readonly joints: readonly MockJoint[],
  ) {
    const DRIVE = { position: 0, velocity: 1, effort: 2 } as const;
    this.drive = new Int8Array(joints.length);
    this.commandOffset = new Int32Array(joints.length);
    const cmds: InterfaceDescription[] = [];
    joints.forEach((j, i) => {
      this.drive[i] = DRIVE[j.command[0] ?? 'position'];
      this.commandOffset[i] = cmds.length;
      for (const c of j.command) {
        cmds.push({
          prefix: j.name,
          interfaceName: c,
          ...(c === 'position' && j.min !== undefined ? { min: j.min } : {}),
          ...(c === 'position' && j.max !== undefined ? { max: j.max } : {}),
        });
      }
    });
    this.cmdInterfaces = cmds;
  }

  stateInterfaces(): readonly InterfaceDescription[] {
    return this.joints.flatMap((j) => [
      { prefix: j.name, interfaceName: 'position', initialValue: j.initialPositionRad ?? 0 },
      { prefix: j.name, interfaceName: 'velocity', initialValue: 0 },
      { prefix: j.name, interfaceName: 'effort', initialValue: 0 },
    ]);
  }

  commandInterfaces(): readonly InterfaceDescription[] {
    return this.cmdInterfaces;
  }

  configure(state: Float64Array): void {
    this.state = state;
    this.joints.forEach((j, i) => {
      state[3 * i] = j.initialPositionRad ?? 0;
      state[3 * i + 1] = 0;
      state[3 * i + 2] = 0;
    });
  }

  activate(): void {
    this.active = true;
  }

  deactivate(): void {
    this.active = false;
    for (let i = 0; i < this.joints.length; i++) this.state[3 * i + 1] = 0;
  }

  read(): CycleStatus {
    return 'ok';
  }

  write(_timeS: number, periodS: number, commands: GatedCommands): CycleStatus {
    if (!this.active) return 'ok';
    const s = this.state;
    const cmd = commands.values;
    for (let i = 0; i < this.joints.length; i++) {
      const c = cmd[this.commandOffset[i]!]!;
      const p = 3 * i;
      switch (this.drive[i]) {
        case 0: {
          const previous = s[p]!;
          s[p] = c;
          s[p + 1] = periodS > 0 ? (c - previous) / periodS : 0;
          break;
        }
        case 1:
          s[p] = s[p]! + c * periodS;
          s[p + 1] = c;
          break;
        default:
          s[p + 2] = c;
      }
    }
    return 'ok';
  }
}
