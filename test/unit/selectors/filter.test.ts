import { describe, expect, it } from "vitest";
import { matchesFilter, parseObjectFilter, type ObjectFilter } from "../../../worker/selectors";

const POD_FIELDS = ["spec.nodeName", "status.phase"];
const pod = (name: string, labels: Record<string, string> | undefined, nodeName?: string) => ({
  metadata: { name, namespace: "default", ...(labels ? { labels } : {}) },
  spec: nodeName ? { nodeName } : {},
});

describe("parseObjectFilter", () => {
  it.each<[{ labelSelector?: string | null; fieldSelector?: string | null }, ReturnType<typeof parseObjectFilter>]>([
    [{}, { ok: true, filter: {} }],
    [{ labelSelector: "", fieldSelector: null }, { ok: true, filter: {} }],
    [{ labelSelector: "app=web" }, { ok: true, filter: { labels: [{ key: "app", operator: "=", values: ["web"] }] } }],
    [
      { fieldSelector: "metadata.name=web-1,spec.nodeName=n" },
      {
        ok: true,
        filter: {
          fields: [
            { field: "metadata.name", operator: "=", value: "web-1" },
            { field: "spec.nodeName", operator: "=", value: "n" },
          ],
        },
      },
    ],
    [{ fieldSelector: "spec.host=n" }, { ok: false, message: "field label not supported: spec.host" }],
    [{ labelSelector: "a in" }, { ok: false, message: "unable to parse requirement: found '' expected: '('" }],
    [{ fieldSelector: "nope" }, { ok: false, message: "invalid selector: 'nope'; can't understand 'nope'" }],
  ])("%j", (query, want) => {
    expect(parseObjectFilter(query, POD_FIELDS)).toEqual(want);
  });

  it("is plain JSON (survives structured cloning to a Durable Object)", () => {
    const r = parseObjectFilter({ labelSelector: "app in (a,b),!x", fieldSelector: "metadata.name!=z" }, POD_FIELDS);
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.parse(JSON.stringify(r.filter))).toEqual(r.filter);
  });
});

describe("matchesFilter", () => {
  const f = (labelSelector: string, fieldSelector = ""): ObjectFilter => {
    const r = parseObjectFilter({ labelSelector, fieldSelector }, POD_FIELDS);
    if (!r.ok) throw new Error(r.message);
    return r.filter;
  };
  it.each<[string, ObjectFilter | undefined, unknown, boolean]>([
    ["no filter", undefined, pod("a", undefined), true],
    ["empty filter", {}, pod("a", undefined), true],
    ["label match", f("app=web"), pod("a", { app: "web" }), true],
    ["label mismatch", f("app=web"), pod("a", { app: "db" }), false],
    ["labels absent", f("app=web"), pod("a", undefined), false],
    ["negative label on unlabelled", f("!app"), pod("a", undefined), true],
    ["field match", f("", "spec.nodeName=n1"), pod("a", {}, "n1"), true],
    ["field mismatch", f("", "spec.nodeName=n1"), pod("a", {}, "n2"), false],
    ["both", f("app=web", "metadata.name=a"), pod("a", { app: "web" }), true],
    ["both, field fails", f("app=web", "metadata.name=b"), pod("a", { app: "web" }), false],
  ])("%s", (_name, filter, obj, want) => {
    expect(matchesFilter(filter, obj)).toBe(want);
  });
});
