// The public CSAT survey (GET/POST /csat/{token}): no session, the token in the link is the credential.
import { request, type One } from '../../lib/api';

export type CsatSurvey = { workspaceName: string; answered: boolean; score: number | null; comment: string | null; canChange: boolean };

export async function fetchCsatSurvey(token: string): Promise<CsatSurvey> {
  return (await request<One<CsatSurvey>>(`/csat/${encodeURIComponent(token)}`, { workspaceId: null })).data;
}

export async function answerCsatSurvey(token: string, answer: { score: number; comment: string }): Promise<CsatSurvey & { changed: boolean }> {
  return (await request<One<CsatSurvey & { changed: boolean }>>(`/csat/${encodeURIComponent(token)}`, { method: 'POST', body: answer, workspaceId: null })).data;
}
