/**
 * The office manager's calls (issue 5: business day, reconciliation, reports, users, audit,
 * backups). Declared here with `call()` from ../call and spread into the contract.
 */
export const managerCalls = {} as const;
