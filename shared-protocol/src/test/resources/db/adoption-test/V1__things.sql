-- idempotent over a schema another server wrote: creates what is missing, adds what is new
CREATE TABLE IF NOT EXISTS things (id int PRIMARY KEY);
ALTER TABLE things ADD COLUMN IF NOT EXISTS note text;
