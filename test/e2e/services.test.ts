/**
 * Services carrying real traffic end to end: `npm start` with two nodes, an image of ES modules pushed to the
 * built-in registry and run as a Deployment by the real kubectl, exposed as a LoadBalancer Service; curl
 * reaches it by its edge hostname, its NodePort host, an Ingress rule and the API server's service proxy; the
 * pods reach each other by cluster DNS names and the API server with their service-account token; a
 * NetworkPolicy closes and opens the path.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";
import { eventually as waitFor, kubectlOk, nodePoolVars, pushImage } from "./edge-cluster";
import { runCommand } from "./run-command";

let server: TestServer;
let work: string;
let ca: string;

const kubectl = (args: string[]) => kubectlOk(server, args);
const eventually = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number) => waitFor(server, what, check, timeoutMs);

/** An echo server: `<pod> <path>`; `/call?url=…[&token=1]` fetches `url` from inside the pod and answers `<status> <body>`. */
const ECHO = `export default {
  async fetch(req, env) {
    const u = new URL(req.url);
    if (u.pathname === "/call") {
      const headers = {};
      if (u.searchParams.get("token")) headers.authorization = "Bearer " + env.KUBE.volumes["/var/run/secrets/kubernetes.io/serviceaccount"].token;
      const r = await fetch(u.searchParams.get("url"), { headers });
      return new Response(r.status + " " + (await r.text()));
    }
    return new Response(env.KUBE.podName + " " + u.pathname);
  },
};
`;

/** curl over HTTPS to `host` (resolved to the server), CA-verified: status and body. */
async function curl(host: string, path: string, extra: string[] = []): Promise<{ status: number; body: string }> {
  const url = `https://${host}:${server.port}${path}`;
  const r = await runCommand("curl", ["-sS", "--cacert", ca, "--resolve", `${host}:${server.port}:127.0.0.1`, "-w", "\n%{http_code}", ...extra, url]);
  expect(r.code, `curl ${url}: ${r.stderr}`).toBe(0);
  const at = r.stdout.lastIndexOf("\n");
  return { status: Number(r.stdout.slice(at + 1)), body: r.stdout.slice(0, at) };
}

async function podNames(): Promise<string[]> {
  return (await kubectl(["get", "pods", "-l", "app=web", "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"])).trim().split(/\s+/).filter(Boolean);
}

/** Who answered `n` requests to `host`. */
async function answeredBy(host: string, n: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = await curl(host, "/");
    expect(r.status, r.body).toBe(200);
    seen.add(r.body.split(" ")[0]);
  }
  return seen;
}

const LB = "web-default.lb.localhost";

