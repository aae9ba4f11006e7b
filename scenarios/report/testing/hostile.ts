import type { CampaignResult, ScenarioRunResult } from '../../runner/result.js';
import { campaignOf, failingRun, passingRun } from './fixture.js';

/** A name that runs script if a report fails to escape it. */
export const SCRIPT_NAME = '<script>globalThis.kindredPwned=1</script>';

/** A 300-character scenario name with no spaces, to test that long names wrap instead of overflowing. */
export const LONG_NAME = `exo_${'very_long_scenario_name_'.repeat(12)}end`;

/** Text with every character that needs care in XML/HTML: markup, quotes, a C0 control, a lone surrogate, line breaks. */
export const AWKWARD_TEXT = `a<b & "c" 'd' \u0001 \uD800 \ttab\nline2 ]]> --> 中文`;

/**
 * The fixture's passing and failing runs with hostile text in the places a scenario author controls:
 * the scenario name, title, expectation text, fault evidence, error message.
 */
export function hostileCampaign(): CampaignResult {
  const p = passingRun();
  const f = failingRun();
  const scripted: ScenarioRunResult = {
    ...p,
    scenario: { ...p.scenario, name: SCRIPT_NAME, title: { zh: `标题 ${SCRIPT_NAME}`, en: `Title ${AWKWARD_TEXT}` } },
    faults: p.faults.map((x) => ({ ...x, evidence: { zh: AWKWARD_TEXT, en: AWKWARD_TEXT }, target: SCRIPT_NAME })),
  };
  const long: ScenarioRunResult = {
    ...f,
    scenario: { ...f.scenario, name: LONG_NAME, file: `scenarios/${LONG_NAME}/${LONG_NAME}.scenario.yaml` },
    expectations: f.expectations.map((e) => ({ ...e, description: { zh: e.description.zh, en: `${e.description.en} ${AWKWARD_TEXT}` }, measured: { zh: AWKWARD_TEXT, en: AWKWARD_TEXT } })),
    traces: { ...f.traces, joints: f.traces.joints.map((j) => ({ ...j, name: `${j.name}_${LONG_NAME}` })) },
  };
  const errored: ScenarioRunResult = { ...f, seed: 99, verdict: 'error', error: { code: 'SIM_UNSTABLE', message: AWKWARD_TEXT } };
  return campaignOf([scripted, long, errored]);
}
