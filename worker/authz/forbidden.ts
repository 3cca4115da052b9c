/**
 * The 403 a denied request gets, worded as kube-apiserver's responsewriters.forbiddenMessage:
 * `pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "n"`.
 */
import { ApiError, qualifiedResource } from "../errors";
import type { Attributes } from "./types";

export function forbiddenMessage(a: Attributes): string {
  const who = `User "${a.user.username}"`;
  if (!a.resourceRequest) return `${who} cannot ${a.verb} path "${a.path ?? ""}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? "");
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `${who} cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ""}" ${scope}`;
}

/** Forbidden with upstream's message and details (`name`, `group`, `kind` = the resource). */
export function forbiddenError(a: Attributes, reason = ""): ApiError {
  const suffix = reason ? `: ${reason}` : "";
  if (!a.resourceRequest) return new ApiError(403, "Forbidden", `forbidden: ${forbiddenMessage(a)}${suffix}`, {});
  const qualified = qualifiedResource(a.apiGroup ?? "", a.resource ?? "");
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  return new ApiError(403, "Forbidden", `${subject} is forbidden: ${forbiddenMessage(a)}${suffix}`, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.apiGroup ? { group: a.apiGroup } : {}),
    kind: a.resource,
  });
}
