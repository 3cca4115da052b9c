import type { KubeObject } from "../../../../schema/types";
import type { NodeInfo } from "../../../../worker/scheduler/scores";

/** st.MakeNode().Name(name).Capacity(allocatable): capacity and allocatable alike. */
export const makeNode = (name: string, allocatable: Record<string, string> = {}, extra: KubeObject = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, ...(extra.metadata ?? {}) },
  spec: extra.spec ?? {},
  status: { capacity: allocatable, allocatable },
});

/** st.MakePod().Req(r1).Req(r2)…: one container per request map; no containers at all when none are given. */
export const makePod = (...requests: Record<string, string>[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default" },
  spec: { containers: requests.map((r, i) => ({ name: `c${i}`, image: "x", resources: { requests: r } })) },
});

export const withSpec = (pod: KubeObject, spec: KubeObject): KubeObject => ({ ...pod, spec: { ...pod.spec, ...spec } });

export const info = (node: KubeObject, ...pods: KubeObject[]): NodeInfo => ({ node, pods });
