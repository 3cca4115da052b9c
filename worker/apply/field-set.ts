/**
 * Field paths and field sets of server-side apply (sigs.k8s.io/structured-merge-diff/v4/fieldpath).
 *
 * Hand-written by necessity: no JavaScript library implements structured-merge-diff.
 *
 * A `FieldSet` is a trie of path elements. At each level, `members` are the path elements that are
 * themselves in the set and `children` hold the sets below a path element. The same element may be both
 * (a list item owned as a whole *and* field by field: FieldsV1 writes `{".": {}, "f:image": {}}`).
 */
import { canonicalJson, compareValues, valueToString } from "./json";

export interface KeyField {
  name: string;
  value: unknown;
}

/** One step of a field path: a struct field or map key, a list-map item, a set item, or a list index. */
export type PathElement = { field: string } | { key: KeyField[] } | { value: unknown } | { index: number };

export type Path = PathElement[];

/** The FieldsV1 key of a path element: `f:name`, `k:{"name":"a"}`, `v:"x"`, `i:0`. Also the trie's map key. */
export function serializePathElement(pe: PathElement): string {
  if ("field" in pe) return `f:${pe.field}`;
  if ("key" in pe) return `k:{${pe.key.map((k) => `${canonicalJson(k.name)}:${canonicalJson(k.value)}`).join(",")}}`;
  if ("value" in pe) return `v:${canonicalJson(pe.value)}`;
  return `i:${pe.index}`;
}

function kindRank(pe: PathElement): number {
  return "field" in pe ? 0 : "key" in pe ? 1 : "value" in pe ? 2 : 3;
}

/** upstream PathElement.Compare: fields < keys < values < indexes, then by content. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const r = kindRank(a) - kindRank(b);
  if (r) return Math.sign(r);
  if ("field" in a && "field" in b) return a.field < b.field ? -1 : a.field > b.field ? 1 : 0;
  if ("key" in a && "key" in b) {
    for (let i = 0; i < Math.min(a.key.length, b.key.length); i++) {
      const n = a.key[i].name < b.key[i].name ? -1 : a.key[i].name > b.key[i].name ? 1 : 0;
      const c = n || compareValues(a.key[i].value, b.key[i].value);
      if (c) return c;
    }
    return Math.sign(a.key.length - b.key.length);
  }
  if ("value" in a && "value" in b) return compareValues(a.value, b.value);
  if ("index" in a && "index" in b) return Math.sign(a.index - b.index);
  return 0;
}

/** upstream PathElement.String: `.name`, `[name="a",port=80]`, `[="v"]`, `[0]`. */
export function pathElementToString(pe: PathElement): string {
  if ("field" in pe) return `.${pe.field}`;
  if ("key" in pe) return `[${pe.key.map((k) => `${k.name}=${valueToString(k.value)}`).join(",")}]`;
  if ("value" in pe) return `[=${valueToString(pe.value)}]`;
  return `[${pe.index}]`;
}

/** upstream Path.String, the format of conflict causes: `.spec.template.spec.containers[name="app"].image`. */
export function pathToString(path: Path): string {
  return path.map(pathElementToString).join("");
}

interface Child {
  pe: PathElement;
  set: FieldSet;
}

const byElement = (a: { pe: PathElement }, b: { pe: PathElement }) => comparePathElements(a.pe, b.pe);

export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (mutates; for building). The empty path (the root) is never a member. */
  insert(path: Path): this {
    if (path.length === 0) return this;
    let s: FieldSet = this;
    for (const pe of path.slice(0, -1)) s = s.childOrCreate(pe);
    s.members.set(serializePathElement(path[path.length - 1]), path[path.length - 1]);
    return this;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (const pe of path.slice(0, -1)) {
      s = s.children.get(serializePathElement(pe))?.set;
      if (!s) return false;
    }
    return s.members.has(serializePathElement(path[path.length - 1]));
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(serializePathElement(pe));
  }

  /** The set below `pe` (upstream WithPrefix); empty when there is none. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  isEmpty(): boolean {
    if (this.members.size) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** Members of this level, in upstream order. */
  memberElements(): PathElement[] {
    return [...this.members.values()].sort(comparePathElements);
  }

  /** Non-empty child sets of this level, in upstream order. */
  childEntries(): Array<[PathElement, FieldSet]> {
    return [...this.children.values()]
      .filter((c) => !c.set.isEmpty())
      .sort(byElement)
      .map((c) => [c.pe, c.set]);
  }

  /** Every member path, in upstream Set.Iterate order (a level's members, then its children). */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = this.memberElements().map((pe) => [...prefix, pe]);
    for (const [pe, set] of this.childEntries()) out.push(...set.paths([...prefix, pe]));
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const [k, pe] of other.members) out.members.set(k, pe);
    for (const [k, c] of other.children) {
      const mine = out.children.get(k);
      out.children.set(k, { pe: c.pe, set: mine ? mine.set.union(c.set) : c.set.clone() });
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      if (theirs) out.setChild(k, c.pe, c.set.intersection(theirs.set));
    }
    return out;
  }

  /** Members of `this` not members of `other`, level by level (upstream Difference). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      out.setChild(k, c.pe, theirs ? c.set.difference(theirs.set) : c.set.clone());
    }
    return out;
  }

  /** Like `difference`, but a member of `other` also removes everything below it (upstream RecursiveDifference). */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      if (other.members.has(k)) continue;
      const theirs = other.children.get(k);
      out.setChild(k, c.pe, theirs ? c.set.recursiveDifference(theirs.set) : c.set.clone());
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, c] of this.children) out.setChild(k, c.pe, c.set.clone());
    return out;
  }

  /** Adds `pe` as a member of this level (mutates). */
  insertMember(pe: PathElement): this {
    this.members.set(serializePathElement(pe), pe);
    return this;
  }

  /** Merges `set` below `pe` (mutates). */
  insertChild(pe: PathElement, set: FieldSet): this {
    const k = serializePathElement(pe);
    const mine = this.children.get(k);
    this.setChild(k, pe, mine ? mine.set.union(set) : set.clone());
    return this;
  }

  toString(): string {
    return this.paths().map(pathToString).join("\n");
  }

  private childOrCreate(pe: PathElement): FieldSet {
    const k = serializePathElement(pe);
    let c = this.children.get(k);
    if (!c) {
      c = { pe, set: new FieldSet() };
      this.children.set(k, c);
    }
    return c.set;
  }

  private setChild(k: string, pe: PathElement, set: FieldSet): void {
    if (set.isEmpty()) this.children.delete(k);
    else this.children.set(k, { pe, set });
  }
}
