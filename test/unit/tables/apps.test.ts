import { describe, expect, it } from "vitest";
import { CONTROLLER_REVISION_TABLE, DAEMON_SET_TABLE, DEPLOYMENT_TABLE, REPLICA_SET_TABLE, STATEFUL_SET_TABLE } from "../../../worker/tables/apps";
import type { KubeObject, TableDef } from "../../../worker/tables/types";
import { columnNames, meta, row } from "./helpers";

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "nginx", image: "nginx:1.27" }, { name: "sidecar", image: "busybox" }] },
};
const selector = { matchLabels: { app: "web", tier: "fe" } };

describe("apps/v1 column sets", () => {
  it.each<[string, TableDef, string[]]>([
    ["Deployment", DEPLOYMENT_TABLE, ["Name", "Ready", "Up-to-date", "Available", "Age", "+Containers", "+Images", "+Selector"]],
    ["ReplicaSet", REPLICA_SET_TABLE, ["Name", "Desired", "Current", "Ready", "Age", "+Containers", "+Images", "+Selector"]],
    ["StatefulSet", STATEFUL_SET_TABLE, ["Name", "Ready", "Age", "+Containers", "+Images"]],
    ["DaemonSet", DAEMON_SET_TABLE, ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "+Containers", "+Images", "+Selector"]],
    ["ControllerRevision", CONTROLLER_REVISION_TABLE, ["Name", "Controller", "Revision", "Age"]],
  ])("%s", (_kind, def, names) => {
    expect(columnNames(def)).toEqual(names);
  });
});

describe("deployments", () => {
  it.each<[string, KubeObject, unknown[]]>([
    [
      "rolled out",
      { metadata: meta("web"), spec: { replicas: 3, selector, template }, status: { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
      ["web", "3/3", 3, 3, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,tier=fe"],
    ],
    [
      "mid rollout",
      { metadata: meta("web"), spec: { replicas: 3, selector, template }, status: { replicas: 4, readyReplicas: 2, updatedReplicas: 1, availableReplicas: 2 } },
      ["web", "2/3", 1, 2, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,tier=fe"],
    ],
    ["just created (no status, replicas defaulted)", { metadata: meta("web"), spec: { selector, template } }, ["web", "0/1", 0, 0, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,tier=fe"]],
    ["scaled to zero", { metadata: meta("web"), spec: { replicas: 0, selector, template }, status: {} }, ["web", "0/0", 0, 0, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,tier=fe"]],
    [
      "match expressions",
      { metadata: meta("web"), spec: { replicas: 1, selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod", "canary"] }, { key: "legacy", operator: "DoesNotExist" }] }, template } },
      ["web", "0/1", 0, 0, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,env in (canary,prod),!legacy"],
    ],
    ["empty selector prints nothing", { metadata: meta("web"), spec: { replicas: 1, selector: {}, template } }, ["web", "0/1", 0, 0, "5m", "nginx,sidecar", "nginx:1.27,busybox", ""]],
    ["invalid selector", { metadata: meta("web"), spec: { replicas: 1, selector: { matchExpressions: [{ key: "a", operator: "Near" }] }, template } }, ["web", "0/1", 0, 0, "5m", "nginx,sidecar", "nginx:1.27,busybox", "<invalid>"]],
    ["no spec", { metadata: meta("web") }, ["web", "0/1", 0, 0, "5m", "", "", ""]],
  ])("%s", (_name, d, want) => {
    expect(Object.values(row(DEPLOYMENT_TABLE, d))).toEqual(want);
  });
});

describe("other workloads", () => {
  it.each<[string, TableDef, KubeObject, unknown[]]>([
    [
      "replica set",
      REPLICA_SET_TABLE,
      { metadata: meta("web-5d8f"), spec: { replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": "5d8f" } }, template }, status: { replicas: 3, readyReplicas: 2 } },
      ["web-5d8f", 3, 3, 2, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,pod-template-hash=5d8f"],
    ],
    ["replica set, empty selector", REPLICA_SET_TABLE, { metadata: meta("rs"), spec: { replicas: 0, selector: {}, template } }, ["rs", 0, 0, 0, "5m", "nginx,sidecar", "nginx:1.27,busybox", "<none>"]],
    ["stateful set", STATEFUL_SET_TABLE, { metadata: meta("db"), spec: { replicas: 3, selector, template, serviceName: "db" }, status: { replicas: 2, readyReplicas: 1 } }, ["db", "1/3", "5m", "nginx,sidecar", "nginx:1.27,busybox"]],
    [
      "daemon set",
      DAEMON_SET_TABLE,
      {
        metadata: meta("agent"),
        spec: { selector: { matchLabels: { app: "agent" } }, template: { spec: { nodeSelector: { "kubernetes.io/os": "linux", disk: "ssd" }, containers: [{ name: "agent", image: "agent:1" }] } } },
        status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
      },
      ["agent", 3, 3, 2, 3, 2, "disk=ssd,kubernetes.io/os=linux", "5m", "agent", "agent:1", "app=agent"],
    ],
    ["daemon set without node selector or status", DAEMON_SET_TABLE, { metadata: meta("agent"), spec: { selector: { matchLabels: { app: "agent" } }, template } }, ["agent", 0, 0, 0, 0, 0, "<none>", "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=agent"]],
    [
      "controller revision of a stateful set",
      CONTROLLER_REVISION_TABLE,
      { metadata: meta("db-7c9", { ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: "u", controller: true }] }), revision: 2, data: {} },
      ["db-7c9", "statefulset.apps/db", 2, "5m"],
    ],
    [
      "controller revision owned by a core kind",
      CONTROLLER_REVISION_TABLE,
      { metadata: meta("x", { ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "p", uid: "u", controller: true }] }), revision: 1 },
      ["x", "pod/p", 1, "5m"],
    ],
    [
      "controller revision without a controller",
      CONTROLLER_REVISION_TABLE,
      { metadata: meta("x", { ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "d", uid: "u" }] }), revision: 1 },
      ["x", "<none>", 1, "5m"],
    ],
  ])("%s", (_name, def, obj, want) => {
    expect(Object.values(row(def, obj))).toEqual(want);
  });
});
