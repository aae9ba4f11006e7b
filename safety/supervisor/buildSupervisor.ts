import { KindredError } from '../../runtime/errors/index.js';
import type { ComposedLimits } from '../limits/JointLimits.js';
import { regionForceLimits } from '../monitors/bodyRegionLimits.js';
import { CommandWatchdogMonitor } from '../monitors/CommandWatchdogMonitor.js';
import { EstopMonitor } from '../monitors/EstopMonitor.js';
import { FaultSlots } from '../monitors/FaultSlots.js';
import { HardwareFaultMonitor } from '../monitors/HardwareFaultMonitor.js';
import { FreshnessMonitor, type FreshChannel } from '../monitors/FreshnessMonitor.js';
import { InteractionForceMonitor, type ForceChannel } from '../monitors/InteractionForceMonitor.js';
import { LoopOverrunMonitor } from '../monitors/LoopOverrunMonitor.js';
import type { Monitor } from '../monitors/Monitor.js';
import { PlausibilityMonitor, type RangeCheck, type RedundantPair } from '../monitors/PlausibilityMonitor.js';
import { SeparationMonitor, type PersonSource } from '../monitors/SeparationMonitor.js';
import { StopRequestMonitor } from '../monitors/StopRequestMonitor.js';
import { TrackingErrorMonitor, type TrackedCommand } from '../monitors/TrackingErrorMonitor.js';
import { actuatedJoints, indexOfInterface, resolveSelector } from './resolveInterfaces.js';
import { SafetySupervisor, type StopActuator, type SupervisorParts } from './SafetySupervisor.js';
import { validateSupervisorConfig, type SupervisorConfig } from './supervisorConfig.js';

/** What the supervisor is built against: the hardware's interfaces and the loop's buffers. */
export interface SupervisorBinding {
  /** State interface names, in the state buffer's order. */
  readonly stateNames: readonly string[];
  /** Command interface names, in the command buffer's order. */
  readonly commandNames: readonly string[];
  /** The loop's nominal period, s. */
  readonly periodS: number;
  /** How long the main thread's heartbeat may be silent, s (the command watchdog's limit). */
  readonly stallTimeoutS: number;
  /** Per command interface: 1 while a controller claims it (the manager keeps it current). */
  readonly claimed: Uint8Array;
  /** The composed joint limits, for joint kinds (units) and position ranges; absent without a description. */
  readonly limits?: ComposedLimits;
}

/** The live buffers a supervisor runs on, and what it drives. */
export interface SupervisorIo {
  /** The measured state (one value per state interface), refreshed by the hardware read. */
  readonly state: Float64Array;
  /** The commands the SafetyGate last let through (one per command interface). */
  readonly commands: Float64Array;
  readonly actuator: StopActuator;
  /** [0] drive-watchdog heartbeat counter, [1] enabled (shared memory in the worker). */
  readonly heartbeat?: Int32Array;
  /** [0] highest event sequence number durably logged by the main thread (shared memory). */
  readonly loggedSeq?: Int32Array;
}

function unitOfJoint(limits: ComposedLimits | undefined, joint: string): 'Rad' | 'M' {
  return limits?.joints.find((j) => j.joint === joint)?.kind === 'prismatic' ? 'M' : 'Rad';
}

/**
 * Resolve a validated configuration against the hardware's interfaces into monitors on one set of
 * fault slots. Configuration errors (an interface that does not exist, a force channel without a
 * region or limits) are SAFETY_MONITOR_INTERFACE_UNKNOWN / SAFETY_SUPERVISOR_CONFIG_INVALID.
 */
