/**
 * Admin endpoints for the service-account signing keys (signing-keys.ts), in place of kube-apiserver's key
 * files: non-resource URLs, so RBAC authorizes them by `nonResourceURLs` before the route runs (app.ts) — by
 * default only cluster-admin's `*` covers them.
 *
 * - `GET  /admin/serviceaccount-signing-keys` → `{"active": kid, "keys": [{kid, created, publicJwk}]}`; never
 *   private material (`kubectl get --raw /admin/serviceaccount-signing-keys`).
 * - `POST /admin/serviceaccount-signing-keys` with `{"action":"rotate"}` (a new key becomes active; old keys
 *   keep verifying), `{"action":"activate","kid":…}` or `{"action":"remove","kid":…}` (not the active key;
 *   tokens it signed are then refused) → the new state (`kubectl create --raw … -f action.json`).
 * Errors are metav1.Status (400 bad request, 404 unknown kid, 409 refused in the current state).
 */
import type { Hono } from "hono";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { decodeBody, readBody } from "../body";
import { publicJwks } from "./oidc";
import {
  ensureSigningKeys,
  newStoredSigningKey,
  type SigningKeysDocument,
  type StoredSigningKey,
  updateSigningKeys,
} from "./signing-keys";

export const SIGNING_KEYS_ADMIN_PATH = "/admin/serviceaccount-signing-keys";
/** A bound on stored keys: every key is imported and tried on verification (a hard limit of ours). */
export const MAX_SIGNING_KEYS = 10;
const ACTIONS = ["rotate", "activate", "remove"] as const;
/** Attempts of a write that lost a compare-and-swap to a concurrent one. */
const CAS_ATTEMPTS = 5;

export type SigningKeyAction = { action: "rotate" } | { action: "activate" | "remove"; kid: string };
export type ActionRefusal = { code: 400 | 404 | 409; reason: string; message: string };

/** The request body as an action, or why it is not one. Pure. */
export function parseSigningKeyAction(body: unknown): SigningKeyAction | ActionRefusal {
  const actions = ACTIONS.map((a) => `"${a}"`).join(", ");
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return refusal(400, "BadRequest", `the request body must be a JSON object with "action": one of ${actions}`);
  }
  const { action, kid } = body as Record<string, unknown>;
  if (action === "rotate") return { action };
  if (action !== "activate" && action !== "remove") {
    return refusal(400, "BadRequest", `unsupported action ${JSON.stringify(action ?? "")}: must be one of ${actions}`);
  }
  if (typeof kid !== "string" || kid === "") return refusal(400, "BadRequest", `"kid" is required for action "${action}"`);
  return { action, kid };
}

/**
 * The value after `action` (the same object when nothing changes), or why it is refused. `fresh` is the new
 * key of a rotation (made by the caller: randomness stays out of here). Pure.
 */
export function applySigningKeyAction(
  doc: SigningKeysDocument,
  action: SigningKeyAction,
  fresh?: StoredSigningKey,
): SigningKeysDocument | ActionRefusal {
  if (action.action === "rotate") {
    if (!fresh) throw new Error("rotate needs a new key");
    if (doc.keys.length >= MAX_SIGNING_KEYS) {
      return refusal(409, "Conflict", `there are already ${doc.keys.length} service account signing keys (at most ${MAX_SIGNING_KEYS}): remove an old key first`);
    }
    return { ...doc, active: fresh.kid, keys: [...doc.keys, fresh] };
  }
  if (!doc.keys.some((k) => k.kid === action.kid)) {
    return refusal(404, "NotFound", `service account signing key "${action.kid}" not found`);
  }
  if (action.action === "activate") return doc.active === action.kid ? doc : { ...doc, active: action.kid };
  if (doc.active === action.kid) {
    return refusal(409, "Conflict", `cannot remove the active service account signing key "${action.kid}": activate another key first`);
  }
  return { ...doc, keys: doc.keys.filter((k) => k.kid !== action.kid) };
}

/** What the endpoints show: key ids, creation times and public JWKs (as the JWKS serves them). Pure. */
export function publicSigningKeys(doc: SigningKeysDocument) {
  return {
    active: doc.active,
    keys: doc.keys.map((k) => ({
      kid: k.kid,
      created: k.created,
      publicJwk: publicJwks([{ kid: k.kid, publicJwk: { n: k.jwk.n, e: k.jwk.e } }]).keys[0],
    })),
  };
}

function refusal(code: ActionRefusal["code"], reason: string, message: string): ActionRefusal {
  return { code, reason, message };
}

const isRefusal = (v: object): v is ActionRefusal => "code" in v && "message" in v;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function adminRoutes(app: Hono<any>): void {
  app.get(SIGNING_KEYS_ADMIN_PATH, async (c) => respond((await ensureSigningKeys(c.env as Env)).doc));
  app.post(SIGNING_KEYS_ADMIN_PATH, async (c) => {
    const env = c.env as Env;
    const action = parseSigningKeyAction(decodeBody(await readBody(c.req.raw), c.req.header("content-type") ?? null).value);
    if (isRefusal(action)) throw new ApiError(action.code, action.reason, action.message);
    const fresh = action.action === "rotate" ? await newStoredSigningKey(new Date()) : undefined;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const current = await ensureSigningKeys(env);
      const next = applySigningKeyAction(current.doc, action, fresh);
      if (isRefusal(next)) throw new ApiError(next.code, next.reason, next.message);
      if (next === current.doc) return respond(next);
      const written = await updateSigningKeys(env, next, current.revision);
      if (written) return respond(written.doc);
    }
    throw new ApiError(409, "Conflict", "the service account signing keys were modified concurrently; please try again");
  });
}

function respond(doc: SigningKeysDocument): Response {
  return new Response(JSON.stringify(publicSigningKeys(doc)), { headers: { "Content-Type": "application/json" } });
}
