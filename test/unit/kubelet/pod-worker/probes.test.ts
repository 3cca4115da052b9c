import { describe, expect, it } from "vitest";
import type { PodAction, PodWorkerContainer, RuntimeKinds } from "../../../../worker/kubelet/pod-worker";
import type { ProbeOutcome } from "../../../../worker/kubelet/status/probe-outcome";
import { ctr, FETCH, imagesOf, mkPod, Node, S, T0 } from "./fixtures";

const http = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1, failureThreshold: 2 };
const probes = (actions: PodAction[]) => actions.flatMap((a) => (a.kind === "probe" ? [`${a.container}/${a.probeType}`] : []));
const fail: ProbeOutcome = { result: "failure", output: "HTTP probe failed with statuscode: 500" };

function node(c: PodWorkerContainer, answer: (type: string) => ProbeOutcome, restartPolicy = "Always", kind: RuntimeKinds = FETCH) {
  let n = 0;
  return new Node(mkPod([c], { restartPolicy }), imagesOf("app:1"), {
    probe: (_, type) => answer(type),
    start: () => ({ containerID: `isolate://app-${++n}`, kind }),
  }).sync();
}

describe("liveness: a failing container is killed and restarted per restartPolicy", () => {
  it.each<[string, string, string, boolean]>([
    ["Always", "Killing: Container app failed liveness probe, will be restarted", "running", true],
    ["OnFailure", "Killing: Container app failed liveness probe, will be restarted", "running", true],
    ["Never", "Killing: Stopping container app", "terminated:Error", false],
  ])("%s", (policy, killing, state, restarted) => {
    const n = node(ctr("app", { livenessProbe: http }), () => fail, policy);
    n.takeEvents();
    n.at(T0 + S);
    expect(n.takeEvents()).toEqual(["Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500"]);
    n.at(T0 + 2 * S);
    const events = n.takeEvents();
    expect(events.slice(0, 2)).toEqual(["Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500", killing]);
    expect(n.state("app")).toBe(state);
    expect(n.facts().app.restartCount).toBe(restarted ? 1 : 0);
    if (restarted) expect(events).toContain("Started: Started container app");
  });

  it("the probe's terminationGracePeriodSeconds bounds the kill", () => {
    const n = node(ctr("app", { livenessProbe: { ...http, failureThreshold: 1, terminationGracePeriodSeconds: 5 } }), () => fail);
    n.takeActions();
    n.at(T0 + S);
    expect(n.takeActions().find((a) => a.kind === "killContainer")).toMatchObject({ gracePeriodMs: 5000, reason: "liveness" });
  });
});

describe("readiness and startup", () => {
  it("ready follows readiness; liveness and readiness wait for the startup probe", () => {
    let startupOk = false;
    const c = ctr("app", { startupProbe: { ...http, httpGet: { path: "/started", port: 8080 } }, livenessProbe: http, readinessProbe: http });
    const n = node(c, (type) => (type === "startup" && !startupOk ? fail : { result: "success" }));
    expect(probes(n.takeActions())).toEqual([]);
    n.at(T0 + S);
    expect(probes(n.takeActions())).toEqual(["app/startup"]);
    expect(n.facts().app).toMatchObject({ started: false, ready: false });
    startupOk = true;
    n.at(T0 + 2 * S);
    expect(probes(n.takeActions())).toEqual(["app/startup", "app/liveness", "app/readiness"]);
    expect(n.facts().app).toMatchObject({ started: true, ready: true });
    expect(n.status().conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
    expect(n.wakeAtMs).toBe(T0 + 3 * S);
    n.wake();
    expect(probes(n.takeActions())).toEqual(["app/liveness", "app/readiness"]);
  });

  it("a readiness failure makes the container unready without killing it", () => {
    let ok = true;
    const n = node(ctr("app", { readinessProbe: { ...http, failureThreshold: 1 } }), () => (ok ? { result: "success" } : fail));
    expect(n.facts().app.ready).toBe(false);
    n.at(T0 + S);
    expect(n.facts().app.ready).toBe(true);
    ok = false;
    n.at(T0 + 2 * S);
    expect(n.facts().app.ready).toBe(false);
    expect(n.takeEvents()).toContain("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 500");
    expect(n.takeActions().some((a) => a.kind === "killContainer")).toBe(false);
  });
});

describe("probe handlers the isolate runtime answers", () => {
  it.each<[string, PodWorkerContainer, RuntimeKinds, boolean, string[]]>([
    ["tcpSocket on a declared port of a fetch isolate succeeds", ctr("app", { ports: [{ containerPort: 8080 }], readinessProbe: { tcpSocket: { port: 8080 } } }), FETCH, true, []],
    ["tcpSocket on a named port", ctr("app", { ports: [{ name: "http", containerPort: 8080 }], readinessProbe: { tcpSocket: { port: "http" } } }), FETCH, true, []],
    [
      "tcpSocket on an undeclared port is refused",
      ctr("app", { ports: [{ containerPort: 8080 }], readinessProbe: { tcpSocket: { port: 9090 }, failureThreshold: 1 } }),
      FETCH,
      false,
      ["Unhealthy: Readiness probe failed: dial tcp 10.0.0.5:9090: connect: connection refused"],
    ],
    [
      "tcpSocket against an isolate without fetch is refused",
      ctr("app", { ports: [{ containerPort: 8080 }], readinessProbe: { tcpSocket: { port: 8080 }, failureThreshold: 1 } }),
      { fetch: false, run: true, exec: false },
      false,
      ["Unhealthy: Readiness probe failed: dial tcp 10.0.0.5:8080: connect: connection refused"],
    ],
    [
      "exec without an exec export: one warning, never ready",
      ctr("app", { readinessProbe: { exec: { command: ["cat", "/ready"] } } }),
      FETCH,
      false,
      ["Unhealthy: Readiness probe errored and resulted in unknown state: exec probes are not supported by the isolate runtime: container app does not export exec"],
    ],
  ])("%s", (_, c, kind, ready, events) => {
    const n = node(c, () => ({ result: "success" }), "Always", kind);
    n.takeEvents();
    n.at(T0 + 10 * S).at(T0 + 20 * S);
    expect(n.facts().app.ready).toBe(ready);
    expect(n.takeEvents()).toEqual(events.length && events[0].includes("connection refused") ? [events[0], events[0]] : events);
    expect(probes(n.takeActions())).toEqual([]);
  });

  it("exec probes go to an isolate that exports exec", () => {
    const n = node(ctr("app", { readinessProbe: { exec: { command: ["ok"] } } }), () => ({ result: "success" }), "Always", { fetch: true, run: false, exec: true });
    n.at(T0 + 10 * S);
    expect(probes(n.takeActions())).toEqual(["app/readiness"]);
    expect(n.facts().app.ready).toBe(true);
  });
});
