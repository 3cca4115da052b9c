/**
 * The authorization attributes of a request (k8s.io/apiserver's RequestInfoFactory): resource requests under
 * `/api` and `/apis`, everything else a non-resource URL with the lower-cased HTTP method as its verb.
 */
import type { UserInfo } from "../authn/user";
import type { ResourceRequest } from "../request-info";
import type { Attributes } from "./types";
import { parseFieldSelector } from "../selectors/field-selector";
import { validatePathSegmentName } from "../../schema/networking-v1/net-validation";

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

/**
 * A list/watch limited to one object by `fieldSelector=metadata.name=x` is authorized as that object (upstream
 * RequestInfoFactory: fields.Selector.RequiresExactMatch over the parsed — sorted, unescaped — terms, kept only
 * when it is a valid path segment name). The list handler parses the same selector, so it returns only x.
 */
function singleNameOf(fieldSelector: string | null): string | undefined {
  if (!fieldSelector) return undefined;
  const parsed = parseFieldSelector(fieldSelector);
  if (!parsed.ok) return undefined;
  const name = parsed.requirements.find((r) => r.field === "metadata.name" && r.operator === "=")?.value;
  return name && validatePathSegmentName(name, false).length === 0 ? name : undefined;
}

export function nonResourceAttributes(user: UserInfo, method: string, path: string): Attributes {
  return { user, verb: method.toLowerCase(), resourceRequest: false, path };
}
