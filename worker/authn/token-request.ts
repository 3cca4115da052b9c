/**
 * TokenRequest: `POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token` (authentication.k8s.io/v1), as
 * pkg/registry/core/serviceaccount/storage/token.go: body name/namespace must match the URL, the service
 * account must exist, defaults (audiences = API audiences, expirationSeconds = 3600), ValidateTokenRequest,
 * validating admission, the bound object (Pod — with its node —, Secret or Node; uid checked when given), the
 * pod-bound expiration extension, then a signed JWT. Nothing is stored.
 */
import { z } from "zod";
import { atomicList, int64, obj, opt, str, time, topLevel } from "../../schema/meta";
import { invalid as fieldInvalid } from "../../schema/validation/field-errors";
import type { FieldError, KubeObject } from "../../schema/types";
import { runValidating } from "../admission/plugins";
import { decodeBody, readBody } from "../body";
import { checkObject, fieldValidationOf } from "../decode-object";
import { badRequest, conflict, internalError, invalid, notFound } from "../errors";
import { type ApiContext, isDryRun, json, rfc3339 } from "../handlers/context";
import { validateWriteOptions } from "../options";
import { apiAudiences } from "./authenticate";
import { getCoreObject } from "./core-objects";
import {
  buildClaims,
  EXPIRATION_EXTENSION_SECONDS,
  type ObjectRef,
  refOf,
  WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS,
} from "./sa-claims";
import { serviceAccountIssuer, signServiceAccountToken } from "./sa-token";

const GROUP = "authentication.k8s.io";
const KIND = "TokenRequest";
const API_VERSION = `${GROUP}/v1`;
/** SetDefaults_TokenRequestSpec */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
/** validation.MinTokenAgeSec */
export const MIN_EXPIRATION_SECONDS = 10 * 60;
export const MAX_EXPIRATION_SECONDS = 2 ** 32;

export const BoundObjectReferenceSchema = obj({
  kind: opt(str),
  apiVersion: opt(str),
  name: opt(str),
  uid: opt(str),
}).meta({ id: "io.k8s.api.authentication.v1.BoundObjectReference" });

export const TokenRequestSchema = topLevel("io.k8s.api.authentication.v1.TokenRequest", {
  spec: opt(
    obj({
      audiences: atomicList(str),
      expirationSeconds: opt(int64),
      boundObjectRef: opt(BoundObjectReferenceSchema),
    }),
  ),
  status: opt(obj({ token: opt(str), expirationTimestamp: opt(time) })),
});

export type BoundObjectReference = z.infer<typeof BoundObjectReferenceSchema>;

/** ValidateTokenRequest (1.32): the lifetime bounds. */
export function validateTokenRequestSpec(spec: { expirationSeconds: number }): FieldError[] {
  const errs: FieldError[] = [];
  const exp = spec.expirationSeconds;
  if (exp < MIN_EXPIRATION_SECONDS) errs.push(fieldInvalid("spec.expirationSeconds", exp, "may not specify a duration less than 10 minutes"));
  if (exp > MAX_EXPIRATION_SECONDS) errs.push(fieldInvalid("spec.expirationSeconds", exp, "may not specify a duration larger than 2^32 seconds"));
  return errs;
}

/** schema.ParseGroupVersion as FromAPIVersionAndKind uses it (a malformed apiVersion yields the empty group). */
export function groupOfApiVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: apiVersion };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: "", version: "" };
}

/** GroupVersionKind.String(): `group/version, Kind=kind`. */
function gvkString(ref: BoundObjectReference): string {
  const { group, version } = groupOfApiVersion(ref.apiVersion ?? "");
  return `${group}/${version}, Kind=${ref.kind ?? ""}`;
}

/** Which store resource a bound object reference names, or undefined for a kind tokens cannot bind to. */
export function boundResourceOf(ref: BoundObjectReference): "pods" | "secrets" | "nodes" | undefined {
  if (groupOfApiVersion(ref.apiVersion ?? "").group !== "") return undefined;
  return ({ Pod: "pods", Secret: "secrets", Node: "nodes" } as const)[ref.kind ?? ""];
}

/**
 * The lifetime written into the token: `--service-account-extend-token-expiration` (on by default) turns a
 * pod-bound request of exactly 3607 s for API audiences only into a one-year token that warns after 3607 s.
 */
export function tokenLifetime(expirationSeconds: number, podBound: boolean, audiences: string[], api: string[]): { exp: number; warnAfter: number } {
  if (podBound && expirationSeconds === WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS && audiences.every((a) => api.includes(a))) {
    return { exp: EXPIRATION_EXTENSION_SECONDS, warnAfter: expirationSeconds };
  }
  return { exp: expirationSeconds, warnAfter: 0 };
}

interface Bound {
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
}

