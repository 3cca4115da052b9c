/**
 * RBAC end to end with the real kubectl: Roles and bindings made with `kubectl create role|rolebinding|…`,
 * then `kubectl auth can-i` (resources, subresources, names, non-resource URLs, --list) and ordinary requests
 * as another user through `--as` (impersonation by the cluster-admin). Every answer must be upstream's.
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, fail } = kc;
let n = 0;

/** A user name of its own per test, able to create self reviews (what system:basic-user grants upstream). */
async function newUser(prefix: string): Promise<string> {
  const user = `${prefix}-${Date.now().toString(36)}-${n++}`;
  await ok(["create", "clusterrole", `${user}-self`, "--verb=create", "--resource=selfsubjectaccessreviews.authorization.k8s.io,selfsubjectrulesreviews.authorization.k8s.io"]);
  await ok(["create", "clusterrolebinding", `${user}-self`, `--clusterrole=${user}-self`, `--user=${user}`]);
  return user;
}

describe("kubectl auth can-i against Roles made with kubectl", () => {
  it("answers yes and no as the bound user, for resources, subresources and names", async () => {
    const ns = await kc.namespace("rbac");
    const jane = await newUser("jane");
    await ok(["-n", ns, "create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods,pods/log"]);
    await ok(["-n", ns, "create", "role", "one-secret", "--verb=get", "--resource=secrets", "--resource-name=token"]);
    await ok(["-n", ns, "create", "rolebinding", "jane-pods", "--role=pod-reader", `--user=${jane}`]);
    await ok(["-n", ns, "create", "rolebinding", "jane-secret", "--role=one-secret", `--user=${jane}`]);
    const as = ["--as", jane, "-n", ns, "auth", "can-i"];

    expect(await ok([...as, "get", "pods"])).toBe("yes\n");
    expect(await ok([...as, "watch", "pods"])).toBe("yes\n");
    expect(await ok([...as, "get", "pods", "--subresource=log"])).toBe("yes\n");
    expect(await ok([...as, "get", "secrets/token"])).toBe("yes\n");
    const denied = await fail([...as, "delete", "pods"]);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe("no\n");
    expect((await fail([...as, "get", "secrets/other"])).stdout).toBe("no\n");
    expect((await fail([...as, "list", "secrets"])).stdout).toBe("no\n");
    expect((await fail([...as, "create", "pods", "--subresource=exec"])).stdout).toBe("no\n");
    expect((await fail(["--as", jane, "-n", "default", "auth", "can-i", "get", "pods"])).stdout).toBe("no\n");

    // The admin sees the same through `--as`-less can-i: yes everywhere.
    expect(await ok(["-n", ns, "auth", "can-i", "delete", "pods"])).toBe("yes\n");
  });

  it("stops granting as soon as the binding is deleted", async () => {
    const ns = await kc.namespace("rbac");
    const joe = await newUser("joe");
    await ok(["-n", ns, "create", "role", "cm-reader", "--verb=list", "--resource=configmaps"]);
    await ok(["-n", ns, "create", "rolebinding", "joe-cm", "--role=cm-reader", `--user=${joe}`]);
    expect(await ok(["--as", joe, "-n", ns, "auth", "can-i", "list", "configmaps"])).toBe("yes\n");
    await ok(["--as", joe, "-n", ns, "get", "configmaps"]);
    await ok(["-n", ns, "delete", "rolebinding", "joe-cm"]);
    expect((await fail(["--as", joe, "-n", ns, "auth", "can-i", "list", "configmaps"])).stdout).toBe("no\n");
    const res = await fail(["--as", joe, "-n", ns, "get", "configmaps"]);
    expect(res.stderr).toContain(
      `Error from server (Forbidden): configmaps is forbidden: User "${joe}" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`,
    );
  });

  it("non-resource URLs: exact and prefix rules", async () => {
    const lee = await newUser("lee");
    await ok(["create", "clusterrole", `${lee}-logs`, "--verb=get", "--non-resource-url=/logs/*"]);
    await ok(["create", "clusterrolebinding", `${lee}-logs`, `--clusterrole=${lee}-logs`, `--user=${lee}`]);
    expect(await ok(["--as", lee, "auth", "can-i", "get", "/logs/kube-apiserver.log"])).toBe("yes\n");
    expect((await fail(["--as", lee, "auth", "can-i", "get", "/logs"])).stdout).toBe("no\n");
    expect((await fail(["--as", lee, "auth", "can-i", "post", "/logs/x"])).stdout).toBe("no\n");
    expect(await ok(["auth", "can-i", "get", "/logs"])).toBe("yes\n");
  });

  it("a binding to a missing role shows in the answer", async () => {
    const ns = await kc.namespace("rbac");
    const max = await newUser("max");
    await ok(["-n", ns, "create", "rolebinding", "dangling", "--clusterrole=does-not-exist", `--user=${max}`]);
    const res = await fail(["--as", max, "-n", ns, "auth", "can-i", "list", "secrets"]);
    expect(res.stdout).toBe('no - RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found\n');
  });

  it("--list prints the user's rules in the namespace", async () => {
    const ns = await kc.namespace("rbac");
    const kim = await newUser("kim");
    await ok(["-n", ns, "create", "role", "deployer", "--verb=get,update", "--resource=deployments.apps,pods"]);
    await ok(["-n", ns, "create", "rolebinding", "kim", "--role=deployer", `--user=${kim}`]);
    const out = await ok(["--as", kim, "-n", ns, "auth", "can-i", "--list"]);
    expect(out).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    expect(out).toMatch(/^deployments\.apps\s+\[\]\s+\[\]\s+\[get update\]$/m);
    expect(out).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get update\]$/m);
    expect(out).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    const elsewhere = await ok(["--as", kim, "-n", "default", "auth", "can-i", "--list"]);
    expect(elsewhere).not.toMatch(/^deployments\.apps/m);
  });
});

describe("escalation prevention through kubectl", () => {
  it("a user may only grant what it holds", async () => {
    const ns = await kc.namespace("rbac");
    const pat = await newUser("pat");
    await ok(["-n", ns, "create", "role", "role-admin", "--verb=create,get", "--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,pods"]);
    await ok(["-n", ns, "create", "rolebinding", "pat", "--role=role-admin", `--user=${pat}`]);
    await ok(["--as", pat, "-n", ns, "create", "role", "pod-getter", "--verb=get", "--resource=pods"]);
    const res = await fail(["--as", pat, "-n", ns, "create", "role", "pod-killer", "--verb=delete", "--resource=pods"]);
    expect(res.stderr).toContain(
      `roles.rbac.authorization.k8s.io "pod-killer" is forbidden: user "${pat}" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`,
    );
    await ok(["--as", pat, "-n", ns, "create", "rolebinding", "share", "--role=pod-getter", "--user=friend"]);
    await ok(["create", "clusterrole", `${pat}-all`, "--verb=*", "--resource=*.*"]);
    const bind = await fail(["--as", pat, "-n", ns, "create", "rolebinding", "too-much", `--clusterrole=${pat}-all`, "--user=friend"]);
    expect(bind.stderr).toContain(
      `rolebindings.rbac.authorization.k8s.io "too-much" is forbidden: user "${pat}" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}`,
    );
  });
});
