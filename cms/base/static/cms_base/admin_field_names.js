/* Wagtail widgets that build their own control leave it nameless: the rich-text editor (Draftail's
   role=textbox) and the tag field's typing box (tagit). Each gets its field's label as its name,
   as the field's own <label> names the hidden input it stands for (WCAG 2.1 §4.1.2). */
(() => {
  "use strict";
  const CONTROLS = '.Draftail-Editor [role="textbox"], ul.tagit input';
  const name = (control) => {
    if (control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby")) return;
    // The input the widget stands for (hidden, or shown as the widget) keeps the field's id, and
    // the field's label points at it, wherever the panel puts that label.
    const input = control.closest("[data-field-input], .w-field__input, .w-field");
    const source = input && input.querySelector('[id^="id_"]');
    if (!source) return;
    const label = document.getElementById(`${source.id}-label`) || document.querySelector(`label[for="${source.id}"]`);
    if (!label) return;
    if (!label.id) label.id = `${source.id}-label`;
    control.setAttribute("aria-labelledby", label.id);
  };

  let pending = false;
  const scan = () => {
    pending = false;
    document.querySelectorAll(CONTROLS).forEach(name);
  };
  const later = () => {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(scan);
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    scan();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
})();
