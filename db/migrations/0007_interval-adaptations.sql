CREATE TABLE "interval_adaptations" (
	"model_version_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"log_factor" double precision DEFAULT 0 NOT NULL,
	"scored" integer DEFAULT 0 NOT NULL,
	"missed" integer DEFAULT 0 NOT NULL,
	"scored_through" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interval_adaptations_model_version_id_level_pk" PRIMARY KEY("model_version_id","level")
);
--> statement-breakpoint
ALTER TABLE "interval_adaptations" ADD CONSTRAINT "interval_adaptations_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;