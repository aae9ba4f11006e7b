import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText } from './escapeMarkup.js';

/** What the escaped text reads as after parsing: the input with characters XML cannot hold shown as `\uXXXX`. */
function readable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    const prev = s.charCodeAt(i - 1);
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    const bad =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      c === 0xfffe ||
      c === 0xffff ||
      (high && !(next >= 0xdc00 && next <= 0xdfff)) ||
      (low && !(prev >= 0xd800 && prev <= 0xdbff));
    out += bad ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : s[i];
  }
  return out;
}

describe('escapeText / escapeAttr', () => {
  it('let any UTF-16 string through an XML parser unchanged, in content and in attributes (property)', () => {
    const unit = fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", '\n', '\r', '\t', '\u0000', '\uD800', '\uDC00', '\uFFFE', ']]>'), fc.nat(0xffff).map((c) => String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.string({ unit }), (s) => {
        const problems: string[] = [];
        // xmldom warns on U+FFFD (a hint of mis-decoded input), which is a legal character: count errors only.
        const doc = new DOMParser({ onError: (level, m) => (level === 'warning' ? undefined : problems.push(`${level} ${m}`)) }).parseFromString(
          `<r a="${escapeAttr(s)}" b='${escapeAttr(s)}'>${escapeText(s)}</r>`,
          'text/xml',
        );
        expect(problems).toEqual([]);
        const r = doc.documentElement;
        expect(r?.getAttribute('a')).toBe(readable(s));
        expect(r?.getAttribute('b')).toBe(readable(s));
        expect(r?.textContent).toBe(readable(s));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps U+0085 and U+2028 (line ends to an XML 1.1 parser) as they are: found by the property above with seed -652201377', () => {
    for (const s of ['\u0085', 'a\u2028b', '\r\u0085']) {
      const doc = new DOMParser().parseFromString(`<r a="${escapeAttr(s)}">${escapeText(s)}</r>`, 'text/xml');
      expect(doc.documentElement?.getAttribute('a')).toBe(s);
      expect(doc.documentElement?.textContent).toBe(s);
    }
  });

  it('keeps a surrogate pair (an emoji) whole', () => {
    expect(escapeText('跌倒 😀 <')).toBe('跌倒 😀 &lt;');
  });
});
