export * from './enums.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './schemas.ts';
export * from './types.ts';
export * from './token-claims.ts';
