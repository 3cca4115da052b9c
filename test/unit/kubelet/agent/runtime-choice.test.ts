import { describe, expect, it } from "vitest";
import { chooseRuntime, type RuntimeChoiceInputs } from "../../../../worker/kubelet/agent/runtime-choice";

const base: RuntimeChoiceInputs = { images: ["nginx:1.27"], ownHosts: ["127.0.0.1:8787"], simulatedAllowed: true };

describe("chooseRuntime", () => {
  it.each<[string, Partial<RuntimeChoiceInputs>, ReturnType<typeof chooseRuntime>]>([
    ["an image of another registry is simulated", {}, { ok: true, runtime: "simulated" }],
    ["an image of the built-in registry runs as an isolate", { images: ["127.0.0.1:8787/apps/hello:v1"] }, { ok: true, runtime: "isolate" }],
    ["every image must be built-in for the default isolate rule", { images: ["127.0.0.1:8787/apps/hello:v1", "busybox"] }, { ok: true, runtime: "simulated" }],
    ["the simulated runtime switched off: pulled for the isolate runtime", { simulatedAllowed: false }, { ok: true, runtime: "isolate" }],
    ["a RuntimeClass with handler simulated", { runtimeClassName: "sim", runtimeClassHandler: "simulated", images: ["127.0.0.1:8787/a:b"] }, { ok: true, runtime: "simulated" }],
    ["a RuntimeClass with handler isolate", { runtimeClassName: "iso", runtimeClassHandler: "isolate" }, { ok: true, runtime: "isolate" }],
    [
      "a RuntimeClass that does not exist",
      { runtimeClassName: "gvisor" },
      { ok: false, reason: "FailedCreatePodSandBox", message: 'Failed to create pod sandbox: runtimeclass.node.k8s.io "gvisor" not found' },
    ],
    [
      "a handler no runtime serves",
      { runtimeClassName: "kata", runtimeClassHandler: "kata-qemu" },
      { ok: false, reason: "FailedCreatePodSandBox", message: 'Failed to create pod sandbox: no runtime for "kata-qemu" is configured' },
    ],
    [
      "handler simulated while the simulated runtime is off",
      { runtimeClassName: "sim", runtimeClassHandler: "simulated", simulatedAllowed: false },
      { ok: false, reason: "FailedCreatePodSandBox", message: 'Failed to create pod sandbox: the simulated runtime is switched off on this node (RuntimeClass "sim")' },
    ],
  ])("%s", (_name, over, want) => {
    expect(chooseRuntime({ ...base, ...over })).toEqual(want);
  });
});
