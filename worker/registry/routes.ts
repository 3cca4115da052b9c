/**
 * The registry's endpoints (OCI Distribution Spec § "Endpoints", end-1 … end-13), resolved from the request
 * path. Repository names contain slashes, so a route is recognised by its fixed suffix (`/tags/list`,
 * `/manifests/<ref>`, `/blobs/uploads/[<id>]`, `/blobs/<digest>`) and the name is everything before it, as
 * distribution's router does with its anchored name pattern. Pure; names are validated by the caller.
 */

export type RegistryRoute =
  | { kind: "base" }
  | { kind: "catalog" }
  | { kind: "tags"; name: string }
  | { kind: "manifest"; name: string; reference: string }
  | { kind: "blob"; name: string; digest: string }
  | { kind: "uploads"; name: string }
  | { kind: "upload"; name: string; id: string };

/** The route of a (percent-encoded) request path, or undefined when no endpoint has this shape. */
export function parseRegistryPath(path: string): RegistryRoute | undefined {
  if (path === "/v2" || path === "/v2/") return { kind: "base" };
  if (!path.startsWith("/v2/")) return undefined;
  let segments: string[];
  try {
    segments = path.slice(4).split("/").map(decodeURIComponent);
  } catch {
    return undefined;
  }
  // An escaped slash would make the name differ from the path RBAC authorized.
  if (segments.some((s) => s.includes("/"))) return undefined;
  if (segments.length === 1 && segments[0] === "_catalog") return { kind: "catalog" };
  // `/blobs/uploads/` ends with an empty segment; the spec writes it with the slash, clients send both.
  if (segments.length > 2 && segments.at(-1) === "" && segments.at(-2) === "uploads" && segments.at(-3) === "blobs") {
    return named(segments, 3, (name) => ({ kind: "uploads", name }));
  }
  const [a, b, c] = [segments.at(-3), segments.at(-2), segments.at(-1)!];
  if (b === "blobs" && c === "uploads") return named(segments, 2, (name) => ({ kind: "uploads", name }));
  if (a === "blobs" && b === "uploads" && c !== "") return named(segments, 3, (name) => ({ kind: "upload", name, id: c }));
  if (b === "tags" && c === "list") return named(segments, 2, (name) => ({ kind: "tags", name }));
  if (b === "manifests" && c !== "") return named(segments, 2, (name) => ({ kind: "manifest", name, reference: c }));
  if (b === "blobs" && c !== "") return named(segments, 2, (name) => ({ kind: "blob", name, digest: c }));
  return undefined;
}

/** The route when at least one name segment precedes the `suffix` segments. */
function named(segments: string[], suffix: number, route: (name: string) => RegistryRoute): RegistryRoute | undefined {
  if (segments.length <= suffix) return undefined;
  return route(segments.slice(0, -suffix).join("/"));
}

/** The path of a repository's endpoint, as Location headers give it. */
export const blobPath = (name: string, digest: string) => `/v2/${name}/blobs/${digest}`;
export const manifestPath = (name: string, reference: string) => `/v2/${name}/manifests/${reference}`;
export const uploadPath = (name: string, id: string) => `/v2/${name}/blobs/uploads/${id}`;
export const tagsPath = (name: string) => `/v2/${name}/tags/list`;
export const CATALOG_PATH = "/v2/_catalog";
