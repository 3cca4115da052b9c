/**
 * Real kubelets end to end: `npm start` with a node pool of two nodes; an image of ES modules built and pushed
 * with `npm run image`, run as a Deployment by the real kubectl; reached through the pod proxy, its logs read
 * with `kubectl logs`; a crashing pod reaches CrashLoopBackOff, a missing image ImagePullBackOff, and an image
 * that cannot run at the edge is simulated and says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";
import { eventually as waitFor, kubectlOk, nodePoolVars, pushImage as push } from "./edge-cluster";

let server: TestServer;
let work: string;
let registry: string;

const kubectl = (args: string[]) => kubectlOk(server, args);
const eventually = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number) => waitFor(server, what, check, timeoutMs);
const pushImage = (name: string, files: Record<string, string>) => push(server, work, name, files);

beforeAll(async () => {
  server = await startServer({ env: nodePoolVars(2) });
  registry = `127.0.0.1:${server.port}`;
  work = mkdtempSync(join(tmpdir(), "kube-edge-kubelets-"));
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("kubelets", () => {
  it("register their nodes, Ready, with pod CIDRs and addresses", async () => {
    const nodes = await eventually("two Ready nodes", async () => {
      const out = await kubectl(["get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status} {.spec.podCIDR}{\"\\n\"}{end}"]);
      const lines = out.trim().split("\n").filter(Boolean);
      return lines.length === 2 && lines.every((l) => / True 10\./.test(l)) ? lines : undefined;
    });
    expect(nodes.map((l) => l.split(" ")[0]).sort()).toEqual(["edge-node-0", "edge-node-1"]);
    expect(await kubectl(["get", "runtimeclasses", "-o", "name"])).toContain("runtimeclass.node.k8s.io/isolate");
  });

  it("run a Deployment of a pushed image, reachable through the pod proxy, with logs", async () => {
    const image = await pushImage("demo/hello:v1", {
      "package.json": JSON.stringify({ name: "hello", type: "module", main: "server.js" }),
      "server.js": "console.log('hello server up');\nexport default { fetch(req, env) { console.log('served ' + new URL(req.url).pathname); return new Response(`hi from ${env.KUBE.podName}`); }, exec(env, cmd) { return { stdout: `exec ${cmd.join(' ')} in ${env.KUBE.podName}\\n`, exitCode: cmd[0] === 'false' ? 1 : 0 }; } };\n",
    });
    await kubectl(["create", "deployment", "hello", `--image=${image}`, "--replicas=2", "--port=8080"]);
    await kubectl(["rollout", "status", "deployment/hello", "--timeout=90s"]);
    const wide = await kubectl(["get", "pods", "-l", "app=hello", "-o", "wide"]);
    expect(wide).toMatch(/hello-\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.\d+\.\d+\.\d+\s+edge-node-[01]/);
    const pod = (await kubectl(["get", "pods", "-l", "app=hello", "-o", "jsonpath={.items[0].metadata.name}"])).trim();
    expect(await kubectl(["get", "--raw", `/api/v1/namespaces/default/pods/${pod}:8080/proxy/ping`])).toBe(`hi from ${pod}`);
    const logs = await eventually("the pod's log", async () => {
      const out = await kubectl(["logs", pod]);
      return out.includes("served /ping") ? out : undefined;
    });
    expect(logs).toContain("hello server up\n");
    expect(await kubectl(["logs", pod, "--tail=1"])).toBe("served /ping\n");
    expect(await kubectl(["logs", pod, "--timestamps"])).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z hello server up$/m);
    // kubectl exec speaks WebSocket (v5.channel.k8s.io) to the API server; the container's exec entry answers.
    expect(await kubectl(["exec", pod, "--", "ls", "-l"])).toBe(`exec ls -l in ${pod}\n`);
    const failing = await server.kubectl(["exec", pod, "--", "false"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("command terminated with exit code 1");
  });

  it("a crashing container reaches CrashLoopBackOff, a missing image ImagePullBackOff", async () => {
    const crash = await pushImage("demo/crash:v1", { "package.json": JSON.stringify({ main: "index.js" }), "index.js": "console.log('starting');\nthrow new Error('cannot start');\n" });
    await kubectl(["run", "crasher", `--image=${crash}`]);
    await kubectl(["run", "nothing", `--image=${registry}/demo/missing:v1`]);
    await eventually("CrashLoopBackOff", async () => ((await kubectl(["get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}"])) === "CrashLoopBackOff" ? true : undefined));
    await eventually("ImagePullBackOff", async () => ((await kubectl(["get", "pod", "nothing", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}"])) === "ImagePullBackOff" ? true : undefined));
    const described = await kubectl(["describe", "pod", "crasher"]);
    expect(described).toMatch(/Last State:\s+Terminated\s+Reason:\s+Error\s+Message:\s+Error: cannot start\s+Exit Code:\s+1/);
    expect(described).toMatch(/Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container crasher in pod crasher_default/);
    expect(await kubectl(["logs", "crasher", "--previous"])).toContain("starting\n");
    expect(await kubectl(["describe", "pod", "nothing"])).toMatch(/Back-off pulling image "127\.0\.0\.1:\d+\/demo\/missing:v1"/);
  });

  it("an image that cannot run at the edge is simulated, and says so", async () => {
    await kubectl(["run", "web", "--image=nginx:1.27"]);
    await kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=60s"]);
    const described = await kubectl(["describe", "pod", "web"]);
    expect(described).toMatch(/kube-edge\.dev\/Simulated\s+True/);
    expect(described).toMatch(/Normal\s+Simulated\s+.*kubelet\s+kube-edge simulated runtime/);
  });

  it("a kubelet gone silent has its node marked not ready within 60 s", async () => {
    const silenced = Date.now();
    const res = await server.fetch("/admin/kubelets/edge-node-1/silence", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(200);
    const ready = await eventually("edge-node-1 not Ready", async () => {
      const status = await kubectl(["get", "node", "edge-node-1", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"]);
      return status !== "True" ? status : undefined;
    }, 75_000);
    expect(ready).toBe("Unknown");
    expect(Date.now() - silenced).toBeLessThanOrEqual(60_000);
    expect(await kubectl(["get", "node", "edge-node-1"])).toMatch(/edge-node-1\s+NotReady/);
  }, 90_000);
});
