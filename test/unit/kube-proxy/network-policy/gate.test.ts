import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { Env } from "../../../../worker/env";
import { networkPolicyGate, POLICY_CACHE_TTL_MS, type PolicyDestination, type PolicySource } from "../../../../worker/kube-proxy/network-policy";
import { del, freshNamespace, patch, post } from "../../api/client";

const gate = networkPolicyGate(env as unknown as Env);
/** A verdict reflects a change within the cache's TTL (plus the poll's own step). */
const WITHIN_TTL = { timeout: POLICY_CACHE_TTL_MS * 3, interval: 100 };

const pod = (namespace: string, app: string, ip: string): PolicySource & PolicyDestination =>
  ({ kind: "pod", namespace, labels: { app }, ip, ports: [{ name: "http", containerPort: 8080 }] }) as PolicySource & PolicyDestination;

const policiesPath = (ns: string) => `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`;
async function createPolicy(ns: string, name: string, spec: unknown): Promise<void> {
  const res = await post(policiesPath(ns), { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name }, spec });
  expect(res.status, res.text).toBe(201);
}

async function expectVerdict(src: PolicySource, dst: PolicyDestination, port: number, allowed: boolean, reason?: string): Promise<void> {
  await vi.waitFor(async () => {
    const verdict = await gate(src, dst, port);
    expect(verdict.allowed, verdict.reason).toBe(allowed);
    if (reason) expect(verdict.reason).toContain(reason);
  }, WITHIN_TTL);
}

describe("networkPolicyGate against the API", () => {
  it("follows NetworkPolicies and Namespace labels as they are created, changed and deleted", async () => {
    const server = await freshNamespace("np-server");
    const client = await freshNamespace("np-client");
    const web = pod(server, "web", "10.244.0.10");
    const caller = pod(client, "caller", "10.244.1.20");

    await expectVerdict(caller, web, 8080, true);

    await createPolicy(server, "deny-all", { podSelector: {} });
    await expectVerdict(caller, web, 8080, false, `denied by default-deny policy ${server}/deny-all (ingress)`);

    await createPolicy(server, "allow-team", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "blue" } } }], ports: [{ port: "http" }] }],
    });
    await expectVerdict(caller, web, 8080, false, `no ingress rule of`);

    const labelled = await patch(`/api/v1/namespaces/${client}`, { metadata: { labels: { team: "blue" } } }, "application/merge-patch+json");
    expect(labelled.status, labelled.text).toBe(200);
    await expectVerdict(caller, web, 8080, true, `ingress allowed by ${server}/allow-team`);
    await expectVerdict(caller, web, 9090, false, "on port 9090");

    await createPolicy(client, "egress-dns-only", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53 }] }] });
    await expectVerdict(caller, web, 8080, false, `no egress rule of ${client}/egress-dns-only`);

    for (const [ns, name] of [[server, "deny-all"], [server, "allow-team"], [client, "egress-dns-only"]]) {
      expect((await del(`${policiesPath(ns)}/${name}`)).status).toBe(200);
    }
    await expectVerdict(caller, web, 8080, true);
  });

  it("admits external clients by ipBlock only", async () => {
    const ns = await freshNamespace("np-edge");
    const web = pod(ns, "web", "10.244.0.11");
    await createPolicy(ns, "from-office", {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: "198.51.100.0/24", except: ["198.51.100.128/25"] } }] }],
    });
    await expectVerdict({ kind: "external", ip: "198.51.100.7" }, web, 8080, true, `${ns}/from-office`);
    await expectVerdict({ kind: "external", ip: "198.51.100.200" }, web, 8080, false, "from external 198.51.100.200");
    await expectVerdict(pod(ns, "other", "10.244.0.12"), web, 8080, false, `${ns}/from-office`);
  });
});
