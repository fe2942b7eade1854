// Send the reader to the site in the first language of the browser that we
// publish; without JavaScript the page shows plain links instead.
(function () {
  "use strict";
  var available = $languages;
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (available.indexOf(code) !== -1) {
      window.location.replace(code + "/");
      return;
    }
  }
  window.location.replace(available[0] + "/");
})();
