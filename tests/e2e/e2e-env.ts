/**
 * Where the e2e server runs and keeps its data. Several checkouts (or CI and a
 * developer) may run the suite at once, so each picks its own port with
 * STILLROOM_E2E_PORT, and the data folder follows the port.
 */
export const E2E_PORT = Number(process.env.STILLROOM_E2E_PORT ?? 3210);
export const E2E_DATA = `data/e2e-${E2E_PORT}`;
