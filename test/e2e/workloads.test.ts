/**
 * Workloads with the real kubectl, as on a real cluster: the controllers and the scheduler run in the server,
 * a KWOK-style stand-in plays the kubelets (kwok-kubelet.ts). rollout status/history/undo/pause/resume/
 * restart, scale, wait, cordon, drain and describe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useKubectlServer, sleep } from "./kubectl-session";
import { startKwok, type Kwok } from "./kwok-kubelet";

const kc = useKubectlServer();
const { ok, json } = kc;
let kwok: Kwok | undefined;
const NODES = ["kwok-a", "kwok-b", "kwok-c"];

beforeAll(async () => {
  kwok = await startKwok(kc.server(), NODES);
});
afterAll(async () => {
  await kwok?.stop();
});

const images = async (ns: string, name: string): Promise<string[]> =>
  (await json(["-n", ns, "get", "deployment", name])).spec.template.spec.containers.map((c: { image: string }) => c.image);

describe("kubectl rollout", () => {
  it("create deployment → rollout status → set image → history → undo", async () => {
    const ns = await kc.namespace("rollout");
    await ok(["-n", ns, "create", "deployment", "web", "--image=nginx:1.26", "--replicas=3"]);
    expect(await ok(["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"])).toContain('deployment "web" successfully rolled out');
    const pods = await json(["-n", ns, "get", "pods", "-l", "app=web"]);
    expect(pods.items).toHaveLength(3);
    for (const p of pods.items) {
      expect(NODES).toContain(p.spec.nodeName);
      expect(p.status.conditions.find((c: { type: string }) => c.type === "PodScheduled")?.status).toBe("True");
    }

    await ok(["-n", ns, "set", "image", "deployment/web", "nginx=nginx:1.27"]);
    expect(await ok(["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"])).toContain('deployment "web" successfully rolled out');
    const history = await ok(["-n", ns, "rollout", "history", "deployment/web"]);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    const rs = await json(["-n", ns, "get", "replicasets", "-l", "app=web"]);
    expect(rs.items).toHaveLength(2);
    const live = rs.items.filter((r: { spec: { replicas: number } }) => r.spec.replicas > 0);
    expect(live).toHaveLength(1);
    expect(live[0].spec.template.spec.containers[0].image).toBe("nginx:1.27");

    expect(await ok(["-n", ns, "rollout", "undo", "deployment/web"])).toBe("deployment.apps/web rolled back\n");
    expect(await ok(["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"])).toContain("successfully rolled out");
    expect(await images(ns, "web")).toEqual(["nginx:1.26"]);
    expect(await ok(["-n", ns, "rollout", "history", "deployment/web"])).toMatch(/\n2\s+<none>\n3\s+<none>/);
  });

  it("pause holds a template change back; resume rolls it out; restart rolls every pod", async () => {
    const ns = await kc.namespace("pause");
    await ok(["-n", ns, "create", "deployment", "api", "--image=nginx:1.26", "--replicas=2"]);
    await ok(["-n", ns, "rollout", "status", "deployment/api", "--timeout=60s"]);
    expect(await ok(["-n", ns, "rollout", "pause", "deployment/api"])).toBe("deployment.apps/api paused\n");
    await ok(["-n", ns, "set", "image", "deployment/api", "nginx=nginx:1.27"]);
    await sleep(500);
    expect((await json(["-n", ns, "get", "replicasets", "-l", "app=api"])).items).toHaveLength(1);
    const paused = await json(["-n", ns, "get", "deployment", "api"]);
    expect(paused.status.conditions.find((c: { type: string }) => c.type === "Progressing")?.reason).toBe("DeploymentPaused");

    expect(await ok(["-n", ns, "rollout", "resume", "deployment/api"])).toBe("deployment.apps/api resumed\n");
    await ok(["-n", ns, "rollout", "status", "deployment/api", "--timeout=60s"]);
    expect((await json(["-n", ns, "get", "replicasets", "-l", "app=api"])).items).toHaveLength(2);

    const before = new Set((await json(["-n", ns, "get", "pods", "-l", "app=api"])).items.map((p: { metadata: { name: string } }) => p.metadata.name));
    expect(await ok(["-n", ns, "rollout", "restart", "deployment/api"])).toBe("deployment.apps/api restarted\n");
    await ok(["-n", ns, "rollout", "status", "deployment/api", "--timeout=60s"]);
    const after = (await json(["-n", ns, "get", "pods", "-l", "app=api"])).items.filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp);
    expect(after).toHaveLength(2);
    for (const p of after) expect(before.has(p.metadata.name)).toBe(false);
  });

  it("scale and wait --for=condition=Available; describe shows the story", async () => {
    const ns = await kc.namespace("scale");
    await ok(["-n", ns, "create", "deployment", "web", "--image=nginx", "--replicas=1"]);
    expect(await ok(["-n", ns, "scale", "deployment/web", "--replicas=4"])).toBe("deployment.apps/web scaled\n");
    expect(await ok(["-n", ns, "wait", "--for=condition=Available", "deployment/web", "--timeout=60s"])).toBe("deployment.apps/web condition met\n");
    await ok(["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"]);
    expect((await json(["-n", ns, "get", "pods", "-l", "app=web"])).items).toHaveLength(4);
    const described = await ok(["-n", ns, "describe", "deployment", "web"]);
    expect(described).toMatch(/Replicas:\s+4 desired \| 4 updated \| 4 total \| 4 available \| 0 unavailable/);
    expect(described).toMatch(/Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-[a-z0-9]+ (from 1 )?to 4/);
    const pod = (await json(["-n", ns, "get", "pods", "-l", "app=web"])).items[0];
    const podDescribed = await ok(["-n", ns, "describe", "pod", pod.metadata.name]);
    expect(podDescribed).toMatch(new RegExp(`Normal\\s+Scheduled\\s+.*default-scheduler\\s+Successfully assigned ${ns}/${pod.metadata.name} to kwok-[abc]`));
    const rsDescribed = await ok(["-n", ns, "describe", "replicaset", "-l", "app=web"]);
    expect(rsDescribed).toMatch(/Normal\s+SuccessfulCreate\s+.*replicaset-controller\s+Created pod: web-/);
  });
});

describe("kubectl wait for a Job", () => {
  it("create job → wait --for=condition=complete", async () => {
    const ns = await kc.namespace("job");
    await ok(["-n", ns, "create", "job", "pi", "--image=perl:5.34", "--", "perl", "-e", "print 1"]);
    expect(await ok(["-n", ns, "wait", "--for=condition=complete", "job/pi", "--timeout=60s"])).toBe("job.batch/pi condition met\n");
    const job = await json(["-n", ns, "get", "job", "pi"]);
    expect(job.status.succeeded).toBe(1);
  });
});

describe("kubectl cordon and drain", () => {
  it("cordon marks the node unschedulable; drain evicts its pods and they are recreated elsewhere", async () => {
    const ns = await kc.namespace("drain");
    await ok(["-n", ns, "create", "deployment", "web", "--image=nginx", "--replicas=6"]);
    await ok(["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"]);
    const target = "kwok-a";
    expect(await ok(["cordon", target])).toBe(`node/${target} cordoned\n`);
    expect(await ok(["get", "node", target])).toMatch(/Ready,SchedulingDisabled/);
    const drained = await ok(["drain", target, "--ignore-daemonsets", "--timeout=60s"]);
    expect(drained).toContain(`node/${target} drained`);
    await ok(["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"]);
    const pods = (await json(["-n", ns, "get", "pods", "-l", "app=web"])).items.filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(6);
    for (const p of pods) expect(p.spec.nodeName).not.toBe(target);
    expect(await ok(["uncordon", target])).toBe(`node/${target} uncordoned\n`);
    expect((await json(["get", "node", target])).spec.unschedulable).toBeUndefined();
  });
});
