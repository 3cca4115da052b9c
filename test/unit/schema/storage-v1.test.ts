/** storage.k8s.io/v1 StorageClass: defaults, rejects and the immutable fields. */
import { describe, expect, it } from "vitest";
import { storageV1 } from "../../../schema/storage-v1";
import { admit, kindOf, load, stored, update } from "./group-helpers";

const sc = kindOf(storageV1, "StorageClass");

const GP3 = `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gp3
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: ebs.csi.aws.com
parameters: {type: gp3, fsType: ext4}
allowVolumeExpansion: true
mountOptions: [debug]
volumeBindingMode: WaitForFirstConsumer
allowedTopologies:
- matchLabelExpressions:
  - {key: topology.ebs.csi.aws.com/zone, values: [us-east-1a, us-east-1b]}
`;

describe("StorageClass", () => {
  it("accepts and defaults reclaimPolicy Delete (volumeBindingMode Immediate when absent)", () => {
    const { obj, issues, errors } = admit(sc, load(GP3));
    expect([issues, errors]).toEqual([[], []]);
    expect(obj.reclaimPolicy).toBe("Delete");
    expect(admit(sc, { metadata: { name: "local" }, provisioner: "kubernetes.io/no-provisioner" }).obj.volumeBindingMode).toBe("Immediate");
  });

  it.each<[string, (o: any) => void, string[]]>([
    ["no provisioner", (o) => delete o.provisioner, ["provisioner: Required value"]],
    ["reclaimPolicy", (o) => (o.reclaimPolicy = "Recycle"), ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    ["volumeBindingMode", (o) => (o.volumeBindingMode = "Later"), ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"']],
    ["topology without values", (o) => (o.allowedTopologies[0].matchLabelExpressions[0].values = []), ["allowedTopologies[0].matchLabelExpressions[0].values: Required value: must specify as least one value"]],
  ])("rejects %s", (_n, edit, expected) => {
    const obj = load(GP3);
    edit(obj);
    expect(admit(sc, obj).errors).toEqual(expected);
  });

  it("parameters, provisioner, reclaimPolicy and volumeBindingMode are immutable; allowVolumeExpansion is not", () => {
    const old = stored(sc, GP3);
    expect(update(sc, old, (o) => (o.allowVolumeExpansion = false)).errors).toEqual([]);
    const { errors } = update(sc, old, (o) => {
      o.parameters.type = "io2";
      o.provisioner = "other.csi.example.com";
      o.reclaimPolicy = "Retain";
      o.volumeBindingMode = "Immediate";
    });
    expect(errors).toEqual([
      "parameters: Forbidden: updates to parameters are forbidden.",
      "provisioner: Forbidden: updates to provisioner are forbidden.",
      "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
      'volumeBindingMode: Invalid value: "Immediate": field is immutable',
    ]);
  });

  it("is cluster-scoped with short name sc", () => {
    expect([sc.resource, sc.namespaced, sc.shortNames]).toEqual(["storageclasses", false, ["sc"]]);
  });
});
