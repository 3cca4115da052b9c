/** A real client library: @kubernetes/client-node's informer lists, watches and sees every change. */
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function until(cond: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("client-node informer", () => {
  it("lists, then sees every add, update and delete", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const ns = `inf-${Date.now().toString(36)}`;
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "pre" }, data: { a: "1" } } });

    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`, () => core.listNamespacedConfigMap({ namespace: ns }));
    const seen: string[] = [];
    informer.on("add", (o: k8s.V1ConfigMap) => seen.push(`add ${o.metadata?.name} ${o.data?.a ?? ""}`));
    informer.on("update", (o: k8s.V1ConfigMap) => seen.push(`update ${o.metadata?.name} ${o.data?.a ?? ""}`));
    informer.on("delete", (o: k8s.V1ConfigMap) => seen.push(`delete ${o.metadata?.name}`));
    await informer.start();
    try {
      await until(() => seen.includes("add pre 1"));
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "live" }, data: { a: "2" } } });
      await core.patchNamespacedConfigMap(
        { namespace: ns, name: "live", body: { data: { a: "3" } } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedConfigMap({ namespace: ns, name: "pre" });
      await until(() => seen.length >= 5);
      // The initial list also holds the namespace's own kube-root-ca.crt (upstream's root-CA publisher).
      expect(seen).toEqual(["add kube-root-ca.crt ", "add pre 1", "add live 2", "update live 3", "delete pre"]);
      const cached = informer.list(ns).map((o) => o.metadata?.name);
      expect(cached.sort()).toEqual(["kube-root-ca.crt", "live"]);
    } finally {
      await informer.stop();
    }
  });
});
