/** Wires the real dependencies and listens. Everything else is in app.ts. */
import { createServer } from './app';
import { loadConfig, loadFeedsConfig } from './config';
import { createLogger } from './logger';
import { startMetricsListener } from './observability/metrics.routes';
import { createTelemetry } from './observability/telemetry';
import { openSqliteStore } from './store/sqlite/sqlite-store';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const telemetry = createTelemetry();
  const store = openSqliteStore(config.dataDir, { onCommit: telemetry.storeCommitted });
  const server = await createServer({ config, store, logger, telemetry });
  const port = await server.listen(config.port);
  const sources = config.feeds.spec.sources.map((s) => `${s.id} (${s.type})`);
  logger.info({ dataDir: config.dataDir, config: config.feeds.file ?? 'built-in defaults', sources }, `Warroom listening on http://${config.host}:${port}`);
  if (server.adminLink) {
    // Printed once, on the first start: the secret is stored only hashed, so this is its one showing.
    console.log(`\nNo WARROOM_ADMIN_TOKEN set: created the first admin token. Open this link to sign in (shown once):\n\n  ${server.adminLink}\n`);
  }
  const metrics = config.metricsListener ? await startMetricsListener({ ...config.metricsListener, telemetry }) : null;
  if (metrics) logger.info(`Prometheus metrics on http://${config.metricsListener!.host}:${metrics.port}/metrics`);

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

  // Browsers are told "restarting", writes in flight commit and answer, then every connection closes.
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close();
    await metrics?.close();
    await store.close();
    logger.info('stopped');
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
