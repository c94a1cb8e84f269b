// Every setting, validated once. Nothing else reads process.env (next-auth reads its own two, which
// server/main.ts sets from here).
import { z } from "zod";
import { processSlot } from "./core/process-slot";
import { parseCidrList } from "./cwmp/transport/address-guard";
import { cwmpAdmissionSettings } from "./env-cwmp-admission";
import { databaseSettings } from "./env-database";
import { optionalString, port, unsetIfEmpty } from "./env-fields";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    ...databaseSettings,
    DATA_DIR: z.string().min(1).default("./data"),
    /**
     * File holding the key that encrypts stored credentials (created 0600 on first start when missing).
     * Default: <DATA_DIR>/secrets.json. Every node of a cluster must use the same file contents.
     */
    SECRETS_FILE: optionalString,
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: port.default(3000),
    CWMP_PORT: port.default(7547),
    CWMP_TLS_PORT: unsetIfEmpty(port.optional()),
    CWMP_TLS_CERT: optionalString,
    CWMP_TLS_KEY: optionalString,
    /** PEM CA bundle: the TLS listener then requires a client certificate it signed, bound to the device. */
    CWMP_TLS_CA: optionalString,
    CWMP_AUTH: z.enum(["none", "basic", "digest"]).default("digest"),
    /** Basic sends the password in clear: only over TLS unless this is set (start-up refuses otherwise). */
    CWMP_ALLOW_BASIC_WITHOUT_TLS: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** Seconds a Digest nonce is accepted; an older one gets a `stale=true` challenge. */
    CWMP_NONCE_LIFETIME: z.coerce.number().int().min(5).max(3600).default(60),
    /** Give each device its own ACS credentials at first contact (SetParameterValues of ManagementServer.Username/Password). */
    CWMP_PROVISION_ACS_CREDENTIALS: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    /** Once a device has used its own credentials, refuse the shared ones for it (BOOTSTRAP: identity conflict). */
    CWMP_REFUSE_SHARED_CREDENTIALS: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    CWMP_USERNAME: optionalString,
    CWMP_PASSWORD: optionalString,
    CWMP_REALM: z.string().min(1).default("Vantage ACS"),
    CWMP_SESSION_TIMEOUT: z.coerce.number().int().min(1).max(3600).default(30),
    CWMP_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(8 * 1024 * 1024),
    /** Generate per-device connection-request credentials on BOOTSTRAP and push them to the CPE. */
    CWMP_PROVISION_CR_CREDENTIALS: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    /** Seconds SIGTERM waits for CPEs to answer their outstanding RPC before the sessions are released. */
    CWMP_SHUTDOWN_GRACE: z.coerce.number().int().min(0).max(600).default(10),
    /** A GetParameterNamesResponse with more names is refused as a task fault (memory and time bound). */
    CWMP_MAX_PARAMETER_NAMES: z.coerce.number().int().min(100).max(1_000_000).default(100_000),
    /**
     * Milliseconds an Inform arriving while no Inform statement is under way waits for others to share
     * its statement and commit (group commit; 0: at once). Informs arriving during a statement always
     * wait for it and go together.
     */
    CWMP_INFORM_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(50).default(2),
    ...cwmpAdmissionSettings,
    /** This process's name on the session locks it holds; at start it releases the ones it held before. */
    NODE_ID: unsetIfEmpty(z.string().min(1).max(200).optional()),
    /**
     * Seconds a node's lease on a singleton background job (bulk runner, wave engine, retention,
     * rollups, webhooks...) lasts without renewal: when the holder dies, another node takes the job
     * over within about this long (server/cluster/singleton.ts).
     */
    JOB_LEASE_TTL: z.coerce.number().min(1).max(3600).default(30),
    /** Sends of one task before it ends as a fault (dropped sessions, empty POSTs, new Informs count). */
    TASK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
    /** Hours a console or provisioning task may wait for its device before it expires. */
    TASK_LIFETIME_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 365)
      .default(24),
    /** Days kept: inform events; device events and faults; finished tasks. */
    RETENTION_INFORM_DAYS: z.coerce.number().min(1).max(3650).default(30),
    RETENTION_EVENT_DAYS: z.coerce.number().min(1).max(3650).default(90),
    RETENTION_TASK_DAYS: z.coerce.number().min(1).max(3650).default(90),
    CONNECTION_REQUEST_USERNAME: optionalString,
    CONNECTION_REQUEST_PASSWORD: optionalString,
    CONNECTION_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
    /** CIDR networks connection requests may reach although loopback, link-local, multicast ... */
    CONNECTION_REQUEST_ALLOWED_NETWORKS: z
      .string()
      .default("")
      .transform((v, ctx) => {
        const parsed = parseCidrList(v);
        if ("networks" in parsed) return parsed.networks;
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }),
    /** Answer a Basic-only connection-request challenge (never over plain http: clear-text password). */
    CONNECTION_REQUEST_ALLOW_BASIC: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** Send connection requests only to the address the device's last Inform came from. */
    CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    ADMIN_PASSWORD: unsetIfEmpty(z.string().min(8, "must be at least 8 characters").optional()),
    PUBLIC_URL: unsetIfEmpty(z.url().optional()),
    /** Largest console request body (tRPC and routes); a data-model import has its own larger cap. */
    WEB_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /**
     * Comma-separated addresses of reverse proxies in front of the console. Only a request from one of
     * them has its client address taken from X-Forwarded-For (login throttling and audit rows).
     */
    TRUSTED_PROXIES: unsetIfEmpty(
      z
        .string()
        .optional()
        .transform((v) =>
          (v ?? "")
            .split(",")
            .map((a) => a.trim())
            .filter((a) => a.length > 0),
        ),
    ),
    /** Where the software store keeps image files and CPE uploads. Default: <DATA_DIR>/firmware. */
    FIRMWARE_DIR: optionalString,
    /** Refuse images without a valid signature from a trusted originator key. */
    FIRMWARE_REQUIRE_SIGNATURE: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    /** Largest image upload (bytes); 2 GiB by default. */
    FIRMWARE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(8 * 1024 * 1024 * 1024)
      .default(2 * 1024 * 1024 * 1024),
    /** The file server CPEs download images from (and upload files to); 0 = any free port. */
    FILE_PORT: port.default(7549),
    /** HTTPS for the file server (the same certificate files as CWMP_TLS_* by default). */
    FILE_TLS_CERT: optionalString,
    FILE_TLS_KEY: optionalString,
    /** The file server's base URL as CPEs reach it (Download URL); default http(s)://<host>:<FILE_PORT>. */
    FILE_PUBLIC_URL: unsetIfEmpty(z.url().optional()),
    /** All file-server responses together, Mbit/s; 0 = no cap. */
    FILE_MAX_MBPS: z.coerce.number().min(0).max(100_000).default(0),
    /** Hours a transfer's credentials stay valid after the task is queued. */
    FILE_GRANT_HOURS: z.coerce
      .number()
      .min(0.05)
      .max(24 * 30)
      .default(48),
    /** Minutes a firmware Download may take from being sent to the new version at the next boot. */
    FIRMWARE_VERIFY_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    /** BulkData collector (TR-181 BulkData over HTTP, JSON/CSV); 0 = any free port. */
    BULKDATA_PORT: port.default(7550),
    /** HTTPS for the collector (Basic authentication is accepted only over TLS). */
    BULKDATA_TLS_CERT: optionalString,
    BULKDATA_TLS_KEY: optionalString,
    /** The collector's URL as CPEs reach it (BulkData HTTP.URL); default http(s)://<host>:<BULKDATA_PORT>/bulkdata. */
    BULKDATA_PUBLIC_URL: unsetIfEmpty(z.url().optional()),
    /** Largest BulkData report body, compressed or not (bytes). */
    BULKDATA_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(4 * 1024 * 1024),
    /** Devices without BulkData: minutes between statistics reads piggybacked on their own sessions. */
    MONITORING_POLL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /** Retention per level (days): raw per-interval rows, 15-minute, hourly and daily rollups. */
    MONITORING_RAW_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    MONITORING_15M_DAYS: z.coerce.number().int().min(1).max(400).default(35),
    MONITORING_1H_DAYS: z.coerce.number().int().min(1).max(1200).default(395),
    MONITORING_1D_DAYS: z.coerce.number().int().min(1).max(3650).default(1825),
    /** Seconds between evaluations of the alarm rules and between incident localizations. */
    MONITORING_EVALUATE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Minutes of data the incident localizer looks at each run. */
    INCIDENT_WINDOW_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
    /** Audience (issue 12): smallest number of households behind any published figure. */
    AUDIENCE_K: z.coerce.number().int().min(2).max(1000).default(10),
    /** Days individual (pseudonymous) viewing sessions are kept; afterwards only published cells. */
    AUDIENCE_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    /** Days published audience cells are kept. */
    AUDIENCE_CELL_DAYS: z.coerce.number().int().min(30).max(3650).default(730),
    /** How often the pseudonym key changes: pseudonyms of different periods cannot be linked. */
    AUDIENCE_PSEUDONYM_PERIOD: z.enum(["week", "month"]).default("week"),
    /** Laplace noise scale on published household counts (viewing seconds get 600 times it); 0 = none. */
    AUDIENCE_NOISE: z.coerce.number().min(0).max(100).default(0),
    /** The time zone audience days, dayparts and programme slots are read in (IANA name). */
    AUDIENCE_TIME_ZONE: z
      .string()
      .default("UTC")
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "an IANA time zone name, e.g. Europe/Paris"),
    /** TR-111 STUN server (UDP) for devices behind NAT; off unless enabled. */
    STUN_ENABLED: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    STUN_PORT: port.default(3478),
    /** The STUN server's address as devices reach it (ManagementServer.STUNServerAddress); default HOST. */
    STUN_PUBLIC_ADDRESS: optionalString,
    /** Answer Binding Requests without MESSAGE-INTEGRITY with 401 (TR-111: after which the CPE signs). */
    STUN_REQUIRE_INTEGRITY: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    /** Binding Requests accepted per source address per second (more are dropped and counted). */
    STUN_RATE_PER_SOURCE: z.coerce.number().int().min(1).max(10_000).default(20),
    /** A binding is fresh (a UDP connection request may use it) this many seconds after its last request. */
    STUN_BINDING_FRESH_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** Times each UDP connection request datagram is sent (TR-069 Annex G: several, it may be lost). */
    UDP_CONNECTION_REQUEST_REPEATS: z.coerce.number().int().min(1).max(10).default(3),
    /** FLUTE multicast firmware delivery (issue 15): the sender's source address and outgoing interface. */
    FLUTE_SOURCE_ADDRESS: optionalString,
    FLUTE_INTERFACE_ADDRESS: optionalString,
    /** Groups carousels may use (CIDR, multicast only); a session outside them is refused. */
    FLUTE_GROUPS: z.string().default("239.255.42.0/24"),
    FLUTE_PORT: port.default(4001),
    FLUTE_TTL: z.coerce.number().int().min(1).max(255).default(1),
    /** Default and largest carousel rate, Mbit/s. */
    FLUTE_RATE_MBPS: z.coerce.number().min(0.1).max(10_000).default(20),
    FLUTE_MAX_RATE_MBPS: z.coerce.number().min(0.1).max(10_000).default(100),
    /** Encoding symbol (payload) size in bytes and source block length in symbols (Compact No-Code FEC). */
    FLUTE_SYMBOL_SIZE: z.coerce.number().int().min(64).max(8192).default(1428),
    FLUTE_BLOCK_LENGTH: z.coerce.number().int().min(1).max(65_535).default(64),
    /** 2 = RFC 6726 (default), 1 = RFC 3926 (what most DVB/3GPP receivers speak). */
    FLUTE_VERSION: z.enum(["1", "2"]).default("2").transform(Number),
    /** OMA DM 1.2 server for mobiles (server/omadm, server/mobile); off unless enabled. */
    OMADM_ENABLED: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** The OMA DM listener (HTTP POST of SyncML DM); 0 = any free port. */
    OMADM_PORT: port.default(7551),
    /** The DM server's URL as mobiles reach it (base of RespURI); default http://<host>:<OMADM_PORT>/. */
    OMADM_PUBLIC_URL: optionalString,
    /** ServerID in the devices' DMAcc and in package 0. */
    OMADM_SERVER_ID: z.string().min(1).max(255).default("vantage"),
    /** Accept syncml:auth-basic from clients (cleartext password in every package 1). */
    OMADM_ALLOW_BASIC: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** Dev bootstrap: a mobile with no account that authenticates with this client password gets one. */
    OMADM_DEFAULT_CLIENT_PASSWORD: optionalString,
    /** The largest SyncML message this server accepts (its MaxMsgSize; also the HTTP body limit). */
    OMADM_MAX_MSG_SIZE: z.coerce
      .number()
      .int()
      .min(2048)
      .max(16 * 1024 * 1024)
      .default(65_536),
    /** The largest object (Item Data, assembled from MoreData chunks) this server accepts (413 above). */
    OMADM_MAX_OBJECT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1_048_576),
    /** A DM session with no message for this long is over (its state row is removed). */
    OMADM_SESSION_TIMEOUT: z.coerce.number().int().min(5).max(3600).default(300),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** GET /metrics requires an API token with monitoring.read; when false it is open (firewall it). */
    METRICS_REQUIRE_TOKEN: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
  })
  .superRefine((s, ctx) => {
    for (const name of ["DIRECT_DATABASE_URL", "READ_DATABASE_URL"] as const) {
      if (s[name] !== undefined && s.DATABASE_URL === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "needs DATABASE_URL (the embedded store has one connection)",
        });
      }
    }
    if ((s.FILE_TLS_CERT === undefined) !== (s.FILE_TLS_KEY === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["FILE_TLS_KEY"],
        message: "set both FILE_TLS_CERT and FILE_TLS_KEY, or neither",
      });
    }
    if ((s.BULKDATA_TLS_CERT === undefined) !== (s.BULKDATA_TLS_KEY === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["BULKDATA_TLS_KEY"],
        message: "set both BULKDATA_TLS_CERT and BULKDATA_TLS_KEY, or neither",
      });
    }
    if (s.CWMP_TLS_PORT !== undefined && (!s.CWMP_TLS_CERT || !s.CWMP_TLS_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: ["CWMP_TLS_CERT"],
        message: "CWMP_TLS_PORT needs CWMP_TLS_CERT and CWMP_TLS_KEY",
      });
    }
    if (s.CWMP_TLS_CA !== undefined && s.CWMP_TLS_PORT === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["CWMP_TLS_CA"],
        message:
          "client certificates need the TLS listener: set CWMP_TLS_PORT, CWMP_TLS_CERT and CWMP_TLS_KEY",
      });
    }
    if (s.CWMP_AUTH === "basic" && s.CWMP_TLS_PORT === undefined && !s.CWMP_ALLOW_BASIC_WITHOUT_TLS) {
      // Basic on the plain listener sends every CPE's password in clear (and the transport refuses it there).
      ctx.addIssue({
        code: "custom",
        path: ["CWMP_AUTH"],
        message:
          "basic sends CPE passwords in clear: set CWMP_TLS_PORT/CWMP_TLS_CERT/CWMP_TLS_KEY (Basic is then accepted on the TLS listener only), use digest, or set CWMP_ALLOW_BASIC_WITHOUT_TLS=true",
      });
    }
    if ((s.CWMP_USERNAME === undefined) !== (s.CWMP_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["CWMP_PASSWORD"],
        message: "set both CWMP_USERNAME and CWMP_PASSWORD, or neither",
      });
    }
  });

export type Settings = z.infer<typeof schema>;

export class SettingsError extends Error {}

/** Parse settings from an environment; throws SettingsError with a one-line message naming the setting. */
export function parseSettings(source: Record<string, string | undefined>): Settings {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join(".") ?? "settings";
  const value = typeof issue?.path[0] === "string" ? source[issue.path[0]] : undefined;
  const shown = value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
  throw new SettingsError(`invalid setting ${name}: ${issue?.message ?? "invalid"}${shown}`);
}

const globalForEnv = processSlot<{ settings: Settings }>("settings");

/** The process's settings, parsed from process.env on first use. */
export function settings(): Settings {
  globalForEnv.settings ??= parseSettings(process.env);
  return globalForEnv.settings;
}

/** Tests and the demo launcher override settings in-process. */
export function overrideSettings(values: Record<string, string | undefined>): Settings {
  globalForEnv.settings = parseSettings({ ...process.env, ...values });
  return globalForEnv.settings;
}
