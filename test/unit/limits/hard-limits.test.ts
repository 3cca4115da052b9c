/**
 * Hard limits on hostile input: each is refused quickly with upstream's Status and stores nothing (read back).
 * Time bounds are generous (the test machines are shared); without the guards the YAML cases take tens of
 * seconds to minutes of CPU.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "./client";

const MiB = 1024 * 1024;
let ns: string;
const cms = () => `/api/v1/namespaces/${ns}/configmaps`;

beforeAll(async () => {
  ns = `hard-${Date.now().toString(36)}`;
  const res = await callApi("/api/v1/namespaces", { method: "POST", body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
  if (res.status !== 201) throw new Error(`namespace: ${res.status} ${res.text}`);
  const cm = await callApi(cms(), { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "target" }, data: { a: "b" } } });
  if (cm.status !== 201) throw new Error(`configmap: ${cm.status} ${cm.text}`);
}, 60_000);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = Date.now();
  const out = await fn();
  return [out, Date.now() - t];
}

/** The names stored in the namespace and the target's resourceVersion: what a rejected write must not change. */
async function state() {
  const list = await callApi(cms());
  const target = list.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === "target");
  return { names: list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort(), target: target?.metadata.resourceVersion, data: target?.data };
}

const yamlConfigMap = (name: string, rest: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${rest}`;

describe("bodies", () => {
  it("a body over 3 MiB without Content-Length (streamed) → 413", async () => {
    const before = await state();
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 4 * MiB) return c.close();
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    const res = await callApi(cms(), { method: "POST", body: stream, contentType: "application/json" });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ reason: "RequestEntityTooLarge", message: `Request entity too large: limit is ${3 * MiB}`, code: 413 });
    expect(await state()).toEqual(before);
  });

  it("JSON nested 500,000 levels deep → 400 fast", async () => {
    const depth = 500_000;
    const [res, ms] = await timed(() => callApi(cms(), { method: "POST", body: `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}` }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("json: exceeded max depth of 1000");
    expect(ms).toBeLessThan(5_000);
  });
});

describe("YAML", () => {
  it.each([
    ["3 MiB of [", "[".repeat(3 * MiB - 10), "yaml: exceeded max depth of 1000"],
    ["3 MiB of {a: ", "{a: ".repeat((3 * MiB) / 4 - 10), "yaml: exceeded max depth of 1000"],
    ["a million aliases", `a: &a x\nb: [${"*a,".repeat(MiB - 10)}]`, "error converting YAML to JSON: yaml: document contains excessive aliasing"],
    [
      "a billion laughs",
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
        "bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`).join("\n"),
      "error converting YAML to JSON: Excessive alias count indicates a resource exhaustion attack",
    ],
  ])("%s → 400 fast, nothing stored", async (_name, body, message) => {
    const before = await state();
    const [res, ms] = await timed(() => callApi(cms(), { method: "POST", body, contentType: "application/yaml" }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: "Status", reason: "BadRequest", code: 400 });
    expect(res.body.message).toBe(message);
    expect(ms).toBeLessThan(3_000);
    expect(await state()).toEqual(before);
  });

  it("an anchored 1 MiB string aliased 99 times (100 MiB as JSON) → 413, nothing stored", async () => {
    const before = await state();
    const body = yamlConfigMap("fanout", `data:\n  a: &big ${"x".repeat(MiB)}\nbinaryData: {}\nextra: [${Array(99).fill("*big").join(", ")}]\n`);
    const [res, ms] = await timed(() => callApi(cms(), { method: "POST", body, contentType: "application/yaml" }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ reason: "RequestEntityTooLarge", code: 413 });
    expect(ms).toBeLessThan(5_000);
    expect(await state()).toEqual(before);
  });

  it("30,000 keys parse in linear time (the unique-key check was quadratic)", async () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `  k${i}: v`).join("\n");
    const [res, ms] = await timed(() => callApi(cms(), { method: "POST", body: yamlConfigMap("many-keys", `data:\n${keys}\n`), contentType: "application/yaml" }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.data)).toHaveLength(30_000);
    expect(ms).toBeLessThan(8_000);
  }, 30_000);

  it("a duplicated key: the last one wins (sigs.k8s.io/yaml non-strict decoding)", async () => {
    const res = await callApi(cms(), { method: "POST", body: yamlConfigMap("dup", "data:\n  a: first\n  a: second\n"), contentType: "application/yaml" });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ a: "second" });
  });

  it("JSON sent as YAML (kubectl's server-side apply) takes the JSON path", async () => {
    const config = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied" }, data: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, "v"])) };
    const [res, ms] = await timed(() =>
      callApi(`${cms()}/applied?fieldManager=t`, { method: "PATCH", body: JSON.stringify(config), contentType: "application/apply-patch+yaml" }),
    );
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.data)).toHaveLength(20_000);
    expect(ms).toBeLessThan(10_000);
  }, 30_000);
});

