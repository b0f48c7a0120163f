// GET /widget.js: the embeddable widget, built from web/widget into web/dist/widget.js. Customers'
// sites load it with one script tag, so it is served to any origin, briefly cached and revalidated
// by its ETag (a new version reaches every site within minutes).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { webDistFolder } from '../../../lib/paths.js';

export const widgetScriptPath = path.join(webDistFolder, 'widget.js');

export const widgetScriptRoutes: FastifyPluginAsync = async (app) => {
  let cached: { mtimeMs: number; body: Buffer; etag: string } | null = null;

  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    const info = await stat(widgetScriptPath).catch(() => null);
    if (!info) {
      return reply.code(503).type('application/javascript').header('cache-control', 'no-store').send('/* The Parley widget has not been built: run `npm run build:web`. */\n');
    }
    if (!cached || cached.mtimeMs !== info.mtimeMs) {
      const body = await readFile(widgetScriptPath);
      cached = { mtimeMs: info.mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    reply.header('cache-control', 'public, max-age=300, stale-while-revalidate=86400').header('etag', cached.etag);
    if (request.headers['if-none-match'] === cached.etag) return reply.code(304).send();
    return reply.type('application/javascript; charset=utf-8').send(cached.body);
  });
};
