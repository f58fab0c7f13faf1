// Text into HTML: screens build their markup as strings, so whatever came from the API or the singer is escaped here.
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text as HTML that shows exactly that text (also safe inside a quoted attribute). */
export const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ENTITIES[c]);
