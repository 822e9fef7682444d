/*
 * The public status page's script, a file because the Content-Security-Policy allows no
 * inline script. Without it the page is whole: times read in UTC, and today's cell of each
 * uptime bar takes the focus and shows its tip.
 * - Beside each UTC time (<time class="instant" datetime>) it writes the reader's local
 *   time, unless the reader's zone is UTC.
 * - Each uptime bar is one tab stop (roving tabindex): the arrow keys, Home and End move
 *   the focus along its days, whose tip (CSS) shows the day's exact uptime.
 */
(function () {
  'use strict';
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
  });

  function localTimes() {
    var times = document.querySelectorAll('time.instant[datetime]');
    for (var i = 0; i < times.length; i++) {
      var date = new Date(times[i].getAttribute('datetime'));
      if (isNaN(date.getTime()) || date.getTimezoneOffset() === 0) {
        continue;
      }
      var local = document.createElement('span');
      local.className = 'local';
      local.textContent = ' (' + format.format(date) + ' your time)';
      times[i].insertAdjacentElement('afterend', local);
    }
  }

  function move(event) {
    var cell = event.target;
    if (!cell.classList || !cell.classList.contains('day')) {
      return;
    }
    var cells = Array.prototype.slice.call(cell.parentElement.querySelectorAll('.day'));
    var at = cells.indexOf(cell);
    var to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: cells.length - 1 }[event.key];
    if (to === undefined || to < 0 || to >= cells.length) {
      return;
    }
    event.preventDefault();
    cell.removeAttribute('tabindex');
    cells[to].setAttribute('tabindex', '0');
    cells[to].focus();
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes();
    document.addEventListener('keydown', move);
  });
})();
