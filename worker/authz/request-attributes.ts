/**
 * The authorization attributes of a request (k8s.io/apiserver's RequestInfoFactory): resource requests under
 * `/api` and `/apis`, everything else a non-resource URL with the lower-cased HTTP method as its verb.
 */
import type { UserInfo } from "../authn/user";
import type { ResourceRequest } from "../request-info";
import type { Attributes } from "./types";

export function resourceAttributes(user: UserInfo, req: ResourceRequest, verb: string, query: URLSearchParams): Attributes {
  const a: Attributes = {
    user,
    verb,
    resourceRequest: true,
    apiGroup: req.group,
    apiVersion: req.version,
    resource: req.resource,
  };
  if (req.subresource !== undefined) a.subresource = req.subresource;
  if (req.namespace !== undefined) a.namespace = req.namespace;
  // A namespace is addressed by name, not inside itself.
  if (req.group === "" && req.resource === "namespaces" && req.name !== undefined) a.namespace = req.name;
  const name = req.name ?? (verb === "list" || verb === "watch" ? singleNameOf(query.get("fieldSelector")) : undefined);
  if (name !== undefined) a.name = name;
  const fieldSelector = query.get("fieldSelector");
  if (fieldSelector) a.fieldSelector = fieldSelector;
  return a;
}

/** A list/watch limited to one object by `fieldSelector=metadata.name=x` is authorized as that object (upstream). */
function singleNameOf(fieldSelector: string | null): string | undefined {
  if (!fieldSelector) return undefined;
  for (const term of fieldSelector.split(/(?<!\\),/)) {
    const m = /^\s*metadata\.name\s*==?(.*)$/.exec(term);
    if (m) return m[1].trim();
  }
  return undefined;
}

export function nonResourceAttributes(user: UserInfo, method: string, path: string): Attributes {
  return { user, verb: method.toLowerCase(), resourceRequest: false, path };
}
