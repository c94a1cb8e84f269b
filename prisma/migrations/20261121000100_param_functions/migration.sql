-- Parameter documents: { "<path>": { "v": value, "t": xsd type, "w": writable, "n": notification, "ts": epoch ms } }.
-- Merging keeps what a partial update does not mention (e.g. "w" learnt by GetParameterNames survives
-- an Inform that only carries values).
CREATE OR REPLACE FUNCTION vantage_merge_params(old jsonb, new jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(old, '{}'::jsonb) || COALESCE(
    (SELECT jsonb_object_agg(e.key, COALESCE(old -> e.key, '{}'::jsonb) || e.value) FROM jsonb_each(new) e),
    '{}'::jsonb)
$$;

-- Removes an object instance and everything under it (DeleteObject, or a refreshed subtree).
CREATE OR REPLACE FUNCTION vantage_delete_prefix(doc jsonb, prefix text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(doc) e WHERE left(e.key, length(prefix)) <> prefix),
    '{}'::jsonb)
$$;
