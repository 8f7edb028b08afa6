import { describe, expect, it } from 'vitest';
import {
  createUpdatePolicy,
  updateFeedUrl,
  type BusyReason,
  type ManagerAnswer,
  type ReadyUpdate,
} from '../../../electron/update-policy';

const OPTIONS = { retryWhenBusyMs: 60_000, remindAfterMs: 4 * 3_600_000 };

/** A policy with a probe, a manager and a clock the test controls. */
function harness(answers: ManagerAnswer[] = []) {
  let busy: BusyReason | null = null;
  let now = 0;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const asked: string[] = [];
  const installed: string[] = [];
  let answerNext: ((answer: ManagerAnswer) => void) | null = null;
  const policy = createUpdatePolicy(
    {
      busy: () => busy,
      askManager(update) {
        asked.push(update.version);
        const answer = answers.shift();
        if (answer) return Promise.resolve(answer);
        return new Promise((resolve) => {
          answerNext = resolve;
        });
      },
      install: (update) => installed.push(update.version),
      setTimer(run, ms) {
        const timer = { at: now + ms, run, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
    },
    OPTIONS,
  );
  return {
    policy,
    asked,
    installed,
    setBusy(reason: BusyReason | null) {
      busy = reason;
    },
    answer(answer: ManagerAnswer) {
      answerNext?.(answer);
      answerNext = null;
    },
    async advance(ms: number) {
      now += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= now) timer.run();
        else timers.push(timer);
      }
      await settle();
    },
    pendingTimers: () => timers.filter((timer) => !timer.cancelled).length,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const V2: ReadyUpdate = { version: '0.2.0' };
const V3: ReadyUpdate = { version: '0.3.0' };

describe('update policy', () => {
  it('asks the manager and installs when the counter is idle and the manager agrees', async () => {
    const h = harness(['restart_now']);
    h.policy.updateDownloaded(V2);
    await settle();
    expect(h.asked).toEqual(['0.2.0']);
    expect(h.installed).toEqual(['0.2.0']);
    expect(h.policy.state().kind).toBe('installing');
  });

  it('never installs without the manager: "later" waits, and reminds after the remind delay', async () => {
    const h = harness(['later', 'later']);
    h.policy.updateDownloaded(V2);
    await settle();
    expect(h.policy.state().kind).toBe('declined');
    await h.advance(OPTIONS.remindAfterMs - 1);
    expect(h.asked).toEqual(['0.2.0']);
    await h.advance(1);
    expect(h.asked).toEqual(['0.2.0', '0.2.0']);
    expect(h.installed).toEqual([]);
  });

  it('does not even ask while a transaction is open, and asks once the counter is idle', async () => {
    const h = harness(['restart_now']);
    h.setBusy('transaction_open');
    h.policy.updateDownloaded(V2);
    await settle();
    expect(h.asked).toEqual([]);
    expect(h.policy.state()).toEqual({ kind: 'waiting_until_idle', update: V2, reason: 'transaction_open' });
    await h.advance(OPTIONS.retryWhenBusyMs);
    expect(h.asked).toEqual([]);
    h.setBusy(null);
    await h.advance(OPTIONS.retryWhenBusyMs);
    expect(h.installed).toEqual(['0.2.0']);
  });

  it('does not interrupt a sync that started while the dialog was open; installs after it without asking again', async () => {
    const h = harness();
    h.policy.updateDownloaded(V2);
    await settle();
    expect(h.policy.state().kind).toBe('asking');
    h.setBusy('sync_running');
    h.answer('restart_now');
    await settle();
    expect(h.installed).toEqual([]);
    expect(h.policy.state()).toEqual({
      kind: 'agreed_waiting_until_idle',
      update: V2,
      reason: 'sync_running',
    });
    h.setBusy(null);
    await h.advance(OPTIONS.retryWhenBusyMs);
    expect(h.asked).toEqual(['0.2.0']);
    expect(h.installed).toEqual(['0.2.0']);
  });

  it('asks one question at a time: offers while the dialog is open do nothing', async () => {
    const h = harness();
    h.policy.updateDownloaded(V2);
    await settle();
    await h.policy.offer();
    await h.policy.offer();
    expect(h.asked).toEqual(['0.2.0']);
  });

  it('offers the newest download: an answer about an older version is not taken for it', async () => {
    const h = harness();
    h.policy.updateDownloaded(V2);
    await settle();
    h.policy.updateDownloaded(V3);
    h.answer('restart_now');
    await settle();
    expect(h.installed).toEqual([]);
    expect(h.policy.state()).toEqual({ kind: 'ready', update: V3 });
    await h.advance(OPTIONS.retryWhenBusyMs);
    expect(h.asked).toEqual(['0.2.0', '0.3.0']);
  });

  it('stops asking and installing once disposed', async () => {
    const h = harness(['later']);
    h.policy.updateDownloaded(V2);
    await settle();
    h.policy.dispose();
    await h.advance(OPTIONS.remindAfterMs);
    expect(h.asked).toEqual(['0.2.0']);
    expect(h.pendingTimers()).toBe(0);
  });
});

describe('update feed URL from the settings', () => {
  it('appends the OS and architecture the release is published under', () => {
    expect(updateFeedUrl('https://sync.example.ir/updates/pishkhan/', 'win32', 'x64')).toBe(
      'https://sync.example.ir/updates/pishkhan/win/x64',
    );
    expect(updateFeedUrl('https://sync.example.ir', 'linux', 'x64')).toBe(
      'https://sync.example.ir/linux/x64',
    );
  });

  it('allows plain http only to this machine (the reference server in development)', () => {
    expect(updateFeedUrl('http://127.0.0.1:8080/updates', 'linux', 'x64')).toBe(
      'http://127.0.0.1:8080/updates/linux/x64',
    );
    expect(updateFeedUrl('http://sync.example.ir/updates', 'linux', 'x64')).toBeNull();
  });

  it('turns updates off for a missing, malformed or credential-carrying URL', () => {
    expect(updateFeedUrl(undefined, 'linux', 'x64')).toBeNull();
    expect(updateFeedUrl('', 'linux', 'x64')).toBeNull();
    expect(updateFeedUrl('not a url', 'linux', 'x64')).toBeNull();
    expect(updateFeedUrl('ftp://sync.example.ir/', 'linux', 'x64')).toBeNull();
    expect(updateFeedUrl('https://user:secret@sync.example.ir/', 'linux', 'x64')).toBeNull();
    expect(updateFeedUrl('https://sync.example.ir/?token=abc', 'linux', 'x64')).toBeNull();
  });
});
