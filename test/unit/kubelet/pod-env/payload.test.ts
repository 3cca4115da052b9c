import { describe, expect, it } from "vitest";
import {
  aggregateMessage,
  cleanPath,
  configMapPayload,
  downwardAPIPayload,
  secretPayload,
  validatePayload,
} from "../../../../worker/kubelet/pod-env/payload";
import { configMaps, pod, secrets } from "./fixtures";

describe("aggregateMessage (utilerrors.NewAggregate)", () => {
  it.each([
    [["one"], "one"],
    [["a", "b"], "[a, b]"],
    [["a", "a"], "a"],
    [["a", "b", "a"], "[a, b]"],
  ])("%j", (messages, expected) => expect(aggregateMessage(messages)).toBe(expected));
});

describe("cleanPath (filepath.Clean)", () => {
  it.each([
    ["a/b", "a/b"],
    ["./a//b/", "a/b"],
    ["a/./b/../c", "a/c"],
    ["", "."],
  ])("%s", (input, expected) => expect(cleanPath(input)).toBe(expected));
});

describe("validatePayload (AtomicWriter)", () => {
  it.each([
    [{ "a//b": "x", "./c": "y" }, { ok: true, value: { "a/b": "x", c: "y" } }],
    [{ "/etc/passwd": "x" }, { ok: false, message: "invalid path: must be relative path: /etc/passwd" }],
    [{ "a/../../b": "x" }, { ok: false, message: "invalid path: must not contain '..': a/../../b" }],
    [{ "..data": "x" }, { ok: false, message: "invalid path: must not start with '..': ..data" }],
  ])("%j", (payload, expected) => expect(validatePayload(payload)).toEqual(expected));
});

describe("configMapPayload (configmap.MakePayload)", () => {
  const both = { data: { a: "1" }, binaryData: { b: btoa("\u00ff") } };
  it.each<[string, unknown, object, boolean, unknown]>([
    ["every key", undefined, configMaps.cfg, false, { ok: true, value: configMaps.cfg.data }],
    ["data and binaryData", [], both, false, { ok: true, value: { a: "1", b: "\u00ff" } }],
    ["items map keys to paths", [{ key: "app.conf", path: "nginx/app.conf" }], configMaps.cfg, false, { ok: true, value: { "nginx/app.conf": "listen 80\n" } }],
    ["an item from binaryData", [{ key: "b", path: "bin" }], both, false, { ok: true, value: { bin: "\u00ff" } }],
    ["a missing key", [{ key: "nope", path: "x" }], configMaps.cfg, false, { ok: false, message: "configmap references non-existent config key: nope" }],
    ["a missing key, optional", [{ key: "nope", path: "x" }, { key: "MODE", path: "m" }], configMaps.cfg, true, { ok: true, value: { m: "fast" } }],
    ["an empty ConfigMap", undefined, {}, true, { ok: true, value: {} }],
  ])("%s", (_name, items, cm, optional, expected) => expect(configMapPayload(items, cm, optional)).toEqual(expected));
});

describe("secretPayload (secret.MakePayload)", () => {
  it.each<[string, unknown, object, boolean, unknown]>([
    ["every key, decoded", undefined, secrets.creds, false, { ok: true, value: { USER: "admin", PASSWORD: "s3cret", "tls.key": "KEY" } }],
    ["items", [{ key: "tls.key", path: "tls/key.pem" }], secrets.creds, false, { ok: true, value: { "tls/key.pem": "KEY" } }],
    ["a missing key", [{ key: "nope", path: "x" }], secrets.creds, false, { ok: false, message: "references non-existent secret key: nope" }],
    ["a missing key, optional", [{ key: "nope", path: "x" }], secrets.creds, true, { ok: true, value: {} }],
  ])("%s", (_name, items, secret, optional, expected) => expect(secretPayload(items, secret, optional)).toEqual(expected));
});

describe("downwardAPIPayload (downwardapi.CollectData)", () => {
  const p = pod({ containers: [{ name: "app", resources: { requests: { memory: "64Mi" } } }] });
  const allocatable = { cpu: "2", memory: "4Gi" };
  it.each<[string, unknown, unknown]>([
    [
      "metadata fields and resources",
      [
        { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
        { path: "./meta//name", fieldRef: { fieldPath: "metadata.name" } },
        { path: "app", fieldRef: { fieldPath: "metadata.labels['app']" } },
        { path: "cpu_limit", resourceFieldRef: { containerName: "app", resource: "limits.cpu", divisor: "1m" } },
        { path: "mem_request", resourceFieldRef: { containerName: "app", resource: "requests.memory", divisor: "1Mi" } },
      ],
      { ok: true, value: { labels: 'app="web"\ntier="front"', "meta/name": "web-0", app: "web", cpu_limit: "2000", mem_request: "64" } },
    ],
    [
      "fields the kubelet answers for env are not served to volumes",
      [{ path: "node", fieldRef: { fieldPath: "spec.nodeName" } }],
      { ok: false, message: "unsupported fieldPath: spec.nodeName" },
    ],
    [
      "failures aggregated",
      [
        { path: "a", fieldRef: { fieldPath: "spec.nodeName" } },
        { path: "b", resourceFieldRef: { containerName: "db", resource: "limits.cpu" } },
      ],
      { ok: false, message: "[unsupported fieldPath: spec.nodeName, container db not found]" },
    ],
  ])("%s", (_name, items, expected) => expect(downwardAPIPayload(items, p, allocatable)).toEqual(expected));
});
