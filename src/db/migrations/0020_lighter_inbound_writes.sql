-- Fewer writes per inbound message (npm run bench:inbox):
-- - rows that belong to a conversation or a contact no longer check their workspace as well: the
--   parent's deletion takes them with it;
-- - conversation_events_workspace_type_idx was read by nothing;
-- - messages_client_uq holds only sends (inbound messages have no client id);
-- - the queue's full indexes by status become indexes of resolved conversations (and of snoozed ones):
--   those still being worked on, written at each of their messages, are in the open_* ones already.
ALTER TABLE "duplicate_checks" DROP CONSTRAINT "duplicate_checks_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "identities" DROP CONSTRAINT "identities_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "interactions" DROP CONSTRAINT "interactions_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "conversation_events" DROP CONSTRAINT "conversation_events_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_workspace_id_workspaces_id_fk";
--> statement-breakpoint
DROP INDEX "conversation_events_workspace_type_idx";--> statement-breakpoint
DROP INDEX "conversations_queue_idx";--> statement-breakpoint
DROP INDEX "conversations_assignee_idx";--> statement-breakpoint
DROP INDEX "conversations_team_idx";--> statement-breakpoint
DROP INDEX "messages_client_uq";--> statement-breakpoint
CREATE INDEX "conversations_resolved_queue_idx" ON "conversations" USING btree ("workspace_id","last_message_at","id","visibility") WHERE "conversations"."status" = 'resolved' AND "conversations"."merged_into_id" IS NULL;--> statement-breakpoint
CREATE INDEX "conversations_resolved_assignee_idx" ON "conversations" USING btree ("workspace_id","assignee_member_id","last_message_at","id") WHERE "conversations"."status" = 'resolved' AND "conversations"."merged_into_id" IS NULL;--> statement-breakpoint
CREATE INDEX "conversations_resolved_team_idx" ON "conversations" USING btree ("workspace_id","team_id","last_message_at","id") WHERE "conversations"."status" = 'resolved' AND "conversations"."merged_into_id" IS NULL;--> statement-breakpoint
CREATE INDEX "conversations_snoozed_queue_idx" ON "conversations" USING btree ("workspace_id","last_message_at","id") WHERE "conversations"."status" = 'snoozed' AND "conversations"."merged_into_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_uq" ON "messages" USING btree ("conversation_id","client_message_id") WHERE "messages"."client_message_id" IS NOT NULL;
