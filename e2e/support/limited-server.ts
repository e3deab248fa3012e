/**
 * A second app server for the end-to-end tests whose limits differ from the defaults (started by
 * playwright.config.ts), so a test can show the forms follow the server's own limits.
 */
export const LIMITED_PORT = Number(process.env.E2E_PORT || 3100) + 1;
export const LIMITED_URL = `http://127.0.0.1:${LIMITED_PORT}`;
/** Its longest destroy delay (CONVENE_MAX_DESTROY_DELAY_S), under the protocol's 10800. */
export const LIMITED_MAX_DESTROY_DELAY_S = 600;
