import { describe, expect, it } from 'vitest';
import { CALL_NAMES, channelOf, contract } from '../../../shared/ipc/contract';
import { buildPishkhanApi } from '../../../electron/preload-api';

function recordingApi() {
  const calls: unknown[][] = [];
  const api = buildPishkhanApi(function invoke(...args: unknown[]) {
    calls.push(args);
    return Promise.resolve({ ok: true, value: 'answer' });
  });
  return { api, calls };
}

describe('the preload API', () => {
  it('has exactly one named method per call of the contract, and nothing else', () => {
    const { api } = recordingApi();
    expect(Object.keys(api).sort()).toEqual(Object.keys(contract).sort());
    expect(CALL_NAMES.length).toBe(Object.keys(contract).length);
    for (const name of CALL_NAMES) expect(typeof api[name]).toBe('function');
    for (const generic of ['invoke', 'send', 'on', 'ipcRenderer', 'call']) expect(generic in api).toBe(false);
  });

  it('sends each call on its own channel with only its input', async () => {
    const { api, calls } = recordingApi();
    const input = { username: 'manager1', password: 'secret-secret' };
    await expect(api['session.login'](input)).resolves.toEqual({ ok: true, value: 'answer' });
    await api['app.info']({});
    expect(calls).toEqual([
      [channelOf('session.login'), input],
      [channelOf('app.info'), {}],
    ]);
  });

  it('cannot be changed by the page', () => {
    const { api } = recordingApi();
    expect(Object.isFrozen(api)).toBe(true);
  });
});
