CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"idempotency_key" uuid NOT NULL,
	"request_hash" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"stage" smallint DEFAULT 1 NOT NULL,
	"submitted_by" text NOT NULL,
	"resident_name" text NOT NULL,
	"resident_address" text,
	"tenancy_reference" text,
	"resident_email" text,
	"resident_phone" text,
	"preferred_contact" text NOT NULL,
	"representative" jsonb,
	"description" text NOT NULL,
	"happened_on" date NOT NULL,
	"still_happening" boolean NOT NULL,
	"delay_reason" text,
	"about_service_request" text NOT NULL,
	"service_request_reference" text,
	"others_affected" text NOT NULL,
	"others_affected_details" text,
	"desired_outcome" text NOT NULL,
	"support_needed" boolean NOT NULL,
	"support_details" text,
	"support_consent_at" timestamp with time zone,
	"language" text DEFAULT 'en' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"acknowledge_by" date NOT NULL,
	CONSTRAINT "complaints_reference_unique" UNIQUE("reference"),
	CONSTRAINT "complaints_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_complaint_idx" ON "attachments" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE INDEX "complaints_status_ack_idx" ON "complaints" USING btree ("status","acknowledge_by");