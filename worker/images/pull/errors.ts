/**
 * Why a pull failed, as values, and the text the kubelet shows for it. The kubelet puts the CRI error it got
 * into the container's waiting message and the `Failed` event; with containerd that is a gRPC status over
 * containerd's wrapped errors. These texts are modelled on containerd 1.7/2.0 (cri PullImage →
 * `failed to pull and unpack image "<ref>"`, remotes/docker resolver → `failed to resolve reference "<ref>"`),
 * with honest details where kube-edge's cause differs. Pure.
 */

export type PullFailure =
  /** The registry has no such manifest (404 / MANIFEST_UNKNOWN / NAME_UNKNOWN) or the built-in registry lacks it. */
  | { kind: "not-found"; stage: "resolve" | "fetch"; detail?: string }
  /** Credentials refused, a token not granted, or the built-in registry's authorizer said no. */
  | { kind: "unauthorized"; stage: "resolve" | "fetch"; detail: string }
  /** fetch threw, or the registry answered with a status that is no answer (5xx, 429, other 4xx). */
  | { kind: "network"; stage: "resolve" | "fetch"; detail: string }
  /** Bytes that are not what was asked for (digest, size), or an image this runtime cannot use. */
  | { kind: "invalid"; stage: "resolve" | "fetch"; detail: string };

export type Fetched<T> = { ok: true; value: T } | { ok: false; failure: PullFailure };

const GRPC_CODE: Record<PullFailure["kind"], string> = {
  "not-found": "NotFound",
  unauthorized: "Unknown",
  network: "Unknown",
  invalid: "FailedPrecondition",
};

/**
 * The CRI error text for a failed pull of `ref` (the resolvable reference, `docker.io/library/nginx:latest`).
 * `detail` is containerd's innermost text (the client writes it: `pull access denied, repository does not exist
 * or may require authorization: server message: …`, `failed to authorize: failed to fetch anonymous token: …`,
 * `failed to do request: Get "…": …`, `unexpected status from GET request to …: 500 Internal Server Error`);
 * a failure while resolving the reference is wrapped in `failed to resolve reference "R"`:
 *
 * `rpc error: code = NotFound desc = failed to pull and unpack image "R": failed to resolve reference "R": R: not found`
 */
export function pullErrorMessage(ref: string, f: PullFailure): string {
  const q = JSON.stringify(ref);
  const detail = f.kind === "not-found" ? `${f.detail ?? ref}: not found` : f.detail;
  const inner = f.stage === "resolve" ? `failed to resolve reference ${q}: ${detail}` : detail;
  return `rpc error: code = ${GRPC_CODE[f.kind]} desc = failed to pull and unpack image ${q}: ${inner}`;
}

/** utilerrors.NewAggregate(...).Error(): one error as itself, several as `[a, b]` (pulls with several credentials). */
export function aggregateMessage(messages: string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(", ")}]`;
}