beforeAll(async () => {
  server = await startServer({ env: nodePoolVars(2) });
  work = mkdtempSync(join(tmpdir(), "kube-edge-services-"));
  ca = join(work, "server-ca.crt");
  writeFileSync(ca, server.caPem);
  await eventually("two Ready nodes", async () => ((await kubectl(["get", "nodes"])).match(/\sReady\s/g)?.length === 2 ? true : undefined));
  const image = await pushImage(server, work, "demo/echo:v1", { "package.json": JSON.stringify({ name: "echo", type: "module", main: "server.js" }), "server.js": ECHO });
  await kubectl(["create", "deployment", "web", `--image=${image}`, "--replicas=3", "--port=8080"]);
  await kubectl(["rollout", "status", "deployment/web", "--timeout=120s"]);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("services", () => {
  it("a LoadBalancer Service gets a ClusterIP, a NodePort and an edge hostname that spreads requests across replicas", async () => {
    await kubectl(["expose", "deployment", "web", "--type=LoadBalancer", "--port=80", "--target-port=8080"]);
    const row = await eventually("the LoadBalancer hostname", async () => {
      const out = await kubectl(["get", "svc", "web"]);
      return out.includes(LB) ? out : undefined;
    });
    expect(row).toMatch(/web\s+LoadBalancer\s+10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+\s+web-default\.lb\.localhost\s+80:3\d{4}\/TCP/);
    const pods = await podNames();
    expect(pods).toHaveLength(3);
    const seen = await eventually("answers from every replica", async () => ((await answeredBy(LB, 12)).size === 3 ? true : undefined));
    expect(seen).toBe(true);
    for (const p of await answeredBy(LB, 3)) expect(pods).toContain(p);
  });

  it("a LoadBalancer host never reaches the Kubernetes API", async () => {
    const r = await curl(LB, "/api/v1/namespaces", ["-H", `Authorization: Bearer ${server.token}`]);
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^web-\S+ \/api\/v1\/namespaces$/);
    const unknown = await curl("nothing-here.lb.localhost", "/api/v1/namespaces", ["-H", `Authorization: Bearer ${server.token}`]);
    expect(unknown.status).toBe(404);
    expect(unknown.body).not.toContain("NamespaceList");
  });

  it("the NodePort host of each node reaches the Service", async () => {
    const nodePort = (await kubectl(["get", "svc", "web", "-o", "jsonpath={.spec.ports[0].nodePort}"])).trim();
    for (const node of ["edge-node-0", "edge-node-1"]) {
      const r = await curl(`${node}-${nodePort}.nodes.lb.localhost`, "/np");
      expect(r.status, r.body).toBe(200);
      expect(r.body).toMatch(/^web-\S+ \/np$/);
    }
    // Either node reaches every endpoint (externalTrafficPolicy: Cluster).
    await eventually("every replica through one NodePort host", async () => ((await answeredBy(`edge-node-0-${nodePort}.nodes.lb.localhost`, 12)).size === 3 ? true : undefined));
  });

  it("the API server's service proxy reaches an endpoint", async () => {
    expect(await kubectl(["get", "--raw", "/api/v1/namespaces/default/services/web:80/proxy/hello"])).toMatch(/^web-\S+ \/hello$/);
  });

  it("pods reach the Service by every DNS name form, and the API server with their token", async () => {
    for (const name of ["web", "web.default", "web.default.svc", "web.default.svc.cluster.local"]) {
      const r = await curl(LB, `/call?url=${encodeURIComponent(`http://${name}/inner`)}`);
      expect(r.body, name).toMatch(/^200 web-\S+ \/inner$/);
    }
    // From a pod, the ClusterIP Service spreads too.
    await eventually("every replica from inside a pod", async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) seen.add((await curl(LB, `/call?url=${encodeURIComponent("http://web.default/")}`)).body.split(" ")[1]);
      return seen.size === 3 ? true : undefined;
    });
    const clusterIP = (await kubectl(["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"])).trim();
    expect((await curl(LB, `/call?url=${encodeURIComponent(`http://${clusterIP}:80/ip`)}`)).body).toMatch(/^200 web-\S+ \/ip$/);
    const allowed = await curl(LB, `/call?token=1&url=${encodeURIComponent("https://kubernetes.default.svc/api")}`);
    expect(allowed.body).toMatch(/^200 .*"kind":"APIVersions"/);
    const forbidden = await curl(LB, `/call?token=1&url=${encodeURIComponent("https://kubernetes.default.svc/api/v1/namespaces/default/secrets")}`);
    expect(forbidden.body).toMatch(/^403 .*system:serviceaccount:default:default/);
  });

  it("an Ingress routes by host and path", async () => {
    await kubectl(["create", "ingress", "web", "--rule=web.example.test/app*=web:80"]);
    const r = await eventually("the Ingress route", async () => {
      const res = await curl("127.0.0.1", "/app/x", ["-H", "Host: web.example.test"]);
      return res.status === 200 ? res : undefined;
    });
    expect(r.body).toMatch(/^web-\S+ \/app\/x$/);
    expect((await curl("127.0.0.1", "/other", ["-H", "Host: web.example.test"])).status).toBe(404);
    expect(await kubectl(["get", "ingress", "web"])).toMatch(/web\s+kube-edge\s+web\.example\.test\s+ingress\.lb\.localhost/);
  });

  it("a default-deny NetworkPolicy closes the path, an allow rule opens it", async () => {
    const deny = join(work, "deny.yaml");
    writeFileSync(deny, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n");
    await kubectl(["apply", "-f", deny]);
    const denied = await eventually("the policy applied", async () => {
      const res = await curl(LB, "/");
      return res.status === 403 ? res : undefined;
    });
    expect(denied.body).toContain("network policy");
    const allow = join(work, "allow.yaml");
    writeFileSync(allow, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - ports:\n    - port: 8080\n");
    await kubectl(["apply", "-f", allow]);
    await eventually("the allow rule applied", async () => ((await curl(LB, "/")).status === 200 ? true : undefined));
    await kubectl(["delete", "networkpolicy", "deny-web", "allow-web"]);
  });

  it("traffic follows scale-down and scale-up", async () => {
    await kubectl(["scale", "deployment/web", "--replicas=1"]);
    await eventually("one replica answering", async () => ((await answeredBy(LB, 6)).size === 1 ? true : undefined));
    await kubectl(["scale", "deployment/web", "--replicas=2"]);
    await eventually("two replicas answering", async () => ((await answeredBy(LB, 10)).size === 2 ? true : undefined));
  });
});
