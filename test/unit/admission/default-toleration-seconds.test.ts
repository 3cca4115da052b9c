/** DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds). */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { withDefaultTolerations } from "../../../worker/admission/default-toleration-seconds";

const NOT_READY = { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };
const UNREACHABLE = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };

describe("withDefaultTolerations", () => {
  it.each<[string, KubeObject[] | undefined, KubeObject[]]>([
    ["none: both added", undefined, [NOT_READY, UNREACHABLE]],
    [
      "not-ready tolerated for 60 s: only unreachable added",
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }],
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }, UNREACHABLE],
    ],
    ["tolerate everything: nothing added", [{ operator: "Exists" }], [{ operator: "Exists" }]],
    [
      "any effect of unreachable counts",
      [{ key: "node.kubernetes.io/unreachable", operator: "Exists" }],
      [{ key: "node.kubernetes.io/unreachable", operator: "Exists" }, NOT_READY],
    ],
    [
      "a NoSchedule toleration does not count",
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" }],
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" }, NOT_READY, UNREACHABLE],
    ],
  ])("%s", (_name, tolerations, expected) => {
    expect(withDefaultTolerations(tolerations)).toEqual(expected);
  });
});
