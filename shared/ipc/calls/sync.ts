/** The Sync screen's calls (issue 4), declared with `call()` from ../call and spread into the contract. */
export const syncCalls = {} as const;
