/**
 * `imagePullPolicy` as the kubelet applies it. Pure.
 *
 * - defaultPullPolicy mirrors the API defaulting (core/v1 SetDefaults_Container): `Always` when the image's tag
 *   is `latest` (written or implied), else `IfNotPresent` (a digest-only reference has no tag).
 * - pullDecision mirrors image_manager.go shouldPullImage and what EnsureImageExists does with its answer.
 */
import { parseImageReference } from "./reference";

export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export function defaultPullPolicy(image: string): PullPolicy {
  const r = parseImageReference(image);
  return r.ok && r.value.tag === "latest" ? "Always" : "IfNotPresent";
}

export interface PullEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export type PullDecision =
  /** Resolve and pull (blobs already stored are reused). */
  | { action: "pull" }
  /** Use the stored image; the kubelet records a Normal `Pulled` event. */
  | { action: "use-present"; event: PullEvent }
  /** Fail the container with ErrImageNeverPull. */
  | { action: "fail"; reason: "ErrImageNeverPull"; message: string; event: PullEvent };

/**
 * What to do for `image` (as written in the container) under `policy`, given whether it is present on the node.
 * An unset policy is treated as the default for the image.
 */
export function pullDecision(image: string, policy: PullPolicy | undefined, present: boolean): PullDecision {
  const p = policy ?? defaultPullPolicy(image);
  const pull = p === "Always" || (p === "IfNotPresent" && !present);
  if (pull) return { action: "pull" };
  if (present) return { action: "use-present", event: { type: "Normal", reason: "Pulled", message: `Container image ${JSON.stringify(image)} already present on machine` } };
  const message = `Container image ${JSON.stringify(image)} is not present with pull policy of Never`;
  return { action: "fail", reason: "ErrImageNeverPull", message, event: { type: "Warning", reason: "ErrImageNeverPull", message } };
}
