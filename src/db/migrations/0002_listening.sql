-- The PostgreSQL text search configuration for an ISO 639-1 language: its stemmer and stop words where
-- PostgreSQL has them, 'simple' (no stemming) otherwise. IMMUTABLE, so a generated column can use it.
CREATE FUNCTION parley_ts_config(lang text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE lang
    WHEN 'ar' THEN 'arabic'::regconfig
    WHEN 'hy' THEN 'armenian'::regconfig
    WHEN 'eu' THEN 'basque'::regconfig
    WHEN 'ca' THEN 'catalan'::regconfig
    WHEN 'da' THEN 'danish'::regconfig
    WHEN 'nl' THEN 'dutch'::regconfig
    WHEN 'en' THEN 'english'::regconfig
    WHEN 'fi' THEN 'finnish'::regconfig
    WHEN 'fr' THEN 'french'::regconfig
    WHEN 'de' THEN 'german'::regconfig
    WHEN 'el' THEN 'greek'::regconfig
    WHEN 'hi' THEN 'hindi'::regconfig
    WHEN 'hu' THEN 'hungarian'::regconfig
    WHEN 'id' THEN 'indonesian'::regconfig
    WHEN 'ga' THEN 'irish'::regconfig
    WHEN 'it' THEN 'italian'::regconfig
    WHEN 'lt' THEN 'lithuanian'::regconfig
    WHEN 'ne' THEN 'nepali'::regconfig
    WHEN 'no' THEN 'norwegian'::regconfig
    WHEN 'nb' THEN 'norwegian'::regconfig
    WHEN 'pt' THEN 'portuguese'::regconfig
    WHEN 'ro' THEN 'romanian'::regconfig
    WHEN 'ru' THEN 'russian'::regconfig
    WHEN 'sr' THEN 'serbian'::regconfig
    WHEN 'es' THEN 'spanish'::regconfig
    WHEN 'sv' THEN 'swedish'::regconfig
    WHEN 'ta' THEN 'tamil'::regconfig
    WHEN 'tr' THEN 'turkish'::regconfig
    WHEN 'yi' THEN 'yiddish'::regconfig
    ELSE 'simple'::regconfig
  END;
--> statement-breakpoint
CREATE TABLE "listening_models" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"model" jsonb,
	"deployed" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	"examples" integer NOT NULL,
	"held_out" jsonb,
	"trained_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "listening_models_workspace_id_kind_pk" PRIMARY KEY("workspace_id","kind")
);
--> statement-breakpoint
CREATE TABLE "listening_queries" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"topic_id" text NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"indexable" boolean DEFAULT true NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by_member_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listening_state" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"query_revision" bigint DEFAULT 0 NOT NULL,
	"model_revision" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mention_corrections" (
	"workspace_id" text NOT NULL,
	"mention_id" bigint NOT NULL,
	"field" text NOT NULL,
	"value" text NOT NULL,
	"machine_value" text,
	"member_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mention_corrections_mention_id_field_pk" PRIMARY KEY("mention_id","field")
);
--> statement-breakpoint
CREATE TABLE "mentions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"channel" text,
	"url" text,
	"title" text,
	"text" text NOT NULL,
	"lang" text,
	"lang_confidence" real,
	"country" text,
	"published_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"author_handle" text,
	"author_external_id" text,
	"author_name" text,
	"author_followers" integer,
	"author_verified" boolean,
	"author_profile_url" text,
	"author_avatar_url" text,
	"topic_ids" text[] NOT NULL,
	"query_ids" text[] NOT NULL,
	"sentiment_score" real NOT NULL,
	"sentiment_label" text NOT NULL,
	"sentiment_by" text DEFAULT 'machine' NOT NULL,
	"machine_sentiment_label" text NOT NULL,
	"relevance" text,
	"relevance_by" text,
	"spam_score" real NOT NULL,
	"bot_score" real NOT NULL,
	"simhash" bigint NOT NULL,
	"cluster_key" text,
	"contact_id" text,
	"linked_at" timestamp (3) with time zone,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector(parley_ts_config(lang), coalesce(title, '') || ' ' || text) || to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text)) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'brand' NOT NULL,
	"description" text,
	"color" text,
	"created_by_member_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listening_models" ADD CONSTRAINT "listening_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_queries" ADD CONSTRAINT "listening_queries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_queries" ADD CONSTRAINT "listening_queries_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_queries" ADD CONSTRAINT "listening_queries_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listening_state" ADD CONSTRAINT "listening_state_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mention_corrections" ADD CONSTRAINT "mention_corrections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mention_corrections" ADD CONSTRAINT "mention_corrections_mention_id_mentions_id_fk" FOREIGN KEY ("mention_id") REFERENCES "public"."mentions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mention_corrections" ADD CONSTRAINT "mention_corrections_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listening_queries_topic_idx" ON "listening_queries" USING btree ("workspace_id","topic_id");--> statement-breakpoint
CREATE INDEX "mention_corrections_workspace_idx" ON "mention_corrections" USING btree ("workspace_id","field","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mentions_source_uq" ON "mentions" USING btree ("workspace_id","source","external_id");--> statement-breakpoint
CREATE INDEX "mentions_recent_idx" ON "mentions" USING btree ("workspace_id","published_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mentions_topics_idx" ON "mentions" USING gin ("topic_ids");--> statement-breakpoint
CREATE INDEX "mentions_search_idx" ON "mentions" USING gin ("search");--> statement-breakpoint
CREATE INDEX "mentions_cluster_idx" ON "mentions" USING btree ("workspace_id","cluster_key") WHERE "mentions"."cluster_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mentions_unlinked_idx" ON "mentions" USING btree ("id") WHERE "mentions"."linked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "mentions_contact_idx" ON "mentions" USING btree ("contact_id") WHERE "mentions"."contact_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "topics_name_uq" ON "topics" USING btree ("workspace_id",lower("name"));