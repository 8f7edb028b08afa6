/**
 * How long "New transaction" ignores presses after the saved view appears (SavedView): longer than
 * a double press of Enter, far shorter than handing over a receipt. The benchmark's operator waits
 * it out too.
 */
export const NEW_AFTER_MS = 700;
