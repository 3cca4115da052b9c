/**
 * The 403 a denied request gets, worded as kube-apiserver's responsewriters.Forbidden / forbiddenMessage:
 * `pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "n"`, then
 * `: <reason>` when the authorizers gave one. Names are quoted as Go's `%q`; the message (not the reason) has
 * `&`, `<` and `>` escaped as upstream does, so that it never looks like HTML.
 */
import { ApiError, qualifiedResource } from "../errors";
import { goQuote } from "../../schema/validation/field-errors";
import type { Attributes } from "./types";

const sanitize = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function forbiddenMessage(a: Attributes): string {
  const who = `User ${goQuote(a.user.username)}`;
  if (!a.resourceRequest) return `${who} cannot ${a.verb} path ${goQuote(a.path ?? "")}`;
  const resource = a.subresource ? `${a.resource ?? ""}/${a.subresource}` : (a.resource ?? "");
  const scope = a.namespace ? `in the namespace ${goQuote(a.namespace)}` : "at the cluster scope";
  return `${who} cannot ${a.verb} resource ${goQuote(resource)} in API group ${goQuote(a.apiGroup ?? "")} ${scope}`;
}

/** apierrors.NewForbidden(group/resource, name, msg): details carry `name`, `group` and `kind` = the resource. */
export function forbiddenError(a: Attributes, reason = ""): ApiError {
  const msg = sanitize(forbiddenMessage(a)) + (reason ? `: ${reason}` : "");
  const group = a.resourceRequest ? (a.apiGroup ?? "") : "";
  const resource = a.resourceRequest ? (a.resource ?? "") : "";
  if (!group && !resource) return new ApiError(403, "Forbidden", `forbidden: ${msg}`, a.name ? { name: a.name } : {});
  const qualified = qualifiedResource(group, resource);
  const subject = a.name ? `${qualified} ${goQuote(a.name)}` : qualified;
  return new ApiError(403, "Forbidden", `${subject} is forbidden: ${msg}`, {
    ...(a.name ? { name: a.name } : {}),
    ...(group ? { group } : {}),
    ...(resource ? { kind: resource } : {}),
  });
}
