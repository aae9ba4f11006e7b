import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { junitXml } from './junitXml.js';
import { campaignFixture, campaignOf, LATE_DETECTION } from './testing/fixture.js';
import { AWKWARD_TEXT, hostileCampaign, SCRIPT_NAME } from './testing/hostile.js';

/** Parses `xml`, failing the test on any parser warning or error. */
function parse(xml: string): Element {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
  expect(problems).toEqual([]);
  const root = doc.documentElement;
  if (root === null) throw new Error('no root element');
  return root;
}

function children(el: Element, tag: string): Element[] {
  const list = el.getElementsByTagName(tag);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list.item(i);
    if (item !== null) out.push(item);
  }
  return out;
}

function suite(root: Element, name: string): Element {
  const s = children(root, 'testsuite').find((x) => x.getAttribute('name') === name);
  if (s === undefined) throw new Error(`no testsuite ${name}`);
  return s;
}

describe('junitXml', () => {
  const result = campaignFixture();
  const root = parse(junitXml(result));

  it('is well-formed XML with a testsuite per robot, then hazard coverage and mutation', () => {
    expect(root.tagName).toBe('testsuites');
    expect(children(root, 'testsuite').map((s) => s.getAttribute('name'))).toEqual([
      'kindred_exo',
      'kindred_transfer',
      'kindred_companion',
      'hazard-coverage',
      'mutation',
    ]);
  });

  it('counts tests, failures and errors: runs, hazards not covered and unverified monitors', () => {
    // 4 runs + 4 hazards + 3 monitors; failures: the failing run, a failing and an uncovered hazard, an unverified monitor.
    expect(root.getAttribute('tests')).toBe('11');
    expect(root.getAttribute('failures')).toBe('4');
    expect(root.getAttribute('errors')).toBe('1');
    let tests = 0;
    let failures = 0;
    let errors = 0;
    for (const s of children(root, 'testsuite')) {
      const cases = children(s, 'testcase');
      expect(Number(s.getAttribute('tests'))).toBe(cases.length);
      expect(Number(s.getAttribute('failures'))).toBe(cases.filter((c) => children(c, 'failure').length > 0).length);
      expect(Number(s.getAttribute('errors'))).toBe(cases.filter((c) => children(c, 'error').length > 0).length);
      tests += cases.length;
      failures += Number(s.getAttribute('failures'));
      errors += Number(s.getAttribute('errors'));
    }
    expect([tests, failures, errors]).toEqual([11, 4, 1]);
    expect(suite(root, 'hazard-coverage').getAttribute('failures')).toBe('2');
    expect(suite(root, 'mutation').getAttribute('failures')).toBe('1');
  });

  it('names each run case scenario + seed, classname robot.scene, time in seconds', () => {
    const cases = children(suite(root, 'kindred_exo'), 'testcase');
    expect(cases.map((c) => [c.getAttribute('name'), c.getAttribute('classname'), c.getAttribute('time')])).toEqual([
      ['exo_knee_runaway seed=7', 'kindred_exo.exo_standing', '2.310'],
      ['exo_cuff_force_spike seed=11', 'kindred_exo.exo_standing', '2.650'],
    ]);
  });

  it('lists every failed expectation with its measured value, and the refused reset, in the failure', () => {
    const failing = children(suite(root, 'kindred_exo'), 'testcase')[1];
    const failure = failing === undefined ? undefined : children(failing, 'failure')[0];
    expect(failure?.getAttribute('message')).toBe(`3 expectations failed; first: ${LATE_DETECTION.description.en}`);
    const text = failure?.textContent ?? '';
    expect(text).toContain(`expect[0] detected_within: ${LATE_DETECTION.description.en}`);
    expect(text).toContain(`measured: ${LATE_DETECTION.measured.en}`);
    expect(text).toContain('peaked at 163.8 N at 3.10 s');
    expect(text).toContain('knee_left stays within its prescribed range [0, 1.2] rad');
    expect(text).toContain('operator safety.reset at 7.5 s: refused (SAFETY_RESET_CAUSE_PERSISTS), expected accepted');
    expect(text).not.toContain('emergency_stop within 2 ms'); // the passing expectation is not a failure
  });

  it('reports a run that could not be judged as <error> with its code', () => {
    const c = children(suite(root, 'kindred_transfer'), 'testcase')[0];
    const error = c === undefined ? undefined : children(c, 'error')[0];
    expect(error?.getAttribute('type')).toBe('SIM_UNSTABLE');
    expect(error?.getAttribute('message')).toMatch(/^SIM_UNSTABLE: MuJoCo warning mjWARN_BADQACC/);
    expect(c === undefined ? [] : children(c, 'failure')).toHaveLength(0);
  });

  it('fails an uncovered hazard and an unverified monitor, and passes the others', () => {
    const hazards = children(suite(root, 'hazard-coverage'), 'testcase');
    const failed = hazards.filter((c) => children(c, 'failure').length > 0).map((c) => c.getAttribute('name')?.split(' ')[0]);
    expect(failed).toEqual(['H-EXO-02', 'H-TRF-01']);
    const uncovered = hazards.find((c) => c.getAttribute('name')?.startsWith('H-TRF-01'));
    expect(uncovered === undefined ? '' : children(uncovered, 'failure')[0]?.getAttribute('message')).toBe(
      'hazard H-TRF-01 is uncovered: no passing scenario (missing: transfer_rail_squeeze)',
    );
    const mutation = children(suite(root, 'mutation'), 'testcase');
    expect(mutation.filter((c) => children(c, 'failure').length > 0).map((c) => c.getAttribute('name'))).toEqual(['sensor_freshness']);
  });

  it('escapes markup, quotes, control characters and lone surrogates so the text survives parsing', () => {
    const hostile = parse(junitXml(hostileCampaign()));
    const cases = children(hostile, 'testcase');
    expect(cases[0]?.getAttribute('name')).toBe(`${SCRIPT_NAME} seed=7`);
    const visible = AWKWARD_TEXT.replace('\u0001', '\\u0001').replace('\uD800', '\\uD800');
    const failure = cases[1] === undefined ? undefined : children(cases[1], 'failure')[0];
    expect(failure?.textContent).toContain(`measured: ${visible}`);
    expect(failure?.getAttribute('message')).toContain(visible); // newline and tab kept inside the attribute
    const error = cases[2] === undefined ? undefined : children(cases[2], 'error')[0];
    expect(error?.getAttribute('message')).toBe(`SIM_UNSTABLE: ${visible}`);
  });

  it('writes a valid empty report for a campaign with no runs', () => {
    const empty = parse(junitXml(campaignOf([])));
    expect(empty.getAttribute('tests')).toBe('0');
    expect(children(empty, 'testsuite')).toHaveLength(0);
  });
});
