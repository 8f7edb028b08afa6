/** A void's reason, counted after normalizeNote: long enough to say something, short enough for a receipt. */
export const VOID_REASON_MIN = 5;
export const VOID_REASON_MAX = 500;