describe("JSON patch", () => {
  it("more than 10,000 operations → 413 with upstream's message, nothing changed", async () => {
    const before = await state();
    const ops = Array.from({ length: 10_001 }, () => ({ op: "test", path: "/data/a", value: "b" }));
    const res = await callApi(`${cms()}/target`, { method: "PATCH", body: ops, contentType: "application/json-patch+json" });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      reason: "RequestEntityTooLarge",
      message: "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
      code: 413,
    });
    expect(await state()).toEqual(before);
  });

  it("10,000 operations are allowed", async () => {
    const ops = Array.from({ length: 10_000 }, () => ({ op: "test", path: "/data/a", value: "b" }));
    const res = await callApi(`${cms()}/target?dryRun=All`, { method: "PATCH", body: ops, contentType: "application/json-patch+json" });
    expect(res.status).toBe(200);
  });

  it("copies that double the document → 422 once they grow it by 3 MiB, fast, nothing changed", async () => {
    const before = await state();
    const seed = { op: "add", path: "/data/seed", value: "x".repeat(1024) };
    const copies = Array.from({ length: 60 }, (_, i) => ({ op: "copy", from: "/data", path: `/data/c${i}` }));
    const [res, ms] = await timed(() => callApi(`${cms()}/target`, { method: "PATCH", body: [seed, ...copies], contentType: "application/json-patch+json" }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ reason: "Invalid", message: "the server rejected our request due to an error in our request", code: 422 });
    expect(ms).toBeLessThan(5_000);
    expect(await state()).toEqual(before);
  });
});

describe("metadata limits (422 Invalid)", () => {
  it.each([
    ["a name over 253 characters", { name: "n".repeat(254) }, "metadata.name"],
    ["a label value over 63 characters", { name: "l1", labels: { a: "v".repeat(64) } }, "metadata.labels"],
    ["a label key name over 63 characters", { name: "l2", labels: { ["k".repeat(64)]: "v" } }, "metadata.labels"],
    ["a label key prefix over 253 characters", { name: "l3", labels: { [`${"p".repeat(254)}/k`]: "v" } }, "metadata.labels"],
    ["annotations over 256 KiB in total", { name: "an", annotations: { a: "x".repeat(128 * 1024), b: "y".repeat(128 * 1024) } }, "metadata.annotations"],
  ])("%s", async (_name, metadata, field) => {
    const before = await state();
    const res = await callApi(cms(), { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata } });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe("Invalid");
    expect(res.body.details.causes.map((c: { field: string }) => c.field)).toContain(field);
    expect(await state()).toEqual(before);
  });

  it("annotations over 256 KiB say so as upstream", async () => {
    const res = await callApi(cms(), { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "an2", annotations: { a: "x".repeat(256 * 1024) } } } });
    expect(res.body.details.causes).toContainEqual(expect.objectContaining({ field: "metadata.annotations", message: "Too long: may not be more than 262144 bytes" }));
  });
});
