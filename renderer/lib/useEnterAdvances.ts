import type { KeyboardEvent } from 'react';

/**
 * Enter moves to the next field instead of submitting, as operators expect from a counter form;
 * on the last field (or a button) it does what the element normally does.
 */
export function enterAdvances(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  if (target.tagName === 'BUTTON' || target.tagName === 'TEXTAREA') return;
  const form = target.closest('form');
  if (!form) return;
  const focusable = [
    ...form.querySelectorAll<HTMLElement>(
      'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button[data-advance-stop]:not([disabled])',
    ),
  ].filter(
    (el) =>
      el.offsetParent !== null &&
      el.tabIndex >= 0 &&
      // A group of radio buttons is one stop, at the one chosen (as Tab treats it): Enter from cash
      // goes on to the amount, not to «card», then «split».
      (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el === target || el.checked),
  );
  const next = focusable[focusable.indexOf(target) + 1];
  if (next) {
    event.preventDefault();
    next.focus();
    if (next instanceof HTMLInputElement) next.select();
  }
}
