/**
 * Content negotiation of `GET /openapi/v2`, as kube-openapi's handler (pkg/handler/handler.go): Accept
 * entries are taken by preference (q descending, then the more specific, then header order; no header
 * accepts anything) and the first one matching, in this order, JSON, the deprecated
 * `…spec.v2@v1.0+protobuf` subtype (what client-go's `OpenAPISchema()` sends) or `…spec.v2.v1.0+protobuf`,
 * wins; nothing matching is a 406.
 */

export const OPENAPI_V2_JSON = "application/json";
/** The (deprecated) protobuf media type client-go's `OpenAPISchema()` requests. */
export const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
/**
 * The non-deprecated spelling, also accepted, and the Content-Type of every protobuf answer: `@` is a
 * tspecial, so Go's `mime.ParseMediaType` (client-go reading the response) rejects the deprecated spelling
 * with "mime: unexpected content after media subtype" (kube-openapi's handler answers with this one too).
 */
export const OPENAPI_V2_PROTOBUF_ALT = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/** The Content-Type to answer a negotiated media type with. */
export const openApiV2ContentType = (mediaType: OpenApiV2MediaType): string =>
  mediaType === OPENAPI_V2_JSON ? OPENAPI_V2_JSON : OPENAPI_V2_PROTOBUF_ALT;

/** Served media types in upstream's matching order. */
const OFFERS = [OPENAPI_V2_JSON, OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_ALT] as const;
export type OpenApiV2MediaType = (typeof OFFERS)[number];

interface AcceptEntry {
  type: string;
  subtype: string;
  q: number;
  index: number;
}

/** goautoneg's tie-break at equal q: concrete types before `type/*`, before `*` + `/*`. */
const specificity = (e: AcceptEntry) => (e.type === "*" ? 0 : 1) + (e.subtype === "*" ? 0 : 1);

function parseEntry(raw: string, index: number): AcceptEntry {
  const [mediaType, ...params] = raw.split(";");
  const [type = "", subtype = ""] = mediaType.trim().toLowerCase().split("/");
  let q = 1;
  for (const p of params) {
    const [k, v] = p.split("=").map((s) => s.trim());
    if (k.toLowerCase() === "q") q = Number.isFinite(Number(v)) ? Number(v) : 0;
  }
  return { type, subtype, q, index };
}

/** The media type to answer `accept` with, or undefined for 406 Not Acceptable. */
export function negotiateOpenApiV2(accept: string | null | undefined): OpenApiV2MediaType | undefined {
  const entries = (accept?.trim() ? accept : "*/*")
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(parseEntry)
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.index - b.index);
  for (const e of entries) {
    for (const offer of OFFERS) {
      const [type, subtype] = offer.split("/");
      if ((e.type === type || e.type === "*") && (e.subtype === subtype || e.subtype === "*")) return offer;
    }
  }
  return undefined;
}
