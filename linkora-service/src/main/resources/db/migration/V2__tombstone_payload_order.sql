-- Tombstone payloads keep their keys in the order they were written (the reference's order,
-- spec 8.3): json stores the text as given, jsonb would re-sort the keys.
ALTER TABLE tombstones ALTER COLUMN payload TYPE json USING payload::json;
