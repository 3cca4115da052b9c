/**
 * metav1.ListOptions from the query string, with upstream's validation (apimachinery validation.ValidateListOptions)
 * and continue tokens (`{"v":"meta.k8s.io/v1","rv":R,"start":K}`, base64url).
 */
import { badRequest } from "./errors";
import { queryBool } from "./request-info";
import { invalidOptions } from "./options";
import type { FieldError } from "../schema/types";

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
  // Conversion errors of the query (400 BadRequest, as upstream's parameter decoding).
  const limitText = q.get("limit");
  const limit = limitText ? Number(limitText) : 0;
  if (!Number.isInteger(limit)) throw badRequest(`invalid limit: ${limitText}`);
  const rv = q.get("resourceVersion") || undefined;
  if (rv !== undefined && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${rv}`);
  const out: ListQuery = {
    // The storage layer treats a limit of 0 or less as "no limit".
    limit: Math.max(0, limit),
    labelSelector: q.get("labelSelector") ?? "",
    fieldSelector: q.get("fieldSelector") ?? "",
    allowWatchBookmarks: queryBool(q, "allowWatchBookmarks"),
  };
  const timeout = q.get("timeoutSeconds");
  if (timeout) {
    const t = Number(timeout);
    if (!Number.isInteger(t) || t < 0) throw badRequest(`invalid timeoutSeconds: ${timeout}`);
    out.timeoutSeconds = t;
  }
  const match = q.get("resourceVersionMatch") || undefined;
  const cont = q.get("continue") || undefined;
  if (rv !== undefined) out.resourceVersion = rv;
  if (q.get("sendInitialEvents") !== null) out.sendInitialEvents = queryBool(q, "sendInitialEvents");
  if (cont !== undefined) {
    if (rv !== undefined && rv !== "0") throw badRequest("specifying resource version is not allowed when using continue");
    out.continueToken = decodeContinue(cont);
  }
  const errors = listOptionsErrors(out, match, cont !== undefined, watch);
  if (errors.length) throw invalidOptions("ListOptions", errors);
  if (match !== undefined) out.resourceVersionMatch = match as ListQuery["resourceVersionMatch"];
  return out;
}

/** apimachinery internalversion/validation.ValidateListOptions (422 Invalid ListOptions). */
function listOptionsErrors(o: ListQuery, match: string | undefined, continuing: boolean, watch: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const forbidden = (field: string, detail: string): FieldError => ({ reason: "FieldValueForbidden", field, message: `Forbidden: ${detail}` });
  if (match !== undefined && match !== "NotOlderThan" && match !== "Exact") {
    errors.push({
      reason: "FieldValueNotSupported",
      field: "resourceVersionMatch",
      message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`,
    });
    return errors;
  }
  if (watch) {
    if (o.sendInitialEvents !== undefined) {
      if (match !== "NotOlderThan") errors.push(forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      if (!o.allowWatchBookmarks) errors.push(forbidden("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true"));
    } else if (match !== undefined) {
      errors.push(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
    }
    return errors;
  }
  if (o.sendInitialEvents !== undefined) errors.push(forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  if (match !== undefined) {
    if (o.resourceVersion === undefined) errors.push(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (continuing) errors.push(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
    if (match === "Exact" && o.resourceVersion === "0") {
      errors.push(forbidden("resourceVersionMatch", 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  return errors;
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
