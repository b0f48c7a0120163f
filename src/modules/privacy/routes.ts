// Personal-data requests (GDPR): a contact's data as one JSON document, and its erasure.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { commandContext, dataOf, errorResponses, idParams, workspaceAccess } from '../../server/http.js';
import { eraseContact } from './commands/erase-contact.js';
import { exportPersonalData } from './commands/export-personal-data.js';
import * as s from './schema.js';

const tags = { tags: ['privacy'] };

export const privacyRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get('/contacts/:id/personal-data', {
    config: workspaceAccess('contacts.export'),
    schema: { ...tags, summary: 'Everything held about a contact and the contacts merged into it (GDPR access request)', params: idParams, response: { 200: dataOf(s.personalDataSchema), ...errorResponses } },
  }, async (request) => ({ data: await exportPersonalData(commandContext(db, request), request.params.id) }));

  app.post('/contacts/:id/erase', {
    config: workspaceAccess('contacts.erase'),
    schema: {
      ...tags,
      summary: 'Erase a contact, the contacts merged into it and what identifies them; deals stay, unlinked (GDPR erasure)',
      params: idParams,
      body: s.eraseRequestSchema,
      response: { 200: dataOf(s.erasureSchema), ...errorResponses },
    },
  }, async (request) => ({ data: await eraseContact(commandContext(db, request), request.params.id) }));
};
