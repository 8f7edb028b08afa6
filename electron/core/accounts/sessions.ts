import type { SessionInfo } from '../../../shared/ipc/schemas';
import type { UserRole } from '../../../shared/roles';
import type { UserRecord } from './queries';

/** A logged-in user as the main process holds it; the renderer never says who it is. */
export interface Session {
  readonly userId: number;
  readonly username: string;
  readonly fullName: string;
  readonly role: UserRole;
  readonly mustChangePassword: boolean;
  /**
   * The password's hash when the session began (or when its own user last changed it here): a
   * manager's reset, or a change made elsewhere, ends the session (ipc/dispatch.ts).
   */
  readonly passwordHash: string;
  lastActivity: number;
  locked: boolean;
  /** The window has a transaction being entered (counter.draft): no update restart under it. */
  draftOpen: boolean;
}

export function sessionFor(user: UserRecord, now: number): Session {
  return {
    userId: user.id,
    username: user.username,
    fullName: user.fullName,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    passwordHash: user.passwordHash,
    lastActivity: now,
    locked: false,
    draftOpen: false,
  };
}

export function sessionInfo(session: Session, idleLockMinutes: number): SessionInfo {
  return {
    user: { id: session.userId, username: session.username, fullName: session.fullName, role: session.role },
    locked: session.locked,
    idleLockMinutes,
    mustChangePassword: session.mustChangePassword,
  };
}

/** Sessions by the key of the window (web contents) that holds them. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /** `onEnd` hears of every session that ends: a logout, a closed window, another user's login, a restore. */
  constructor(private readonly onEnd: (session: Session) => void = () => undefined) {}

  get(key: string): Session | null {
    return this.sessions.get(key) ?? null;
  }

  set(key: string, session: Session): void {
    const previous = this.get(key);
    this.sessions.set(key, session);
    if (previous && previous.userId !== session.userId) this.onEnd(previous);
  }

  delete(key: string): Session | null {
    const session = this.get(key);
    this.sessions.delete(key);
    if (session) this.onEnd(session);
    return session;
  }

  all(): readonly Session[] {
    return [...this.sessions.values()];
  }

  /** Ends every session: after a restore everyone logs in again to the restored database. */
  clear(): void {
    const ended = this.all();
    this.sessions.clear();
    for (const session of ended) this.onEnd(session);
  }

  /** Sessions that have been idle past the limit become locked; the screen behind stays as it was. */
  lockIfIdle(session: Session, now: number, idleLockMinutes: number): boolean {
    if (!session.locked && now - session.lastActivity >= idleLockMinutes * 60_000) {
      session.locked = true;
      return true;
    }
    return false;
  }
}
