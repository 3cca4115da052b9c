/**
 * `kubectl auth can-i | whoami` (KUBECTL.md §13): protobuf POSTs of SelfSubjectAccessReview,
 * SelfSubjectRulesReview and SelfSubjectReview, answered for the cluster-admin token.
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok } = kc;

describe("kubectl auth", () => {
  it("can-i create pods → yes (rc 0), in a namespace and cluster-wide", async () => {
    const ns = await kc.namespace("cani");
    expect(await ok(["auth", "can-i", "create", "pods"])).toBe("yes\n");
    expect(await ok(["-n", ns, "auth", "can-i", "delete", "deployments.apps"])).toBe("yes\n");
    expect(await ok(["auth", "can-i", "list", "nodes", "--all-namespaces"])).toBe("yes\n");
    expect(await ok(["auth", "can-i", "get", "/logs"])).toBe("yes\n");
    expect(await ok(["auth", "can-i", "get", "pods", "--subresource=log"])).toBe("yes\n");
  });

  it("can-i --list prints the rules table", async () => {
    const ns = await kc.namespace("canilist");
    const out = await ok(["-n", ns, "auth", "can-i", "--list"]);
    expect(out).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    expect(out).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    expect(out).toMatch(/^\s+\[\*\]\s+\[\]\s+\[\*\]$/m);
  });

  it("whoami prints the admin user and its groups", async () => {
    const table = await ok(["auth", "whoami"]);
    expect(table).toMatch(/^ATTRIBUTE\s+VALUE$/m);
    expect(table).toMatch(/^Username\s+kubernetes-admin$/m);
    expect(table).toMatch(/^Groups\s+\[system:masters system:authenticated\]$/m);
    const review = JSON.parse(await ok(["auth", "whoami", "-o", "json"]));
    expect(review).toMatchObject({
      kind: "SelfSubjectReview",
      apiVersion: "authentication.k8s.io/v1",
      status: { userInfo: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] } },
    });
  });
});
