import { describe, expect, it } from "vitest";
import { buildTable, type BuildTableOptions } from "../../../worker/tables/build-table";
import { tableFor } from "../../../worker/tables/registry";
import type { KubeObject } from "../../../worker/tables/types";
import { NOW, meta } from "./helpers";

const cm = (name: string, rv: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: meta(name, { resourceVersion: rv, labels: { app: "web" } }),
  data: { a: "1" },
});
const CM = tableFor("", "configmaps");
const items = [cm("one", "10"), cm("two", "11")];

describe("buildTable", () => {
  it("builds a v1 Table with PartialObjectMetadata rows by default", () => {
    const t = buildTable(CM, items, { now: NOW, listMeta: { resourceVersion: "12", continue: "" } });
    expect(t).toEqual({
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: { resourceVersion: "12" },
      columnDefinitions: CM.columns,
      rows: [
        { cells: ["one", 1, "5m"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: items[0].metadata } },
        { cells: ["two", 1, "5m"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: items[1].metadata } },
      ],
    });
    expect(JSON.parse(JSON.stringify(t)).columnDefinitions[0]).toEqual({
      name: "Name",
      type: "string",
      format: "name",
      description: expect.any(String),
      priority: 0,
    });
  });

  it.each<[string, BuildTableOptions["includeObject"], (o: KubeObject) => unknown]>([
    ["Metadata", "Metadata", (o) => ({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata })],
    ["Object", "Object", (o) => o],
    ["None", "None", () => undefined],
  ])("includeObject=%s", (_name, includeObject, want) => {
    const t = buildTable(CM, items, { now: NOW, includeObject });
    expect(t.rows.map((r) => r.object)).toEqual(items.map(want));
    if (includeObject === "None") expect(t.rows.every((r) => !("object" in r))).toBe(true);
  });

  it.each<[string, BuildTableOptions["listMeta"], KubeObject[], object]>([
    ["list with continue", { resourceVersion: "99", continue: "tok" }, items, { resourceVersion: "99", continue: "tok" }],
    ["list with remainingItemCount", { resourceVersion: "99", continue: "tok", remainingItemCount: 5 }, items, { resourceVersion: "99", continue: "tok", remainingItemCount: 5 }],
    ["empty list", { resourceVersion: "7" }, [], { resourceVersion: "7" }],
    ["single object: its own resourceVersion", undefined, [items[1]], { resourceVersion: "11" }],
    ["no list meta, several objects", undefined, items, {}],
  ])("metadata: %s", (_name, listMeta, objs, want) => {
    expect(buildTable(CM, objs, { now: NOW, listMeta }).metadata).toEqual(want);
  });

  it("serves v1beta1 with matching PartialObjectMetadata", () => {
    const t = buildTable(CM, [items[0]], { now: NOW, version: "v1beta1" });
    expect(t.apiVersion).toBe("meta.k8s.io/v1beta1");
    expect(t.rows[0].object).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1beta1" });
  });

  it("omits column definitions with noHeaders", () => {
    expect(buildTable(CM, items, { now: NOW, noHeaders: true }).columnDefinitions).toEqual([]);
  });

  it("carries row conditions from the printer (completed pods)", () => {
    const pods = [
      { metadata: meta("done"), spec: { containers: [{ name: "a" }] }, status: { phase: "Succeeded" } },
      { metadata: meta("live"), spec: { containers: [{ name: "a" }] }, status: { phase: "Running" } },
    ];
    const t = buildTable(tableFor("", "pods"), pods, { now: NOW, includeObject: "None" });
    expect(t.rows[0].conditions).toEqual([{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }]);
    expect("conditions" in t.rows[1]).toBe(false);
  });

  it("copes with objects without metadata", () => {
    const t = buildTable(CM, [{}], { now: NOW });
    expect(t.rows[0]).toEqual({ cells: ["", 0, "<unknown>"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: {} } });
  });
});
