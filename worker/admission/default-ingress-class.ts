/**
 * The DefaultIngressClass admission plugin (plugin/pkg/admission/network/defaultingressclass, 1.32). Mutating,
 * for Ingress creates only: an Ingress that names no class (neither `spec.ingressClassName` nor the
 * deprecated `kubernetes.io/ingress.class` annotation) gets the IngressClass annotated
 * `ingressclass.kubernetes.io/is-default-class: "true"`; with several such classes the create is refused
 * (403), with none it is left alone. The classes are read from the store per admitted create.
 */
import type { KubeObject } from "../../schema/types";
import { internalError } from "../errors";
import { listPrefix, storeFor } from "../storage";
import { admissionForbidden } from "./admission-errors";
import type { AdmissionPlugin } from "./plugins";
import { ANN_DEFAULT_INGRESS_CLASS, ANN_LEGACY_INGRESS_CLASS } from "../services/status/ingress";

export type DefaultClass = { ok: true; name?: string } | { ok: false; forbidden: string };

/** getDefaultClass: the one class annotated as default; none → no default; several → an error. */
export function defaultIngressClass(classes: readonly KubeObject[]): DefaultClass {
  const defaults = classes.filter((c) => c?.metadata?.annotations?.[ANN_DEFAULT_INGRESS_CLASS] === "true");
  if (defaults.length > 1) return { ok: false, forbidden: `Internal error occurred: ${defaults.length} default IngressClasses were found, only 1 allowed` };
  return { ok: true, name: defaults[0]?.metadata?.name };
}

/** Whether the Ingress already says which class it belongs to. */
export const namesIngressClass = (ingress: KubeObject): boolean =>
  ingress.spec?.ingressClassName != null || Object.hasOwn(ingress.metadata?.annotations ?? {}, ANN_LEGACY_INGRESS_CLASS);

export const DefaultIngressClass: AdmissionPlugin = {
  name: "DefaultIngressClass",
  async mutate(a) {
    const { group, resource } = a.ctx.entry;
    if (group !== "networking.k8s.io" || resource !== "ingresses" || a.ctx.req.subresource || a.operation !== "CREATE" || !a.object) return;
    if (namesIngressClass(a.object)) return;
    const entry = a.ctx.registry.lookup("networking.k8s.io", "v1", "ingressclasses")!;
    const res = await storeFor(a.ctx.env, entry).list(listPrefix(entry));
    if (!res.ok) throw internalError(`failed to list IngressClasses: ${res.reason}`);
    const found = defaultIngressClass(res.items.map((text) => JSON.parse(text) as KubeObject));
    if (!found.ok) throw admissionForbidden(a, "mutate", found.forbidden);
    if (found.name) (a.object.spec ??= {}).ingressClassName = found.name;
  },
};
