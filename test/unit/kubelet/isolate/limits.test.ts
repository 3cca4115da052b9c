/** resources.limits.cpu as the loader's per-invocation CPU time (pure). */
import { describe, expect, it } from "vitest";
import { isolateLimits } from "../../../../worker/kubelet/isolate/limits";

describe("isolateLimits", () => {
  it.each([
    [undefined, undefined],
    [{}, undefined],
    [{ limits: { memory: "64Mi" } }, undefined],
    [{ limits: { cpu: "1" } }, { cpuMs: 30_000 }],
    [{ limits: { cpu: "500m" } }, { cpuMs: 15_000 }],
    [{ limits: { cpu: "1m" } }, { cpuMs: 30 }],
    [{ limits: { cpu: 2 } }, { cpuMs: 60_000 }],
    [{ limits: { cpu: "0.25" } }, { cpuMs: 7_500 }],
    [{ limits: { cpu: "10" } }, { cpuMs: 300_000 }],
    [{ limits: { cpu: "64" } }, { cpuMs: 300_000 }],
    [{ limits: { cpu: "0" } }, undefined],
    [{ limits: { cpu: "lots" } }, undefined],
  ])("%o → %o", (resources, limits) => expect(isolateLimits(resources)).toEqual(limits));
});
