/**
 * A small, plain XML tree: what `parseXml` produces and what the xacro expander and the URDF reader
 * walk. Every element remembers where it was written (file, line, column) so errors can point at it,
 * and, when a xacro macro produced it, which call did.
 */

export interface SourceLocation {
  /** File name or another label for in-memory text. */
  readonly source: string;
  /** 1-based line and column of the element's start tag. */
  readonly line: number;
  readonly column: number;
}

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
}

export interface XmlComment {
  readonly kind: 'comment';
  readonly text: string;
}

export interface XmlElement {
  readonly kind: 'element';
  /** Qualified name as written, e.g. `link` or `xacro:macro`. */
  readonly name: string;
  /** Attributes in document order (qualified names). */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  readonly location: SourceLocation;
  /** Set on elements a xacro macro call produced: where the call was. */
  readonly expandedFrom?: { readonly macro: string; readonly location: SourceLocation };
}

export type XmlNode = XmlElement | XmlText | XmlComment;

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.name === name) return c;
  return undefined;
}

/** The concatenated text content directly under `el`, trimmed. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text') s += c.text;
  return s.trim();
}

/** `<joint name="knee_left">` — how error messages name an element. */
export function describeElement(el: XmlElement): string {
  const name = el.attributes.get('name');
  return name === undefined ? `<${el.name}>` : `<${el.name} name="${name}">`;
}

/** `file:line` of an element, plus the macro call that produced it, for error messages. */
export function describeLocation(el: XmlElement): string {
  const here = `${el.location.source}:${el.location.line}`;
  if (el.expandedFrom === undefined) return here;
  const via = el.expandedFrom.location;
  return `${here} (from macro "${el.expandedFrom.macro}" called at ${via.source}:${via.line})`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

/** Serialise a node back to XML text (no declaration). Comments are kept. */
export function serializeXml(node: XmlNode): string {
  if (node.kind === 'text') return escapeText(node.text);
  if (node.kind === 'comment') return `<!--${node.text}-->`;
  let attrs = '';
  for (const [k, v] of node.attributes) attrs += ` ${k}="${escapeAttribute(v)}"`;
  if (node.children.length === 0) return `<${node.name}${attrs}/>`;
  let inner = '';
  for (const c of node.children) inner += serializeXml(c);
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
}
