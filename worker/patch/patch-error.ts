/**
 * How a failed patch is reported. Patch functions return a `PatchResult`; the HTTP edge turns a
 * `PatchError` into a metav1.Status with HTTP code `code` (see `toStatus`).
 *
 * Status codes mirror kube-apiserver (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
 *
 * | failure                                                            | code | reason                  | message                                   |
 * |--------------------------------------------------------------------|------|-------------------------|-------------------------------------------|
 * | JSON patch body is not an array of objects (`DecodePatch`)         | 400  | BadRequest              | the decoder's error                       |
 * | JSON patch with more than 10000 operations                         | 413  | RequestEntityTooLarge   | `Request entity too large: The allowed …` |
 * | any JSON patch operation fails (test failed, missing path, bad op) | 422  | Invalid                 | generic text; the detail is not exposed   |
 * | SMP: malformed directive (`$retainKeys`, `$setElementOrder`, …)    | 400  | BadRequest              | mergepatch's error text                   |
 * | SMP: lists of lists; patch content doesn't match retainKeys        | 422  | Invalid                 | generic text                              |
 * | SMP: anything else (missing merge key, bad `$patch`, order clash)  | 500  | (none)                  | the error text                            |
 *
 * The 422s come from `errors.NewGenericServerResponse(422, …)`, whose message is always
 * "the server rejected our request due to an error in our request" (kubectl prints
 * "The request is invalid: …"); upstream drops the underlying error, we keep it in `detail` for logs.
 * The 500s are plain Go errors, which `ErrorToAPIStatus` renders with code 500, no reason and the error text.
 */
export type PatchErrorReason = "BadRequest" | "Invalid" | "RequestEntityTooLarge" | "";

export const INVALID_REQUEST_MESSAGE = "the server rejected our request due to an error in our request";

/** Upstream's cap on JSON patch operations (patch.go `maxJSONPatchOperations`). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

export class PatchError extends Error {
  constructor(
    readonly code: 400 | 413 | 422 | 500,
    readonly reason: PatchErrorReason,
    message: string,
    /** The underlying error text (equal to `message` except for 422s). */
    readonly detail: string = message,
  ) {
    super(message);
    this.name = "PatchError";
  }

  /** The metav1.Status body upstream would send for this failure. */
  toStatus(): Record<string, unknown> {
    const status: Record<string, unknown> = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
    };
    if (this.reason) status.reason = this.reason;
    if (this.code === 422) status.details = {};
    status.code = this.code;
    return status;
  }
}

export type PatchResult<T> = { ok: true; value: T } | { ok: false; error: PatchError };

/** 400 BadRequest carrying `message` (errors.NewBadRequest). */
export const badRequest = (message: string) => new PatchError(400, "BadRequest", message);

/** 422 Invalid with upstream's generic message; `detail` keeps the real cause. */
export const unprocessable = (detail: string) => new PatchError(422, "Invalid", INVALID_REQUEST_MESSAGE, detail);

/** 500 with no reason: a plain Go error reaching the handler. */
export const internal = (message: string) => new PatchError(500, "", message);

/** 413 for JSON patches over `MAX_JSON_PATCH_OPERATIONS` (errors.NewRequestEntityTooLargeError). */
export const tooManyOperations = (count: number) =>
  new PatchError(
    413,
    "RequestEntityTooLarge",
    `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${count}`,
  );

/** Runs `fn`, turning a thrown `PatchError` into a failed result (anything else is a bug and rethrown). */
export function asResult<T>(fn: () => T): PatchResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: e };
    throw e;
  }
}
