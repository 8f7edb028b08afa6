import { useEffect, useRef } from 'react';
import { call } from '../api/client';
import { useSession } from '../stores/session';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const TOUCH_EVERY_MS = 30_000;
const CHECK_EVERY_MS = 5_000;

/**
 * Locks the screen after the configured idle time. Typing and pointing count as activity; the core
 * is told of it now and then so its own idle check (which guards every call) agrees with the screen.
 */
export function useIdleLock(): void {
  const session = useSession((s) => s.session);
  const lock = useSession((s) => s.lock);
  const lastInput = useRef(Date.now());
  const lastTouch = useRef(Date.now());

  const idleMinutes = session?.idleLockMinutes ?? 5;
  const locked = session?.locked ?? true;

  useEffect(() => {
    if (locked) return;
    lastInput.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      lastInput.current = now;
      if (now - lastTouch.current > TOUCH_EVERY_MS) {
        lastTouch.current = now;
        void call('session.touch', {});
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastInput.current >= idleMinutes * 60_000) void lock();
    }, CHECK_EVERY_MS);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
      window.clearInterval(timer);
    };
  }, [locked, idleMinutes, lock]);
}
