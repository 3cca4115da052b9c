import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  addPodToCycleState,
  interPodAffinityFilter,
  interPodAffinityPreFilter,
  removePodFromCycleState,
  runPreFilters,
} from "../../../../worker/scheduler/filters";
import { affinity, cluster, existsSel, filterEach, inSel, namespace, node, notInSel, pod, show, term } from "../cluster-helpers";

const AFF = "node(s) didn't match pod affinity rules !";
const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";

const scan = { service: "securityscan" };
const s1 = { security: "S1" };

// Upstream TestRequiredAffinitySingleNode: one node {region: r1, zone: z11}.
describe("InterPodAffinity Filter, one node", () => {
  const machine1 = node("machine1", { region: "r1", zone: "z11" });
  const onMachine1 = (labels: Record<string, string>, extra: { affinity?: KubeObject; ns?: string } = {}) =>
    pod("existing", { labels, node: "machine1", ...extra });

  it.each<[string, KubeObject, KubeObject[], string]>([
    ["no affinity, no pods", pod("p"), [], "ok"],
    [
      "affinity In matches the existing pod",
      pod("p", { labels: s1, affinity: affinity({ req: [term(inSel("service", "securityscan", "value2"), "region")] }) }),
      [onMachine1(scan)],
      "ok",
    ],
    [
      "affinity NotIn matches the existing pod",
      pod("p", { labels: s1, affinity: affinity({ req: [term(notInSel("service", "securityscan3", "value3"), "region")] }) }),
      [onMachine1(scan)],
      "ok",
    ],
    [
      "the term's namespaces hold no matching pod",
      pod("p", { labels: s1, affinity: affinity({ req: [term(inSel("service", "securityscan"), "region", { namespaces: ["DiffNameSpace"] })] }) }),
      [onMachine1(scan, { ns: "ns" })],
      AFF,
    ],
    [
      "selector matches no existing pod",
      pod("p", { labels: scan, affinity: affinity({ req: [term(inSel("service", "antivirusscan", "value2"), "region")] }) }),
      [onMachine1(scan)],
      AFF,
    ],
    [
      "several terms, each matched",
      pod("p", {
        labels: s1,
        affinity: affinity({
          req: [
            term({ matchExpressions: [{ key: "service", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, "region"),
            term({ matchExpressions: [{ key: "service", operator: "In", values: ["securityscan"] }, { key: "service", operator: "NotIn", values: ["WrongValue"] }] }, "region"),
          ],
        }),
      }),
      [onMachine1(scan)],
      "ok",
    ],
    [
      "requirements are ANDed: one fails",
      pod("p", {
        labels: s1,
        affinity: affinity({
          req: [
            term(existsSel("service"), "region"),
            term({ matchExpressions: [{ key: "service", operator: "In", values: ["securityscan2"] }, { key: "service", operator: "NotIn", values: ["WrongValue"] }] }, "region"),
          ],
        }),
      }),
      [onMachine1(scan)],
      AFF,
    ],
    [
      "affinity satisfied, anti-affinity's topology key absent from the node",
      pod("p", {
        labels: s1,
        affinity: affinity({ req: [term(inSel("service", "securityscan"), "region")], anti: [term(inSel("service", "securityscan"), "node")] }),
      }),
      [onMachine1(scan)],
      "ok",
    ],
    [
      "affinity satisfied, anti-affinity violated in the zone",
      pod("p", {
        labels: s1,
        affinity: affinity({ req: [term(inSel("service", "securityscan"), "region")], anti: [term(inSel("service", "securityscan"), "zone")] }),
      }),
      [onMachine1(scan)],
      ANTI,
    ],
    [
      "existing pod's anti-affinity (zone) matches the incoming pod",
      pod("p", { labels: scan, affinity: affinity({ req: [term(inSel("service", "securityscan"), "region")] }) }),
      [onMachine1(scan, { affinity: affinity({ anti: [term(inSel("service", "securityscan"), "zone")] }) })],
      EXISTING,
    ],
    [
      "existing pod's anti-affinity is honoured when the incoming pod has no affinity",
      pod("p", { labels: scan }),
      [onMachine1(scan, { affinity: affinity({ anti: [term(inSel("service", "securityscan"), "zone")] }) })],
      EXISTING,
    ],
    [
      "existing pod's anti-affinity does not match the incoming pod",
      pod("p", { labels: scan }),
      [onMachine1(scan, { affinity: affinity({ anti: [term(notInSel("service", "securityscan"), "zone")] }) })],
      "ok",
    ],
    [
      "existing pod's anti-affinity on a key the node lacks",
      pod("p", { labels: scan }),
      [onMachine1(scan, { affinity: affinity({ anti: [term(inSel("service", "securityscan"), "rack")] }) })],
      "ok",
    ],
    [
      "matching pod on a node outside the snapshot does not count; the pod does not match its own term",
      pod("p", { labels: scan, affinity: affinity({ req: [term(notInSel("service", "securityscan"), "region")] }) }),
      [pod("elsewhere", { labels: scan, node: "machine2" })],
      AFF,
    ],
  ])("%s", (_name, p, pods, want) => {
    expect(filterEach(p, cluster([machine1], pods), interPodAffinityFilter)).toEqual({ machine1: want });
  });
});

describe("InterPodAffinity Filter, several nodes", () => {
  const a = node("a", { zone: "z1", host: "a" });
  const b = node("b", { zone: "z1", host: "b" });
  const c = node("c", { zone: "z2", host: "c" });
  const d = node("d", { host: "d" });
  const nodes = [a, b, c, d];
  const db = (name: string, on: string, extra: { ns?: string } = {}) => pod(name, { labels: { app: "db" }, node: on, ...extra });
  const web = (name: string, on: string) => pod(name, { labels: { app: "web" }, node: on });
  const withDb = affinity({ req: [term(inSel("app", "db"), "zone")] });

  it.each<[string, KubeObject, KubeObject[], Record<string, string>, KubeObject[]?]>([
    ["affinity: the whole zone of a matching pod", pod("p", { affinity: withDb }), [db("db-1", "a")], { a: "ok", b: "ok", c: AFF, d: AFF }],
    [
      "anti-affinity by host: only the node with the pod",
      pod("p", { affinity: affinity({ anti: [term(inSel("app", "web"), "host")] }) }),
      [web("web-1", "a"), web("web-2", "c")],
      { a: ANTI, b: "ok", c: ANTI, d: "ok" },
    ],
    [
      "first pod of a group: nothing matches anywhere and the pod matches its own term",
      pod("p", { labels: { app: "web" }, affinity: affinity({ req: [term(inSel("app", "web"), "zone")] }) }),
      [db("db-1", "a")],
      { a: "ok", b: "ok", c: "ok", d: AFF },
    ],
    [
      "first pod of a group, but the pod does not match its own term",
      pod("p", { labels: { app: "api" }, affinity: affinity({ req: [term(inSel("app", "web"), "zone")] }) }),
      [],
      { a: AFF, b: AFF, c: AFF, d: AFF },
    ],
    [
      "not the first pod: a matching pod exists in another zone",
      pod("p", { labels: { app: "web" }, affinity: affinity({ req: [term(inSel("app", "web"), "zone")] }) }),
      [web("web-1", "c")],
      { a: AFF, b: AFF, c: "ok", d: AFF },
    ],
    [
      "affinity to pods in the pod's own namespace only (no namespaces, no namespaceSelector)",
      pod("p", { affinity: withDb }),
      [db("db-1", "a", { ns: "other" })],
      { a: AFF, b: AFF, c: AFF, d: AFF },
    ],
    [
      "namespaceSelector selects namespaces by label",
      pod("p", { affinity: affinity({ req: [term(inSel("app", "db"), "zone", { namespaceSelector: { matchLabels: { team: "blue" } } })] }) }),
      [db("db-blue", "c", { ns: "blue" }), db("db-red", "a", { ns: "red" })],
      { a: AFF, b: AFF, c: "ok", d: AFF },
      [namespace("default"), namespace("blue", { team: "blue" }), namespace("red", { team: "red" })],
    ],
    [
      "empty namespaceSelector selects every namespace",
      pod("p", { affinity: affinity({ req: [term(inSel("app", "db"), "zone", { namespaceSelector: {} })] }) }),
      [db("db-red", "a", { ns: "red" })],
      { a: "ok", b: "ok", c: AFF, d: AFF },
      [namespace("default"), namespace("red", { team: "red" })],
    ],
    [
      "namespaces and namespaceSelector are ORed",
      pod("p", { affinity: affinity({ req: [term(inSel("app", "db"), "zone", { namespaces: ["red"], namespaceSelector: { matchLabels: { team: "blue" } } })] }) }),
      [db("db-red", "a", { ns: "red" })],
      { a: "ok", b: "ok", c: AFF, d: AFF },
      [namespace("default"), namespace("blue", { team: "blue" }), namespace("red", { team: "red" })],
    ],
    [
      "existing pod's anti-affinity with a namespaceSelector reads the incoming pod's namespace labels",
      pod("p", { ns: "blue", labels: { app: "web" } }),
      [pod("guard", { ns: "red", node: "c", affinity: affinity({ anti: [term(inSel("app", "web"), "zone", { namespaceSelector: { matchLabels: { team: "blue" } } })] }) })],
      { a: "ok", b: "ok", c: EXISTING, d: "ok" },
      [namespace("blue", { team: "blue" }), namespace("red", { team: "red" })],
    ],
    [
      "existing pod's anti-affinity limited to its own namespace ignores pods of others",
      pod("p", { ns: "blue", labels: { app: "web" } }),
      [pod("guard", { ns: "red", node: "c", affinity: affinity({ anti: [term(inSel("app", "web"), "zone")] }) })],
      { a: "ok", b: "ok", c: "ok", d: "ok" },
      [namespace("blue"), namespace("red")],
    ],
  ])("%s", (_name, p, pods, want, namespaces) => {
    expect(filterEach(p, cluster(nodes, pods, namespaces), interPodAffinityFilter)).toEqual(want);
  });
});

describe("InterPodAffinity PreFilter", () => {
  const a = node("a", { zone: "z1" });

  it("skips a pod without required terms when no existing pod's anti-affinity matches it (no constraints → no effect)", () => {
    const c = cluster([a], [pod("x", { node: "a", labels: { app: "db" }, affinity: affinity({ anti: [term(inSel("app", "other"), "zone")] }) })]);
    expect(interPodAffinityPreFilter(pod("p", { labels: { app: "web" } }), c)).toEqual({ code: "Skip" });
    const pre = runPreFilters(pod("p"), c);
    expect(pre.ok && pre.state.interPodAffinity).toBeUndefined();
  });

  it("runs for a pod without terms when an existing pod's anti-affinity matches it", () => {
    const c = cluster([a], [pod("x", { node: "a", affinity: affinity({ anti: [term(inSel("app", "web"), "zone")] }) })]);
    const r = interPodAffinityPreFilter(pod("p", { labels: { app: "web" } }), c);
    expect(r.code === "Success" && [...r.state.existingAntiAffinityCounts]).toEqual([["zone=z1", 1]]);
  });

  it("counts per topology pair: affinity once per term for pods matching all terms, anti-affinity per matching term", () => {
    const b = node("b", { zone: "z1", rack: "r2" });
    const p = pod("p", {
      affinity: affinity({
        req: [term(inSel("app", "db"), "zone"), term(existsSel("tier"), "rack")],
        anti: [term(inSel("app", "db"), "zone"), term(inSel("tier", "x"), "rack")],
      }),
    });
    const r = interPodAffinityPreFilter(p, cluster([a, b], [pod("d1", { node: "b", labels: { app: "db", tier: "x" } }), pod("d2", { node: "a", labels: { app: "db" } })]));
    expect(r.code).toBe("Success");
    if (r.code !== "Success") return;
    expect(Object.fromEntries(r.state.affinityCounts)).toEqual({ "zone=z1": 1, "rack=r2": 1 });
    expect(Object.fromEntries(r.state.antiAffinityCounts)).toEqual({ "zone=z1": 2, "rack=r2": 1 });
  });

  it("rejects a pod whose terms do not parse, with NewPodInfo's error", () => {
    const bad = pod("p", { affinity: affinity({ req: [term(inSel("security", "{{.bad-value.}}"), "zone")] }) });
    const r = runPreFilters(bad, cluster([a]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.plugin).toBe("InterPodAffinity");
    expect(r.code).toBe("UnschedulableAndUnresolvable");
    expect(r.message).toMatch(/^parsing pod: requiredAffinityTerms: values\[0\]\[security\]: Invalid value: "\{\{\.bad-value\.\}\}": /);
  });
});

describe("InterPodAffinity AddPod / RemovePod", () => {
  const a = node("a", { zone: "z1" });
  const c = node("c", { zone: "z2" });
  const infoOf = (snapshot: ReturnType<typeof cluster>, name: string) => snapshot.nodes.find((n) => n.node.metadata.name === name)!;

  it("a pod added to a zone satisfies affinity there; removing the only match falls back to the first-pod rule", () => {
    const p = pod("p", { labels: { app: "web" }, affinity: affinity({ req: [term(inSel("app", "db"), "zone")] }) });
    const dbPod = pod("db", { labels: { app: "db" }, node: "a" });
    const snap = cluster([a, c], [dbPod]);
    const pre = runPreFilters(p, snap);
    if (!pre.ok) throw new Error(pre.message);
    const verdicts = (state: typeof pre.state) => snap.nodes.map((n) => show(interPodAffinityFilter(p, n, state)));
    expect(verdicts(pre.state)).toEqual(["ok", AFF]);
    const added = addPodToCycleState(pre.state, p, pod("db-2", { labels: { app: "db" } }), infoOf(snap, "c"));
    expect(verdicts(added)).toEqual(["ok", "ok"]);
    const removed = removePodFromCycleState(pre.state, p, dbPod, infoOf(snap, "a"));
    expect(removed.interPodAffinity?.affinityCounts.size).toBe(0);
    expect(verdicts(removed)).toEqual([AFF, AFF]);
    expect(verdicts(pre.state)).toEqual(["ok", AFF]);
  });

  it("removing an existing pod with anti-affinity frees its zone (preemption's dry run)", () => {
    const guard = pod("guard", { node: "c", affinity: affinity({ anti: [term(inSel("app", "web"), "zone")] }) });
    const p = pod("p", { labels: { app: "web" } });
    const snap = cluster([a, c], [guard]);
    const pre = runPreFilters(p, snap);
    if (!pre.ok) throw new Error(pre.message);
    expect(show(interPodAffinityFilter(p, infoOf(snap, "c"), pre.state))).toBe(EXISTING);
    const removed = removePodFromCycleState(pre.state, p, guard, infoOf(snap, "c"));
    expect(show(interPodAffinityFilter(p, infoOf(snap, "c"), removed))).toBe("ok");
  });
});
