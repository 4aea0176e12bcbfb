/**
 * Ingest requests are refused at several layers (auth, the rate limiter, the body parser's size
 * limit, the payload's validation, no push source configured), most of them before any ingest
 * code runs. Counting by the status each answered with, in one middleware mounted in front of
 * them all, needs nothing from those layers and misses none.
 */
import type { RequestHandler } from 'express';
import type { IngestRefusal, Telemetry } from './telemetry';

/** The reason a status stands for; null when the request was accepted. */
export function refusalOf(status: number): IngestRefusal | null {
  if (status < 400) return null;
  switch (status) {
    case 400:
    case 415:
    case 422:
      return 'validation';
    case 401:
    case 403:
      return 'auth';
    case 404:
      return 'no_source';
    case 413:
      return 'too_large';
    case 429:
      return 'rate_limit';
    default:
      return 'other';
  }
}

/** Mount on the ingest paths before auth, rate limiting and body parsing. Counts POSTs only. */
export function countIngestRefusals(telemetry: Pick<Telemetry, 'ingestRefused'>): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST') {
      res.once('finish', () => {
        const reason = refusalOf(res.statusCode);
        if (reason) telemetry.ingestRefused(reason);
      });
    }
    next();
  };
}
