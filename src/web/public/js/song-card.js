// How a song shows up in any list: both machine numbers side by side (the chosen brand stressed) and one-tap save.
import { esc } from './html.js';
import { brand } from './brand.js';

/** A song's id whether it came from a search (id) or a saved list (song_id). */
export const songId = (s) => s.id ?? s.song_id;

export function numbers(song) {
  const b = brand();
  const one = (key, label, value) =>
    `<span class="num ${key}${value ? '' : ' none'}${b === key ? ' chosen' : ''}" data-brand="${key}">` +
    `<b>${label}</b><span class="no" aria-label="${label} ${value ? esc(value) + '번' : '번호 없음'}">${value ? esc(value) : '—'}</span></span>`;
  return `<div class="nums">${one('tj', 'TJ', song.tj_no)}${one('ky', 'KY', song.ky_no)}</div>`;
}

/** Clicks on it are handled once for the whole page (app.js). */
export function saveButton(song) {
  return `<button class="save" data-save="${songId(song)}" aria-label="${esc(song.title)} 목록에 저장">＋ 저장</button>`;
}

/** A row linking to the song page; `extra` is markup shown under the artist (why it is recommended). */
export function rowLink(s, extra = '') {
  return (
    `<li class="row"><a class="song" href="#/song/${songId(s)}"><span class="title">${esc(s.title)}</span>` +
    `<span class="artist">${esc(s.artist)}</span>${extra}</a>${numbers(s)}${saveButton(s)}</li>`
  );
}
