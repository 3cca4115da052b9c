/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds): pods (create
 * and update, not subresources) that do not already tolerate `node.kubernetes.io/not-ready:NoExecute` or
 * `node.kubernetes.io/unreachable:NoExecute` get an Exists toleration for it with tolerationSeconds 300
 * (kube-apiserver's --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds).
 */
import type { KubeObject } from "../../schema/types";
import type { AdmissionPlugin } from "./plugins";

export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = "node.kubernetes.io/not-ready";
const UNREACHABLE = "node.kubernetes.io/unreachable";

/** A toleration with an empty key (all taints) or an empty effect (all effects) counts as tolerating. */
const tolerates = (t: KubeObject, key: string) => (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute");

/** The pod's tolerations with the defaults appended where missing (`tolerations` is not modified). */
export function withDefaultTolerations(tolerations: KubeObject[] | undefined): KubeObject[] {
  const current = Array.isArray(tolerations) ? tolerations : [];
  const added = [NOT_READY, UNREACHABLE]
    .filter((key) => !current.some((t) => tolerates(t ?? {}, key)))
    .map((key) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  return [...current, ...added];
}

export const DefaultTolerationSeconds: AdmissionPlugin = {
  name: "DefaultTolerationSeconds",
  mutate(a) {
    const { entry, req } = a.ctx;
    if (entry.group !== "" || entry.resource !== "pods" || req.subresource || !a.object) return;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
    const spec = (a.object.spec ??= {});
    const next = withDefaultTolerations(spec.tolerations);
    if (next.length !== (spec.tolerations?.length ?? 0)) spec.tolerations = next;
  },
};
