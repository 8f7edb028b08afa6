/**
 * Answers of a pure calendar computation, kept by key: the server re-prices every pushed sale, each
 * with several Jalali conversions that date-fns-jalali works out from a Date anew on every call,
 * and the answer for a day never changes. At most `limit` are kept; past that they start over.
 */
export class Kept<K, V> {
  private readonly answers = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K, work: () => V): V {
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    const value = work();
    if (this.answers.size >= this.limit) this.answers.clear();
    this.answers.set(key, value);
    return value;
  }
}
