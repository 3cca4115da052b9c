/**
 * What the pod worker reads from a pod's spec: its containers with their kind, event field paths, the container
 * hash, pull policy, restart policy and grace periods as the kubelet computes them.
 */
import { defaultPullPolicy, type PullPolicy } from "../../images/pull/policy";
import type { PodRef } from "../status/backoff";
import type { KillReason, PodWorkerContainer, PodWorkerPod } from "./types";

export interface SpecContainer {
  spec: PodWorkerContainer;
  init: boolean;
  /** An init container with `restartPolicy: Always`. */
  sidecar: boolean;
  /** Index in its list (spec.initContainers or spec.containers). */
  index: number;
}

/** Init containers first (in order), then app containers. Names are unique across both lists (validation). */
export function specContainers(pod: PodWorkerPod): SpecContainer[] {
  const inits = (pod.spec.initContainers ?? []).map((spec, index) => ({ spec, init: true, sidecar: spec.restartPolicy === "Always", index }));
  const apps = pod.spec.containers.map((spec, index) => ({ spec, init: false, sidecar: false, index }));
  return [...inits, ...apps];
}

export const findSpecContainer = (pod: PodWorkerPod, name: string): SpecContainer | undefined =>
  specContainers(pod).find((c) => c.spec.name === name);

/** The object reference's fieldPath on container events (kubecontainer.GenerateContainerRef). */
export const fieldPath = (name: string, init: boolean): string => `spec.${init ? "initContainers" : "containers"}{${name}}`;

export const podRef = (pod: PodWorkerPod): PodRef => ({ name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid });

/** pod.spec.restartPolicy, defaulted to Always. */
export const restartPolicyOf = (pod: PodWorkerPod): string => pod.spec.restartPolicy || "Always";

/** kuberuntime shouldRestartOnFailure. */
export const shouldRestartOnFailure = (pod: PodWorkerPod): boolean => restartPolicyOf(pod) !== "Never";

/** imagePullPolicy, defaulted from the tag as the API server does (SetDefaults_Container). */
export function pullPolicyOf(c: PodWorkerContainer): PullPolicy {
  const p = c.imagePullPolicy;
  return p === "Always" || p === "IfNotPresent" || p === "Never" ? p : defaultPullPolicy(c.image ?? "");
}

/**
 * kubecontainer.HashContainer: a digest of the container spec, resources left out (they change in place). Any
 * change to the rest (in practice only `image` is mutable) restarts the container and starts a fresh back-off.
 */
export function containerHash(c: PodWorkerContainer): string {
  const { resources: _r, ...rest } = c as PodWorkerContainer & { resources?: unknown };
  let h = 0x811c9dc5;
  for (const ch of canonicalJson(rest)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** kuberuntime minimumGracePeriodInSeconds: a container always gets this long to stop. */
export const MIN_KILL_GRACE_MS = 2000;
/** SetDefaults_PodSpec terminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

const num = (v: number | null | undefined): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * pod_workers.go calculateEffectiveGracePeriod: deletionGracePeriodSeconds, else terminationGracePeriodSeconds
 * (default 30), never below 1 s.
 */
export function podTerminationGraceMs(pod: PodWorkerPod): number {
  const seconds =
    num(pod.metadata.deletionGracePeriodSeconds) || num(pod.spec.terminationGracePeriodSeconds) || DEFAULT_TERMINATION_GRACE_SECONDS;
  return Math.max(1, seconds) * 1000;
}

/**
 * kuberuntime setTerminationGracePeriod for one container kill outside pod termination: deletionGracePeriodSeconds,
 * else the probe's own terminationGracePeriodSeconds for a liveness/startup kill, else the pod's
 * terminationGracePeriodSeconds; minimumGracePeriodInSeconds when none is set.
 */
export function containerKillGraceMs(pod: PodWorkerPod, c: PodWorkerContainer, reason: KillReason): number {
  const deletion = num(pod.metadata.deletionGracePeriodSeconds);
  if (deletion !== undefined) return deletion * 1000;
  const podGrace = num(pod.spec.terminationGracePeriodSeconds) ?? DEFAULT_TERMINATION_GRACE_SECONDS;
  const probe = reason === "liveness" ? c.livenessProbe : reason === "startup" ? c.startupProbe : undefined;
  const probeGrace = num(probe?.terminationGracePeriodSeconds);
  return (probeGrace ?? podGrace) * 1000;
}

/** A named or numbered container port resolved against `ports` (kubecontainer's port lookup); undefined when unknown. */
export function resolvePort(c: PodWorkerContainer, port: number | string): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}
