/**
 * The strategic merge patches kubectl 1.32 really sends (KUBECTL.md §7.3–7.5, §14, Appendix A), applied
 * to Deployments and Nodes with upstream's patch metadata.
 */
import { describe, expect, it } from "vitest";
import { applyStrategicMergePatch } from "../../../worker/patch/strategic-merge-patch";
import type { JsonObject } from "../../../worker/patch/json";
import { deploymentSchema, nodeSchema } from "./test-schemas";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** A Deployment whose pod template has the given containers (and optional extra pod spec fields). */
function deployment(containers: JsonObject[], podSpec: JsonObject = {}, spec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "demo", namespace: "default", annotations: { [LAST_APPLIED]: "{old}" } },
    spec: {
      replicas: 2,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      ...spec,
      template: { metadata: { labels: { app: "demo" } }, spec: { containers, ...podSpec } },
    },
  };
}

const app = (extra: JsonObject = {}): JsonObject => ({
  name: "app",
  image: "nginx:1.27",
  env: [{ name: "A", value: "1" }],
  ports: [{ containerPort: 80, protocol: "TCP" }],
  ...extra,
});
const sidecar: JsonObject = { name: "sidecar", image: "busybox", args: ["sleep", "inf"] };

type Case = [name: string, current: JsonObject, patch: JsonObject, expected: JsonObject];

const deploymentCases: Case[] = [
  [
    "apply (Appendix A): $setElementOrder/containers, $setElementOrder/env, ports: null",
    deployment([app()]),
    {
      metadata: { annotations: { [LAST_APPLIED]: "{new}" } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "app" }],
            containers: [{ "$setElementOrder/env": [{ name: "A" }], env: [{ name: "A", value: "2" }], name: "app", ports: null }],
          },
        },
      },
    },
    (() => {
      const d = deployment([{ name: "app", image: "nginx:1.27", env: [{ name: "A", value: "2" }] }], {}, { replicas: 3 });
      (d.metadata as JsonObject).annotations = { [LAST_APPLIED]: "{new}" };
      return d;
    })(),
  ],
  [
    "apply adding an env var and deleting another keeps the manifest order",
    deployment([app({ env: [{ name: "A", value: "1" }, { name: "B", value: "1" }] })]),
    {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "app" }],
            containers: [
              {
                "$setElementOrder/env": [{ name: "C" }, { name: "A" }],
                env: [{ name: "C", value: "3" }, { name: "B", $patch: "delete" }],
                name: "app",
              },
            ],
          },
        },
      },
    },
    deployment([app({ env: [{ name: "C", value: "3" }, { name: "A", value: "1" }] })]),
  ],
  [
    "set image (one container)",
    deployment([app()]),
    { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "app" }], containers: [{ image: "nginx:1.28", name: "app" }] } } } },
    deployment([app({ image: "nginx:1.28" })]),
  ],
  [
    "set image (two containers, order kept)",
    deployment([app(), sidecar]),
    {
      spec: {
        template: {
          spec: { "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }], containers: [{ image: "busybox:1.37", name: "sidecar" }] },
        },
      },
    },
    deployment([app(), { ...sidecar, image: "busybox:1.37" }]),
  ],
  [
    "rollout restart adds a template annotation",
    deployment([app()]),
    { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-02T03:04:05Z" } } } } },
    (() => {
      const d = deployment([app()]);
      ((d.spec as JsonObject).template as JsonObject).metadata = {
        labels: { app: "demo" },
        annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-02T03:04:05Z" },
      };
      return d;
    })(),
  ],
  ["rollout pause", deployment([app()]), { spec: { paused: true } }, deployment([app()], {}, { paused: true })],
  ["rollout resume", deployment([app()], {}, { paused: true }), { spec: { paused: null } }, deployment([app()])],
  [
    "$patch: delete of a container",
    deployment([app(), sidecar]),
    { spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } },
    deployment([app()]),
  ],
  [
    "kubectl patch adding a container puts it first (no $setElementOrder)",
    deployment([app()]),
    { spec: { template: { spec: { containers: [sidecar] } } } },
    deployment([sidecar, app()]),
  ],
  [
    "$retainKeys switches the strategy from RollingUpdate to Recreate",
    deployment([app()]),
    { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: null, type: "Recreate" } } },
    deployment([app()], {}, { strategy: { type: "Recreate" } }),
  ],
  [
    "a strategy patch without $retainKeys merges",
    deployment([app()]),
    { spec: { strategy: { rollingUpdate: { maxSurge: 1 } } } },
    deployment([app()], {}, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } } }),
  ],
  [
    "volumes merge by name",
    deployment([app()], { volumes: [{ name: "data", emptyDir: {} }, { name: "cfg", configMap: { name: "c1" } }] }),
    { spec: { template: { spec: { volumes: [{ name: "cfg", configMap: { name: "c2" } }] } } } },
    deployment([app()], { volumes: [{ name: "data", emptyDir: {} }, { name: "cfg", configMap: { name: "c2" } }] }),
  ],
  [
    "volumes: $retainKeys switches a volume source",
    deployment([app()], { volumes: [{ name: "data", emptyDir: {} }, { name: "cfg", configMap: { name: "c1" } }] }),
    {
      spec: {
        template: {
          spec: {
            "$setElementOrder/volumes": [{ name: "data" }, { name: "cfg" }],
            volumes: [{ $retainKeys: ["name", "secret"], emptyDir: null, name: "data", secret: { secretName: "s" } }],
          },
        },
      },
    },
    deployment([app()], { volumes: [{ name: "data", secret: { secretName: "s" } }, { name: "cfg", configMap: { name: "c1" } }] }),
  ],
  [
    "ports merge by containerPort; args (no strategy) are replaced",
    deployment([app({ args: ["a", "b"] })]),
    { spec: { template: { spec: { containers: [{ name: "app", args: ["c"], ports: [{ containerPort: 443, protocol: "TCP" }] }] } } } },
    deployment([app({ args: ["c"], ports: [{ containerPort: 443, protocol: "TCP" }, { containerPort: 80, protocol: "TCP" }] })]),
  ],
  [
    "tolerations (no strategy) are replaced, nodeSelector merges",
    deployment([app()], { tolerations: [{ key: "a" }], nodeSelector: { zone: "x" } }),
    { spec: { template: { spec: { tolerations: [{ key: "b" }], nodeSelector: { disk: "ssd" } } } } },
    deployment([app()], { tolerations: [{ key: "b" }], nodeSelector: { zone: "x", disk: "ssd" } }),
  ],
];

