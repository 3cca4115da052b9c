/**
 * Static bearer tokens (kube-apiserver `--token-auth-file`, k8s.io/apiserver tokenfile.NewCSV): the
 * `STATIC_TOKENS` binding holds CSV records `token,user,uid[,"group1,group2"]`.
 *
 * Matched upstream behaviour:
 * - The file is read with Go's encoding/csv defaults: variable field count, RFC 4180 quoting (`""` inside a
 *   quoted field), no comment lines, no trimming of spaces, empty lines skipped. A quoting error rejects the
 *   whole file, as does a record with fewer than 3 columns (upstream: kube-apiserver does not start).
 * - A record with an empty token is skipped with a warning; a duplicated token keeps the later record.
 * - The 4th column is split on every `,` (so an empty 4th column is the one group `""`); more columns are ignored.
 * A rejected file accepts no token (the error is logged once): it fails closed, the admin token keeps working.
 *
 * Tokens are compared in constant time over SHA-256 digests of every configured token.
 */
import type { UserInfo } from "./user";

export interface TokenFile {
  /** Token → identity, in file order (a later duplicate replaced the earlier one). */
  tokens: Map<string, UserInfo>;
  /** Upstream's klog warnings (empty or duplicate tokens). */
  warnings: string[];
}

const ERR_BARE_QUOTE = 'bare " in non-quoted-field';
const ERR_QUOTE = 'extraneous or missing " in quoted-field';

/**
 * Records of a CSV text as Go's `csv.NewReader` reads them with `FieldsPerRecord = -1` (all other options at
 * their defaults). Errors are worded as Go's `csv.ParseError`.
 */
export function readCsv(text: string): { records: string[][] } | { error: string } {
  const lines = splitLines(text);
  const records: string[][] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i] === "") {
      i++;
      continue;
    }
    const startLine = i + 1;
    const fields: string[] = [];
    let line = lines[i];
    let pos = 0;
    for (;;) {
      if (line[pos] !== '"') {
        const comma = line.indexOf(",", pos);
        const field = comma < 0 ? line.slice(pos) : line.slice(pos, comma);
        const quote = field.indexOf('"');
        if (quote >= 0) return { error: parseError(startLine, i + 1, pos + quote + 1, ERR_BARE_QUOTE) };
        fields.push(field);
        if (comma < 0) break;
        pos = comma + 1;
        continue;
      }
      // Quoted field: may span lines; `""` is a quote; the closing quote must end the field.
      let value = "";
      pos++;
      let closed = false;
      for (;;) {
        const q = line.indexOf('"', pos);
        if (q < 0) {
          value += line.slice(pos);
          if (i + 1 >= lines.length) {
            // Go counts the last line's newline, when it has one, into the column.
            const column = line.length + 1 + (text.endsWith("\n") ? 1 : 0);
            return { error: parseError(startLine, i + 1, column, ERR_QUOTE) };
          }
          value += "\n";
          line = lines[++i];
          pos = 0;
          continue;
        }
        value += line.slice(pos, q);
        if (line[q + 1] === '"') {
          value += '"';
          pos = q + 2;
          continue;
        }
        if (q + 1 === line.length) {
          pos = q + 1;
          closed = true;
          break;
        }
        if (line[q + 1] === ",") {
          pos = q + 2;
          break;
        }
        return { error: parseError(startLine, i + 1, q + 1, ERR_QUOTE) };
      }
      fields.push(value);
      if (closed) break;
    }
    records.push(fields);
    i++;
  }
  return { records };
}

/** Physical lines without their terminator; `\r\n` ends a line like `\n`, a final `\r` is dropped (Go's csv). */
function splitLines(text: string): string[] {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function parseError(startLine: number, line: number, column: number, err: string): string {
  if (startLine !== line) return `record on line ${startLine}; parse error on line ${line}, column ${column}: ${err}`;
  return `parse error on line ${line}, column ${column}: ${err}`;
}

/** tokenfile.NewCSV over the text of a token file named `source` (used in messages, as upstream's path). */
export function parseTokenAuthFile(text: string, source = "STATIC_TOKENS"): TokenFile | { error: string } {
  const csv = readCsv(text);
  if ("error" in csv) return csv;
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNum = 0;
  for (const record of csv.records) {
    if (record.length < 3) {
      return { error: `token file '${source}' must have at least 3 columns (token, user name, user uid), found ${record.length}` };
    }
    recordNum++;
    if (record[0] === "") {
      warnings.push(`empty token has been found in token file '${source}', record number '${recordNum}'`);
      continue;
    }
    if (tokens.has(record[0])) {
      warnings.push(`duplicate token has been found in token file '${source}', record number '${recordNum}'`);
      tokens.delete(record[0]);
    }
    const user: UserInfo = { username: record[1], groups: record.length >= 4 ? record[3].split(",") : [] };
    if (record[2] !== "") user.uid = record[2];
    tokens.set(record[0], user);
  }
  return { tokens, warnings };
}

/** SHA-256 of a token's UTF-8 bytes. */
export async function tokenDigest(token: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
}

/** Byte equality whose time depends only on the lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.byteLength ^ b.byteLength;
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

interface TokenIndex {
  entries: { digest: Uint8Array; user: UserInfo }[];
}

let cached: { text: string; index: Promise<TokenIndex> } | undefined;

/** The parsed STATIC_TOKENS, computed once per distinct binding value. */
function tokenIndex(text: string): Promise<TokenIndex> {
  if (cached?.text === text) return cached.index;
  const index = (async () => {
    const file = parseTokenAuthFile(text);
    if ("error" in file) {
      console.error(`STATIC_TOKENS rejected, no static token is accepted: ${file.error}`);
      return { entries: [] };
    }
    for (const w of file.warnings) console.warn(w);
    const entries = await Promise.all([...file.tokens].map(async ([token, user]) => ({ digest: await tokenDigest(token), user })));
    return { entries };
  })();
  cached = { text, index };
  return index;
}

/**
 * The identity of a static token, or undefined when no record has it. Every configured token is compared
 * (no early exit), so the time taken does not reveal which one matched or how much of it.
 */
export async function lookupStaticToken(staticTokens: string | undefined, token: string): Promise<UserInfo | undefined> {
  if (!staticTokens) return undefined;
  const { entries } = await tokenIndex(staticTokens);
  const presented = await tokenDigest(token);
  let found: UserInfo | undefined;
  for (const e of entries) {
    if (constantTimeEqual(e.digest, presented)) found = e.user;
  }
  return found && { ...found, groups: [...found.groups] };
}
