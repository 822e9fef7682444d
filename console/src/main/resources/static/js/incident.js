/*
 * The incident and postmortem pages' keyboard, a file because the Content-Security-Policy
 * allows no inline script. Without it every form still works; with it a responder
 * writes an update without the mouse:
 *   u  the composer's message         p  a public update      n  an internal note
 *   a  an action                      i  an impact            ?  the list of shortcuts
 *   Ctrl+Enter (⌘+Enter)  sends the form the cursor is in.
 * A letter typed into a field is text, never a shortcut. The postmortem form's
 * "Add a row" adds an empty action item row.
 */
(function () {
  'use strict';

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === 'input' || tag === 'textarea' || tag === 'select' || target.isContentEditable;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function choose(mode) {
    var radio = byId('k-' + mode);
    if (!radio) {
      return false;
    }
    radio.checked = true;
    radio.dispatchEvent(new Event('change', { bubbles: true }));
    var field = byId(mode === 'impact' ? 'i-service' : 'c-text');
    if (field) {
      field.focus();
    }
    return true;
  }

  function toggleShortcuts() {
    var list = byId('shortcuts');
    var button = byId('show-shortcuts');
    if (!list) {
      return false;
    }
    list.hidden = !list.hidden;
    if (button) {
      button.setAttribute('aria-expanded', String(!list.hidden));
    }
    return true;
  }

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      var form = event.target && event.target.form;
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var handled = false;
    switch (event.key) {
      case 'u': {
        var text = byId('c-text');
        if (text) {
          text.focus();
          handled = true;
        }
        break;
      }
      case 'p': handled = choose('public'); break;
      case 'n': handled = choose('note'); break;
      case 'a': handled = choose('action'); break;
      case 'i': handled = choose('impact'); break;
      case '?': handled = toggleShortcuts(); break;
      default: break;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.id === 'show-shortcuts') {
      toggleShortcuts();
    }
    if (target && target.id === 'add-item') {
      var rows = byId('items');
      var last = rows && rows.querySelector('.item:last-of-type');
      if (last) {
        var copy = last.cloneNode(true);
        var n = rows.querySelectorAll('.item').length;
        copy.querySelectorAll('input').forEach(function (input) {
          input.value = '';
          input.id = input.id.replace(/-\d+$/, '-' + n);
        });
        copy.querySelectorAll('label').forEach(function (label) {
          label.htmlFor = label.htmlFor.replace(/-\d+$/, '-' + n);
        });
        copy.querySelectorAll('.field-error').forEach(function (error) {
          error.remove();
        });
        rows.appendChild(copy);
        copy.querySelector('input').focus();
      }
    }
  });
})();
