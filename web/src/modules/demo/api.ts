import { request, type One } from '../../lib/api';

export type DemoWorkspace = { workspaceId: string; created: boolean; mentionsStored: number };

/** Creates (or finds) the signed-in user's demo workspace, seeded with a week of sample mentions. */
export async function createDemoWorkspace(): Promise<DemoWorkspace> {
  return (await request<One<DemoWorkspace>>('/demo-workspace', { method: 'POST', workspaceId: null })).data;
}

export async function fetchIsDemo(workspaceId: string): Promise<boolean> {
  return (await request<One<{ demo: boolean }>>('/demo', { workspaceId })).data.demo;
}
