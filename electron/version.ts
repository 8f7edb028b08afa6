import { version } from '../package.json';

/**
 * The app's version, from package.json. esbuild and Vite inline the one field at build time (a
 * named import from JSON keeps only that value), so the bundles never read package.json at run
 * time and carry none of its other fields. Used for `pishkhan --version`, the UI and diagnostics.
 */
export const APP_VERSION: string = version;

/** The text for `pishkhan --version`, or null when the flag is not on the command line. */
export function versionFlagText(argv: readonly string[]): string | null {
  return argv.includes('--version') || argv.includes('-v') ? `Pishkhan ${APP_VERSION}` : null;
}
