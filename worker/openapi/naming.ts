/**
 * Names in a group-version document, as the API server derives them: URL prefixes, operationIds and tags
 * (k8s.io/apiserver/pkg/endpoints/openapi GetOperationIDAndTagsFromRoute, ToValidOperationID), the
 * article in operation descriptions (GetArticleForNoun) and definition names of kinds without an id.
 */

export interface GroupVersion {
  group: string;
  version: string;
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export const urlPrefix = (gv: GroupVersion): string => (gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`);

/** The document's key in the `/openapi/v3` root: `api/v1`, `apis/apps/v1`. */
export const groupVersionPath = (gv: GroupVersion): string => urlPrefix(gv).slice(1);

/** ToValidOperationID: keep letters, `_` and non-leading digits; anything else capitalizes what follows. */
export function toValidOperationId(s: string, capitalizeFirst: boolean): string {
  let out = "";
  let capitalize = capitalizeFirst;
  [...s].forEach((c, i) => {
    if (/\p{L}/u.test(c) || c === "_" || (i !== 0 && /\p{Nd}/u.test(c))) {
      out += capitalize ? c.toUpperCase() : c;
      capitalize = false;
    } else {
      capitalize = true;
    }
  });
  return out;
}

const trimmedGroup = (gv: GroupVersion) => (gv.group || "core").replace(/\.k8s\.io$/, "");

/** The part of an operationId after the verb: `AppsV1`, `CoreV1`, `RbacAuthorizationV1`. */
export const operationGroupVersion = (gv: GroupVersion): string =>
  toValidOperationId(trimmedGroup(gv), true) + toValidOperationId(gv.version, true);

/** The operation tag: `apps_v1`, `core_v1`, `rbacAuthorization_v1`. */
export const groupVersionTag = (gv: GroupVersion): string =>
  `${toValidOperationId(trimmedGroup(gv), false)}_${toValidOperationId(gv.version, false)}`;

/** GetArticleForNoun with a single space of padding: "a ", "an ", or "" for plurals ("create Endpoints"). */
export function article(noun: string): string {
  if (noun.endsWith("s") && !noun.endsWith("ss")) return " ";
  return /^[aeiou]/i.test(noun) ? " an " : " a ";
}

/**
 * Upstream's definition name for a kind whose schema has no `.meta({id})`: `io.k8s.api.<short group>.<v>.<Kind>`
 * for built-in groups, reversed DNS for others (`com.example.v1.Widget`), as CRD schemas are published.
 */
export function fallbackDefinitionId(gv: GroupVersion, kind: string): string {
  if (!gv.group) return `io.k8s.api.core.${gv.version}.${kind}`;
  if (!gv.group.includes(".") || gv.group.endsWith(".k8s.io")) {
    return `io.k8s.api.${gv.group.split(".")[0]}.${gv.version}.${kind}`;
  }
  return `${gv.group.split(".").reverse().join(".")}.${gv.version}.${kind}`;
}
