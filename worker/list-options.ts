/**
 * metav1.ListOptions from the query string, with upstream's validation (apimachinery validation.ValidateListOptions)
 * and continue tokens (`{"v":"meta.k8s.io/v1","rv":R,"start":K}`, base64url).
 */
import { badRequest } from "./errors";
import { queryBool } from "./request-info";

export interface ContinueToken {
  rv: number;
  start: string;
}

export interface ListQuery {
  limit: number;
  continueToken?: ContinueToken;
  resourceVersion?: string;
  resourceVersionMatch?: "NotOlderThan" | "Exact";
  labelSelector: string;
  fieldSelector: string;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
}


export function parseListQuery(q: URLSearchParams, watch: boolean): ListQuery {
  const limitText = q.get("limit");
  const limit = limitText ? Number(limitText) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit: ${limitText}`);
  const rv = q.get("resourceVersion") || undefined;
  if (rv !== undefined && !/^\d+$/.test(rv)) {
    throw badRequest(`invalid resource version: ${rv}`);
  }
  const match = q.get("resourceVersionMatch") || undefined;
  if (match !== undefined && match !== "NotOlderThan" && match !== "Exact") {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  }
  const cont = q.get("continue") || undefined;
  const sendInitialText = q.get("sendInitialEvents");
  const out: ListQuery = {
    limit,
    labelSelector: q.get("labelSelector") ?? "",
    fieldSelector: q.get("fieldSelector") ?? "",
    allowWatchBookmarks: queryBool(q, "allowWatchBookmarks"),
  };
  if (rv !== undefined) out.resourceVersion = rv;
  if (match !== undefined) out.resourceVersionMatch = match;
  if (sendInitialText !== null) out.sendInitialEvents = queryBool(q, "sendInitialEvents");
  const timeout = q.get("timeoutSeconds");
  if (timeout) {
    const t = Number(timeout);
    if (!Number.isInteger(t) || t < 0) throw badRequest(`invalid timeoutSeconds: ${timeout}`);
    out.timeoutSeconds = t;
  }
  if (cont !== undefined) {
    if (rv !== undefined && rv !== "0") throw badRequest("specifying resource version is not allowed when using continue");
    out.continueToken = decodeContinue(cont);
  }
  if (match !== undefined && !watch) {
    if (rv === undefined) throw badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
    if (match === "Exact" && rv === "0") throw badRequest(`resourceVersionMatch "exact" is forbidden for resourceVersion "0"`);
    if (cont !== undefined) throw badRequest("resourceVersionMatch is forbidden when continue is provided");
  }
  if (out.sendInitialEvents !== undefined) {
    if (!watch) throw badRequest("sendInitialEvents is forbidden for list");
    if (match !== "NotOlderThan") {
      throw badRequest("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    }
  }
  return out;
}

/** base64url of the token's UTF-8 JSON (keys may hold any Unicode a name allows). */
export function encodeContinue(token: ContinueToken): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: "meta.k8s.io/v1", rv: token.rv, start: token.start }));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    if (parsed.v !== "meta.k8s.io/v1" || !Number.isInteger(parsed.rv) || parsed.rv <= 0 || typeof parsed.start !== "string") {
      throw new Error("bad token");
    }
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
}
