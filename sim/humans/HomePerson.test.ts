import type { MjData, MjModel } from 'mujoco-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { parseHumanProfile, type PersonProfile } from '../profiles/index.js';
import { RNG_STREAM, SeededRng } from '../rng.js';
import { createHomePerson, PERSON_POSTURE, type HomePersonModel, type HomePersonOptions } from './HomePerson.js';
import { hriMessagesFromPerson, personGroundTruthFromSignals, SIM_GROUND_TRUTH } from './hriGroundTruth.js';
import { composeTestScene } from './testing/composeTestScene.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

function profile(extra: Record<string, unknown> = {}): PersonProfile {
  return parseHumanProfile({
    kind: 'person_profile',
    name: 'test',
    ageYears: 80,
    sex: 'female',
    heightM: 1.6,
    massKg: 60,
    walkingSpeedMPerS: 0.8,
    places: { chair: { x: 1.5, y: 1.0, yawRad: Math.PI, surfaceHeightM: 0.46 }, bed: { x: -1, y: 1, yawRad: 0, surfaceHeightM: 0.5 } },
    ...extra,
  }) as PersonProfile;
}

/** A living-room test scene: floor, a robot stand-in (a box on a slide) with a camera site, and the person. */
function home(person: HomePersonModel, seed = 3) {
  const xml = composeTestScene({
    timestepS: 0.002,
    worldbody: '<geom name="floor" type="plane" size="8 8 0.1"/><body name="robot" pos="3 0 0.5"><joint name="robot_x" type="slide" axis="1 0 0"/><geom type="box" size="0.2 0.2 0.5" mass="30"/><site name="camera_link" pos="0 0 0.6"/></body>',
    fragments: [person.mjcf()],
  });
  const model: MjModel = compileMjcf(mujoco, xml, 'home test');
  const rng = new SeededRng(seed, RNG_STREAM.humans);
  person.bind(mujoco, model, () => rng.uniform());
  const data: MjData = new mujoco.MjData(model);
  const values = new Float64Array(person.signals().length);
  const names = person.signals().map((s) => s.name);
  const signal = (name: string): number => values[names.indexOf(name)]!;
  const run = (seconds: number, each?: () => void): void => {
    for (let i = 0; i < Math.round(seconds / model.opt.timestep); i++) {
      person.beforeStep(data, data.time);
      mujoco.mj_step(model, data);
      person.afterStep(data, data.time);
      person.readSignals(values, 0);
      each?.();
    }
  };
  return { model, data, values, signal, run, dispose: () => (data.delete(), model.delete()) };
}

const observer: HomePersonOptions = { observer: { site: 'camera_link' } };

