// The checklist plan form: the phase matters only for a checklist run at a phase; for a weekly one it is disabled
// (the server ignores it anyway). Works without this script: the form is complete on its own.
(function () {
  "use strict";
  function wire(form) {
    var schedule = form.querySelector("select[name=schedule]");
    var phase = form.querySelector("select[name=phase]");
    if (!schedule || !phase) return;
    function sync() {
      var weekly = schedule.value === "weekly";
      phase.disabled = weekly;
      phase.setAttribute("aria-disabled", weekly ? "true" : "false");
    }
    schedule.addEventListener("change", sync);
    sync();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-plan-form]").forEach(wire);
  });
})();
