/**
 * The one error path: handlers throw `ApiError`; the app's onError renders it as a metav1.Status with the
 * HTTP code equal to `code` (KUBECTL.md §11). Constructors mirror k8s.io/apimachinery/pkg/api/errors.
 */
import type { FieldError } from "../schema/types";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  /** The metav1.Status body. */
  toStatus(): Record<string, unknown> {
    const status: Record<string, unknown> = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
    };
    if (this.reason) status.reason = this.reason;
    if (this.details) status.details = this.details;
    status.code = this.code;
    return status;
  }
}

/** A resource's qualified name as upstream prints it: `pods`, `deployments.apps`. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const badRequest = (message: string, causes?: StatusCause[]) =>
  new ApiError(400, "BadRequest", message, causes ? { causes } : undefined);

export const unauthorized = () => new ApiError(401, "Unauthorized", "Unauthorized");

export const forbidden = (message: string, details?: StatusDetails) => new ApiError(403, "Forbidden", message, details);

export const notFound = (group: string, resource: string, name: string) =>
  new ApiError(404, "NotFound", `${qualifiedResource(group, resource)} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });

export const pathNotFound = () => new ApiError(404, "NotFound", "the server could not find the requested resource");

export const methodNotAllowed = (verb: string, group: string, resource: string) =>
  new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, {
    ...(group ? { group } : {}),
    kind: resource,
  });

export const alreadyExists = (group: string, resource: string, name: string) =>
  new ApiError(409, "AlreadyExists", `${qualifiedResource(group, resource)} "${name}" already exists`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });

export const conflict = (group: string, resource: string, name: string, why: string) =>
  new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": ${why}`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });

export const OBJECT_MODIFIED = "the object has been modified; please apply your changes to the latest version and try again";

export const expired = (message: string) => new ApiError(410, "Expired", message);

export const tooLarge = (message: string) => new ApiError(413, "RequestEntityTooLarge", message);

export const unsupportedMediaType = (contentType: string, accepted: string[]) =>
  new ApiError(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  );

export const notAcceptable = (accepted: string[]) =>
  new ApiError(406, "NotAcceptable", `only the following media types are accepted: ${accepted.join(", ")}`);

/** 422 Invalid: `<Kind> "<name>" is invalid: <field>: <message>, …` with one cause per field error. */
export function invalid(group: string, kind: string, name: string, errors: FieldError[]): ApiError {
  const summary = errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `[${errors.map((e) => `${e.field}: ${e.message}`).join(", ")}]`;
  return new ApiError(422, "Invalid", `${kind}${group ? "." + group : ""} "${name}" is invalid: ${summary}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}

/** 504 for a resourceVersion newer than the store has (upstream: "Too large resource version"). */
export const tooLargeResourceVersion = (requested: number, current: number) =>
  new ApiError(504, "Timeout", `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
    retryAfterSeconds: 1,
  }, { "Retry-After": "1" });

export const internalError = (message: string) =>
  new ApiError(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] });
