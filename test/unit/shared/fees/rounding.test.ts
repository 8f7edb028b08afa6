import { describe, expect, it } from 'vitest';
import { divideRounded } from '../../../../shared/fees/rounding';

describe('divideRounded', () => {
  it('rounds down, up and half up to the unit', () => {
    // 12,345,500 / 1 to the thousand
    expect(divideRounded(12_345_500n, 1n, { mode: 'down', unit: 1000 })).toBe(12_345_000n);
    expect(divideRounded(12_345_500n, 1n, { mode: 'up', unit: 1000 })).toBe(12_346_000n);
    expect(divideRounded(12_345_500n, 1n, { mode: 'half-up', unit: 1000 })).toBe(12_346_000n);
    expect(divideRounded(12_345_499n, 1n, { mode: 'half-up', unit: 1000 })).toBe(12_345_000n);
  });

  it('leaves an exact multiple alone in every mode', () => {
    for (const mode of ['down', 'up', 'half-up'] as const) {
      expect(divideRounded(3_000n, 3n, { mode, unit: 10 })).toBe(1_000n);
    }
  });

  it('rounds a fraction of a Rial by the mode (7/2 = 3.5)', () => {
    expect(divideRounded(7n, 2n, { mode: 'down', unit: 1 })).toBe(3n);
    expect(divideRounded(7n, 2n, { mode: 'up', unit: 1 })).toBe(4n);
    expect(divideRounded(7n, 2n, { mode: 'half-up', unit: 1 })).toBe(4n);
  });

  it('stays exact beyond the range of doubles', () => {
    const big = 2n ** 70n + 1n;
    expect(divideRounded(big * 3n, 3n, { mode: 'down', unit: 1 })).toBe(big);
  });
});
