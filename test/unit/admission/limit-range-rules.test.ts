/** LimitRanger decisions (plugin/pkg/admission/limitranger): defaults, annotation, bounds and their messages. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import {
  aggregateMessage,
  applyContainerDefaults,
  claimLimitViolations,
  defaultLimitRangeItems,
  LIMIT_RANGER_ANNOTATION,
  podLimitViolations,
  podTotal,
} from "../../../worker/admission/limit-range-rules";
import { canonicalQuantity } from "../../../schema/validation/quantity-exact";
import { limitRangerTarget } from "../../../worker/admission/limit-ranger";

const container = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, extra: KubeObject = {}): KubeObject => ({
  name,
  image: "nginx",
  ...(requests || limits ? { resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } } : {}),
  ...extra,
});
const pod = (containers: KubeObject[], initContainers: KubeObject[] = []): KubeObject => ({
  metadata: { name: "p" },
  spec: { containers, ...(initContainers.length ? { initContainers } : {}) },
});
const lr = (...limits: KubeObject[]): KubeObject => ({ metadata: { name: "lr" }, spec: { limits } });

describe("defaultLimitRangeItems (SetDefaults_LimitRangeItem)", () => {
  it.each<[string, KubeObject, KubeObject]>([
    ["max becomes default and defaultRequest", { type: "Container", max: { cpu: "1" } }, { default: { cpu: "1" }, defaultRequest: { cpu: "1" } }],
    ["default becomes defaultRequest", { type: "Container", default: { cpu: "500m" } }, { default: { cpu: "500m" }, defaultRequest: { cpu: "500m" } }],
    ["min becomes defaultRequest when nothing else", { type: "Container", min: { memory: "1Mi" } }, { default: {}, defaultRequest: { memory: "1Mi" } }],
    ["explicit values win", { type: "Container", max: { cpu: "2" }, default: { cpu: "1" }, defaultRequest: { cpu: "100m" } }, { default: { cpu: "1" }, defaultRequest: { cpu: "100m" } }],
  ])("%s", (_name, item, expected) => {
    expect(defaultLimitRangeItems(lr(item))[0]).toMatchObject(expected);
  });

  it("Pod and PersistentVolumeClaim items are left alone", () => {
    const item = { type: "Pod", max: { cpu: "2" } };
    expect(defaultLimitRangeItems(lr(item))[0]).toEqual(item);
  });
});

describe("applyContainerDefaults (PodMutateLimitFunc)", () => {
  const items = [{ type: "Container", default: { cpu: "500m", memory: "128Mi" }, defaultRequest: { cpu: "100m", memory: "64Mi" } }];

  it("fills unset requests and limits and annotates what it set", () => {
    const p = pod([container("app", { cpu: "200m" })], [container("init")]);
    expect(applyContainerDefaults(p, items)).toBe(true);
    expect(p.spec.containers[0].resources).toEqual({ requests: { cpu: "200m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } });
    expect(p.spec.initContainers[0].resources).toEqual({ requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } });
    expect(p.metadata.annotations[LIMIT_RANGER_ANNOTATION]).toBe(
      "LimitRanger plugin set: memory request for container app; cpu, memory limit for container app; " +
        "cpu, memory request for init container init; cpu, memory limit for init container init",
    );
  });

  it("a pod that sets everything is unchanged (no annotation)", () => {
    const p = pod([container("app", { cpu: "1", memory: "1Gi" }, { cpu: "1", memory: "1Gi" })]);
    const before = structuredClone(p);
    expect(applyContainerDefaults(p, items)).toBe(false);
    expect(p).toEqual(before);
  });

  it("LimitRanges without Container items change nothing", () => {
    const p = pod([container("app")]);
    expect(applyContainerDefaults(p, [{ type: "Pod", max: { cpu: "1" } }])).toBe(false);
    expect(p.spec.containers[0].resources).toBeUndefined();
  });
});

describe("podLimitViolations (PodValidateLimitFunc)", () => {
  it.each<[string, KubeObject[], KubeObject, string[]]>([
    [
      "container min cpu above the request",
      [{ type: "Container", min: { cpu: "100m" } }],
      pod([container("app", { cpu: "50m" })]),
      ["minimum cpu usage per Container is 100m, but request is 50m"],
    ],
    [
      "container min without a request",
      [{ type: "Container", min: { memory: "64Mi" } }],
      pod([container("app")]),
      ["minimum memory usage per Container is 64Mi.  No request is specified"],
    ],
    [
      "container min above the limit",
      [{ type: "Container", min: { cpu: "100m" } }],
      pod([container("app", { cpu: "200m" }, { cpu: "0.05" })]),
      ["minimum cpu usage per Container is 100m, but limit is 50m"],
    ],
    [
      "container max: no limit, then a limit over it (canonical quantities)",
      [{ type: "Container", max: { memory: "1Gi" } }],
      pod([container("a"), container("b", undefined, { memory: "2048Mi" })]),
      ["maximum memory usage per Container is 1Gi.  No limit is specified", "maximum memory usage per Container is 1Gi, but limit is 2Gi"],
    ],
    [
      "container max below the request",
      [{ type: "Container", max: { cpu: "1" } }],
      pod([container("a", { cpu: "2" }, { cpu: "1" })]),
      ["maximum cpu usage per Container is 1, but request is 2"],
    ],
    [
      "limit to request ratio",
      [{ type: "Container", maxLimitRequestRatio: { cpu: "2" } }],
      pod([container("a", { cpu: "100m" }, { cpu: "500m" })]),
      ["cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000"],
    ],
    [
      "ratio without a request",
      [{ type: "Container", maxLimitRequestRatio: { cpu: "2" } }],
      pod([container("a", undefined, { cpu: "500m" })]),
      ["cpu max limit to request ratio per Container is 2, but no request is specified or request is 0"],
    ],
    [
      "init containers are checked too",
      [{ type: "Container", min: { cpu: "100m" } }],
      pod([container("a", { cpu: "100m" })], [container("i", { cpu: "10m" })]),
      ["minimum cpu usage per Container is 100m, but request is 10m"],
    ],
    [
      "pod max over the sum of containers",
      [{ type: "Pod", max: { cpu: "1" } }],
      pod([container("a", { cpu: "600m" }, { cpu: "600m" }), container("b", { cpu: "600m" }, { cpu: "600m" })]),
      ["maximum cpu usage per Pod is 1, but limit is 1200m"],
    ],
    [
      "within every bound",
      [{ type: "Container", min: { cpu: "100m" }, max: { cpu: "1" } }, { type: "Pod", max: { cpu: "2" } }],
      pod([container("a", { cpu: "100m" }, { cpu: "1" })]),
      [],
    ],
  ])("%s", (_name, items, p, expected) => {
    expect(podLimitViolations(p, items)).toEqual(expected);
  });
});

describe("podTotal (podRequests / podLimits)", () => {
  const total = (p: KubeObject, field: "requests" | "limits") =>
    Object.fromEntries([...podTotal(p, field)].map(([k, v]) => [k, canonicalQuantity(v)]));

  it("the largest init container wins when it needs more than the containers", () => {
    const p = pod([container("a", { cpu: "100m" }), container("b", { cpu: "100m" })], [container("i", { cpu: "500m" })]);
    expect(total(p, "requests")).toEqual({ cpu: "500m" });
  });

  it("sidecars add to the containers and to later init containers", () => {
    const sidecar = container("s", { cpu: "200m" }, undefined, { restartPolicy: "Always" });
    const p = pod([container("a", { cpu: "100m" })], [sidecar, container("i", { cpu: "250m" })]);
    // containers 100m + sidecar 200m = 300m; init i runs beside the sidecar: 250m + 200m = 450m.
    expect(total(p, "requests")).toEqual({ cpu: "450m" });
  });
});

describe("claimLimitViolations (PersistentVolumeClaimValidateLimitFunc)", () => {
  const pvc = (storage?: string): KubeObject => ({ spec: { resources: storage ? { requests: { storage } } : {} } });
  const items = [{ type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "2Gi" } }];

  it.each<[string, KubeObject, string[]]>([
    ["over the max", pvc("5Gi"), ["maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi"]],
    ["under the min", pvc("500Mi"), ["minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"]],
    ["no request", pvc(), [
      "minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified",
      "maximum storage usage per PersistentVolumeClaim is 2Gi.  No request is specified",
    ]],
    ["within", pvc("1536Mi"), []],
  ])("%s", (_name, claim, expected) => {
    expect(claimLimitViolations(claim, items)).toEqual(expected);
  });
});

describe("aggregateMessage (utilerrors.NewAggregate)", () => {
  it.each<[string[], string]>([
    [["a"], "a"],
    [["a", "b"], "[a, b]"],
    [["a", "a"], "a"],
  ])("%j → %s", (errs, message) => {
    expect(aggregateMessage(errs)).toBe(message);
  });
});

describe("limitRangerTarget (SupportsAttributes)", () => {
  const obj = { metadata: { name: "x" } };
  it.each<[string, Parameters<typeof limitRangerTarget>[0], string | undefined]>([
    ["pod create", { operation: "CREATE", group: "", kind: "Pod", object: obj }, "pod"],
    ["pod update (resources are immutable)", { operation: "UPDATE", group: "", kind: "Pod", object: obj, oldObject: obj }, undefined],
    ["pod subresource", { operation: "CREATE", group: "", kind: "Pod", object: obj, subresource: "binding" }, undefined],
    ["claim create", { operation: "CREATE", group: "", kind: "PersistentVolumeClaim", object: obj }, "claim"],
    ["claim update", { operation: "UPDATE", group: "", kind: "PersistentVolumeClaim", object: obj, oldObject: obj }, "claim"],
    [
      "claim being deleted",
      { operation: "UPDATE", group: "", kind: "PersistentVolumeClaim", object: obj, oldObject: { metadata: { deletionTimestamp: "2024-01-01T00:00:00Z" } } },
      undefined,
    ],
    ["delete", { operation: "DELETE", group: "", kind: "Pod", oldObject: obj }, undefined],
    ["other kinds", { operation: "CREATE", group: "apps", kind: "Deployment", object: obj }, undefined],
  ])("%s → %s", (_name, attrs, expected) => {
    expect(limitRangerTarget(attrs)).toBe(expected);
  });
});
