/**
 * The fuzz suites' client: requests go straight to the Worker's `fetch` export with the real bindings (real
 * Store Durable Objects), not through `SELF`. In @cloudflare/vitest-pool-workers 0.23 every `SELF.fetch`
 * costs more than the one before it within a test file (≈0.2 ms per earlier request, so 1,000 requests
 * already take 100 ms each); calling the export directly keeps a request at ~2 ms, which is what makes
 * thousands of fuzz requests per file affordable.
 *
 * Every answer is bounded in time (a hang is a failure, not a stuck run) and counted per property into a
 * status-code distribution that each suite prints when it ends.
 */
import { createExecutionContext, env } from "cloudflare:test";
import worker from "../../../worker/index";

export const TOKEN = "test-admin-token";
export const BASE = "https://k8s.test";

/** No request may take longer than this to produce its status line, nor a non-watch body to finish. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface FuzzRequest {
  method: string;
  /** Path plus query string, e.g. `/api/v1/namespaces/x/configmaps?fieldValidation=Strict`. */
  path: string;
  body?: string | Uint8Array;
  /** `null` sends no Content-Type at all (a string body would otherwise get `text/plain`). */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** The response may be an endless watch stream: read for this long, then cancel. */
  streamMs?: number;
  /** With `streamMs`: stop reading as soon as this holds for the text read so far. */
  streamUntil?: (text: string) => boolean;
}

export interface FuzzResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or `undefined` when the body is not one JSON document. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** True when the body was still streaming when `streamMs` ran out (a live watch). */
  streaming: boolean;
}

type WorkerFetch = (request: Request, env: unknown, ctx: ExecutionContext) => Promise<Response>;

/** Sends one request to the Worker; throws when no answer (or no complete non-stream body) comes in time. */
export async function send(req: FuzzRequest): Promise<FuzzResponse> {
  const headers = new Headers({ Authorization: `Bearer ${TOKEN}`, ...(req.headers ?? {}) });
  let body: BodyInit | undefined;
  if (req.body !== undefined) {
    // A Uint8Array body carries no implicit Content-Type; a string body would get text/plain.
    body = typeof req.body === "string" ? new TextEncoder().encode(req.body) : req.body;
    if (req.contentType) headers.set("Content-Type", req.contentType);
  } else if (req.contentType) {
    headers.set("Content-Type", req.contentType);
  }
  const request = new Request(BASE + req.path, { method: req.method, headers, body });
  const res = await withDeadline(
    (worker.fetch as unknown as WorkerFetch)(request, env, createExecutionContext()),
    REQUEST_TIMEOUT_MS,
    () => `no response within ${REQUEST_TIMEOUT_MS} ms: ${req.method} ${req.path}`,
  );
  const { text, streaming } = await readBody(res, req);
  let parsed: unknown;
  try {
    parsed = text && !streaming ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed, streaming };
}

async function readBody(res: Response, req: FuzzRequest): Promise<{ text: string; streaming: boolean }> {
  if (!res.body) return { text: "", streaming: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const limit = req.streamMs ?? REQUEST_TIMEOUT_MS;
  const deadline = Date.now() + limit;
  let text = "";
  try {
    for (;;) {
      const next = await raceTimer(reader.read(), Math.max(0, deadline - Date.now()));
      if (next === TIMED_OUT) {
        if (req.streamMs === undefined) throw new Error(`body not finished within ${limit} ms: ${req.method} ${req.path}`);
        return { text: text + decoder.decode(), streaming: true };
      }
      if (next.done) return { text: text + decoder.decode(), streaming: false };
      text += decoder.decode(next.value, { stream: true });
      if (req.streamMs !== undefined && req.streamUntil?.(text)) return { text, streaming: true };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

const TIMED_OUT = Symbol("timed out");

/** `p`, or TIMED_OUT after `ms` (the timer is cleared either way). */
async function raceTimer<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function withDeadline<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  const result = await raceTimer(p, ms);
  if (result === TIMED_OUT) throw new Error(message());
  return result;
}

/** A JSON body with the given media type (JSON unless told). */
export const jsonRequest = (method: string, path: string, value: unknown, contentType = "application/json"): FuzzRequest => ({
  method,
  path,
  body: JSON.stringify(value),
  contentType,
});

/** Creates a namespace for one suite; its name says which suite made it. */
export async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const res = await send(jsonRequest("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } }));
  if (res.status !== 201) throw new Error(`namespace create failed: ${res.status} ${res.text}`);
  return name;
}

/** Counts answers per property (property → HTTP status → count) and keeps the distinct 5xx messages. */
export class StatusTally {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly serverErrors = new Set<string>();

  record(property: string, status: number, message?: string): void {
    const byStatus = this.counts.get(property) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.counts.set(property, byStatus);
    if (status >= 500 && message !== undefined) this.serverErrors.add(`${property} ${status}: ${message.slice(0, 160)}`);
  }

  /** One line per property: `property: 201×40 400×120 …` (statuses ascending). */
  format(): string {
    return [...this.counts]
      .map(([property, byStatus]) => {
        const parts = [...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
        return `  ${property}: ${parts.join(" ")}`;
      })
      .concat([...this.serverErrors].map((e) => `  5xx seen — ${e}`))
      .join("\n");
  }
}
