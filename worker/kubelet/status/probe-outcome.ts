/**
 * What one probe run observed, classified as the kubelet's probers do (pkg/probe/http, pkg/probe/tcp), and how
 * probe results become a container status' `started` / `ready` (prober_manager.go UpdatePodStatus).
 */

/** pkg/probe's Result plus "error" (the prober returned an error: the worker throws such a run away). */
export type ProbeOutcome =
  | { result: "success"; output?: string }
  /** A success that the kubelet reports with a ProbeWarning event (an HTTP redirect it did not follow). */
  | { result: "warning"; output: string }
  | { result: "failure"; output: string }
  | { result: "unknown"; output?: string }
  | { result: "error"; error: string };

/** The results manager's value for a container (results.Result). */
export type ProbeResult = "Success" | "Failure" | "Unknown";

/** Upstream's formatURL: `scheme://host:port/path` with the host bracketed when it is IPv6 (net.JoinHostPort). */
export function httpProbeUrl(scheme: string, host: string, port: number, path: string): string {
  const hostPort = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const p = path === "" ? "" : path.startsWith("/") ? path : `/${path}`;
  return `${scheme.toLowerCase()}://${hostPort}${p}`;
}

/** http.DoHTTPProbe's classification of a response the client did not follow further. */
export function classifyHttpResponse(status: number, body = ""): ProbeOutcome {
  if (status >= 200 && status < 400) {
    if (status >= 300) return { result: "warning", output: `Probe terminated redirects, Response body: ${body}` };
    return { result: "success", output: body };
  }
  // Upstream keeps the body out of this message on purpose (kubernetes#99425).
  return { result: "failure", output: `HTTP probe failed with statuscode: ${status}` };
}

/** The HTTP client's error text when timeoutSeconds passes before response headers arrive. */
export const httpProbeTimeoutOutput = (url: string): string =>
  `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;

/** The HTTP client's error text when nothing listens on the port. */
export const httpProbeRefusedOutput = (url: string, host: string, port: number): string =>
  `Get "${url}": dial tcp ${host.includes(":") ? `[${host}]` : host}:${port}: connect: connection refused`;

/** tcp.DoTCPProbe's failure output (the dial error). */
export const tcpProbeFailureOutput = (host: string, port: number, cause: "refused" | "timeout"): string =>
  `dial tcp ${host.includes(":") ? `[${host}]` : host}:${port}: ${cause === "refused" ? "connect: connection refused" : "i/o timeout"}`;

/** A failed or timed-out fetch as an outcome: HTTP probes report transport errors as failures, not errors. */
export const httpTransportFailure = (output: string): ProbeOutcome => ({ result: "failure", output });

/** What UpdatePodStatus needs about one container. */
export interface ReadinessInput {
  running: boolean;
  hasStartupProbe: boolean;
  /** The startup results-manager value for the current container instance, if any. */
  startupResult?: ProbeResult;
  hasReadinessProbe: boolean;
  /** The readiness results-manager value for the current container instance, if any. */
  readinessResult?: ProbeResult;
}

/**
 * prober_manager UpdatePodStatus for an app container or a restartable init container: `started` is the startup
 * result (or "no startup probe") while running; `ready` needs started and a readiness Success (or no readiness
 * probe). A probe that exists but has not produced a result yet counts as not started / not ready.
 */
export function containerStartedReady(input: ReadinessInput): { started: boolean; ready: boolean } {
  if (!input.running) return { started: false, ready: false };
  const started = input.startupResult !== undefined ? input.startupResult === "Success" : !input.hasStartupProbe;
  if (!started) return { started, ready: false };
  const ready = input.readinessResult === "Success" || (input.readinessResult === undefined && !input.hasReadinessProbe);
  return { started, ready };
}
