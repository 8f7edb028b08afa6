/**
 * Why the app may not restart for an update now (electron/update-policy.ts waits and retries):
 * an operator has a transaction on screen, a sync is running, a backup is being taken (the one after
 * a day close runs on after the close answered), or no manager is logged in to be asked.
 */
export type UpdateBlocker = 'transaction_open' | 'sync_running' | 'backup_running' | 'manager_absent';

/** What the main process asks the core before offering or installing an update. */
export interface UpdateState {
  readonly feedBaseUrl: string | null;
  readonly blocker: UpdateBlocker | null;
}

/**
 * The update feed for this machine from the base URL in the settings:
 * `<base>/<os>/<arch>` (os as electron-builder names it: win, linux, mac), where the release's
 * latest.yml / latest-linux.yml and installers are published. Only https, or http to this machine
 * (the reference server in development); no credentials in the URL. Null when not configured or
 * invalid: updates are then off. The core checks a URL with it before saving the setting; the
 * main process builds the feed with it.
 */
export function updateFeedUrl(
  base: string | null | undefined,
  platform: string,
  arch: string,
): string | null {
  if (!base) return null;
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    return null;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  if (url.username || url.password || url.search || url.hash) return null;
  const os = platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : platform;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/${os}/${arch}`;
}
