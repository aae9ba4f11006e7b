import { dirname, isAbsolute, join, resolve } from 'node:path';
import { KindredError, isKindredError } from '../../runtime/errors/index.js';
import { elementError } from '../xml/elementError.js';
import { parseXml } from '../xml/parseXml.js';
import type { SourceLocation, XmlElement, XmlNode } from '../xml/XmlElement.js';
import { evaluateExpression, formatValue, literalValue, type XacroValue } from './evaluateExpression.js';

export interface XacroOptions {
  /** `xacro:arg` values given on the command line; they override the declared defaults. */
  readonly args?: Readonly<Record<string, string>>;
  /** ROS package name → absolute directory, for `$(find pkg)` and `package://pkg/...`. */
  readonly packages?: Readonly<Record<string, string>>;
  /** Reads an included file. Without it, `<xacro:include>` fails with `XACRO_INCLUDE_FAILED`. */
  readonly readFile?: (path: string) => string;
}

export const XACRO_NAMESPACE = 'http://www.ros.org/wiki/xacro';

interface Block {
  readonly block: readonly XmlNode[];
}
type Binding = XacroValue | Block;

class Scope {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  get(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  set(name: string, value: Binding): void {
    this.vars.set(name, value);
  }
  root(): Scope {
    return this.parent === undefined ? this : this.parent.root();
  }
}

interface MacroParam {
  readonly name: string;
  readonly kind: 'value' | 'block' | 'blocks';
  /** The default text; `^` (or `^|default`) takes the caller's value of the same name. */
  readonly defaultText?: string;
  readonly inherit: boolean;
}

interface Macro {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly XmlNode[];
  readonly location: SourceLocation;
}

const MAX_DEPTH = 100;

function isBlock(b: Binding | undefined): b is Block {
  return typeof b === 'object';
}

function parseParams(el: XmlElement, text: string): MacroParam[] {
  const params: MacroParam[] = [];
  const re = /(\*{0,2})([A-Za-z_][\w]*)(?::=('[^']*'|"[^"]*"|\S*))?/g;
  let consumed = '';
  for (const m of text.matchAll(re)) {
    consumed += m[0];
    const stars = m[1] ?? '';
    const name = m[2] ?? '';
    const kind = stars === '**' ? 'blocks' : stars === '*' ? 'block' : 'value';
    let def = m[3];
    if (def !== undefined && /^(['"]).*\1$/s.test(def)) def = def.slice(1, -1);
    let inherit = false;
    if (def !== undefined && def.startsWith('^')) {
      inherit = true;
      def = def.startsWith('^|') ? def.slice(2) : undefined;
    }
    params.push({ name, kind, inherit, ...(def === undefined ? {} : { defaultText: def }) });
  }
  if (consumed.length !== text.replace(/\s+/g, '').length) {
    throw elementError('XACRO_BAD_MACRO', el, `has params="${text}" that cannot be read`, {
      value: text,
      expected: 'space-separated names, name:=default, *block or **block',
    });
  }
  return params;
}

/**
 * Expand a xacro document (args, properties, `${}` expressions, macros with block parameters,
 * conditionals, includes) into a plain element tree. The input tree is not changed.
 */
export function expandXacro(root: XmlElement, options: XacroOptions = {}): XmlElement {
  const args = new Map<string, string>(Object.entries(options.args ?? {}));
  const macros = new Map<string, Macro>();
  const includeStack: string[] = [root.location.source];

  function fail(code: 'XACRO_BAD_SUBSTITUTION' | 'XACRO_UNDEFINED_ARG' | 'XACRO_PACKAGE_UNKNOWN', el: XmlElement, where: string, problem: string, value: string, expected: string): never {
    throw elementError(code, el, `${where}: ${problem}`, { value, expected });
  }

  function substitution(body: string, el: XmlElement, where: string, scope: Scope): string {
    const [cmd = '', ...rest] = body.trim().split(/\s+/);
    const arg = rest.join(' ');
    if (cmd === 'arg') {
      const v = args.get(arg);
      if (v === undefined) fail('XACRO_UNDEFINED_ARG', el, where, `$(arg ${arg}) is not set`, arg, 'an argument declared with <xacro:arg name=... default=...> or given to the loader');
      return v;
    }
    if (cmd === 'find') {
      const dir = options.packages?.[arg];
      if (dir === undefined) fail('XACRO_PACKAGE_UNKNOWN', el, where, `$(find ${arg}): package "${arg}" is not in the package map`, arg, `one of: ${Object.keys(options.packages ?? {}).join(', ') || '(no packages given)'}`);
      return dir;
    }
    if (cmd === 'eval') return formatValue(evaluate(body.trim().slice(4).trim(), el, where, scope));
    return fail('XACRO_BAD_SUBSTITUTION', el, where, `$(${body}) is not supported`, body, '$(arg name), $(find pkg) or $(eval expr)');
  }

  function evaluate(expr: string, el: XmlElement, where: string, scope: Scope): XacroValue {
    try {
      return evaluateExpression(expr, (name) => {
        const b = scope.get(name);
        if (isBlock(b)) throw new KindredError('XACRO_BAD_EXPRESSION', `"${name}" is a block, not a value`, { value: name, expected: 'a value property' });
        return typeof b === 'string' ? literalValue(b) : b;
      });
    } catch (e) {
      if (!isKindredError(e)) throw e;
      throw elementError(e.code, el, `${where}: ${e.message}`, { value: e.context.value, expected: e.context.expected ?? '' });
    }
  }

  /** Substitute `${...}` and `$(...)` in text; a text that is one `${...}` keeps its value's type. */
  function evalText(text: string, el: XmlElement, where: string, scope: Scope): XacroValue {
    const whole = /^\$\{([^}]*)\}$/.exec(text);
    if (whole !== null) return evaluate(whole[1] ?? '', el, where, scope);
    if (!text.includes('$')) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '$' && text[i + 1] === '$' && (text[i + 2] === '{' || text[i + 2] === '(')) {
        out += '$';
        i += 2;
        continue;
      }
      if (ch === '$' && (text[i + 1] === '{' || text[i + 1] === '(')) {
        const close = text[i + 1] === '{' ? '}' : ')';
        const end = text.indexOf(close, i + 2);
        if (end < 0) {
          throw elementError('XACRO_BAD_EXPRESSION', el, `${where}: "${text}" has an unclosed "$${text[i + 1]}"`, { value: text, expected: `a closing "${close}"` });
        }
        const body = text.slice(i + 2, end);
        out += close === '}' ? formatValue(evaluate(body, el, where, scope)) : substitution(body, el, where, scope);
        i = end + 1;
        continue;
      }
      out += ch;
      i++;
    }
    return out;
  }

  const evalString = (text: string, el: XmlElement, where: string, scope: Scope): string => formatValue(evalText(text, el, where, scope));

  function required(el: XmlElement, attr: string): string {
    const v = el.attributes.get(attr);
    if (v === undefined) throw elementError('XACRO_MISSING_ATTRIBUTE', el, `has no ${attr}="..." attribute`, { expected: `a ${attr} attribute` });
    return v;
  }

  function condition(el: XmlElement, scope: Scope): boolean {
    const raw = required(el, 'value');
    const v = evalText(raw, el, `value="${raw}"`, scope);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    const s = v.trim();
    if (s === 'true' || s === 'True' || s === '1') return true;
    if (s === 'false' || s === 'False' || s === '0') return false;
    throw elementError('XACRO_BAD_CONDITION', el, `has value="${raw}" which is ${JSON.stringify(v)}`, { value: v, expected: 'true, false, 1 or 0' });
  }

  function resolveInclude(el: XmlElement, filename: string): string {
    const pkg = /^package:\/\/([^/]+)\/(.*)$/.exec(filename);
    if (pkg !== null) {
      const dir = options.packages?.[pkg[1] ?? ''];
      if (dir === undefined) {
        throw elementError('XACRO_PACKAGE_UNKNOWN', el, `filename="${filename}": package "${pkg[1]}" is not in the package map`, {
          value: filename,
          expected: `one of: ${Object.keys(options.packages ?? {}).join(', ') || '(no packages given)'}`,
        });
      }
      return join(dir, pkg[2] ?? '');
    }
    if (isAbsolute(filename)) return filename;
    return resolve(dirname(el.location.source), filename);
  }

  function include(el: XmlElement, scope: Scope, depth: number): XmlNode[] {
    const raw = required(el, 'filename');
    const path = resolveInclude(el, evalString(raw, el, `filename="${raw}"`, scope));
    if (includeStack.includes(path)) {
      throw elementError('XACRO_INCLUDE_FAILED', el, `includes ${path}, which is already being included (${includeStack.join(' → ')})`, {
        value: path,
        expected: 'no include cycles',
      });
    }
    if (options.readFile === undefined) {
      throw elementError('XACRO_INCLUDE_FAILED', el, `cannot include ${path}: no file reader was given (use loadUrdfFile or pass readFile)`, {
        value: path,
        expected: 'a readable file',
      });
    }
    let text: string;
    try {
      text = options.readFile(path);
    } catch (e) {
      throw elementError('XACRO_INCLUDE_FAILED', el, `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
        value: path,
        expected: 'a readable file',
      });
    }
    const included = parseXml(text, path);
    includeStack.push(path);
    try {
      return expandNodes(included.children, scope, depth + 1, included);
    } finally {
      includeStack.pop();
    }
  }

  function markExpanded(nodes: XmlNode[], macro: string, location: SourceLocation): XmlNode[] {
    return nodes.map((n) =>
      n.kind === 'element' ? { ...n, children: markExpanded([...n.children], macro, location), expandedFrom: { macro, location } } : n,
    );
  }

  function callMacro(el: XmlElement, macro: Macro, caller: Scope, depth: number): XmlNode[] {
    if (depth > MAX_DEPTH) {
      throw elementError('XACRO_BAD_MACRO', el, `nests macro calls more than ${MAX_DEPTH} deep`, { expected: 'a macro that does not call itself without end' });
    }
    const scope = new Scope(caller);
    const known = new Set(macro.params.map((p) => p.name));
    for (const attr of el.attributes.keys()) {
      if (!known.has(attr)) {
        throw elementError('XACRO_MACRO_PARAM_UNKNOWN', el, `passes ${attr}="${el.attributes.get(attr)}", which macro "${macro.name}" (${macro.location.source}:${macro.location.line}) does not declare`, {
          value: attr,
          expected: `one of: ${[...known].join(', ')}`,
        });
      }
    }
    const blocks = el.children.filter((c): c is XmlElement => c.kind === 'element');
    let nextBlock = 0;
    for (const p of macro.params) {
      if (p.kind !== 'value') {
        const b = blocks[nextBlock++];
        if (b === undefined) {
          throw elementError('XACRO_MACRO_PARAM_MISSING', el, `gives no element for block parameter ${p.kind === 'block' ? '*' : '**'}${p.name} of macro "${macro.name}"`, {
            value: p.name,
            expected: 'one child element per block parameter, in order',
          });
        }
        scope.set(p.name, { block: p.kind === 'block' ? [b] : b.children });
        continue;
      }
      const given = el.attributes.get(p.name);
      if (given !== undefined) {
        scope.set(p.name, evalText(given, el, `${p.name}="${given}"`, caller));
        continue;
      }
      const inherited = p.inherit ? caller.get(p.name) : undefined;
      if (inherited !== undefined) scope.set(p.name, inherited);
      else if (p.defaultText !== undefined) scope.set(p.name, evalText(p.defaultText, el, `default of ${p.name}`, caller));
      else {
        throw elementError('XACRO_MACRO_PARAM_MISSING', el, `does not give parameter "${p.name}" of macro "${macro.name}" (${macro.location.source}:${macro.location.line}), which has no default`, {
          value: p.name,
          expected: `${p.name}="..."`,
        });
      }
    }
    return markExpanded(expandNodes(macro.body, scope, depth + 1, el), macro.name, el.location);
  }

  function directive(el: XmlElement, scope: Scope, depth: number): XmlNode[] {
    const local = el.name.slice('xacro:'.length);
    switch (local) {
      case 'property': {
        const name = required(el, 'name');
        const target = el.attributes.get('scope') === 'global' ? scope.root() : el.attributes.get('scope') === 'parent' ? (scope.parent ?? scope) : scope;
        const value = el.attributes.get('value');
        const def = el.attributes.get('default');
        if (value !== undefined) target.set(name, evalText(value, el, `value="${value}"`, scope));
        else if (def !== undefined) {
          if (scope.get(name) === undefined) target.set(name, evalText(def, el, `default="${def}"`, scope));
        } else target.set(name, { block: el.children });
        return [];
      }
      case 'arg': {
        const name = required(el, 'name');
        const def = el.attributes.get('default');
        if (!args.has(name) && def !== undefined) args.set(name, evalString(def, el, `default="${def}"`, scope));
        return [];
      }
      case 'macro': {
        const name = required(el, 'name');
        macros.set(name, { name, params: parseParams(el, el.attributes.get('params') ?? ''), body: el.children, location: el.location });
        return [];
      }
      case 'if':
        return condition(el, scope) ? expandNodes(el.children, scope, depth, el) : [];
      case 'unless':
        return condition(el, scope) ? [] : expandNodes(el.children, scope, depth, el);
      case 'include':
        return include(el, scope, depth);
      case 'insert_block': {
        const name = required(el, 'name');
        const b = scope.get(name);
        if (!isBlock(b)) {
          throw elementError('XACRO_UNDEFINED_NAME', el, `inserts block "${name}", which is ${b === undefined ? 'not defined' : 'a value, not a block'}`, {
            value: name,
            expected: 'a *block or **block macro parameter, or a block <xacro:property>',
          });
        }
        return expandNodes(b.block, scope, depth + 1, el);
      }
      default: {
        const macro = macros.get(local);
        if (macro === undefined) {
          throw elementError('XACRO_UNKNOWN_MACRO', el, `is neither a defined macro nor a supported xacro directive`, {
            value: el.name,
            expected: `a macro defined before this point (${[...macros.keys()].join(', ') || 'none defined'}) or one of property, arg, macro, if, unless, include, insert_block`,
          });
        }
        return callMacro(el, macro, scope, depth);
      }
    }
  }

  function expandElement(el: XmlElement, scope: Scope, depth: number): XmlElement {
    const attributes = new Map<string, string>();
    for (const [k, v] of el.attributes) {
      if (k === 'xmlns:xacro') continue;
      attributes.set(k, evalString(v, el, `${k}="${v}"`, scope));
    }
    return { ...el, attributes, children: expandNodes(el.children, scope, depth, el) };
  }

  /** `parent` is the element that holds `nodes`; errors in text nodes name it. */
  function expandNodes(nodes: readonly XmlNode[], scope: Scope, depth: number, parent: XmlElement): XmlNode[] {
    const out: XmlNode[] = [];
    for (const n of nodes) {
      if (n.kind === 'comment') out.push(n);
      else if (n.kind === 'text') {
        out.push(n.text.includes('$') ? { kind: 'text', text: evalString(n.text, parent, 'text', scope) } : n);
      } else if (n.name.startsWith('xacro:')) out.push(...directive(n, scope, depth));
      else out.push(expandElement(n, scope, depth));
    }
    return out;
  }

  return expandElement(root, new Scope(), 0);
}
