/**
 * The response contract every fuzzed request is held to (pure; see contract.test.ts):
 *
 * - no 5xx, except the ones kube-apiserver itself answers by design (`documented5xx`);
 * - a failure (≥ 400) is a JSON `metav1.Status` — `kind: Status`, `status: Failure`, `code` equal to the HTTP
 *   status, a non-empty `message` and a non-empty `reason` (upstream leaves `reason` empty only on the
 *   documented 500s, which are plain Go errors rendered by `ErrorToAPIStatus` with StatusReasonUnknown);
 * - a success is one JSON document, or for a watch newline-delimited `{type, object}` events;
 * - every `Warning` header has the RFC 7234 form kube-apiserver writes: `299 - "<text>"`.
 */
import type { FuzzRequest, FuzzResponse } from "./harness";

export interface Exchange {
  request: FuzzRequest;
  response: Pick<FuzzResponse, "status" | "headers" | "text" | "body" | "streaming">;
}

const mediaType = (contentType: string | null | undefined) => (contentType ?? "").split(";")[0].trim().toLowerCase();

function queryOf(path: string): URLSearchParams {
  const i = path.indexOf("?");
  return new URLSearchParams(i < 0 ? "" : path.slice(i + 1));
}

/**
 * Why a 5xx answer is what upstream sends too, or `undefined` when it is not:
 * - strategic merge patch failures other than the mergepatch sentinel errors are returned unwrapped
 *   (apiserver handlers/patch.go `interpretStrategicMergePatchError` default branch) → 500, no reason;
 * - server-side apply failures while building the typed patch (`failed to create typed patch object`,
 *   structured-merge-diff via managedfields.FieldManager.Apply) → 500, no reason;
 * - a LIST/WATCH at a resourceVersion (or continue token) newer than the store's is
 *   `storage.NewTooLargeResourceVersionError` → 504 Timeout with a ResourceVersionTooLarge cause;
 * - a DELETE whose DeleteOptions body has a field of the wrong JSON type: 1.32's handlers/delete.go hands the
 *   decode error to scope.err unwrapped → 500 (later releases wrap it as a 400).
 */
export function documented5xx({ request, response }: Exchange): string | undefined {
  const body = response.body;
  if (request.method === "PATCH" && response.status === 500 && !body?.reason) {
    const type = mediaType(request.contentType);
    if (type === "application/strategic-merge-patch+json") return "strategic merge patch error (upstream 500)";
    if (type === "application/apply-patch+yaml" && String(body?.message).startsWith("failed to create typed patch object")) {
      return "server-side apply typed patch error (upstream 500)";
    }
  }
  if (request.method === "DELETE" && response.status === 500 && deleteOptionsTypeError(request.body)) {
    return "DeleteOptions decode error (upstream 1.32 500)";
  }
  if (request.method === "GET" && response.status === 504 && body?.reason === "Timeout") {
    const q = queryOf(request.path);
    const causes: { reason?: string }[] = body?.details?.causes ?? [];
    if ((q.has("resourceVersion") || q.has("continue")) && causes.some((c) => c.reason === "ResourceVersionTooLarge")) {
      return "resourceVersion newer than the store (upstream 504)";
    }
  }
  return undefined;
}

