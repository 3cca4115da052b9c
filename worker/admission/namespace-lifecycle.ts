/**
 * The NamespaceLifecycle admission plugin (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle):
 * the immortal namespaces default, kube-system and kube-public cannot be deleted; writes into a namespace need
 * it to exist (404 `namespaces "x" not found`); creates into a Terminating namespace are refused (403 with the
 * NamespaceTerminating cause). Namespaces themselves, cluster-scoped kinds, deletes of other objects and
 * localsubjectaccessreviews are never checked. Upstream's plugin is a mutating one; its DELETE rule runs here
 * in the validating phase, which is where this server runs admission for deletes.
 */
import { notFound } from "../errors";
import { isKnownActive, rememberActive } from "../namespace-cache";
import { objectKey, storeFor } from "../storage";
import { admissionForbidden } from "./admission-errors";
import type { AdmissionAttributes, AdmissionPlugin, Operation } from "./plugins";

export const IMMORTAL_NAMESPACES = ["default", "kube-system", "kube-public"];

/** The parts of a request the rules look at. */
export interface LifecycleRequest {
  operation: Operation;
  group: string;
  kind: string;
  resource: string;
  /** The request's namespace (undefined for cluster-scoped requests). */
  namespace?: string;
  name?: string;
}

/** What the plugin does with a request before (and whether) it looks the namespace up. */
export type LifecycleScope = "forbid-immortal-delete" | "allow" | "lookup";

const isNamespaceKind = (r: LifecycleRequest) => r.group === "" && r.kind === "Namespace";

export function lifecycleScope(r: LifecycleRequest): LifecycleScope {
  if (r.operation === "DELETE" && isNamespaceKind(r) && IMMORTAL_NAMESPACES.includes(r.name ?? "")) return "forbid-immortal-delete";
  if (isNamespaceKind(r) || !r.namespace) return "allow";
  if (r.operation === "DELETE" || r.operation === "CONNECT") return "allow";
  if (r.group === "authorization.k8s.io" && r.resource === "localsubjectaccessreviews") return "allow";
  return "lookup";
}

/** The outcome once the namespace's phase is known (`undefined` = no such namespace). */
export function namespaceVerdict(operation: Operation, phase: string | undefined | null): "allow" | "not-found" | "terminating" {
  if (phase === null) return "not-found";
  if (operation === "CREATE" && phase === "Terminating") return "terminating";
  return "allow";
}

const requestOf = (a: AdmissionAttributes): LifecycleRequest => ({
  operation: a.operation,
  group: a.ctx.entry.group,
  kind: a.ctx.entry.kind,
  resource: a.ctx.entry.resource,
  namespace: a.ctx.entry.namespaced ? a.ctx.req.namespace : undefined,
  name: a.ctx.req.name,
});

/** The namespace's phase from the store (null when it does not exist); recently Active ones come from the cache. */
async function namespacePhase(a: AdmissionAttributes, ns: string): Promise<string | undefined | null> {
  if (isKnownActive(ns)) return "Active";
  const entry = a.ctx.registry.lookup("", "v1", "namespaces")!;
  const res = await storeFor(a.ctx.env, entry).get(objectKey(entry, undefined, ns));
  if (!res.ok) return null;
  const phase: string | undefined = JSON.parse(res.value).status?.phase;
  if (phase !== "Terminating") rememberActive(ns);
  return phase;
}

async function checkNamespace(a: AdmissionAttributes): Promise<void> {
  const r = requestOf(a);
  if (lifecycleScope(r) !== "lookup") return;
  const ns = r.namespace!;
  const verdict = namespaceVerdict(a.operation, await namespacePhase(a, ns));
  if (verdict === "not-found") throw notFound("", "namespaces", ns);
  if (verdict === "terminating") {
    throw admissionForbidden(a, "mutate", `unable to create new content in namespace ${ns} because it is being terminated`, [
      { reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" },
    ]);
  }
}

export const NamespaceLifecycle: AdmissionPlugin = {
  name: "NamespaceLifecycle",
  mutate: checkNamespace,
  validate(a) {
    if (lifecycleScope(requestOf(a)) === "forbid-immortal-delete") {
      throw admissionForbidden(a, "validate", "this namespace may not be deleted");
    }
  },
};
