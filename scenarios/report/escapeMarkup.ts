/**
 * Escaping for the XML and HTML reports. Scenario names, titles, evidence and error messages come
 * from scenario files and from the runtime, so any of them may hold `<`, `&`, quotes or control
 * characters; one function makes every piece of text safe for both XML 1.0 and HTML, in element
 * content and in attribute values alike.
 */

// Characters XML 1.0 forbids outright (C0 controls except tab/newline/return, U+FFFE/U+FFFF, lone
// surrogates). They are written as a visible `\uXXXX` so the information survives.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MARKUP = /[&<>"'\t\n\r\u0085\u2028]/g;
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
  // XML 1.1 line ends, which parsers (xmldom among them) fold into a newline or a space when written raw.
  '\u0085': '&#133;',
  '\u2028': '&#8232;',
};

function visible(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text made safe for an XML/HTML attribute value (quoted with `"` or `'`): markup characters become
 * entities, and tab/newline/return become character references so parsers do not fold them to spaces.
 */
export function escapeAttr(text: string): string {
  return text.replace(NOT_XML, visible).replace(MARKUP, (ch) => ENTITY[ch] ?? ch);
}

/**
 * Text made safe for XML/HTML element content; newlines and tabs are kept as they are, a carriage
 * return becomes `&#13;` (a parser would otherwise turn `\r\n` into `\n`), likewise U+0085 and U+2028.
 */
export function escapeText(text: string): string {
  return text.replace(NOT_XML, visible).replace(/[&<>\r\u0085\u2028]/g, (ch) => ENTITY[ch] ?? ch);
}
