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
  try {
    rest = rest.map(decodeURIComponent);
  } catch {
    return undefined; // an undecodable %-escape names nothing
  }
  let namespace: string | undefined;
  // requestinfo.go namespaceSubresources: /namespaces/{name}/status|finalize address the Namespace itself.
  if (group === "" && rest[0] === "namespaces" && rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize")) {
    return { group, version, resource: "namespaces", name: rest[1], subresource: rest[2] };
  }
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

/**
 * A boolean query parameter as upstream converts it (runtime.Convert_Slice_string_To_bool): present and not
 * "0" or "false" (any case) is true — the empty string included.
 */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && v !== "0" && v.toLowerCase() !== "false";
}

export function isWatch(q: URLSearchParams): boolean {
  return queryBool(q, "watch");
}
