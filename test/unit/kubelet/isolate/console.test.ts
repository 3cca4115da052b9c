/**
 * Console output as container logs, in real isolates: util.format-like formatting, streams by method, one
 * entry per line in order (top-level output included), the bounded buffer, and drains.
 */
import { describe, expect, it } from "vitest";
import { LOG_BUFFER_MAX_LINES, LOG_LINE_MAX_CHARS } from "../../../../worker/kubelet/isolate/wrapper-source";
import { drainContainerLogs, runContainer } from "../../../../worker/kubelet/isolate/runtime";
import { container } from "./fixtures";

async function logged(name: string, body: string) {
  const c = container(name, `export default { run() { ${body} } };`);
  const out = await runContainer(c);
  if (out.kind !== "exited" || !out.logs) throw new Error(`run failed: ${JSON.stringify(out)}`);
  return out.logs;
}

describe("formatting", () => {
  it.each([
    ["'hello'", "hello"],
    ["'a', 'b'", "a b"],
    ["'%s is %d years', 'Bob', 42", "Bob is 42 years"],
    ["'%i', 42.9", "42"],
    ["'%f', '1.5x'", "1.5"],
    ["'%d', '12abc'", "NaN"],
    ["'%j', { a: 1 }", '{"a":1}'],
    ["'%o', [1, 'x']", '[1,"x"]'],
    ["'100%% sure', 1", "100% sure 1"],
    ["'100%% sure'", "100%% sure"],
    ["'%s %s', 'a'", "a %s"],
    ["'%c styled', 'color: red'", " styled"],
    ["'%x', 1", "%x 1"],
    ["{ a: 1, b: [true, null] }", '{"a":1,"b":[true,null]}'],
    ["1, true, null, undefined", "1 true null undefined"],
    ["10n, Symbol('s')", "10n Symbol(s)"],
    ["function foo() {}, () => 1", "[Function: foo] [Function: (anonymous)]"],
    ["(() => { const o = { n: 1 }; o.self = o; return o; })()", '{"n":1,"self":"[Circular]"}'],
    ["new Map([['k', 1]]), new Set([2])", 'Map(1) {"k":1} Set(1) [2]'],
  ])("console.log(%s)", async (args, text) => {
    const logs = await logged(`fmt-${encodeURIComponent(args).slice(0, 60)}`, `console.log(${args});`);
    expect(logs.lines.map((l) => l.text)).toEqual([text]);
  });

  it("prints an error by its stack, one entry per line", async () => {
    const logs = await logged("fmt-error", "console.error(new TypeError('bad'));");
    expect(logs.lines[0]).toMatchObject({ stream: "stderr", text: "TypeError: bad" });
    expect(logs.lines.length).toBeGreaterThan(1);
  });
});

describe("capture", () => {
  it("keeps streams and order, top-level output first", async () => {
    const c = container("streams", "console.log('loading');\nexport default { run() { console.info('i'); console.warn('w'); console.debug('d\\nd2'); console.error('e'); console.log('l'); } };");
    const out = await runContainer(c);
    const lines = out.kind === "exited" ? out.logs?.lines : [];
    expect(lines?.map((l) => [l.stream, l.text])).toEqual([
      ["stdout", "loading"],
      ["stdout", "i"],
      ["stderr", "w"],
      ["stdout", "d"],
      ["stdout", "d2"],
      ["stderr", "e"],
      ["stdout", "l"],
    ]);
    expect(lines?.every((l) => typeof l.ts === "number" && l.ts > 0)).toBe(true);
  });

  it("hands each line over once", async () => {
    const c = container("drain", "let n = 0; export default { fetch() { console.log('request', ++n); return new Response('ok'); } };");
    await c.rpc.fetch(new Request("http://localhost/"));
    await c.rpc.fetch(new Request("http://localhost/"));
    const first = await drainContainerLogs(c);
    expect(first).toEqual({ kind: "logs", lines: [expect.objectContaining({ text: "request 1" }), expect.objectContaining({ text: "request 2" })], dropped: 0 });
    expect(await drainContainerLogs(c)).toEqual({ kind: "logs", lines: [], dropped: 0 });
  });

  it("bounds the buffer: the oldest lines go and are counted, long lines are cut", async () => {
    const logs = await logged("bounded", `for (let i = 0; i < ${LOG_BUFFER_MAX_LINES + 5}; i++) console.log(String(i)); console.log('x'.repeat(${LOG_LINE_MAX_CHARS + 10}));`);
    expect(logs.dropped).toBe(6);
    expect(logs.lines.length).toBe(LOG_BUFFER_MAX_LINES);
    expect(logs.lines[0].text).toBe("6");
    expect(logs.lines.at(-1)?.text.length).toBe(LOG_LINE_MAX_CHARS);
  });
});
