import { resolve } from 'node:path';

/**
 * Where the build puts the browser front-ends the API serves: dist/public/<app>/ (scripts/build-web.ts; this file runs
 * as dist/apps/api/src/public-dir.js). Their sources are web/<app>/.
 */
export const PUBLIC_BUILD_DIR = resolve(__dirname, '../../../public');
