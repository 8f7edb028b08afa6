/**
 * One spelling of a JSON value: object keys sorted, no spaces. Two bodies that mean the same thing
 * have the same canonical form, so the server can tell a retried item (the same body again) from a
 * conflicting one (a different body under the same id) whatever order the keys arrived in.
 */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  // What the server is pushed was written in canonical order by the terminal, and JSON.parse keeps
  // that order: then the native JSON.stringify spells it the same, at a fraction of the cost (the
  // server's largest per-item cost in the drain benchmark's profile). Anything else is built here.
  return inCanonicalOrder(value) ? JSON.stringify(value) : build(value);
}

/**
 * Would JSON.stringify spell this value exactly as `build` does? Only plain data (no toJSON to call,
 * no undefined, function or non-finite number to drop or turn into null), with every object's keys
 * already in sorted order (JSON.stringify follows Object.keys, which puts integer-like keys first).
 */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  // JSON.stringify would call a toJSON (own or inherited, even one planted on a prototype).
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!inCanonicalOrder(value[i])) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  const object = value as Record<string, unknown>;
  let previous: string | null = null;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) return false;
    if (previous !== null && !(previous < key)) return false;
    if (!inCanonicalOrder(object[key])) return false;
    previous = key;
  }
  return true;
}

function build(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  // Written as loops over plain strings: the server runs this over every item it is pushed.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + build(value[i]);
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
      out += (first ? '' : ',') + JSON.stringify(key) + ':' + build(v);
      first = false;
    }
    return out + '}';
  }
  throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
}
