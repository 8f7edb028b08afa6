/**
 * A UUID version 7 as RFC 9562 lays it out, read here without the library that makes them: the
 * version nibble 7, the variant bits 10, lower-case hex as every id is stored.
 */
export const TIME_ORDERED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The milliseconds since the epoch in a version 7 UUID's first 48 bits (RFC 9562 §5.7). */
export function idTime(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}
