-- Code 5.12: the record of a complaint is append-only. The database itself refuses to change
-- or remove an event, whoever asks (PGlite and PostgreSQL alike).
CREATE OR REPLACE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'complaint_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER complaint_events_no_update_or_delete BEFORE UPDATE OR DELETE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only();
--> statement-breakpoint
CREATE TRIGGER complaint_events_no_truncate BEFORE TRUNCATE ON complaint_events
  FOR EACH STATEMENT EXECUTE FUNCTION complaint_events_append_only();
--> statement-breakpoint
-- Code 6.2: a complaint just received owes its acknowledgement first. Set here, so every way of
-- inserting a complaint (the receipt's one statement, a new complaint logged under 6.8) gets it.
CREATE OR REPLACE FUNCTION complaints_first_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.next_deadline_on IS NULL AND NEW.lifecycle IS NULL AND NEW.status = 'received' THEN
    NEW.next_deadline_on := NEW.acknowledge_by;
    NEW.next_deadline_kind := 'acknowledge';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_first_deadline BEFORE INSERT ON complaints
  FOR EACH ROW EXECUTE FUNCTION complaints_first_deadline();
--> statement-breakpoint
UPDATE complaints SET next_deadline_on = acknowledge_by, next_deadline_kind = 'acknowledge'
  WHERE status = 'received' AND next_deadline_on IS NULL AND lifecycle IS NULL;
