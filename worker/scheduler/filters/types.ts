/**
 * The shapes every scheduler filter shares: the NodeInfo it reads (defined in ../common) and the outcome of
 * one Filter call (framework.Status with codes Success / Unschedulable / UnschedulableAndUnresolvable) as a value.
 */
import type { KubeObject } from "../../../schema/types";
import type { NodeInfo } from "../common/node-info";

export type { NodeInfo };

/**
 * A filter's verdict. `reasons` are upstream's Status reasons verbatim (they become the FailedScheduling
 * message); `unresolvable` is UnschedulableAndUnresolvable: preempting pods on this node cannot help.
 */
export type FilterResult = { ok: true } | { ok: false; reasons: string[]; unresolvable?: boolean };

/** framework.FilterPlugin.Filter as a pure function. */
export type FilterFn = (pod: KubeObject, nodeInfo: NodeInfo) => FilterResult;

export const FIT: FilterResult = Object.freeze({ ok: true });

/** framework.NewStatus(Unschedulable, reasons...). */
export const unschedulable = (...reasons: string[]): FilterResult => ({ ok: false, reasons });

/** framework.NewStatus(UnschedulableAndUnresolvable, reasons...). */
export const unresolvable = (...reasons: string[]): FilterResult => ({ ok: false, reasons, unresolvable: true });
