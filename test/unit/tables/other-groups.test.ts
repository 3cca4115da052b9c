import { describe, expect, it } from "vitest";
import {
  ENDPOINT_SLICE_TABLE,
  LEASE_TABLE,
  POD_DISRUPTION_BUDGET_TABLE,
  PRIORITY_CLASS_TABLE,
  RUNTIME_CLASS_TABLE,
  STORAGE_CLASS_TABLE,
} from "../../../worker/tables/other-groups";
import type { KubeObject, TableDef } from "../../../worker/tables/types";
import { columnNames, meta, row } from "./helpers";

describe("column sets", () => {
  it.each<[string, TableDef, string[]]>([
    ["Lease", LEASE_TABLE, ["Name", "Holder", "Age"]],
    ["EndpointSlice", ENDPOINT_SLICE_TABLE, ["Name", "AddressType", "Ports", "Endpoints", "Age"]],
    ["StorageClass", STORAGE_CLASS_TABLE, ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"]],
    ["RuntimeClass", RUNTIME_CLASS_TABLE, ["Name", "Handler", "Age"]],
    ["PriorityClass", PRIORITY_CLASS_TABLE, ["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"]],
    ["PodDisruptionBudget", POD_DISRUPTION_BUDGET_TABLE, ["Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"]],
  ])("%s", (_kind, def, names) => {
    expect(columnNames(def)).toEqual(names);
  });
});

describe("rows", () => {
  const slice = (ports: KubeObject[] | undefined, endpoints: KubeObject[] | undefined): KubeObject => ({ metadata: meta("web-abc"), addressType: "IPv4", ports, endpoints });
  it.each<[string, TableDef, KubeObject, unknown[]]>([
    ["held lease", LEASE_TABLE, { metadata: meta("kube-scheduler"), spec: { holderIdentity: "sched-1_abc", leaseDurationSeconds: 15 } }, ["kube-scheduler", "sched-1_abc", "5m"]],
    ["free lease", LEASE_TABLE, { metadata: meta("l"), spec: {} }, ["l", "", "5m"]],
    ["endpoint slice", ENDPOINT_SLICE_TABLE, slice([{ name: "http", port: 8080, protocol: "TCP" }], [{ addresses: ["10.0.0.1"] }, { addresses: ["10.0.0.2"] }]), ["web-abc", "IPv4", "8080", "10.0.0.1,10.0.0.2", "5m"]],
    ["empty endpoint slice", ENDPOINT_SLICE_TABLE, slice(undefined, undefined), ["web-abc", "IPv4", "<unset>", "<unset>", "5m"]],
    [
      "endpoint slice: named and wildcard ports, more than three",
      ENDPOINT_SLICE_TABLE,
      slice([{ name: "dns" }, {}, { port: 53 }, { port: 54 }], [{ addresses: ["a", "b"] }, { addresses: ["c", "d", "e"] }]),
      ["web-abc", "IPv4", "dns,*,53 + 1 more...", "a,b,c + 2 more...", "5m"],
    ],
    [
      "default storage class",
      STORAGE_CLASS_TABLE,
      { metadata: meta("standard", { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }), provisioner: "rancher.io/local-path", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true },
      ["standard (default)", "rancher.io/local-path", "Retain", "WaitForFirstConsumer", true, "5m"],
    ],
    ["storage class defaults", STORAGE_CLASS_TABLE, { metadata: meta("slow", { annotations: { "storageclass.beta.kubernetes.io/is-default-class": "false" } }), provisioner: "p" }, ["slow", "p", "Delete", "Immediate", false, "5m"]],
    ["beta default annotation", STORAGE_CLASS_TABLE, { metadata: meta("old", { annotations: { "storageclass.beta.kubernetes.io/is-default-class": "true" } }), provisioner: "p" }, ["old (default)", "p", "Delete", "Immediate", false, "5m"]],
    ["runtime class", RUNTIME_CLASS_TABLE, { metadata: meta("gvisor"), handler: "runsc" }, ["gvisor", "runsc", "5m"]],
    ["priority class", PRIORITY_CLASS_TABLE, { metadata: meta("high"), value: 1000000, globalDefault: false, preemptionPolicy: "PreemptLowerPriority" }, ["high", 1000000, false, "5m", "PreemptLowerPriority"]],
    ["global default priority class", PRIORITY_CLASS_TABLE, { metadata: meta("default"), value: 0, globalDefault: true }, ["default", 0, true, "5m", ""]],
    ["pdb with minAvailable", POD_DISRUPTION_BUDGET_TABLE, { metadata: meta("web"), spec: { minAvailable: 2, selector: {} }, status: { disruptionsAllowed: 1 } }, ["web", "2", "N/A", 1, "5m"]],
    ["pdb with maxUnavailable percent", POD_DISRUPTION_BUDGET_TABLE, { metadata: meta("web"), spec: { maxUnavailable: "25%" } }, ["web", "N/A", "25%", 0, "5m"]],
  ])("%s", (_name, def, obj, want) => {
    expect(Object.values(row(def, obj))).toEqual(want);
  });
});
