import { useEffect } from 'react';

export interface Shortcut {
  /** `KeyboardEvent.key` (case-insensitive) or code like `F2`. */
  readonly key: string;
  readonly alt?: boolean;
  readonly ctrl?: boolean;
  readonly run: () => void;
}

/**
 * Page-wide keyboard shortcuts; the keys are shown in the UI next to what they do. None fires while
 * a modal dialog is open, nor again while its key is held down.
 */
export function useShortcuts(shortcuts: readonly Shortcut[], enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      // A key held down repeats: one print, one new form, not a run of them.
      if (event.repeat) return;
      // Behind a modal dialog (the lock screen, a void's approval) the page is inert: its shortcuts
      // would throw away the work the lock screen promises to keep.
      if (document.querySelector('dialog:modal')) return;
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
