export * from './amount';
export * from './format';
export * from './words';
export * from './parse';
