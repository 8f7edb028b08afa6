import { useEffect } from 'react';

export interface Shortcut {
  /** `KeyboardEvent.key` (case-insensitive) or code like `F2`. */
  readonly key: string;
  readonly alt?: boolean;
  readonly ctrl?: boolean;
  readonly run: () => void;
}

/** Page-wide keyboard shortcuts; the keys are shown in the UI next to what they do. */
export function useShortcuts(shortcuts: readonly Shortcut[], enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      for (const s of shortcuts) {
        const keyMatches =
          event.key.toLowerCase() === s.key.toLowerCase() ||
          event.code === s.key ||
          event.code === `Key${s.key.toUpperCase()}`;
        if (keyMatches && !!s.alt === event.altKey && !!s.ctrl === (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          s.run();
          return;
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts, enabled]);
}
