CREATE TABLE "listening_import_chunks" (
	"import_id" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "listening_import_chunks_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "listening_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"source_id" text,
	"pipeline_source" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"csv_layout" jsonb,
	"state" text DEFAULT 'queued' NOT NULL,
	"total_bytes" bigint DEFAULT 0 NOT NULL,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"line_checkpoint" integer DEFAULT 0 NOT NULL,
	"lines_read" integer DEFAULT 0 NOT NULL,
	"posts_accepted" integer DEFAULT 0 NOT NULL,
	"posts_matched" integer DEFAULT 0 NOT NULL,
	"mentions_stored" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected_lines" integer DEFAULT 0 NOT NULL,
	"errors_sample" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_by_member_id" text,
	"created_by" text,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listening_import_chunks" ADD CONSTRAINT "listening_import_chunks_import_id_listening_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."listening_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_imports" ADD CONSTRAINT "listening_imports_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_imports" ADD CONSTRAINT "listening_imports_source_id_listening_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."listening_sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_imports" ADD CONSTRAINT "listening_imports_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listening_imports_workspace_idx" ON "listening_imports" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);