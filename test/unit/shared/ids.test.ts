import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../../../shared/ids';
import { pushItemSchema } from '../../../shared/sync/protocol';
import { idTime, TIME_ORDERED_ID } from '../../support/ids';

describe('newId: the ids the counter makes', () => {
  it('is a UUID version 7 carrying the time it was made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(TIME_ORDERED_ID);
    expect(idTime(id)).toBeGreaterThanOrEqual(before);
    expect(idTime(id)).toBeLessThanOrEqual(after);
  });

  it('increases from one id to the next, within one millisecond too, and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    // Many were made in the same millisecond: they still sort in the order they were made.
    const millis = new Set(ids.map(idTime));
    expect(millis.size).toBeLessThan(ids.length);
    expect(ids.findIndex((id, i) => i > 0 && id <= (ids[i - 1] as string))).toBe(-1);
  });

  it('is taken as an id wherever the counter and the server check one', () => {
    const id = newId();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(pushItemSchema.safeParse({ id, kind: 'transaction', body: {} }).success).toBe(true);
  });
});
