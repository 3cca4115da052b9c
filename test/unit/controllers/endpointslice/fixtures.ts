/** Builders for the endpoint controllers' pure tests: Services, pods and nodes as the API returns them. */
import type { KubeObject } from "../../../../schema/types";

export function service(spec: KubeObject = {}, meta: KubeObject = {}): KubeObject {
  return {
    metadata: { name: "web", namespace: "ns", uid: "svc-uid", creationTimestamp: "2024-06-01T10:00:00Z", labels: { tier: "front" }, ...meta },
    spec: {
      selector: { app: "web" },
      clusterIP: "10.96.0.10",
      ipFamilies: ["IPv4"],
      ports: [
        { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
        { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
      ],
      ...spec,
    },
  };
}

export interface PodOpts {
  ip?: string | null;
  ready?: boolean;
  phase?: string;
  deleting?: boolean;
  node?: string;
  httpPort?: number;
  readySince?: string;
  spec?: KubeObject;
}

export function pod(name: string, opts: PodOpts = {}): KubeObject {
  const ready = opts.ready ?? true;
  return {
    metadata: { name, namespace: "ns", uid: `${name}-uid`, labels: { app: "web" }, ...(opts.deleting ? { deletionTimestamp: "2024-06-01T11:00:00Z" } : {}) },
    spec: {
      nodeName: opts.node ?? "node-1",
      containers: [{ name: "web", ports: [{ name: "http", containerPort: opts.httpPort ?? 8080, protocol: "TCP" }] }],
      ...(opts.spec ?? {}),
    },
    status: {
      phase: opts.phase ?? "Running",
      ...(opts.ip === null ? {} : { podIP: opts.ip ?? `10.244.0.${name.replace(/\D/g, "") || "1"}` }),
      conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: opts.readySince ?? "2024-06-01T10:30:00Z" }],
    },
  };
}

export const nodes = (...names: string[]): Map<string, KubeObject> =>
  new Map(names.map((n) => [n, { metadata: { name: n, labels: { "topology.kubernetes.io/zone": `zone-${n}` } } }]));
