import { DOMParser } from '@xmldom/xmldom';
import { KindredError } from '../../runtime/errors/index.js';
import type { SourceLocation, XmlElement, XmlNode } from './XmlElement.js';

interface DomLike {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<DomLike>;
  readonly attributes?: ArrayLike<{ readonly name: string; readonly value: string }>;
  readonly lineNumber?: number;
  readonly columnNumber?: number;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const COMMENT = 8;

function convert(node: DomLike, source: string): XmlElement {
  const attributes = new Map<string, string>();
  const attrs = node.attributes;
  if (attrs !== undefined) {
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      if (a !== undefined) attributes.set(a.name, a.value);
    }
  }
  const children: XmlNode[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const c = node.childNodes[i];
    if (c === undefined) continue;
    if (c.nodeType === ELEMENT) children.push(convert(c, source));
    else if (c.nodeType === TEXT || c.nodeType === CDATA) children.push({ kind: 'text', text: c.nodeValue ?? '' });
    else if (c.nodeType === COMMENT) children.push({ kind: 'comment', text: c.nodeValue ?? '' });
  }
  const location: SourceLocation = { source, line: node.lineNumber ?? 0, column: node.columnNumber ?? 0 };
  return { kind: 'element', name: node.nodeName, attributes, children, location };
}

/**
 * Parse XML text into a plain element tree. Syntax errors (including xmldom's recoverable errors and
 * attribute warnings, which a robot description should not contain either) throw `URDF_XML_SYNTAX` with the line and column.
 */
export function parseXml(text: string, source: string): XmlElement {
  let first: { message: string; line?: number; column?: number } | undefined;
  const parser = new DOMParser({
    onError: (level, message, context: unknown) => {
      // xmldom reports malformed attributes (missing quotes or values) only as warnings; they are not
      // XML, so they count as errors here. Its encoding and HTML-only warnings do not.
      if (first !== undefined || (level === 'warning' && /Unicode replacement|HTML document/.test(message))) return;
      const loc = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      first = { message };
      if (loc?.lineNumber !== undefined && loc.lineNumber >= 1) {
        first.line = loc.lineNumber;
        if (loc.columnNumber !== undefined && loc.columnNumber >= 1) first.column = loc.columnNumber;
      }
    },
  });
  let doc: { documentElement: DomLike | null } | undefined;
  try {
    doc = parser.parseFromString(text, 'text/xml') as unknown as { documentElement: DomLike | null };
  } catch {
    // xmldom throws after reporting a fatal error to onError; `first` holds the details.
  }
  if (first !== undefined || doc === undefined || doc.documentElement === null) {
    const info = first ?? { message: 'no root element' };
    const where = info.line === undefined ? source : `${source}:${info.line}${info.column === undefined ? '' : `:${info.column}`}`;
    throw new KindredError('URDF_XML_SYNTAX', `${where}: XML syntax error: ${info.message.trim()}; expected well-formed XML`, {
      file: source,
      ...(info.line === undefined ? {} : { line: info.line }),
      ...(info.column === undefined ? {} : { column: info.column }),
    });
  }
  return convert(doc.documentElement, source);
}
