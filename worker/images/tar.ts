/**
 * A tar reader for image layers: POSIX ustar (with its `prefix` field), PAX extended headers (`x` per entry,
 * `g` global) and the GNU long-name / long-link entries (`L`, `K`) that Docker's and Go's archive/tar writers
 * emit — the formats image-spec layer.md allows ("ustar and pax", GNU names as written by common tools).
 * Written by hand: the reading side is ~150 lines and no maintained Worker-compatible library exists; it
 * mirrors Go's archive/tar Reader (header checksum, octal and base-256 numbers, PAX records overriding the
 * header). Pure: bytes in, entries out; content is returned as views into the input, never copied.
 */

export type TarEntryType = "file" | "dir" | "symlink" | "hardlink" | "other";

export interface TarEntry {
  /** The path exactly as archived (PAX `path` / GNU long name / prefix + name), not yet normalised. */
  name: string;
  type: TarEntryType;
  /** Permission bits (e.g. 0o644). */
  mode: number;
  /** Target of a symlink or hardlink (PAX `linkpath` / GNU long link / linkname). */
  linkname: string;
  /** Content of a regular file; empty for every other type. */
  data: Uint8Array;
}

export type TarResult = { ok: true; entries: TarEntry[] } | { ok: false; reason: string };

const BLOCK = 512;
const decoder = new TextDecoder();

/** Parses a whole (uncompressed) tar archive. Archives may end with two zero blocks or at a block boundary. */
export function parseTar(bytes: Uint8Array): TarResult {
  const entries: TarEntry[] = [];
  let globalPax: Record<string, string> = {};
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumMatches(header)) return { ok: false, reason: `bad tar header checksum at offset ${offset}` };
    const typeflag = String.fromCharCode(header[156]);
    const size = readNumber(header.subarray(124, 136));
    if (size === undefined) return { ok: false, reason: `bad size field at offset ${offset}` };
    const start = offset + BLOCK;
    const effectiveSize = typeflag === "x" || typeflag === "g" || typeflag === "L" || typeflag === "K" ? size : Number(pax.size || size);
    if (!Number.isSafeInteger(effectiveSize) || effectiveSize < 0) return { ok: false, reason: `bad size at offset ${offset}` };
    if (start + effectiveSize > bytes.length) return { ok: false, reason: `truncated tar: entry at offset ${offset} needs ${effectiveSize} bytes` };
    const data = bytes.subarray(start, start + effectiveSize);
    offset = start + Math.ceil(effectiveSize / BLOCK) * BLOCK;

    switch (typeflag) {
      case "x":
      case "g": {
        const records = parsePax(data);
        if (!records) return { ok: false, reason: `bad PAX header at offset ${start - BLOCK}` };
        if (typeflag === "g") globalPax = { ...globalPax, ...records };
        else pax = { ...pax, ...records };
        continue;
      }
      case "L":
        longName = cString(data);
        continue;
      case "K":
        longLink = cString(data);
        continue;
    }
    const attrs = { ...globalPax, ...pax };
    const isUstar = decoder.decode(header.subarray(257, 262)) === "ustar";
    const prefix = isUstar ? cString(header.subarray(345, 500)) : "";
    const headerName = cString(header.subarray(0, 100));
    // An empty PAX value unsets the key (POSIX pax: "the record shall be deleted").
    const name = attrs.path || longName || (prefix ? `${prefix}/${headerName}` : headerName);
    const linkname = attrs.linkpath || longLink || cString(header.subarray(157, 257));
    const mode = readNumber(header.subarray(100, 108)) ?? 0;
    const type = entryType(typeflag, name);
    entries.push({ name, type, mode: mode & 0o7777, linkname, data: type === "file" ? data : data.subarray(0, 0) });
    pax = {};
    longName = undefined;
    longLink = undefined;
  }
  return { ok: true, entries };
}

/** Go's archive/tar: `0`, NUL and (pre-POSIX) `7` are regular files; a V7 name ending in `/` is a directory. */
function entryType(typeflag: string, name: string): TarEntryType {
  switch (typeflag) {
    case "0":
    case "\0":
    case "7":
      return name.endsWith("/") ? "dir" : "file";
    case "5":
      return "dir";
    case "2":
      return "symlink";
    case "1":
      return "hardlink";
    default:
      return "other"; // character/block devices, FIFOs, sparse files: nothing a module loader can use
  }
}

/** The header checksum: the byte sum with the checksum field read as spaces (unsigned, or signed as old tars). */
function checksumMatches(header: Uint8Array): boolean {
  const stored = readNumber(header.subarray(148, 156));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : header[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** A numeric field: NUL/space-terminated octal, or GNU base-256 when the high bit of the first byte is set. */
function readNumber(field: Uint8Array): number | undefined {
  if (field[0] & 0x80) {
    let n = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return Number.isSafeInteger(n) ? n : undefined;
  }
  const text = decoder.decode(field).replace(/[\0 ]+$/, "").replace(/^ +/, "");
  if (text === "") return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/** PAX records: `"<length> <key>=<value>\n"`, where length counts the whole record. */
function parsePax(data: Uint8Array): Record<string, string> | undefined {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) return undefined;
    const length = Number(decoder.decode(data.subarray(offset, space)));
    if (!Number.isSafeInteger(length) || length <= space - offset || offset + length > data.length) return undefined;
    const record = decoder.decode(data.subarray(space + 1, offset + length - 1));
    const eq = record.indexOf("=");
    if (eq < 0 || data[offset + length - 1] !== 0x0a) return undefined;
    records[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return records;
}

function cString(field: Uint8Array): string {
  const nul = field.indexOf(0);
  return decoder.decode(nul < 0 ? field : field.subarray(0, nul));
}
