// The review screen's keys: each presses the page's own button or link that names it (data-review-keys), so the
// screen works the same without this file. Ignored while typing in a field, and with a modifier held (the browser's).
(function () {
  "use strict";
  var busy = false;  // a decision is on its way: a second key must not send another

  document.addEventListener("keydown", function (event) {
    if (busy || event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (target.isContentEditable || (target.closest && target.closest("input, textarea, select"))) {
      return;
    }
    if (!/^[a-z]$/.test(event.key)) {
      return;
    }
    var controls = document.querySelectorAll("[data-review-keys]");
    for (var i = 0; i < controls.length; i++) {
      if (controls[i].getAttribute("data-review-keys").split(" ").indexOf(event.key) !== -1) {
        event.preventDefault();
        busy = true;
        controls[i].click();
        return;
      }
    }
  });
  // A button pressed with the mouse counts too; the page coming back from the browser's cache starts afresh.
  document.addEventListener("submit", function () { busy = true; });
  window.addEventListener("pageshow", function () { busy = false; });
})();
