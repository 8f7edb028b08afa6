import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/sync/canonical-json';

/** The plain definition: keys sorted, undefined members left out, no spaces. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function shuffledKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffledKeys);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, shuffledKeys(v)]),
    );
  return value;
}

const json = fc.jsonValue({ noUnicodeString: false });

describe('canonical JSON of pushed bodies', () => {
  it('is the sorted-keys spelling, and parses back to the same value', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(text).toBe(reference(value));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on the order the keys arrived in', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(shuffledKeys(value))).toBe(canonicalJson(value));
      }),
    );
  });

  it('leaves out undefined members and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [true, null] })).toBe('{"b":1,"c":[true,null]}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });

  it('spells a value already in canonical order the same (the native path) as any other order', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        // Parsed back, the keys arrive sorted, except integer-like keys, which objects put first.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(shuffledKeys(JSON.parse(text)))).toBe(text);
      }),
    );
    expect(canonicalJson(JSON.parse('{"10":1,"9":2,"a":[{"b":1,"a":2}]}'))).toBe(
      '{"10":1,"9":2,"a":[{"a":2,"b":1}]}',
    );
  });

  it('never lets JSON.stringify decide for what is not plain data', () => {
    // JSON.stringify would call toJSON, drop or nullify these; canonical JSON does not.
    expect(canonicalJson({ a: new Date(0) })).toBe('{"a":{}}');
    expect(canonicalJson({ a: { toJSON: 1 } })).toBe('{"a":{"toJSON":1}}');
    const inherited = Object.create({ b: 1 }) as Record<string, unknown>;
    inherited['a'] = 1;
    expect(canonicalJson(inherited)).toBe('{"a":1}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { a: 1, b: [2] }))).toBe(
      '{"a":1,"b":[2]}',
    );
    expect(() => canonicalJson([1, undefined])).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(canonicalJson({ a: -0 })).toBe('{"a":0}');
  });

  it('ignores a toJSON function that JSON.stringify would call: on an array, or planted on a prototype', () => {
    const list = Object.assign([1, 2], { toJSON: () => 'replaced' });
    expect(canonicalJson({ a: list })).toBe('{"a":[1,2]}');
    // Prototype pollution: every plain object would answer to it. Computed with it planted,
    // compared after it is gone (the assertions themselves may stringify).
    let spelled: string;
    Object.defineProperty(Object.prototype, 'toJSON', {
      value: () => 'polluted',
      configurable: true,
      writable: true,
    });
    try {
      spelled = canonicalJson({ a: 1, b: { c: [2] } });
    } finally {
      delete (Object.prototype as { toJSON?: unknown }).toJSON;
    }
    expect(spelled).toBe('{"a":1,"b":{"c":[2]}}');
  });
});
