/** The server secret the e2e server runs with (playwright.config.ts), for the operations page. */
export const OPS_SECRET = 'e2e-ops-secret';
