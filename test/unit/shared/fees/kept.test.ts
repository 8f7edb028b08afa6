import { describe, expect, it } from 'vitest';
import { daysInJalaliMonth, gregorianToJalaliDay } from '../../../../shared/fees/jalali-months';
import { Kept } from '../../../../shared/fees/kept';

describe('kept calendar answers', () => {
  it('works an answer out once per key and hands it back after', () => {
    const kept = new Kept<number, string>(8);
    let calls = 0;
    const work = () => `answer ${++calls}`;
    expect(kept.get(1, work)).toBe('answer 1');
    expect(kept.get(1, work)).toBe('answer 1');
    expect(calls).toBe(1);
  });

  it('keeps a null answer too', () => {
    const kept = new Kept<string, number | null>(8);
    let calls = 0;
    kept.get('x', () => (calls++, null));
    expect(kept.get('x', () => (calls++, 5))).toBeNull();
    expect(calls).toBe(1);
  });

  it('starts over past its limit instead of growing', () => {
    const kept = new Kept<number, number>(2);
    let calls = 0;
    for (const key of [1, 2, 3, 1]) kept.get(key, () => (calls++, key));
    expect(calls).toBe(4);
  });

  it('gives the same Jalali day and month length asked again, and distinct days apart', () => {
    const day = { year: 2025, month: 3, day: 21 };
    expect(gregorianToJalaliDay(day)).toEqual({ year: 1404, month: 1, day: 1 });
    expect(gregorianToJalaliDay({ ...day })).toEqual({ year: 1404, month: 1, day: 1 });
    expect(gregorianToJalaliDay({ year: 2025, month: 3, day: 20 })).toEqual({
      year: 1403,
      month: 12,
      day: 30,
    });
    expect(daysInJalaliMonth(1403, 12)).toBe(30);
    expect(daysInJalaliMonth(1404, 12)).toBe(29);
    expect(daysInJalaliMonth(1403, 12)).toBe(30);
  });
});
