// Fixed ports away from the defaults (3000, 7547) so a developer's running ACS doesn't collide;
// E2E_PORT / E2E_CWMP_PORT move them so two checkouts can run their journeys side by side.
export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const CWMP_PORT = Number(process.env.E2E_CWMP_PORT ?? 7600);
/** The firmware file server (E2E_FILE_PORT). */
export const FILE_PORT = Number(process.env.E2E_FILE_PORT ?? 7650);
/** The BulkData collector (E2E_BULKDATA_PORT). */
export const BULKDATA_PORT = Number(process.env.E2E_BULKDATA_PORT ?? 7651);
/** The STUN server (E2E_STUN_PORT, UDP), reached by the NAT journey's boxes through its lab. */
export const STUN_PORT = Number(process.env.E2E_STUN_PORT ?? 7652);
/** The NAT journey's lab /24 (e2e/nat-journey.spec.ts): its bridge address is the ACS's for the boxes. */
export const NAT_LAB_SUBNET = "10.251.85";
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const ADMIN_USERNAME = "admin";
export const ADMIN_PASSWORD = "e2e-admin-password";
/** Carries the fresh DATA_DIR from the Playwright runner to its workers. */
export const DATA_DIR_ENV = "VANTAGE_E2E_DATA_DIR";
/** Shared Digest credentials of the simulated CPEs in the e2e journeys. */
export const CPE_USERNAME = "e2e-cpe";
export const CPE_PASSWORD = "e2e-cpe-password";
export const CWMP_URL = `http://127.0.0.1:${CWMP_PORT}/`;
/** The OMA DM listener (E2E_OMADM_PORT) the mobile journey's simulated mobiles post to. */
export const OMADM_PORT = Number(process.env.E2E_OMADM_PORT ?? 7653);
export const OMADM_URL = `http://127.0.0.1:${OMADM_PORT}/`;
/** The bootstrap DMAcc password the simulated mobiles share (OMADM_DEFAULT_CLIENT_PASSWORD). */
export const OMADM_PASSWORD = "e2e-omadm-password";
