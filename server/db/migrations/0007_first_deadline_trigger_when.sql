-- Code 6.2: the first deadline of a complaint just received is still set by complaints_first_deadline
-- (0003) for any insert that leaves it unset, but the trigger now says when in a WHEN clause: an insert
-- that sets the deadline itself (receiving a complaint, server/domain/complaints.ts) no longer calls
-- PL/pgSQL for each row. Same condition, same result; existing rows are not touched by a trigger change.
DROP TRIGGER IF EXISTS complaints_first_deadline ON complaints;
--> statement-breakpoint
CREATE TRIGGER complaints_first_deadline BEFORE INSERT ON complaints
  FOR EACH ROW
  WHEN (NEW.next_deadline_on IS NULL AND NEW.lifecycle IS NULL AND NEW.status = 'received')
  EXECUTE FUNCTION complaints_first_deadline();
