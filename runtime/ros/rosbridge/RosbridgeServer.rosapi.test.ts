import * as roslibModule from 'roslib';
import type * as RoslibTypes from '../../../node_modules/roslib/dist/src/RosLib.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParameterStore } from '../../params/index.js';
import { startBridge, waitFor, type RunningBridge } from './fixtures/testKit.js';
import { connectRoslib } from './fixtures/roslibClient.js';

// roslib 2.1's declarations re-export `./src/RosLib` without a file extension, which NodeNext module
// resolution cannot follow, so `import { Ros } from 'roslib'` type-checks as empty. Take the types from
// the file it means (a tsconfig `paths` entry for roslib would make the plain import work).
const { Param, Service } = roslibModule as unknown as typeof RoslibTypes;
type Ros = RoslibTypes.Ros;

const connect = async (url: string): Promise<Ros> => (await connectRoslib(url, false)).ros;

/** Turn roslib's (callback, failedCallback) style into a promise. */
function ask<T>(run: (ok: (v: T) => void, fail: (e: string) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => run(resolve, (e) => reject(new Error(e))));
}

let bridge: RunningBridge | undefined;
let ros: Ros | undefined;
afterEach(async () => {
  ros?.close();
  await bridge?.stop();
  bridge = undefined;
});

async function setup(): Promise<{ b: RunningBridge; ros: Ros; params: ParameterStore }> {
  const params = new ParameterStore();
  params.declare('state_publisher.joint_states_hz', { schema: z.number().min(1).max(1000), default: 100, description: 'JointState rate' });
  params.declare('robot.model', { schema: z.string(), default: 'exo_v2', description: 'robot', readOnly: true });
  const b = await startBridge({ parameters: params });
  bridge = b;
  b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
  b.bus.subscribe('/safety/estop_request', 'std_msgs/msg/String', () => undefined);
  b.server.services.register('/kindred/reset', 'std_srvs/srv/Trigger', () => ({ success: true, message: '' }));
  b.server.actions.register('/kindred/walk', 'kindred_msgs/action/Walk', () => ({}));
  ros = await connect(b.url);
  return { b, ros, params };
}

