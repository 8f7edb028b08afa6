import { create } from 'zustand';
import type { CallOutput } from '../../shared/ipc/contract';
import type { SessionInfo } from '../../shared/ipc/schemas';
import type { AppErrorShape } from '../../shared/result';
import { call, onEveryResult } from '../api/client';

type AppInfo = CallOutput<'app.info'>;

export type Phase = 'loading' | 'setup' | 'login' | 'app' | 'unavailable';

interface SessionState {
  readonly phase: Phase;
  readonly info: AppInfo | null;
  readonly session: SessionInfo | null;
  readonly bootError: AppErrorShape | null;
  /** Why the core ended the session, for the login screen to say: an account deactivated, a password reset. */
  readonly endedBy: AppErrorShape | null;
  boot(): Promise<void>;
  signedIn(session: SessionInfo): Promise<void>;
  lock(): Promise<void>;
  unlocked(session: SessionInfo): void;
  logout(): Promise<void>;
  /** The core ended the session (account locked while unlocking, deactivated or reset, for example). */
  ended(reason?: AppErrorShape): void;
}

export const useSession = create<SessionState>()((set, get) => ({
  phase: 'loading',
  info: null,
  session: null,
  bootError: null,
  endedBy: null,

  async boot() {
    const info = await call('app.info', {});
    if (!info.ok) {
      set({ phase: 'unavailable', bootError: info.error });
      return;
    }
    if (!info.value.setUp) {
      set({ phase: 'setup', info: info.value, session: null });
      return;
    }
    const current = await call('session.current', {});
    const session = current.ok ? current.value : null;
    set({ info: info.value, session, phase: session ? 'app' : 'login' });
  },

  async signedIn(session) {
    const info = await call('app.info', {});
    set({ session, phase: 'app', info: info.ok ? info.value : get().info, endedBy: null });
  },

  async lock() {
    const current = get().session;
    if (!current || current.locked) return;
    set({ session: { ...current, locked: true } });
    const result = await call('session.lock', {});
    if (result.ok) set({ session: result.value });
  },

  unlocked(session) {
    set({ session });
  },

  async logout() {
    await call('session.logout', {});
    set({ session: null, phase: 'login' });
  },

  ended(reason) {
    set({ session: null, phase: 'login', endedBy: reason ?? null });
  },
}));

/** Refusals that mean the core holds no session for this window any more. */
const SESSION_GONE: ReadonlySet<string> = new Set(['not_logged_in', 'account_inactive', 'session_ended']);

// Any call refused because the session went idle in the core shows the lock screen at once.
onEveryResult((result) => {
  if (result.ok) return;
  const { session, phase } = useSession.getState();
  if (result.error.code === 'session_locked' && session && !session.locked) {
    useSession.setState({ session: { ...session, locked: true } });
  } else if (SESSION_GONE.has(result.error.code) && phase === 'app') {
    // Said on the login screen, except a plain "log in first".
    useSession.getState().ended(result.error.code === 'not_logged_in' ? undefined : result.error);
  }
});
