/**
 * Pods that really run: images of ES modules pushed to the built-in registry, pulled by a real kubelet, loaded
 * as isolates; a server answers HTTP through the pod proxy and passes its readiness probe, a run entry's result
 * becomes the container's exit code, console output is the container's log, a crash loops with back-off and
 * a missing image backs off its pulls.
 */
import { SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, get, post } from "../../api/client";
import type { Obj } from "../../controllers/kwok";
import { emptyPool, poolNodes, pushModuleImage, setPool, WAIT } from "./pool";

let server = "";
let job = "";
let crash = "";
let sidecar = "";

beforeAll(async () => {
  await setPool('{"pools":[{"name":"iso","count":1,"namePrefix":"iso-"}]}');
  await vi.waitFor(async () => expect((await poolNodes()).length).toBe(1), WAIT);
  server = await pushModuleImage("apps/server", "v1", {
    "index.js": "import { hello } from './lib.js';\nconsole.log('server starting');\nexport default { async fetch(req, env) { const u = new URL(req.url); if (u.pathname === '/healthz') return new Response('ok'); console.log('GET ' + u.pathname); return new Response(hello(env.GREETING, env.FROM_IMAGE, env.KUBE.podName, Object.keys(env.KUBE.volumes).join(','))); }, exec(env, cmd) { return { stdout: 'ran ' + cmd.join(' ') + '\\n', stderr: cmd[0] === 'fail' ? 'failing\\n' : '', exitCode: cmd[0] === 'fail' ? 2 : 0 }; } };\n",
    "lib.js": "export const hello = (...parts) => parts.join(' ');\n",
  }, ["index.js"]);
  job = await pushModuleImage("apps/job", "v1", { "main.mjs": "export default { async run(env) { console.log('working on', env.TASK); console.error('warned'); return Number(env.EXIT ?? 0); } };\n" }, ["main.mjs"]);
  sidecar = await pushModuleImage("apps/sidecar", "v1", {
    "index.js": "export default { async fetch(req, env) { if (env.ROLE === 'front') { const r = await fetch('http://localhost:9090/data'); return new Response('front got: ' + await r.text()); } return new Response('back ' + env.KUBE.containerName); } };\n",
  }, ["index.js"]);
  crash = await pushModuleImage("apps/crash", "v1", { "index.js": "console.log('about to fail');\nthrow new Error('boom at load');\n" }, ["index.js"]);
}, 60_000);

afterAll(emptyPool, 40_000);

