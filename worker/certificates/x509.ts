/**
 * The Worker's one entry to @peculiar/x509 (X.509 and PKCS#10 parsing and certificate generation): the
 * reflect-metadata shim must be evaluated before the library, so every module imports the library from here.
 */
import "./reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(crypto);

export { x509 };
