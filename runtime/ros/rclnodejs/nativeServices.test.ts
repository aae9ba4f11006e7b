import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ServiceRegistry, type ServiceCallContext, type ServiceProvider } from '../rosbridge/index.js';
import { WallClock } from '../../time/index.js';
import { NATIVE_CLIENT_ID, nativeServiceHandler, serviceFilter } from './nativeServices.js';

function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe('a ROS 2 call to a Kindred service', () => {
  it('reaches the same handler a rosbridge client would, as client rclnodejs, with rclnodejs’s typed arrays made plain', async () => {
    const registry = new ServiceRegistry(new WallClock(), 1000);
    const seen: Array<{ request: unknown; context: ServiceCallContext }> = [];
    registry.register('/kindred/scale', 'kindred_test/srv/Scale', (request, context) => {
      seen.push({ request, context });
      const values = (request as { values: number[] }).values;
      return { scaled: values.map((v) => v * 2), message: '完成' };
    });
    const { logger } = capturingLogger();
    const response = await nativeServiceHandler(registry, '/kindred/scale', logger)({ values: Float64Array.of(1.5, -2) });
    expect(response).toEqual({ scaled: [3, -4], message: '完成' });
    expect(seen).toEqual([{ request: { values: [1.5, -2] }, context: { service: '/kindred/scale', client: NATIVE_CLIENT_ID } }]);
  });

  it('a handler that throws sends no response (ROS 2 services have no error reply) and logs RCLNODEJS_SERVICE_FAILED with the reason', async () => {
    const registry = new ServiceRegistry(new WallClock(), 1000);
    registry.register('/kindred/safety/reset', 'std_srvs/srv/Trigger', () => {
      throw new Error('the e-stop button is still pressed');
    });
    const { logger, lines } = capturingLogger();
    const response = await nativeServiceHandler(registry, '/kindred/safety/reset', logger)({});
    expect(response).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: 'RCLNODEJS_SERVICE_FAILED', service: '/kindred/safety/reset', reason: 'the e-stop button is still pressed' });
  });

  it('a handler that answers nothing (or a list) sends an empty response, which rclnodejs fills with defaults', async () => {
    const registry = new ServiceRegistry(new WallClock(), 1000);
    registry.register('/kindred/nothing', 'std_srvs/srv/Empty', () => undefined);
    registry.register('/kindred/list', 'std_srvs/srv/Empty', () => [1, 2]);
    const { logger } = capturingLogger();
    expect(await nativeServiceHandler(registry, '/kindred/nothing', logger)({})).toEqual({});
    expect(await nativeServiceHandler(registry, '/kindred/list', logger)({})).toEqual({});
  });
});

describe('which services are offered natively', () => {
  const registry = new ServiceRegistry(new WallClock(), 1000);
  registry.register('/kindred/safety/estop', 'std_srvs/srv/Trigger', () => ({ success: true }));
  registry.register('/rosapi/topics', 'rosapi_msgs/srv/Topics', () => ({}), 'rosapi');
  const tablet: ServiceProvider = { clientId: 'client_1', open: true, sendOp: () => undefined };
  registry.advertise('/tablet/confirm', '/tablet/confirm', 'std_srvs/srv/Trigger', tablet);

  it('by default Kindred’s own, not rosapi’s (a real rosapi node may run) nor those rosbridge clients advertise', () => {
    expect(registry.list().filter(serviceFilter(undefined)).map((s) => s.name)).toEqual(['/kindred/safety/estop']);
  });

  it('or those servicesOut names', () => {
    expect(registry.list().filter(serviceFilter(['/tablet/*'])).map((s) => s.name)).toEqual(['/tablet/confirm']);
  });
});
