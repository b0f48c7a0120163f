// Builds the Fastify application: plugins, access control, error handling, OpenAPI, health,
// metrics, real-time, the domain routers under /api/v1 and the web app.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '../db/client.js';
import { migrationsApplied } from '../db/migrate.js';
import { webDistFolder } from '../lib/paths.js';
import { accountRoutes } from '../modules/accounts/routes.js';
import { activityRoutes } from '../modules/activities/routes.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { contactRoutes } from '../modules/contacts/routes.js';
import { dealRoutes } from '../modules/deals/routes.js';
import { importRoutes } from '../modules/imports/routes.js';
import { demoRoutes } from '../modules/listening/demo/routes.js';
import { listeningImportRoutes } from '../modules/listening/imports/routes.js';
import { listeningRoutes } from '../modules/listening/routes.js';
import { ListeningPipeline } from '../modules/listening/pipeline/pipeline.js';
import { sourceRoutes } from '../modules/listening/sources/routes.js';
import { genericWebhookRoutes } from '../modules/listening/sources/webhook.js';
import { messagingWebhookRoutes } from '../modules/channels/webhooks/webhook-routes.js';
import { SecretBox } from '../lib/secrets.js';
import { privacyRoutes } from '../modules/privacy/routes.js';
import { workspaceRoutes } from '../modules/workspaces/routes.js';
import { registerAccessControl } from './access.js';
import type { RouteAccess } from './http.js';
import type { Auth } from './auth.js';
import { AppError } from './errors.js';
import { registerIdempotency } from './idempotency.js';
import { registerMetrics } from './metrics.js';
import { RealtimeHub } from './realtime.js';
import { postgresRateLimitStore } from './rate-limit-store.js';
import { inboxRoutes } from '../modules/inbox/routes.js';
import { channelRoutes } from '../modules/channels/channel-routes.js';
import { publicFileRoutes } from '../modules/channels/public-files.js';
import { webchatRoutes } from '../modules/channels/webchat/webchat-routes.js';
import { widgetScriptRoutes } from '../modules/channels/webchat/widget-script.js';
import { realtimeRoutes } from './realtime-routes.js';

export type AppDeps = {
  database: DatabaseHandle;
  databaseUrl: string;
  auth: Auth;
  logger: FastifyBaseLogger;
  publicUrl: string;
  authRateLimit: number;
  trustProxy?: boolean;
  /** threads of the listening pipeline (0 or absent: its work runs on the main thread) */
  listeningThreads?: number;
  /** the process's one listening pipeline, shared with its worker; made here (and closed with the app) when absent */
  pipeline?: ListeningPipeline;
  /** encryption of stored credentials; by default keyed by the auth secret, which is the instance secret */
  secrets?: SecretBox;
};

export type ApiRoutesDeps = Omit<AppDeps, 'pipeline' | 'secrets'> & { hub: RealtimeHub; pipeline: ListeningPipeline; secrets: SecretBox };

export type RouteSummary = { method: string; url: string; access: RouteAccess | undefined; websocket: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
    /** Every route with its declared access: the access tests walk it, so new routes are covered automatically. */
    routeCatalog: RouteSummary[];
  }
}

