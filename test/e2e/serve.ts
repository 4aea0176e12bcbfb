/** Runs the server as `npm start` does, the bundle `npm run build` made, on a fresh temp data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

process.env.WARROOM_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-'));
await import(pathToFileURL(path.resolve('dist/server/main.mjs')).href);
