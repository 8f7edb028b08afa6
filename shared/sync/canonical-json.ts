/**
 * One spelling of a JSON value: object keys sorted, no spaces. Two bodies that mean the same thing
 * have the same canonical form, so the server can tell a retried item (the same body again) from a
 * conflicting one (a different body under the same id) whatever order the keys arrived in.
 */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  // Written as loops over plain strings: the server runs this over every item it is pushed.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let out = '{';
    let first = true;
    for (const key of keys) {
      const v = object[key];
      if (v === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(v);
      first = false;
    }
    return out + '}';
  }
  throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
}
