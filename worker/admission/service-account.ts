/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount), for pods:
 * - create (mutating): serviceAccountName defaults to "default" (and the deprecated serviceAccount mirrors it);
 *   the account must exist (403 `error looking up service account ns/x: serviceaccount "x" not found`); unless
 *   automountServiceAccountToken is false on the pod or the account, a projected `kube-api-access-xxxxx`
 *   volume is mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount in every (init) container;
 *   a pod without imagePullSecrets gets the account's. Mirror pods are never changed.
 * - create (validating) and pods/ephemeralcontainers updates: mirror-pod restrictions, the account exists, and
 *   mountable secrets for accounts that enforce them.
 * Upstream retries the lookup of "default" for ~1 s while its controller catches up; here the namespace's
 * after-write hook creates the account before the namespace's create returns, so there is no lag to wait out.
 * A changed serviceAccountName on update is refused by pod update validation (the spec is immutable).
 */
import type { KubeObject } from "../../schema/types";
import { objectKey, storeFor } from "../storage";
import { generatedName } from "./lifecycle";
import { admissionForbidden, admissionName, type AdmissionPhase } from "./admission-errors";
import type { AdmissionAttributes, AdmissionPlugin } from "./plugins";
import {
  DEFAULT_SERVICE_ACCOUNT,
  enforcesMountableSecrets,
  ephemeralSecretsViolation,
  inheritedPullSecrets,
  isMirrorPod,
  mirrorPodViolation,
  mountableSecretsViolation,
  mountServiceAccountToken,
  shouldAutomount,
  TOKEN_VOLUME_PREFIX,
} from "./service-account-rules";

/** The account read in the mutating phase, reused by the validating phase of the same request. */
const looked = new WeakMap<AdmissionAttributes, KubeObject>();

const isPods = (a: AdmissionAttributes) => a.ctx.entry.group === "" && a.ctx.entry.resource === "pods" && !!a.object;

async function serviceAccount(a: AdmissionAttributes, phase: AdmissionPhase, name: string): Promise<KubeObject> {
  const cached = looked.get(a);
  if (cached?.metadata?.name === name) return cached;
  const ns = a.ctx.req.namespace!;
  const entry = a.ctx.registry.lookup("", "v1", "serviceaccounts")!;
  const res = await storeFor(a.ctx.env, entry).get(objectKey(entry, ns, name));
  if (!res.ok) {
    throw admissionForbidden(a, phase, `error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`);
  }
  const sa = JSON.parse(res.value) as KubeObject;
  looked.set(a, sa);
  return sa;
}

/** Validate for a pod create (also the end of Admit, with the mutating phase's name). */
async function validateCreate(a: AdmissionAttributes, phase: AdmissionPhase): Promise<void> {
  const pod = a.object!;
  const spec = pod.spec ?? {};
  if (isMirrorPod(pod)) {
    const violation = mirrorPodViolation(spec);
    if (violation) throw admissionForbidden(a, phase, violation);
    return;
  }
  if (!spec.serviceAccountName) {
    throw admissionForbidden(a, phase, `no service account specified for pod ${a.ctx.req.namespace}/${pod.metadata?.name ?? ""}`);
  }
  const sa = await serviceAccount(a, phase, spec.serviceAccountName);
  if (enforcesMountableSecrets(sa)) {
    const violation = mountableSecretsViolation(sa, spec);
    if (violation) throw admissionForbidden(a, phase, violation);
  }
}

export const ServiceAccount: AdmissionPlugin = {
  name: "ServiceAccount",
  async mutate(a) {
    if (!isPods(a) || a.ctx.req.subresource || a.operation !== "CREATE") return;
    const pod = a.object!;
    if (isMirrorPod(pod)) return validateCreate(a, "mutate");
    const spec = (pod.spec ??= {});
    if (!spec.serviceAccountName) spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT;
    spec.serviceAccount = spec.serviceAccountName;
    const sa = await serviceAccount(a, "mutate", spec.serviceAccountName);
    if (shouldAutomount(pod, sa)) mountServiceAccountToken(spec, () => generatedName(TOKEN_VOLUME_PREFIX));
    if (!Array.isArray(spec.imagePullSecrets) || spec.imagePullSecrets.length === 0) {
      const inherited = inheritedPullSecrets(sa);
      if (inherited.length) spec.imagePullSecrets = inherited;
    }
    return validateCreate(a, "mutate");
  },
  async validate(a) {
    if (!isPods(a)) return;
    const sub = a.ctx.req.subresource;
    if (a.operation === "UPDATE" && sub === "ephemeralcontainers") {
      const spec = a.object!.spec ?? {};
      if (!spec.serviceAccountName) {
        throw admissionForbidden(a, "validate", `no service account specified for pod ${a.ctx.req.namespace}/${admissionName(a, "validate")}`);
      }
      const violation = ephemeralSecretsViolation(await serviceAccount(a, "validate", spec.serviceAccountName), spec);
      if (violation) throw admissionForbidden(a, "validate", violation);
      return;
    }
    if (a.operation === "CREATE" && !sub) await validateCreate(a, "validate");
  },
};
