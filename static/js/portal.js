// Portal behaviour that would otherwise need inline scripts (forbidden by our Content Security Policy).
document.addEventListener("DOMContentLoaded", () => {
  // Elements with data-confirm ask before submitting.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // Auto-submit filters when a select changes (keyboard users still have the submit button).
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // A panel another app serves (projects.extensions) that answers with nothing leaves no empty column behind.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const slot = event.target;
    if (slot.classList && slot.classList.contains("panel-slot") && !slot.children.length && !slot.textContent.trim()) {
      slot.remove();
    }
  });
});
