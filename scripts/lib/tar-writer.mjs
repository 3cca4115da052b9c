/**
 * A deterministic tar writer for image layers: POSIX ustar headers with every varying field fixed (mtime 0,
 * uid/gid 0, no user/group names), entries sorted by path, so the same folder always gives the same bytes and
 * the same layer digest (what reproducible image builders such as ko and apko do). Paths that do not fit
 * ustar's 100-byte name (even split into its 155-byte prefix) or are not ASCII get a PAX `path` record, as Go's
 * archive/tar does. Written by hand (no npm dependency for ~100 lines); read back by worker/images/tar.ts.
 * Uses only TextEncoder and Uint8Array, so it also runs inside workerd for the unit tests.
 */

const BLOCK = 512;
const encoder = new TextEncoder();

/**
 * @typedef {object} TarInput
 * @property {string} path  root-relative, `/`-separated, no leading `/` or `./`, no trailing `/`
 * @property {"file" | "dir"} type
 * @property {number} mode  permission bits, e.g. 0o644
 * @property {Uint8Array} [data]  content of a file
 */

/**
 * A complete tar archive (with its two-block end marker) of `entries`, sorted by path.
 * @param {TarInput[]} entries
 * @returns {Uint8Array}
 */
export function writeTar(entries) {
  /** @type {Uint8Array[]} */
  const parts = [];
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of sorted) {
    const name = entry.type === "dir" ? `${entry.path}/` : entry.path;
    const data = entry.type === "file" ? (entry.data ?? new Uint8Array()) : new Uint8Array();
    const split = splitUstarName(name);
    if (!split) {
      const pax = encoder.encode(paxRecord("path", name));
      parts.push(header({ name: paxHeaderName(name), prefix: "", typeflag: "x", mode: 0o644, size: pax.length }), pad(pax));
    }
    const { prefix, base } = split ?? { prefix: "", base: fallbackName(name) };
    parts.push(header({ name: base, prefix, typeflag: entry.type === "dir" ? "5" : "0", mode: entry.mode, size: data.length }), pad(data));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return concat(parts);
}

/**
 * ustar's name split: the whole name when it fits 100 bytes, else a `prefix` (≤ 155 bytes) and a `base`
 * (≤ 100 bytes, not empty) cut at a `/`; undefined when neither fits or the name is not ASCII.
 * @param {string} name
 * @returns {{ prefix: string, base: string } | undefined}
 */
export function splitUstarName(name) {
  if (!/^[\x20-\x7e]*$/.test(name)) return undefined;
  if (name.length <= 100) return { prefix: "", base: name };
  // A directory's trailing "/" stays with the base; search for the cut from the right of the prefix limit.
  for (let cut = Math.min(155, name.length - 1); cut > 0; cut--) {
    if (name[cut] !== "/") continue;
    const base = name.slice(cut + 1);
    if (base.length > 100) return undefined;
    if (base !== "" && base !== "/") return { prefix: name.slice(0, cut), base };
  }
  return undefined;
}

/**
 * One PAX record, `"<length> <key>=<value>\n"`, whose length counts its own digits.
 * @param {string} key
 * @param {string} value
 */
export function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

/** @param {string} name ASCII-safe stand-in for the ustar name field of an entry with a PAX path */
function fallbackName(name) {
  return name.replace(/[^\x20-\x7e]/g, "_").slice(-100);
}

/** @param {string} name */
function paxHeaderName(name) {
  return `PaxHeaders/${fallbackName(name)}`.slice(0, 100);
}

/**
 * @param {{ name: string, prefix: string, typeflag: string, mode: number, size: number }} h
 * @returns {Uint8Array}
 */
function header({ name, prefix, typeflag, mode, size }) {
  const block = new Uint8Array(BLOCK);
  const put = (/** @type {string} */ text, /** @type {number} */ offset) => block.set(encoder.encode(text), offset);
  const octal = (/** @type {number} */ n, /** @type {number} */ width) => `${n.toString(8).padStart(width - 1, "0")}\0`;
  put(name, 0);
  put(octal(mode, 8), 100);
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(size, 12), 124);
  put(octal(0, 12), 136); // mtime: the epoch, for reproducible layers
  put("        ", 148); // checksum placeholder: eight spaces while summing
  put(typeflag, 156);
  put("ustar\0", 257);
  put("00", 263);
  put(octal(0, 8), 329); // devmajor
  put(octal(0, 8), 337); // devminor
  put(prefix, 345);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return block;
}

/** @param {Uint8Array} data content followed by zeros up to the next block boundary */
function pad(data) {
  const out = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  out.set(data);
  return out;
}

/** @param {Uint8Array[]} parts */
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
