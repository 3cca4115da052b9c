/** The log tables in a real kubelet Durable Object's SQLite, and the kubelet's served answer over them. */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../../worker/env";
import {
  appendLogLines,
  createLogTables,
  deletePodLogs,
  logInstances,
  readLogLines,
  serveContainerLogs,
  type LogKey,
  type LogResponse,
  type NewLogLine,
  type PodLogOptions,
} from "../../../../worker/kubelet/logs";
import type { ContainerStatus } from "../../../../worker/kubelet/status/types";

const E = env as unknown as Env;
let n = 0;

/** Runs `fn` against the SQL storage of a fresh kubelet object (one per call). */
async function withSql<T>(fn: (sql: SqlStorage) => T | Promise<T>): Promise<T> {
  const stub = E.KUBELETS.get(E.KUBELETS.idFromName(`log-store-${Date.now()}-${n++}`));
  return runInDurableObject(stub, async (_instance, state) => {
    createLogTables(state.storage.sql);
    return fn(state.storage.sql);
  });
}

const key = (instance = 0, container = "app", podUid = "uid-1"): LogKey => ({ podUid, container, instance });
const out = (ts: number, text: string, stream: NewLogLine["stream"] = "stdout"): NewLogLine => ({ ts, stream, text });
const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

async function bodyText(res: LogResponse): Promise<string> {
  if (!res.ok) throw new Error(res.message);
  return new Response(res.body).text();
}

describe("log store", () => {
  it("appends with increasing seq and reads back in order, tail and since applied", async () => {
    await withSql((sql) => {
      const stored = appendLogLines(sql, key(), [out(1000, "a"), out(2000, "b", "stderr")]);
      expect(stored.map((l) => l.seq)).toEqual([1, 2]);
      appendLogLines(sql, key(), [out(3000, "c"), out(4000, "d")]);
      expect(readLogLines(sql, key())).toEqual([
        { seq: 1, ts: 1000, stream: "stdout", text: "a" },
        { seq: 2, ts: 2000, stream: "stderr", text: "b" },
        { seq: 3, ts: 3000, stream: "stdout", text: "c" },
        { seq: 4, ts: 4000, stream: "stdout", text: "d" },
      ]);
      expect(texts(readLogLines(sql, key(), { tailLines: 2 }))).toEqual(["c", "d"]);
      expect(texts(readLogLines(sql, key(), { tailLines: 0 }))).toEqual([]);
      expect(texts(readLogLines(sql, key(), { sinceMs: 2000 }))).toEqual(["b", "c", "d"]);
      expect(texts(readLogLines(sql, key(), { tailLines: 3, sinceMs: 3000 }))).toEqual(["c", "d"]);
      expect(texts(readLogLines(sql, key(), { afterSeq: 3 }))).toEqual(["d"]);
    });
  });

  it("keeps the current and the previous instance of a container, and other containers and pods", async () => {
    await withSql((sql) => {
      for (const i of [0, 1, 2]) appendLogLines(sql, key(i), [out(i, `run ${i}`)]);
      appendLogLines(sql, key(0, "sidecar"), [out(0, "side")]);
      appendLogLines(sql, key(0, "app", "uid-2"), [out(0, "other pod")]);
      expect(logInstances(sql, "uid-1", "app")).toEqual([1, 2]);
      expect(texts(readLogLines(sql, key(0)))).toEqual([]);
      expect(texts(readLogLines(sql, key(1)))).toEqual(["run 1"]);
      expect(texts(readLogLines(sql, key(0, "sidecar")))).toEqual(["side"]);
      deletePodLogs(sql, "uid-1");
      expect(logInstances(sql, "uid-1", "app")).toEqual([]);
      expect(texts(readLogLines(sql, key(0, "app", "uid-2")))).toEqual(["other pod"]);
    });
  });

  it("caps an instance's bytes, dropping the oldest lines; seq keeps counting", async () => {
    await withSql((sql) => {
      // Each line is 10 bytes stored (9 characters and the newline); the cap holds 3 of them.
      for (let i = 1; i <= 5; i++) appendLogLines(sql, key(), [out(i, `line-${i}...`.slice(0, 9))], 30);
      const lines = readLogLines(sql, key());
      expect(lines.map((l) => l.seq)).toEqual([3, 4, 5]);
      expect(appendLogLines(sql, key(), [out(6, "x")], 30)[0].seq).toBe(6);
    });
  });
});

