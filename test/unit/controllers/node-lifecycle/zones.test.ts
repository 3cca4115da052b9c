/** Zone keys, zone states and what they let the NoExecute tainting do. */
import { describe, expect, it } from "vitest";
import { noExecuteGate, summarizeZones, zoneOf, zoneState } from "../../../../worker/controllers/node-lifecycle/zones";
import type { KubeObject } from "../../../../schema/types";

const node = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, labels } });

describe("zoneOf", () => {
  it.each([
    [{}, ""],
    [{ "topology.kubernetes.io/zone": "a" }, ":\0:a"],
    [{ "topology.kubernetes.io/zone": "a", "topology.kubernetes.io/region": "r" }, "r:\0:a"],
    [{ "topology.kubernetes.io/zone": "a", "failure-domain.beta.kubernetes.io/zone": "b" }, ":\0:b"],
    [{ "topology.kubernetes.io/region": "r" }, "r:\0:"],
  ])("%j → %j", (labels, key) => expect(zoneOf(node("n", labels))).toBe(key));
});

describe("zoneState", () => {
  it.each([
    [[], "Normal"],
    [["True"], "Normal"],
    [["Unknown"], "FullDisruption"],
    [[undefined, "False"], "FullDisruption"],
    [["True", "Unknown"], "Normal"],
    [["True", "Unknown", "Unknown"], "Normal"],
    [["True", "Unknown", "False", "Unknown"], "PartialDisruption"],
    [["True", "True", "Unknown", "Unknown", "Unknown"], "PartialDisruption"],
    [["True", "True", "True", "Unknown", "Unknown", "Unknown"], "Normal"],
  ])("%j → %s", (statuses, state) => expect(zoneState(statuses)).toBe(state));
});

describe("noExecuteGate", () => {
  const zone = (z: string) => ({ "topology.kubernetes.io/zone": z });
  const summary = (entries: [string, string, string | undefined][]) =>
    summarizeZones(entries.map(([name, z, ready]) => ({ node: node(name, zone(z)), ready })));

  it("a healthy cluster allows tainting (converged: nothing held)", () => {
    expect(noExecuteGate(summary([["a1", "a", "True"], ["a2", "a", "Unknown"]]), node("a2", zone("a")))).toBe("allow");
  });
  it("every zone fully disrupted: clear (the control plane is suspect, not the nodes)", () => {
    const s = summary([["a1", "a", "Unknown"], ["b1", "b", "False"]]);
    expect(noExecuteGate(s, node("a1", zone("a")))).toBe("clear");
  });
  it("one zone fully disrupted while another is healthy: allow (healthy rate)", () => {
    const s = summary([["a1", "a", "Unknown"], ["b1", "b", "True"]]);
    expect(noExecuteGate(s, node("a1", zone("a")))).toBe("allow");
  });
  it("a small partially disrupted zone: hold", () => {
    const s = summary([["a1", "a", "True"], ["a2", "a", "Unknown"], ["a3", "a", "Unknown"], ["a4", "a", "Unknown"]]);
    expect(noExecuteGate(s, node("a2", zone("a")))).toBe("hold");
  });
  it("a large partially disrupted zone keeps its (reduced) rate: allow", () => {
    const entries: [string, string, string | undefined][] = Array.from({ length: 60 }, (_, i) => [`a${i}`, "a", i < 20 ? "True" : "Unknown"]);
    expect(noExecuteGate(summary(entries), node("a30", zone("a")))).toBe("allow");
  });
  it("excluded nodes do not count: the only counted node being down is full disruption", () => {
    const s = summarizeZones([
      { node: node("x", { ...zone("a"), "node.kubernetes.io/exclude-disruption": "" }), ready: "True" },
      { node: node("y", zone("a")), ready: "Unknown" },
    ]);
    expect(s.sizes.get(":\0:a")).toBe(1);
    expect(noExecuteGate(s, node("y", zone("a")))).toBe("clear");
  });
});
