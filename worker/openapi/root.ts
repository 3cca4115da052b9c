/**
 * The `/openapi/v3` discovery document and the hashes in its URLs, as upstream's
 * k8s.io/kube-openapi/pkg/handler3: `{"paths": {"apis/apps/v1": {"serverRelativeURL":
 * "/openapi/v3/apis/apps/v1?hash=<H>"}}}`, H = uppercase hex SHA-512 of the served document bytes.
 * kubectl caches each `?hash=` URL and refetches a document only when its hash changes (KUBECTL.md §3.4).
 */

export interface OpenApiRoot {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** `docs[].path` is the document's key (`api/v1`, `apis/apps/v1`; see groupVersionPath). Sorted by path. */
export function buildOpenApiRoot(docs: { path: string; hash: string }[]): OpenApiRoot {
  const sorted = [...docs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    paths: Object.fromEntries(sorted.map((d) => [d.path, { serverRelativeURL: `/openapi/v3/${d.path}?hash=${d.hash}` }])),
  };
}

/** Uppercase hex SHA-512 of the UTF-8 bytes of `json` (handler3 computes `fmt.Sprintf("%X", sha512.Sum512(b))`). */
export async function documentHash(json: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-512", new TextEncoder().encode(json));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
}
