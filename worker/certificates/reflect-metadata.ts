/**
 * Minimal stand-in for the `reflect-metadata` polyfill, which @peculiar/x509 needs at import time (tsyringe
 * checks for `Reflect.getMetadata`) but which is not a dependency. tsyringe only reads and writes metadata on
 * constructors and @peculiar/x509 emits no `design:*` metadata, so a WeakMap store is enough (the same shim
 * as scripts/lib/reflect-metadata-shim.mjs). Installs nothing when a real polyfill is present.
 */
type Table = Map<unknown, unknown>;
type ReflectWithMetadata = typeof Reflect & { getMetadata?: unknown };

if (typeof (Reflect as ReflectWithMetadata).getMetadata !== "function") {
  const store = new WeakMap<object, Map<string | symbol | undefined, Table>>();
  const table = (target: object, property: string | symbol | undefined, create: boolean): Table | undefined => {
    let byProperty = store.get(target);
    if (!byProperty && create) store.set(target, (byProperty = new Map()));
    let entries = byProperty?.get(property);
    if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
    return entries;
  };
  const getMetadata = (key: unknown, target: object, property?: string | symbol): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const entries = table(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  Object.assign(Reflect, {
    getMetadata,
    getOwnMetadata: (key: unknown, target: object, property?: string | symbol) => table(target, property, false)?.get(key),
    hasMetadata: (key: unknown, target: object, property?: string | symbol) => getMetadata(key, target, property) !== undefined,
    defineMetadata: (key: unknown, value: unknown, target: object, property?: string | symbol) => {
      table(target, property, true)?.set(key, value);
    },
  });
}

export {};
