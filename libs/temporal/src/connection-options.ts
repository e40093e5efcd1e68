/**
 * The options every Temporal connection of the product is opened with (the API's client, the worker's
 * NativeConnection, scripts, benchmarks, tests): address, TLS (CA, mTLS pair, server name) and the API key, from the
 * validated TemporalConfig. Framework-free. The shape fits both `Connection.connect` and `NativeConnection.connect`.
 */
import { readFileSync } from 'node:fs';
import type { TemporalConfig } from '@libs/config/src/config';

export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

export function temporalConnectionOptions(t: Pick<TemporalConfig, 'address' | 'tls' | 'apiKey'>): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: t.address };
  if (t.tls) {
    options.tls = {
      ...(t.tls.serverName ? { serverNameOverride: t.tls.serverName } : {}),
      ...(t.tls.caFile ? { serverRootCACertificate: readFileSync(t.tls.caFile) } : {}),
      ...(t.tls.certFile && t.tls.keyFile
        ? { clientCertPair: { crt: readFileSync(t.tls.certFile), key: readFileSync(t.tls.keyFile) } }
        : {}),
    };
  }
  if (t.apiKey) options.apiKey = t.apiKey;
  return options;
}
