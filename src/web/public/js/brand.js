// The karaoke machine brand the singer uses (TJ, KY or both), chosen in the header and remembered on this device.
const BRAND_KEY = 'norae.brand';

export const BRAND_LABEL = { tj: 'TJ', ky: 'KY' };
export const otherBrand = (b) => (b === 'tj' ? 'ky' : 'tj');

/** 'tj', 'ky', or '' for both. */
export const brand = () => localStorage.getItem(BRAND_KEY) || '';

/** Sets the header's radio buttons to the remembered brand and calls onChange after the singer picks another. */
export function wireBrandSwitch(onChange) {
  document.querySelectorAll('input[name="brand"]').forEach((el) => {
    el.checked = el.value === brand();
    el.addEventListener('change', () => {
      localStorage.setItem(BRAND_KEY, el.value);
      onChange();
    });
  });
}
