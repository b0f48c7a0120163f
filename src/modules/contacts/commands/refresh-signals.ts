// Recomputes a contact's reach, engagement and influence from its identities and recent timeline.
import type { Executor } from '../../../db/client.js';
import { engagementScore, influenceScore } from '../signals.js';
import { signalInputs, updateContactRow } from '../repository.js';

export async function refreshSignals(tx: Executor, workspaceId: string, contactId: string): Promise<void> {
  const inputs = await signalInputs(tx, workspaceId, contactId);
  const engagement = engagementScore(inputs.recent);
  await updateContactRow(tx, workspaceId, contactId, {
    followersTotal: inputs.followersTotal,
    engagementScore: engagement,
    influenceScore: influenceScore({ followersTotal: inputs.followersTotal, engagement, verified: inputs.verified, networks: inputs.networks }),
  });
}
