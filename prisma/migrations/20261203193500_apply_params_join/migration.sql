-- vantage_apply_params, same result, less work: the two documents are expanded once each as before, but
-- matched by a hash full join on the key instead of a UNION ALL grouped by key with two ordered
-- array_agg per key (a sort per key). A bootstrap's two merges (names, then values, ~600 entries):
-- 10.0 -> 7.8 ms on PostgreSQL 15. An entry in both keeps what the answer does not mention (old || new).
-- With prefix set (a full-subtree GetParameterNames of that object), entries under prefix that new does
-- not list are dropped, except the object itself, which CPEs may omit from their answer.
CREATE OR REPLACE FUNCTION vantage_apply_params(old jsonb, new jsonb, prefix text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(jsonb_object_agg(COALESCE(n.key, o.key),
                                   COALESCE(o.value, '{}'::jsonb) || COALESCE(n.value, '{}'::jsonb)),
                  '{}'::jsonb)
    FROM jsonb_each(COALESCE(old, '{}'::jsonb)) o
    FULL JOIN jsonb_each(COALESCE(new, '{}'::jsonb)) n ON n.key = o.key
   WHERE prefix IS NULL OR n.key IS NOT NULL OR o.key = prefix OR left(o.key, length(prefix)) <> prefix
$$;
