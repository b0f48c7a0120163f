CREATE TABLE "listening_dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"source_id" text NOT NULL,
	"content_type" text,
	"body" text NOT NULL,
	"error" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listening_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"type" text NOT NULL,
	"mode" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credentials" text,
	"credential_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"webhook_secret" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"cursor" text,
	"state" text DEFAULT 'new' NOT NULL,
	"last_error" text,
	"last_error_kind" text,
	"last_error_at" timestamp (3) with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_success_at" timestamp (3) with time zone,
	"next_poll_at" timestamp (3) with time zone,
	"posts_received" bigint DEFAULT 0 NOT NULL,
	"mentions_stored" bigint DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp (3) with time zone,
	"created_by_member_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listening_dead_letters" ADD CONSTRAINT "listening_dead_letters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_dead_letters" ADD CONSTRAINT "listening_dead_letters_source_id_listening_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."listening_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_sources" ADD CONSTRAINT "listening_sources_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_sources" ADD CONSTRAINT "listening_sources_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listening_dead_letters_source_idx" ON "listening_dead_letters" USING btree ("source_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "listening_sources_workspace_idx" ON "listening_sources" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "listening_sources_due_idx" ON "listening_sources" USING btree ("next_poll_at") WHERE "listening_sources"."enabled";