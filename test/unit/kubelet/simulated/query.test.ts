import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../../../worker/patch/json";
import { evaluateQuery, parseQuery } from "../../../../worker/kubelet/simulated";

const pod: JsonValue = {
  metadata: {
    name: "p",
    annotations: { "pod-ready.stage.kwok.x-k8s.io/delay": "10s", plain: "x" },
    ownerReferences: [{ kind: "ReplicaSet" }, { kind: "Job" }],
    finalizers: ["a", "b"],
  },
  spec: { containers: [{ name: "c1", image: "nginx" }, { name: "c2", image: "redis" }] },
  status: {
    conditions: [
      { type: "PodScheduled", status: "True" },
      { type: "Ready", status: "False" },
    ],
  },
};

const run = (src: string, input: JsonValue = pod) => {
  const r = parseQuery(src);
  if (!r.ok) throw new Error(r.message);
  return evaluateQuery(r.query, input);
};

describe("evaluateQuery", () => {
  it.each<[string, JsonValue[] | undefined]>([
    [".", [pod]],
    [".metadata.name", ["p"]],
    [".metadata.missing", [null]],
    [".metadata.missing.deeper", [null]],
    ['.metadata.annotations["pod-ready.stage.kwok.x-k8s.io/delay"]', ["10s"]],
    [".metadata.annotations['pod-ready.stage.kwok.x-k8s.io/delay']", ["10s"]],
    ['.metadata.annotations."pod-ready.stage.kwok.x-k8s.io/delay"', ["10s"]],
    ['.metadata.annotations.["plain"]', ["x"]],
    [".spec.containers[0].image", ["nginx"]],
    [".spec.containers.[1].name", ["c2"]],
    [".spec.containers[-1].name", ["c2"]],
    [".spec.containers[5].name", [null]],
    [".spec.containers[].image", ["nginx", "redis"]],
    [".metadata.ownerReferences.[].kind", ["ReplicaSet", "Job"]],
    [".metadata.finalizers.[]", ["a", "b"]],
    ['.status.conditions.[] | select(.type == "Ready") | .status', ["False"]],
    ['.status.conditions.[] | select( .type == "Ready" ) | .status', ["False"]],
    ['.status.conditions.[] | select(.type != "Ready") | .type', ["PodScheduled"]],
    ['.status.conditions.[] | select(.type == "Initialized") | .status', []],
    // Iterating a missing list yields nothing (our reading; jq would raise).
    [".status.containerStatuses.[].state", []],
    ['.missing.[] | select(.type == "Ready") | .status', []],
    // jq errors: a field of a string, iterating a string, an index into an object.
    [".metadata.name.first", undefined],
    [".metadata.name.[]", undefined],
    [".metadata[0]", undefined],
  ])("%s", (src, want) => {
    expect(run(src)).toEqual(want);
  });

  it("reads numbers and booleans as they are", () => {
    expect(run(".a", { a: 5 })).toEqual([5]);
    expect(run(".a", { a: false })).toEqual([false]);
    expect(run(".[]", { a: 1, b: 2 })).toEqual([1, 2]);
    expect(run(".a | select(. == 5)", { a: 5 })).toEqual([5]);
  });
});

describe("parseQuery", () => {
  it.each([
    ["metadata.name", "a path must start with '.'"],
    [".metadata.", "expected a field name"],
    [".metadata[", "expected ], an integer or a quoted key"],
    [".spec.containers[0", "expected ]"],
    ['.metadata.annotations["unterminated]', "unterminated string"],
    [".a | select(.b = 1)", "expected == or !="],
    [".a | select(.b == )", "expected a literal"],
    [".a .b", "unexpected character"],
    [".a |", "a path must start with '.'"],
    ["", "a path must start with '.'"],
  ])("%j is rejected (%s)", (src, message) => {
    const r = parseQuery(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});
