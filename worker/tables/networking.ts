/** networking.k8s.io/v1 Ingress, IngressClass and NetworkPolicy tables: upstream printIngress, printIngressClass, printNetworkPolicy. */
import { loadBalancerStatusString } from "./core-service";
import { arr, ageOf, formatLabelSelector, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/**
 * formatHosts: the first 3 non-empty rule hosts joined by ","; "*" when none; once a 4th rule is reached,
 * " + N more..." with N = rules − 3 (upstream counts rules, not hosts).
 */
export function ingressHosts(rules: unknown): string {
  const list: string[] = [];
  const all = arr(rules);
  const max = 3;
  let more = false;
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule?.host) list.push(str(rule.host));
  }
  if (list.length === 0) return "*";
  const joined = list.join(",");
  return more ? `${joined} + ${all.length - max} more...` : joined;
}

export const INGRESS_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Class", "string", "The name of the IngressClass resource that should be used for additional configuration"),
    column("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
    column("Address", "string", "Address is a list containing ingress points for the load-balancer"),
    column("Ports", "string", "Ports of TLS configurations that open"),
    AGE_COLUMN,
  ],
  cells: (ing, now) => [
    nameOf(ing),
    ing.spec?.ingressClassName == null ? "<none>" : str(ing.spec.ingressClassName),
    ingressHosts(ing.spec?.rules),
    loadBalancerStatusString(ing.status?.loadBalancer),
    arr(ing.spec?.tls).length > 0 ? "80, 443" : "80",
    ageOf(ing, now),
  ],
};

/** Parameters: "Kind[.apiGroup]/name", "<none>" without parameters. */
function ingressClassParameters(p: KubeObject | undefined): string {
  if (!p) return "<none>";
  const kind = p.apiGroup == null ? str(p.kind) : `${str(p.kind)}.${str(p.apiGroup)}`;
  return `${kind}/${str(p.name)}`;
}

export const INGRESS_CLASS_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Controller", "string", "Controller that is responsible for handling this class"),
    column("Parameters", "string", "A reference to a resource with additional parameters"),
    AGE_COLUMN,
  ],
  cells: (ic, now) => [nameOf(ic), str(ic.spec?.controller), ingressClassParameters(ic.spec?.parameters ?? undefined), ageOf(ic, now)],
};

export const NETWORK_POLICY_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies."),
    AGE_COLUMN,
  ],
  // spec.podSelector is a value, not a pointer, upstream: absent means empty, which prints "<none>".
  cells: (np, now) => [nameOf(np), formatLabelSelector(np.spec?.podSelector ?? {}), ageOf(np, now)],
};
