/**
 * Money is integer Rials held in JS numbers. Safe integers reach 9 × 10^15 Rials, far beyond any fee,
 * so no BigInt is needed; but a fraction or an unsafe value means a bug upstream, and formatting it
 * would print a wrong amount on a receipt, so it is refused loudly.
 */
export function assertRials(amount: number, { allowNegative = false } = {}): void {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Rial amount must be a safe integer, got ${amount}`);
  if (!allowNegative && amount < 0) throw new RangeError(`Rial amount must not be negative, got ${amount}`);
}
