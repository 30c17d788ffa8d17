CREATE TABLE "adjustment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "adjustment_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" uuid NOT NULL,
	"request_hash" text NOT NULL,
	"requested_by" text NOT NULL,
	"resident_name" text NOT NULL,
	"resident_address" text,
	"tenancy_reference" text,
	"resident_email" text,
	"resident_phone" text,
	"needs" jsonb NOT NULL,
	"disclosure" text,
	"disclosure_consent_at" timestamp with time zone,
	"language" text DEFAULT 'en' NOT NULL,
	"access_token_hash" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adjustment_requests_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "adjustment_disclosure_needs_consent" CHECK ("adjustment_requests"."disclosure" IS NULL OR "adjustment_requests"."disclosure_consent_at" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "adjustment_events" ADD CONSTRAINT "adjustment_events_request_id_adjustment_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."adjustment_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adjustment_events_request_idx" ON "adjustment_events" USING btree ("request_id","at");--> statement-breakpoint
-- Code 5.10: the record of adjustment requests is append-only, as complaints' is (0003): that a disclosure was
-- deleted stays recorded. The database refuses to change or remove an event, whoever asks.
CREATE OR REPLACE FUNCTION adjustment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'adjustment_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER adjustment_events_no_update_or_delete BEFORE UPDATE OR DELETE ON adjustment_events
  FOR EACH ROW EXECUTE FUNCTION adjustment_events_append_only();
--> statement-breakpoint
CREATE TRIGGER adjustment_events_no_truncate BEFORE TRUNCATE ON adjustment_events
  FOR EACH STATEMENT EXECUTE FUNCTION adjustment_events_append_only();
