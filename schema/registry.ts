/** The cluster's resource registry: every served group/version, in discovery order. */
import { Registry } from "./registry-core";
import type { GroupVersionDef } from "./types";

export const GROUP_VERSIONS: GroupVersionDef[] = [];

export const registry = new Registry(GROUP_VERSIONS);
