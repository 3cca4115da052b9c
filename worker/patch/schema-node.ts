/**
 * A walkable view of a kind's JSON Schema (produced by `z.toJSONSchema` from schema/*), used by strategic
 * merge patch and server-side apply to find list merge keys, list types and map types.
 *
 * `undefined` anywhere means "no schema here": callers then treat maps as plain maps and lists as atomic
 * (what upstream does for unknown parts, e.g. CRDs without a structural schema).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface ListInfo {
  /** `x-kubernetes-patch-merge-key` */
  mergeKey?: string;
  /** `x-kubernetes-patch-strategy`, split on commas: "merge", "retainKeys", "replace" */
  strategies: string[];
  /** `x-kubernetes-list-type`: "atomic" | "set" | "map" */
  listType?: string;
  /** `x-kubernetes-list-map-keys` */
  mapKeys?: string[];
}

export class SchemaNode {
  constructor(
    private readonly node: Json,
    private readonly defs: Json,
  ) {}

  /** Wraps a root JSON Schema (with `$defs`). */
  static fromJsonSchema(root: Json): SchemaNode {
    return new SchemaNode(root, root.$defs ?? root.definitions ?? {});
  }

  /** The resolved raw JSON Schema of this node ($ref followed, `anyOf [X, null]` unwrapped). */
  get raw(): Json {
    return this.resolve(this.node);
  }

  /** The schema of property `name` of an object node, or of the values of a map node. */
  field(name: string): SchemaNode | undefined {
    const n = this.raw;
    const p = n.properties && Object.hasOwn(n.properties, name) ? n.properties[name] : undefined;
    if (p) return new SchemaNode(p, this.defs);
    if (n.additionalProperties && typeof n.additionalProperties === "object") {
      return new SchemaNode(n.additionalProperties, this.defs);
    }
    return undefined;
  }

  /** The schema of the items of a list node. */
  items(): SchemaNode | undefined {
    const n = this.raw;
    return n.items ? new SchemaNode(n.items, this.defs) : undefined;
  }

  get type(): string | undefined {
    const t = this.raw.type;
    return Array.isArray(t) ? t.find((x: string) => x !== "null") : t;
  }

  /** Patch metadata of a list node (merged from the property and the resolved array schema). */
  listInfo(): ListInfo {
    const a = this.merged();
    const strategy: string | undefined = a["x-kubernetes-patch-strategy"];
    return {
      mergeKey: a["x-kubernetes-patch-merge-key"],
      strategies: strategy ? strategy.split(",").map((s) => s.trim()) : [],
      listType: a["x-kubernetes-list-type"],
      mapKeys: a["x-kubernetes-list-map-keys"],
    };
  }

  /** `x-kubernetes-map-type` ("atomic" | "granular") of an object/map node. */
  mapType(): string | undefined {
    return this.merged()["x-kubernetes-map-type"];
  }

  /** `x-kubernetes-patch-strategy` of an object node (e.g. "retainKeys"). */
  strategies(): string[] {
    const s: string | undefined = this.merged()["x-kubernetes-patch-strategy"];
    return s ? s.split(",").map((x) => x.trim()) : [];
  }

  /** Extension keys may sit on the wrapper (property with anyOf/$ref) or on the resolved schema. */
  private merged(): Json {
    const out: Json = {};
    let n: Json | undefined = this.node;
    for (let i = 0; n && i < 8; i++) {
      for (const [k, v] of Object.entries(n)) if (k.startsWith("x-") && !(k in out)) out[k] = v;
      n = this.step(n);
    }
    return out;
  }

  private resolve(n: Json): Json {
    for (let i = 0; i < 8; i++) {
      const next = this.step(n);
      if (!next) return n;
      n = next;
    }
    return n;
  }

  private step(n: Json): Json | undefined {
    if (typeof n.$ref === "string") return this.defs[n.$ref.replace(/^#\/(\$defs|definitions|components\/schemas)\//, "")];
    const alts: Json[] | undefined = n.anyOf ?? n.oneOf;
    if (alts) {
      const nonNull = alts.filter((a) => a.type !== "null");
      if (nonNull.length === 1) return nonNull[0];
      // Unions such as IntOrString: pick the first object-like alternative, if any.
      const objectLike = nonNull.find((a) => a.type === "object" || a.type === "array" || a.$ref);
      return objectLike;
    }
    return undefined;
  }
}
