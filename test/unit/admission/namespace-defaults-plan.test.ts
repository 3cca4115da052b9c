/** The per-namespace defaults reconcile (serviceaccounts controller + root-ca-cert-publisher). */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import {
  namespaceToSync,
  planNamespaceDefaults,
  ROOT_CA_DESCRIPTION,
  rootCAConfigMap,
} from "../../../worker/admission/namespace-defaults-plan";

const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const ns = (phase = "Active"): KubeObject => ({ metadata: { name: "team" }, status: { phase } });
const sa: KubeObject = { metadata: { name: "default", namespace: "team" } };
const cm = (extra: KubeObject = {}): KubeObject => ({ ...rootCAConfigMap(CA), metadata: { ...rootCAConfigMap(CA).metadata, namespace: "team", resourceVersion: "7" }, ...extra });

describe("planNamespaceDefaults", () => {
  it("a new namespace gets the default ServiceAccount and the root CA ConfigMap", () => {
    expect(planNamespaceDefaults({ namespace: ns(), caCert: CA })).toEqual([
      { kind: "create-service-account", namespace: "team", object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } } },
      {
        kind: "create-config-map",
        namespace: "team",
        object: {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "kube-root-ca.crt", annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION } },
          data: { "ca.crt": CA },
        },
      },
    ]);
  });

  it("converged → no actions", () => {
    expect(planNamespaceDefaults({ namespace: ns(), serviceAccount: sa, configMap: cm(), caCert: CA })).toEqual([]);
  });

  it("without a cluster CA only the ServiceAccount is made", () => {
    expect(planNamespaceDefaults({ namespace: ns() }).map((a) => a.kind)).toEqual(["create-service-account"]);
  });

  it.each<[string, KubeObject]>([
    ["terminating", ns("Terminating")],
    ["no phase", { metadata: { name: "team" } }],
  ])("a %s namespace is left alone", (_name, namespace) => {
    expect(planNamespaceDefaults({ namespace, caCert: CA })).toEqual([]);
    expect(planNamespaceDefaults({ caCert: CA })).toEqual([]);
  });

  it("an altered ConfigMap is put back (data and annotation), keeping its other metadata", () => {
    const altered = cm({ data: { "ca.crt": "tampered", extra: "x" } });
    altered.metadata.annotations = { mine: "kept" };
    const [action] = planNamespaceDefaults({ namespace: ns(), serviceAccount: sa, configMap: altered, caCert: CA });
    expect(action.kind).toBe("update-config-map");
    expect(action.object.data).toEqual({ "ca.crt": CA });
    expect(action.object.metadata).toMatchObject({ resourceVersion: "7", annotations: { mine: "kept", "kubernetes.io/description": ROOT_CA_DESCRIPTION } });
    expect(altered.data["ca.crt"]).toBe("tampered");
  });
});

describe("namespaceToSync", () => {
  it.each<[string, string, string, "ADDED" | "MODIFIED" | "DELETED", KubeObject, string | undefined]>([
    ["namespace added", "", "namespaces", "ADDED", ns(), "team"],
    ["namespace updated while active", "", "namespaces", "MODIFIED", ns(), "team"],
    ["namespace terminating", "", "namespaces", "MODIFIED", ns("Terminating"), undefined],
    ["namespace deleted", "", "namespaces", "DELETED", ns(), undefined],
    ["default SA deleted", "", "serviceaccounts", "DELETED", sa, "team"],
    ["other SA deleted", "", "serviceaccounts", "DELETED", { metadata: { name: "x", namespace: "team" } }, undefined],
    ["default SA added", "", "serviceaccounts", "ADDED", sa, undefined],
    ["root CA configmap updated", "", "configmaps", "MODIFIED", cm(), "team"],
    ["root CA configmap deleted", "", "configmaps", "DELETED", cm(), "team"],
    ["root CA configmap added", "", "configmaps", "ADDED", cm(), undefined],
    ["other group", "apps", "deployments", "ADDED", { metadata: { name: "d", namespace: "team" } }, undefined],
  ])("%s", (_name, group, resource, type, obj, expected) => {
    expect(namespaceToSync(group, resource, type, obj)).toBe(expected);
  });
});
