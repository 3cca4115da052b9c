/**
 * Per-namespace defaults through the real Worker: the `default` ServiceAccount (serviceaccounts controller)
 * and the `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher), written through the API with the
 * controllers' own identities (so these depend on the bootstrap RBAC policy granting them).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import { objectKey, storeFor } from "../../../worker/storage";
import { resyncNamespaceDefaults, syncNamespaceDefaults } from "../../../worker/admission/namespace-defaults";
import { ROOT_CA_DESCRIPTION } from "../../../worker/admission/namespace-defaults-plan";
import { del, freshNamespace, get, post, put } from "../api/client";
import { namespaceControllerRan } from "./namespace-wait";

const ENV = env as unknown as Env;
const CA = ENV.CLUSTER_CA_CERT!;
const CM = "kube-root-ca.crt";

/** Removes an object behind the API's back (no hooks run), as a missed event would leave things. */
async function dropFromStore(resource: string, ns: string, name: string): Promise<void> {
  const entry = registry.lookup("", "v1", resource)!;
  expect((await storeFor(ENV, entry).delete(objectKey(entry, ns, name))).ok).toBe(true);
}

beforeAll(() => get("/api/v1/namespaces/default"), 60_000);

describe("the default ServiceAccount and the root CA ConfigMap", () => {
  it("the test cluster has a CA to publish", () => {
    expect(CA).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it("exist as soon as the namespace's create has returned", async () => {
    const ns = await freshNamespace("nsd");
    const sa = await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
    expect(sa.status, sa.text).toBe(200);
    expect(sa.body.metadata).toMatchObject({ name: "default", namespace: ns });
    const cm = await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`);
    expect(cm.status, cm.text).toBe(200);
    expect(cm.body.data).toEqual({ "ca.crt": CA });
    expect(cm.body.metadata.annotations).toEqual({ "kubernetes.io/description": ROOT_CA_DESCRIPTION });
  });

  it("the bootstrap namespaces have both", async () => {
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      expect((await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status, ns).toBe(200);
      expect((await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).body.data, ns).toEqual({ "ca.crt": CA });
    }
  });

  it("are made again when deleted while the namespace is active", async () => {
    const ns = await freshNamespace("nsd");
    const before = (await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).body;
    expect((await del(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(200);
    expect((await del(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).status).toBe(200);
    const after = await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
    expect(after.status).toBe(200);
    expect(after.body.metadata.uid).not.toBe(before.metadata.uid);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).body.data).toEqual({ "ca.crt": CA });
  });

  it("the ConfigMap is put back when altered", async () => {
    const ns = await freshNamespace("nsd");
    const cm = (await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).body;
    const res = await put(`/api/v1/namespaces/${ns}/configmaps/${CM}`, { ...cm, data: { "ca.crt": "tampered" } });
    expect(res.status).toBe(200);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).body.data).toEqual({ "ca.crt": CA });
  });

  it("are not made again in a terminating namespace", async () => {
    const ns = await freshNamespace("nsd");
    // A finalizer on other content keeps the namespace Terminating after the namespace controller emptied it.
    const held = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", finalizers: ["example.com/hold"] } };
    expect((await post(`/api/v1/namespaces/${ns}/configmaps`, held)).status).toBe(201);
    await del(`/api/v1/namespaces/${ns}`);
    expect((await namespaceControllerRan(ns)).status.phase).toBe("Terminating");
    expect((await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(404);
    await syncNamespaceDefaults(ENV, registry, ns);
    expect((await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(404);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).status).toBe(404);
  });

  it("without a cluster CA only the ServiceAccount is made", async () => {
    const ns = await freshNamespace("nsd");
    await dropFromStore("serviceaccounts", ns, "default");
    await dropFromStore("configmaps", ns, CM);
    await syncNamespaceDefaults({ ...ENV, CLUSTER_CA_CERT: undefined }, registry, ns);
    expect((await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(200);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).status).toBe(404);
  });

  it("the resync repairs what the hooks missed, and then writes nothing", async () => {
    const ns = await freshNamespace("nsd");
    await dropFromStore("serviceaccounts", ns, "default");
    await dropFromStore("configmaps", ns, CM);
    await resyncNamespaceDefaults(ENV, registry);
    expect((await get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(200);
    const cm = await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`);
    expect(cm.body.data).toEqual({ "ca.crt": CA });
    await resyncNamespaceDefaults(ENV, registry);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/${CM}`)).body.metadata.resourceVersion).toBe(cm.body.metadata.resourceVersion);
  });
});
