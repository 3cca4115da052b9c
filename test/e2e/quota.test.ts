/**
 * ResourceQuota with the real kubectl: `kubectl create quota`, `kubectl describe quota` showing the usage the
 * controller counted and admission charged, and a create past the limit refused with upstream's message.
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, fail, json } = kc;

describe("ResourceQuota with kubectl", () => {
  it("create quota, describe it, and be refused past the limit", async () => {
    const ns = await kc.namespace("quota");
    const base = (await json(["get", "configmaps", "-n", ns])).items.length;
    const limit = base + 1;
    await ok(["create", "quota", "q", `--hard=configmaps=${limit},pods=3`, "-n", ns]);

    const fresh = await ok(["describe", "quota", "q", "-n", ns]);
    expect(fresh).toMatch(/^Name:\s+q\nNamespace:\s+\S+\nResource\s+Used\s+Hard\n-+\s+-+\s+-+\n/);
    expect(fresh).toMatch(new RegExp(`\\nconfigmaps\\s+${base}\\s+${limit}\\n`));
    expect(fresh).toMatch(/\npods\s+0\s+3\n/);

    await ok(["create", "configmap", "a", "-n", ns]);
    const used = await ok(["describe", "quota", "q", "-n", ns]);
    expect(used).toMatch(new RegExp(`\\nconfigmaps\\s+${limit}\\s+${limit}\\n`));

    const refused = await fail(["create", "configmap", "b", "-n", ns]);
    expect(refused.stderr.trim()).toBe(
      `error: failed to create configmap: configmaps "b" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=${limit}, limited: configmaps=${limit}`,
    );
    await fail(["get", "configmap", "b", "-n", ns]);

    await ok(["delete", "configmap", "a", "-n", ns]);
    const after = await ok(["describe", "quota", "q", "-n", ns]);
    expect(after).toMatch(new RegExp(`\\nconfigmaps\\s+${base}\\s+${limit}\\n`));
  });

  it("kubectl get quota shows used/hard per resource", async () => {
    const ns = await kc.namespace("quota");
    await ok(["create", "quota", "pods-only", "--hard=pods=2", "-n", ns]);
    await ok(["run", "web", "--image=nginx:1.27", "-n", ns]);
    const out = await ok(["get", "quota", "-n", ns]);
    expect(out).toMatch(/^NAME\s+REQUEST\s+LIMIT\s+AGE\n/);
    expect(out).toMatch(/\npods-only\s+pods: 1\/2\s+\S+\n$/);
  });
});
