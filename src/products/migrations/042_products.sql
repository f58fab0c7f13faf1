-- The no-label product catalog (system of record; Elasticsearch's products index is built from it).
CREATE TABLE products (
  id          bigserial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,        -- 'barcode:<digits>' when there is a barcode, else 'name:<brand>|<name>'
  name        text NOT NULL,
  brand       text NOT NULL,
  category    text NOT NULL,
  no_label    text NOT NULL CHECK (no_label IN ('full', 'partial', 'none')),
  barcode     text,
  description text,
  image_url   text,
  source      text NOT NULL,
  deleted_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_updated_at ON products (updated_at);
