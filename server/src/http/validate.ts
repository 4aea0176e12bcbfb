/**
 * The one place REST input is validated and authorised: handlers receive parsed, typed data
 * and the request context (actor, request id) only.
 */
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Permission } from '#shared/auth';
import { authorize, type RequestContext } from '../auth/actor';
import { contextOf } from '../auth/http-auth';
import { AppError } from './app-error';

export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.fromZod(result.error, prefix);
  return result.data;
}

type Schemas = {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** What the actor must be allowed; null when the service decides (it depends on the input). */
  permission: Permission | null;
};
type Parsed<S extends Schemas> = {
  [K in Exclude<keyof S, 'permission'>]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

export function route<S extends Schemas>(
  schemas: S,
  handler: (input: Parsed<S>, ctx: RequestContext, res: Response, req: Request) => Promise<unknown> | unknown,
): RequestHandler {
  // Express 5 forwards a rejected promise to the error middleware.
  return async (req: Request, res: Response) => {
    const ctx = contextOf(res);
    if (schemas.permission) authorize(ctx.actor, schemas.permission);
    const input: Record<string, unknown> = {};
    if (schemas.params) input.params = parse(schemas.params, req.params);
    if (schemas.query) input.query = parse(schemas.query, req.query, 'query');
    if (schemas.body) {
      if (req.body === undefined) {
        throw new AppError('bad_request', 'body: expected a JSON body (Content-Type: application/json)', 'body');
      }
      input.body = parse(schemas.body, req.body);
    }
    await handler(input as Parsed<S>, ctx, res, req);
  };
}