describe('the person at home', () => {
  it('walks to a target at its walking speed, then stands', () => {
    const person = createHomePerson(profile(), observer);
    const s = home(person);
    person.command({ op: 'walkTo', x: 2, y: 1 });
    const postures = new Set<number>();
    let maxSpeed = 0;
    s.run(5, () => {
      postures.add(s.signal('person/posture'));
      maxSpeed = Math.max(maxSpeed, s.signal('person/speed'));
    });
    expect(postures.has(PERSON_POSTURE.walking)).toBe(true);
    expect(maxSpeed).toBeGreaterThan(0.8 * 0.95 - 1e-9);
    expect(maxSpeed).toBeLessThan(0.8 * 1.05 + 1e-9);
    expect(Math.hypot(s.signal('person/x') - 2, s.signal('person/y') - 1)).toBeLessThan(0.03);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.standing);
    expect(s.signal('person/yaw')).toBeCloseTo(Math.atan2(1, 2), 1);
    s.dispose();
  });

  it('sits on a place (walking there and turning first), stands up, and the head height follows', () => {
    const person = createHomePerson(profile(), observer);
    const s = home(person);
    s.run(0.1);
    const standingHead = s.signal('person/head_height');
    expect(standingHead).toBeGreaterThan(0.85 * 1.6);
    person.command({ op: 'sit', on: 'chair' });
    s.run(6);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.sitting);
    expect(s.signal('person/x')).toBeCloseTo(1.5, 1);
    expect(Math.abs(Math.cos(s.signal('person/yaw') - Math.PI))).toBeCloseTo(1, 3);
    const seatedHead = s.signal('person/head_height');
    expect(seatedHead).toBeLessThan(standingHead - 0.3);
    expect(seatedHead).toBeGreaterThan(0.46 + 0.5);
    person.command({ op: 'stand' });
    s.run(2);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.standing);
    expect(s.signal('person/head_height')).toBeCloseTo(standingHead, 2);
    s.dispose();
  });

  it('falls: posture becomes fallen at once, the head drops to the floor within 2 s in the fall direction', () => {
    const person = createHomePerson(profile(), observer);
    const s = home(person);
    s.run(0.1);
    person.command({ op: 'fall', direction: 'left' });
    s.run(0.01);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.fallen);
    let landedAt = -1;
    s.run(2, () => {
      if (landedAt < 0 && s.signal('person/head_height') < 0.3) landedAt = s.data.time;
    });
    console.log(`fall: head below 0.3 m after ${(landedAt - 0.11).toFixed(2)} s, final head height ${s.signal('person/head_height').toFixed(3)} m`);
    expect(landedAt).toBeGreaterThan(0.4);
    expect(landedAt).toBeLessThan(2);
    // Fell to the person's left (+y when facing +x): the head lies well to the left of the feet.
    const head = mujoco.mj_name2id(s.model, mujoco.mjtObj.mjOBJ_GEOM.value, 'person_head_geom');
    expect(s.data.geom_xpos[3 * head + 1]!).toBeGreaterThan(1.0);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.fallen);
    // Getting up takes a command.
    person.command({ op: 'stand' });
    s.run(4);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.standing);
    s.dispose();
  });

  it('lies down on a place and its face is visible only when turned towards the robot camera', () => {
    const person = createHomePerson(profile(), observer);
    const s = home(person);
    s.run(0.1);
    expect(s.signal('person/face_visible')).toBe(1); // at the origin facing +x, the camera at x = 3
    person.command({ op: 'walkTo', x: -2, y: 0 });
    s.run(1.5);
    expect(s.signal('person/face_visible')).toBe(0); // walking away
    person.command({ op: 'lieDown', on: 'bed' });
    s.run(12);
    expect(s.signal('person/posture')).toBe(PERSON_POSTURE.lying);
    expect(s.signal('person/head_height')).toBeLessThan(0.5 + 0.25);
    expect(s.signal('person/head_height')).toBeGreaterThan(0.5);
    s.dispose();
  });

  it('plays its daily script over sim time', () => {
    const script = [
      { atS: 0.5, do: 'walkTo', x: 1, y: 0 },
      { atS: 4, do: 'sit', on: 'chair' },
      { atS: 12, do: 'stand' },
      { atS: 15, do: 'fall', direction: 'forward' },
    ];
    const person = createHomePerson(profile({ script }), observer);
    const s = home(person);
    const at = (t: number): number => {
      s.run(t - s.data.time);
      return s.signal('person/posture');
    };
    expect(at(0.4)).toBe(PERSON_POSTURE.standing);
    expect(at(1.0)).toBe(PERSON_POSTURE.walking);
    expect(at(3.9)).toBe(PERSON_POSTURE.standing);
    expect(at(11.9)).toBe(PERSON_POSTURE.sitting);
    expect(at(14.9)).toBe(PERSON_POSTURE.standing);
    expect(at(17)).toBe(PERSON_POSTURE.fallen);
    expect(s.signal('person/head_height')).toBeLessThan(0.3);
    s.dispose();
  });

  it('is deterministic for a seed (walking speed varies with the seed)', () => {
    const trace = (seed: number): number[] => {
      const person = createHomePerson(profile(), observer);
      const s = home(person, seed);
      person.command({ op: 'walkTo', x: 3, y: -2 });
      const out: number[] = [];
      s.run(2, () => out.push(...s.values));
      s.dispose();
      return out;
    };
    expect(trace(5)).toEqual(trace(5));
    expect(trace(5)).not.toEqual(trace(6));
  });

  it.each([
    [{ op: 'walkTo', x: 1 }, /y is undefined; expected a number/],
    [{ op: 'sit', on: 'throne' }, /on is "throne"; expected chair \| bed/],
    [{ op: 'fall', direction: 'up' }, /direction is "up"; expected forward/],
    [{ op: 'fly' }, /unknown op "fly"/],
  ])('rejects %j with HUMAN_COMMAND_INVALID', (payload, message) => {
    const person = createHomePerson(profile(), observer);
    const s = home(person);
    expect(() => person.command(payload)).toThrow(message);
    expect(() => person.command(payload)).toThrow(expect.objectContaining({ code: 'HUMAN_COMMAND_INVALID' }));
    s.dispose();
  });

  it('refuses an observer the scene does not have', () => {
    const person = createHomePerson(profile(), { observer: { site: 'no_such_camera' } });
    expect(() => home(person)).toThrow(expect.objectContaining({ code: 'HUMAN_BIND_NAME_MISSING' }));
  });
});

describe('ROS4HRI-style ground truth', () => {
  it('maps the person signals to tracked ids, position and posture, all labelled sim ground truth', () => {
    const person = createHomePerson(profile(), observer);
    const s = home(person);
    person.command({ op: 'fall', direction: 'backward' });
    s.run(2);
    const truth = personGroundTruthFromSignals(s.values);
    expect(truth.posture).toBe('fallen');
    const messages = hriMessagesFromPerson(truth, 2_500_000_000n, { bodyId: 'b1', faceId: 'f1' });
    expect(messages.map((m) => m.topic)).toEqual(['/humans/bodies/tracked', '/humans/bodies/b1/position', '/humans/bodies/b1/posture', '/humans/faces/tracked']);
    for (const m of messages) {
      expect(m.source).toBe(SIM_GROUND_TRUTH);
      expect(m.message.header).toEqual({ stamp: { sec: 2, nanosec: 500_000_000 }, frame_id: 'sim_world' });
    }
    expect(messages[0]!.message).toMatchObject({ ids: ['b1'] });
    expect(messages[1]!.message).toMatchObject({ point: { x: truth.xM, y: truth.yM, z: truth.headHeightM } });
    expect(messages[2]!.message).toMatchObject({ posture: 'fallen', code: 4, fallen: true });
    // Lying on its back, face up: not turned towards a camera at 1.1 m height 3 m away.
    expect(messages[3]!.message).toMatchObject({ ids: [] });
    s.dispose();
  });
});
