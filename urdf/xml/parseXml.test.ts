import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { parseXml } from './parseXml.js';
import { childElements, describeLocation, serializeXml } from './XmlElement.js';

describe('parseXml', () => {
  it('records the line and column of every element and keeps text and comments', () => {
    const root = parseXml('<?xml version="1.0"?>\n<robot name="r">\n  <!-- note -->\n  <link name="a"/>\n    <joint name="j">x &amp; y</joint>\n</robot>', 'r.urdf');
    expect(root.location).toEqual({ source: 'r.urdf', line: 2, column: 1 });
    const [link, joint] = childElements(root);
    expect(link?.location).toEqual({ source: 'r.urdf', line: 4, column: 3 });
    expect(joint?.location.line).toBe(5);
    expect(joint && describeLocation(joint)).toBe('r.urdf:5');
    expect(root.children.some((c) => c.kind === 'comment' && c.text === ' note ')).toBe(true);
    expect(joint && serializeXml(joint)).toBe('<joint name="j">x &amp; y</joint>');
  });

  it.each([
    ['empty text', '', 'URDF_XML_SYNTAX'],
    ['mismatched tags', '<a>\n<b></a>', 'URDF_XML_SYNTAX'],
    ['two roots', '<a/><b/>', 'URDF_XML_SYNTAX'],
    ['attribute without quotes', '<a x=1/>', 'URDF_XML_SYNTAX'],
  ])('%s gives URDF_XML_SYNTAX with the file in the message', (_name, text, code) => {
    let err: unknown;
    try {
      parseXml(text, 'x.urdf');
    } catch (e) {
      err = e;
    }
    expect(isKindredError(err, code as 'URDF_XML_SYNTAX')).toBe(true);
    expect((err as Error).message).toMatch(/^x\.urdf(:\d+:\d+)?: XML syntax error: /);
  });
});
