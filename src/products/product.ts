// One product by id.
import { notFound } from '../platform/errors';
import { PRODUCT_SOURCE_FIELDS } from '../search/product-query';
import type { ProductIndex, ProductSource } from '../search/products';

export async function getProduct(target: ProductIndex, id: number): Promise<ProductSource> {
  const res = await target.es.search<ProductSource>({
    index: target.index,
    size: 1,
    query: { term: { id } },
    _source: PRODUCT_SOURCE_FIELDS,
  });
  const hit = res.hits.hits[0];
  if (!hit?._source) throw notFound(`product ${id}`);
  return hit._source;
}
