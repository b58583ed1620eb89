// Progressive enhancement for tag fields (the form works without it): while typing in a
// field marked data-autocomplete="Fandom" (or another tag type), canonical tags starting with
// the last comma-separated term are offered through a <datalist>. Each suggestion is the
// whole field value with that term completed, so choosing one keeps the tags before it.
(function () {
  'use strict';
  var fields = document.querySelectorAll('input[data-autocomplete]');
  Array.prototype.forEach.call(fields, function (input, index) {
    var list = document.createElement('datalist');
    list.id = 'autocomplete-' + index;
    input.setAttribute('list', list.id);
    input.setAttribute('autocomplete', 'off');
    input.parentNode.appendChild(list);
    var timer = null;
    var asked = '';
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var value = input.value;
        var cut = value.lastIndexOf(',');
        var before = cut === -1 ? '' : value.slice(0, cut + 1) + ' ';
        var term = value.slice(cut + 1).trim();
        if (term.length < 2 || term === asked) return;
        asked = term;
        var url = '/autocomplete/tags?type=' + encodeURIComponent(input.dataset.autocomplete) + '&term=' + encodeURIComponent(term);
        fetch(url, { headers: { accept: 'application/json' } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (names) {
            list.textContent = '';
            names.forEach(function (name) {
              var option = document.createElement('option');
              option.value = before + name;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience; typing still works */ });
      }, 150);
    });
  });
})();
