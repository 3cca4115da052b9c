/**
 * Parses an API path the way kube-apiserver's RequestInfoFactory does:
 * `/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]` and the same under `/apis/{group}/{version}`.
 * `/api/v1/namespaces/{name}[/{sub}]` addresses the namespace itself.
 */

export interface ResourceRequest {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Anything after the subresource (proxy paths). */
  rest?: string;
}

export function parseResourcePath(pathname: string): ResourceRequest | undefined {
  const parts = pathname.split("/").filter((p, i) => i > 0 && p !== "");
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  rest = rest.map(decodeURIComponent);
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === "namespaces" && rest.length === 2) {
    return { group, version, resource: "namespaces", name: rest[1] };
  }
  const [resource, name, subresource, ...tail] = rest;
  if (!resource) return undefined;
  if (namespace !== undefined && group === "" && resource === undefined) return undefined;
  const out: ResourceRequest = { group, version, resource };
  if (namespace !== undefined) out.namespace = namespace;
  if (name !== undefined) out.name = name;
  if (subresource !== undefined) out.subresource = subresource;
  if (tail.length) out.rest = tail.join("/");
  return out;
}

/** The Kubernetes verb of a resource request (RBAC's vocabulary). */
export function verbOf(method: string, req: ResourceRequest, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      if (req.name === undefined) return watch ? "watch" : "list";
      return "get";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return req.name === undefined ? "deletecollection" : "delete";
    default:
      return method.toLowerCase();
  }
}

/** `watch=true` or `watch=1` (upstream accepts any value ParseBool takes). */
export function isWatch(q: URLSearchParams): boolean {
  const w = q.get("watch");
  return w === "true" || w === "1" || w === "True" || w === "TRUE" || w === "t" || w === "T";
}
