/**
 * Minimal stand-in for the `reflect-metadata` polyfill, which @peculiar/x509 requires (through tsyringe's
 * import-time check for `Reflect.getMetadata`) but which is not installed. tsyringe only uses
 * `getMetadata`, `getOwnMetadata` and `defineMetadata` on constructors, and @peculiar/x509 emits no
 * `design:*` metadata, so a WeakMap store is enough. If `reflect-metadata` becomes a devDependency, import
 * it instead and delete this file. Installs nothing when a real polyfill is already present.
 */
if (typeof (/** @type {any} */ (Reflect)).getMetadata !== "function") {
  /** @type {WeakMap<object, Map<string | symbol | undefined, Map<unknown, unknown>>>} */
  const store = new WeakMap();
  /** @param {object} target @param {string | symbol | undefined} property @param {boolean} create */
  const table = (target, property, create) => {
    let byProperty = store.get(target);
    if (!byProperty && create) store.set(target, (byProperty = new Map()));
    let entries = byProperty?.get(property);
    if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
    return entries;
  };
  const getOwnMetadata = (/** @type {unknown} */ key, /** @type {object} */ target, /** @type {any} */ property) =>
    table(target, property, false)?.get(key);
  /** @type {(key: unknown, target: object, property?: string | symbol) => unknown} */
  const getMetadata = (key, target, property) => {
    for (let t = target; t; t = Object.getPrototypeOf(t)) {
      const entries = table(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  Object.assign(Reflect, {
    getOwnMetadata,
    getMetadata,
    hasMetadata: (/** @type {unknown} */ k, /** @type {object} */ t, /** @type {any} */ p) => getMetadata(k, t, p) !== undefined,
    defineMetadata: (/** @type {unknown} */ key, /** @type {unknown} */ value, /** @type {object} */ target, /** @type {any} */ property) => {
      table(target, property, true)?.set(key, value);
    },
  });
}
