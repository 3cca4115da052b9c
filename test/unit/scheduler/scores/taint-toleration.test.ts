import { describe, expect, it } from "vitest";
import {
  countIntolerableTaintsPreferNoSchedule,
  normalizeTaintTolerationScores,
  preferNoScheduleTolerations,
} from "../../../../worker/scheduler/scores";
import type { KubeObject } from "../../../../schema/types";
import { makeNode, makePod, withSpec } from "./helpers";

const tainted = (name: string, ...taints: KubeObject[]) => makeNode(name, {}, { spec: { taints } });
const t = (key: string, value: string, effect: string) => ({ key, value, effect });
const tol = (key: string, value: string, effect: string) => ({ key, operator: "Equal", value, effect });
const tolerating = (...tolerations: KubeObject[]) => withSpec(makePod(), { tolerations });

function scores(pod: KubeObject, nodes: KubeObject[]): number[] {
  const tolerations = preferNoScheduleTolerations(pod);
  return normalizeTaintTolerationScores(nodes.map((n) => countIntolerableTaintsPreferNoSchedule(n, tolerations)));
}

// Mirrors tainttoleration/taint_toleration_test.go TestTaintTolerationScore.
describe("TaintToleration PreferNoSchedule score", () => {
  it.each<[string, KubeObject, KubeObject[], number[]]>([
    [
      "node with taints tolerated by the pod gets a higher score than nodes with intolerable taints",
      tolerating(tol("foo", "bar", "PreferNoSchedule")),
      [tainted("A", t("foo", "bar", "PreferNoSchedule")), tainted("B", t("foo", "blah", "PreferNoSchedule"))],
      [100, 0],
    ],
    [
      "nodes whose taints are all tolerated get the same score, however many taints they have",
      tolerating(tol("cpu-type", "arm64", "PreferNoSchedule"), tol("disk-type", "ssd", "PreferNoSchedule")),
      [tainted("A"), tainted("B", t("cpu-type", "arm64", "PreferNoSchedule")), tainted("C", t("cpu-type", "arm64", "PreferNoSchedule"), t("disk-type", "ssd", "PreferNoSchedule"))],
      [100, 100, 100],
    ],
    [
      "the more intolerable taints a node has, the lower score it gets",
      tolerating(tol("foo", "bar", "PreferNoSchedule")),
      [tainted("A"), tainted("B", t("cpu-type", "arm64", "PreferNoSchedule")), tainted("C", t("cpu-type", "arm64", "PreferNoSchedule"), t("disk-type", "ssd", "PreferNoSchedule"))],
      [100, 50, 0],
    ],
    [
      "only taints and tolerations with effect PreferNoSchedule are checked",
      tolerating(tol("cpu-type", "arm64", "NoSchedule"), tol("disk-type", "ssd", "NoSchedule")),
      [tainted("A"), tainted("B", t("cpu-type", "arm64", "NoSchedule")), tainted("C", t("cpu-type", "arm64", "PreferNoSchedule"), t("disk-type", "ssd", "PreferNoSchedule"))],
      [100, 100, 0],
    ],
    [
      "no taints and tolerations: lands on the node with no taints",
      tolerating(tol("foo", "bar", "PreferNoSchedule")),
      [tainted("A"), tainted("B", t("cpu-type", "arm64", "PreferNoSchedule"))],
      [100, 0],
    ],
    // Raw counts 0, 1, 3 → 100 - 100*1/3 = 67, 100 - 100 = 0.
    [
      "integer division before reversing",
      makePod(),
      [tainted("A"), tainted("B", t("a", "", "PreferNoSchedule")), tainted("C", t("a", "", "PreferNoSchedule"), t("b", "", "PreferNoSchedule"), t("c", "", "PreferNoSchedule"))],
      [100, 67, 0],
    ],
  ])("%s", (_name, pod, nodes, want) => {
    expect(scores(pod, nodes)).toEqual(want);
  });
});

