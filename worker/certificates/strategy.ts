/**
 * The CertificateSigningRequest strategies (pkg/registry/certificates/certificates/strategy.go): the server
 * records the requester on create and starts with an empty status; the spec never changes after create; the
 * main resource never writes status; `status` writes may not touch Approved/Denied conditions; `approval`
 * writes change only the conditions. Condition timestamps the writer left empty are filled in.
 */
import type { KubeObject, RequestUser } from "../../schema/types";
import { APPROVED, DENIED } from "./types";

/** PrepareForCreate: spec.username/uid/groups/extra come from the requester, never from the body. */
export function prepareCsrForCreate(csr: KubeObject, user: RequestUser | undefined): void {
  const spec = (csr.spec ??= {});
  for (const k of ["username", "uid", "groups", "extra"]) delete spec[k];
  if (user) {
    if (user.username) spec.username = user.username;
    if (user.uid) spec.uid = user.uid;
    if (user.groups.length) spec.groups = [...user.groups];
    if (user.extra && Object.keys(user.extra).length) {
      spec.extra = Object.fromEntries(Object.entries(user.extra).map(([k, v]) => [k, [...v]]));
    }
  }
  csr.status = {};
}

/** PrepareForUpdate of the main resource, `status` and `approval`; `now` is RFC 3339. */
export function prepareCsrForUpdate(csr: KubeObject, old: KubeObject, subresource: string | undefined, now: string): void {
  csr.spec = structuredClone(old.spec);
  if (subresource === "status") {
    const status = (csr.status ??= {});
    preserveConditionInstances(status, old.status, APPROVED);
    preserveConditionInstances(status, old.status, DENIED);
    populateConditionTimestamps(status.conditions, old.status?.conditions, now);
  } else if (subresource === "approval") {
    const conditions = csr.status?.conditions;
    populateConditionTimestamps(conditions, old.status?.conditions, now);
    csr.status = structuredClone(old.status ?? {});
    if (conditions === undefined || conditions === null) delete csr.status.conditions;
    else csr.status.conditions = conditions;
  } else if (old.status === undefined) {
    delete csr.status;
  } else {
    csr.status = structuredClone(old.status);
  }
}

/**
 * Puts the old instances of `type` back in place when the write kept their number (added or removed ones are
 * left for validation to refuse).
 */
function preserveConditionInstances(status: KubeObject, oldStatus: KubeObject | undefined, type: string): void {
  const conditions: KubeObject[] = Array.isArray(status.conditions) ? status.conditions : [];
  const oldConditions: KubeObject[] = Array.isArray(oldStatus?.conditions) ? oldStatus.conditions : [];
  const newAt = conditions.flatMap((c, i) => (c?.type === type ? [i] : []));
  const oldAt = oldConditions.flatMap((c, i) => (c?.type === type ? [i] : []));
  if (newAt.length !== oldAt.length) return;
  newAt.forEach((at, i) => (conditions[at] = structuredClone(oldConditions[oldAt[i]])));
}

/**
 * populateConditionTimestamps: an empty lastUpdateTime becomes now; an empty lastTransitionTime keeps the old
 * one of a condition with the same type and status, else becomes now.
 */
export function populateConditionTimestamps(conditions: unknown, oldConditions: unknown, now: string): void {
  if (!Array.isArray(conditions)) return;
  const old: KubeObject[] = Array.isArray(oldConditions) ? oldConditions : [];
  for (const c of conditions) {
    if (!c || typeof c !== "object") continue;
    if (!c.lastUpdateTime) c.lastUpdateTime = now;
    if (!c.lastTransitionTime) {
      const same = old.find((o) => o?.type === c.type && o?.status === c.status && o?.lastTransitionTime);
      c.lastTransitionTime = same ? same.lastTransitionTime : now;
    }
  }
}
