/**
 * RBAC over the cluster's Roles and bindings. The policy is read from the Store shard that holds
 * rbac.authorization.k8s.io with one `listIfChanged` call per request (begun after the request arrived): the shard answers with the objects
 * only when one of them changed since the cached token, so every decision follows the latest write (a deleted
 * binding stops granting on the very next request) and the index is rebuilt only after a change.
 */
import type { Env } from "../env";
import { internalError } from "../errors";
import { shardStub } from "../storage";
import { shardFor } from "../../schema/registry-core";
import { sharedRead } from "../shared-calls";
import type { Attributes, Decision } from "./types";
import { buildRbacIndex, RBAC_GROUP, rbacDecide, type RbacIndex, type RbacObject, type RbacSnapshot } from "./rbac";

/** Store keys are `/<group>/<resource>/…` (worker/storage.ts): one prefix holds all four kinds. */
export const RBAC_PREFIX = `/${RBAC_GROUP}/`;
const RBAC_SHARD = shardFor(RBAC_GROUP, "roles");

const KIND_LIST: Record<string, keyof RbacSnapshot> = {
  Role: "roles",
  ClusterRole: "clusterRoles",
  RoleBinding: "roleBindings",
  ClusterRoleBinding: "clusterRoleBindings",
};

/** Sorts stored objects (JSON text, key order) into a snapshot by kind. */
export function snapshotOf(items: string[]): RbacSnapshot {
  const snap: RbacSnapshot = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  for (const text of items) {
    const obj = JSON.parse(text) as RbacObject;
    const list = KIND_LIST[obj.kind ?? ""];
    if (list) snap[list].push(obj);
  }
  return snap;
}

/** The index of the newest policy this isolate has seen, and the Store's token for it. */
let cached: { token: string; index: RbacIndex } | undefined;

/**
 * The RBAC index as of now: one Store call (shared by the concurrent calls of a control loop's pass,
 * ../shared-calls); a rebuild only when the policy changed.
 */
export function rbacIndex(env: Env): Promise<RbacIndex> {
  return sharedRead("rbac", () => freshRbacIndex(env));
}

async function freshRbacIndex(env: Env): Promise<RbacIndex> {
  const stub = shardStub(env, RBAC_SHARD);
  const known = cached;
  const res = await stub.listIfChanged(RBAC_PREFIX, known?.token);
  if (res.items) return (cached = { token: res.token, index: buildRbacIndex(snapshotOf(res.items)) }).index;
  if (known && res.token === known.token) return known.index;
  // The listing raced a compaction (no items, no token): ask for a full listing once more.
  const again = await stub.listIfChanged(RBAC_PREFIX);
  if (!again.items) throw internalError("the RBAC policy could not be read");
  return (cached = { token: again.token, index: buildRbacIndex(snapshotOf(again.items)) }).index;
}

export async function rbacAuthorize(env: Env, a: Attributes): Promise<Decision> {
  return rbacDecide(await rbacIndex(env), a);
}
