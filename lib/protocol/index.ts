/** The whole wire contract, zod schemas included: for the server and tests. Clients use client.ts. */
export * from './client.ts';
export * from './schemas.ts';
export * from './wire-schemas.ts';
