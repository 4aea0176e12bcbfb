/** Wires the real dependencies and listens. Everything else is in app.ts. */
import { createServer } from './app';
import { loadConfig, loadFeedsConfig } from './config';
import { createLogger } from './logger';
import { openSqliteStore } from './store/sqlite/sqlite-store';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = openSqliteStore(config.dataDir);
  const server = await createServer({ config, store, logger });
  const port = await server.listen(config.port);
  const sources = config.feeds.spec.sources.map((s) => `${s.id} (${s.type})`);
  logger.info({ dataDir: config.dataDir, config: config.feeds.file ?? 'built-in defaults', sources }, `Warroom listening on http://${config.host}:${port}`);

  // SIGHUP reads the config file again. A bad file changes nothing: the running config stays.
  process.on('SIGHUP', () => {
    try {
      const feeds = loadFeedsConfig();
      server.reload(feeds);
      logger.info({ config: feeds.file ?? 'built-in defaults' }, 'config reloaded');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      server.feeds.reloadFailed(message);
      logger.error(`config reload failed, keeping the running config: ${message}`);
    }
  });

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // A bad config file says which file, key and line: that sentence is all a person needs.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
