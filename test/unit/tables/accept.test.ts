import { describe, expect, it } from "vitest";
import { tableAcceptVersion } from "../../../worker/tables/accept";

const KUBECTL_GET =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

describe("tableAcceptVersion", () => {
  it.each<[string, string | null | undefined, "v1" | "v1beta1" | undefined]>([
    ["kubectl get", KUBECTL_GET, "v1"],
    ["kubectl get -o yaml", "application/json", undefined],
    ["missing header", undefined, undefined],
    ["null header", null, undefined],
    ["empty header", "", undefined],
    ["wildcard", "*/*", undefined],
    ["v1beta1 only", "application/json;as=Table;v=v1beta1;g=meta.k8s.io", "v1beta1"],
    ["v1beta1 first", "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io", "v1beta1"],
    ["plain JSON first wins", "application/json,application/json;as=Table;v=v1;g=meta.k8s.io", undefined],
    ["unsupported Table version skipped", "application/json;as=Table;v=v2;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io", "v1beta1"],
    ["Table in another group skipped", "application/json;as=Table;v=v1;g=example.com,application/json", undefined],
    ["protobuf Table skipped", "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io", "v1"],
    ["unknown media type skipped", "text/html,application/json;as=Table;v=v1;g=meta.k8s.io", "v1"],
    ["spaces and parameter order", " application/json ; g=meta.k8s.io ; v=v1 ; as=Table , application/json", "v1"],
    ["upper-case media type", "Application/JSON;as=Table;v=v1;g=meta.k8s.io", "v1"],
    ["higher q wins", "application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io", "v1"],
    ["q=0 is not acceptable", "application/json;as=Table;v=v1;g=meta.k8s.io;q=0,application/json", undefined],
    [
      "metadata-only informer",
      "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
      undefined,
    ],
    ["Table without version", "application/json;as=Table;g=meta.k8s.io", undefined],
  ])("%s", (_name, header, want) => {
    expect(tableAcceptVersion(header)).toBe(want);
  });
});
