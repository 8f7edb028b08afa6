import { useCallback, useRef, useState } from 'react';

/**
 * Runs a form's work one at a time: a second submit while the first is on its way (a double click,
 * Enter pressed twice) does nothing, instead of recording a cash movement twice or counting a
 * mistyped password twice towards the lockout. The ref decides, so two events in the same tick
 * are caught too; `busy` is for disabling the button.
 */
export function useOneAtATime(): {
  readonly busy: boolean;
  readonly run: (work: () => Promise<void>) => Promise<void>;
} {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
