/**
 * A KWOK-style stand-in for kubelets in end-to-end tests (until real kubelets exist): registers nodes with their
 * Leases, then, every `intervalMs`, reports pods bound to its nodes as a kubelet would — Running and Ready, or
 * Succeeded for pods a Job owns (KWOK's default stages) — finishes graceful deletions, and renews the Leases.
 * It talks HTTPS to the real server with the admin token, like any client; `KWOK_DEBUG=1` logs every call.
 */
import type { TestServer } from "./harness";
import { kubeletStatus, nodeObject, type NodeOptions } from "../shared/kwok-status";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export interface Kwok {
  nodes: string[];
  /** Stops the loop (nodes stay registered). */
  stop(): Promise<void>;
}

const LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
const micro = () => new Date().toISOString().replace(/Z$/, "000Z");

export async function startKwok(server: TestServer, nodes: string[], opts: NodeOptions & { intervalMs?: number } = {}): Promise<Kwok> {
  const call = async (method: string, path: string, body?: unknown) => {
    if (process.env.KWOK_DEBUG) console.error(`kwok ${new Date().toISOString()} → ${method} ${path}`);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { "Content-Type": method === "PATCH" ? "application/merge-patch+json" : "application/json" };
    // A sized body: a chunked DELETE body on a kept-alive connection is not read by the local runtime.
    if (text !== undefined) headers["Content-Length"] = String(Buffer.byteLength(text));
    const res = await server.fetch(path, { method, body: text, headers });
    if (process.env.KWOK_DEBUG) console.error(`kwok ${new Date().toISOString()} ← ${res.status} ${method} ${path} ${method === "DELETE" ? res.body.slice(0, 400) : ""}`);
    return { status: res.status, body: res.body ? (JSON.parse(res.body) as Obj) : undefined };
  };
  for (const name of nodes) {
    const res = await call("POST", "/api/v1/nodes", nodeObject(name, opts));
    if (res.status !== 201 && res.status !== 409) throw new Error(`node ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    await call("POST", LEASES, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro() } });
  }
  const mine = new Set(nodes);
  let stopped = false;
  let lastLease = Date.now();
  const tick = async () => {
    const list = await call("GET", "/api/v1/pods");
    for (const pod of (list.body?.items ?? []) as Obj[]) {
      if (!mine.has(pod.spec?.nodeName)) continue;
      const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
      if (pod.metadata.deletionTimestamp) {
        await call("DELETE", path, { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 });
        continue;
      }
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed" || phase === "Running") continue;
      const job = (pod.metadata.ownerReferences ?? []).some((r: Obj) => r.kind === "Job");
      await call("PUT", `${path}/status`, { ...pod, status: kubeletStatus(pod, job ? "Succeeded" : "Ready") });
    }
    if (Date.now() - lastLease > 10_000) {
      lastLease = Date.now();
      for (const name of nodes) await call("PATCH", `${LEASES}/${name}`, { spec: { renewTime: micro() } });
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await tick().catch((e) => process.env.KWOK_DEBUG && console.error("kwok tick failed", e));
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
    }
  })();
  return {
    nodes,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
