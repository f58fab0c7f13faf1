// The karaoke brands whose catalogs we carry: the one list that songs, catalogs, arrivals, rooms and recs key by.
export const BRANDS = ['tj', 'ky'] as const;
export type Brand = (typeof BRANDS)[number];
