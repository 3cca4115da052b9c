/**
 * The API as a control loop sees it: reads and writes through the same resource path as any client (RBAC,
 * admission, validation, audit), with the loop's identity. Reads return objects or throw; writes return the
 * response so the loop decides what a conflict or an AlreadyExists means to it.
 */
import type { Registry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import type { UserInfo } from "../../authn/user";
import { internalRequest, type InternalResponse } from "../../internal-client";
import { buildEvent, type EventType } from "./events";
import type { DeferredEvents } from "./deferred-events";
import { newSharedCalls, type SharedCalls } from "../../shared-calls";
import { sharedPokes } from "./wake";

export const MERGE_PATCH = "application/merge-patch+json";
export const STRATEGIC_PATCH = "application/strategic-merge-patch+json";
export const JSON_PATCH = "application/json-patch+json";

/** A read or write a loop could not do (not a 404 on a read): the key is requeued with back-off. */
export class ControllerApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly response: InternalResponse,
  ) {
    super(`${method} ${path}: ${response.status} ${response.body?.message ?? ""}`);
  }
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListResult<T = KubeObject> {
  items: T[];
  resourceVersion: string;
}

export class ControllerApi {
  constructor(
    readonly env: Env,
    readonly registry: Registry,
    readonly user: UserInfo,
    /** `source.component` of the Events this loop records. */
    readonly component: string,
    readonly now: () => Date = () => new Date(),
    /** Where Events wait to be written after the pass (./deferred-events); without it `event` writes at once. */
    private readonly deferredEvents?: DeferredEvents,
  ) {}

  /** The Store round trips this loop's concurrent calls share (one ControllerApi serves one pass). */
  private shared?: SharedCalls;

  private calls(): SharedCalls {
    return (this.shared ??= newSharedCalls(sharedPokes(this.env)));
  }

  request(method: string, path: string, body?: unknown, contentType?: string): Promise<InternalResponse> {
    return internalRequest(this.env, this.registry, this.user, method, path, body, contentType, this.calls());
  }

  /** Nodes this pass saw registered by another agent: its writes of pods bound to them wake no kubelet object. */
  noteNodesWithoutKubelet(nodes: Iterable<string>): void {
    this.calls().nodesWithoutKubelet = new Set(nodes);
  }

  /** The object at `path`, or undefined when it does not exist. */
  async get<T = KubeObject>(path: string): Promise<T | undefined> {
    const res = await this.request("GET", path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new ControllerApiError("GET", path, res);
    return res.body as T;
  }

  async list<T = KubeObject>(path: string, opts: ListOptions = {}): Promise<T[]> {
    return (await this.listWithVersion<T>(path, opts)).items;
  }

  async listWithVersion<T = KubeObject>(path: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    const q = new URLSearchParams();
    if (opts.labelSelector) q.set("labelSelector", opts.labelSelector);
    if (opts.fieldSelector) q.set("fieldSelector", opts.fieldSelector);
    const full = q.size ? `${path}?${q}` : path;
    const res = await this.request("GET", full);
    if (res.status !== 200) throw new ControllerApiError("GET", full, res);
    return { items: (res.body.items ?? []) as T[], resourceVersion: res.body.metadata?.resourceVersion ?? "" };
  }

  create(path: string, obj: unknown): Promise<InternalResponse> {
    return this.request("POST", path, obj);
  }

  update(path: string, obj: unknown): Promise<InternalResponse> {
    return this.request("PUT", path, obj);
  }

  patch(path: string, body: unknown, contentType = MERGE_PATCH): Promise<InternalResponse> {
    return this.request("PATCH", path, body, contentType);
  }

  delete(path: string, opts?: Record<string, unknown>): Promise<InternalResponse> {
    return this.request("DELETE", path, opts === undefined ? undefined : { apiVersion: "v1", kind: "DeleteOptions", ...opts });
  }

  /** Throws unless the write answered 2xx (or one of `accept`, e.g. 404 for a delete of something gone). */
  async expect(res: Promise<InternalResponse>, what: string, accept: number[] = []): Promise<InternalResponse> {
    const r = await res;
    if ((r.status >= 200 && r.status < 300) || accept.includes(r.status)) return r;
    throw new ControllerApiError(what, "", r);
  }

  /**
   * Records an Event about `involved` as upstream's recorder does (core/v1 Event named `<name>.<hex nanos>`,
   * stamped now): written at once, or queued when the host defers Events. A failure to record is logged, never
   * the reconcile's failure.
   */
  async event(involved: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const ev = buildEvent(involved, type, reason, message, this.component, this.now());
    const write = async () => {
      const res = await this.request("POST", `/api/v1/namespaces/${ev.metadata.namespace}/events`, ev);
      if (res.status !== 201) console.error(`event ${reason} for ${involved.metadata?.name} not recorded: ${res.status} ${res.body?.message ?? ""}`);
    };
    if (this.deferredEvents) this.deferredEvents.add(write);
    else await write();
  }
}
