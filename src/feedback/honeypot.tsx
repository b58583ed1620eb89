// A field people never see and robots fill in. It is an ordinary text input, moved off the
// screen by the stylesheet (not type=hidden, which robots know to skip), out of the tab order
// and hidden from assistive technology, with a label that says to leave it empty for anyone who
// meets it anyway. A form that comes back with it filled is answered as if it had been taken,
// and nothing is stored: the robot learns nothing to retry with.

export const HONEYPOT_FIELD = 'website';

export function HoneypotField() {
  return (
    <div class="hp" aria-hidden="true">
      <label for="hp-website">Leave this field empty</label>
      <input type="text" id="hp-website" name={HONEYPOT_FIELD} tabindex={-1} autocomplete="off" value="" />
    </div>
  );
}

export function honeypotTripped(form: Record<string, string>): boolean {
  return (form[HONEYPOT_FIELD] ?? '') !== '';
}
