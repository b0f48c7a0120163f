// HTTP routes of the inbox metrics and the CSAT survey. GET /inbox-metrics reads `reports.read`, like
// the other reports: it compares agents with one another, which is for managers and analysts rather
// than every agent. /csat/{token} is public (the token is the credential) and rate-limited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { dataOf, errorResponses, publicAccess, workspaceAccess } from '../../../server/http.js';
import { answerCsat, CSAT_CHANGE_WINDOW_MS, findCsatSurvey, type CsatSurvey } from '../commands/answer-csat.js';
import { setCsatSurveyBaseUrl } from '../commands/send-csat-survey.js';
import { buildInboxMetrics } from '../metrics/build-inbox-metrics.js';
import { inboxMetricsSchema, metricsDescription, metricsQuery } from '../metrics/schema.js';

const csatParams = z.object({ token: z.string().min(20).max(100) });
const csatAnswerBody = z.object({
  score: z.number().int().min(1).max(5).describe('1 (very unsatisfied) … 5 (very satisfied)'),
  comment: z.string().max(2000).nullish(),
});
const csatSurveySchema = z
  .object({
    workspaceName: z.string(),
    answered: z.boolean(),
    score: z.number().int().nullable(),
    comment: z.string().nullable(),
    canChange: z.boolean().describe('Whether an answer sent now would still be taken (unanswered, or answered less than a day ago)'),
  })
  .meta({ id: 'CsatSurvey' });

const presentSurvey = (survey: CsatSurvey, now = new Date()) => ({
  workspaceName: survey.workspaceName,
  answered: survey.answeredAt !== null,
  score: survey.score,
  comment: survey.comment,
  canChange: survey.answeredAt === null || now.getTime() - survey.answeredAt.getTime() <= CSAT_CHANGE_WINDOW_MS,
});

export const metricsRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  setCsatSurveyBaseUrl(deps.publicUrl);
  const rateLimit = { max: 20, timeWindow: '1 minute' };

  app.get('/inbox-metrics', {
    config: workspaceAccess('reports.read'),
    schema: {
      tags: ['inbox'],
      summary: 'Inbox metrics: first response, response rate, resolution, SLA attainment, CSAT and volumes per agent, team, channel or period',
      description: metricsDescription,
      querystring: metricsQuery,
      response: { 200: dataOf(inboxMetricsSchema), ...errorResponses },
    },
  }, async (request) => {
    const query = request.query;
    return {
      data: await buildInboxMetrics(db, request.workspaceAccess!.workspaceId, {
        from: new Date(query.from),
        to: new Date(query.to),
        groupBy: query.groupBy,
        interval: query.interval,
        timeZone: query.timeZone,
        teamId: query.teamId,
        channel: query.channel,
        businessHours: query.businessHours,
      }),
    };
  });

  app.get('/csat/:token', {
    config: { ...publicAccess, rateLimit },
    schema: { tags: ['inbox'], summary: 'The CSAT survey a link opens (public; the token is in the link sent to the customer)', params: csatParams, response: { 200: dataOf(csatSurveySchema), ...errorResponses } },
  }, async (request) => ({ data: presentSurvey(await findCsatSurvey(db, request.params.token)) }));

  app.post('/csat/:token', {
    config: { ...publicAccess, rateLimit },
    schema: {
      tags: ['inbox'],
      summary: "Answer a CSAT survey (public): a score from 1 to 5 and an optional comment",
      description:
        'Idempotent: the first answer counts, and answering again within 24 hours of it replaces it (a mis-tap on the stars); later answers change nothing and return the stored one with `changed: false`. A survey not answered within 30 days is closed (422 `csat.expired`).',
      params: csatParams,
      body: csatAnswerBody,
      response: { 200: dataOf(csatSurveySchema.extend({ changed: z.boolean() })), ...errorResponses },
    },
  }, async (request) => {
    const survey = await answerCsat(db, request.params.token, { score: request.body.score, comment: request.body.comment ?? null });
    return { data: { ...presentSurvey(survey), changed: survey.changed } };
  });
};
