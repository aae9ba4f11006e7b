import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedRobots } from '../../urdf/index.js';
import { limitsFromInterfaces, resolveLimits } from './resolveLimits.js';

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kindred-limits-')), name);
  writeFileSync(file, text);
  return file;
}

describe('resolveLimits', () => {
  it('composes the exoskeleton description (xacro), a robot file and an inline prescription, recording which layer set what', () => {
    const robot = tempFile('robot.yaml', 'joints:\n  knee_left: { acceleration: 10, jerk: 500 }\n');
    const composed = resolveLimits({
      base: { type: 'description', file: shippedRobots.kindred_exo, args: { stature_m: '1.55' } },
      layers: [
        { type: 'file', name: 'robot', file: robot },
        { type: 'inline', name: 'prescription', joints: { knee_left: { position: { lower: 0.1, upper: 1.4 }, velocity: 1 } } },
      ],
    });
    expect(composed.layers).toEqual(['urdf', 'robot', 'prescription']);
    const knee = composed.joints.find((j) => j.joint === 'knee_left')!;
    expect(knee).toMatchObject({ position: { lower: 0.1, upper: 1.4 }, velocity: 1, acceleration: 10, jerk: 500, effort: 80 });
    expect(composed.origin.knee_left).toMatchObject({ 'position.upper': 'prescription', acceleration: 'robot', effort: 'urdf' });
  });

  it.each([
    ['a misspelt inline key', { type: 'inline' as const, name: 'site', joints: { knee_left: { velocty: 1 } } }, 'LIMITS_CONFIG_INVALID', 'site limits: joints.knee_left.velocty: Unrecognized key: "velocty"'],
    ['an inline loosening', { type: 'inline' as const, name: 'site', joints: { knee_left: { effort: 120 } } }, 'LIMITS_LOOSENED', 'site: knee_left.effort 120 N·m loosens urdf limit 80 N·m'],
    ['a missing layer file', { type: 'file' as const, name: 'site', file: '/nonexistent/site.yaml' }, 'FILE_NOT_FOUND', '/nonexistent/site.yaml'],
  ])('rejects %s', (_label, layer, code, fragment) => {
    const run = (): unknown => resolveLimits({ base: { type: 'description', file: shippedRobots.kindred_exo }, layers: [layer as never] });
    expect(run).toThrow(expect.objectContaining({ code, message: expect.stringContaining(fragment) }) as Error);
  });

  it('limitsFromInterfaces: one unlimited joint per joint command interface, none for other interfaces', () => {
    const composed = limitsFromInterfaces(['knee/position', 'knee/effort', 'elbow/velocity', 'gripper', 'led/brightness']);
    expect(composed.joints).toEqual([
      { joint: 'knee', kind: 'revolute' },
      { joint: 'elbow', kind: 'revolute' },
    ]);
  });
});
