// The BulkData client of a simulated CPE (TR-181 Device.BulkData, HTTP transport): once the ACS
// enables a Profile, a report every ReportingInterval POSTed to HTTP.URL with
// Digest/Basic auth, optional gzip, RequestURIParameter query values and the BBF-Report-Format header.
// Failed posts keep up to NumberOfRetainedFailedReports reports and send them with the next one.
// A backfill posts the reports a device would have sent over the last hours before going live.
import { basicAuthorization, digestAuthorization, parseAuthParams } from "../../server/cwmp/transport/digest";
import type { SimDevice } from "../device";
import { adoptEvolution, evolveDevice, startEvolutionAt, type Evolvable } from "../evolve";
import type { ParamTree } from "../param-tree";
import { buildRequest, send } from "./bulkdata-http";
import { collectReport, type CollectedReport } from "./bulkdata-report";

export interface BulkDataOptions {
  /** hours of past reports each device posts when its first profile is enabled (0: none) */
  backfillHours?: number;
  /** reports per backfill POST (default 24) and pause between them per device (ms, default 50) */
  backfillChunk?: number;
  backfillPaceMs?: number;
  /** Device.BulkData.MinReportingInterval the devices announce (s); unset: as built (60) */
  minInterval?: number;
  /** simultaneous POSTs across the fleet (default 8) */
  concurrency?: number;
  log?: { debug(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

export interface BulkDataCounters {
  posts: number;
  failedPosts: number;
  refusedUrls: number;
  reportsSent: number;
  backfilledReports: number;
}

interface Queued extends CollectedReport {
  backfill: boolean;
}

interface ProfileState {
  device: SimDevice;
  path: string;
  config: string;
  timer?: NodeJS.Timeout;
  queue: Queued[];
  sending: boolean;
  challenge: Record<string, string> | null;
  basic: boolean;
  nc: number;
  /** consecutive failed posts (HTTP.RetryEnable back-off) */
  failures: number;
  retryTimer?: NodeJS.Timeout;
}

const RETAIN_CAP = 96;
const MAX_BACKFILL_REPORTS = 2000;
const CONFIG_KEYS = [
  "Enable",
  "Protocol",
  "EncodingType",
  "ReportingInterval",
  "TimeReference",
  "HTTP.URL",
  "HTTP.Username",
  "HTTP.Password",
  "HTTP.Compression",
  "HTTP.Method",
];

export class BulkDataClient {
  readonly counters: BulkDataCounters = {
    posts: 0,
    failedPosts: 0,
    refusedUrls: 0,
    reportsSent: 0,
    backfilledReports: 0,
  };
  private readonly profiles = new Map<string, ProfileState>();
  private readonly backfilled = new WeakSet<SimDevice>();
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly opts: BulkDataOptions = {}) {}

  /** Re-read a device's BulkData configuration (after each session): arm, re-arm or stop profiles. */
  sync(device: SimDevice): void {
    if (this.stopped) return;
    const t = device.tree;
    const root = `${device.root}BulkData.`;
    const enabled = t.get(`${root}Enable`) === "true";
    const min = t.params.get(`${root}MinReportingInterval`);
    // Kept across a factory reset, which rebuilds the tree with the default.
    if (min && this.opts.minInterval !== undefined)
      min.value = String(Math.max(1, Math.floor(this.opts.minInterval)));
    if (t.params.has(`${root}Status`)) t.set(`${root}Status`, enabled ? "Enabled" : "Disabled");
    const live = new Set<string>();
    for (const n of enabled ? t.instances(`${root}Profile.`) : []) {
      const path = `${root}Profile.${n}.`;
      if (!usable(t, path)) continue;
      const key = `${device.serial}|${path}`;
      live.add(key);
      const config = CONFIG_KEYS.map((k) => t.get(path + k) ?? "").join("\u0000");
      const cur = this.profiles.get(key);
      if (cur && cur.config === config && cur.device === device) continue;
      if (cur?.timer) clearTimeout(cur.timer);
      if (cur?.retryTimer) clearTimeout(cur.retryTimer);
      const state: ProfileState = {
        device,
        path,
        config,
        queue: [],
        sending: false,
        challenge: null,
        basic: false,
        nc: 0,
        failures: 0,
      };
      this.profiles.set(key, state);
      this.arm(state);
    }
    for (const [key, s] of this.profiles) {
      if (key.startsWith(`${device.serial}|`) && !live.has(key)) {
        clearTimeout(s.timer);
        clearTimeout(s.retryTimer);
        this.profiles.delete(key);
      }
    }
    if (live.size > 0 && (this.opts.backfillHours ?? 0) > 0 && !this.backfilled.has(device)) {
      this.backfilled.add(device);
      this.backfill(
        device,
        [...live].map((k) => this.profiles.get(k)!),
      );
    }
  }

  /** Collect and send a report now on each of the device's enabled profiles; how many. */
  reportNow(device: SimDevice): number {
    let n = 0;
    for (const s of this.profiles.values()) {
      if (s.device !== device) continue;
      this.collect(s);
      n++;
    }
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.profiles.values()) {
      clearTimeout(s.timer);
      clearTimeout(s.retryTimer);
    }
    this.profiles.clear();
    for (let i = 0; i < 100 && this.active > 0; i++) await new Promise((r) => setTimeout(r, 20));
  }

  private intervalMs(s: ProfileState): number {
    const t = s.device.tree;
    const min = Number(t.get(`${s.device.root}BulkData.MinReportingInterval`) ?? 0) || 0;
    return Math.max(1, Number(t.get(`${s.path}ReportingInterval`)) || 86400, min) * 1000;
  }

  private arm(s: ProfileState): void {
    const interval = this.intervalMs(s);
    const now = Date.now();
    const ref = Date.parse(s.device.tree.get(`${s.path}TimeReference`) ?? "");
    // A known TimeReference fixes the phase: reports at TimeReference + n x ReportingInterval.
    const next =
      Number.isFinite(ref) && ref > Date.UTC(1900, 0, 1)
        ? ref + (Math.floor((now - ref) / interval) + 1) * interval
        : now + interval;
    s.timer = setTimeout(() => this.tick(s), next - now);
    s.timer.unref?.();
  }

  private tick(s: ProfileState): void {
    if (this.stopped || this.profiles.get(`${s.device.serial}|${s.path}`) !== s) return;
    this.arm(s);
    this.collect(s);
  }

  private collect(s: ProfileState): void {
    if (!s.device.online || s.device.silent) return;
    const now = Date.now();
    evolveDevice(s.device, now);
    s.queue.push({ ...collectReport(s.device.tree, s.path, now), backfill: false });
    void this.flush(s);
  }

  /** Evolve a copy of the device over the past hours, report from it, then continue from it live. */
  private backfill(device: SimDevice, states: ProfileState[]): void {
    const now = Date.now();
    const from = now - (this.opts.backfillHours ?? 0) * 3_600_000;
    const shadow: Evolvable = {
      identity: device.identity,
      rng: device.rng,
      settings: device.settings,
      poweredOnAt: device.poweredOnAt,
      tree: device.tree.clone(),
    };
    startEvolutionAt(shadow, from);
    const steps = states.map((s) => Math.max(this.intervalMs(s), (now - from) / MAX_BACKFILL_REPORTS));
    const step = Math.min(...steps);
    const nextAt = steps.map((st) => from + st);
    for (let t = from + step, i = 0; t <= now && i < MAX_BACKFILL_REPORTS * states.length; t += step, i++) {
      evolveDevice(shadow, t);
      states.forEach((s, k) => {
        if (nextAt[k]! > t) return;
        nextAt[k] = t + steps[k]!;
        s.queue.push({ ...collectReport(shadow.tree, s.path, t), backfill: true });
        this.counters.backfilledReports++;
      });
    }
    shadow.tree.onChange = device.tree.onChange;
    device.tree = shadow.tree;
    adoptEvolution(device, shadow);
    for (const s of states) void this.flush(s);
  }

  private async flush(s: ProfileState): Promise<void> {
    if (s.sending || this.stopped) return;
    s.sending = true;
    try {
      for (let i = 0; i < 10_000 && s.queue.length > 0 && !this.stopped; i++) {
        const backfill = s.queue[0]!.backfill;
        const batch = backfill
          ? s.queue.slice(0, Math.max(1, this.opts.backfillChunk ?? 24)).filter((q) => q.backfill)
          : s.queue.slice();
        const ok = await this.post(s, batch);
        if (!ok) {
          this.retain(s);
          this.retryLater(s);
          return;
        }
        s.failures = 0;
        s.queue.splice(0, batch.length);
        this.counters.reportsSent += batch.length;
        if (backfill) await new Promise((r) => setTimeout(r, this.opts.backfillPaceMs ?? 50));
      }
    } finally {
      s.sending = false;
    }
  }

  /** HTTP.RetryEnable: retry after RetryMinimumWaitInterval x (RetryIntervalMultiplier/1000)^(n-1) s. */
  private retryLater(s: ProfileState): void {
    s.failures++;
    const t = s.device.tree;
    if (t.get(`${s.path}HTTP.RetryEnable`) !== "true" || s.retryTimer) return;
    const min = Number(t.get(`${s.path}HTTP.RetryMinimumWaitInterval`)) || 5;
    const k = (Number(t.get(`${s.path}HTTP.RetryIntervalMultiplier`)) || 2000) / 1000;
    const wait = min * k ** Math.min(s.failures - 1, 10) * 1000;
    // A retry that would come after the next report is left to that report.
    if (wait >= this.intervalMs(s)) return;
    s.retryTimer = setTimeout(() => {
      s.retryTimer = undefined;
      if (this.profiles.get(`${s.device.serial}|${s.path}`) === s) void this.flush(s);
    }, wait);
    s.retryTimer.unref?.();
  }

  /** After a failure keep what the profile allows (backfill reports wait for the next attempt). */
  private retain(s: ProfileState): void {
    const n = Number(s.device.tree.get(`${s.path}NumberOfRetainedFailedReports`) ?? 0);
    const keep = n < 0 ? RETAIN_CAP : Math.min(RETAIN_CAP, n);
    const live = s.queue.filter((q) => !q.backfill);
    // The report of this interval stays (it is sent next time) plus up to `keep` older ones.
    const kept = new Set(live.slice(-(keep + 1)));
    s.queue = s.queue.filter((q) => q.backfill || kept.has(q));
  }

  private async post(s: ProfileState, reports: Queued[]): Promise<boolean> {
    const t = s.device.tree;
    const p = s.path;
    const req = buildRequest(t, p, reports);
    if (req === "refused") this.counters.refusedUrls++;
    if (typeof req === "string") return false;
    const { url, method, headers, body } = req;
    const user = t.get(`${p}HTTP.Username`) ?? "";
    const pass = t.get(`${p}HTTP.Password`) ?? "";
    const auth = (): string | undefined => {
      if (!user) return undefined;
      if (s.basic) return basicAuthorization(user, pass);
      if (!s.challenge) return undefined;
      const uri = url.pathname + url.search;
      return digestAuthorization({
        method,
        uri,
        username: user,
        password: pass,
        challenge: s.challenge,
        nc: ++s.nc,
      });
    };
    await this.acquire();
    try {
      this.counters.posts++;
      let status = await send(url, method, headers, body, auth());
      if (status.code === 401 && user) {
        const h = status.challenge;
        if (/^digest\s/i.test(h)) {
          s.challenge = parseAuthParams(h.slice(h.indexOf(" ") + 1));
          s.nc = 0;
          s.basic = false;
        } else if (/^basic\b/i.test(h)) s.basic = true;
        status = await send(url, method, headers, body, auth());
      }
      const ok = status.code >= 200 && status.code < 300;
      if (!ok) this.counters.failedPosts++;
      this.opts.log?.debug(
        { serial: s.device.serial, status: status.code, reports: reports.length },
        "bulkdata post",
      );
      return ok;
    } catch {
      this.counters.failedPosts++;
      return false;
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < (this.opts.concurrency ?? 8)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }
}

function usable(t: ParamTree, path: string): boolean {
  return (
    t.get(`${path}Enable`) === "true" &&
    t.get(`${path}Protocol`) === "HTTP" &&
    ["JSON", "CSV"].includes(t.get(`${path}EncodingType`) ?? "") &&
    (t.get(`${path}HTTP.URL`) ?? "") !== ""
  );
}
