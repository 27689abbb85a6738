CREATE TYPE "public"."drift_band" AS ENUM('ok', 'warning', 'drift');--> statement-breakpoint
CREATE TYPE "public"."drift_kind" AS ENUM('input', 'residual', 'staleness');--> statement-breakpoint
CREATE TYPE "public"."drift_statistic" AS ENUM('ks', 'chi_squared', 'z', 'wasserstein', 'jensen_shannon', 'psi', 'mae_ratio', 'missed_intervals');--> statement-breakpoint
ALTER TYPE "public"."alert_metric" ADD VALUE 'data_staleness';--> statement-breakpoint
CREATE TABLE "drift_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"model_version_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"kind" "drift_kind" NOT NULL,
	"subject" text NOT NULL,
	"is_target" boolean NOT NULL,
	"statistic" "drift_statistic" NOT NULL,
	"value" double precision NOT NULL,
	"p_value" double precision,
	"threshold" double precision NOT NULL,
	"threshold_high" double precision,
	"band" "drift_band" NOT NULL,
	"reference_from" timestamp with time zone,
	"reference_to" timestamp with time zone,
	"current_from" timestamp with time zone,
	"current_to" timestamp with time zone,
	"reference_size" integer,
	"current_size" integer,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "drift_scores" ADD CONSTRAINT "drift_scores_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_scores" ADD CONSTRAINT "drift_scores_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_scores" ADD CONSTRAINT "drift_scores_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drift_scores_version_subject_statistic_at_unique" ON "drift_scores" USING btree ("model_version_id","subject","statistic","computed_at");--> statement-breakpoint
CREATE INDEX "drift_scores_model_at_idx" ON "drift_scores" USING btree ("model_id","computed_at");--> statement-breakpoint
CREATE INDEX "drift_scores_at_idx" ON "drift_scores" USING btree ("computed_at");--> statement-breakpoint
CREATE INDEX "models_tags_idx" ON "models" USING gin ("tags");