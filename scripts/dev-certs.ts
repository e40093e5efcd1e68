/**
 * Throw-away certificates for TLS on a local cluster (scripts/cluster --tls, the cluster tests): a CA, a frontend
 * certificate (SANs localhost, 127.0.0.1, `temporal` (docker/) and `frontend.temporal.test`, the name a server-name
 * override checks) and
 * a client certificate for mTLS. Made with openssl at the moment they are needed; never checked in.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_TLS_SERVER_NAME = 'frontend.temporal.test';

export interface DevCertificates {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
}

export function makeDevCertificates(dir: string, days = 30): DevCertificates {
  mkdirSync(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  const out: DevCertificates = {
    caFile: f('ca.pem'),
    serverCertFile: f('frontend.pem'),
    serverKeyFile: f('frontend.key'),
    clientCertFile: f('client.pem'),
    clientKeyFile: f('client.key'),
  };
  if (Object.values(out).every((p) => existsSync(p))) return out;
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    out.caFile,
    '-days',
    String(days),
    '-subj',
    '/CN=integrity-cases dev CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const leaf = (name: string, cn: string, ext: string, cert: string, key: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    ssl('req', ...ec, '-keyout', key, '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      out.caFile,
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      String(days),
      '-extfile',
      f(`${name}.ext`),
    );
  };
  const common = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
  leaf(
    'frontend',
    'localhost',
    `${common}extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,DNS:temporal,DNS:${DEV_TLS_SERVER_NAME},IP:127.0.0.1\n`,
    out.serverCertFile,
    out.serverKeyFile,
  );
  leaf(
    'client',
    'integrity-cases',
    `${common}extendedKeyUsage=clientAuth\nsubjectAltName=DNS:integrity-cases\n`,
    out.clientCertFile,
    out.clientKeyFile,
  );
  return out;
}

// node dist/scripts/dev-certs.js <dir>: e.g. docker/tls for docker-compose.tls.yml.
if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node dist/scripts/dev-certs.js <dir>');
    process.exit(2);
  }
  console.log(JSON.stringify(makeDevCertificates(dir), null, 2));
}
