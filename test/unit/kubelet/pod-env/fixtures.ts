/** A pod and referenced objects shared by the pod-env tests. */
import type { KubeObject } from "../../../../schema/types";

export const b64 = (text: string) => btoa(text);

export function pod(spec: KubeObject = {}, meta: KubeObject = {}): KubeObject {
  return {
    metadata: {
      name: "web-0",
      namespace: "shop",
      uid: "0f6d3f5e-1111-2222-3333-444455556666",
      labels: { app: "web", tier: "front" },
      annotations: { "example.com/owner": 'team "a"' },
      ...meta,
    },
    spec: { nodeName: "node-1", serviceAccountName: "web", containers: [{ name: "app", image: "app:1" }], ...spec },
  };
}

export const configMaps = {
  cfg: { data: { LOG_LEVEL: "debug", MODE: "fast", "app.conf": "listen 80\n" } },
  mode: { data: { MODE: "slow" } },
  bin: { binaryData: { "blob.bin": btoa("\u00ff\u00fe") } },
};

export const secrets = {
  creds: { data: { USER: b64("admin"), PASSWORD: b64("s3cret"), "tls.key": b64("KEY") } },
  utf8: { data: { NAME: btoa(String.fromCharCode(...new TextEncoder().encode("Zoë"))) } },
  binary: { data: { RAW: btoa("\u00ff\u0000\u0080") } },
};

export const placement = {
  hostIP: "10.0.0.5",
  hostIPs: ["10.0.0.5", "fd00::5"],
  podIP: "10.244.1.7",
  podIPs: ["10.244.1.7", "fd00:10:244::7"],
};
