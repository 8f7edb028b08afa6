import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../electron/app-menu';

type MenuItem = Extract<ReturnType<typeof applicationMenuTemplate>, unknown[]>[number];

/** Every role a template holds, submenus included. */
function roles(items: readonly MenuItem[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('the application menu', () => {
  it('has none on Windows and Linux: no Ctrl+R reload, no developer tools, no menu bar behind Alt', () => {
    expect(applicationMenuTemplate('win32', false)).toBe('none');
    expect(applicationMenuTemplate('linux', false)).toBe('none');
  });

  it('keeps on macOS only what copy, paste and Quit need', () => {
    const template = applicationMenuTemplate('darwin', false);
    if (!Array.isArray(template)) throw new Error(`expected a template, got ${template}`);
    expect(roles(template)).toEqual(['appMenu', 'editMenu']);
    expect(roles(template)).not.toContain('reload');
    expect(roles(template)).not.toContain('toggleDevTools');
  });

  it('leaves Electron’s default menu, developer tools included, when running with --dev', () => {
    expect(applicationMenuTemplate('win32', true)).toBe('default');
  });
});
