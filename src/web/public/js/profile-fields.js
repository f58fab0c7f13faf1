// Gender and birth year (both optional): asked at signup and on 내 정보, used only for the 인기 tab's segment.
export const GENDER_LABELS = { female: '여성', male: '남성', other: '기타' };

export function profileFields(p = {}) {
  const year = new Date().getFullYear();
  const genders = Object.entries(GENDER_LABELS)
    .map(([v, l]) => `<option value="${v}"${p.gender === v ? ' selected' : ''}>${l}</option>`)
    .join('');
  return `<fieldset class="profile"><legend>성별과 태어난 해 (선택)</legend>
    <p class="hint">‘인기’ 탭에서 나와 같은 성별·또래가 지금 많이 찾는 노래를 보여 줄 때만 써요. 다른 사람에게 보이지 않아요.</p>
    <label for="gender">성별</label>
    <select id="gender" name="gender"><option value="">선택 안 함</option>${genders}</select>
    <label for="birth_year">태어난 해</label>
    <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="${year - 120}" max="${year}" placeholder="예: 1995" value="${p.birth_year ?? ''}">
  </fieldset>`;
}

export const profileValues = (form) => ({
  gender: form.gender.value || null,
  birth_year: form.birth_year.value ? Number(form.birth_year.value) : null,
});
