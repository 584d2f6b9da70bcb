// Progressive enhancement for the customer portal. Every page works without this file.
(function () {
  'use strict';

  function onReady(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn); else fn();
  }

  onReady(function () {
    // Move focus to the error summary so screen-reader and keyboard users land on what to fix.
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();

    document.documentElement.classList.add('js');

    // Print buttons (the print stylesheet leaves the summary only).
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });

    // "n of m selected" while choosing meters.
    var list = document.querySelector('[data-meter-list]');
    var count = document.querySelector('[data-meter-count]');
    if (list && count) {
      var boxes = list.querySelectorAll('input[type="checkbox"]');
      var update = function () {
        var selected = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
        count.textContent = selected + ' of ' + boxes.length + ' selected';
      };
      boxes.forEach(function (b) { b.addEventListener('change', update); });
    }

    // A second click on a submit button while the first submission is on its way does nothing.
    document.querySelectorAll('form').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (form.dataset.submitting === 'true') { event.preventDefault(); return; }
        form.dataset.submitting = 'true';
        window.setTimeout(function () { form.dataset.submitting = 'false'; }, 10000);
      });
    });
  });
})();
