ALTER TABLE "channels" ADD COLUMN "token_expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "webhook_verified_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "rate_limited_until" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "channels_token_expiry_idx" ON "channels" USING btree ("token_expires_at") WHERE "channels"."token_expires_at" IS NOT NULL;