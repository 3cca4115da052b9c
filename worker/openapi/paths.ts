/**
 * The REST paths of one kind in its group-version document, as the API server installs them
 * (k8s.io/apiserver/pkg/endpoints/installer.go): the collection and item URLs (namespaced kinds under
 * `namespaces/{namespace}` plus a cluster-wide list), the `status` and `scale` subresources (and declared ones
 * of the kind itself, such as a CSR's `approval`), and the
 * deprecated `/watch/` paths. An operation exists only when the kind serves its verb.
 */
import type { KindDef } from "../../schema/types";
import type { Gvk } from "./meta-components";
import { article } from "./naming";
import {
  createOp,
  deleteCollectionOp,
  deleteOp,
  listOp,
  patchOp,
  readOp,
  replaceOp,
  watchOp,
  type HttpMethod,
  type Operation,
  type OperationTarget,
} from "./operations";
import { LIST_PARAMS, NAMESPACE, PRETTY, nameParam, type Parameter } from "./parameters";

export type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: Parameter[] };

/** Upstream's default verb set (schema/registry-core ALL_VERBS). */
const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export interface KindPathsInput {
  def: KindDef;
  gvk: Gvk;
  /** `/apis/apps/v1` or `/api/v1`. */
  prefix: string;
  /** `AppsV1` */
  opGroupVersion: string;
  tag: string;
  kindId: string;
  listId: string;
  /** Component id of autoscaling/v1 Scale. */
  scaleId: string;
}

/** Every path of one kind, keyed by URL template. */
export function kindPaths(input: KindPathsInput): Record<string, PathItem> {
  const { def, gvk, prefix, opGroupVersion: gvName, tag, kindId, listId, scaleId } = input;
  const verbs = new Set(def.verbs ?? ALL_VERBS);
  const kind = def.kind;
  const scope = def.namespaced ? "Namespaced" : "";
  const target = (idSuffix: string, bodyId = kindId, k: Gvk = gvk): OperationTarget => ({ idSuffix, tag, gvk: k, bodyId });
  const main = target(`${gvName}${scope}${kind}`);
  const the = `the specified ${kind}`;
  const ns = def.namespaced ? "/namespaces/{namespace}" : "";
  const nsParams = def.namespaced ? [NAMESPACE] : [];
  const itemParams = [nameParam(kind), ...nsParams, PRETTY];
  const paths: Record<string, PathItem> = {};
  const byName = (ps: Parameter[]) => [...ps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const add = (path: string, item: PathItem) => {
    if (Object.keys(item).some((k) => k !== "parameters")) paths[path] = item;
  };

  const collection: PathItem = { parameters: [...nsParams, PRETTY] };
  if (verbs.has("list")) collection.get = listOp(main, kind, listId, true);
  if (verbs.has("create")) collection.post = createOp(main, `${article(kind)}${kind}`);
  if (verbs.has("deletecollection")) collection.delete = deleteCollectionOp(target(`${gvName}Collection${scope}${kind}`), kind);
  add(`${prefix}${ns}/${def.resource}`, collection);

  const item: PathItem = { parameters: itemParams };
  if (verbs.has("get")) item.get = readOp(main, the);
  if (verbs.has("update")) item.put = replaceOp(main, the);
  if (verbs.has("patch")) item.patch = patchOp(main, the);
  if (verbs.has("delete")) item.delete = deleteOp(main, `${article(kind)}${kind}`);
  add(`${prefix}${ns}/${def.resource}/{name}`, item);

  if (def.namespaced && verbs.has("list")) {
    add(`${prefix}/${def.resource}`, {
      parameters: byName([...LIST_PARAMS, PRETTY]),
      get: listOp(target(`${gvName}${kind}ForAllNamespaces`), kind, listId, false),
    });
  }

  const subresource = (name: "status" | "scale", bodyId: string, k: Gvk) => {
    const t = target(`${gvName}${scope}${kind}${name === "status" ? "Status" : "Scale"}`, bodyId, k);
    const what = `${name} of ${the}`;
    add(`${prefix}${ns}/${def.resource}/{name}/${name}`, {
      parameters: itemParams,
      get: readOp(t, what),
      put: replaceOp(t, what),
      patch: patchOp(t, what),
    });
  };
  if (def.status) subresource("status", kindId, gvk);
  if (def.scale) subresource("scale", scaleId, { group: "autoscaling", version: "v1", kind: "Scale" });
  // Further subresources that take the kind itself (certificatesigningrequests/approval). Those of another
  // API's kind (serviceaccounts/token → authentication.k8s.io TokenRequest) are not described yet.
  for (const sub of def.subresources ?? []) {
    const k = sub.responseKind;
    if (k.group !== gvk.group || k.version !== gvk.version || k.kind !== gvk.kind) continue;
    const t = target(`${gvName}${scope}${kind}${sub.name[0].toUpperCase()}${sub.name.slice(1)}`);
    const what = `${sub.name} of ${the}`;
    const item: PathItem = { parameters: itemParams };
    if (sub.verbs.includes("get")) item.get = readOp(t, what);
    if (sub.verbs.includes("update")) item.put = replaceOp(t, what);
    if (sub.verbs.includes("patch")) item.patch = patchOp(t, what);
    add(`${prefix}${ns}/${def.resource}/{name}/${sub.name}`, item);
  }

  if (verbs.has("watch")) {
    add(`${prefix}/watch${ns}/${def.resource}`, {
      parameters: byName([...LIST_PARAMS, ...nsParams, PRETTY]),
      get: watchOp(target(`${gvName}${scope}${kind}List`), kind, true),
    });
    add(`${prefix}/watch${ns}/${def.resource}/{name}`, {
      parameters: byName([...LIST_PARAMS, nameParam(kind), ...nsParams, PRETTY]),
      get: watchOp(main, kind, false),
    });
    if (def.namespaced) {
      add(`${prefix}/watch/${def.resource}`, {
        parameters: byName([...LIST_PARAMS, PRETTY]),
        get: watchOp(target(`${gvName}${kind}ListForAllNamespaces`), kind, true),
      });
    }
  }
  return paths;
}
