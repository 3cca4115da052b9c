/**
 * Containers in real isolates (env.LOADER): the entries of the default export, exit codes and termination
 * messages, load-time crashes, StartError, fresh isolates per restart, and the env handed in.
 */
import { describe, expect, it } from "vitest";
import { containerId } from "../../../../worker/kubelet/isolate/container-id";
import {
  describeContainer,
  drainContainerLogs,
  execContainer,
  fetchContainer,
  runContainer,
  startContainer,
} from "../../../../worker/kubelet/isolate/runtime";
import { container, E, POD_UID } from "./fixtures";

const request = (path = "/") => new Request(`http://localhost:8080${path}`);

describe("a fetch container", () => {
  it("serves requests with the container's env", async () => {
    const c = container("web", "export default { fetch(req, env) { return new Response(env.GREETING + ' ' + env.KUBE.podName + ' ' + new URL(req.url).pathname); } };", { vars: { GREETING: "hello" } });
    const out = await fetchContainer(c, request("/path"));
    expect(out.kind).toBe("response");
    if (out.kind === "response") expect(await out.response.text()).toBe("hello web-0 /path");
  });

  it("answers 502 when the entry serves no HTTP, and 500 when its handler throws (logged to stderr)", async () => {
    const none = await fetchContainer(container("no-fetch", "export default { run() {} };"), request());
    expect(none.kind === "response" && none.response.status).toBe(502);
    const c = container("throws", "export default { fetch() { throw new RangeError('bad request handling'); } };");
    const out = await fetchContainer(c, request());
    expect(out.kind === "response" && out.response.status).toBe(500);
    const logs = await drainContainerLogs(c);
    expect(logs.kind === "logs" && logs.lines[0]).toMatchObject({ stream: "stderr", text: "Uncaught RangeError: bad request handling" });
  });

  it("accepts a WorkerEntrypoint-style class and named exports", async () => {
    const cls = container("class", "import { WorkerEntrypoint } from 'cloudflare:workers';\nexport default class extends WorkerEntrypoint { fetch() { return new Response('from ' + this.env.KUBE.containerName); } }");
    const out = await fetchContainer(cls, request());
    expect(out.kind === "response" && (await out.response.text())).toBe("from class");
    expect(await describeContainer(container("named", "export function run() { return 4; }"))).toEqual({ kind: "described", fetch: false, run: true, exec: false });
  });
});

describe("a run container", () => {
  it.each([
    ["nothing", "return;", { kind: "exited", exitCode: 0, reason: "Completed", message: "" }],
    ["0", "return 0;", { kind: "exited", exitCode: 0, reason: "Completed", message: "" }],
    ["3", "return 3;", { kind: "exited", exitCode: 3, reason: "Error", message: "" }],
    ["-1 (as a process: 255)", "return -1;", { kind: "exited", exitCode: 255, reason: "Error", message: "" }],
    ["a string", "return 'done';", { kind: "exited", exitCode: 1, reason: "Error", message: "run() resolved to a string, not an exit code (a number, or nothing for 0)" }],
    ["a throw", "throw new Error('disk on fire');", { kind: "exited", exitCode: 1, reason: "Error", message: "disk on fire" }],
    ["a throw after awaiting", "await null; throw new TypeError('late');", { kind: "exited", exitCode: 1, reason: "Error", message: "late" }],
    ["a thrown exitCode", "throw Object.assign(new Error('usage'), { exitCode: 2 });", { kind: "exited", exitCode: 2, reason: "Error", message: "usage" }],
    ["a thrown exitCode 0", "throw { exitCode: 0 };", { kind: "exited", exitCode: 0, reason: "Completed", message: "" }],
    ["a thrown string", "throw 'plain';", { kind: "exited", exitCode: 1, reason: "Error", message: "plain" }],
    ["process.exitCode", "process.exitCode = 4;", { kind: "exited", exitCode: 4, reason: "Error", message: "" }],
    ["process.exit(3)", "process.exit(3);", { kind: "exited", exitCode: 3, reason: "Error", message: "" }],
  ])("ends on %s", async (name, body, expected) => {
    const c = container(`run-${name.replace(/[^a-z0-9]+/gi, "-")}`, `export default { async run(env) { ${body} } };`);
    expect(await runContainer(c)).toMatchObject(expected);
  });

  it("hands the env to run and keeps the uncaught error on stderr", async () => {
    const c = container("env", "export default { run(env) { console.log(env.KUBE.namespace, env.KUBE.args.join(','), env.KUBE.volumes['/etc/cfg']['a.conf'], process.env.MODE); throw new Error('after logging'); } };", {
      vars: { MODE: "batch" },
      kube: { args: ["--once", "-v"], volumes: { "/etc/cfg": { "a.conf": "x=1" } } },
    });
    const out = await runContainer(c);
    expect(out).toMatchObject({ kind: "exited", exitCode: 1, message: "after logging" });
    const lines = out.kind === "exited" ? out.logs?.lines.map((l) => [l.stream, l.text.split("\n")[0]]) : [];
    expect(lines?.slice(0, 2)).toEqual([["stdout", "default --once,-v x=1 batch"], ["stderr", "Uncaught Error: after logging"]]);
  });

  it("gives a restart a fresh isolate", async () => {
    const source = "let runs = 0; export default { run() { return ++runs; } };";
    expect(await runContainer(container("counter", source))).toMatchObject({ exitCode: 1 });
    expect(await runContainer(container("counter", source))).toMatchObject({ exitCode: 2 });
    expect(await runContainer(container("counter", source, { restartCount: 1 }))).toMatchObject({ exitCode: 1 });
  });

  it("exits 0 when the entry has neither run nor anything to do", async () => {
    expect(await runContainer(container("idle", "export default {};"))).toMatchObject({ kind: "exited", exitCode: 0, reason: "Completed" });
  });
});

