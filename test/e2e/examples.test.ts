/**
 * examples/: each example's README "Run it" block, run line by line against one `npm start` server with a
 * two-node pool, exactly as written except for the server's port in place of 8787; after the lines that change
 * the cluster, the test checks what the cluster and the apps answer. A README line changed without the test
 * (or the other way round) fails the walk: every step names the command it expects next.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";
import { eventually as waitFor, kubectlOk, nodePoolVars } from "./edge-cluster";
import { runCommand, type Run } from "./run-command";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;
/** The port the READMEs are written for (`npm start`'s default). */
const README_PORT = "8787";
const STEP_TIMEOUT_MS = 150_000;

let server: TestServer;
let work: string;

const kubectl = (args: string[]) => kubectlOk(server, args);
const eventually = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number) => waitFor(server, what, check, timeoutMs);

/** The command lines of `examples/<name>/README.md`'s "Run it" block, trailing `# …` comments dropped. */
function readmeSteps(name: string): string[] {
  const readme = readFileSync(join(ROOT, "examples", name, "README.md"), "utf8");
  const block = /^## Run it$[\s\S]*?^```sh\n([\s\S]*?)^```$/m.exec(readme);
  if (!block) throw new Error(`examples/${name}/README.md has no "## Run it" sh block`);
  return block[1].split("\n").map((l) => l.replace(/\s+#\s.*$/, "").trim()).filter((l) => l && !l.startsWith("#"));
}

/** A command line as sh splits it: words, with '…' and "…" quoting (no escapes, variables or pipes). */
function shellWords(line: string): string[] {
  const out: string[] = [];
  let word = "";
  let started = false;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(word);
      word = "";
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (quote) throw new Error(`unbalanced quote in ${line}`);
  if (started) out.push(word);
  return out;
}

const onServerPort = (text: string) => text.replaceAll(`:${README_PORT}`, `:${server.port}`);

/** A manifest as the server sees it: images of `127.0.0.1:8787/…` are on this server's port. */
function manifestOnServerPort(path: string): string {
  const out = join(work, `${basename(path, ".yaml")}-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(out, onServerPort(readFileSync(join(ROOT, path), "utf8")));
  return out;
}

interface Answer extends Run {
  /** curl only: the HTTP status (`-w %{http_code}`), with the body alone in `stdout`. */
  status?: number;
}

/** Runs one README line: `npm run image`, `kubectl` or `curl`, from the repository root, on this server. */
async function sh(line: string): Promise<Answer> {
  const [cmd, ...args] = shellWords(line);
  if (cmd === "npm") {
    expect(args.slice(0, 3), line).toEqual(["run", "image", "--"]);
    const ca = join(work, "ca.crt");
    writeFileSync(ca, server.caPem);
    return runCommand(NODE, [join(ROOT, "scripts", "image.mjs"), ...args.slice(3), "--server", server.url, "--token", server.token, "--ca", ca], { cwd: ROOT, timeoutMs: 90_000 });
  }
  if (cmd === "kubectl") {
    const rewritten = args.map((a, i) => (args[i - 1] === "-f" ? manifestOnServerPort(a) : onServerPort(a)));
    return server.kubectl(rewritten, { timeoutMs: STEP_TIMEOUT_MS });
  }
  if (cmd === "curl") {
    const url = new URL(onServerPort(args[args.length - 1]));
    const r = await runCommand("curl", ["-sS", "--resolve", `${url.hostname}:${server.port}:127.0.0.1`, "-w", "\n%{http_code}", ...args.slice(0, -1), url.href], { cwd: ROOT });
    const at = r.stdout.lastIndexOf("\n");
    return { ...r, stdout: r.stdout.slice(0, at), status: Number(r.stdout.slice(at + 1)) };
  }
  throw new Error(`no runner for ${line}`);
}

/** Walks a README block: each step runs the next line, which must start with `expected`, and must succeed. */
function walk(name: string) {
  const lines = readmeSteps(name);
  let at = 0;
  const take = (expected: string) => {
    const line = lines[at++];
    expect(line, `examples/${name}/README.md line ${at} of its block`).toBeDefined();
    expect(line.startsWith(expected), `examples/${name}/README.md: expected \`${expected}…\`, found \`${line}\``).toBe(true);
    return line;
  };
  const ok = (line: string, r: Answer) => {
    expect(r.code, `${line}\n${r.stderr}\n${server.logs()}`).toBe(0);
    if (r.status !== undefined) expect(r.status, `${line}: ${r.stdout}`).toBeLessThan(400);
    return r;
  };
  return {
    /** Runs the next line once. */
    async step(expected: string): Promise<Answer> {
      const line = take(expected);
      return ok(line, await sh(line));
    },
    /** Runs the next line until `done(answer)` (a rollout settling, a LoadBalancer appearing); then it must have succeeded. */
    async stepUntil(expected: string, done: (r: Answer) => boolean, timeoutMs?: number): Promise<Answer> {
      const line = take(expected);
      const r = await eventually(line, async () => {
        const answer = await sh(line);
        return done(answer) ? answer : undefined;
      }, timeoutMs);
      return ok(line, r);
    },
    /** Every line of the block was run. */
    end() {
      expect(lines.slice(at), `examples/${name}/README.md: lines the test did not run`).toEqual([]);
    },
  };
}

/** GETs `host`'s `/` `n` times (CA-verified, as the READMEs' curl): the bodies. */
async function pages(host: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await sh(`curl --cacert .wrangler/certs/ca.crt https://${host}:${README_PORT}/`);
    expect(r.code, r.stderr).toBe(0);
    out.push(`${r.status} ${r.stdout}`);
  }
  return out;
}

