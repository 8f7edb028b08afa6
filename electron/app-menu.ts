// Types only from 'electron': main.ts builds the menu from this template.
import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu the app runs with. Electron's default menu (kept when none is set) carries
 * Reload (Ctrl+R), Force Reload, the developer tools and full screen,
 * and their shortcuts work with the menu bar hidden: an operator's Ctrl+R threw the citizen's typed
 * form away, and anyone at the counter could open the developer tools. Alt, which shows a hidden
 * menu bar, also took the focus from the form before the counter's own Alt+N.
 *
 * On Windows and Linux there is no menu (editing shortcuts in text fields are Chromium's own). On
 * macOS, where copy and paste and Quit need a menu, only the app and Edit menus. With `dev` the
 * default is left as it is, the developer tools among it.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  dev: boolean,
): MenuItemConstructorOptions[] | 'none' | 'default' {
  if (dev) return 'default';
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }];
  return 'none';
}
