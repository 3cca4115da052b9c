import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../../worker/patch/json";
import { formatTime, renderTemplate, renderText, type RenderContext } from "../../../../worker/kubelet/simulated";
import { T0 } from "./fixtures";

const object: JsonObject = {
  metadata: { name: "web-1", namespace: "default" },
  spec: {
    priority: 7,
    containers: [
      { name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }, { containerPort: 443 }] },
      { name: "sidecar", image: "busybox" },
    ],
  },
};
const ctx: RenderContext = { object, nowMs: T0 + 1500, nodeIP: "10.0.0.1", podIP: "10.244.1.5" };

describe("formatTime", () => {
  it("is metav1.Time: whole seconds, UTC, Z", () => {
    expect(formatTime(T0 + 1999)).toBe("2025-01-01T00:00:01Z");
  });
});

describe("renderTemplate", () => {
  it.each<[string, JsonObject, JsonObject]>([
    ["nothing to substitute", { phase: "Running", n: 1, b: true, z: null }, { phase: "Running", n: 1, b: true, z: null }],
    ["Now, NodeIP, PodIP", { t: "{{ Now }}", h: "{{NodeIP}}", p: "{{ PodIP }}" }, { t: "2025-01-01T00:00:01Z", h: "10.0.0.1", p: "10.244.1.5" }],
    ["a whole substitution keeps the JSON type", { n: "{{ .spec.priority }}" }, { n: 7 }],
    ["a whole substitution of several values is a list", { images: "{{ .spec.containers.[].image }}" }, { images: ["nginx:1.27", "busybox"] }],
    ["a missing value omits the member", { a: "{{ .spec.missing }}", b: "x" }, { b: "x" }],
    ["interpolation as text, values joined by spaces", { m: "images [{{ .spec.containers.[].image }}] on {{ NodeIP }}" }, { m: "images [nginx:1.27 busybox] on 10.0.0.1" }],
    ["interpolating a missing value gives empty text", { m: "x{{ .nope }}y" }, { m: "xy" }],
    [
      "$each as a member",
      { statuses: { $each: ".spec.containers.[]", $item: { name: "{{ item.name }}", image: "{{ item.image }}", id: "simulated://{{ item.image }}" } } },
      {
        statuses: [
          { name: "nginx", image: "nginx:1.27", id: "simulated://nginx:1.27" },
          { name: "sidecar", image: "busybox", id: "simulated://busybox" },
        ],
      },
    ],
    [
      "$each spliced into a list between fixed elements",
      { l: ["first", { $each: ".spec.containers.[]", $item: "{{ item.name }}" }, "last"] },
      { l: ["first", "nginx", "sidecar", "last"] },
    ],
    [
      "nested $each over the item",
      { p: { $each: ".spec.containers.[]", $item: { $each: "item.ports.[]", $item: "{{ item.containerPort }}" } } },
      { p: [[80, 443], []] },
    ],
    ["$each over nothing: the list is omitted", { l: [{ $each: ".spec.initContainers.[]", $item: "x" }] }, {}],
    ["an empty list stays", { l: [] }, { l: [] }],
    ["item with a bracket", { l: { $each: ".spec.containers[0]", $item: '{{ item["name"] }}' } }, { l: ["nginx"] }],
    ["$each as a conditional (no element when the select fails)", { l: ["a", { $each: '.spec | select(.priority == 8)', $item: "x" }] }, { l: ["a"] }],
  ])("%s", (_, template, want) => {
    expect(renderTemplate(template, ctx)).toEqual(want);
  });

  it("omits IPs the caller did not supply", () => {
    expect(renderTemplate({ podIP: "{{ PodIP }}", podIPs: [{ ip: "{{ PodIP }}" }] }, { object, nowMs: T0 })).toEqual({});
  });

  it("does not mutate the template", () => {
    const t: JsonObject = { l: [{ $each: ".spec.containers.[]", $item: { n: "{{ item.name }}" } }] };
    const before = JSON.stringify(t);
    renderTemplate(t, ctx);
    expect(JSON.stringify(t)).toBe(before);
  });
});

describe("renderText", () => {
  it.each([
    ["Stopping container {{ .spec.containers.[].name }}", "Stopping container nginx sidecar"],
    ["no substitution", "no substitution"],
    ["{{ .metadata.namespace }}/{{ .metadata.name }}", "default/web-1"],
  ])("%j → %j", (t, want) => {
    expect(renderText(t, ctx)).toBe(want);
  });
});
