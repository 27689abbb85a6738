CREATE TYPE "public"."anomaly_kind" AS ENUM('spike_above', 'spike_below', 'level_shift', 'stuck', 'gap');--> statement-breakpoint
CREATE TABLE "anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"kind" "anomaly_kind" NOT NULL,
	"value" double precision,
	"expected" double precision,
	"lower" double precision,
	"upper" double precision,
	"score" double precision NOT NULL,
	"length" integer DEFAULT 1 NOT NULL,
	"reason" text NOT NULL,
	"method" text NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid
);
--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "anomalies_series_ts_unique" ON "anomalies" USING btree ("series_id","ts");--> statement-breakpoint
CREATE INDEX "anomalies_detected_at_idx" ON "anomalies" USING btree ("detected_at");