/**
 * Accept corpus: every manifest upstream accepts decodes, defaults and validates without a single error.
 */
import { describe, expect, it } from "vitest";
import { DEPLOYMENT_TEMPLATE, FULL_POD, KUBECTL_RUN_POD, SERVER_POD } from "./fixtures-pods";
import { KUBECTL_CREATE, OTHER, SERVICES } from "./fixtures-other";
import { admit, load } from "./helpers";
import { defaultPodTemplateSpec, PodTemplateSpecSchema, validatePodTemplateSpec } from "../../../../schema/core-v1";

const corpus: [string, string][] = [
  ["kubectl run", KUBECTL_RUN_POD],
  ["full-featured pod", FULL_POD],
  ["server-returned pod", SERVER_POD],
  ...Object.entries(KUBECTL_CREATE).map(([n, y]) => [`kubectl create ${n}`, y] as [string, string]),
  ...Object.entries(SERVICES).map(([n, y]) => [`service ${n}`, y] as [string, string]),
  ...Object.entries(OTHER).map(([n, y]) => [n, y] as [string, string]),
];

describe("core/v1 accept corpus", () => {
  it.each(corpus)("%s decodes, defaults and validates cleanly", (_name, yaml) => {
    const obj = load(yaml);
    const { issues, errors } = admit(obj.kind, obj);
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });

  it.each(corpus)("%s stays valid after a second defaulting pass (idempotent)", (_name, yaml) => {
    const first = admit(load(yaml).kind, load(yaml)).obj;
    const again = admit(first.kind, structuredClone(first)).obj;
    expect(again).toEqual(first);
  });

  it("a Deployment-style pod template decodes, defaults and validates", () => {
    const template = load(DEPLOYMENT_TEMPLATE);
    expect(PodTemplateSpecSchema.safeParse(template).success).toBe(true);
    defaultPodTemplateSpec(template);
    expect(validatePodTemplateSpec(template, "spec.template")).toEqual([]);
    expect(template.spec.containers[0].imagePullPolicy).toBe("IfNotPresent");
    expect(template.spec.enableServiceLinks).toBeUndefined();
  });

  it("accepts null for any optional field, as upstream's decoder does", () => {
    const pod = load(KUBECTL_RUN_POD);
    pod.spec.nodeSelector = null;
    pod.spec.containers[0].env = null;
    pod.metadata.annotations = null;
    const { issues, errors } = admit("Pod", pod);
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("accepts numbers for quantities (upstream decodes them too)", () => {
    const pod = load(KUBECTL_RUN_POD);
    pod.spec.containers[0].resources = { requests: { cpu: 0.5, memory: 1048576 }, limits: { cpu: 1 } };
    const { issues, errors } = admit("Pod", pod);
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });
});
