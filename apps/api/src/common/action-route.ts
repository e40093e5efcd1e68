/**
 * The one HTTP route of the actions of cases, problem papers and leads (`POST /<cases|papers|leads>/:id/actions/:action`):
 * each controller declares it with `@ActionRoute()`, reads the call with `@Call()` and hands it to its service, which
 * takes it through the `ActionPipeline` (workflow-action.ts). Every action is documented as an operation of its own
 * (openapi.ts), so the generic route is hidden from the document.
 */
import { applyDecorators, createParamDecorator, ExecutionContext, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { etagOf } from './workflow-action';

/** An action as its route receives it: the action's name, its body and the two headers the pipeline checks. */
export interface ActionCall {
  action: string;
  body: unknown;
  ifMatch?: string;
  idempotencyKey?: string;
}

/** `POST :id/actions/:action`, answering 200, hidden from the document (each action has its own operation there). */
export function ActionRoute(): MethodDecorator {
  return applyDecorators(Post(':id/actions/:action'), HttpCode(200), ApiExcludeEndpoint());
}

/** The action call of the request: `:action`, the body, `If-Match` and `Idempotency-Key`, as the request carries them. */
export const Call = createParamDecorator((_: unknown, ctx: ExecutionContext): ActionCall => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return {
    action: req.params.action as string,
    body: req.body as unknown,
    ifMatch: req.headers['if-match'] as string | undefined,
    idempotencyKey: req.headers['idempotency-key'] as string | undefined,
  };
});

/** Answers with the case, paper or lead as `view` gives it, its version in `ETag` (what the next `If-Match` sends). */
export async function withETag<V extends { version: number }>(res: Response, view: Promise<V>): Promise<V> {
  const v = await view;
  res.setHeader('ETag', etagOf(v.version));
  return v;
}
