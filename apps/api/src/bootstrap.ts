import 'reflect-metadata';
import { ConsoleLogger, INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { validationErrorsToDomain } from './common/domain-error.filter';
import { completeDocument, type DocumentOptions } from './common/openapi';
import { hardenHttp } from './common/http-hardening';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@libs/config/src';

/** Builds the HTTP application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(opts: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, {
    logger: opts.logger === false ? false : new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error', 'fatal'] }),
    // Bodies are parsed by hardenHttp: size and nesting depth limited, NUL characters refused (http-hardening.ts).
    bodyParser: false,
  });
  const config = app.get(ConfigService).get<AppConfig>('app')!;
  hardenHttp(app, config);
  setRoutes(app);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      // One 400 naming every failing field, in the one error shape (apps/api/src/common/domain-error.filter.ts).
      exceptionFactory: validationErrorsToDomain,
    }),
  );
  app.enableShutdownHooks();
  const doc = apiDocument(app, { requireIfMatch: config.requireIfMatch, fileTypes: config.files.allowedTypes });
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  return app;
}

function setRoutes(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
    ],
  });
}

/** The served OpenAPI document (`/docs-json`), built from the controllers' metadata and completed (common/openapi.ts). */
export function apiDocument(app: INestApplication, opts: DocumentOptions): OpenAPIObject {
  return completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Research-integrity case management API')
        .setDescription('Cases, deadlines and decisions for research-integrity offices (RULES.md).')
        .setVersion('1')
        .addBearerAuth()
        // The reporter channel (issue 23): the report key as user name, the reporter's password.
        .addBasicAuth(
          { type: 'http', scheme: 'basic', description: 'report key (user name) and the password chosen when filing' },
          'reportKey',
        )
        .build(),
    ),
    opts,
  );
}

/**
 * The document without servers: Nest's preview mode builds the module graph (routes, decorators) but instantiates no
 * provider, so nothing connects to PostgreSQL or Temporal. Used by scripts/generate-client.ts.
 */
export async function buildApiDocumentOffline(opts: DocumentOptions): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  setRoutes(app);
  try {
    return apiDocument(app, opts);
  } finally {
    await app.close();
  }
}
