import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { loadUrdfFile } from '../loadUrdfFile.js';
import { expandXacroText, parseUrdf } from '../parseUrdf.js';

const X = 'xmlns:xacro="http://www.ros.org/wiki/xacro"';
const doc = (body: string): string => `<robot name="r" ${X}>\n${body}\n</robot>`;
/** Expanded text with whitespace-only text nodes and the declaration removed, for compact comparisons. */
const expand = (body: string, options: Parameters<typeof expandXacroText>[1] = {}): string =>
  expandXacroText(doc(body), { source: 'm.xacro', ...options })
    .replace(/<\?xml[^>]*\?>\n/, '')
    .replace(/>\s+</g, '><')
    .trim();
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

function codeOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a KindredError');
}

describe('xacro expansion', () => {
  it('substitutes args (defaults, overrides) and drops the xacro namespace', () => {
    const body = '<xacro:arg name="side" default="left"/><link name="thigh_$(arg side)"/>';
    expect(expand(body)).toBe('<robot name="r"><link name="thigh_left"/></robot>');
    expect(expand(body, { args: { side: 'right' } })).toBe('<robot name="r"><link name="thigh_right"/></robot>');
  });

  it('evaluates value properties in attributes and text, keeps $${ literal', () => {
    const body = '<xacro:property name="L" value="0.4"/><xacro:property name="half" value="${L / 2}"/><link name="a"><x v="${half} ${-L}">${L * 10}</x><y v="$${L}"/></link>';
    expect(expand(body)).toBe('<robot name="r"><link name="a"><x v="0.2 -0.4">4</x><y v="${L}"/></link></robot>');
  });

  it('property default= only sets an undefined property; block properties insert their content', () => {
    const body =
      '<xacro:property name="k" value="1"/><xacro:property name="k" default="2"/><xacro:property name="m" default="3"/>' +
      '<xacro:property name="shape"><box size="${k} ${m} 1"/></xacro:property><link name="a"><xacro:insert_block name="shape"/></link>';
    expect(expand(body)).toBe('<robot name="r"><link name="a"><box size="1 3 1"/></link></robot>');
  });

  it('expands macros with defaults, *block and **block parameters, nested calls and ^ inheritance', () => {
    const body = [
      '<xacro:property name="scale" value="2"/>',
      '<xacro:macro name="inner" params="n scale:=^"><i n="${n * scale}"/></xacro:macro>',
      '<xacro:macro name="seg" params="name len:=1 *origin **extras">',
      '<joint name="${name}"><xacro:insert_block name="origin"/><xacro:insert_block name="extras"/><xacro:inner n="${len}"/></joint>',
      '</xacro:macro>',
      '<xacro:seg name="j1"><origin xyz="0 0 ${-scale}"/><extras><a/><b/></extras></xacro:seg>',
      '<xacro:seg name="j2" len="3"><origin/><extras/></xacro:seg>',
    ].join('\n');
    expect(expand(body)).toBe(
      '<robot name="r"><joint name="j1"><origin xyz="0 0 -2"/><a/><b/><i n="2"/></joint><joint name="j2"><origin/><i n="6"/></joint></robot>',
    );
  });

  it('keeps macro parameters local to the call', () => {
    const body = '<xacro:macro name="m" params="p"><a v="${p}"/></xacro:macro><xacro:m p="1"/><b v="${p}"/>';
    expect(codeOf(() => expand(body))).toMatchObject({ code: 'XACRO_UNDEFINED_NAME' });
  });

  it('honours xacro:if and xacro:unless with booleans, numbers and text', () => {
    const body = [
      '<xacro:arg name="arms" default="true"/>',
      '<xacro:if value="$(arg arms)"><a/></xacro:if>',
      '<xacro:unless value="$(arg arms)"><b/></xacro:unless>',
      '<xacro:if value="${1 + 1 == 2}"><c/></xacro:if>',
      '<xacro:if value="0"><d/></xacro:if>',
      '<xacro:unless value="False"><e/></xacro:unless>',
    ].join('\n');
    expect(expand(body)).toBe('<robot name="r"><a/><c/><e/></robot>');
    expect(expand(body, { args: { arms: 'false' } })).toBe('<robot name="r"><b/><c/><e/></robot>');
  });

  it('includes through $(find pkg) with a package map, and relative includes from the included file', () => {
    const m = loadUrdfFile(`${fixtures}with_packages.urdf.xacro`, { packages: { kindred_parts: `${fixtures}kindred_parts` } });
    expect(m.links.map((l) => l.name)).toEqual(['base', 'upper', 'lower']);
    expect(m.links[1]?.visuals[0]?.geometry).toEqual({ type: 'cylinder', radius: 0.04, length: 0.3 });
  });

  it('includes through package://pkg/... with a package map', () => {
    const m = loadUrdfFile(`${fixtures}with_package_url.urdf.xacro`, { packages: { kindred_parts: `${fixtures}kindred_parts` } });
    expect(m.joints.map((j) => j.name)).toEqual(['only_joint']);
  });

  it('in-memory parseUrdf reads includes only through the given reader', () => {
    const files: Record<string, string> = { '/pkg/x.xacro': `<robot ${X}><link name="inc"/></robot>` };
    const text = doc('<xacro:include filename="$(find p)/x.xacro"/>');
    expect(parseUrdf(text, { packages: { p: '/pkg' }, readFile: (f) => files[f] ?? '' }).rootLink).toBe('inc');
    expect(codeOf(() => parseUrdf(text, { packages: { p: '/pkg' } }))).toMatchObject({ code: 'XACRO_INCLUDE_FAILED' });
  });

  it('treats a root with the xacro namespace, or a .xacro source, as xacro; plain URDF is not expanded', () => {
    expect(parseUrdf(`<robot name="r"><xacro:property ${X} name="a" value="1"/><link name="\${a}"/></robot>`, { source: 'r.xacro' }).rootLink).toBe('1');
    expect(parseUrdf('<robot name="r"><link name="${a}"/></robot>', { source: 'r.urdf' }).rootLink).toBe('${a}');
  });

  it.each([
    ['unset arg', '<link name="$(arg nope)"/>', {}, 'XACRO_UNDEFINED_ARG', 'm.xacro:2: <link name="$(arg nope)"> name="$(arg nope)": $(arg nope) is not set'],
    ['unknown package', '<xacro:include filename="$(find ghost)/x.xacro"/>', {}, 'XACRO_PACKAGE_UNKNOWN', 'm.xacro:2: <xacro:include> filename="$(find ghost)/x.xacro": $(find ghost): package "ghost" is not in the package map'],
    ['unknown package:// package', '<xacro:include filename="package://ghost/x.xacro"/>', {}, 'XACRO_PACKAGE_UNKNOWN', 'filename="package://ghost/x.xacro": package "ghost" is not in the package map'],
    ['$(env) is refused', '<link name="$(env HOME)"/>', {}, 'XACRO_BAD_SUBSTITUTION', '$(env HOME) is not supported'],
    ['unclosed ${', '<link name="a${b"/>', {}, 'XACRO_BAD_EXPRESSION', 'has an unclosed "${"'],
    ['bad condition', '<xacro:if value="maybe"><a/></xacro:if>', {}, 'XACRO_BAD_CONDITION', 'm.xacro:2: <xacro:if> has value="maybe" which is "maybe"'],
    ['if without value', '<xacro:if><a/></xacro:if>', {}, 'XACRO_MISSING_ATTRIBUTE', '<xacro:if> has no value="..." attribute'],
    ['unknown macro', '<xacro:leg side="l"/>', {}, 'XACRO_UNKNOWN_MACRO', 'm.xacro:2: <xacro:leg> is neither a defined macro nor a supported xacro directive'],
    ['unknown macro parameter', '<xacro:macro name="m" params="a"/>\n<xacro:m a="1" b="2"/>', {}, 'XACRO_MACRO_PARAM_UNKNOWN', 'm.xacro:3: <xacro:m> passes b="2", which macro "m" (m.xacro:2) does not declare'],
    ['missing block', '<xacro:macro name="m" params="*origin"/>\n<xacro:m/>', {}, 'XACRO_MACRO_PARAM_MISSING', 'gives no element for block parameter *origin of macro "m"'],
    ['insert of a value', '<xacro:property name="v" value="1"/><xacro:insert_block name="v"/>', {}, 'XACRO_UNDEFINED_NAME', 'inserts block "v", which is a value, not a block'],
    ['endless recursion', '<xacro:macro name="m" params=""><xacro:m/></xacro:macro>\n<xacro:m/>', {}, 'XACRO_BAD_MACRO', 'nests macro calls more than 100 deep'],
    ['unreadable params', '<xacro:macro name="m" params="a:=1 ,b"/>', {}, 'XACRO_BAD_MACRO', 'has params="a:=1 ,b" that cannot be read'],
    ['expression error in text', '<a>${1 +}</a>', {}, 'XACRO_BAD_EXPRESSION', 'm.xacro:2: <a> text: cannot evaluate ${1 +}'],
  ] as const)('%s → %s', (_name, body, options, code, fragment) => {
    const e = codeOf(() => expand(body, options));
    expect(e.code).toBe(code);
    expect(e.message).toContain(fragment);
  });

  it('reports an include cycle with the chain of files', () => {
    const e = codeOf(() => loadUrdfFile(`${fixtures}loop/a.xacro`));
    expect(e.code).toBe('XACRO_INCLUDE_FAILED');
    expect(e.message).toMatch(/b\.xacro:3: <xacro:include> includes .*a\.xacro, which is already being included \(.*a\.xacro → .*b\.xacro\)/);
  });

  it('reports an unreadable include and an unreadable top-level file', () => {
    expect(codeOf(() => parseUrdf(doc('<xacro:include filename="/nonexistent/x.xacro"/>'), { readFile: () => { throw new Error('ENOENT'); } }))).toMatchObject({
      code: 'XACRO_INCLUDE_FAILED',
      message: expect.stringContaining('cannot read /nonexistent/x.xacro: ENOENT') as unknown as string,
    });
    expect(codeOf(() => loadUrdfFile('/nonexistent/robot.urdf')).code).toBe('URDF_FILE_UNREADABLE');
  });
});
