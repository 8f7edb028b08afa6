import { v7 } from 'uuid';

/**
 * A new id for a record the counter creates: a transaction (its id is also its outbox id and the
 * key the municipality stores it under), a void, a business day, a day's settlement, an audit
 * stretch. A UUID version 7 (RFC 9562): its first 48 bits are the time in milliseconds and the
 * rest random, so ids come roughly in the order they were made. The indexes keyed by these ids,
 * here and on the municipality's server, then take each new one near their end instead of at a
 * random page of an index that grows for years: a batch of deliveries marks a few neighbouring
 * pages, not one page per item. Nothing may rely on their order, though: the form makes a sale's
 * id in the renderer (the CLI's import in its own process) and the core makes the others, and PCs'
 * clocks are wrong. Any UUID is still accepted from elsewhere, and older records keep the random
 * (version 4) ids they were made with.
 */
export function newId(): string {
  return v7();
}
