CREATE TABLE "resident_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resident_sign_in_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "kind" text DEFAULT 'staff' NOT NULL;--> statement-breakpoint
CREATE INDEX "resident_sessions_email_idx" ON "resident_sessions" USING btree ("email");--> statement-breakpoint
CREATE INDEX "resident_sign_in_links_email_idx" ON "resident_sign_in_links" USING btree ("email");--> statement-breakpoint
CREATE INDEX "complaints_resident_email_idx" ON "complaints" USING btree (lower("resident_email"));--> statement-breakpoint
CREATE INDEX "complaints_representative_email_idx" ON "complaints" USING btree (lower("representative" ->> 'email'));