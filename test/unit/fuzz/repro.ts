/** Reproductions of an exchange for failure messages and the bug report: what was sent, what came back. */
import type { Exchange } from "./contract";

/** A reproduction: method, path, headers, body (abridged), then what came back. */
export function describeExchange({ request, response }: Exchange): string {
  const body =
    request.body === undefined
      ? "(none)"
      : typeof request.body === "string"
        ? abridge(request.body)
        : `bytes[${request.body.length}] ${abridge(Array.from(request.body.slice(0, 120), (b) => b.toString(16).padStart(2, "0")).join(" "))}`;
  return [
    `→ ${request.method} ${abridge(request.path)}`,
    `  Content-Type: ${request.contentType === undefined ? "(default)" : String(request.contentType)}`,
    ...Object.entries(request.headers ?? {}).map(([k, v]) => `  ${k}: ${v}`),
    `  body: ${body}`,
    `← ${response.status} ${abridge(response.text)}`,
  ].join("\n");
}

export function abridge(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
