import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { pickLang } from '@rp/contract/i18n/messages';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Config } from './config';
import type { Database } from './db/client';
import { registerAccountRoutes } from './domains/accounts/accounts.routes';
import { registerAuditRoutes } from './domains/audit/audit.routes';
import { registerDisclosureRoutes } from './domains/disclosure/disclosure.routes';
import { registerGovernanceRoutes } from './domains/governance/governance.routes';
import { registerIssueRoutes } from './domains/issues/issues.routes';
import { registerRegistryRoutes } from './domains/registry/registry.routes';
import { registerSystemRoutes } from './domains/system/system.routes';
import { authPlugin } from './platform/auth';
import type { Deps } from './platform/deps';
import { installErrorHandling, problem, RequestValidationError } from './platform/errors';
import { securityHeaders, setSecurityHeaders } from './platform/security-headers';

export interface BuildOptions {
  database: Database;
  config: Config;
  now?: () => Date;
  logger?: boolean | object;
}

/** Builds the Fastify app from its plugins and domains; does not listen. */
export async function buildApp(opts: BuildOptions) {
  const now = opts.now ?? (() => new Date());
  const app = Fastify({
    logger: opts.logger ?? false,
    // One line per request is noise at info level; LOG_LEVEL=debug brings it back.
    disableRequestLogging: process.env.LOG_LEVEL !== 'debug' && process.env.LOG_LEVEL !== 'trace',
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    ajv: undefined,
    // Answers Fastify gives before routing (a malformed URL, a failed route constraint): problem+json with the same
    // security headers, like every other answer.
    frameworkErrors: (_err, req, reply) => {
      setSecurityHeaders(reply, req.url ?? '');
      return problem(reply, pickLang(req.headers['accept-language']), 400, 'err.validation', []);
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Validation keeps Zod's raw issues so the error handler can word them in the caller's language.
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const r = (schema as z.ZodType).safeParse(data);
    if (r.success) return { value: r.data };
    return { error: new RequestValidationError(r.error.issues, httpPart ?? 'body') };
  });
  app.setSerializerCompiler(serializerCompiler);

  await installErrorHandling(app);
  securityHeaders(app);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: opts.config.uploadMaxBytes, files: 10 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Red Property (红色物业) API', version: '1.0.0', description: 'HTTP API contract v1' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'rp_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const deps: Deps = { db: opts.database.db, database: opts.database, now, config: opts.config };
  await app.register(authPlugin, { db: deps.db, now });

  app.get('/api/health', { schema: { hide: false, tags: ['system'] } }, async () => ({
    status: 'ok',
    db: opts.database.kind,
  }));

  await app.register(async (api) => {
    const typed = api.withTypeProvider<ZodTypeProvider>();
    registerAccountRoutes(typed, deps);
    registerRegistryRoutes(typed, deps);
    registerAuditRoutes(typed, deps);
    registerIssueRoutes(typed, deps);
    registerDisclosureRoutes(typed, deps);
    registerSystemRoutes(typed, deps);
    registerGovernanceRoutes(typed, deps);
  });

  // The built web app: static files, and index.html for client-side routes.
  if (existsSync(opts.config.webDist)) {
    await app.register(fastifyStatic, { root: opts.config.webDist, wildcard: false, index: false });
    const spa = (_req: unknown, reply: { sendFile: (f: string) => unknown }) => reply.sendFile('index.html');
    app.get('/', spa as never);
    app.get('/*', (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      const file = req.url.split('?')[0].slice(1);
      if (file && existsSync(`${opts.config.webDist}/${file}`) && !file.includes('..')) return reply.sendFile(file);
      return reply.sendFile('index.html');
    });
  }

  return app;
}