const pod = (name: string, spec: Obj): Obj => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { nodeName: "iso-0", ...spec } });
const podOf = async (name: string): Promise<Obj> => (await get(`/api/v1/namespaces/default/pods/${name}`)).body;
const reasons = async (name: string): Promise<string[]> => (await get(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${name}`)).body.items.map((e: Obj) => e.reason);

describe("isolate pods", () => {
  it("a server runs, passes its readiness probe and answers through the pod proxy", async () => {
    await post("/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-conf" }, data: { "app.conf": "x=1" } });
    const created = await post("/api/v1/namespaces/default/pods", pod("web", {
      containers: [{
        name: "web",
        image: server,
        env: [{ name: "GREETING", value: "hello" }],
        ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1 },
        volumeMounts: [{ name: "conf", mountPath: "/etc/app" }],
      }],
      volumes: [{ name: "conf", configMap: { name: "web-conf" } }],
    }));
    expect(created.status, created.text).toBe(201);
    const running = await vi.waitFor(async () => {
      const p = await podOf("web");
      expect(p.status.phase).toBe("Running");
      expect(p.status.conditions.find((c: Obj) => c.type === "Ready")?.status).toBe("True");
      return p;
    }, WAIT);
    const cs = running.status.containerStatuses[0];
    expect(cs).toMatchObject({ name: "web", ready: true, started: true, restartCount: 0 });
    expect(cs.containerID).toMatch(/^isolate:\/\//);
    expect(cs.imageID).toMatch(/^k8s\.test\/apps\/server@sha256:[0-9a-f]{64}$/);
    expect(running.status.podIP).toBeDefined();
    const res = await call("GET", "/api/v1/namespaces/default/pods/web:8080/proxy/greet");
    expect(res.status, res.text).toBe(200);
    // The service account token's projected volume is mounted too (ServiceAccount admission adds it).
    expect(res.text).toBe("hello yes web /etc/app,/var/run/secrets/kubernetes.io/serviceaccount");
    expect(await reasons("web")).toEqual(expect.arrayContaining(["Pulling", "Pulled", "Created", "Started"]));
    await vi.waitFor(async () => {
      const logs = await call("GET", "/api/v1/namespaces/default/pods/web/log");
      expect(logs.status).toBe(200);
      expect(logs.text).toContain("server starting\n");
      expect(logs.text).toContain("GET /greet\n");
    }, WAIT);
  });

  it("kubectl exec over WebSocket v5 runs the container's exec entry", async () => {
    const exec = async (args: string) => {
      const res = await SELF.fetch(`https://k8s.test/api/v1/namespaces/default/pods/web/exec?${args}&stdout=true&stderr=true`, {
        headers: { Authorization: "Bearer test-admin-token", Upgrade: "websocket", "Sec-WebSocket-Protocol": "v4.channel.k8s.io,v5.channel.k8s.io" },
      });
      expect(res.status).toBe(101);
      expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("v5.channel.k8s.io");
      const ws = res.webSocket!;
      const frames: Promise<[number, string]>[] = [];
      const closed = new Promise<void>((done) => ws.addEventListener("close", () => done()));
      ws.addEventListener("message", (m) => {
        // Binary messages arrive as a Blob or an ArrayBuffer depending on the runtime's binaryType.
        const data = m.data as unknown as Blob | ArrayBuffer;
        frames.push((data instanceof Blob ? data.arrayBuffer() : Promise.resolve(data)).then((buf) => {
          const bytes = new Uint8Array(buf);
          return [bytes[0], new TextDecoder().decode(bytes.subarray(1))];
        }));
      });
      ws.accept();
      await closed;
      return Promise.all(frames);
    };
    expect(await exec("command=ls&command=-l")).toEqual([[1, "ran ls -l\n"], [3, JSON.stringify({ metadata: {}, status: "Success" })]]);
    const failed = await exec("command=fail");
    expect(failed.slice(0, 2)).toEqual([[1, "ran fail\n"], [2, "failing\n"]]);
    expect(JSON.parse(failed[2][1])).toMatchObject({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "2" }] } });
  });

  it("containers of one pod reach each other at localhost:<port>", async () => {
    await post("/api/v1/namespaces/default/pods", pod("duo", {
      containers: [
        { name: "front", image: sidecar, env: [{ name: "ROLE", value: "front" }], ports: [{ containerPort: 8080 }] },
        { name: "back", image: sidecar, ports: [{ containerPort: 9090 }] },
      ],
    }));
    await vi.waitFor(async () => expect((await podOf("duo")).status?.phase).toBe("Running"), WAIT);
    const res = await call("GET", "/api/v1/namespaces/default/pods/duo:8080/proxy/");
    expect(res.text).toBe("front got: back back");
  });

  it("a run entry's result is the exit code; output is the log", async () => {
    await post("/api/v1/namespaces/default/pods", pod("ok", { restartPolicy: "Never", containers: [{ name: "c", image: job, env: [{ name: "TASK", value: "t1" }] }] }));
    await post("/api/v1/namespaces/default/pods", pod("bad", { restartPolicy: "Never", containers: [{ name: "c", image: job, env: [{ name: "EXIT", value: "3" }] }] }));
    await vi.waitFor(async () => expect((await podOf("ok")).status.phase).toBe("Succeeded"), WAIT);
    const bad = await vi.waitFor(async () => {
      const p = await podOf("bad");
      expect(p.status.phase).toBe("Failed");
      return p;
    }, WAIT);
    expect(bad.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    const noExec = await call("GET", "/api/v1/namespaces/default/pods/ok/exec?command=ls", undefined, { headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": "v5.channel.k8s.io" } });
    expect(noExec.status).toBe(400);
    expect(noExec.body.message).toBe("container c is not running");
    const logs = await call("GET", "/api/v1/namespaces/default/pods/ok/log?timestamps=true");
    expect(logs.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z working on t1\n\S+ warned\n$/);
  });

  it("a container that throws while loading loops in CrashLoopBackOff", async () => {
    await post("/api/v1/namespaces/default/pods", pod("crash", { containers: [{ name: "c", image: crash }] }));
    const p = await vi.waitFor(async () => {
      const got = await podOf("crash");
      const cs = got.status?.containerStatuses?.[0];
      expect(cs?.restartCount).toBeGreaterThanOrEqual(1);
      expect(cs?.state.waiting?.reason).toBe("CrashLoopBackOff");
      return got;
    }, { timeout: 30_000, interval: 200 });
    expect(p.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error", message: "Error: boom at load" });
    expect(await reasons("crash")).toContain("BackOff");
    const previous = await call("GET", "/api/v1/namespaces/default/pods/crash/log?previous=true");
    expect(previous.text).toContain("about to fail");
  });

  it("a missing image reaches ImagePullBackOff", async () => {
    await post("/api/v1/namespaces/default/pods", pod("missing", { containers: [{ name: "c", image: "k8s.test/apps/nope:v9" }] }));
    await vi.waitFor(async () => {
      const cs = (await podOf("missing")).status?.containerStatuses?.[0];
      expect(["ErrImagePull", "ImagePullBackOff"]).toContain(cs?.state.waiting?.reason);
    }, WAIT);
    expect(await reasons("missing")).toEqual(expect.arrayContaining(["Pulling", "Failed"]));
  });
});