/** Looks up the bound object: 404 when missing, 400 for a pod of another account or an unsupported kind, 409 for a uid mismatch. */
async function resolveBound(ctx: ApiContext, saName: string, ref: BoundObjectReference): Promise<Bound> {
  const resource = boundResourceOf(ref);
  if (!resource) throw badRequest(`cannot bind token to object of type ${gvkString(ref)}`);
  const ns = ctx.req.namespace!;
  const name = ref.name ?? "";
  const obj = await getCoreObject(ctx.env, resource, resource === "nodes" ? undefined : ns, name);
  if (!obj) throw notFound("", resource, name);
  const uid = (obj.metadata?.uid as string | undefined) ?? "";
  const bound: Bound = {};
  if (resource === "pods") {
    if ((obj.spec?.serviceAccountName ?? "") !== saName) {
      throw badRequest(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
    }
    bound.pod = refOf({ name, uid });
    const nodeName = obj.spec?.nodeName as string | undefined;
    if (nodeName) {
      const node = await getCoreObject(ctx.env, "nodes", undefined, nodeName);
      bound.node = refOf({ name: nodeName, uid: node?.metadata?.uid as string | undefined });
    }
  } else if (resource === "secrets") {
    bound.secret = refOf({ name, uid });
  } else {
    bound.node = refOf({ name, uid });
  }
  if (ref.uid && ref.uid !== uid) {
    throw conflict(
      "",
      ref.kind ?? "",
      name,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  return bound;
}

/** The TokenRequest body, type-checked as the decoder would (400 for wrong types). */
async function decodeTokenRequest(ctx: ApiContext): Promise<KubeObject> {
  const decoded = decodeBody(await readBody(ctx.request), ctx.request.headers.get("content-type")).value;
  if (decoded === undefined || decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(decoded ?? null)}'`);
  }
  if (decoded.apiVersion && decoded.apiVersion !== API_VERSION) {
    throw badRequest(`the API version in the data (${decoded.apiVersion}) does not match the expected API version (${API_VERSION})`);
  }
  if (decoded.kind && decoded.kind !== KIND) {
    throw badRequest(`the kind in the data (${decoded.kind}) does not match the expected kind (${KIND})`);
  }
  const checked = checkObject(TokenRequestSchema, decoded, KIND, "v1", fieldValidationOf(ctx.query));
  ctx.warnings.push(...checked.warnings);
  return decoded as KubeObject;
}

/** EXTRA_SUBRESOURCES `/serviceaccounts/token` create. */
export async function createTokenRequest(ctx: ApiContext): Promise<Response> {
  validateWriteOptions("CreateOptions", ctx.query);
  const body = await decodeTokenRequest(ctx);
  const ns = ctx.req.namespace!;
  const name = ctx.req.name!;
  const meta = { ...((body.metadata ?? {}) as Record<string, unknown>) };
  if (meta.name && meta.name !== name) {
    throw invalid(GROUP, KIND, name, [fieldInvalid("metadata.name", meta.name, "must match the service account name if specified")]);
  }
  if (meta.namespace && meta.namespace !== ns) {
    throw invalid(GROUP, KIND, name, [fieldInvalid("metadata.namespace", meta.namespace, "must match the service account namespace if specified")]);
  }
  const sa = await getCoreObject(ctx.env, "serviceaccounts", ns, name);
  if (!sa) throw notFound("", "serviceaccounts", name);

  const api = apiAudiences(ctx.env);
  const given = (body.spec ?? {}) as { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: BoundObjectReference | null };
  const spec = {
    audiences: given.audiences?.length ? given.audiences : api,
    expirationSeconds: given.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS,
    boundObjectRef: given.boundObjectRef ?? null,
  };
  const now = ctx.now();
  const request: KubeObject = {
    kind: KIND,
    apiVersion: API_VERSION,
    metadata: { ...meta, name: meta.name || name, namespace: meta.namespace || ns, creationTimestamp: rfc3339(now) },
    spec,
    status: {},
  };
  const errs = validateTokenRequestSpec(spec);
  if (errs.length) throw invalid(GROUP, KIND, "", errs);
  await runValidating({ ctx, operation: "CREATE", object: structuredClone(request), dryRun: isDryRun(ctx.query) });

  const bound = spec.boundObjectRef ? await resolveBound(ctx, name, spec.boundObjectRef) : {};
  const { exp, warnAfter } = tokenLifetime(spec.expirationSeconds, bound.pod !== undefined, spec.audiences, api);
  const claims = buildClaims({
    issuer: serviceAccountIssuer(ctx.env),
    serviceAccount: { namespace: ns, name, uid: (sa.metadata?.uid as string | undefined) ?? "" },
    ...bound,
    expirationSeconds: exp,
    warnAfterSeconds: warnAfter,
    audiences: spec.audiences,
    now,
    jti: crypto.randomUUID(),
  });
  let token: string;
  try {
    token = await signServiceAccountToken(ctx.env, claims);
  } catch (e) {
    throw internalError(`failed to generate token: ${(e as Error).message}`);
  }
  // The status expiry is the requested lifetime from the same instant (never later than the token's `exp`).
  const expirationTimestamp = rfc3339(new Date(now.getTime() + spec.expirationSeconds * 1000));
  return json(ctx, { ...request, status: { token, expirationTimestamp } }, 201);
}
