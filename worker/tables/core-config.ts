/** core/v1 ConfigMap, Secret and ServiceAccount tables: upstream printConfigMap, printSecret, printServiceAccount. */
import { arr, ageOf, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type TableDef } from "./types";

function keys(m: unknown): string[] {
  return m && typeof m === "object" ? Object.keys(m) : [];
}

export const CONFIG_MAP_TABLE: TableDef = {
  columns: [NAME_COLUMN, column("Data", "string", "Data contains the configuration data."), AGE_COLUMN],
  // len(Data) + len(BinaryData).
  cells: (cm, now) => [nameOf(cm), keys(cm.data).length + keys(cm.binaryData).length, ageOf(cm, now)],
};

export const SECRET_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Type", "string", "Used to facilitate programmatic handling of secret data."),
    column("Data", "string", "Data contains the secret data."),
    AGE_COLUMN,
  ],
  cells(secret, now) {
    // Upstream merges stringData into data when decoding, so a write-only stringData key counts too.
    const dataKeys = new Set([...keys(secret.data), ...keys(secret.stringData)]);
    return [nameOf(secret), str(secret.type) || "Opaque", dataKeys.size, ageOf(secret, now)];
  },
};

export const SERVICE_ACCOUNT_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Secrets", "string", "Secrets pods running as this ServiceAccount may use."),
    AGE_COLUMN,
  ],
  cells: (sa, now) => [nameOf(sa), arr(sa.secrets).length, ageOf(sa, now)],
};