describe("a container that cannot start", () => {
  it("crashes when the entry module throws while loading, whatever is called", async () => {
    const c = container("load-crash", "console.log('starting');\nthrow new TypeError('boom at load');\nexport default { run() {} };");
    const crash = { kind: "crashed", exitCode: 1, reason: "Error", message: "TypeError: boom at load" };
    expect(await describeContainer(c)).toEqual(crash);
    expect(await runContainer(c)).toMatchObject(crash);
    expect(await execContainer(c, ["sh"])).toEqual(crash);
    expect(await fetchContainer(c, request())).toMatchObject({ kind: "crashed", exitCode: 1, reason: "Error", message: expect.stringContaining("boom at load") });
  });

  it("keeps the load-time output and the uncaught error as logs", async () => {
    const c = container("load-crash-logs", "console.log('starting');\nthrow new TypeError('boom at load');");
    await describeContainer(c);
    const logs = await drainContainerLogs(c);
    expect(logs.kind === "logs" && logs.lines.map((l) => [l.stream, l.text])).toEqual([
      ["stdout", "starting"],
      ["stderr", "Uncaught TypeError: boom at load"],
      ["stderr", expect.stringContaining("index.js")],
    ]);
  });

  it("is a StartError when there is no code for the id", async () => {
    const c = startContainer(E.LOADER, { id: containerId({ podUid: POD_UID, container: "gone", restartCount: 0 }), codeFor: () => ({ ok: false, reason: "image digest sha256:00 is not cached" }) });
    expect(await describeContainer(c)).toEqual({ kind: "crashed", exitCode: 128, reason: "StartError", message: "image digest sha256:00 is not cached" });
  });
});

describe("exec", () => {
  it.each([
    ["returns", "return { stdout: command.join(' ') + '\\n', exitCode: 0 };", { kind: "exec", stdout: "ls -l\n", stderr: "", exitCode: 0 }],
    ["returns a code", "return { stderr: 'no\\n', exitCode: 2 };", { kind: "exec", stdout: "", stderr: "no\n", exitCode: 2 }],
    ["throws", "throw new Error('no such file');", { kind: "exec", stdout: "", stderr: "no such file\n", exitCode: 1 }],
  ])("%s", async (name, body, expected) => {
    const c = container(`exec-${name.replace(/ /g, "-")}`, `export default { exec(env, command) { ${body} } };`);
    expect(await execContainer(c, ["ls", "-l"])).toEqual(expected);
  });

  it("answers 126 when the entry has no exec", async () => {
    expect(await execContainer(container("no-exec", "export default { fetch() {} };"), ["sh"])).toMatchObject({ kind: "exec", exitCode: 126 });
  });
});

describe("describe", () => {
  it.each([
    ["export default { fetch() {} };", { fetch: true, run: false, exec: false }],
    ["export default { run() {}, exec() {} };", { fetch: false, run: true, exec: true }],
    ["export default 42;", { fetch: false, run: false, exec: false }],
  ])("%s", async (source, entries) => {
    const c = container(`describe-${Math.abs([...source].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 0))}`, source);
    expect(await describeContainer(c)).toEqual({ kind: "described", ...entries });
  });
});
