import { z } from 'zod';
import { parseYaml, readText, type YamlSource } from '../../launch/index.js';
import { KindredError } from '../../runtime/errors/index.js';
import { validateConfig } from '../../runtime/params/index.js';
import { MONITOR_NAMES } from '../../safety/supervisor/index.js';
import type { HazardCoverage, ScenarioRunResult } from './result.js';

const text = z.string().min(1).max(2000);

/** ISO 14971-style severity of the harm a hazard can cause. */
export const HAZARD_SEVERITIES = ['catastrophic', 'critical', 'serious', 'minor', 'negligible'] as const;

/**
 * `scenarios/hazards.yaml`: the hazard list of the risk file, each with the monitors that mitigate it
 * and the scenarios that verify the mitigation. A campaign over the folder reports coverage; a hazard
 * without a passing scenario (or with a failing one) fails the campaign.
 */
export const hazardsSchema = z.strictObject({
  kind: z.literal('hazards'),
  hazards: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Z][A-Z0-9-]*$/, 'an id of capitals, digits and -'),
        description: z.strictObject({ en: text, zh: text }),
        severity: z.enum(HAZARD_SEVERITIES),
        monitors: z.array(z.enum(MONITOR_NAMES)).min(1),
        scenarios: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
});
export type HazardsFile = z.infer<typeof hazardsSchema>;

/** Validate a parsed hazards file (CONFIG_* codes with file:line:column); duplicate ids are refused. */
export function validateHazards(source: YamlSource): HazardsFile {
  const h = validateConfig(hazardsSchema, source.data, { file: source.file, locate: (p) => source.locate(p) }) as HazardsFile;
  const seen = new Set<string>();
  h.hazards.forEach((hz, i) => {
    if (seen.has(hz.id)) {
      throw new KindredError('SCENARIO_FILE_INVALID', `${source.file}: hazards.${i}.id: hazard ${hz.id} is listed twice`, {
        file: source.file,
        ...source.locate(['hazards', i, 'id']),
        field: `hazards.${i}.id`,
        value: hz.id,
        expected: 'a hazard id unique in the file',
      });
    }
    seen.add(hz.id);
  });
  return h;
}

export function loadHazards(file: string): HazardsFile {
  return validateHazards(parseYaml(readText(file), file));
}

/** Coverage of each hazard by the campaign's runs (a scenario passes when every one of its runs passed). */
export function hazardCoverage(hazards: HazardsFile, runs: readonly ScenarioRunResult[]): HazardCoverage[] {
  const byName = new Map<string, ScenarioRunResult[]>();
  for (const r of runs) byName.set(r.scenario.name, [...(byName.get(r.scenario.name) ?? []), r]);
  return hazards.hazards.map((h) => {
    const passing: string[] = [];
    const failing: string[] = [];
    const missing: string[] = [];
    for (const name of h.scenarios) {
      const rs = byName.get(name);
      if (rs === undefined || rs.length === 0) missing.push(name);
      else if (rs.every((r) => r.verdict === 'pass')) passing.push(name);
      else failing.push(name);
    }
    const verdict = failing.length > 0 ? 'failing' : passing.length > 0 ? 'covered' : 'uncovered';
    return { id: h.id, description: h.description, severity: h.severity, monitors: h.monitors, scenarios: h.scenarios, passing, failing, missing, verdict };
  });
}