export function buildSupervisorParts(config: SupervisorConfig, b: SupervisorBinding): SupervisorParts {
  const names = b.stateNames;
  const joints = actuatedJoints(b.commandNames);
  const slots = new FaultSlots();
  const monitors: Monitor[] = [];
  const select = (selector: string, field: string): number[] => resolveSelector(selector, names, joints, field);

  // E-stop first: its slots are the first a reader sees.
  const estopInputs =
    config.estop.inputs === undefined
      ? names.includes('estop/pressed')
        ? [{ name: 'estop/pressed', index: names.indexOf('estop/pressed') }]
        : []
      : config.estop.inputs.map((n, i) => ({ name: n, index: indexOfInterface(n, names, `supervisor.estop.inputs.${i}`) }));
  const estop = new EstopMonitor(slots, { inputs: estopInputs, sources: config.estop.sources, reaction: config.estop.reaction });
  monitors.push(estop);
  const stopRequest = new StopRequestMonitor(slots);
  monitors.push(stopRequest);

  const pl = config.plausibility;
  const finiteIdx = [...new Set(pl.nonFinite.flatMap((sel, i) => select(sel, `supervisor.plausibility.nonFinite.${i}`)))].sort((x, y) => x - y);
  const ranges: RangeCheck[] = [];
  pl.ranges.forEach((r, i) => {
    for (const index of select(r.match, `supervisor.plausibility.ranges.${i}.match`)) {
      ranges.push({ name: names[index]!, index, min: r.min ?? Number.NEGATIVE_INFINITY, max: r.max ?? Number.POSITIVE_INFINITY });
    }
  });
  if (pl.jointPositionMargin !== undefined && b.limits !== undefined) {
    for (const j of b.limits.joints) {
      const index = names.indexOf(`${j.joint}/position`);
      if (index < 0 || (j.position?.lower === undefined && j.position?.upper === undefined)) continue;
      ranges.push({
        name: names[index]!,
        index,
        min: (j.position.lower ?? Number.NEGATIVE_INFINITY) - pl.jointPositionMargin,
        max: (j.position.upper ?? Number.POSITIVE_INFINITY) + pl.jointPositionMargin,
      });
    }
  }
  const redundant: RedundantPair[] = pl.redundant.map((p, i) => ({
    a: p.a,
    b: p.b,
    indexA: indexOfInterface(p.a, names, `supervisor.plausibility.redundant.${i}.a`),
    indexB: indexOfInterface(p.b, names, `supervisor.plausibility.redundant.${i}.b`),
    tolerance: p.tolerance,
    cycles: p.cycles,
  }));
  monitors.push(
    new PlausibilityMonitor(slots, {
      finite: finiteIdx.map((index) => ({ name: names[index]!, index })),
      ranges,
      redundant,
      nonFiniteReaction: pl.nonFiniteReaction,
      rangeReaction: pl.rangeReaction,
      redundantReaction: pl.redundantReaction,
    }),
  );

  if (config.force !== undefined) {
    const f = config.force;
    const channels: ForceChannel[] = f.channels.map((c, i) => {
      const field = `supervisor.force.channels.${i}`;
      const triple = ['x', 'y', 'z'].map((a) => names.indexOf(`${c.interface}/force.${a}`));
      const indices = triple.every((k) => k >= 0) ? triple : [indexOfInterface(c.interface, names, `${field}.interface`)];
      const region = c.region === undefined ? undefined : regionForceLimits(c.region, f.profile, f.scale);
      const quasiStaticN = c.quasiStaticN ?? region?.quasiStaticN;
      const transientN = c.transientN ?? region?.transientN ?? (quasiStaticN === undefined ? undefined : 2 * quasiStaticN);
      if (quasiStaticN === undefined || transientN === undefined) {
        throw new KindredError('SAFETY_SUPERVISOR_CONFIG_INVALID', `${field} (${c.interface}) has neither a body region nor quasiStaticN; expected one of them`, {
          field: `${field}.region`,
          value: c.region,
          expected: 'a body region (ISO/TS 15066) or quasiStaticN (and transientN)',
        });
      }
      if (transientN < quasiStaticN) {
        throw new KindredError('SAFETY_SUPERVISOR_CONFIG_INVALID', `${field} (${c.interface}): transient limit ${transientN} N is below the quasi-static limit ${quasiStaticN} N`, {
          field: `${field}.transientN`,
          value: transientN,
          expected: `≥ ${quasiStaticN}`,
        });
      }
      return { name: c.interface, region: c.region ?? 'rated_load', indices, quasiStaticN, transientN };
    });
    monitors.push(
      new InteractionForceMonitor(slots, {
        channels,
        transientWindowS: f.transientWindowS,
        quasiStaticReaction: f.quasiStaticReaction,
        transientReaction: f.transientReaction,
      }),
    );
  }

  if (config.separation !== undefined) {
    const sp = config.separation;
    const person: PersonSource =
      sp.person.type === 'position'
        ? {
            type: 'position',
            x: indexOfInterface(sp.person.x, names, 'supervisor.separation.person.x'),
            y: indexOfInterface(sp.person.y, names, 'supervisor.separation.person.y'),
            baseXM: sp.person.baseXM,
            baseYM: sp.person.baseYM,
            name: sp.person.x.slice(0, sp.person.x.lastIndexOf('/')) || sp.person.x,
          }
        : { type: 'distance', index: indexOfInterface(sp.person.interface, names, 'supervisor.separation.person.interface'), name: sp.person.interface };
    monitors.push(
      new SeparationMonitor(slots, {
        person,
        humanSpeedMPerS: sp.humanSpeedMPerS,
        robotMaxSpeedMPerS: sp.robotSpeedMPerS,
        reactionTimeS: sp.reactionTimeS,
        stoppingTimeS: sp.stoppingTimeS ?? config.stopTimeLimitS,
        intrusionDistanceM: sp.intrusionDistanceM,
        humanUncertaintyM: sp.humanUncertaintyM,
        robotUncertaintyM: sp.robotUncertaintyM,
        clearanceM: sp.clearanceM,
        warningMarginM: sp.warningMarginM,
        hysteresisM: sp.hysteresisM,
        warningReaction: sp.warningReaction,
        protectiveReaction: sp.protectiveReaction,
      }),
    );
  }

  if (config.trackingError !== undefined) {
    const te = config.trackingError;
    const tracked = te.joints ?? joints;
    te.joints?.forEach((j, i) => {
      if (!joints.includes(j)) {
        throw new KindredError('SAFETY_MONITOR_INTERFACE_UNKNOWN', `supervisor.trackingError.joints.${i} names ${j}, which has no command interface; actuated joints: ${joints.join(', ')}`, {
          field: `supervisor.trackingError.joints.${i}`,
          value: j,
          expected: joints.join(' | '),
        });
      }
    });
    for (const j of Object.keys(te.joint)) {
      if (!joints.includes(j)) {
        throw new KindredError('SAFETY_MONITOR_INTERFACE_UNKNOWN', `supervisor.trackingError.joint.${j} names a joint without a command interface; actuated joints: ${joints.join(', ')}`, {
          field: `supervisor.trackingError.joint.${j}`,
          value: j,
          expected: joints.join(' | '),
        });
      }
    }
    const commands: TrackedCommand[] = [];
    b.commandNames.forEach((c, commandIndex) => {
      const slash = c.lastIndexOf('/');
      const joint = c.slice(0, slash);
      const kind = c.slice(slash + 1);
      if (!tracked.includes(joint) || (kind !== 'position' && kind !== 'velocity')) return;
      const stateIndex = names.indexOf(c);
      if (stateIndex < 0) return;
      const unit = unitOfJoint(b.limits, joint);
      commands.push(
        kind === 'position'
          ? { name: c, commandIndex, stateIndex, tolerance: te.joint[joint]?.positionTolerance ?? te.positionTolerance, quantity: `positionError${unit}` }
          : { name: c, commandIndex, stateIndex, tolerance: te.joint[joint]?.velocityTolerance ?? te.velocityTolerance, quantity: `velocityError${unit}PerS` },
      );
    });
    monitors.push(new TrackingErrorMonitor(slots, { commands, cycles: te.cycles, reaction: te.reaction, claimed: b.claimed }));
  }

  if (config.freshness !== undefined) {
    const seen = new Set<number>();
    const channels: FreshChannel[] = [];
    config.freshness.channels.forEach((c, i) => {
      for (const index of select(c.match, `supervisor.freshness.channels.${i}.match`)) {
        if (seen.has(index)) continue;
        seen.add(index);
        channels.push({ name: names[index]!, index, timeoutS: c.timeoutS });
      }
    });
    monitors.push(new FreshnessMonitor(slots, channels, config.freshness.reaction));
  }

  monitors.push(new CommandWatchdogMonitor(slots, b.stallTimeoutS, config.commandWatchdog.reaction));
  monitors.push(new LoopOverrunMonitor(slots, config.loopOverrun));
  // Drives that report their power stage (`<joint>/drive_enabled`), for the actuated joints.
  const driveInputs = joints.flatMap((j) => {
    const index = names.indexOf(`${j}/drive_enabled`);
    return index < 0 ? [] : [{ joint: j, index }];
  });
  monitors.push(new HardwareFaultMonitor(slots, config.hardware.reaction, driveInputs, config.hardware.driveReaction));
  // A mutation test removes monitors from the cycle; their slots stay (never tripped), so names and
  // indices are the same with and without them.
  const disabled: readonly string[] = config.disabledMonitors;
  const active = disabled.length === 0 ? monitors : monitors.filter((m) => !disabled.includes(m.name));
  return { slots, monitors: active, estop, stopRequest, config, periodS: b.periodS };
}

/**
 * Validate `input` (`LoopConfig.supervisor`; absent: every default), resolve it against the hardware's
 * interfaces and build the supervisor on the loop's buffers. Configuration time: throws coded errors,
 * runs on the main thread's dry run first.
 */
export function buildSupervisor(input: unknown, binding: SupervisorBinding, io: SupervisorIo): SafetySupervisor {
  const config = validateSupervisorConfig(input);
  const parts = buildSupervisorParts(config, binding);
  return new SafetySupervisor(parts, io.state, io.commands, io.actuator, io.heartbeat, io.loggedSeq);
}
