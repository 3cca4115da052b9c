/**
 * The store as seen by one API version. Most resources use their shard directly; a kind stored as another
 * API's objects (events.k8s.io/v1 Events are core/v1 Events in storage) goes through `ConvertingStore`,
 * which converts values on every read and write and field selectors on lists.
 */
import type {
  EncodedObject,
  GetResult,
  ListOptions,
  ListResult,
  StoreEvent,
  StoreFailure,
  WatchOptions,
  WatchResult,
  WriteResult,
} from "../durable-objects/store/types";
import type { KubeObject, StorageConversion } from "../schema/types";
import { LineDecoder } from "./handlers/watch-events";

export interface ResourceStore {
  get(key: string): Promise<GetResult>;
  create(key: string, obj: EncodedObject): Promise<WriteResult>;
  update(key: string, obj: EncodedObject, expectedRevision: number): Promise<WriteResult>;
  delete(key: string, expectedRevision?: number): Promise<WriteResult>;
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  watch(prefix: string, after: number, opts?: WatchOptions): Promise<WatchResult>;
  revision(): Promise<number>;
}

export class ConvertingStore implements ResourceStore {
  constructor(
    private readonly inner: ResourceStore,
    private readonly conversion: StorageConversion,
  ) {}

  async get(key: string): Promise<GetResult> {
    return this.out(await this.inner.get(key));
  }

  async create(key: string, obj: EncodedObject): Promise<WriteResult> {
    return this.out(await this.inner.create(key, this.in(obj)));
  }

  async update(key: string, obj: EncodedObject, expectedRevision: number): Promise<WriteResult> {
    return this.out(await this.inner.update(key, this.in(obj), expectedRevision));
  }

  async delete(key: string, expectedRevision?: number): Promise<WriteResult> {
    return this.out(await this.inner.delete(key, expectedRevision));
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const fields = opts.filter?.fields?.map((f) => ({ ...f, field: this.conversion.fieldToStorage(f.field) }));
    const filter = opts.filter ? { ...opts.filter, ...(fields ? { fields } : {}) } : undefined;
    const res = await this.inner.list(prefix, { ...opts, filter });
    if (!res.ok) return res;
    return { ...res, items: res.items.map((t) => this.text(t)) };
  }

  async watch(prefix: string, after: number, opts?: WatchOptions): Promise<WatchResult> {
    const res = await this.inner.watch(prefix, after, opts);
    if (!res.ok) return res;
    const convert = (o: KubeObject | null | undefined) => (o ? this.conversion.fromStorage(o) : o);
    const lines = new LineDecoder();
    const encoder = new TextEncoder();
    const stream = res.stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          let out = "";
          for (const ev of lines.push(chunk) as StoreEvent[]) {
            if (ev.object) ev.object = convert(ev.object)!;
            if (ev.prev) ev.prev = convert(ev.prev);
            out += JSON.stringify(ev) + "\n";
          }
          if (out) controller.enqueue(encoder.encode(out));
        },
      }),
    );
    return { ok: true, stream };
  }

  revision(): Promise<number> {
    return this.inner.revision();
  }

  private text(stored: string): string {
    return JSON.stringify(this.conversion.fromStorage(JSON.parse(stored)));
  }

  private in(obj: EncodedObject): EncodedObject {
    return { json: JSON.stringify(this.conversion.toStorage(JSON.parse(obj.json))), placeholder: obj.placeholder };
  }

  private out<T extends GetResult | WriteResult>(res: T): T {
    if (res.ok) return { ...res, value: this.text(res.value) };
    const failure = res as StoreFailure;
    if (failure.reason === "exists" || failure.reason === "conflict") return { ...failure, current: this.text(failure.current) } as T;
    return res;
  }
}
