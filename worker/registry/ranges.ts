/**
 * Byte ranges of the upload protocol and of blob reads. Pure.
 *
 * - A chunk's `Content-Range` is `<start>-<end>` (inclusive), the form the spec and docker send; the
 *   RFC 9110 form `bytes <start>-<end>/<size|*>` is accepted too.
 * - An upload's progress is answered as `Range: 0-<last byte>`; with nothing uploaded distribution answers
 *   `0-0`, and so does this.
 * - A blob GET honours one `Range: bytes=…` range (RFC 9110 § 14.1.2); anything else is served whole.
 */

export interface ChunkRange {
  start: number;
  /** Inclusive. */
  end: number;
}

const CONTENT_RANGE = /^(?:bytes )?(\d{1,15})-(\d{1,15})(?:\/(?:\d{1,15}|\*))?$/;

/** The range of a PATCH chunk, or undefined when the header is malformed or ends before it starts. */
export function parseContentRange(header: string): ChunkRange | undefined {
  const m = CONTENT_RANGE.exec(header.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end < start ? undefined : { start, end };
}

/** The `Range` header of an upload holding `size` bytes. */
export function uploadRange(size: number): string {
  return `0-${Math.max(size - 1, 0)}`;
}

/** A part of a blob of known size to serve with 206. */
export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * One `bytes=` range of a `size`-byte blob; "unsatisfiable" for a range wholly past its end (416); undefined
 * when there is no usable range (no header, another unit, several ranges, a malformed one): serve it whole.
 */
export function parseByteRange(header: string | null, size: number): ByteRange | "unsatisfiable" | undefined {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec((header ?? "").trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    const length = Math.min(suffix, size);
    return { offset: size - length, length };
  }
  const first = Number(m[1]);
  if (m[2] !== "" && Number(m[2]) < first) return undefined;
  if (first >= size) return "unsatisfiable";
  const last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return { offset: first, length: last - first + 1 };
}
