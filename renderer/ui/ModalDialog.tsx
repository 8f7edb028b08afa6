import { useEffect, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  readonly open: boolean;
  readonly labelledBy: string;
  readonly describedBy?: string;
  /** Escape closes only when the dialog may be dismissed. */
  readonly onCancel?: () => void;
  readonly children: ReactNode;
}

/**
 * The platform's modal <dialog>: the page behind becomes inert, focus stays inside, and it needs no
 * injected <style> elements (which the strict Content-Security-Policy would refuse). One without
 * `onCancel` (the lock screen) cannot be dismissed: Chromium closes a dialog on a repeated Escape
 * whatever its cancel handler says, so Escape is stopped before it becomes a cancel, and a dialog
 * closed while it should be open is shown again.
 */
export function ModalDialog({ open, labelledBy, describedBy, onCancel, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // What the latest render asked for, read after a close the platform made on its own.
  const wanted = useRef(open);
  wanted.current = open;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !onCancel) e.preventDefault();
      }}
      onCancel={(e) => {
        e.preventDefault();
        onCancel?.();
      }}
      onClose={() => {
        const dialog = ref.current;
        if (!open || !dialog || dialog.open) return;
        // Closed by the platform (an Escape it did not announce as a cancel): the owner decides,
        // as for a cancel; a dialog its owner keeps open (the lock screen, a running restore) is
        // shown again once that decision has rendered.
        onCancel?.();
        setTimeout(() => {
          if (wanted.current && dialog.isConnected && !dialog.open) dialog.showModal();
        }, 0);
      }}
      className="m-auto w-full max-w-sm rounded-xl bg-white p-6 shadow-xl backdrop:bg-slate-900/70 backdrop:backdrop-blur-sm"
    >
      {open ? children : null}
    </dialog>
  );
}
