/**
 * Which runtime runs a pod (RuntimeClass handlers `isolate` and `simulated`). A pod naming a RuntimeClass gets
 * that class's handler; otherwise the cluster's default rule: images the built-in registry serves run as
 * isolates (a pull then tells whether they are ES modules), any other image is simulated where the simulated
 * runtime is allowed, else pulled for the isolate runtime (failing as ErrImagePull with the registry's
 * answer). Images of other registries are not pulled just to pick a runtime: that would make every nginx pod
 * wait on the network before its simulated start.
 */
import { isOwnHost } from "../../images/pull";
import { parseImageReference } from "../../images/pull/reference";

export const RUNTIME_HANDLERS = ["isolate", "simulated"] as const;
export type RuntimeHandler = (typeof RUNTIME_HANDLERS)[number];

export type RuntimeChoice =
  | { ok: true; runtime: RuntimeHandler }
  /** The pod cannot start: upstream's FailedCreatePodSandBox with this message. */
  | { ok: false; reason: string; message: string };

export interface RuntimeChoiceInputs {
  runtimeClassName?: string;
  /** The named RuntimeClass's `handler`; undefined when the class does not exist. */
  runtimeClassHandler?: string;
  images: readonly string[];
  /** Hosts (`host:port`) the control plane is reached by: images there come from the built-in registry. */
  ownHosts: readonly string[];
  simulatedAllowed: boolean;
}

export function chooseRuntime(inputs: RuntimeChoiceInputs): RuntimeChoice {
  if (inputs.runtimeClassName) {
    const handler = inputs.runtimeClassHandler;
    if (handler === undefined) {
      return { ok: false, reason: "FailedCreatePodSandBox", message: `Failed to create pod sandbox: runtimeclass.node.k8s.io "${inputs.runtimeClassName}" not found` };
    }
    if (handler === "simulated" && !inputs.simulatedAllowed) {
      return { ok: false, reason: "FailedCreatePodSandBox", message: `Failed to create pod sandbox: the simulated runtime is switched off on this node (RuntimeClass "${inputs.runtimeClassName}")` };
    }
    if (!(RUNTIME_HANDLERS as readonly string[]).includes(handler)) {
      return { ok: false, reason: "FailedCreatePodSandBox", message: `Failed to create pod sandbox: no runtime for "${handler}" is configured` };
    }
    return { ok: true, runtime: handler as RuntimeHandler };
  }
  const builtin = inputs.images.length > 0 && inputs.images.every((image) => {
    const ref = parseImageReference(image);
    return ref.ok && isOwnHost(ref.value.domain, inputs.ownHosts);
  });
  if (builtin || !inputs.simulatedAllowed) return { ok: true, runtime: "isolate" };
  return { ok: true, runtime: "simulated" };
}
