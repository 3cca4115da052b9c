/**
 * Listings (spec end-8a/8b and distribution's catalog): `GET /v2/<name>/tags/list` → `{name, tags}` and
 * `GET /v2/_catalog` → `{repositories}`, both sorted, paginated by `n` / `last` with a `Link` to the next page.
 * A repository exists from the first blob or manifest stored in it, and stays listed after deletions.
 */
import type { RegistryRequest } from "./context";
import { nameUnknown, registryJson } from "./errors";
import { nextLink, parsePage } from "./pagination";
import { CATALOG_PATH, tagsPath } from "./routes";
import { CATALOG_PREFIX, listNames, repositoryExists, tagsPrefix } from "./storage";

export async function listTags(r: RegistryRequest, name: string): Promise<Response> {
  const page = parsePage(r.url.searchParams);
  if (!(await repositoryExists(r.bucket, name))) throw nameUnknown(name);
  const { names, more } = await listNames(r.bucket, tagsPrefix(name), page);
  const link = more && page.n !== undefined ? { Link: nextLink(tagsPath(name), page.n, names.at(-1)!) } : undefined;
  return registryJson({ name, tags: names }, 200, link);
}

export async function listCatalog(r: RegistryRequest): Promise<Response> {
  const page = parsePage(r.url.searchParams);
  const { names, more } = await listNames(r.bucket, CATALOG_PREFIX, page);
  const link = more && page.n !== undefined ? { Link: nextLink(CATALOG_PATH, page.n, names.at(-1)!) } : undefined;
  return registryJson({ repositories: names }, 200, link);
}
