ALTER TABLE "ingest_sources" ALTER COLUMN "metric" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "ingest_sources" ALTER COLUMN "url" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "ingest_sources" ADD COLUMN "provider" text DEFAULT 'http' NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_sources" ADD COLUMN "config" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_sources" ADD COLUMN "credentials" jsonb;