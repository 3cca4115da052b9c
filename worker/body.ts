/**
 * Request bodies: size limit, then JSON, YAML or the Kubernetes protobuf envelope by Content-Type
 * (a missing Content-Type means JSON, KUBECTL.md §1.6).
 */
import { isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { ApiError, badRequest, tooLarge, unsupportedMediaType } from "./errors";
import { tryDecodeKubernetesProtobuf } from "./protobuf";
import { parseIfJson, yamlRefusal } from "./limits/yaml-guard";

/** kube-apiserver's request body limit (3 MiB). */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

export const OBJECT_MEDIA_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** Reads the body as bytes, refusing more than MAX_REQUEST_BYTES (even when Content-Length lies or is absent). */
export async function readBody(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) throw requestTooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_REQUEST_BYTES) {
      await reader.cancel();
      throw requestTooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function requestTooLarge() {
  return tooLarge(`Request entity too large: limit is ${MAX_REQUEST_BYTES}`);
}

export interface DecodedBody {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  value: any;
  /** The text of a JSON body (strict decoding also checks it for duplicate members). */
  jsonText?: string;
  /** Duplicate mapping keys of a YAML body, as go-yaml's strict errors (`line 5: key "a" already set in map`). */
  yamlDuplicates?: string[];
  /** apiVersion/kind from a protobuf envelope. */
  typeMeta?: { apiVersion: string; kind: string };
}

/** Decodes an object body by media type. Empty bodies decode to `undefined`. */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const type = mediaType(contentType) || "application/json";
  if (bytes.byteLength === 0) return { value: undefined };
  switch (type) {
    case "application/json": {
      const jsonText = utf8(bytes);
      return { value: parseJson(jsonText), jsonText };
    }
    case "application/yaml": {
      const duplicates: string[] = [];
      const value = parseYamlDoc(utf8(bytes), duplicates);
      return duplicates.length ? { value, yamlDuplicates: duplicates } : { value };
    }
    case "application/vnd.kubernetes.protobuf": {
      const decoded = tryDecodeKubernetesProtobuf(bytes);
      if (!decoded.ok) {
        const e = decoded.error;
        throw new ApiError(e.status, e.status === 415 ? "UnsupportedMediaType" : "BadRequest", e.message);
      }
      const { apiVersion, kind, object } = decoded.value;
      return { value: { apiVersion, kind, ...object }, typeMeta: { apiVersion, kind } };
    }
    default:
      throw unsupportedMediaType(type, OBJECT_MEDIA_TYPES);
  }
}

/** UTF-8 text of a body, keeping a byte-order mark (Go's JSON decoder does not skip one: it is a 400). */
export function utf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** Deeper documents are refused before anything walks them (Go's decoders stop at 10,000 levels). */
export const MAX_DEPTH = 1000;

export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  checkDepth(value, "json");
  return value;
}

/** The JSON form of a YAML body may be this large at most: aliases can repeat a subtree up to 100 times. */
export const MAX_EXPANDED_YAML_BYTES = 2 * MAX_REQUEST_BYTES;

/**
 * A YAML document (worker/limits/yaml-guard.ts keeps hostile input away from the parser; JSON takes the fast
 * path). Duplicate keys: the last wins, as sigs.k8s.io/yaml's non-strict decoding; they are reported in
 * `duplicates` (found in one linear pass — the yaml package's own unique-key check is quadratic) for strict decoding.
 */
export function parseYamlDoc(text: string, duplicates: string[] = []): unknown {
  const json = parseIfJson(text);
  if (json) {
    checkDepth(json.value, "yaml");
    return json.value;
  }
  const refusal = yamlRefusal(text, MAX_DEPTH);
  if (refusal) throw badRequest(refusal);
  let value: unknown;
  try {
    const lines = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: false, logLevel: "error", lineCounter: lines });
    if (doc.errors.length) throw doc.errors[0];
    duplicates.push(...duplicateKeys(doc, lines));
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  checkDepth(value, "yaml", MAX_EXPANDED_YAML_BYTES);
  return value;
}

/** Keys repeated within one mapping, in document order, worded as go-yaml's strict unmarshal errors. */
function duplicateKeys(doc: ReturnType<typeof parseDocument>, lines: LineCounter): string[] {
  const out: string[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (!seen.has(key)) seen.add(key);
        else out.push(`line ${lines.linePos(pair.key.range?.[0] ?? 0).line}: key ${JSON.stringify(key)} already set in map`);
      }
    },
  });
  return out;
}

/**
 * Refuses documents nested deeper than MAX_DEPTH and (through YAML anchors) documents that contain themselves.
 * Iterative, so hostile input cannot overflow the call stack here.
 */
function checkDepth(root: unknown, format: string, maxBytes?: number): void {
  type Frame = { value: object; depth: number; exit: boolean };
  const stack: Frame[] = [];
  const onPath = new Set<object>();
  // With `maxBytes`: a lower bound of the JSON size of the document with every alias expanded.
  let bytes = 0;
  const push = (v: unknown, depth: number) => {
    if (v !== null && typeof v === "object") stack.push({ value: v, depth, exit: false });
    else if (maxBytes !== undefined) bytes += typeof v === "string" ? v.length + 2 : 1;
  };
  push(root, 0);
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.exit) {
      onPath.delete(frame.value);
      continue;
    }
    if (frame.depth > MAX_DEPTH) throw badRequest(`${format}: exceeded max depth of ${MAX_DEPTH}`);
    if (onPath.has(frame.value)) throw badRequest(`${format}: a document may not contain itself`);
    onPath.add(frame.value);
    stack.push({ ...frame, exit: true });
    if (maxBytes !== undefined) {
      bytes += 2;
      if (!Array.isArray(frame.value)) for (const key in frame.value) bytes += key.length + 3;
      if (bytes > maxBytes) throw requestTooLarge();
    }
    for (const child of Object.values(frame.value)) push(child, frame.depth + 1);
  }
  if (maxBytes !== undefined && bytes > maxBytes) throw requestTooLarge();
}
