export * from './types';
export * from './reconcile';
export * from './late-refund';
export * from './counted';
export * from './business-date';
export * from './schema';
