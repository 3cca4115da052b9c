/**
 * PATCH Content-Type → patch mechanism (k8s.io/apimachinery/pkg/types.PatchType).
 *
 * kube-apiserver strips any parameters (`; charset=utf-8`) and accepts exactly the four types below for
 * built-in kinds. `application/apply-patch+cbor` exists upstream only behind the CBORServingAndStorage
 * feature gate, so it is unsupported here, like every other type: the caller answers 415 with
 * `unsupportedPatchTypeMessage()`.
 */
export type PatchType = "json" | "merge" | "strategic" | "apply";

const BY_CONTENT_TYPE: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/** The accepted PATCH content types for built-in kinds, in the order upstream lists them in its 415 message. */
export const SUPPORTED_PATCH_CONTENT_TYPES: readonly string[] = Object.keys(BY_CONTENT_TYPE);

/** The patch mechanism for a Content-Type header value, or `undefined` when it is not one we accept. */
export function patchTypeOf(contentType: string | null | undefined): PatchType | undefined {
  if (!contentType) return undefined;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return Object.hasOwn(BY_CONTENT_TYPE, mediaType) ? BY_CONTENT_TYPE[mediaType] : undefined;
}

/**
 * The 415 message upstream sends (negotiation.NewUnsupportedMediaTypeError). Pass the types accepted for
 * the resource: custom resources do not accept strategic merge patch.
 */
export function unsupportedPatchTypeMessage(accepted: readonly string[] = SUPPORTED_PATCH_CONTENT_TYPES): string {
  return `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`;
}
