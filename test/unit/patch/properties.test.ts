import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyJsonPatch } from "../../../worker/patch/json-patch";
import { applyMergePatch, createMergePatch } from "../../../worker/patch/merge-patch";
import { applyStrategicMergePatch } from "../../../worker/patch/strategic-merge-patch";
import type { JsonObject, JsonValue } from "../../../worker/patch/json";
import { formatPointer } from "../../../worker/patch/json-pointer";

/** Member names: short, sometimes awkward for JSON pointers or prototypes, never directives (`$…`). */
const key = fc.oneof(fc.constantFrom("a", "b", "c", "x/y", "m~n", "__proto__", "0"), fc.string({ maxLength: 4 })).filter((k) => !k.startsWith("$"));

/** JSON values; `withNull` controls whether `null` may appear (merge patches cannot express nulls in targets). */
function json(withNull: boolean) {
  const leaf = withNull
    ? fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null))
    : fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean());
  return fc.letrec<{ value: JsonValue; object: JsonObject }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("value"), { maxLength: 3 }), tie("object")),
    object: fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }) as fc.Arbitrary<JsonObject>,
  }));
}

const objectWithoutNulls = json(false).object;
const objectWithNulls = json(true).object;

describe("patch properties", () => {
  it("merge patch: applying createMergePatch(a, b) to a gives b", () => {
    fc.assert(
      fc.property(objectWithoutNulls, objectWithoutNulls, (a, b) => {
        expect(applyMergePatch(a, createMergePatch(a, b))).toEqual(b);
      }),
    );
  });

  it("merge patch: an empty patch changes nothing", () => {
    fc.assert(
      fc.property(objectWithNulls, (a) => {
        expect(applyMergePatch(a, {})).toEqual(a);
      }),
    );
  });

  it("strategic merge patch without schema or directives equals merge patch", () => {
    fc.assert(
      fc.property(objectWithNulls, objectWithNulls, (doc, patch) => {
        const before = structuredClone(doc);
        const smp = applyStrategicMergePatch(doc, patch);
        expect(smp).toEqual({ ok: true, value: applyMergePatch(doc, patch) });
        expect(doc).toEqual(before);
      }),
    );
  });

  it("json patch: adding then removing a new member restores the document", () => {
    fc.assert(
      fc.property(objectWithNulls, key, json(true).value, (doc, k, v) => {
        fc.pre(!Object.hasOwn(doc, k));
        const path = formatPointer([k]);
        const added = applyJsonPatch(doc, [{ op: "add", path, value: v }]);
        expect(added.ok).toBe(true);
        if (!added.ok) return;
        expect(applyJsonPatch(added.value, [{ op: "test", path, value: v }]).ok).toBe(true);
        expect(applyJsonPatch(added.value, [{ op: "remove", path }])).toEqual({ ok: true, value: doc });
      }),
    );
  });

  it("json patch: testing the whole document against itself succeeds", () => {
    fc.assert(
      fc.property(json(true).value, (doc) => {
        expect(applyJsonPatch(doc, [{ op: "test", path: "", value: doc }])).toEqual({ ok: true, value: doc });
      }),
    );
  });
});
