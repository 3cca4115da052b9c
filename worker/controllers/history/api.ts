/**
 * The writes of history.realHistory through a loop's API: create a revision (renaming it past hash collisions,
 * which bumps the parent's collisionCount), renumber one (a rollback to an equal revision), adopt orphans and
 * delete old ones. Decisions live in ./revisions; this file only talks to the API.
 */
import type { KubeObject } from "../../../schema/types";
import { ControllerApiError, STRATEGIC_PATCH, type ControllerApi } from "../framework/api";
import { newControllerRef, rawData, revisionNameFor, type ParentKind } from "./revisions";

const revisionsPath = (ns: string) => `/apis/apps/v1/namespaces/${ns}/controllerrevisions`;

export interface CreatedRevision {
  revision: KubeObject;
  /** The parent's collision count after the create (raised once per name taken by different data). */
  collisionCount: number;
}

/**
 * history.CreateControllerRevision: creates `revision` named by its hash and `collisionCount`; a name taken by
 * equal data is that revision, a name taken by other data raises the count and tries the next name.
 */
export async function createControllerRevision(api: ControllerApi, parent: KubeObject, revision: KubeObject, collisionCount: number): Promise<CreatedRevision> {
  const ns = parent.metadata.namespace;
  for (let count = collisionCount; ; count++) {
    const name = revisionNameFor(parent.metadata.name, revision, count);
    const body = { ...revision, metadata: { ...revision.metadata, name, namespace: ns } };
    const res = await api.create(revisionsPath(ns), body);
    if (res.status === 201 || res.status === 200) return { revision: res.body, collisionCount: count };
    if (res.status !== 409 || res.body?.reason !== "AlreadyExists") throw new ControllerApiError("POST", revisionsPath(ns), res);
    const existing = await api.get(`${revisionsPath(ns)}/${name}`);
    if (existing && rawData(existing) === rawData(body)) return { revision: existing, collisionCount: count };
  }
}

/** history.UpdateControllerRevision: gives `revision` the number `next` (retrying conflicts). */
export async function updateControllerRevision(api: ControllerApi, revision: KubeObject, next: number): Promise<KubeObject> {
  let current = revision;
  const path = `${revisionsPath(revision.metadata.namespace)}/${revision.metadata.name}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (current.revision === next) return current;
    const res = await api.update(path, { ...current, revision: next });
    if (res.status === 200) return res.body;
    if (res.status !== 409) throw new ControllerApiError("PUT", path, res);
    const fresh = await api.get(path);
    if (!fresh) throw new ControllerApiError("PUT", path, res);
    current = fresh;
  }
  throw new Error(`${path}: update kept conflicting`);
}

/** history.AdoptControllerRevision: makes `parent` the controller of the orphan `revision` (strategic merge). */
export async function adoptControllerRevision(api: ControllerApi, parent: KubeObject, kind: ParentKind, revision: KubeObject): Promise<KubeObject> {
  const path = `${revisionsPath(revision.metadata.namespace)}/${revision.metadata.name}`;
  const patch = { metadata: { ownerReferences: [newControllerRef(parent, kind)], uid: revision.metadata.uid } };
  const res = await api.expect(api.patch(path, patch, STRATEGIC_PATCH), `adopt ${path}`);
  return res.body;
}

/** history.DeleteControllerRevision (a revision already gone is fine). */
export async function deleteControllerRevision(api: ControllerApi, revision: KubeObject): Promise<void> {
  const path = `${revisionsPath(revision.metadata.namespace)}/${revision.metadata.name}`;
  await api.expect(api.delete(path), `delete ${path}`, [404]);
}