const node = (spec: JsonObject, metadata: JsonObject = {}): JsonObject => ({
  metadata: { name: "node-1", labels: { "kubernetes.io/hostname": "node-1" }, ...metadata },
  spec: { podCIDR: "10.0.0.0/24", ...spec },
});

const nodeCases: Case[] = [
  ["cordon", node({}), { spec: { unschedulable: true } }, node({ unschedulable: true })],
  ["uncordon", node({ unschedulable: true }), { spec: { unschedulable: null } }, node({})],
  ["finalizers merge as a set (new value first)", node({}, { finalizers: ["a", "b"] }), { metadata: { finalizers: ["c", "a"] } }, node({}, { finalizers: ["c", "a", "b"] })],
  [
    "finalizers with $setElementOrder",
    node({}, { finalizers: ["a", "b"] }),
    { metadata: { "$setElementOrder/finalizers": ["a", "b", "c"], finalizers: ["c"] } },
    node({}, { finalizers: ["a", "b", "c"] }),
  ],
  ["$deleteFromPrimitiveList/finalizers", node({}, { finalizers: ["a", "b", "c"] }), { metadata: { "$deleteFromPrimitiveList/finalizers": ["b"] } }, node({}, { finalizers: ["a", "c"] })],
  [
    "ownerReferences merge by uid",
    node({}, { ownerReferences: [{ apiVersion: "v1", kind: "X", name: "x", uid: "1" }] }),
    { metadata: { ownerReferences: [{ apiVersion: "v1", kind: "Y", name: "y", uid: "1" }] } },
    node({}, { ownerReferences: [{ apiVersion: "v1", kind: "Y", name: "y", uid: "1" }] }),
  ],
];

describe("kubectl's strategic merge patches", () => {
  it.each(deploymentCases)("Deployment: %s", (_name, current, patch, expected) => {
    expect(applyStrategicMergePatch(current, patch, deploymentSchema)).toEqual({ ok: true, value: expected });
  });

  it.each(nodeCases)("Node: %s", (_name, current, patch, expected) => {
    expect(applyStrategicMergePatch(current, patch, nodeSchema)).toEqual({ ok: true, value: expected });
  });

  it("the design proposal's finalizers example (server-added e and d)", () => {
    const current = node({}, { finalizers: ["b", "e", "a", "c", "d"] });
    const patch: JsonObject = { metadata: { "$setElementOrder/finalizers": ["a", "b", "f"], "$deleteFromPrimitiveList/finalizers": ["c"], finalizers: ["f"] } };
    const result = applyStrategicMergePatch(current, patch, nodeSchema);
    // Upstream's code (not the proposal's illustration): named items in order, server-only items by live position.
    expect(result).toEqual({ ok: true, value: node({}, { finalizers: ["e", "a", "b", "f", "d"] }) });
  });

  it("apply's env patch next to server-added variables (design proposal example)", () => {
    const env = ["ENV2", "ENV5", "ENV1", "ENV3", "ENV4"].map((name) => ({ name, value: name.toLowerCase() }));
    const current = deployment([app({ env })]);
    const patch: JsonObject = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "app",
                "$setElementOrder/env": [{ name: "ENV1" }, { name: "ENV2" }, { name: "ENV6" }],
                env: [{ name: "ENV3", $patch: "delete" }, { name: "ENV6", value: "new-env" }],
              },
            ],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(current, patch, deploymentSchema);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const containers = ((result.value.spec as JsonObject).template as JsonObject).spec as JsonObject;
    const names = ((containers.containers as JsonObject[])[0].env as JsonObject[]).map((e) => e.name);
    // ENV6 lands in the live view where ENV3 was deleted (Go slice aliasing), so ENV4 precedes it.
    expect(names).toEqual(["ENV5", "ENV1", "ENV2", "ENV4", "ENV6"]);
  });
});
