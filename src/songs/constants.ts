// Names shared by everything that reads or writes the songs read model.
export const SONGS_FAMILY = 'songs';
export const BRANDS = ['tj', 'ky'] as const;
export type Brand = (typeof BRANDS)[number];
