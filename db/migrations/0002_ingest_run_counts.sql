ALTER TABLE "ingest_runs" ADD COLUMN "rows_inserted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "rows_updated" integer DEFAULT 0 NOT NULL;