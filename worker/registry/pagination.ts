/**
 * `n` / `last` pagination of the tags list and the catalog (spec § "Listing Tags", distribution's catalog):
 * results sorted lexically, at most `n` of them, starting after `last`; when more may follow, a
 * `Link: <path?n=…&last=…>; rel="next"` header. Pure.
 */
import { paginationInvalid } from "./errors";

/** distribution's default maximum page size; a larger `n` is clamped to it. */
export const MAX_PAGE = 1000;

export interface PageRequest {
  /** At most this many; undefined = all. */
  n?: number;
  /** Start after this entry. */
  last?: string;
}

/** The page a query asks for; throws PAGINATION_NUMBER_INVALID for an `n` that is not a non-negative integer. */
export function parsePage(query: URLSearchParams): PageRequest {
  const page: PageRequest = {};
  const n = query.get("n");
  if (n !== null && n !== "") {
    if (!/^\d{1,9}$/.test(n)) throw paginationInvalid(n);
    page.n = Math.min(Number(n), MAX_PAGE);
  }
  const last = query.get("last");
  if (last) page.last = last;
  return page;
}

/** The `Link` header pointing at the page after `last`, as distribution writes it. */
export function nextLink(path: string, n: number, last: string): string {
  return `<${path}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`;
}
