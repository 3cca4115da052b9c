/** Shared fixtures for the simulated runtime tests: an injected clock, a seeded random source, pods. */
import type { JsonObject } from "../../../../worker/patch/json";
import { prng } from "../../../../worker/controllers/framework/faults";

/** 2025-01-01T00:00:00Z, the clock every test starts from. */
export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
export const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** A deterministic random source in [0, 1) (the chaos tests' mulberry32). */
export const seeded = (seed: number): (() => number) => prng(seed);

/** A pod as a ReplicaSet creates it and the scheduler binds it. */
export function deploymentPod(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web-7d9f5c-x2x4q",
      namespace: "default",
      uid: "0b7f0c7e-0000-4000-8000-000000000001",
      creationTimestamp: iso(T0 - 2000),
      labels: { app: "web" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d9f5c", uid: "rs-uid", controller: true }],
    },
    spec: { nodeName: "node-1", restartPolicy: "Always", containers: [{ name: "nginx", image: "nginx:1.27" }] },
    status: {
      phase: "Pending",
      qosClass: "BestEffort",
      conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: iso(T0 - 1000) }],
    },
  };
}

/** A pod as the Job controller creates it, bound, with an init container. */
export function jobPod(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "pi-abcde",
      namespace: "default",
      uid: "0b7f0c7e-0000-4000-8000-000000000002",
      creationTimestamp: iso(T0 - 2000),
      labels: { "job-name": "pi" },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "pi", uid: "job-uid", controller: true }],
      finalizers: ["batch.kubernetes.io/job-tracking"],
    },
    spec: {
      nodeName: "node-1",
      restartPolicy: "Never",
      initContainers: [{ name: "setup", image: "busybox:1.36" }],
      containers: [{ name: "pi", image: "perl:5.34" }],
    },
    status: {
      phase: "Pending",
      qosClass: "BestEffort",
      conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: iso(T0 - 1000) }],
    },
  };
}
