/**
 * StorageClass lookups of the PV controller: the default class (pkg/volume/util GetDefaultClass), the binding
 * mode of a claim's class (storagehelpers.IsDelayBindingMode). Pure.
 */
import type { KubeObject } from "../../../schema/types";
import { ANN_BETA_DEFAULT_CLASS, ANN_DEFAULT_CLASS } from "./constants";

/** storageutil.IsDefaultAnnotation: the GA or beta is-default-class annotation is "true". */
export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a[ANN_DEFAULT_CLASS] === "true" || a[ANN_BETA_DEFAULT_CLASS] === "true";
}

/** GetDefaultClass: of several default classes the newest wins, then the first by name. */
export function defaultClass(classes: readonly KubeObject[]): KubeObject | undefined {
  const created = (sc: KubeObject) => Date.parse(sc.metadata?.creationTimestamp ?? "") || 0;
  return classes
    .filter(isDefaultClass)
    .sort((a, b) => created(b) - created(a) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)))[0];
}

export const classNamed = (classes: readonly KubeObject[], name: string): KubeObject | undefined =>
  name ? classes.find((c) => c.metadata?.name === name) : undefined;

/** IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. */
export function isDelayBindingClass(sc: KubeObject | undefined): boolean {
  return sc?.volumeBindingMode === "WaitForFirstConsumer";
}
