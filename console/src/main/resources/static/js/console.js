/*
 * The console's only script of its own, a file because the Content-Security-Policy allows
 * no inline script. htmx requests carry the session's CSRF token in the header Spring
 * Security reads, from the meta tags layout.html writes for a signed-in user; forms carry
 * it as a hidden field.
 */
(function () {
  'use strict';
  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }
  document.addEventListener('htmx:configRequest', function (event) {
    var header = meta('csrf-header');
    var token = meta('csrf-token');
    if (header && token && event.detail.verb !== 'get') {
      event.detail.headers[header] = token;
    }
  });
  // catalog pickers: typing in a filter hides the choices that do not contain it (checked ones stay)
  document.addEventListener('input', function (event) {
    var filter = event.target;
    if (!filter.classList || !filter.classList.contains('pick-filter')) {
      return;
    }
    var box = document.getElementById(filter.getAttribute('data-filters'));
    var typed = filter.value.trim().toLowerCase();
    if (!box) {
      return;
    }
    box.querySelectorAll('.check').forEach(function (choice) {
      var input = choice.querySelector('input');
      var text = choice.textContent.trim().toLowerCase();
      choice.hidden = typed !== '' && text.indexOf(typed) < 0 && !(input && input.checked);
    });
  });
})();