describe("serveContainerLogs", () => {
  const status = (state: ContainerStatus["state"], restartCount = 0, lastState: ContainerStatus["lastState"] = {}): { containerStatuses: ContainerStatus[] } => ({
    containerStatuses: [{ name: "app", state, lastState, restartCount, ready: true, image: "i", imageID: "" }],
  });
  const opts = (o: Partial<PodLogOptions> = {}): PodLogOptions => ({ container: "app", follow: false, previous: false, timestamps: false, ...o });
  const pod = (s: ReturnType<typeof status>) => ({ name: "web", uid: "uid-1", status: s });
  const T = Date.parse("2024-06-01T00:00:00Z");

  it("serves the current instance, or the previous one, formatted", async () => {
    const [current, previous, stamped, limited, since] = await withSql(async (sql) => {
      appendLogLines(sql, key(0), [out(T, "first run")]);
      appendLogLines(sql, key(1), [out(T + 1000, "second run"), out(T + 2000, "still second")]);
      const s = status({ running: {} }, 1, { terminated: { exitCode: 1 } });
      const serve = (o: Partial<PodLogOptions>) => serveContainerLogs(sql, { pod: pod(s), options: opts(o), nowMs: T + 3000, running: () => true });
      return Promise.all([
        bodyText(serve({})),
        bodyText(serve({ previous: true })),
        bodyText(serve({ timestamps: true, tailLines: 1 })),
        bodyText(serve({ limitBytes: 5 })),
        bodyText(serve({ sinceSeconds: 1 })),
      ]);
    });
    expect(current).toBe("second run\nstill second\n");
    expect(previous).toBe("first run\n");
    expect(stamped).toBe("2024-06-01T00:00:02.000000000Z still second\n");
    expect(limited).toBe("secon");
    expect(since).toBe("still second\n");
  });

  it.each([
    ["a waiting container", status({ waiting: { reason: "ContainerCreating" } }), false, 'container "app" in pod "web" is waiting to start: ContainerCreating'],
    ["no previous instance", status({ running: {} }), true, 'previous terminated container "app" in pod "web" not found'],
  ])("refuses %s with the kubelet's 400", async (_name, s, previous, message) => {
    const res = await withSql((sql) => serveContainerLogs(sql, { pod: pod(s), options: opts({ previous }), nowMs: T, running: () => true }));
    expect(res).toEqual({ ok: false, code: 400, message });
  });

  it("follows a running instance until it stops", async () => {
    const text = await withSql(async (sql) => {
      appendLogLines(sql, key(0), [out(T, "before")]);
      let polls = 0;
      const res = serveContainerLogs(sql, {
        pod: pod(status({ running: {} })),
        options: opts({ follow: true }),
        nowMs: T,
        running: (instance) => instance === 0 && polls < 2,
        sleep: async () => {
          polls++;
          appendLogLines(sql, key(0), [out(T + polls, `after ${polls}`)]);
        },
      });
      return bodyText(res);
    });
    expect(text).toBe("before\nafter 1\nafter 2\n");
  });

  it("does not wait on a stopped instance even with follow", async () => {
    const text = await withSql(async (sql) => {
      appendLogLines(sql, key(0), [out(T, "done")]);
      const res = serveContainerLogs(sql, { pod: pod(status({ terminated: { exitCode: 0 } })), options: opts({ follow: true }), nowMs: T, running: () => true });
      expect(res.ok && res.body instanceof Uint8Array).toBe(true);
      return bodyText(res);
    });
    expect(text).toBe("done\n");
  });
});
