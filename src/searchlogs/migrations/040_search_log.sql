-- The durable log of every search (songs and products); trending in Redis is rebuilt from the hot window only.
CREATE TABLE search_log (
  id               bigserial PRIMARY KEY,
  searched_at      timestamptz NOT NULL,
  scope            text NOT NULL CHECK (scope IN ('songs', 'products')),
  query            text NOT NULL,
  normalized_query text NOT NULL,
  user_id          text,
  gender           text,
  age_band         text,
  result_count     integer NOT NULL,
  took_ms          integer NOT NULL
);
CREATE INDEX search_log_searched_at ON search_log (searched_at);
CREATE INDEX search_log_user ON search_log (user_id, searched_at) WHERE user_id IS NOT NULL;
