-- The API's database role may not create or drop tables (docs/operations.md, "Database roles"): it makes and drops
-- the daily events partitions only through these two functions, which run as their owner (the role that migrates).
CREATE OR REPLACE FUNCTION ensure_event_partition(day date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  name text := 'events_' || to_char(day, 'YYYYMMDD');
BEGIN
  -- UTC days, exactly the bounds partitions had when the writer created them itself
  EXECUTE format('CREATE TABLE IF NOT EXISTS public.%I PARTITION OF public.events FOR VALUES FROM (%L) TO (%L)',
    name, to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
  RETURN name;
END $$;

-- Drops one daily partition of events, and nothing else: any other name is refused.
CREATE OR REPLACE FUNCTION drop_event_partition(name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF name !~ '^events_[0-9]{8}$' THEN
    RAISE EXCEPTION 'not an events partition name: %', name USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE p.relname = 'events' AND n.nspname = 'public' AND c.relname = name
  ) THEN
    RETURN false;
  END IF;
  EXECUTE format('DROP TABLE public.%I', name);
  RETURN true;
END $$;

REVOKE ALL ON FUNCTION ensure_event_partition(date), drop_event_partition(text) FROM PUBLIC;
