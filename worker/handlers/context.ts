/**
 * What every resource handler receives: the resolved registry entry, the parsed request and the caller.
 */
import type { Registry, ResourceEntry } from "../../schema/registry-core";
import type { Env } from "../env";
import type { ResourceRequest } from "../request-info";
import type { UserInfo } from "../authn/user";

export interface ApiContext {
  env: Env;
  registry: Registry;
  entry: ResourceEntry;
  req: ResourceRequest;
  verb: string;
  query: URLSearchParams;
  request: Request;
  user: UserInfo;
  /** `Warning` headers to add to the response (unknown fields with fieldValidation=Warn, …). */
  warnings: string[];
  now: () => Date;
  /**
   * Keeps the Worker invocation alive for work that follows the response (ExecutionContext.waitUntil). Absent
   * for internal callers (internal-client.ts) and outside a Worker invocation: such work then runs inline.
   */
  waitUntil?: (p: Promise<unknown>) => void;
}

export const JSON_TYPE = "application/json";

/** A JSON response from already-serialized text (stored objects are returned without re-serializing). */
export function jsonText(ctx: ApiContext, text: string, status = 200): Response {
  return new Response(text, { status, headers: responseHeaders(ctx) });
}

export function json(ctx: ApiContext, value: unknown, status = 200): Response {
  return jsonText(ctx, JSON.stringify(value), status);
}

export function responseHeaders(ctx: ApiContext, contentType = JSON_TYPE): Headers {
  const h = new Headers({ "Content-Type": contentType });
  for (const w of ctx.warnings) h.append("Warning", `299 - ${JSON.stringify(w)}`);
  return h;
}

/** `dryRun=All` in the query (already validated: "All" is the only value upstream accepts), or in DeleteOptions. */
export function isDryRun(q: URLSearchParams, bodyDryRun?: string[]): boolean {
  return q.getAll("dryRun").includes("All") || (bodyDryRun ?? []).includes("All");
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
