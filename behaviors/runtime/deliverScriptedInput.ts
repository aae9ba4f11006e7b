import type { Bus } from '../../runtime/bus/index.js';
import type { LoopHost } from '../../runtime/loop/index.js';
import { stampFromNs, type MessageTypeMap } from '../../runtime/msgs/index.js';
import type { Clock } from '../../runtime/time/index.js';
import type { ScriptedInput } from '../ShippedBehavior.js';

/** What delivering a scripted input needs: the bus and its clock, and the loop for stops, resets and the simulator. */
export interface ScriptTarget {
  readonly bus: Bus<MessageTypeMap>;
  readonly clock: Clock;
  readonly loop: Pick<LoopHost, 'estop' | 'safetyReset' | 'hardwareCommand'>;
}

/**
 * Deliver one scripted input the way the tablet, voice, perception or an operator would: intents on
 * `/intents`, operator commands on `/behavior/command` (for `behavior`, run `runId` or any), an e-stop
 * and an authorised (therapist, tablet) reset through the loop, patient signals on
 * `/humans/patient_signals`, simulator commands to the simulated hardware. `source` labels the messages
 * (`cli`, `scenario`, `test`). Used by `kindred behavior run`, the scenario runner and the tests alike.
 */
export async function deliverScriptedInput(target: ScriptTarget, input: ScriptedInput, options: { behavior: string; runId?: string; source: string }): Promise<void> {
  const header = { stamp: stampFromNs(target.clock.now()), frame_id: '' };
  if ('intent' in input) {
    const i = input.intent;
    target.bus.advertise('/intents', 'kindred_msgs/msg/Intent').publish({ header, name: i.name, text: i.text ?? i.name, language: i.language ?? 'zh', confidence: 1, role: i.role, source: options.source });
  } else if ('command' in input) {
    target.bus
      .advertise('/behavior/command', 'kindred_msgs/msg/BehaviorCommand')
      .publish({ header, behavior: options.behavior, run_id: options.runId ?? '', command: input.command, source: options.source });
  } else if ('estop' in input) {
    await target.loop.estop(input.estop);
  } else if ('safetyReset' in input) {
    await target.loop.safetyReset({ source: 'tablet', role: 'therapist', operator: `${options.source} script` });
  } else if ('patientSignal' in input) {
    target.bus
      .advertise('/humans/patient_signals', 'kindred_msgs/msg/PatientSignal')
      .publish({ header, person_id: 'patient', kind: input.patientSignal.kind === 'pain' ? 0 : 1, level: input.patientSignal.level, source: options.source });
  } else {
    await target.loop.hardwareCommand('sim', input.sim);
  }
}
