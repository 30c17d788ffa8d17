CREATE TABLE "complaint_access_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_events" DROP CONSTRAINT "complaint_events_complaint_id_complaints_id_fk";
--> statement-breakpoint
ALTER TABLE "complaint_events" ADD COLUMN "actor_id" uuid;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD COLUMN "actor_name" text;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD COLUMN "idempotency_key" uuid;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "next_deadline_on" date;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "next_deadline_kind" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "lifecycle" jsonb;--> statement-breakpoint
ALTER TABLE "complaint_access_tokens" ADD CONSTRAINT "complaint_access_tokens_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_access_tokens_complaint_idx" ON "complaint_access_tokens" USING btree ("complaint_id");--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_next_deadline_idx" ON "complaints" USING btree ("next_deadline_on");--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_idempotency_key_unique" UNIQUE("idempotency_key");