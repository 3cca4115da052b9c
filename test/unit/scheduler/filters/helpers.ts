import type { KubeObject } from "../../../../schema/types";
import type { NodeInfo } from "../../../../worker/scheduler/filters";

export const node = (name: string, extra: { labels?: Record<string, string>; spec?: KubeObject; allocatable?: Record<string, string> } = {}): KubeObject => ({
  metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
  spec: extra.spec ?? {},
  status: { allocatable: extra.allocatable ?? { cpu: "4", memory: "8Gi", pods: "110" } },
});

export const pod = (spec: KubeObject = {}, name = "p"): KubeObject => ({
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
});

export const info = (n: KubeObject, pods: KubeObject[] = []): NodeInfo => ({ node: n, pods });

/** A pod with one container requesting `requests`. */
export const requesting = (requests: Record<string, string>, name = "p"): KubeObject =>
  pod({ containers: [{ name: "c", image: "nginx", resources: { requests } }] }, name);
