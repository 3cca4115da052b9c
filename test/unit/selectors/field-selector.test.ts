import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeFieldValue,
  fieldValue,
  formatFieldSelector,
  matchFields,
  parseFieldSelector,
  unescapeFieldValue,
  validateFieldSelector,
  type FieldRequirement,
} from "../../../worker/selectors";

const parse = (s: string) => {
  const r = parseFieldSelector(s);
  if (!r.ok) throw new Error(r.message);
  return r.requirements;
};
const eq = (field: string, value: string): FieldRequirement => ({ field, operator: "=", value });
const ne = (field: string, value: string): FieldRequirement => ({ field, operator: "!=", value });

// Upstream TestSelectorParse / TestSplitTerms / TestSplitTerm / TestEscapeValue cases.
describe("fields.ParseSelector", () => {
  it.each<[string, FieldRequirement[]]>([
    ["", []],
    ["x=a", [eq("x", "a")]],
    ["x==a", [eq("x", "a")]],
    ["x!=a", [ne("x", "a")]],
    ["x=a,y=b,z=c", [eq("x", "a"), eq("y", "b"), eq("z", "c")]],
    ["z=c,x=a,y=b", [eq("x", "a"), eq("y", "b"), eq("z", "c")]],
    ["x!=a,y=b", [ne("x", "a"), eq("y", "b")]],
    ["x=", [eq("x", "")]],
    ["x= ", [eq("x", " ")]],
    ["x=,z= ", [eq("x", ""), eq("z", " ")]],
    ["x= ,z= ", [eq("x", " "), eq("z", " ")]],
    ["a = b", [eq("a ", " b")]],
    ["=", []],
    [",,", []],
    ["=a", [eq("", "a")]],
    ["x=\\,", [eq("x", ",")]],
    ["x=\\=", [eq("x", "=")]],
    ["x=\\\\", [eq("x", "\\")]],
    ["x=a\\,b,y=c", [eq("x", "a,b"), eq("y", "c")]],
    ["x=a\\\\,y=c", [eq("x", "a\\"), eq("y", "c")]],
    ["metadata.name=web-1", [eq("metadata.name", "web-1")]],
    [
      "involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=d1a0db30",
      [eq("involvedObject.name", "web-1"), eq("involvedObject.namespace", "default"), eq("involvedObject.uid", "d1a0db30")],
    ],
  ])("%j", (s, want) => {
    expect(parse(s)).toEqual(want);
  });

  it.each([
    ["x", "invalid selector: 'x'; can't understand 'x'"],
    ["x=a,y", "invalid selector: 'x=a,y'; can't understand 'y'"],
    ["x=a==", "invalid field selector: unescaped character in value: 61"],
    ["a!==b", "invalid field selector: unescaped character in value: 61"],
    ["x=a\\", "invalid field selector: invalid escape sequence: \\"],
    ["x=a\\b", "invalid field selector: invalid escape sequence: \\b"],
    ["x=a=b", "invalid field selector: unescaped character in value: 61"],
  ])("%j → %s", (s, message) => {
    expect(parseFieldSelector(s)).toEqual({ ok: false, message });
  });
});

