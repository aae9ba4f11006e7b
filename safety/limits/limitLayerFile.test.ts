import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../../runtime/errors/index.js';
import { loadUrdfFile, shippedRobots } from '../../urdf/index.js';
import { composeLimits } from './composeLimits.js';
import { loadLimitLayer, parseLimitLayer } from './limitLayerFile.js';
import { limitsFromUrdf } from './limitsFromUrdf.js';

function thrown(f: () => unknown): KindredError {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a KindredError, nothing was thrown');
}

const prescription = `# Therapist's prescription for patient 0042
description: knee range after TKA, week 3
joints:
  knee_left:
    position: { lower: 0.1, upper: 1.4 }
    velocity: 1.0
    effort: 40
  knee_right:
    soft: { upper: 1.9, kPosition: 50 }
`;

describe('limit layer files', () => {
  it('parses a prescription into a layer that composes over the URDF', () => {
    const layer = parseLimitLayer(prescription, 'prescription', 'p0042.yaml');
    expect(layer).toEqual({
      name: 'prescription',
      source: 'p0042.yaml',
      joints: { knee_left: { position: { lower: 0.1, upper: 1.4 }, velocity: 1, effort: 40 }, knee_right: { soft: { upper: 1.9, kPosition: 50 } } },
    });
    const composed = composeLimits([limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_exo)), layer]);
    const knee = composed.joints.find((j) => j.joint === 'knee_left')!;
    expect(knee.position).toEqual({ lower: 0.1, upper: 1.4 });
    // The URDF's own k_position (2·V/margin = 2·4/0.0873 for the knee): the prescription leaves it.
    expect(knee.soft?.kPosition).toBeCloseTo((2 * 4) / 0.0873, 12);
    expect(composed.origin.knee_left?.['position.upper']).toBe('prescription');
  });

  it('rejects an unknown key with its line and column', () => {
    const e = thrown(() => parseLimitLayer('joints:\n  knee_left:\n    velocty: 1\n', 'site', 'site.yaml'));
    expect(e.code).toBe('LIMITS_CONFIG_INVALID');
    expect(e.message).toContain('joints.knee_left.velocty');
    expect(e.context).toMatchObject({ file: 'site.yaml', line: 3, column: 5 });
  });

  it('rejects a non-positive rate with its line', () => {
    const e = thrown(() => parseLimitLayer('joints:\n  knee_left:\n    effort: -3\n', 'prescription'));
    expect(e.code).toBe('LIMITS_CONFIG_INVALID');
    expect(e.context).toMatchObject({ field: 'joints.knee_left.effort', line: 3, column: 13 });
  });

  it('reports YAML syntax errors as YAML_SYNTAX', () => {
    expect(thrown(() => parseLimitLayer('joints: {knee_left: [', 'robot')).code).toBe('YAML_SYNTAX');
  });

  it('a prescription file that loosens the robot range fails with the file named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-limits-'));
    const file = join(dir, 'prescription.yaml');
    writeFileSync(file, 'joints:\n  knee_left:\n    position: { upper: 2.4 }\n');
    const e = thrown(() => composeLimits([limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_exo)), loadLimitLayer(file, 'prescription')]));
    expect(e.code).toBe('LIMITS_LOOSENED');
    expect(e.context.file).toBe(file);
    expect(e.message).toBe('prescription: knee_left.position.upper 2.4 rad loosens urdf limit 2.356194490192345 rad');
  });

  it('a missing file is FILE_NOT_FOUND', () => {
    expect(thrown(() => loadLimitLayer('/nonexistent/limits.yaml', 'site')).code).toBe('FILE_NOT_FOUND');
  });
});
