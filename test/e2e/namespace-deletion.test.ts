/**
 * Namespace deletion with the real kubectl: `kubectl delete namespace` waits until the namespace is gone, which
 * needs the namespace controller to empty it and release the `kubernetes` finalizer (namespaces/finalize).
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, fail } = kc;

describe("kubectl delete namespace", () => {
  it("kubectl create ns x; kubectl create cm a -n x; kubectl delete ns x; kubectl get ns x → NotFound", async () => {
    const ns = await kc.namespace("nsdel");
    await ok(["create", "configmap", "a", "-n", ns, "--from-literal=k=v"]);
    await ok(["create", "secret", "generic", "s", "-n", ns, "--from-literal=p=x"]);
    await ok(["create", "rolebinding", "owner", "-n", ns, "--clusterrole=admin", "--user=previous-owner"]);
    // kubectl waits for the namespace to be gone (its default --wait); a bound keeps a regression from hanging.
    expect(await ok(["delete", "namespace", ns, "--timeout=60s"])).toBe(`namespace "${ns}" deleted\n`);
    const gone = await fail(["get", "namespace", ns]);
    expect(gone.stderr.trim()).toBe(`Error from server (NotFound): namespaces "${ns}" not found`);
    // Nothing of its content is left anywhere (a `get -n` of a missing namespace reports the namespace instead).
    const selector = `--field-selector=metadata.namespace=${ns}`;
    expect(await ok(["get", "configmaps,secrets,rolebindings,serviceaccounts", "-A", selector, "-o", "name"])).toBe("");
  });

  it("a re-created namespace of the same name starts empty", async () => {
    const ns = await kc.namespace("nsdel");
    await ok(["create", "rolebinding", "owner", "-n", ns, "--clusterrole=admin", "--user=previous-owner"]);
    await ok(["delete", "namespace", ns, "--timeout=60s"]);
    await ok(["create", "namespace", ns]);
    expect(await ok(["get", "rolebindings", "-n", ns, "-o", "name"])).toBe("");
    expect((await kc.run(["auth", "can-i", "get", "secrets", "-n", ns, "--as=previous-owner"])).stdout.trim()).toBe("no");
  });
});