const errorBody = (code: string, message: string, details: Record<string, unknown> = {}) => ({ error: { code, message, details } });

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const trustedOrigins = (request: FastifyRequest) => {
    const origins = [new URL(deps.publicUrl).origin];
    const host = request.headers.host;
    if (host) origins.push(`http://${host}`, `https://${host}`);
    return origins;
  };

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      if (error.status === 429 && typeof error.details.retryAfterSeconds === 'number') reply.header('retry-after', String(error.details.retryAfterSeconds));
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => ({
        in: error.validationContext ?? 'body',
        path: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || (issue.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') || '',
        message: issue.message ?? 'invalid',
      }));
      return reply.code(400).send(errorBody('request.invalid', `The request is not valid: ${fields.map((f) => `${f.in}${f.path ? `.${f.path}` : ''} ${f.message}`).join('; ')}`, { fields }));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) {
      return reply.code(429).send(errorBody('rate_limited', 'Too many attempts; wait a minute and try again.'));
    }
    if (status && status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      return reply.code(status).send(errorBody('request.malformed', (error as Error).message, { fastifyCode: (error as { code?: string }).code ?? null }));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody('internal', `Something went wrong on our side. Quote request id ${request.id} when reporting it.`, { requestId: request.id }));
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.code(404).send(errorBody('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
    }
    if (existsSync(path.join(webDistFolder, 'index.html'))) return reply.type('text/html').sendFile('index.html', webDistFolder);
    return reply.code(503).type('text/plain').send('The web app has not been built. Run `npm run build` (npm install does it for you) and restart.');
  });

  await app.register(fastifyRateLimit, {
    global: false,
    // Counted in PostgreSQL, so the limit holds across every web process and machine.
    store: postgresRateLimitStore(deps.database.pool),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new AppError('rate_limited', 429, `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s.`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }), { statusCode: 429 }),
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Parley API', version: '1', description: 'The HTTP API of Parley, the open-source social CRM. Authenticate with the session cookie or `Authorization: Bearer <workspace API key>`; choose the workspace with the `X-Parley-Workspace` header (API keys imply theirs).' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A workspace API key (prly_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'parley.session_token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const routeCatalog: RouteSummary[] = [];
  app.decorate('routeCatalog', routeCatalog);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeCatalog.push({ method, url: route.url, access: route.config?.access, websocket: Boolean((route as { websocket?: boolean }).websocket) });
    }
  });

  registerAccessControl(app, { db: deps.database.db, auth: deps.auth, trustedOrigins });
  registerIdempotency(app, deps.database.db);
  registerMetrics(app);

  const hub = new RealtimeHub(deps.databaseUrl, app.log);
  app.decorate('realtime', hub);
  app.addHook('onReady', async () => hub.start());
  app.addHook('onClose', async () => hub.stop());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.database.pool.query('SELECT 1');
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: false, migrations: false });
    }
    const migrations = await migrationsApplied(deps.database.pool);
    return reply.code(migrations ? 200 : 503).send({ status: migrations ? 'ready' : 'migrating', database: true, migrations });
  });

  // One listening pipeline per process: it holds each workspace's matcher and bounds posts in flight.
  let pipeline = deps.pipeline;
  if (!pipeline) {
    const own = new ListeningPipeline(deps.database.db, { threads: deps.listeningThreads ?? 0 });
    app.addHook('onClose', async () => own.close());
    pipeline = own;
  }
  const secrets = deps.secrets ?? new SecretBox(deps.auth.options.secret!);
  const routeDeps: ApiRoutesDeps = { ...deps, hub, pipeline, secrets };
  await app.register(
    async (api) => {
      await api.register(accountRoutes, routeDeps);
      await api.register(workspaceRoutes, routeDeps);
      await api.register(contactRoutes, routeDeps);
      await api.register(dealRoutes, routeDeps);
      await api.register(importRoutes, routeDeps);
      await api.register(listeningRoutes, routeDeps);
      await api.register(sourceRoutes, routeDeps);
      await api.register(listeningImportRoutes, routeDeps);
      await api.register(demoRoutes, routeDeps);
      await api.register(privacyRoutes, routeDeps);
      await api.register(activityRoutes, routeDeps);
      await api.register(auditRoutes, routeDeps);
      await api.register(realtimeRoutes, routeDeps);
      await api.register(inboxRoutes, routeDeps);
      await api.register(channelRoutes, routeDeps);
      await api.register(webchatRoutes, routeDeps);
      await api.register(publicFileRoutes, routeDeps);
    },
    { prefix: '/api/v1' },
  );
  // Public, signed webhooks: outside /api/v1, no session, raw bodies.
  await app.register(genericWebhookRoutes, routeDeps);
  await app.register(messagingWebhookRoutes, routeDeps);
  // The web chat widget, loaded by customers' sites.
  await app.register(widgetScriptRoutes);

  if (existsSync(webDistFolder)) {
    // wildcard: files are looked up per request (a rebuilt web app is served without a restart);
    // paths that are not files fall through to the not-found handler, which serves the SPA.
    await app.register(fastifyStatic, { root: webDistFolder, wildcard: true, index: false, maxAge: '1h' });
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').sendFile('index.html', webDistFolder, { maxAge: 0 }));
  }
  return app;
}
