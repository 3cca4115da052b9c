import { describe, expect, it } from "vitest";
import {
  classifyHttpResponse,
  containerStartedReady,
  httpProbeRefusedOutput,
  httpProbeTimeoutOutput,
  httpProbeUrl,
  type ProbeOutcome,
  type ReadinessInput,
  tcpProbeFailureOutput,
} from "../../../../worker/kubelet/status/probe-outcome";

describe("classifyHttpResponse (DoHTTPProbe)", () => {
  it.each<[number, ProbeOutcome]>([
    [200, { result: "success", output: "ok" }],
    [204, { result: "success", output: "ok" }],
    [302, { result: "warning", output: "Probe terminated redirects, Response body: ok" }],
    [399, { result: "warning", output: "Probe terminated redirects, Response body: ok" }],
    [400, { result: "failure", output: "HTTP probe failed with statuscode: 400" }],
    [500, { result: "failure", output: "HTTP probe failed with statuscode: 500" }],
    [101, { result: "failure", output: "HTTP probe failed with statuscode: 101" }],
  ])("%d", (status, outcome) => expect(classifyHttpResponse(status, "ok")).toEqual(outcome));
});

describe("probe texts", () => {
  it.each<[string, string]>([
    [httpProbeUrl("HTTP", "10.244.0.5", 8080, "/healthz"), "http://10.244.0.5:8080/healthz"],
    [httpProbeUrl("HTTPS", "fd00::5", 443, "ready?full=1"), "https://[fd00::5]:443/ready?full=1"],
    [
      httpProbeTimeoutOutput("http://10.244.0.5:8080/healthz"),
      'Get "http://10.244.0.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ],
    [
      httpProbeRefusedOutput("http://10.244.0.5:8080/", "10.244.0.5", 8080),
      'Get "http://10.244.0.5:8080/": dial tcp 10.244.0.5:8080: connect: connection refused',
    ],
    [tcpProbeFailureOutput("10.244.0.5", 5432, "timeout"), "dial tcp 10.244.0.5:5432: i/o timeout"],
  ])("%s", (actual, expected) => expect(actual).toBe(expected));
});

describe("containerStartedReady (UpdatePodStatus)", () => {
  const base: ReadinessInput = { running: true, hasStartupProbe: false, hasReadinessProbe: false };
  it.each<[string, ReadinessInput, { started: boolean; ready: boolean }]>([
    ["no probes, running: started and ready", base, { started: true, ready: true }],
    ["not running: neither", { ...base, running: false }, { started: false, ready: false }],
    ["a startup probe without a result yet", { ...base, hasStartupProbe: true }, { started: false, ready: false }],
    ["startup Unknown", { ...base, hasStartupProbe: true, startupResult: "Unknown" }, { started: false, ready: false }],
    ["startup Success, no readiness probe", { ...base, hasStartupProbe: true, startupResult: "Success" }, { started: true, ready: true }],
    ["a readiness probe without a result yet", { ...base, hasReadinessProbe: true }, { started: true, ready: false }],
    ["readiness Failure", { ...base, hasReadinessProbe: true, readinessResult: "Failure" }, { started: true, ready: false }],
    ["readiness Success", { ...base, hasReadinessProbe: true, readinessResult: "Success" }, { started: true, ready: true }],
    [
      "readiness Success but startup not yet done",
      { ...base, hasStartupProbe: true, startupResult: "Unknown", hasReadinessProbe: true, readinessResult: "Success" },
      { started: false, ready: false },
    ],
  ])("%s", (_name, input, expected) => expect(containerStartedReady(input)).toEqual(expected));
});
