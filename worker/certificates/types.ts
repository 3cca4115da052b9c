/** Names from k8s.io/api/certificates/v1: well-known signers, condition types and key usages. */

export const CERTIFICATES_GROUP = "certificates.k8s.io";
export const CSR_RESOURCE = "certificatesigningrequests";

export const KUBE_APISERVER_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
export const KUBE_APISERVER_CLIENT_KUBELET_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
export const KUBELET_SERVING_SIGNER = "kubernetes.io/kubelet-serving";
/** Only settable through the removed v1beta1 API; v1 refuses it on create. */
export const LEGACY_UNKNOWN_SIGNER = "kubernetes.io/legacy-unknown";

export const APPROVED = "Approved";
export const DENIED = "Denied";
export const FAILED = "Failed";

/** Every KeyUsage value, sorted as upstream's sets.String.List() prints them. */
export const ALL_KEY_USAGES = [
  "any",
  "cert sign",
  "client auth",
  "code signing",
  "content commitment",
  "crl sign",
  "data encipherment",
  "decipher only",
  "digital signature",
  "email protection",
  "encipher only",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "key agreement",
  "key encipherment",
  "microsoft sgc",
  "netscape sgc",
  "ocsp signing",
  "s/mime",
  "server auth",
  "signing",
  "timestamping",
];
