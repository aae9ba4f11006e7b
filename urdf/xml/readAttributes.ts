import type { Pose, Vec3 } from '../RobotModel.js';
import { elementError } from './elementError.js';
import { firstChild, type XmlElement } from './XmlElement.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A required attribute's text; `URDF_MISSING_ATTRIBUTE` when absent. */
export function requiredAttribute(el: XmlElement, attr: string): string {
  const v = el.attributes.get(attr);
  if (v === undefined || v.trim() === '') {
    throw elementError('URDF_MISSING_ATTRIBUTE', el, `has no ${attr}="..." attribute`, { field: `${el.name}@${attr}`, expected: `a non-empty ${attr} attribute` });
  }
  return v.trim();
}

/** A required child element; `URDF_MISSING_ELEMENT` when absent. */
export function requiredChild(el: XmlElement, name: string): XmlElement {
  const c = firstChild(el, name);
  if (c === undefined) throw elementError('URDF_MISSING_ELEMENT', el, `has no <${name}> element`, { expected: `a <${name}> child` });
  return c;
}

function parseNumberText(el: XmlElement, attr: string, text: string): number {
  const s = text.trim();
  const n = Number(s);
  if (!NUMBER.test(s) || !Number.isFinite(n)) {
    throw elementError('URDF_BAD_NUMBER', el, `has ${attr}="${text}", which is not a number`, {
      field: `${el.name}@${attr}`,
      value: text,
      expected: 'a finite decimal number such as 0.5 or -1.2e-3',
    });
  }
  return n;
}

/** A number attribute: `fallback` when absent (or `undefined` when no fallback is given). */
export function numberAttribute(el: XmlElement, attr: string): number | undefined;
export function numberAttribute(el: XmlElement, attr: string, fallback: number): number;
export function numberAttribute(el: XmlElement, attr: string, fallback?: number): number | undefined {
  const v = el.attributes.get(attr);
  if (v === undefined) return fallback;
  return parseNumberText(el, attr, v);
}

export function requiredNumber(el: XmlElement, attr: string): number {
  return parseNumberText(el, attr, requiredAttribute(el, attr));
}

/** Whitespace-separated numbers in an attribute, exactly `count` of them. */
export function numberList(el: XmlElement, attr: string, text: string, count: number): number[] {
  const parts = text.trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length !== count) {
    throw elementError('URDF_BAD_NUMBER', el, `has ${attr}="${text}" with ${parts.length} number(s)`, {
      field: `${el.name}@${attr}`,
      value: text,
      expected: `${count} space-separated numbers`,
    });
  }
  return parts.map((p) => parseNumberText(el, attr, p));
}

export function vec3Attribute(el: XmlElement, attr: string, fallback: Vec3): Vec3 {
  const v = el.attributes.get(attr);
  if (v === undefined) return fallback;
  const [x = 0, y = 0, z = 0] = numberList(el, attr, v, 3);
  return [x, y, z];
}

const ZERO: Vec3 = [0, 0, 0];

/** The `<origin xyz rpy>` child of `el`, identity when absent. */
export function originOf(el: XmlElement): Pose {
  const o = firstChild(el, 'origin');
  if (o === undefined) return { xyz: ZERO, rpy: ZERO };
  return { xyz: vec3Attribute(o, 'xyz', ZERO), rpy: vec3Attribute(o, 'rpy', ZERO) };
}
