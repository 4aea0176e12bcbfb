import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Router } from 'express';

/**
 * Serves the built SPA: compressed (the JS is a third of its size gzipped: the first load of a
 * wall screen on a hotel network), hashed assets cached forever, index.html never, deep links
 * to index.html.
 */
export function spaRouter(clientDir: string): Router {
  const router = express.Router();
  router.use(compression());
  const index = path.join(clientDir, 'index.html');
  router.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
  router.use(express.static(clientDir, { index: false }));
  router.get('/{*path}', (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text').send('The web app is not built: run `npm run build` (npm start does it).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
