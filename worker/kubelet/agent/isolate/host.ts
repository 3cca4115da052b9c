/** What the isolate runtime's actions need from the kubelet around them (built per pod pass by isolate-sync.ts). */
import type { KubeObject } from "../../../../schema/types";
import type { ControllerApi } from "../../../controllers/framework/api";
import type { Env } from "../../../env";
import type { PullSecret } from "../../../images/pull";
import type { LogChunk } from "../../isolate";
import type { KubeletConfig } from "../config";
import type { Instance } from "./instances";
import type { NodeImage } from "./node-images";

export interface IsolateHost {
  env: Env;
  api: ControllerApi;
  config: KubeletConfig;
  /** The kubelet object's `ctx.exports` (the pod network entrypoint). */
  exports: unknown;
  podKey: string;
  podIP?: string;
  pullSecrets(pod: KubeObject): Promise<PullSecret[]>;
  image(image: string): NodeImage | undefined;
  rememberImage(image: string, value: NodeImage): void;
  appendLogs(instance: Instance, chunk: LogChunk | undefined): void;
  /** Sync this pod again soon (a run entry ended). */
  resync(): void;
  waitUntil(p: Promise<unknown>): void;
}
