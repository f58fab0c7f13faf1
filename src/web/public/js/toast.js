// The one-line message at the bottom of the screen (role=status, so screen readers read it out).
const box = document.getElementById('toast');
let hideTimer;

export function toast(message, ms = 2500) {
  if (!box) return;
  box.textContent = message;
  box.classList.add('show');
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => box.classList.remove('show'), ms);
}
