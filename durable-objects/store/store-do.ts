import { DurableObject } from "cloudflare:workers";
export class StoreDO extends DurableObject {
  ping(): string { return "pong"; }
}
