export * from './types';
export * from './csv';
export * from './sheets';
export * from './range';
export * from './day-sheets';