describe("escape / unescape (fields.EscapeValue, UnescapeValue)", () => {
  it.each([
    ["", ""],
    ["a", "a"],
    ["=", "\\="],
    [",", "\\,"],
    ["\\", "\\\\"],
    ["\\=\\,\\", "\\\\\\=\\\\\\,\\\\"],
  ])("%j ↔ %j", (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toEqual({ ok: true, value: raw });
  });

  it("format(parse(x)) is stable and values survive", () => {
    const field = fc.stringMatching(/^[a-zA-Z][a-zA-Z.]{0,12}$/);
    const req = fc.record({ field, operator: fc.constantFrom<"=" | "!=">("=", "!="), value: fc.string({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(req, { maxLength: 5 }), (reqs) => {
        const text = formatFieldSelector(reqs);
        const parsed = parse(text);
        expect(parsed).toHaveLength(reqs.length);
        expect(new Set(parsed.map((r) => JSON.stringify(r)))).toEqual(new Set(reqs.map((r) => JSON.stringify(r))));
        const again = formatFieldSelector(parsed);
        expect(parse(again)).toEqual(parsed);
        expect(formatFieldSelector(parse(again))).toBe(again);
      }),
      { numRuns: 300 },
    );
  });
});

describe("validateFieldSelector", () => {
  it.each<[string, string[], string | undefined]>([
    ["metadata.name=a,metadata.namespace=b", [], undefined],
    ["spec.nodeName=n", ["spec.nodeName"], undefined],
    ["spec.nodeName=n", [], "field label not supported: spec.nodeName"],
    ["metadata.uid=x", [], "field label not supported: metadata.uid"],
    ["status.phase=Running,bogus=1", ["status.phase"], "field label not supported: bogus"],
    ["a =b", ["a"], "field label not supported: a "],
  ])("%j with %j → %s", (s, allowed, want) => {
    expect(validateFieldSelector(parse(s), allowed)).toBe(want);
  });
});

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1", namespace: "default", labels: { app: "web" } },
  spec: { nodeName: "node-1", restartPolicy: "Always", containers: [{ name: "app" }] },
  status: { phase: "Running", podIPs: [{ ip: "10.0.0.5" }], podIP: "10.0.0.5" },
};
const hostPod = { ...pod, spec: { ...pod.spec, hostNetwork: true }, status: { podIP: "10.0.0.9" } };
const event = {
  kind: "Event",
  metadata: { name: "web-1.17a", namespace: "default" },
  involvedObject: { kind: "Pod", name: "web-1", namespace: "default", uid: "u-1", apiVersion: "v1" },
  reason: "Scheduled",
  type: "Normal",
  source: { component: "default-scheduler" },
  reportingComponent: "",
};
const newEvent = { ...event, source: {}, reportingComponent: "kubelet" };
const node = { kind: "Node", metadata: { name: "node-1" }, spec: {} };
const cordoned = { ...node, spec: { unschedulable: true } };
const rs = { kind: "ReplicaSet", metadata: { name: "rs" }, status: { replicas: 3 } };
const job = { kind: "Job", metadata: { name: "j" }, status: { succeeded: 1 } };

describe("fieldValue (per-kind ToSelectableFields)", () => {
  it.each<[string, unknown, string, string]>([
    ["pod", pod, "metadata.name", "web-1"],
    ["pod", pod, "metadata.namespace", "default"],
    ["pod", pod, "spec.nodeName", "node-1"],
    ["pod", pod, "spec.restartPolicy", "Always"],
    ["pod", pod, "spec.schedulerName", ""],
    ["pod", pod, "status.phase", "Running"],
    ["pod", pod, "status.podIP", "10.0.0.5"],
    ["pod", pod, "spec.hostNetwork", "false"],
    ["hostNetwork pod", hostPod, "spec.hostNetwork", "true"],
    ["pod with only podIP", hostPod, "status.podIP", "10.0.0.9"],
    ["pod", pod, "spec.containers", ""],
    ["pod", pod, "status.nominatedNodeName", ""],
    ["event", event, "involvedObject.kind", "Pod"],
    ["event", event, "involvedObject.uid", "u-1"],
    ["event", event, "involvedObject.fieldPath", ""],
    ["event", event, "reason", "Scheduled"],
    ["event", event, "type", "Normal"],
    ["event", event, "source", "default-scheduler"],
    ["event", event, "reportingComponent", ""],
    ["events.k8s.io-style event", newEvent, "source", "kubelet"],
    ["events.k8s.io-style event", newEvent, "reportingComponent", "kubelet"],
    ["node", node, "spec.unschedulable", "false"],
    ["cordoned node", cordoned, "spec.unschedulable", "true"],
    ["cluster-scoped node", node, "metadata.namespace", ""],
    ["replicaset", rs, "status.replicas", "3"],
    ["replicaset without status", { metadata: {} }, "status.replicas", "0"],
    ["job", job, "status.successful", "1"],
    ["job without status", { metadata: {} }, "status.successful", "0"],
    ["secret", { type: "Opaque" }, "type", "Opaque"],
    ["inherited key", {}, "constructor", ""],
    ["null", null, "metadata.name", ""],
  ])("%s %s = %j", (_what, obj, field, want) => {
    expect(fieldValue(obj, field)).toBe(want);
  });
});

describe("matchFields", () => {
  it.each<[string, unknown, boolean]>([
    ["metadata.name=web-1", pod, true],
    ["metadata.name==web-1", pod, true],
    ["metadata.name=web-2", pod, false],
    ["metadata.name!=web-2", pod, true],
    ["spec.nodeName=node-1,status.phase=Running", pod, true],
    ["spec.nodeName=node-1,status.phase!=Running", pod, false],
    ["spec.nodeName=", { ...pod, spec: {} }, true],
    ["spec.hostNetwork=false", pod, true],
    ["involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u-1", event, true],
    ["involvedObject.kind=Deployment", event, false],
    ["spec.unschedulable=true", cordoned, true],
    ["", pod, true],
  ])("%j → %s", (s, obj, want) => {
    expect(matchFields(parse(s), obj)).toBe(want);
  });
});
