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

  it("kubectl delete -f of a Namespace listed before its objects deletes them all and exits 0", async () => {
    const ns = `nsdel-file-${Date.now().toString(36)}`;
    const manifest = [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ${ns}\ndata:\n  k: v`,
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: ${ns}\nstringData:\n  p: x`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: ${ns}`,
    ].join("\n---\n");
    expect(await ok(["apply", "-f", "-"], { stdin: manifest })).toBe(
      `namespace/${ns} created\nconfigmap/a created\nsecret/s created\nserviceaccount/robot created\n`,
    );
    // On a real cluster the namespace controller works after the DELETE returned: every object is still there for
    // kubectl to delete, and kubectl then waits until all of them (the namespace too) are gone.
    expect(await ok(["delete", "-f", "-", "--timeout=60s"], { stdin: manifest })).toBe(
      `namespace "${ns}" deleted\nconfigmap "a" deleted\nsecret "s" deleted\nserviceaccount "robot" deleted\n`,
    );
    const gone = await fail(["get", "namespace", ns]);
    expect(gone.stderr.trim()).toBe(`Error from server (NotFound): namespaces "${ns}" not found`);
    const selector = `--field-selector=metadata.namespace=${ns}`;
    expect(await ok(["get", "configmaps,secrets,serviceaccounts", "-A", selector, "-o", "name"])).toBe("");
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
