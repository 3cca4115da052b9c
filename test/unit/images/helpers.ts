/**
 * Layer fixtures: tars from the image tool's own writer (scripts/lib/tar-writer.mjs, plain JS that runs in
 * workerd too), and single raw headers for what that writer never emits (symlinks, hard links, GNU long
 * names, bad checksums), built here from the ustar layout.
 */
// @ts-ignore -- plain .mjs script module (typed with JSDoc), shared with `npm run image`
import { writeTar as writeTarJs } from "../../../scripts/lib/tar-writer.mjs";

export interface TarInput {
  path: string;
  type: "file" | "dir";
  mode: number;
  data?: Uint8Array;
}

export const enc = (s: string) => new TextEncoder().encode(s);
export const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

export const writeTar = (entries: TarInput[]): Uint8Array => writeTarJs(entries);

/** A tar of text files (directories implied by the writer's readers) through the image tool's writer. */
export function tarOf(files: Record<string, string>): Uint8Array {
  return writeTar(Object.entries(files).map(([path, text]) => ({ path, type: "file", mode: 0o644, data: enc(text) })));
}

/** One raw tar member: a ustar header (typeflag, name, linkname) and its padded data. */
export function rawEntry(opts: { name: string; typeflag: string; linkname?: string; data?: Uint8Array; corruptChecksum?: boolean }): Uint8Array {
  const data = opts.data ?? new Uint8Array();
  const header = new Uint8Array(512);
  const put = (s: string, at: number) => header.set(enc(s), at);
  put(opts.name.slice(0, 99), 0);
  put("0000644\0", 100);
  put("0000000\0", 108);
  put("0000000\0", 116);
  put(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  put("00000000000\0", 136);
  put("        ", 148);
  put(opts.typeflag, 156);
  if (opts.linkname) put(opts.linkname, 157);
  put("ustar\0", 257);
  put("00", 263);
  const sum = header.reduce((a, b) => a + b, 0) + (opts.corruptChecksum ? 1 : 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const out = new Uint8Array(512 + Math.ceil(data.length / 512) * 512);
  out.set(header);
  out.set(data, 512);
  return out;
}

/** Members followed by the two zero blocks that end an archive. */
export function archive(...members: Uint8Array[]): Uint8Array {
  return concat([...members, new Uint8Array(1024)]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** gzip with the platform's CompressionStream (what a registry layer usually is). */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