describe('rosapi through the rosbridge server', () => {
  it('lists topics with their types, and a topic type with or without the leading slash', async () => {
    const { ros: r } = await setup();
    const topics = await ask<{ topics: string[]; types: string[] }>((ok, fail) => r.getTopics(ok, fail));
    expect(topics).toEqual({ topics: ['/joint_states', '/safety/estop_request'], types: ['sensor_msgs/msg/JointState', 'std_msgs/msg/String'] });
    expect(await ask<string>((ok, fail) => r.getTopicType('/joint_states', ok, fail))).toBe('sensor_msgs/msg/JointState');
    expect(await ask<string>((ok, fail) => r.getTopicType('joint_states', ok, fail))).toBe('sensor_msgs/msg/JointState');
    expect(await ask<string>((ok, fail) => r.getTopicType('/nothing', ok, fail))).toBe('');
    expect(await ask<string[]>((ok, fail) => r.getTopicsForType('sensor_msgs/JointState', ok, fail))).toEqual(['/joint_states']);
  });

  it('lists services (Kindred, rosapi, client-advertised), their types, nodes and action servers', async () => {
    const { b, ros: r } = await setup();
    await new Service({ ros: r, name: '/tablet/ping', serviceType: 'std_srvs/srv/Empty' }).advertiseAsync(async () => ({}));
    await waitFor(() => b.server.services.typeOf('/tablet/ping') !== undefined, 'the advertisement');
    const services = await ask<string[]>((ok, fail) => r.getServices(ok, fail));
    expect(services).toEqual(expect.arrayContaining(['/kindred/reset', '/tablet/ping', '/rosapi/topics', '/rosapi/get_param', '/rosapi/set_param', '/rosapi/nodes']));
    expect([...services].sort()).toEqual(services);
    expect(await ask<string>((ok, fail) => r.getServiceType('/kindred/reset', ok, fail))).toBe('std_srvs/srv/Trigger');
    expect(await ask<string>((ok, fail) => r.getServiceType('rosapi/topics', ok, fail))).toBe('rosapi_msgs/srv/Topics');
    expect(await ask<string[]>((ok, fail) => r.getServicesForType('std_srvs/srv/Empty', ok, fail))).toEqual(['/tablet/ping']);
    expect(await ask<string[]>((ok, fail) => r.getNodes(ok, fail))).toEqual(['/kindred', '/rosapi', '/rosbridge_websocket']);
    const kindred = await ask<{ publishing: string[]; subscribing: string[]; services: string[] }>((ok, fail) => r.getNodeDetails('/kindred', ok, fail));
    expect(kindred).toEqual({ publishing: ['/joint_states'], subscribing: ['/safety/estop_request'], services: ['/kindred/reset'] });
    const bridgeNode = await ask<{ services: string[] }>((ok, fail) => r.getNodeDetails('rosbridge_websocket', ok, fail));
    expect(bridgeNode.services).toEqual(['/tablet/ping']);
    expect(await ask<string[]>((ok, fail) => r.getActionServers(ok, fail))).toEqual(['/kindred/walk']);
  });

  it('answers /rosapi/topics with and without the leading slash', async () => {
    const { ros: r } = await setup();
    for (const name of ['/rosapi/topics', 'rosapi/topics']) {
      const res = await ask<{ topics: string[] }>((ok, fail) => new Service<object, { topics: string[] }>({ ros: r, name, serviceType: 'rosapi/Topics' }).callService({}, ok, fail));
      expect(res.topics).toContain('/joint_states');
    }
  });

  it('serves full definitions and typedefs that roslib decodes', async () => {
    const { ros: r } = await setup();
    const raw = await ask<{ topics: string[]; types: string[]; typedefs_full_text: string[] }>((ok, fail) => r.getTopicsAndRawTypes(ok, fail));
    const text = raw.typedefs_full_text[raw.topics.indexOf('/joint_states')] ?? '';
    expect(text).toContain('float64[] position');
    expect(text).toContain('MSG: std_msgs/Header');
    const defs = await ask<Parameters<Ros['decodeTypeDefs']>[0]>((ok, fail) => r.getMessageDetails('sensor_msgs/JointState', ok, fail));
    expect(r.decodeTypeDefs(defs)).toEqual({
      header: { stamp: { sec: 'int32', nanosec: 'uint32' }, frame_id: 'string' },
      name: ['string'],
      position: ['float64'],
      velocity: ['float64'],
      effort: ['float64'],
    });
  });

  it('gets and sets Kindred parameters through roslib Param; a refused value keeps the old one', async () => {
    const { ros: r, params } = await setup();
    expect(await ask<string[]>((ok, fail) => r.getParams(ok, fail))).toEqual(['/kindred:state_publisher.joint_states_hz', '/kindred:robot.model']);
    const rate = new Param<number>({ ros: r, name: '/kindred:state_publisher.joint_states_hz' });
    expect(await ask<number>((ok, fail) => rate.get(ok, fail))).toBe(100);
    await ask((ok, fail) => rate.set(50, ok, fail));
    expect(params.get('state_publisher.joint_states_hz')).toBe(50);

    await expect(ask((ok, fail) => rate.set(5000, ok, fail))).rejects.toThrow(/^PARAM_INVALID: parameter "state_publisher.joint_states_hz": 5000 is not valid/);
    expect(params.get('state_publisher.joint_states_hz')).toBe(50);
    expect(await ask<number>((ok, fail) => rate.get(ok, fail))).toBe(50);

    const bare = new Param<number>({ ros: r, name: 'state_publisher.joint_states_hz' });
    expect(await ask<number>((ok, fail) => bare.get(ok, fail))).toBe(50);
    const model = new Param<string>({ ros: r, name: 'kindred:robot.model' });
    await expect(ask((ok, fail) => model.set('hacked', ok, fail))).rejects.toThrow(/^PARAM_READ_ONLY/);
    expect(params.get('robot.model')).toBe('exo_v2');
    await expect(ask((ok, fail) => new Param({ ros: r, name: '/other_node:x' }).get(ok, fail))).rejects.toThrow(/no node "\/other_node"; Kindred's parameters are on \/kindred/);
    await expect(ask((ok, fail) => new Param({ ros: r, name: '/kindred:missing' }).get(ok, fail))).rejects.toThrow(/PARAM_UNKNOWN/);
    await expect(ask((ok, fail) => rate.delete(ok, fail))).rejects.toThrow(/cannot be deleted/);
    expect(params.get('state_publisher.joint_states_hz')).toBe(50);
  });
});
