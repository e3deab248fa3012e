/** The per-user room limit of the server's default settings (SPEC 2, CONVENE_MAX_ROOMS_PER_USER). */
export const ROOMS_PER_USER = 5;
