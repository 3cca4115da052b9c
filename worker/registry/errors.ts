/**
 * The registry's one error path. Handlers throw `RegistryError`; the registry's entry point renders it in the
 * OCI Distribution Spec's error format `{"errors":[{"code","message","detail"}]}` — not a metav1.Status: the
 * registry protocol has its own (distribution/distribution registry/api/errcode). Codes and their HTTP
 * statuses are the spec's (§ "Error Codes") plus distribution's UNSUPPORTED, TOOMANYREQUESTS, RANGE_INVALID
 * and PAGINATION_NUMBER_INVALID.
 */

/** Every registry response carries this header (distribution sets it on all /v2/ responses). */
export const API_VERSION_HEADER = "Docker-Distribution-API-Version";
export const API_VERSION = "registry/2.0";

/** The challenge a client gets when it must authenticate: HTTP Basic, the cluster token as password. */
export const CHALLENGE = 'Basic realm="kube-edge"';

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  /** The spec's error body. `detail` is left out when there is none. */
  toBody(): { errors: { code: string; message: string; detail?: unknown }[] } {
    return { errors: [{ code: this.code, message: this.message, ...(this.detail === undefined ? {} : { detail: this.detail }) }] };
  }
}

export const blobUnknown = (digest: string) => new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry", { digest });
export const blobUploadUnknown = (uuid: string) => new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", { uuid });
export const blobUploadInvalid = (message: string) => new RegistryError(400, "BLOB_UPLOAD_INVALID", `blob upload invalid: ${message}`);
export const digestInvalid = (message: string, detail?: unknown) =>
  new RegistryError(400, "DIGEST_INVALID", `provided digest did not match uploaded content: ${message}`, detail);
export const manifestBlobUnknown = (digest: string) => new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", { digest });
export const manifestInvalid = (message: string) => new RegistryError(400, "MANIFEST_INVALID", `manifest invalid: ${message}`);
export const manifestUnknown = (reference: string) => new RegistryError(404, "MANIFEST_UNKNOWN", "manifest unknown to registry", { reference });
export const nameInvalid = (name: string) => new RegistryError(400, "NAME_INVALID", "invalid repository name", { name });
export const nameUnknown = (name: string) => new RegistryError(404, "NAME_UNKNOWN", "repository name not known to registry", { name });
export const tagInvalid = (tag: string) => new RegistryError(400, "TAG_INVALID", "manifest tag did not match URI", { tag });
export const sizeInvalid = (message: string) => new RegistryError(400, "SIZE_INVALID", `provided length did not match content length: ${message}`);
export const manifestTooLarge = (limit: number) => new RegistryError(413, "SIZE_INVALID", `manifest too large: the limit is ${limit} bytes`, { limit });
export const paginationInvalid = (n: string) => new RegistryError(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", { n });
export const unsupported = (message = "The operation is unsupported.") => new RegistryError(405, "UNSUPPORTED", message);
export const pathUnknown = () => new RegistryError(404, "NOT_FOUND", "the server could not find the requested resource");

/**
 * 416 for a chunk that does not start where the upload ends; `Range` and `Location` tell the client where to
 * resume (distribution's PATCH handler).
 */
export const rangeInvalid = (location: string, uploaded: number) =>
  new RegistryError(416, "RANGE_INVALID", "invalid content range", undefined, { Location: location, Range: `0-${Math.max(uploaded - 1, 0)}` });

/** 401 with the Basic challenge: no or rejected credentials (anonymous denied, or a token nobody accepts). */
export const unauthorized = (message = "authentication required") =>
  new RegistryError(401, "UNAUTHORIZED", message, undefined, { "WWW-Authenticate": CHALLENGE });

/** 403: authenticated, but RBAC does not allow the action. */
export const denied = (message: string) => new RegistryError(403, "DENIED", message);

export const tooManyRequests = () => new RegistryError(429, "TOOMANYREQUESTS", "too many requests", undefined, { "Retry-After": "1" });

/** distribution answers an unexpected failure with 500 UNKNOWN. */
export const unknownError = () => new RegistryError(500, "UNKNOWN", "unknown error");

/** A response with the API version header (and any others given). */
export function registryResponse(body: BodyInit | null, status: number, headers: Record<string, string> = {}): Response {
  const h = new Headers(headers);
  h.set(API_VERSION_HEADER, API_VERSION);
  return new Response(body, { status, headers: h });
}

/** A JSON body with the API version header. */
export function registryJson(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return registryResponse(JSON.stringify(value), status, { "Content-Type": "application/json", ...headers });
}

export function errorResponse(err: RegistryError): Response {
  return registryJson(err.toBody(), err.status, err.headers);
}
