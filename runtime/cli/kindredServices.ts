import type { LoopHost } from '../loop/index.js';
import type { ServiceRegistry } from '../ros/rosbridge/index.js';

/** Where a bridge client asks for an emergency stop (std_srvs/srv/Trigger). */
export const ESTOP_SERVICE = '/kindred/safety/estop';

/**
 * The services Kindred offers to bridge clients (rosbridge, Foxglove). An e-stop is never refused,
 * whoever asks; a safety reset is deliberately not offered here: it needs an authorised operator at
 * the robot (the tablet), not a remote client. Returns the function that withdraws them.
 */
export function registerKindredServices(services: ServiceRegistry, loop: () => LoopHost): () => void {
  const withdraw = [
    services.register(ESTOP_SERVICE, 'std_srvs/srv/Trigger', async (_request, context) => {
      const status = await loop().estop(context.client === undefined ? 'bridge' : 'bridge_client');
      return { success: status.state === 'emergency_stop', message: `emergency stop engaged / 已急停 (state ${status.state})` };
    }),
  ];
  return () => {
    for (const w of withdraw) w();
  };
}
