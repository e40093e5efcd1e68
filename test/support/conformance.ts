/**
 * Every answer checked against the OpenAPI document the API serves (issue 15 point 2): its status is declared for the
 * operation, its content type too, and a JSON body fits the declared schema. Used by the generated client's test
 * (openapi-fetch middleware) and, for every end-to-end suite, by the test stack (an Express middleware in front of the
 * routes, test/support/app.ts), so every state the suites reach is checked, not only what a fuzzer can reach.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { ROOT } from './servers';

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
export type ApiDocument = { paths: Record<string, Record<string, Operation>> };

export function loadDocument(): ApiDocument {
  return JSON.parse(readFileSync(join(ROOT, 'clients', 'typescript', 'openapi.json'), 'utf8')) as ApiDocument;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class Conformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: Array<{ template: string; re: RegExp; literal: number }>;
  readonly problems: string[] = [];
  checked = 0;

  constructor(private readonly doc: ApiDocument = loadDocument()) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc, 'openapi.json');
    // Literal paths win over templated ones (/papers/progress before /papers/{id}).
    this.routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literal: template.replace(/\{[^}]+\}/g, '').length,
      }))
      .sort((a, b) => b.literal - a.literal);
  }

  /** The document's path template for a request path, or undefined. */
  templateOf(path: string): string | undefined {
    return this.routes.find((r) => r.re.test(path))?.template;
  }

  /** Checks one answer; `body` is the parsed JSON (undefined when the answer is not JSON). */
  verify(method: string, template: string, status: number, contentType: string, body: unknown): void {
    const op = this.doc.paths[template]?.[method.toLowerCase()];
    const label = `${method} ${template} → ${status}`;
    if (!op) return; // a method the path does not have: the router's 404, not an answer of the contract
    // A 5xx is no answer of the contract (the suites' own assertions and the contract check's not_a_server_error catch
    // it); its body is still the one error body.
    const declared = op.responses[String(status)];
    if (status >= 500 && !declared) return this.validate(label, 'openapi.json#/components/schemas/ErrorBody', body);
    if (!declared) return void this.problems.push(`${label}: status not documented`);
    const type = contentType.split(';')[0]!.trim();
    if (!declared.content) {
      if (status !== 204 && status !== 304) this.problems.push(`${label}: answer has no documented content`);
      return;
    }
    const media = Object.keys(declared.content).find((m) => m.split(';')[0]!.trim() === type);
    if (!media)
      return void this.problems.push(
        `${label}: content type ${type || '(none)'} not documented (${Object.keys(declared.content).join(', ')})`,
      );
    this.checked++;
    if (type !== 'application/json') return;
    this.validate(
      label,
      `openapi.json#/paths/${escape(template)}/${method.toLowerCase()}/responses/${status}/content/${escape(media)}/schema`,
      body,
    );
  }

  private validate(label: string, pointer: string, body: unknown): void {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.compiled.set(pointer, validate);
    }
    if (!validate(body)) this.problems.push(`${label}: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
  }

  /** For openapi-fetch's `onResponse` (the generated client). */
  async check(method: string, schemaPath: string, response: globalThis.Response): Promise<void> {
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = type.startsWith('application/json') ? await response.clone().json() : undefined;
    this.verify(method, schemaPath, response.status, type, body);
  }

  /**
   * Express middleware for the test stack: checks each answer of the API's documented paths (`/api/v1/…`,
   * `/health`, `/dashboard`) when it is sent. Answers of paths the document does not know (docs, the dashboard's
   * script and style) are left alone.
   */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const path = req.path;
      const template = this.templateOf(path);
      if (!template) return next();
      let body: unknown;
      const json = res.json.bind(res);
      res.json = (b: unknown) => {
        body = b;
        return json(b);
      };
      res.on('finish', () => {
        const type = String(res.getHeader('content-type') ?? '');
        try {
          this.verify(
            req.method,
            template,
            res.statusCode,
            type,
            type.startsWith('application/json') ? JSON.parse(JSON.stringify(body ?? null)) : undefined,
          );
        } catch (err) {
          this.problems.push(`${req.method} ${template}: ${(err as Error).message}`);
        }
      });
      next();
    };
  }
}
