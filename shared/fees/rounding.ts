import { assertNever } from '../result';
import type { Rounding } from './rule';

/**
 * `numerator / denominator` rounded to a multiple of `rounding.unit` Rials. Operands are
 * non-negative BigInts so the division is exact integer arithmetic: no float ever touches money.
 */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const divisor = denominator * BigInt(rounding.unit);
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  switch (rounding.mode) {
    case 'down':
      return quotient * BigInt(rounding.unit);
    case 'up':
      return (remainder === 0n ? quotient : quotient + 1n) * BigInt(rounding.unit);
    case 'half-up':
      return (remainder * 2n >= divisor ? quotient + 1n : quotient) * BigInt(rounding.unit);
    default:
      return assertNever(rounding.mode);
  }
}
