-- The receipt's access token (its hash) is written on the complaint's own row. Complaints received before
-- keep theirs in complaint_access_tokens, where tokenOpens still looks (as for a replayed receipt's tokens):
-- nothing to move.
ALTER TABLE "complaints" ADD COLUMN "access_token_hash" text;
