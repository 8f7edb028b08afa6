import { CALL_NAMES, channelOf, type CallName } from '../shared/ipc/contract';
import { errorShape, type Result } from '../shared/result';
import type { CoreHost } from './core/host/worker-host';
import { createLogger } from './core/log';
import { isTrustedRendererUrl, type TrustOptions } from './security';

const log = createLogger('ipc-main');

/** The parts of Electron's IPC types used here; Electron's own objects satisfy them. */
export interface SenderFrame {
  readonly url: string;
}

export interface SenderContents {
  readonly id: number;
  readonly mainFrame: SenderFrame;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface InvokeEvent<C extends SenderContents = SenderContents> {
  readonly sender: C;
  readonly senderFrame: SenderFrame | null;
}

export interface IpcMainLike<C extends SenderContents = SenderContents> {
  handle(
    channel: string,
    listener: (event: InvokeEvent<C>, input: unknown) => Promise<Result<unknown>>,
  ): void;
}

/**
 * Work the main process itself does once the core has said yes (printing the receipt the window
 * shows, for one): it runs only after an ok result, and its answer replaces the core's.
 */
export type AfterCall<C extends SenderContents = SenderContents> = (
  name: CallName,
  sender: C,
  input: unknown,
  result: Readonly<{ ok: true; value: unknown }>,
) => Promise<Result<unknown>>;

/** Runs each hook in turn on an ok result; the first refusal ends the chain. */
export function chainAfterCalls<C extends SenderContents>(...hooks: readonly AfterCall<C>[]): AfterCall<C> {
  return async function afterCoreInTurn(name, sender, input, result) {
    let current: Result<unknown> = result;
    for (const hook of hooks) {
      if (!current.ok) return current;
      current = await hook(name, sender, input, current);
    }
    return current;
  };
}

export interface RegisterIpcDeps<C extends SenderContents = SenderContents> {
  readonly ipcMain: IpcMainLike<C>;
  readonly host: Pick<CoreHost, 'call' | 'endSession'>;
  readonly trust: TrustOptions;
  /** Whether these WebContents are Pishkhan's window (not DevTools, not anything else). */
  readonly isAppContents: (contents: C) => boolean;
  readonly afterCall?: AfterCall<C>;
}

/**
 * Only the app window's main frame, showing Pishkhan's own page, may call the core. A subframe,
 * a page that navigated elsewhere or another WebContents gets `untrusted_sender`.
 */
export function isTrustedSender<C extends SenderContents>(
  event: InvokeEvent<C>,
  deps: Pick<RegisterIpcDeps<C>, 'trust' | 'isAppContents'>,
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  if (!deps.isAppContents(event.sender)) return false;
  return isTrustedRendererUrl(frame.url, deps.trust);
}

/**
 * One handler per call of the contract, on its own channel. The input is parsed, the role checked
 * and the session looked up in the core (worker), keyed by the window: the page never says who
 * it is.
 */
export function registerIpc<C extends SenderContents>(deps: RegisterIpcDeps<C>): void {
  const watched = new Set<number>();

  function endSessionWhenDestroyed(contents: SenderContents): void {
    if (watched.has(contents.id)) return;
    watched.add(contents.id);
    const sessionKey = String(contents.id);
    contents.once('destroyed', function endWindowSession() {
      watched.delete(contents.id);
      deps.host.endSession(sessionKey);
    });
  }

  function handlerFor(name: CallName) {
    return async function handleCall(event: InvokeEvent<C>, input: unknown): Promise<Result<unknown>> {
      if (!isTrustedSender(event, deps)) {
        log.warn(
          `refused ${name} from an untrusted sender`,
          event.senderFrame?.url.slice(0, 200) ?? '(no frame)',
        );
        return { ok: false, error: errorShape('untrusted_sender', { call: name }) };
      }
      endSessionWhenDestroyed(event.sender);
      const result = await deps.host.call(String(event.sender.id), name, input);
      if (!result.ok || !deps.afterCall) return result;
      try {
        return await deps.afterCall(name, event.sender, input, result);
      } catch (error) {
        log.error(`after ${name}`, error instanceof Error ? error.message : String(error));
        return { ok: false, error: errorShape('internal', { call: name }) };
      }
    };
  }

  for (const name of CALL_NAMES) deps.ipcMain.handle(channelOf(name), handlerFor(name));
}
