import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { SimClock, WallClock } from '../../time/index.js';
import { McapFile } from './McapFile.js';
import { McapReplayer } from './McapReplayer.js';

const FIXTURES = new URL('../../../../shared/fixtures/rosbag2/', import.meta.url);
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`skipping the rosbag2 replay tests: ${fileURLToPath(FIXTURES)} is absent`);
const talker = (): string => fileURLToPath(new URL('talker.mcap', FIXTURES));

/** Log times of /topic in talker.mcap, read independently of the replayer. */
async function recordedTimes(): Promise<bigint[]> {
  const file = await McapFile.open(talker());
  const out: bigint[] = [];
  for await (const m of file.messages({ topics: ['/topic'] })) out.push(m.logTimeNs);
  await file.close();
  return out;
}

describe.skipIf(!haveFixtures)('replaying a real rosbag2 recording', () => {
  it('talker.mcap at rate 1 on a SimClock: the ten strings at the recorded spacing, with /rosout alongside', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock(42_000_000_000n);
    const got: { t: bigint; data: string }[] = [];
    let logs = 0;
    bus.subscribe('/topic', 'std_msgs/msg/String', (m) => got.push({ t: clock.now(), data: m.data }));
    bus.subscribe('/rosout', 'rcl_interfaces/msg/Log', (m) => {
      expect(m.msg).toMatch(/^Publishing: 'Hello, world! \d'$/);
      logs++;
    });
    const replayer = await McapReplayer.open({ bus, clock, input: talker() });
    expect(replayer.topics).toEqual(
      expect.arrayContaining([
        { topic: '/topic', type: 'std_msgs/msg/String' },
        { topic: '/rosout', type: 'rcl_interfaces/msg/Log' },
      ]),
    );
    await replayer.start();
    const t0 = clock.now();
    clock.advance(5_000_000_000n);
    expect(replayer.publishedCount).toBe(20);
    expect(await replayer.finished()).toEqual({ publishedCount: 20, stopped: false });
    expect(got.map((g) => g.data)).toEqual(Array.from({ length: 10 }, (_, i) => `Hello, world! ${i}`));
    expect(logs).toBe(10);
    // The first message of the file is a /rosout line 197.697 µs before the first /topic message.
    const times = await recordedTimes();
    const firstOfFile = 1585866235112411371n;
    expect(got.map((g) => g.t - t0)).toEqual(times.map((t) => t - firstOfFile));
  });

  it('talker.mcap at rate 20 on the wall clock: in order, about 20 times faster', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new WallClock();
    const got: bigint[] = [];
    bus.subscribe('/topic', 'std_msgs/msg/String', () => got.push(clock.now()));
    const replayer = await McapReplayer.open({ bus, clock, input: talker(), rate: 20, topics: ['/topic'] });
    const started = clock.now();
    await replayer.start();
    const summary = await replayer.finished();
    expect(summary.publishedCount).toBe(10);
    const times = await recordedTimes();
    // Never early: message k at or after start + (recorded time k − recorded time 0) / 20 …
    for (let k = 0; k < 10; k++) expect((got[k] ?? 0n) - started).toBeGreaterThanOrEqual(((times[k] ?? 0n) - (times[0] ?? 0n)) / 20n);
    // … and not much later (generous: the machine is shared).
    const recordedSpanMs = Number((times[9] ?? 0n) - (times[0] ?? 0n)) / 1e6;
    expect(Number((got[9] ?? 0n) - started) / 1e6).toBeLessThan(recordedSpanMs / 20 + 400);
  });

  it('refuses topics the recording does not have', async () => {
    const e = await McapReplayer.open({ bus: new Bus<MessageTypeMap>(), clock: new SimClock(), input: talker(), topics: ['/nope'] }).catch((x: unknown) => x);
    expect(isKindredError(e, 'ROS_MCAP_OPTIONS_INVALID')).toBe(true);
    expect((e as Error).message).toContain('has no topic /nope; it has /rosout, /parameter_events, /topic');
  });
});
