import { describe, expect, it } from "vitest";
import { tableFor } from "../../../worker/tables/registry";
import { NOW, ago, row } from "./helpers";

/** Every served (group, resource) and the first columns its table must start with. */
const SERVED: [group: string, resource: string, firstColumns: string[]][] = [
  ["", "pods", ["Name", "Ready", "Status", "Restarts", "Age"]],
  ["", "namespaces", ["Name", "Status", "Age"]],
  ["", "nodes", ["Name", "Status", "Roles", "Age", "Version"]],
  ["", "configmaps", ["Name", "Data", "Age"]],
  ["", "secrets", ["Name", "Type", "Data", "Age"]],
  ["", "serviceaccounts", ["Name", "Secrets", "Age"]],
  ["", "services", ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"]],
  ["", "endpoints", ["Name", "Endpoints", "Age"]],
  ["", "events", ["Last Seen", "Type", "Reason", "Object"]],
  ["", "persistentvolumes", ["Name", "Capacity"]],
  ["", "persistentvolumeclaims", ["Name", "Status", "Volume"]],
  ["", "limitranges", ["Name", "Created At"]],
  ["", "resourcequotas", ["Name", "Request", "Limit", "Age"]],
  ["apps", "deployments", ["Name", "Ready", "Up-to-date", "Available", "Age"]],
  ["apps", "replicasets", ["Name", "Desired", "Current", "Ready", "Age"]],
  ["apps", "statefulsets", ["Name", "Ready", "Age"]],
  ["apps", "daemonsets", ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age"]],
  ["apps", "controllerrevisions", ["Name", "Controller", "Revision", "Age"]],
  ["batch", "jobs", ["Name", "Status", "Completions", "Duration", "Age"]],
  ["batch", "cronjobs", ["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age"]],
  ["coordination.k8s.io", "leases", ["Name", "Holder", "Age"]],
  ["discovery.k8s.io", "endpointslices", ["Name", "AddressType", "Ports", "Endpoints", "Age"]],
  ["events.k8s.io", "events", ["Last Seen", "Type", "Reason", "Object"]],
  ["rbac.authorization.k8s.io", "roles", ["Name", "Created At"]],
  ["rbac.authorization.k8s.io", "clusterroles", ["Name", "Created At"]],
  ["rbac.authorization.k8s.io", "rolebindings", ["Name", "Role", "Age"]],
  ["rbac.authorization.k8s.io", "clusterrolebindings", ["Name", "Role", "Age"]],
  ["storage.k8s.io", "storageclasses", ["Name", "Provisioner"]],
  ["node.k8s.io", "runtimeclasses", ["Name", "Handler", "Age"]],
  ["scheduling.k8s.io", "priorityclasses", ["Name", "Value", "Global-Default", "Age"]],
  ["policy", "poddisruptionbudgets", ["Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"]],
  ["networking.k8s.io", "ingresses", ["Name", "Class", "Hosts", "Address", "Ports", "Age"]],
  ["networking.k8s.io", "ingressclasses", ["Name", "Controller", "Parameters", "Age"]],
  ["networking.k8s.io", "networkpolicies", ["Name", "Pod-Selector", "Age"]],
];

describe("tableFor", () => {
  it.each(SERVED)("%s/%s starts with the upstream columns", (group, resource, first) => {
    const def = tableFor(group, resource);
    expect(def.columns.slice(0, first.length).map((c) => c.name)).toEqual(first);
    expect(def.columns.filter((c) => c.format === "name")).toHaveLength(1);
    for (const c of def.columns) expect(Object.keys(c).sort()).toEqual(["description", "format", "name", "priority", "type"]);
  });

  it.each(SERVED)("%s/%s prints objects with no spec or status, one cell per column", (group, resource) => {
    const def = tableFor(group, resource);
    expect(() => row(def, { metadata: { name: "x", creationTimestamp: ago(0) } })).not.toThrow();
    expect(def.cells({}, NOW)).toHaveLength(def.columns.length);
  });

  it("accepts 'core' for the core group", () => {
    expect(tableFor("core", "pods")).toBe(tableFor("", "pods"));
  });

  it.each([
    ["stable.example.com", "crontabs"],
    ["apps", "unknownthings"],
    ["", "podtemplates-not-served"],
    ["", "toString"],
  ])("%s/%s (no printer) gets Name + Age (date)", (group, resource) => {
    const def = tableFor(group, resource);
    expect(def.columns.map((c) => [c.name, c.type, c.format])).toEqual([["Name", "string", "name"], ["Age", "date", ""]]);
    expect(def.cells({ metadata: { name: "my-crontab", creationTimestamp: ago(3 * 24 * 3600 * 1000) } }, NOW)).toEqual(["my-crontab", "3d"]);
    expect(def.cells({ metadata: { name: "fresh" } }, NOW)).toEqual(["fresh", "<unknown>"]);
  });

  it("prints Created At as RFC 3339 UTC at second precision", () => {
    const def = tableFor("", "limitranges");
    expect(def.cells({ metadata: { name: "lr", creationTimestamp: "2024-05-01T12:20:30.75+02:00" } }, NOW)).toEqual(["lr", "2024-05-01T10:20:30Z"]);
    expect(def.cells({ metadata: { name: "lr" } }, NOW)).toEqual(["lr", "0001-01-01T00:00:00Z"]);
  });
});