beforeAll(async () => {
  server = await startServer({ env: nodePoolVars(2) });
  work = mkdtempSync(join(tmpdir(), "kube-edge-examples-"));
  await eventually("two Ready nodes", async () => ((await kubectl(["get", "nodes"])).match(/\sReady\s/g)?.length === 2 ? true : undefined));
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("examples/hello", () => {
  it("builds the one-file app, rolls out its Deployment and answers curl on the LoadBalancer host", async () => {
    const w = walk("hello");
    expect((await w.step("npm run image -- examples/hello/app examples/hello:v1")).stdout).toMatch(new RegExp(`^127\\.0\\.0\\.1:${server.port}/examples/hello@sha256:[0-9a-f]{64}$`, "m"));
    const applied = (await w.step("kubectl apply -f examples/hello/hello.yaml")).stdout;
    expect(applied).toContain("deployment.apps/hello created");
    expect(applied).toContain("service/hello created");
    expect((await w.step("kubectl rollout status deployment/hello")).stdout).toContain('deployment "hello" successfully rolled out');
    await w.stepUntil("kubectl get service hello", (r) => r.stdout.includes("hello-default.lb.localhost"));
    const hello = await w.stepUntil("curl --cacert .wrangler/certs/ca.crt https://hello-default.lb.localhost:8787/", (r) => r.status === 200);
    expect(hello.stdout).toMatch(/^Hello from hello-[a-z0-9]+-[a-z0-9]+ \(default\) at \/\n$/);
    w.end();

    const pods = (await kubectl(["get", "pods", "-l", "app=hello", "-o", "jsonpath={.items[*].metadata.name}"])).trim().split(/\s+/);
    expect(pods).toHaveLength(2);
    await eventually("both replicas answering", async () => {
      const seen = new Set((await pages("hello-default.lb.localhost", 8)).map((p) => p.split(" ")[3]));
      return pods.every((p) => seen.has(p)) ? true : undefined;
    });
  });
});

describe("examples/guestbook", () => {
  const HOST = "frontend-default.lb.localhost";
  const ENTRY = "Hello, guestbook!";
  /** `n` pages that all satisfy `test`. */
  const allPages = async (n: number, test: (page: string) => boolean) => ((await pages(HOST, n)).every(test) ? true : undefined);

  it("posts through the frontend, scales, rolls out v2, rolls back, and keeps the entry across a backend pod's deletion", async () => {
    const w = walk("guestbook");
    await w.step("npm run image -- examples/guestbook/backend examples/guestbook-backend:v1");
    const v1 = (await w.step("npm run image -- examples/guestbook/frontend examples/guestbook-frontend:v1 --entrypoint v1.js")).stdout.trim();
    const v2 = (await w.step("npm run image -- examples/guestbook/frontend examples/guestbook-frontend:v2 --entrypoint v2.js")).stdout.trim();
    expect(v2.split("@")[1]).not.toBe(v1.split("@")[1]);
    await w.step("kubectl apply -f examples/guestbook/backend.yaml");
    await w.step("kubectl apply -f examples/guestbook/frontend.yaml");
    await w.step("kubectl rollout status deployment/backend");
    await w.step("kubectl rollout status deployment/frontend");

    const posted = await w.stepUntil("curl --cacert .wrangler/certs/ca.crt -d", (r) => r.status === 201);
    expect(posted.stdout.trim()).toBe(`saved: ${ENTRY}`);
    const page = (await w.step("curl --cacert .wrangler/certs/ca.crt https://frontend-default.lb.localhost:8787/")).stdout;
    expect(page).toMatch(new RegExp(`^Guestbook v1 \\(frontend-[a-z0-9]+-[a-z0-9]+\\)\\n- ${ENTRY}\\n$`));
    expect((await w.step("kubectl get pvc guestbook-entries")).stdout).toMatch(/guestbook-entries\s+Bound\s+pvc-[0-9a-f-]+\s+64Mi\s+RWO\s+standard/);

    await w.step("kubectl scale deployment/frontend --replicas=3");
    await w.step("kubectl rollout status deployment/frontend");
    const frontends = (await kubectl(["get", "pods", "-l", "tier=frontend", "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"])).trim().split(/\s+/);
    expect(frontends).toHaveLength(3);
    await eventually("all three frontends answering", async () => {
      const seen = new Set((await pages(HOST, 12)).map((p) => /\((frontend-\S+)\)/.exec(p)?.[1]));
      return frontends.every((f) => seen.has(f)) ? true : undefined;
    });

    await w.step("kubectl set image deployment/frontend frontend=127.0.0.1:8787/examples/guestbook-frontend:v2");
    await w.step("kubectl rollout status deployment/frontend");
    const v2Page = await w.stepUntil("curl --cacert .wrangler/certs/ca.crt https://frontend-default.lb.localhost:8787/", (r) => r.stdout.startsWith("Guestbook v2"));
    expect(v2Page.stdout).toMatch(new RegExp(`\\n1\\. ${ENTRY}  \\(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\n$`));
    await eventually("only v2 answering", () => allPages(6, (p) => p.startsWith("200 Guestbook v2")));
    expect((await w.step("kubectl rollout history deployment/frontend")).stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    await w.step("kubectl rollout undo deployment/frontend");
    await w.step("kubectl rollout status deployment/frontend");
    await w.stepUntil("curl --cacert .wrangler/certs/ca.crt https://frontend-default.lb.localhost:8787/", (r) => r.stdout.startsWith("Guestbook v1"));
    await eventually("only v1 answering again", () => allPages(6, (p) => p.startsWith("200 Guestbook v1")));
    expect(await kubectl(["get", "deployment", "frontend", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])).toBe(`127.0.0.1:${server.port}/examples/guestbook-frontend:v1`);

    const before = (await kubectl(["get", "pods", "-l", "tier=backend", "-o", "jsonpath={.items[*].metadata.name}"])).trim();
    expect(before.split(" ")).toHaveLength(1);
    expect((await w.step("kubectl delete pod -l app=guestbook,tier=backend")).stdout).toContain(`pod "${before}" deleted`);
    await w.step("kubectl rollout status deployment/backend");
    const after = await w.stepUntil("curl --cacert .wrangler/certs/ca.crt https://frontend-default.lb.localhost:8787/", (r) => r.status === 200);
    expect(after.stdout).toContain(`- ${ENTRY}\n`);
    w.end();
    const now = (await kubectl(["get", "pods", "-l", "tier=backend", "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"])).trim();
    expect(now).not.toBe(before);
    expect(now).toMatch(/^backend-/);
  }, 300_000);
});

describe("examples/batch", () => {
  it("runs the Job's three completions to the end and a Job made from the CronJob, with their logs", async () => {
    const w = walk("batch");
    await w.step("npm run image -- examples/batch/app examples/batch-worker:v1");
    await w.step("kubectl apply -f examples/batch/job.yaml");
    expect((await w.step("kubectl wait --for=condition=complete job/batch-work")).stdout).toContain("job.batch/batch-work condition met");
    expect((await w.step("kubectl get job batch-work")).stdout).toMatch(/batch-work\s+Complete\s+3\/3/);
    expect((await w.step("kubectl logs job/batch-work")).stdout).toMatch(/^batch-work-[a-z0-9]+: processed 1000 items, sum of squares 333833500$/m);
    const phases = (await kubectl(["get", "pods", "-l", "job-name=batch-work", "-o", "jsonpath={.items[*].status.phase}"])).trim().split(" ");
    expect(phases).toEqual(["Succeeded", "Succeeded", "Succeeded"]);
    expect(await kubectl(["get", "pods", "-l", "job-name=batch-work", "-o", "jsonpath={.items[*].status.containerStatuses[0].state.terminated.reason}"])).toBe("Completed Completed Completed");

    await w.step("kubectl apply -f examples/batch/cronjob.yaml");
    expect((await w.step("kubectl create job batch-report-now --from=cronjob/batch-report")).stdout).toContain("job.batch/batch-report-now created");
    await w.step("kubectl wait --for=condition=complete job/batch-report-now");
    expect((await w.step("kubectl logs job/batch-report-now")).stdout).toMatch(/^batch-report-now-[a-z0-9]+: report at \d{4}-\d\d-\d\dT[\d:.]+Z: all quiet$/m);
    w.end();
    // kubectl create job --from=cronjob marks the Job as a manual run owned by the CronJob (upstream's kubectl).
    expect(await kubectl(["get", "job", "batch-report-now", "-o", "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"])).toBe("manual CronJob/batch-report");
  }, 240_000);
});

describe("examples/upstream", () => {
  it("runs the docs' nginx Deployment, pi Job and web StatefulSet on the simulated runtime, and says so", async () => {
    const w = walk("upstream");
    await w.step("kubectl apply -f examples/upstream/nginx-deployment.yaml");
    expect((await w.step("kubectl rollout status deployment/nginx-deployment")).stdout).toContain('deployment "nginx-deployment" successfully rolled out');
    await w.step("kubectl apply -f examples/upstream/job.yaml");
    expect((await w.step("kubectl wait --for=condition=complete job/pi")).stdout).toContain("job.batch/pi condition met");
    await w.step("kubectl apply -f examples/upstream/web.yaml");
    expect((await w.step("kubectl rollout status statefulset/web")).stdout).toContain("partitioned roll out complete: 2 new pods have been updated...");
    const pvcs = await w.stepUntil("kubectl get pvc", (r) => /www-web-0\s+Bound/.test(r.stdout) && /www-web-1\s+Bound/.test(r.stdout));
    expect(pvcs.stdout).toMatch(/www-web-0\s+Bound\s+pvc-\S+\s+1Gi\s+RWO\s+standard/);
    expect(pvcs.stdout).toMatch(/www-web-1\s+Bound\s+pvc-\S+\s+1Gi\s+RWO\s+standard/);
    expect((await w.step("kubectl get pod web-0 -o jsonpath=")).stdout).toBe("kube-edge simulated runtime: image registry.k8s.io/nginx-slim:0.21 is not run, its lifecycle is simulated");
    expect((await w.step("kubectl get events --field-selector reason=Simulated")).stdout).toMatch(/Normal\s+Simulated\s+pod\/web-0\s+kube-edge simulated runtime/);
    w.end();

    const ready = await kubectl(["get", "pods", "-l", "app=nginx", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="kube-edge.dev/Simulated")].status}{"\\n"}{end}']);
    const rows = ready.trim().split("\n").sort();
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toMatch(/^(nginx-deployment-[a-z0-9]+-[a-z0-9]+|web-[01]) True True$/);
    expect(await kubectl(["get", "pods", "-l", "job-name=pi", "-o", "jsonpath={.items[*].status.phase}"])).toBe("Succeeded");
    // The headless Service's endpoints are the Ready pods its selector matches (app=nginx: the Deployment's too).
    const endpoints = await eventually("the headless Service's five endpoints", async () => {
      const ips = (await kubectl(["get", "endpoints", "nginx", "-o", "jsonpath={.subsets[*].addresses[*].ip}"])).trim().split(/\s+/).filter(Boolean);
      return ips.length === 5 ? ips : undefined;
    });
    expect(new Set(endpoints).size).toBe(5);
  }, 240_000);
});
