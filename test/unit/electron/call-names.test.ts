import { describe, expect, it } from 'vitest';
import { CALL_NAME_LIST, channelFor, type ListedCallName } from '../../../shared/ipc/call-names';
import { CALL_NAMES, channelOf, type CallName } from '../../../shared/ipc/contract';

// Compile time: the listed names are exactly the contract's call names, no more, no fewer.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type _ListedNamesAreTheContractsNames = AssertTrue<Exactly<ListedCallName, CallName>>;

describe('the call names the preload uses', () => {
  it('are exactly the contract’s calls, each once', () => {
    expect([...CALL_NAME_LIST].sort()).toEqual([...CALL_NAMES].sort());
    expect(new Set(CALL_NAME_LIST).size).toBe(CALL_NAME_LIST.length);
  });

  it('map to the same channels as the contract', () => {
    for (const name of CALL_NAME_LIST) expect(channelFor(name)).toBe(channelOf(name));
  });
});