/** The DeleteOptions field of a JSON body whose type Go cannot decode into metav1.DeleteOptions, if any. */
export function deleteOptionsTypeError(body: FuzzRequest["body"]): string | undefined {
  let o: unknown;
  try {
    o = JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
  if (o === null || typeof o !== "object" || Array.isArray(o)) return undefined;
  const opts = o as Record<string, unknown>;
  const present = (k: string) => k in opts && opts[k] !== null;
  const isStr = (v: unknown) => typeof v === "string";
  if (present("kind") && !isStr(opts.kind)) return "kind";
  if (present("apiVersion") && !isStr(opts.apiVersion)) return "apiVersion";
  if (present("propagationPolicy") && !isStr(opts.propagationPolicy)) return "propagationPolicy";
  if (present("gracePeriodSeconds") && !Number.isInteger(opts.gracePeriodSeconds)) return "gracePeriodSeconds";
  if (present("dryRun") && !(Array.isArray(opts.dryRun) && opts.dryRun.every(isStr))) return "dryRun";
  if (present("orphanDependents") && typeof opts.orphanDependents !== "boolean") return "orphanDependents";
  const p = opts.preconditions;
  if (present("preconditions") && (typeof p !== "object" || Array.isArray(p))) return "preconditions";
  if (present("preconditions")) {
    const pre = p as Record<string, unknown>;
    if ((pre.uid ?? "") !== "" && !isStr(pre.uid)) return "preconditions.uid";
    if ((pre.resourceVersion ?? "") !== "" && !isStr(pre.resourceVersion)) return "preconditions.resourceVersion";
  }
  return undefined;
}

/** Everything wrong with one answer; empty when the answer keeps the contract. */
export function contractViolations(ex: Exchange): string[] {
  const { request, response } = ex;
  const out: string[] = [];
  const { status } = response;
  if (status < 200 || status > 599) out.push(`HTTP status ${status} is not a valid API answer`);
  const accepted5xx = status >= 500 ? documented5xx(ex) : undefined;
  if (status >= 500 && !accepted5xx) out.push(`server error ${status}`);
  for (const w of warningsOf(response.headers)) {
    if (!/^299 - ".*"$/s.test(w)) out.push(`malformed Warning header: ${w}`);
  }
  if (request.method === "HEAD") return out;
  if (status >= 400) {
    out.push(...statusViolations(response, accepted5xx !== undefined));
  } else if (status >= 200 && status < 300) {
    out.push(...successViolations(response));
  }
  return out;
}

function statusViolations(response: Exchange["response"], reasonMayBeEmpty: boolean): string[] {
  const out: string[] = [];
  if (mediaType(response.headers.get("content-type")) !== "application/json") {
    out.push(`failure Content-Type is ${response.headers.get("content-type")}`);
  }
  const s = response.body;
  if (!s || typeof s !== "object") return [...out, `failure body is not JSON: ${response.text.slice(0, 200)}`];
  if (s.kind !== "Status") out.push(`failure body kind is ${s.kind}`);
  if (s.apiVersion !== "v1") out.push(`failure body apiVersion is ${s.apiVersion}`);
  if (s.status !== "Failure") out.push(`failure body status is ${s.status}`);
  if (s.code !== response.status) out.push(`Status.code ${s.code} ≠ HTTP ${response.status}`);
  if (typeof s.message !== "string" || s.message === "") out.push("Status.message is empty");
  if (!reasonMayBeEmpty && (typeof s.reason !== "string" || s.reason === "")) out.push("Status.reason is empty");
  return out;
}

/**
 * Whether upstream treats the request as a watch: a `watch` parameter with any value but `0` or
 * (case-insensitively) `false` — apimachinery runtime `Convert_Slice_string_To_bool`, empty string included.
 */
export function isWatchRequest(request: FuzzRequest): boolean {
  const q = queryOf(request.path);
  if (!q.has("watch")) return false;
  const v = q.get("watch")!;
  return v !== "0" && v.toLowerCase() !== "false";
}

/** Compact JSON has no raw newlines, so a newline before the last character means an event stream. */
function successViolations(response: Exchange["response"]): string[] {
  if (response.streaming || /\n./.test(response.text.trimEnd())) {
    const lines = response.text.split("\n").filter((l) => l !== "");
    const complete = response.streaming && !response.text.endsWith("\n") ? lines.slice(0, -1) : lines;
    const bad = complete.filter((l) => !isWatchEvent(l));
    return bad.length ? [`watch stream line is not an event: ${bad[0].slice(0, 200)}`] : [];
  }
  if (response.text === "") return [];
  return response.body === undefined ? [`success body is not JSON: ${response.text.slice(0, 200)}`] : [];
}

function isWatchEvent(line: string): boolean {
  try {
    const ev = JSON.parse(line);
    return typeof ev?.type === "string" && ev.object !== null && typeof ev.object === "object";
  } catch {
    return false;
  }
}

/** The individual `Warning` header values (Headers joins repeated headers with ", "). */
export function warningsOf(headers: Headers): string[] {
  const raw = headers.get("warning");
  if (!raw) return [];
  return raw.split(/,\s*(?=299 )/);
}
