import { describe, expect, it } from "vitest";
import {
  convertDownwardAPIFieldLabel,
  extractFieldPathAsString,
  formatMap,
  podFieldValue,
  splitSubscriptedPath,
} from "../../../../worker/kubelet/pod-env/field-path";
import { placement, pod } from "./fixtures";

describe("splitSubscriptedPath (SplitMaybeSubscriptedPath)", () => {
  it.each([
    ["metadata.labels['app']", { path: "metadata.labels", subscript: "app" }],
    ["metadata.annotations['example.com/a']", { path: "metadata.annotations", subscript: "example.com/a" }],
    ["metadata.labels", undefined],
    ["['app']", undefined],
    ["metadata.labels['app'", undefined],
  ])("%s", (input, expected) => expect(splitSubscriptedPath(input)).toEqual(expected));
});

describe("formatMap (FormatMap)", () => {
  it.each([
    [{}, ""],
    [{ b: "2", a: "1" }, 'a="1"\nb="2"'],
    [{ k: 'say "hi"\n' }, 'k="say \\"hi\\"\\n"'],
  ])("%j", (m, expected) => expect(formatMap(m)).toBe(expected));
});

describe("extractFieldPathAsString", () => {
  const p = pod();
  it.each([
    ["metadata.name", { ok: true, value: "web-0" }],
    ["metadata.namespace", { ok: true, value: "shop" }],
    ["metadata.uid", { ok: true, value: "0f6d3f5e-1111-2222-3333-444455556666" }],
    ["metadata.labels", { ok: true, value: 'app="web"\ntier="front"' }],
    ["metadata.annotations", { ok: true, value: 'example.com/owner="team \\"a\\""' }],
    ["metadata.labels['app']", { ok: true, value: "web" }],
    ["metadata.labels['absent']", { ok: true, value: "" }],
    ["metadata.annotations['example.com/owner']", { ok: true, value: 'team "a"' }],
    ["metadata.annotations['Example.com/Owner']", { ok: true, value: "" }],
    ["metadata.name['x']", { ok: false, message: 'fieldPath "metadata.name[\'x\']" does not support subscript' }],
    ["spec.nodeName", { ok: false, message: "unsupported fieldPath: spec.nodeName" }],
  ])("%s", (path, expected) => expect(extractFieldPathAsString(p, path)).toEqual(expected));

  it("checks a label subscript as a qualified name", () => {
    const got = extractFieldPathAsString(p, "metadata.labels['-bad']");
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.message).toMatch(/^invalid key subscript in metadata.labels\['-bad'\]: name part must consist of/);
  });
});

describe("convertDownwardAPIFieldLabel", () => {
  it.each([
    ["v1", "metadata.name", { ok: true, value: "metadata.name" }],
    ["", "status.podIPs", { ok: true, value: "status.podIPs" }],
    ["v1", "spec.host", { ok: true, value: "spec.nodeName" }],
    ["v1", "metadata.labels['a']", { ok: true, value: "metadata.labels['a']" }],
    ["v1", "spec.nodeName['a']", { ok: false, message: "field label does not support subscript: spec.nodeName['a']" }],
    ["v1", "spec.containers", { ok: false, message: "field label not supported: spec.containers" }],
    ["v2", "metadata.name", { ok: false, message: "unsupported pod version: v2" }],
  ])("%s %s", (version, label, expected) => expect(convertDownwardAPIFieldLabel(version, label)).toEqual(expected));
});

describe("podFieldValue (podFieldSelectorRuntimeValue)", () => {
  const p = pod();
  it.each([
    ["spec.nodeName", placement, { ok: true, value: "node-1" }],
    ["spec.serviceAccountName", placement, { ok: true, value: "web" }],
    ["status.hostIP", placement, { ok: true, value: "10.0.0.5" }],
    ["status.hostIPs", placement, { ok: true, value: "10.0.0.5,fd00::5" }],
    ["status.hostIPs", { hostIP: "10.0.0.9" }, { ok: true, value: "10.0.0.9" }],
    ["status.podIP", placement, { ok: true, value: "10.244.1.7" }],
    ["status.podIP", { podIP: "10.244.1.9" }, { ok: true, value: "10.244.1.9" }],
    ["status.podIPs", placement, { ok: true, value: "10.244.1.7,fd00:10:244::7" }],
    ["status.podIP", {}, { ok: true, value: "" }],
    ["metadata.labels['tier']", placement, { ok: true, value: "front" }],
    ["spec.restartPolicy", placement, { ok: false, message: "unsupported fieldPath: spec.restartPolicy" }],
    ["status.phase", placement, { ok: false, message: "unsupported fieldPath: status.phase" }],
  ])("%s", (fieldPath, at, expected) => expect(podFieldValue(p, { apiVersion: "v1", fieldPath }, at)).toEqual(expected));

  it("falls back on the kubelet's node name for a pod object without one", () => {
    const unbound = pod({ nodeName: undefined });
    expect(podFieldValue(unbound, { fieldPath: "spec.nodeName" }, { nodeName: "node-9" })).toEqual({ ok: true, value: "node-9" });
  });
});
