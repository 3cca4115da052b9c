/**
 * One minimal reproduction per entry of known-deviations.ts, written as the upstream behaviour: regression
 * tests for what the fuzzers found (all fixed).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createNamespace, send } from "./harness";
import { deepFieldsV1 } from "./raw-bodies";
import { KNOWN } from "./known-deviations";

let ns: string;
const cm = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { a: "b" }, ...extra });
const post = (path: string, body: string, contentType = "application/json") => send({ method: "POST", path, body, contentType });
const configmaps = () => `/api/v1/namespaces/${ns}/configmaps`;

async function stored(name: string): Promise<boolean> {
  return (await send({ method: "GET", path: `${configmaps()}/${name}` })).status === 200;
}

describe("deviations from kube-apiserver found by fuzzing stay fixed (each test states upstream's answer)", () => {
  beforeAll(async () => {
    ns = await createNamespace("fz-known");
    await post(configmaps(), cm("target"));
  });

  it(`${KNOWN.dryRunValueIgnored.id}: POST ?dryRun=all → 422, nothing stored`, async () => {
    const res = await post(`${configmaps()}?dryRun=all`, cm("dry"));
    expect(await stored("dry")).toBe(false);
    expect(res.status).toBe(422);
  });

  it(`${KNOWN.invalidOptionsCode.id}: POST ?fieldValidation=strict → 422 Invalid`, async () => {
    const res = await post(`${configmaps()}?fieldValidation=strict`, cm("fv"));
    expect(res.status).toBe(422);
  });

  it(`${KNOWN.patchOptionsNotValidated.id}: merge PATCH ?force=true → 422, nothing changed`, async () => {
    const res = await send({ method: "PATCH", path: `${configmaps()}/target?force=true`, body: '{"data":{"a":"forced"}}', contentType: "application/merge-patch+json" });
    expect(res.status).toBe(422);
  });

  it(`${KNOWN.putWithoutName.id}: PUT without metadata.name → 400, nothing changed`, async () => {
    const res = await send({ method: "PUT", path: `${configmaps()}/target`, body: '{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"x"}}', contentType: "application/json" });
    expect(res.status).toBe(400);
  });

  it(`${KNOWN.duplicateFieldsStrict.id}: POST ?fieldValidation=Strict with a duplicated member → 400`, async () => {
    const res = await post(`${configmaps()}?fieldValidation=Strict`, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup"}}');
    expect(res.status).toBe(400);
  });

  it(`${KNOWN.deleteOptionsNotDecoded.id}: DELETE with body {"dryRun":"All"} → refused, nothing deleted`, async () => {
    await post(configmaps(), cm("dry-delete"));
    const res = await send({ method: "DELETE", path: `${configmaps()}/dry-delete`, body: '{"dryRun":"All"}', contentType: "application/json" });
    expect(await stored("dry-delete")).toBe(true);
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it(`${KNOWN.invalidOptionsCode.id}: DELETE ?propagationPolicy=bogus → 422 Invalid`, async () => {
    const res = await send({ method: "DELETE", path: `${configmaps()}/target?propagationPolicy=bogus` });
    expect(res.status).toBe(422);
  });

  it(`${KNOWN.bomAccepted.id}: a JSON body with a byte-order mark → 400`, async () => {
    const res = await post(configmaps(), "\uFEFF" + cm("bom"));
    expect(res.status).toBe(400);
  });

  it(`${KNOWN.watchParamParsing.id}: GET ?watch=yes → a watch stream`, async () => {
    const res = await send({ method: "GET", path: `${configmaps()}?watch=yes`, streamMs: 100 });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^\{"type":"ADDED"/);
  });

  it(`${KNOWN.watchTimeoutZero.id}: ?watch=true&timeoutSeconds=0 stays open`, async () => {
    const res = await send({ method: "GET", path: `${configmaps()}?watch=true&timeoutSeconds=0`, streamMs: 200 });
    expect(res.status).toBe(200);
    expect(res.streaming).toBe(true);
  });

  it(`${KNOWN.deepNesting500.id}: 6000-deep managedFields[].fieldsV1 → not a 500`, async () => {
    const res = await post(configmaps(), deepFieldsV1("deep", 6_000));
    expect(res.status).toBeLessThan(500);
  });

  it(`${KNOWN.deepNesting500.id}: a JSON patch adding a 5000-deep value → not a 500`, async () => {
    const value = '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000);
    const body = `[{"op":"add","path":"/data/x","value":${value}}]`;
    const res = await send({ method: "PATCH", path: `${configmaps()}/target`, body, contentType: "application/json-patch+json" });
    expect(res.status).toBeLessThan(500);
  });

  it(`${KNOWN.deepNesting500.id}: a YAML anchor that contains itself → 400`, async () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cyclic\n  managedFields:\n  - manager: m\n    operation: Update\n    apiVersion: v1\n    fieldsType: FieldsV1\n    fieldsV1: &x\n      f:data: *x\n";
    const res = await post(configmaps(), yaml, "application/yaml");
    expect(res.status).toBe(400);
  });

  it(`${KNOWN.malformedPercentEncoding500.id}: GET /api/v1/namespaces/%ff → 404`, async () => {
    const res = await send({ method: "GET", path: "/api/v1/namespaces/%ff" });
    expect(res.status).toBe(404);
  });

  it(`${KNOWN.malformedPercentEncoding500.id}: GET /api/v1/namespaces/% → a 4xx`, async () => {
    const res = await send({ method: "GET", path: "/api/v1/namespaces/%" });
    expect(res.status).toBeLessThan(500);
  });
});
