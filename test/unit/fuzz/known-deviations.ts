/**
 * Places where the fuzzers found the server answering differently from kube-apiserver, with upstream's answer.
 * All of them are fixed: known-deviations.test.ts pins each with its minimal reproduction, and a property
 * that meets one again fails with the reproduction (`knownDeviation` throws). A new deviation found later can
 * be parked here (recorded instead of failing) only with a pinned `it.fails` test and a note on the issue.
 */
import type { FuzzRequest, FuzzResponse, StatusTally } from "./harness";
import { describeExchange } from "./repro";

export interface KnownDeviation {
  id: string;
  /** What upstream does, with the source that says so. */
  upstream: string;
  /** For a deviation that breaks the response contract itself (a 5xx): which exchanges it covers. */
  matches?(request: FuzzRequest, response: FuzzResponse): boolean;
}

const bodyText = (r: FuzzRequest) => (typeof r.body === "string" ? r.body : r.body ? new TextDecoder().decode(r.body) : "");

export const KNOWN = {
  dryRunValueIgnored: {
    id: "dryRun-value-ignored",
    upstream:
      "dryRun values other than All are rejected before anything is written: 422 Invalid CreateOptions/UpdateOptions/PatchOptions " +
      '"dryRun: Unsupported value" (apimachinery validation.ValidateDryRun via handlers/create.go ValidateCreateOptions)',
  },
  invalidOptionsCode: {
    id: "invalid-options-400-not-422",
    upstream:
      "invalid Create/Update/Patch/DeleteOptions are 422 Invalid (\"PatchOptions.meta.k8s.io \\\"\\\" is invalid: …\"): an " +
      "unsupported fieldValidation or propagationPolicy, apply without fieldManager, a fieldManager over 128 characters " +
      "(apimachinery validation.ValidateCreateOptions / ValidatePatchOptions / ValidateDeleteOptions)",
  },
  patchOptionsNotValidated: {
    id: "patch-options-not-validated",
    upstream:
      "PATCH with force on a non-apply patch, or a fieldManager with unprintable characters, is 422 Invalid and changes " +
      "nothing (validation.ValidatePatchOptions / ValidateFieldManager)",
  },
  duplicateFieldsStrict: {
    id: "duplicate-fields-accepted-under-Strict",
    upstream:
      "with fieldValidation=Strict a JSON body with a duplicated member is 400 \"strict decoding error: json: duplicate " +
      "field …\" (sigs.k8s.io/json UnmarshalStrict); with Warn it is accepted with a Warning header",
  },
  deleteOptionsNotDecoded: {
    id: "delete-options-not-decoded",
    upstream:
      "a DeleteOptions body whose fields have the wrong JSON type (dryRun: \"All\", gracePeriodSeconds: \"x\", " +
      "preconditions: 5, …) fails decoding before anything is deleted (apiserver handlers/delete.go: 500 in 1.32, a 400 " +
      "in later releases); with {\"dryRun\":\"All\"} this server really deletes",
  },
  bomAccepted: {
    id: "json-byte-order-mark-accepted",
    upstream:
      "a JSON body starting with a UTF-8 byte-order mark is not JSON to Go's decoder: 400 \"couldn't get version/kind; " +
      "json parse error: invalid character 'ï' looking for beginning of value\" (here TextDecoder strips the BOM)",
  },
  putWithoutName: {
    id: "put-without-name",
    upstream:
      "a PUT whose body has no metadata.name is 400 \"the name of the object () does not match the name on the URL " +
      "(<name>)\" (apiserver endpoints/handlers/update.go checkName); nothing is written",
  },
  watchParamParsing: {
    id: "watch-param-parsing",
    upstream:
      "watch (like every bool query parameter) is true for any value but \"0\" and \"false\" (case-insensitive), the empty " +
      "string included (apimachinery runtime Convert_Slice_string_To_bool): ?watch=yes and ?watch= start a watch",
  },
  watchTimeoutZero: {
    id: "watch-timeoutSeconds-0",
    upstream:
      "timeoutSeconds=0 on a watch means no client timeout: the server uses its own (--min-request-timeout × [1,2)), the " +
      "same as when the parameter is absent (apiserver endpoints/handlers/watch.go getTimeout)",
  },
  malformedPercentEncoding500: {
    id: "malformed-percent-encoding-500",
    upstream:
      "a path with a malformed percent-escape (\"/api/%\") is refused by Go's net/http with 400 before routing; one that " +
      "decodes to invalid UTF-8 (\"/api/v1/namespaces/%ff\") is just a name that does not exist (404); never a 500",
    matches: (request, response) => response.status === 500 && !decodesAsUtf8(new URL(`https://x${request.path}`).pathname),
  },
  deepNesting500: {
    id: "deep-nesting-500",
    upstream:
      "a body nested thousands of levels deep (e.g. in managedFields[].fieldsV1, the one free-form field, or in a " +
      "patch) or a YAML alias that contains itself is never a 500: encoding/json refuses more than 10000 levels " +
      '("exceeded max depth", 400), below that Go recursion is fine; go-yaml refuses a self-containing anchor (400)',
    matches: (request, response) => response.status === 500 && (nestingDepth(bodyText(request)) >= 1_000 || /&(\w+)[\s\S]*\*\1\b/.test(bodyText(request))),
  },
} satisfies Record<string, KnownDeviation>;

function decodesAsUtf8(pathname: string): boolean {
  try {
    pathname.split("/").forEach((s) => decodeURIComponent(s));
    return true;
  } catch {
    return false;
  }
}

/** How deeply `[`/`{` nest in JSON-ish text (string contents skipped). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") max = Math.max(max, ++depth);
    else if (c === "}" || c === "]") depth--;
  }
  return max;
}

/** Deviations still tolerated while open (none now): an exchange matching one is recorded, not failed. */
const OPEN: KnownDeviation[] = [];

/** The open deviation an exchange that broke the response contract falls under, if any. */
export function contractDeviation(request: FuzzRequest, response: FuzzResponse): KnownDeviation | undefined {
  return OPEN.find((d) => d.matches?.(request, response));
}

const firstSeen = new Map<string, string>();

/** Records that `deviation` was observed on this exchange (the first reproduction is kept). */
export function knownDeviation(tally: StatusTally, deviation: KnownDeviation, request: FuzzRequest, response: FuzzResponse): void {
  if (!OPEN.includes(deviation)) {
    throw new Error(`fixed deviation ${deviation.id} is back (upstream: ${deviation.upstream})\n${describeExchange({ request, response })}`);
  }
  tally.record(`known deviation ${deviation.id}`, response.status);
  if (!firstSeen.has(deviation.id)) firstSeen.set(deviation.id, describeExchange({ request, response }));
}

/** The deviations seen in this file, each with its first reproduction. */
export function formatDeviations(): string {
  return [...firstSeen].map(([id, repro]) => `  ${id}:\n${repro.replace(/^/gm, "    ")}`).join("\n");
}
