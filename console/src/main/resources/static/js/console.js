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
})();
